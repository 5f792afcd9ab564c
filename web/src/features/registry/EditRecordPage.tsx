import { useState } from 'react';
import { api } from '../../api.ts';
import { formatDate } from '../../format.ts';
import { useI18n } from '../../i18n.ts';
import { Link } from '../../router.tsx';
import { ErrorBox, Loading } from '../../ui/components.tsx';
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
import type { Employer } from '../employers/types.ts';
import type { Participant } from '../workers/types.ts';

const SIZES = ['micro', 'small', 'medium', 'large'] as const;

interface Current {
  name: string;
  sector: string;
  size_class: string;
  risk_class: string;
  full_name: string;
  phone: string;
  birth_date: string;
  sex: string;
  village_code: string;
  village_name: string;
}

function currentOf(entity: 'employer' | 'participant', r: Employer | Participant): Current {
  const e = r as Employer;
  const p = r as Participant;
  return entity === 'employer'
    ? {
        name: e.name,
        sector: e.sector ?? '',
        size_class: e.size_class ?? '',
        risk_class: String(e.risk_class ?? ''),
        full_name: '',
        phone: '',
        birth_date: '',
        sex: '',
        village_code: e.village_code ?? '',
        village_name: e.village_name ?? '',
      }
    : {
        name: '',
        sector: '',
        size_class: '',
        risk_class: '',
        full_name: p.full_name,
        phone: p.phone ?? '',
        birth_date: p.birth_date,
        sex: p.sex,
        village_code: p.village_code ?? '',
        village_name: p.village_name ?? '',
      };
}

/** /pemberi-kerja/:id/ubah and /peserta/:id/ubah — a correction of the record, with its reason. */
export function EditRecordPage({ entity, id }: { entity: 'employer' | 'participant'; id: string }) {
  const res = useApi<{ employer?: Employer; participant?: Participant }>(
    entity === 'employer' ? `/api/employers/${id}` : `/api/participants/${id}`,
  );
  const rec = res.data?.employer ?? res.data?.participant;
  if (res.error) return <ErrorBox error={res.error} />;
  if (!rec) return <Loading />;
  return <EditForm entity={entity} id={id} current={currentOf(entity, rec)} />;
}

function EditForm({
  entity,
  id,
  current,
}: {
  entity: 'employer' | 'participant';
  id: string;
  current: Current;
}) {
  const { fx } = useFx();
  const { lang } = useI18n();
  const { user } = useSession();
  const f = useTaskForm({
    ...current,
    birth_date: isoToInput(current.birth_date),
    effective_on: isoToInput(todayWib()),
    reason: '',
  });
  const v = f.values;
  const [village, setVillage] = useState<RegionOption | null>(null);
  const [done, setDone] = useState<{ status: string; changes: Change[] } | null>(null);
  const back = entity === 'employer' ? `/pemberi-kerja/${id}` : `/peserta/${id}`;
  const fields =
    entity === 'employer'
      ? (['name', 'sector', 'size_class', 'risk_class', 'village_code'] as const)
      : (['full_name', 'phone', 'birth_date', 'sex', 'village_code'] as const);
  const label = (k: string) => fx.maybe(`editForm.f.${k}`, k);
  const show = (k: string, val: string): string => {
    if (!val) return '—';
    if (k === 'size_class') return fx.maybe(`editForm.size.${val}`, val);
    if (k === 'sex') return fx.maybe(`editForm.sex.${val}`, val);
    if (k === 'birth_date') return formatDate(val, lang);
    if (k === 'village_code')
      return val === current.village_code ? current.village_name || val : (village?.name ?? val);
    return val;
  };
  let parsed: { changes: Record<string, unknown>; effective: string } = { changes: {}, effective: '' };
  const check = () => {
    const e: FieldErrors = {};
    const c = checks(e);
    const changes: Record<string, unknown> = {};
    for (const k of fields) {
      let val: string = String(v[k] ?? '');
      if (k === 'birth_date') val = c.date('birth_date', val, { required: true, notAfter: todayWib() }) ?? '';
      if (k === 'name' || k === 'full_name') c.text(k, val, { min: 2, max: 200 });
      if (k === 'village_code' && val !== current.village_code && val.split('.').length < 4)
        e.village_code = { key: 'form.err.pickVillage' };
      if (val.trim() !== (current[k] ?? '')) changes[k] = k === 'risk_class' ? Number(val) : val.trim();
    }
    const effective = c.date('effective_on', v.effective_on, { required: true }) ?? '';
    c.text('reason', v.reason, { min: 5, max: 500 });
    if (!Object.keys(changes).length && !Object.keys(e).length) e.name = { key: 'editForm.err.nothing' };
    parsed = { changes, effective };
    return e;
  };
  const send = async () => {
    const r = await api<{ change: { status: string } }>('/api/registry/changes', {
      method: 'POST',
      body: {
        entity,
        entity_id: Number(id),
        changes: parsed.changes,
        effective_on: parsed.effective,
        reason: v.reason.trim(),
      },
    });
    setDone({
      status: r.change.status,
      changes: Object.entries(parsed.changes).map(([k, to]) => ({
        label: label(k),
        before: show(k, current[k as keyof Current] ?? ''),
        after: show(k, String(to)),
      })),
    });
  };
  const title = fx(entity === 'employer' ? 'editForm.titleEmployer' : 'editForm.titleParticipant');
  if (done)
    return (
      <FormPage title={title}>
        <Confirmation
          title={fx(done.status === 'pending' ? 'editForm.donePending' : 'editForm.doneApplied')}
          note={fx.maybe(`editForm.status.${done.status}`, '')}
          changes={done.changes}
        >
          <Link to={back} className="btn btn-primary" testId="back-to-record">
            {fx('editForm.backToRecord')}
          </Link>
        </Confirmation>
      </FormPage>
    );
  return (
    <FormPage
      crumb={{ to: back, label: fx('editForm.backToRecord') }}
      title={title}
      subtitle={fx('editForm.intro')}
    >
      <TaskFormCard
        form={f}
        check={check}
        send={send}
        testId="edit-form"
        submit={fx('editForm.submit')}
        back={back}
        note={fx('editForm.secondPerson')}
      >
        {entity === 'employer' ? (
          <>
            <TextRow form={f} name="name" label={label('name')} wide testId="name" />
            <TextRow form={f} name="sector" label={label('sector')} />
            <ChoiceRow
              form={f}
              name="size_class"
              label={label('size_class')}
              options={SIZES.map((s) => [s, fx(`editForm.size.${s}`)])}
              testId="size"
            />
            {user?.role !== 'employer' && (
              <ChoiceRow
                form={f}
                name="risk_class"
                label={label('risk_class')}
                hint={fx('editForm.riskHint')}
                options={['1', '2', '3', '4', '5'].map((r) => [r, fx('editForm.riskClass', { n: r })])}
                testId="risk"
              />
            )}
          </>
        ) : (
          <>
            <TextRow form={f} name="full_name" label={label('full_name')} wide testId="full-name" />
            <TextRow
              form={f}
              name="phone"
              label={label('phone')}
              optional
              input={{ inputMode: 'tel' }}
              testId="phone"
            />
            <ChoiceRow
              form={f}
              name="sex"
              label={label('sex')}
              hint={fx('editForm.identityHint')}
              options={['F', 'M'].map((s) => [s, fx(`editForm.sex.${s}` as 'editForm.sex.F')])}
            />
            <DateRow
              form={f}
              name="birth_date"
              label={label('birth_date')}
              hint={fx('editForm.identityHint')}
              todayButton={false}
            />
          </>
        )}
        <RegionRow
          form={f}
          name="village_code"
          label={label('village_code')}
          hint={fx('editForm.villageNow', { name: current.village_name || current.village_code || '—' })}
          wide
          level={4}
          onChange={(code, o) => {
            f.set('village_code', code);
            setVillage(o);
          }}
        />
        <DateRow
          form={f}
          name="effective_on"
          label={fx('editForm.effectiveOn')}
          hint={fx('editForm.effectiveHint')}
          testId="effective-on"
        />
        <TextRow form={f} name="reason" label={fx('editForm.reason')} testId="reason" />
      </TaskFormCard>
    </FormPage>
  );
}
