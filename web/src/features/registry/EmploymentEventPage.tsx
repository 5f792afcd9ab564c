import { useEffect, useState } from 'react';
import { api } from '../../api.ts';
import { formatDate, formatRupiah } from '../../format.ts';
import { useI18n } from '../../i18n.ts';
import { Link, useRouter } from '../../router.tsx';
import { AmountRow, ChoiceRow, DateRow, EntityRow, FormPage, TaskFormCard } from '../../ui/fields.tsx';
import {
  type Change,
  Confirmation,
  checks,
  type FieldErrors,
  isoToInput,
  type Picked,
  todayWib,
  useTaskForm,
} from '../../ui/form.tsx';
import { useFx } from '../../ui/form-text.ts';
import { useApi } from '../../ui/useApi.ts';
import type { Employer } from '../employers/types.ts';
import type { Employment, Participant } from '../workers/types.ts';

const KINDS = ['hire', 'wage_change', 'exit', 'move', 'segment'] as const;
type Kind = (typeof KINDS)[number];
export const EXIT_REASONS = [
  'dismissal',
  'resignation',
  'contract_end',
  'retirement',
  'disability',
  'moved',
] as const;

/**
 * /peserta/mutasi — a hire, a wage change, an exit (with its reason, which decides JKP) or a move to
 * another employer (the exit the day before and the hire, in one step), or a change of segment: a PU
 * worker who loses the job and keeps paying as BPU (exit reason, declared income), or a BPU member hired.
 * `?peserta=ID`, `?pemberi=ID` and `?jenis=hire|wage_change|exit|move|segment` fill the form from a record page.
 */
export function EmploymentEventPage() {
  const { fx } = useFx();
  const { lang, t } = useI18n();
  const { location } = useRouter();
  const q = location.search;
  const initialKind = (KINDS as readonly string[]).includes(q.get('jenis') ?? '')
    ? (q.get('jenis') as Kind)
    : 'hire';
  const f = useTaskForm(
    {
      kind: initialKind as Kind,
      participant: null as Picked | null,
      employer: null as Picked | null,
      employment: '',
      on: isoToInput(todayWib()),
      wage: '',
      reason: '',
    },
    { employer_npp: 'employer', effective_on: 'on', date: 'on', id: 'participant' },
  );
  const v = f.values;
  // Filled from the record page the person came from.
  const pre = useApi<{ participant: Participant }>(
    q.get('peserta') ? `/api/participants/${q.get('peserta')}` : null,
  );
  const preEmp = useApi<{ employer: Employer }>(
    q.get('pemberi') ? `/api/employers/${q.get('pemberi')}` : null,
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: fill once when loaded
  useEffect(() => {
    const p = pre.data?.participant;
    if (p)
      f.set('participant', { id: p.id, number: p.kpj, name: p.full_name, detail: p.province_name ?? '' });
  }, [pre.data]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: fill once when loaded
  useEffect(() => {
    const e = preEmp.data?.employer;
    if (e) f.set('employer', { id: e.id, number: e.npp, name: e.name, detail: e.province_name ?? '' });
  }, [preEmp.data]);
  const detail = useApi<{ participant: Participant; employments: Employment[] }>(
    v.participant ? `/api/participants/${v.participant.id}` : null,
  );
  const open = (detail.data?.employments ?? []).filter((m) => !m.ended_on);
  const segment = detail.data?.participant.segment;
  // A segment change goes the other way from where the person is: PU → BPU, BPU → PU.
  const toBpu = v.kind === 'segment' && segment === 'PU';
  const toPu = v.kind === 'segment' && segment !== undefined && segment !== 'PU';
  const needsCurrent = v.kind !== 'hire' && v.kind !== 'segment';
  const needsEmployer = v.kind === 'hire' || v.kind === 'move' || toPu;
  const needsReason = v.kind === 'exit' || toBpu;
  const chosen = needsCurrent ? open.find((m) => String(m.employer_id) === v.employment) : undefined;
  // With one current employer there is nothing to choose.
  // biome-ignore lint/correctness/useExhaustiveDependencies: follow the list
  useEffect(() => {
    if (needsCurrent && open.length === 1 && v.employment !== String(open[0]!.employer_id))
      f.set('employment', String(open[0]!.employer_id));
  }, [detail.data, needsCurrent]);
  const [done, setDone] = useState<{ kind: Kind; changes: Change[]; participantId: number } | null>(null);
  let parsed = { on: '', wage: null as number | null };

  const check = () => {
    const e: FieldErrors = {};
    const c = checks(e);
    c.picked('participant', v.participant);
    if (needsEmployer) c.picked('employer', v.employer);
    if (!needsCurrent) {
      // nothing more to choose
    } else if (v.participant && !open.length) e.employment = { key: 'employment.err.noCurrent' };
    else c.picked('employment', v.employment);
    const on = c.date('on', v.on, { required: true });
    const wage = v.kind === 'exit' ? null : c.amount('wage', v.wage, { required: true, min: 1 });
    if (needsReason) c.picked('reason', v.reason);
    parsed = { on: on ?? '', wage };
    return e;
  };
  const send = async () => {
    const p = v.participant!;
    if (v.kind === 'segment') {
      const to = toBpu ? 'BPU' : 'PU';
      await api(`/api/registry/participants/${p.id}/segment`, {
        method: 'POST',
        body: toBpu
          ? { to, date: parsed.on, exit_reason: v.reason, declared_income: parsed.wage }
          : { to, date: parsed.on, employer_npp: v.employer!.number, wage: parsed.wage },
      });
      const changes: Change[] = [
        { label: fx('employment.participant'), after: `${p.name} (KPJ ${p.number})` },
        {
          label: fx('employment.segment'),
          before: t(`segment.${segment}` as 'segment.PU'),
          after: t(`segment.${to}`),
        },
        { label: fx('employment.on.segment'), after: formatDate(parsed.on, lang) },
      ];
      if (toBpu)
        changes.push(
          {
            label: fx('employment.reason'),
            after: fx(`employment.reason.${v.reason}` as 'employment.reason.dismissal'),
          },
          { label: fx('employment.income'), after: formatRupiah(parsed.wage) },
        );
      else
        changes.push(
          { label: fx('employment.employer'), after: `${v.employer!.name} (NPP ${v.employer!.number})` },
          { label: fx('employment.wage'), after: formatRupiah(parsed.wage) },
        );
      setDone({ kind: v.kind, changes, participantId: p.id });
      return;
    }
    const employer =
      v.kind === 'hire'
        ? { npp: v.employer!.number, name: v.employer!.name }
        : { npp: chosen!.npp, name: chosen!.employer_name };
    const to = v.kind === 'move' ? { npp: v.employer!.number, name: v.employer!.name } : null;
    if (to)
      await api(`/api/registry/participants/${p.id}/move`, {
        method: 'POST',
        body: { from_npp: employer.npp, to_npp: to.npp, date: parsed.on, wage: parsed.wage },
      });
    else if (v.kind === 'exit')
      await api(`/api/registry/participants/${p.id}/exit`, {
        method: 'POST',
        body: { employer_npp: employer.npp, date: parsed.on, reason: v.reason },
      });
    else
      await api(`/api/participants/${p.id}/events`, {
        method: 'POST',
        body: { kind: v.kind, employer_npp: employer.npp, effective_on: parsed.on, wage: parsed.wage },
      });
    const changes: Change[] = [
      { label: fx('employment.participant'), after: `${p.name} (KPJ ${p.number})` },
      to
        ? {
            label: fx('employment.employer'),
            before: `${employer.name} (NPP ${employer.npp})`,
            after: `${to.name} (NPP ${to.npp})`,
          }
        : { label: fx('employment.employer'), after: `${employer.name} (NPP ${employer.npp})` },
      { label: fx('employment.kind'), after: fx(`employment.kind.${v.kind}`) },
      { label: fx(`employment.on.${v.kind}`), after: formatDate(parsed.on, lang) },
    ];
    if (v.kind === 'hire' || v.kind === 'move')
      changes.push({ label: fx('employment.wage'), after: formatRupiah(parsed.wage) });
    if (v.kind === 'wage_change')
      changes.push({
        label: fx('employment.wage'),
        before: formatRupiah(chosen?.wage ?? null),
        after: formatRupiah(parsed.wage),
      });
    if (v.kind === 'exit')
      changes.push({
        label: fx('employment.reason'),
        after: fx(`employment.reason.${v.reason}` as 'employment.reason.dismissal'),
      });
    setDone({ kind: v.kind, changes, participantId: p.id });
  };

  if (done)
    return (
      <FormPage title={fx('employment.title')}>
        <Confirmation
          title={fx(`employment.done.${done.kind}`)}
          note={done.kind === 'exit' && v.reason === 'dismissal' ? fx('employment.jkpNote') : undefined}
          changes={done.changes}
        >
          <Link to={`/peserta/${done.participantId}`} className="btn btn-primary" testId="open-participant">
            {fx('employment.openParticipant')}
          </Link>
          <button
            type="button"
            className="btn"
            onClick={() => {
              setDone(null);
              f.set('participant', null);
              f.set('wage', '');
            }}
          >
            {fx('employment.another')}
          </button>
        </Confirmation>
      </FormPage>
    );
  const reasonRow = (
    <ChoiceRow
      form={f}
      name="reason"
      label={fx('employment.reason')}
      hint={fx('employment.reasonHint')}
      placeholder={fx('form.choose')}
      options={EXIT_REASONS.map((r) => [r, fx(`employment.reason.${r}`)])}
      testId="reason"
    />
  );
  const employerRow = (label: string) => (
    <EntityRow form={f} name="employer" kind="employer" label={label} wide />
  );
  return (
    <FormPage
      crumb={{
        to: v.participant ? `/peserta/${v.participant.id}` : '/peserta',
        label: fx('employment.back'),
      }}
      title={fx('employment.title')}
      subtitle={fx('employment.intro')}
    >
      <nav className="chips" aria-label={fx('employment.kind')} style={{ marginBottom: '1rem' }}>
        {KINDS.map((k) => (
          <button
            key={k}
            type="button"
            className={`chip chip-button${v.kind === k ? ' active' : ''}`}
            aria-pressed={v.kind === k}
            onClick={() => f.set('kind', k)}
            data-testid={`kind-${k}`}
          >
            {fx(`employment.kind.${k}`)}
          </button>
        ))}
      </nav>
      <TaskFormCard
        form={f}
        check={check}
        send={send}
        testId="employment-form"
        submit={fx(`employment.submit.${v.kind}`)}
      >
        <EntityRow form={f} name="participant" kind="participant" label={fx('employment.participant')} wide />
        {v.kind === 'segment' ? (
          v.participant &&
          segment && (
            <p className="span-2 muted" data-testid="segment-now">
              {fx('employment.segmentNow', {
                from: t(`segment.${segment}` as 'segment.PU'),
                to: t(toBpu ? 'segment.BPU' : 'segment.PU'),
              })}
            </p>
          )
        ) : v.kind === 'hire' ? (
          employerRow(fx('employment.employer'))
        ) : (
          <ChoiceRow
            form={f}
            name="employment"
            label={fx('employment.currentEmployer')}
            wide
            placeholder={v.participant ? fx('form.choose') : fx('employment.pickParticipantFirst')}
            options={open.map((m) => [
              String(m.employer_id),
              `${m.employer_name} (NPP ${m.npp}) · ${fx('employment.since', { date: formatDate(m.started_on, lang) })} · ${formatRupiah(m.wage)}`,
            ])}
            testId="current-employer"
          />
        )}
        {(v.kind === 'move' || toPu) &&
          employerRow(fx(toPu ? 'employment.employer' : 'employment.newEmployer'))}
        <DateRow form={f} name="on" label={fx(`employment.on.${v.kind}`)} testId="on" />
        {toBpu && reasonRow}
        {v.kind !== 'exit' ? (
          <AmountRow
            form={f}
            name="wage"
            label={fx(
              toBpu
                ? 'employment.income'
                : v.kind === 'hire' || toPu
                  ? 'employment.wage'
                  : 'employment.newWage',
            )}
            hint={
              chosen
                ? fx('employment.wageNow', { wage: formatRupiah(chosen.wage) })
                : fx('employment.wageHint')
            }
            testId="wage"
          />
        ) : (
          reasonRow
        )}
      </TaskFormCard>
    </FormPage>
  );
}
