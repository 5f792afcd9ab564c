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
  const rows = await sql<{ period: string }>`
    select distinct iq.period from employment_events ev
    join invoices iq on iq.payer_kind = 'employer' and iq.payer_id = ev.employer_id
    where iq.period < ${period} and iq.period >= ${addMonths(period, -MAX_MONTHS_BACK)}
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
    join invoices iq on iq.payer_kind = 'employer' and iq.payer_id = ev.employer_id and iq.period = ${q}
    where ev.effective_on <= ${periodEnd(q)}::date and ev.reported_at > iq.created_at`;
  const diff = sql`
    with aff as (${affected}),
    b as materialized (${puBaseRows(q, null, null, sql`select participant_id, employer_id from aff`)}),
    expected as (
      select a.participant_id, a.employer_id, a.program, a.payer, a.base, a.rate, round(a.base * a.rate)::bigint as amount
      from (${lineAmounts(rates, caps)}) a
    ),
    billed as (
      select l.participant_id, i.payer_id as employer_id, l.program, l.payer, sum(l.amount)::bigint as amount
      from contribution_lines l join invoices i on i.id = l.invoice_id and i.payer_kind = 'employer'
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
    insert into contribution_lines (invoice_id, participant_id, program, payer, for_period, base, rate, amount, adjustment)
    select i.id, d.participant_id, d.program, d.payer, ${q}, d.base, d.rate, d.amount, true
    from (${diff}) d join invoices i on i.payer_kind = 'employer' and i.payer_id = d.employer_id and i.period = ${period}
    on conflict do nothing`.execute(db);
  await sql`
    update invoices i set adjustments = coalesce((select sum(amount) from contribution_lines l where l.invoice_id = i.id and l.adjustment), 0)
    where i.payer_kind = 'employer' and i.period = ${period}
      and exists (select 1 from contribution_lines l where l.invoice_id = i.id and l.adjustment and l.for_period = ${q})`.execute(
    db,
  );
  return { invoices: Number(inv.numAffectedRows ?? 0n), lines: Number(lines.numAffectedRows ?? 0n) };
}
