import { type RawBuilder, sql } from 'kysely';
import type { Database } from '../../platform/db.ts';
import { addMonths, periodEnd } from '../../platform/period.ts';
import { type Caps, lineAmounts, puBaseRows } from './billing-sql.ts';

/** How far back a correction may reach; older ones go to a case officer instead. */
const MAX_MONTHS_BACK = 24;

/**
 * Earlier months touched by employment events reported after that month's invoice was made
 * (a retroactive wage change, a late-reported exit or hire).
 */
export async function adjustmentPeriods(db: Database, period: string): Promise<string[]> {
  // Invoices as a materialized set throughout this file: events and lines live by participant and
  // invoices by payer on a Citus coordinator, so they meet in a join, never a per-row probe.
  const rows = await sql<{ period: string }>`
    with iq as materialized (
      select payer_id, period, created_at from invoices
      where payer_kind = 'employer' and period < ${period} and period >= ${addMonths(period, -MAX_MONTHS_BACK)}
    )
    select distinct iq.period from employment_events ev
    join iq on iq.payer_id = ev.employer_id
    where true
      and ev.effective_on <= (iq.period || '-01')::date + interval '1 month' - interval '1 day'
      and ev.reported_at > iq.created_at
    order by 1`.execute(db);
  return rows.rows.map((r) => r.period);
}

/**
 * Adjustment lines on this period's invoice for month q: what q should have cost for the people
 * whose events were reported late, minus everything billed for q so far (original lines and earlier
 * adjustments). Closed invoices are never rewritten; a re-run finds nothing left to adjust.
 */
export async function insertAdjustments(
  db: Database,
  period: string,
  q: string,
  runId: number,
  due: string,
  rates: RawBuilder<unknown>,
  caps: Caps,
) {
  const affected = sql`
    select distinct ev.participant_id, ev.employer_id from employment_events ev
    join iq on iq.payer_id = ev.employer_id
    where ev.effective_on <= ${periodEnd(q)}::date and ev.reported_at > iq.created_at`;
  const diff = sql`
    with iq as materialized (
      select id, payer_id, created_at from invoices where payer_kind = 'employer' and period = ${q}
    ),
    aff as materialized (${affected}),
    b as materialized (${puBaseRows(q, null, null, sql`select participant_id, employer_id from aff`)}),
    -- every employer invoice that may carry lines for month q: q's own and later adjustments
    iq_all as materialized (
      select i.id, i.payer_id from invoices i
      where i.payer_kind = 'employer' and i.period >= ${q} and i.payer_id in (select employer_id from aff)
    ),
    expected as (
      select a.participant_id, a.employer_id, a.program, a.payer, a.base, a.rate, round(a.base * a.rate)::bigint as amount
      from (${lineAmounts(rates, caps)}) a
    ),
    billed as (
      select l.participant_id, i.payer_id as employer_id, l.program, l.payer, sum(l.amount)::bigint as amount
      from contribution_lines l join iq_all i on i.id = l.invoice_id
      join aff on aff.participant_id = l.participant_id and aff.employer_id = i.payer_id
      where l.for_period = ${q}
      group by 1, 2, 3, 4
    )
    select coalesce(x.participant_id, b.participant_id) as participant_id, coalesce(x.employer_id, b.employer_id) as employer_id,
           coalesce(x.program, b.program) as program, coalesce(x.payer, b.payer) as payer,
           coalesce(x.base, 0) as base, x.rate, coalesce(x.amount, 0) - coalesce(b.amount, 0) as amount
    from expected x full join billed b
      on b.participant_id = x.participant_id and b.employer_id = x.employer_id and b.program = x.program and b.payer = x.payer
    where coalesce(x.amount, 0) <> coalesce(b.amount, 0)`;
  const inv = await sql`
    insert into invoices (period, payer_kind, payer_id, run_id, due_date)
    select distinct ${period}, 'employer', d.employer_id, ${runId}::bigint, ${due}::date from (${diff}) d
    on conflict (payer_kind, payer_id, period) do nothing`.execute(db);
  const lines = await sql`
    with i as materialized (select id, payer_id from invoices where payer_kind = 'employer' and period = ${period})
    insert into contribution_lines (invoice_id, participant_id, program, payer, for_period, base, rate, amount, adjustment)
    select i.id, d.participant_id, d.program, d.payer, ${q}, d.base, d.rate, d.amount, true
    from (${diff}) d join i on i.payer_id = d.employer_id
    on conflict do nothing`.execute(db);
  await sql`
    with t as materialized (select id, payer_id from invoices where payer_kind = 'employer' and period = ${period}),
    s as materialized (
      select l.invoice_id, sum(l.amount) as adjusted from contribution_lines l
      where l.adjustment and l.invoice_id in (select id from t) group by l.invoice_id
      having bool_or(l.for_period = ${q})
    )
    update invoices i set adjustments = s.adjusted
    from t join s on s.invoice_id = t.id
    where i.id = t.id and i.payer_id = t.payer_id`.execute(db);
  return { invoices: Number(inv.numAffectedRows ?? 0n), lines: Number(lines.numAffectedRows ?? 0n) };
}
