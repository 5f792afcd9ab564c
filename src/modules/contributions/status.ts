import { sql } from 'kysely';
import type { Database } from '../../platform/db.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { addMonths, type Period, periodOf } from '../../platform/period.ts';
import { dueDate } from './due.ts';

/**
 * Whether a participant is active on a date (docs/decisions/0005-active-status.md). For the month M
 * holding the date:
 *  - 'active'   M is paid: it lies in the participant's coverage_spans;
 *  - 'grace'    M is not paid but not overdue either: an unpaid invoice carrying the participant's
 *               charge line for M is not yet past its due date; or M has not been billed yet and the
 *               previous month is paid or itself in grace, or the participant registered in M — and the
 *               date is not past the deadline M will have;
 *  - 'inactive' otherwise.
 * 'grace' counts as active: a worker whose employer pays on time is never shown inactive during the
 * month being worked, and a BPU's grace ends on the 15th of the month, when its contribution is due.
 */

export type ActiveStatus = 'active' | 'grace' | 'inactive';

export interface MonthFacts {
  period: Period;
  paid: boolean;
  billed: boolean;
  /** Latest due date of an unpaid invoice carrying a charge line for the month. */
  unpaid_due: string | null;
}

export interface StatusOn {
  participant_id: number;
  date: string;
  period: Period;
  status: ActiveStatus;
  active: boolean;
  reason: string;
  /** Until when a grace status holds without a payment. */
  grace_until: string | null;
}

async function participantBasics(db: Database, participantId: number) {
  const p = await db
    .selectFrom('participants')
    .select(['id', 'segment', sql<string>`to_char(registered_on, 'YYYY-MM')`.as('registered_period')])
    .where('id', '=', participantId)
    .executeTakeFirst();
  if (!p)
    throw new NotFoundError(
      `participant_id: peserta ${participantId} tidak ditemukan / participant not found`,
    );
  return p;
}

/** Per month from `from` to `to`: paid, billed, and the due date of what is still unpaid. */
export async function monthFacts(
  db: Database,
  participantId: number,
  from: Period,
  to: Period,
): Promise<MonthFacts[]> {
  const r = await sql<MonthFacts>`
    with m as (
      select to_char(d, 'YYYY-MM') as period
      from generate_series(${`${from}-01`}::date, ${`${to}-01`}::date, interval '1 month') d
    ),
    lines as (
      select l.for_period, i.status, i.due_date from contribution_lines l join invoices i on i.id = l.invoice_id
      where l.participant_id = ${participantId} and not l.adjustment and l.for_period between ${from} and ${to}
    )
    select m.period,
      exists (select 1 from coverage_spans s where s.participant_id = ${participantId}
              and s.from_period <= m.period and (s.to_period is null or s.to_period >= m.period)) as paid,
      exists (select 1 from lines where lines.for_period = m.period) as billed,
      (select to_char(max(lines.due_date), 'YYYY-MM-DD') from lines
        where lines.for_period = m.period and lines.status <> 'paid') as unpaid_due
    from m order by m.period`.execute(db);
  return r.rows;
}

interface Decision {
  status: ActiveStatus;
  reason: string;
  grace_until: string | null;
}

function decide(
  f: MonthFacts,
  prev: MonthFacts | undefined,
  date: string,
  ctx: { segment: string; registered: Period },
): Decision {
  if (f.paid) return { status: 'active', reason: 'iuran bulan ini lunas / month paid', grace_until: null };
  if (f.billed) {
    if (f.unpaid_due && date <= f.unpaid_due)
      return { status: 'grace', reason: 'belum jatuh tempo / not yet due', grace_until: f.unpaid_due };
    return {
      status: 'inactive',
      reason: 'iuran lewat jatuh tempo / contribution overdue',
      grace_until: null,
    };
  }
  const deadline = dueDate(f.period, ctx.segment === 'BPU' ? 'BPU' : 'employer');
  const carried = prev && (prev.paid || (prev.unpaid_due !== null && date <= prev.unpaid_due));
  if ((carried || ctx.registered === f.period) && date <= deadline)
    return { status: 'grace', reason: 'belum ditagih / not billed yet', grace_until: deadline };
  return {
    status: 'inactive',
    reason: 'tidak ada iuran untuk bulan ini / no contribution for the month',
    grace_until: null,
  };
}

function checkDate(date: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new ValidationError(`date: format YYYY-MM-DD (${date})`);
  return date;
}

export async function participantStatus(
  db: Database,
  participantId: number,
  dateInput: string,
): Promise<StatusOn> {
  const date = checkDate(dateInput);
  const p = await participantBasics(db, participantId);
  const period = periodOf(date);
  const [prev, cur] = await monthFacts(db, participantId, addMonths(period, -1), period);
  const d = decide(cur!, prev, date, { segment: p.segment, registered: p.registered_period });
  return { participant_id: participantId, date, period, ...d, active: d.status !== 'inactive' };
}

export interface StatusSpan {
  from_period: Period;
  to_period: Period;
  status: ActiveStatus;
}

/**
 * Every month from the participant's first (registration, first bill or first paid month) to the month
 * of `asOf`, each judged as of `asOf` (a month paid late shows active), with runs of equal status merged.
 */
export async function statusHistory(db: Database, participantId: number, opts: { asOf: string }) {
  const asOf = checkDate(opts.asOf);
  const p = await participantBasics(db, participantId);
  const first = await sql<{ p: string | null }>`
    select least(min(l.for_period), (select min(from_period) from coverage_spans where participant_id = ${participantId})) as p
    from contribution_lines l where l.participant_id = ${participantId} and not l.adjustment`.execute(db);
  const last = periodOf(asOf);
  // The earliest of first line or span, registration, and the asOf month itself.
  const start = [first.rows[0]?.p, p.registered_period, last].filter((x): x is string => !!x).sort()[0]!;
  const facts = await monthFacts(db, participantId, start, last);
  const months = facts.map((f, i) => ({
    period: f.period,
    paid: f.paid,
    billed: f.billed,
    due: f.unpaid_due,
    ...decide(f, facts[i - 1], asOf, { segment: p.segment, registered: p.registered_period }),
  }));
  const spans: StatusSpan[] = [];
  for (const m of months) {
    const lastSpan = spans[spans.length - 1];
    if (lastSpan && lastSpan.status === m.status) lastSpan.to_period = m.period;
    else spans.push({ from_period: m.period, to_period: m.period, status: m.status });
  }
  return { participant_id: participantId, as_of: asOf, months, spans };
}

/** Participants whose contributions for the month are paid (grace not included). */
export async function activeCount(db: Database, period: Period): Promise<number> {
  const r = await sql<{ n: number }>`select count(distinct participant_id)::int as n from coverage_spans
    where from_period <= ${period} and (to_period is null or to_period >= ${period})`.execute(db);
  return r.rows[0]?.n ?? 0;
}
