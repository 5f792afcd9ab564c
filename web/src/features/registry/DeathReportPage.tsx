import { useState } from 'react';
import { api } from '../../api.ts';
import { formatDate } from '../../format.ts';
import { useI18n } from '../../i18n.ts';
import { Link } from '../../router.tsx';
import { ErrorBox, Loading } from '../../ui/components.tsx';
import { CheckRow, ChoiceRow, DateRow, FormPage, TaskFormCard, TextRow } from '../../ui/fields.tsx';
import {
  type Change,
  Confirmation,
  checks,
  type FieldErrors,
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
      <FormPage title={fx('death.title')} subtitle={`${p.full_name} · KPJ ${p.kpj}`}>
        <Confirmation
          title={fx('death.done')}
          note={fx(v.cause === 'work_accident' ? 'death.claimNoteWork' : 'death.claimNote')}
          changes={done}
        >
          <Link to={`/peserta/${id}`} className="btn btn-primary" testId="open-participant">
            {fx('employment.openParticipant')}
          </Link>
        </Confirmation>
      </FormPage>
    );
  return (
    <FormPage
      crumb={{ to: `/peserta/${id}`, label: p.full_name }}
      title={fx('death.title')}
      subtitle={`${p.full_name} · KPJ ${p.kpj}`}
    >
      <TaskFormCard
        form={f}
        check={check}
        send={send}
        testId="death-form"
        submit={fx('death.submit')}
        back={`/peserta/${id}`}
      >
        <div className="span-2 alert alert-info">
          {open.length
            ? fx('death.willEnd', { list: open.map((m) => m.employer_name).join(', ') })
            : fx('death.noEmployment')}
        </div>
        <DateRow form={f} name="died_on" label={fx('death.diedOn')} testId="died-on" />
        <ChoiceRow
          form={f}
          name="source"
          label={fx('death.source')}
          placeholder={fx('form.choose')}
          options={SOURCES.map((s) => [s, fx(`death.source.${s}`)])}
          testId="source"
        />
        <ChoiceRow
          form={f}
          name="cause"
          label={fx('death.cause')}
          options={CAUSES.map((c) => [c, fx(`death.cause.${c}`)])}
          testId="cause"
        />
        <TextRow
          form={f}
          name="document_ref"
          label={fx('death.document')}
          optional
          hint={fx('death.documentHint')}
        />
        <TextRow form={f} name="note" label={fx('death.note')} optional />
        <CheckRow
          form={f}
          name="checked"
          label={fx('death.confirmLabel')}
          wide
          text={fx('death.confirmText', { name: p.full_name })}
          testId="confirm"
        />
      </TaskFormCard>
    </FormPage>
  );
}
