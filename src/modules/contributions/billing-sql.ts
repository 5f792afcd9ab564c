import { type RawBuilder, sql } from 'kysely';
import { periodEnd, periodStart } from '../../platform/period.ts';
import type { PuRateTable } from '../rules/rates.ts';

/**
 * The set-based statements of a billing run. Every amount is `round(base × rate)` with the exact
 * decimal rate from the rules module (`contributionRates`), which is the calculator's own rounding
 * (docs/decisions/0002-rounding.md), so a bill and the calculator agree to the rupiah.
 */

/** The charge lines (employer and worker shares) of every rate table, as an inline VALUES list. */
export function puRatesValues(tables: PuRateTable[]): RawBuilder<unknown> {
  const rows = tables.flatMap((t) =>
    t.lines
      .filter((l) => l.kind === 'charge' && (l.payer === 'employer' || l.payer === 'worker'))
      .map(
        (l) =>
          sql`(${t.riskClass}::int, ${t.labourIntensive}::boolean, ${l.program}::text, ${l.payer}::text, ${l.base}::text, ${l.rate}::numeric)`,
      ),
  );
  return sql`(values ${sql.join(rows)}) as r(risk_class, labour_intensive, program, payer, base, rate)`;
}

export interface Caps {
  jp: bigint;
  jkp: bigint | null;
}

/**
 * The wage of an employment for a month: the latest hire or wage change effective on or before the
 * last day worked in the month (the month's end, or the exit date).
 */
function wageLateral(refDate: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`lateral (
    select ev.wage from employment_events ev
    where ev.participant_id = m.participant_id and ev.employer_id = m.employer_id
      and ev.kind <> 'exit' and ev.effective_on <= ${refDate}
    order by ev.effective_on desc, ev.id desc limit 1) w`;
}

/**
 * A participant reported dead (registry module, `participant_deaths`) is billed up to the month of
 * death and never after it, even if an employment was left open.
 */
export function notDeadBefore(d0: string): RawBuilder<unknown> {
  return sql`not exists (select 1 from participant_deaths pd where pd.participant_id = m.participant_id and pd.died_on < ${d0}::date)`;
}

/** Employments that overlap the month, with the wage for it, for employers in (lo, hi]. */
export function puBaseRows(
  period: string,
  lo: number | null,
  hi: number | null,
  only?: RawBuilder<unknown>,
): RawBuilder<unknown> {
  const d0 = periodStart(period);
  const d1 = periodEnd(period);
  const range = lo === null ? sql`true` : sql`m.employer_id > ${lo} and m.employer_id <= ${hi}`;
  // Someone who left and was re-hired by the same employer within the month is billed once, at the
  // wage of the latest employment: DISTINCT ON makes that choice explicit and repeatable.
  return sql`
    select distinct on (m.participant_id, m.employer_id)
           m.participant_id, m.employer_id, e.risk_class, e.labour_intensive, p.programs, w.wage
    from employments m
    join employers e on e.id = m.employer_id
    join participants p on p.id = m.participant_id
    cross join ${wageLateral(sql`least(${d1}::date, coalesce(m.ended_on, ${d1}::date))`)}
    where ${range} and m.started_on <= ${d1}::date and (m.ended_on is null or m.ended_on >= ${d0}::date)
      and p.segment = 'PU' and ${notDeadBefore(d0)}
      ${only ? sql`and (m.participant_id, m.employer_id) in (${only})` : sql``}
    order by m.participant_id, m.employer_id, m.started_on desc`;
}

/**
 * amount = round(capped base × rate) for each enrolled program's charge lines of the base rows in
 * the CTE `b`. The base rows are a MATERIALIZED CTE so the wage lookup runs once per employment,
 * not once per line, and the planner cannot push the rate join beneath the employment scan.
 */
export function lineAmounts(rates: RawBuilder<unknown>, caps: Caps): RawBuilder<unknown> {
  return sql`
    select b.*, r.program, r.payer, r.rate,
           case r.base when 'wage_capped_jp' then least(b.wage, ${caps.jp}::bigint)
                       when 'wage_capped_jkp' then least(b.wage, ${caps.jkp ?? 0}::bigint)
                       else b.wage end as base
    from b
    join ${rates} on r.risk_class = b.risk_class and r.labour_intensive = b.labour_intensive
     and r.program = any(b.programs)`;
}

/** Creates the employer invoices of a chunk and their lines, in one statement per table. */
export function insertEmployerInvoices(
  period: string,
  runId: number,
  due: string,
  lo: number,
  hi: number,
): RawBuilder<unknown> {
  const d0 = periodStart(period);
  const d1 = periodEnd(period);
  return sql`
    insert into invoices (period, payer_kind, payer_id, run_id, due_date)
    select distinct ${period}, 'employer', m.employer_id, ${runId}::bigint, ${due}::date
    from employments m join participants p on p.id = m.participant_id and p.segment = 'PU'
    where m.employer_id > ${lo} and m.employer_id <= ${hi} and ${notDeadBefore(d0)}
      and m.started_on <= ${d1}::date and (m.ended_on is null or m.ended_on >= ${d0}::date)
    on conflict (payer_kind, payer_id, period) do nothing`;
}

export function insertEmployerLines(
  period: string,
  lo: number,
  hi: number,
  rates: RawBuilder<unknown>,
  caps: Caps,
): RawBuilder<unknown> {
  return sql`
    with inv as materialized (
      -- This chunk's invoices, made by the statement before, as a small materialized set: probing
      -- invoices per row (or joining them directly) is a join across shards on a Citus coordinator
      -- (invoices live by payer, employments by participant), and as a plain join the planner, with
      -- no statistics yet for invoices made in this very transaction, drove the plan from invoices
      -- and rescanned employments for each one.
      select i.payer_id, i.id from invoices i
      where i.payer_kind = 'employer' and i.period = ${period} and i.payer_id > ${lo} and i.payer_id <= ${hi}
    ),
    b as materialized (
      select x.*, inv.id as invoice_id
      from (${puBaseRows(period, lo, hi)}) x left join inv on inv.payer_id = x.employer_id
    )
    insert into contribution_lines (invoice_id, participant_id, program, payer, for_period, base, rate, amount)
    select a.invoice_id, a.participant_id, a.program, a.payer, ${period}, a.base, a.rate, round(a.base * a.rate)::bigint
    from (${lineAmounts(rates, caps)}) a
    on conflict do nothing`;
}

/**
 * Recomputes invoice totals from their lines (contribution months and adjustments separately): one
 * index range scan of each invoice's lines, driven by the invoices the predicate picks.
 */
export function refreshInvoiceTotals(where: RawBuilder<unknown>): RawBuilder<unknown> {
  // The invoices and their line sums are materialized steps joined by invoice id: lines live by
  // participant and invoices by payer on a Citus coordinator, so neither may probe the other per row.
  return sql`
    with t as materialized (select i2.id, i2.payer_id from invoices i2 where ${where}),
    s as materialized (
      select l.invoice_id,
             sum(l.amount) filter (where not l.adjustment) as regular,
             sum(l.amount) filter (where l.adjustment) as adjusted
      from contribution_lines l where l.invoice_id in (select id from t) group by l.invoice_id
    ),
    pj as materialized (
      select pl.invoice_id, sum(pl.amount) as projects from project_lines pl
      where pl.invoice_id in (select id from t) group by pl.invoice_id
    ),
    u as materialized (
      select t.id, t.payer_id, coalesce(s.regular, 0) + coalesce(pj.projects, 0) as amount, coalesce(s.adjusted, 0) as adjustments
      from t left join s on s.invoice_id = t.id left join pj on pj.invoice_id = t.id
    )
    update invoices i set amount = u.amount, adjustments = u.adjustments
    from u where i.id = u.id and i.payer_id = u.payer_id`;
}
