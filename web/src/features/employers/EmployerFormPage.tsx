import { useState } from 'react';
import { api, qs } from '../../api.ts';
import { formatDate } from '../../format.ts';
import { useI18n } from '../../i18n.ts';
import { Link } from '../../router.tsx';
import { ChoiceRow, DateRow, FormPage, RegionRow, TaskFormCard, TextRow } from '../../ui/fields.tsx';
import {
  type Change,
  Confirmation,
  checks,
  type FieldErrors,
  isoToInput,
  type RegionOption,
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
      <FormPage title={t('emp.newTitle')}>
        <Confirmation title={fx('employerForm.done', { npp: done.employer.npp })} changes={done.changes}>
          <Link to={`/pemberi-kerja/${done.employer.id}`} className="btn btn-primary" testId="open-employer">
            {fx('employerForm.open')}
          </Link>
        </Confirmation>
      </FormPage>
    );
  return (
    <FormPage
      crumb={{ to: '/pemberi-kerja', label: t('emp.title') }}
      title={t('emp.newTitle')}
      subtitle={officer ? fx('employerForm.officerNote') : undefined}
    >
      <TaskFormCard
        form={f}
        check={check}
        send={send}
        testId="employer-form"
        submit={t('common.save')}
        back="/pemberi-kerja"
      >
        <TextRow form={f} name="name" label={t('emp.name')} wide testId="name" />
        <ChoiceRow
          form={f}
          name="legal_form"
          label={t('emp.legalForm')}
          options={LEGAL_FORMS.map((l) => [l, l])}
        />
        <TextRow
          form={f}
          name="sector"
          label={t('emp.sector')}
          hint={fx('employerForm.sectorHint')}
          testId="sector"
        />
        <ChoiceRow
          form={f}
          name="size_class"
          label={t('emp.size')}
          options={SIZES.map((s) => [s, fx(`editForm.size.${s}`)])}
        />
        <ChoiceRow
          form={f}
          name="risk_class"
          label={t('emp.risk')}
          hint={fx('employerForm.riskHint')}
          options={['1', '2', '3', '4', '5'].map((r) => [r, fx('editForm.riskClass', { n: r })])}
        />
        <RegionRow
          form={f}
          name="village_code"
          label={fx('employerForm.village')}
          hint={officer ? fx('employerForm.ownRegions') : undefined}
          wide
          level={4}
          mine={officer}
          onChange={(code, o) => {
            f.set('village_code', code);
            f.set('branch_office_id', '');
            setVillage(o);
          }}
        />
        <ChoiceRow
          form={f}
          name="branch_office_id"
          label={fx('employerForm.branchOffice')}
          optional
          value={officeId}
          placeholder={province ? fx('form.choose') : fx('employerForm.pickVillageFirst')}
          options={(offices.data?.items ?? []).map((b) => [String(b.id), b.name])}
          testId="branch-office"
        />
        <DateRow form={f} name="registered_on" label={t('emp.registeredOn')} testId="registered-on" />
      </TaskFormCard>
    </FormPage>
  );
}
