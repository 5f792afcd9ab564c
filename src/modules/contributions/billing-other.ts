import { type RawBuilder, sql } from 'kysely';
import type { Database } from '../../platform/db.ts';
import { periodEnd, periodStart } from '../../platform/period.ts';
import { billableSponsorships, sponsorshipShares } from '../partnerships/billable.ts';
import { computeContribution } from '../rules/contributions.ts';
import type { ContributionInput } from '../rules/result.ts';

/**
 * Segments billed per participant (BPU paying themselves, sponsored participants, PMI packages) and
 * Jakon projects. Amounts depend on a few inputs only (income base, JHT, transport, budget funding,
 * contract months), so each distinct combination is computed once by the rules module and joined in.
 */

export interface Combo {
  key: string;
  input: ContributionInput;
}

type Amounts = Array<{ key: string; program: string; payer: string; amount: bigint }>;

/** Charge amounts per (combination, program, payer); a package spread over lines is summed per program. */
export function comboAmounts(combos: Combo[]): { rows: Amounts; explanations: Record<string, unknown> } {
  const rows: Amounts = [];
  const explanations: Record<string, unknown> = {};
  for (const c of combos) {
    const r = computeContribution(c.input);
    explanations[c.key] = r;
    const sums = new Map<string, bigint>();
    for (const l of r.lines) {
      if (l.kind !== 'charge') continue;
      const k = `${l.program}|${l.payer}`;
      sums.set(k, (sums.get(k) ?? 0n) + l.amount);
    }
    for (const [k, amount] of sums) {
      const [program, payer] = k.split('|') as [string, string];
      rows.push({ key: c.key, program, payer, amount });
    }
  }
  return { rows, explanations };
}

export function amountsValues(rows: Amounts): RawBuilder<unknown> {
  if (!rows.length)
    return sql`(select null::text as key, null::text as program, null::text as payer, null::bigint as amount where false) v`;
  return sql`(values ${sql.join(rows.map((r) => sql`(${r.key}::text, ${r.program}::text, ${r.payer}::text, ${r.amount}::bigint)`))}) as v(key, program, payer, amount)`;
}

/** The SQL key of a participant's combination; must match `key` built in TS below. */
export const BPU_KEY = sql`'BPU|' || coalesce(p.declared_income, 0) || '|' || ('JHT' = any(p.programs)) || '|' || p.is_transport`;
export const PMI_KEY = sql`'PMI|' || coalesce(p.pmi_contract_months, 24)`;

/**
 * Paid from APBN/APBD (a billable budget-funded sponsorship this month): PP 50/2025 excludes such BPU from
 * its discount. A sponsor that is not public money (zakat, CSR) leaves the member's discount alone.
 */
export function budgetFundedCondition(period: string): RawBuilder<unknown> {
  // IN, not a correlated EXISTS: the set-returning function then runs once per statement, not per person.
  return sql`p.id in (select s.participant_id from ${billableSponsorships(period)} s where s.budget_funded)`;
}

/** The combination key of a BPU participant this month (the '|S' tag marks budget-funded amounts). */
export function bpuKey(period: string): RawBuilder<unknown> {
  return sql`(${BPU_KEY} || case when ${budgetFundedCondition(period)} then '|S' else '' end)`;
}

/**
 * Who pays each program of every active BPU participant in (lo, hi] (all when lo is null): each billable
 * sponsor its share (round(amount × share%), the one rounding rule), in sponsorship order, never more than
 * the program's amount in total; the member the rest. Rows (payer_kind, payer_id, participant_id,
 * program, amount), amount > 0.
 */
export function bpuAllocation(
  period: string,
  amounts: RawBuilder<unknown>,
  lo: number | null,
  hi: number | null,
): RawBuilder<unknown> {
  const range = lo === null ? sql`true` : sql`p.id > ${lo} and p.id <= ${hi}`;
  return sql`
    with bpu as materialized (
      select p.id, ${bpuKey(period)} as key from participants p
      where ${range} and p.segment = 'BPU' and p.status = 'active' and p.registered_on <= ${periodEnd(period)}::date
    ),
    whole as (select b.id as participant_id, v.program, v.amount from bpu b join ${amounts} on v.key = b.key),
    sh as (
      select x.partner_id, x.participant_id, x.program, min(x.sponsorship_id) as first_id, sum(x.pct) as pct
      from ${sponsorshipShares(period)} x where x.participant_id in (select id from bpu) group by 1, 2, 3
    ),
    alloc as (
      select w.participant_id, w.program, w.amount as whole, sh.partner_id,
        round(w.amount * sh.pct / 100)::bigint as want,
        sum(round(w.amount * sh.pct / 100)::bigint) over (partition by w.participant_id, w.program
          order by sh.first_id, sh.partner_id rows unbounded preceding) as cum
      from whole w join sh on sh.participant_id = w.participant_id and sh.program = w.program
    )
    select * from (
      select 'sponsor'::text as payer_kind, a.partner_id::bigint as payer_id, a.participant_id, a.program,
        (least(a.cum, a.whole) - least(a.cum - a.want, a.whole))::bigint as amount
      from alloc a
      union all
      select 'participant', w.participant_id, w.participant_id, w.program,
        (w.amount - least(coalesce((select max(a.cum) from alloc a
          where a.participant_id = w.participant_id and a.program = w.program), 0), w.amount))::bigint
      from whole w
    ) r where r.amount > 0`;
}

/** Distinct BPU and PMI combinations present in this period's population. */
export async function periodCombos(db: Database, period: string): Promise<Combo[]> {
  const bpu = await sql<{ income: number; jht: boolean; transport: boolean; sponsored: boolean }>`
    select distinct coalesce(p.declared_income, 0)::bigint as income, ('JHT' = any(p.programs)) as jht, p.is_transport as transport,
           ${budgetFundedCondition(period)} as sponsored
    from participants p where p.segment = 'BPU' and p.status = 'active' and p.registered_on <= ${periodEnd(period)}::date`.execute(
    db,
  );
  const pmi = await sql<{ months: number }>`
    select distinct coalesce(p.pmi_contract_months, 24) as months from participants p
    where p.segment = 'PMI' and p.registered_on between ${periodStart(period)}::date and ${periodEnd(period)}::date`.execute(
    db,
  );
  const combos: Combo[] = [];
  for (const b of bpu.rows) {
    const sponsoredTag = b.sponsored ? '|S' : '';
    combos.push({
      key: `BPU|${b.income}|${b.jht}|${b.transport}${sponsoredTag}`,
      input: {
        segment: 'BPU',
        period,
        income: BigInt(b.income),
        jht: b.jht,
        transport: b.transport,
        budgetFunded: b.sponsored,
      },
    });
  }
  for (const m of pmi.rows)
    combos.push({ key: `PMI|${m.months}`, input: { segment: 'PMI', period, contractMonths: m.months } });
  return combos;
}

/**
 * BPU members who owe part of their own month (what no sponsor pays) and PMI registered this month: one
 * invoice each.
 */
export function insertSelfInvoices(
  period: string,
  runId: number,
  bpuDue: string,
  due: string,
  lo: number,
  hi: number,
  amounts: RawBuilder<unknown>,
) {
  return sql`
    insert into invoices (period, payer_kind, payer_id, run_id, due_date)
    select ${period}, 'participant', x.id, ${runId}::bigint, x.due from (
      select distinct a.participant_id as id, ${bpuDue}::date as due
      from (${bpuAllocation(period, amounts, lo, hi)}) a where a.payer_kind = 'participant'
      union all
      select p.id, ${due}::date from participants p where p.id > ${lo} and p.id <= ${hi} and ${pmiPayer(period)}
    ) x
    on conflict (payer_kind, payer_id, period) do nothing`;
}

function pmiPayer(period: string): RawBuilder<unknown> {
  return sql`(p.segment = 'PMI' and p.registered_on between ${periodStart(period)}::date and ${periodEnd(period)}::date)`;
}

export function insertSelfLines(period: string, lo: number, hi: number, amounts: RawBuilder<unknown>) {
  // The chunk's invoices as a materialized set joined in (see insertEmployerLines: a probe per row
  // crosses shards on a Citus coordinator; a plain join was driven from this period's invoices).
  return sql`
    with inv as materialized (
      select i.payer_id, i.id from invoices i
      where i.payer_kind = 'participant' and i.period = ${period} and i.payer_id > ${lo} and i.payer_id <= ${hi}
    )
    insert into contribution_lines (invoice_id, participant_id, program, payer, for_period, base, amount)
    select inv.id, y.participant_id, y.program, 'participant', ${period}, y.amount, y.amount
    from (
        select a.participant_id, a.program, a.amount
        from (${bpuAllocation(period, amounts, lo, hi)}) a where a.payer_kind = 'participant'
        union all
        select p.id, v.program, v.amount
        from participants p join ${amounts} on v.key = ${PMI_KEY}
        where p.id > ${lo} and p.id <= ${hi} and ${pmiPayer(period)}
    ) y
    join inv on inv.payer_id = y.participant_id
    on conflict do nothing`;
}

/**
 * Sponsored participants: one invoice per sponsor and period, a line per participant and program the
 * sponsor pays a share of. `billable_sponsorships(period)` (partnerships module) keeps only those within
 * the agreement's budget; anyone left out pays their own month and is notified, never silently uncovered.
 */
export function insertSponsorInvoices(
  period: string,
  runId: number,
  due: string,
  amounts: RawBuilder<unknown>,
) {
  return sql`
    insert into invoices (period, payer_kind, payer_id, run_id, due_date)
    select distinct ${period}, 'sponsor', a.payer_id, ${runId}::bigint, ${due}::date
    from (${bpuAllocation(period, amounts, null, null)}) a where a.payer_kind = 'sponsor'
    on conflict (payer_kind, payer_id, period) do nothing`;
}

export function insertSponsorLines(period: string, amounts: RawBuilder<unknown>) {
  // The sponsors' invoices as a materialized set: a direct join crosses shards on Citus.
  return sql`
    with inv as materialized (select i.payer_id, i.id from invoices i where i.payer_kind = 'sponsor' and i.period = ${period})
    insert into contribution_lines (invoice_id, participant_id, program, payer, for_period, base, amount)
    select inv.id, a.participant_id, a.program, 'participant', ${period}, a.amount, a.amount
    from (${bpuAllocation(period, amounts, null, null)}) a
    join inv on inv.payer_id = a.payer_id
    where a.payer_kind = 'sponsor'
    on conflict do nothing`;
}
