import { useState } from 'react';
import { api } from '../../api.ts';
import { formatDate } from '../../format.ts';
import { useI18n } from '../../i18n.ts';
import { Link } from '../../router.tsx';
import { ErrorBox, Loading, PageHeader } from '../../ui/components.tsx';
import {
  type Change,
  Choice,
  Confirmation,
  checks,
  DateInput,
  Field,
  type FieldErrors,
  FormError,
  todayWib,
  useTaskForm,
} from '../../ui/form.tsx';
import { useFx } from '../../ui/form-text.ts';
import { useApi } from '../../ui/useApi.ts';
import type { Employment, Participant } from '../workers/types.ts';

const SOURCES = ['family', 'employer', 'civil_registry', 'hospital', 'officer'] as const;
const CAUSES = ['non_work', 'work_accident'] as const;

/** /peserta/:id/meninggal — a death report: the record closes and every current employment ends. */
export function DeathReportPage({ id }: { id: string }) {
  const { fx } = useFx();
  const { lang } = useI18n();
  const res = useApi<{ participant: Participant; employments: Employment[] }>(`/api/participants/${id}`);
  const f = useTaskForm(
    { died_on: '', source: '', cause: 'non_work', document_ref: '', note: '', checked: false },
    {},
  );
  const v = f.values;
  const [done, setDone] = useState<Change[] | null>(null);
  if (res.error) return <ErrorBox error={res.error} />;
  if (!res.data) return <Loading />;
  const p = res.data.participant;
  const open = res.data.employments.filter((m) => !m.ended_on);
  let diedOn = '';
  const check = () => {
    const e: FieldErrors = {};
    const c = checks(e);
    diedOn = c.date('died_on', v.died_on, { required: true, notAfter: todayWib() }) ?? '';
    if (diedOn && diedOn < p.birth_date) e.died_on = { key: 'death.err.beforeBirth' };
    c.picked('source', v.source);
    if (!v.checked) e.checked = { key: 'death.err.confirm' };
    return e;
  };
  const send = async () => {
    await api(`/api/registry/participants/${id}/death`, {
      method: 'POST',
      body: {
        died_on: diedOn,
        source: v.source,
        cause: v.cause,
        document_ref: v.document_ref.trim() || undefined,
        note: v.note.trim() || undefined,
      },
    });
    const changes: Change[] = [
      { label: fx('death.diedOn'), after: formatDate(diedOn, lang) },
      { label: fx('death.source'), after: fx(`death.source.${v.source}` as 'death.source.family') },
      { label: fx('death.cause'), after: fx(`death.cause.${v.cause}` as 'death.cause.non_work') },
      { label: fx('death.status'), before: fx('death.statusActive'), after: fx('death.statusClosed') },
      ...open.map((m) => ({
        label: fx('death.employmentEnded'),
        before: `${m.employer_name} (NPP ${m.npp})`,
        after: fx('death.endedOn', { date: formatDate(diedOn < m.started_on ? m.started_on : diedOn, lang) }),
      })),
    ];
    setDone(changes);
  };
  if (done)
    return (
      <div>
        <PageHeader title={fx('death.title')} subtitle={`${p.full_name} · KPJ ${p.kpj}`} />
        <Confirmation
          title={fx('death.done')}
          note={fx(v.cause === 'work_accident' ? 'death.claimNoteWork' : 'death.claimNote')}
          changes={done}
        >
          <Link to={`/peserta/${id}`} className="btn btn-primary" testId="open-participant">
            {fx('employment.openParticipant')}
          </Link>
        </Confirmation>
      </div>
    );
  return (
    <div>
      <p className="crumbs">
        <Link to={`/peserta/${id}`}>← {p.full_name}</Link>
      </p>
      <PageHeader title={fx('death.title')} subtitle={`${p.full_name} · KPJ ${p.kpj}`} />
      <form
        className="card form-grid"
        noValidate
        data-testid="death-form"
        onSubmit={(e) => {
          e.preventDefault();
          void f.submit(check, send);
        }}
      >
        <div className="span-2 alert alert-info">
          {open.length
            ? fx('death.willEnd', { list: open.map((m) => m.employer_name).join(', ') })
            : fx('death.noEmployment')}
        </div>
        <Field label={fx('death.diedOn')} error={f.errors.died_on}>
          {(ctl) => (
            <DateInput ctl={ctl} value={v.died_on} onChange={(x) => f.set('died_on', x)} testId="died-on" />
          )}
        </Field>
        <Field label={fx('death.source')} error={f.errors.source}>
          {(ctl) => (
            <Choice
              ctl={ctl}
              value={v.source}
              onChange={(x) => f.set('source', x)}
              placeholder={fx('form.choose')}
              options={SOURCES.map((s) => [s, fx(`death.source.${s}`)])}
              testId="source"
            />
          )}
        </Field>
        <Field label={fx('death.cause')} error={f.errors.cause}>
          {(ctl) => (
            <Choice
              ctl={ctl}
              value={v.cause}
              onChange={(x) => f.set('cause', x)}
              options={CAUSES.map((c) => [c, fx(`death.cause.${c}`)])}
              testId="cause"
            />
          )}
        </Field>
        <Field
          label={fx('death.document')}
          error={f.errors.document_ref}
          optional
          hint={fx('death.documentHint')}
        >
          {(ctl) => (
            <input {...ctl} value={v.document_ref} onChange={(e) => f.set('document_ref', e.target.value)} />
          )}
        </Field>
        <Field label={fx('death.note')} error={f.errors.note} optional>
          {(ctl) => <input {...ctl} value={v.note} onChange={(e) => f.set('note', e.target.value)} />}
        </Field>
        <Field label={fx('death.confirmLabel')} error={f.errors.checked} wide>
          {(ctl) => (
            <span className="check">
              <input
                {...ctl}
                type="checkbox"
                checked={v.checked}
                onChange={(e) => f.set('checked', e.target.checked)}
                data-testid="confirm"
              />
              {fx('death.confirmText', { name: p.full_name })}
            </span>
          )}
        </Field>
        <div className="span-2">
          <FormError error={f.formError} />
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={f.busy} data-testid="submit">
              {f.busy ? fx('form.saving') : fx('death.submit')}
            </button>
            <Link to={`/peserta/${id}`} className="btn">
              {fx('form.cancel')}
            </Link>
          </div>
        </div>
      </form>
    </div>
  );
}
