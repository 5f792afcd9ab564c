import { useState } from 'react';
import { api, qs } from '../../api.ts';
import { formatDate } from '../../format.ts';
import { useI18n } from '../../i18n.ts';
import { Link } from '../../router.tsx';
import { PageHeader } from '../../ui/components.tsx';
import {
  type Change,
  Choice,
  Confirmation,
  checks,
  DateInput,
  Field,
  type FieldErrors,
  FormFooter,
  isoToInput,
  type RegionOption,
  RegionPicker,
  todayWib,
  useTaskForm,
} from '../../ui/form.tsx';
import { useFx } from '../../ui/form-text.ts';
import { useApi } from '../../ui/useApi.ts';
import { useSession } from '../access/session.tsx';
import type { Employer } from './types.ts';

const LEGAL_FORMS = ['PT', 'CV', 'Firma', 'Koperasi', 'Yayasan', 'UD', 'Perorangan', 'BUMN', 'BUMD'];
const SIZES = ['micro', 'small', 'medium', 'large'] as const;

interface BranchOffice {
  id: number;
  code: string;
  name: string;
  province_code: string;
  regency_code: string | null;
}

/**
 * /pemberi-kerja/baru — registering an employer. A branch officer is offered only its own regions
 * and branch offices (the server refuses any other region with the field named).
 */
export function EmployerFormPage() {
  const { t, lang } = useI18n();
  const { fx } = useFx();
  const { user } = useSession();
  const officer = user?.role === 'branch_officer';
  const f = useTaskForm(
    {
      name: '',
      legal_form: 'PT',
      sector: '',
      size_class: 'small',
      risk_class: '1',
      village_code: '',
      branch_office_id: '',
      registered_on: isoToInput(todayWib()),
    },
    {},
  );
  const v = f.values;
  const [village, setVillage] = useState<RegionOption | null>(null);
  const [done, setDone] = useState<{ employer: Employer; changes: Change[] } | null>(null);
  const province = v.village_code.slice(0, 2);
  const offices = useApi<{ items: BranchOffice[] }>(
    province ? `/api/branch-offices${qs({ province })}` : null,
  );
  // The office of the village's regency when there is one, else the province's first.
  const suggested =
    offices.data?.items.find((b) => b.regency_code === v.village_code.slice(0, 5)) ?? offices.data?.items[0];
  const officeId = v.branch_office_id || (suggested ? String(suggested.id) : '');

  let registeredOn = '';
  const check = () => {
    const e: FieldErrors = {};
    const c = checks(e);
    c.text('name', v.name, { min: 2, max: 200 });
    c.text('sector', v.sector, { max: 200 });
    if (!v.village_code) e.village_code = { key: 'form.err.pick' };
    else if (v.village_code.split('.').length < 4) e.village_code = { key: 'form.err.pickVillage' };
    registeredOn = c.date('registered_on', v.registered_on, { required: true, notAfter: todayWib() }) ?? '';
    return e;
  };
  const send = async () => {
    const body = {
      name: v.name.trim(),
      legal_form: v.legal_form,
      sector: v.sector.trim(),
      size_class: v.size_class,
      risk_class: Number(v.risk_class),
      village_code: v.village_code,
      ...(officeId ? { branch_office_id: Number(officeId) } : {}),
      registered_on: registeredOn,
    };
    const r = await api<{ employer: Employer }>('/api/employers', { method: 'POST', body });
    const office = offices.data?.items.find((b) => String(b.id) === officeId);
    setDone({
      employer: r.employer,
      changes: [
        { label: t('emp.npp'), after: r.employer.npp },
        { label: t('emp.name'), after: `${body.legal_form} ${body.name}` },
        { label: t('emp.sector'), after: body.sector },
        { label: t('emp.size'), after: fx(`editForm.size.${v.size_class as 'micro'}`) },
        { label: t('emp.risk'), after: fx('editForm.riskClass', { n: v.risk_class }) },
        {
          label: fx('employerForm.village'),
          after: village ? `${village.name} (${village.path})` : body.village_code,
        },
        { label: fx('employerForm.branchOffice'), after: office?.name ?? '—' },
        { label: t('emp.registeredOn'), after: formatDate(body.registered_on, lang) },
      ],
    });
  };

  if (done)
    return (
      <div>
        <PageHeader title={t('emp.newTitle')} />
        <Confirmation title={fx('employerForm.done', { npp: done.employer.npp })} changes={done.changes}>
          <Link to={`/pemberi-kerja/${done.employer.id}`} className="btn btn-primary" testId="open-employer">
            {fx('employerForm.open')}
          </Link>
        </Confirmation>
      </div>
    );
  return (
    <div>
      <p className="crumbs">
        <Link to="/pemberi-kerja">← {t('emp.title')}</Link>
      </p>
      <PageHeader title={t('emp.newTitle')} subtitle={officer ? fx('employerForm.officerNote') : undefined} />
      <form
        className="card form-grid"
        noValidate
        data-testid="employer-form"
        onSubmit={(e) => {
          e.preventDefault();
          void f.submit(check, send);
        }}
      >
        <Field label={t('emp.name')} error={f.errors.name} wide>
          {(ctl) => (
            <input
              {...ctl}
              value={v.name}
              onChange={(e) => f.set('name', e.target.value)}
              data-testid="name"
            />
          )}
        </Field>
        <Field label={t('emp.legalForm')} error={f.errors.legal_form}>
          {(ctl) => (
            <Choice
              ctl={ctl}
              value={v.legal_form}
              onChange={(x) => f.set('legal_form', x)}
              options={LEGAL_FORMS.map((l) => [l, l])}
            />
          )}
        </Field>
        <Field label={t('emp.sector')} error={f.errors.sector} hint={fx('employerForm.sectorHint')}>
          {(ctl) => (
            <input
              {...ctl}
              value={v.sector}
              onChange={(e) => f.set('sector', e.target.value)}
              data-testid="sector"
            />
          )}
        </Field>
        <Field label={t('emp.size')} error={f.errors.size_class}>
          {(ctl) => (
            <Choice
              ctl={ctl}
              value={v.size_class}
              onChange={(x) => f.set('size_class', x)}
              options={SIZES.map((s) => [s, fx(`editForm.size.${s}`)])}
            />
          )}
        </Field>
        <Field label={t('emp.risk')} error={f.errors.risk_class} hint={fx('employerForm.riskHint')}>
          {(ctl) => (
            <Choice
              ctl={ctl}
              value={v.risk_class}
              onChange={(x) => f.set('risk_class', x)}
              options={['1', '2', '3', '4', '5'].map((r) => [r, fx('editForm.riskClass', { n: r })])}
            />
          )}
        </Field>
        <Field
          label={fx('employerForm.village')}
          error={f.errors.village_code}
          hint={officer ? fx('employerForm.ownRegions') : undefined}
          wide
        >
          {(ctl) => (
            <RegionPicker
              ctl={ctl}
              level={4}
              mine={officer}
              value={v.village_code}
              onChange={(code, o) => {
                f.set('village_code', code);
                f.set('branch_office_id', '');
                setVillage(o);
              }}
            />
          )}
        </Field>
        <Field label={fx('employerForm.branchOffice')} error={f.errors.branch_office_id} optional>
          {(ctl) => (
            <Choice
              ctl={ctl}
              value={officeId}
              onChange={(x) => f.set('branch_office_id', x)}
              placeholder={province ? fx('form.choose') : fx('employerForm.pickVillageFirst')}
              options={(offices.data?.items ?? []).map((b) => [String(b.id), b.name])}
              testId="branch-office"
            />
          )}
        </Field>
        <Field label={t('emp.registeredOn')} error={f.errors.registered_on}>
          {(ctl) => (
            <DateInput
              ctl={ctl}
              value={v.registered_on}
              onChange={(x) => f.set('registered_on', x)}
              testId="registered-on"
            />
          )}
        </Field>
        <FormFooter error={f.formError} busy={f.busy} submit={t('common.save')} back="/pemberi-kerja" />
      </form>
    </div>
  );
}
