import { type RawBuilder, sql } from 'kysely';
import type { Database } from '../../platform/db.ts';
import { periodEnd, periodStart } from '../../platform/period.ts';
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

export function sponsoredCondition(period: string): RawBuilder<unknown> {
  // IN, not a correlated EXISTS: the set-returning function then runs once per statement, not per person.
  return sql`p.id in (select s.participant_id from billable_sponsorships(${period}) s)`;
}

/** Distinct BPU and PMI combinations present in this period's population. */
export async function periodCombos(db: Database, period: string): Promise<Combo[]> {
  const bpu = await sql<{ income: number; jht: boolean; transport: boolean; sponsored: boolean }>`
    select distinct coalesce(p.declared_income, 0)::bigint as income, ('JHT' = any(p.programs)) as jht, p.is_transport as transport,
           ${sponsoredCondition(period)} as sponsored
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

/** BPU who pay for themselves (not sponsored this month) and PMI registered this month: one invoice each. */
export function insertSelfInvoices(
  period: string,
  runId: number,
  bpuDue: string,
  due: string,
  lo: number,
  hi: number,
) {
  return sql`
    insert into invoices (period, payer_kind, payer_id, run_id, due_date)
    select ${period}, 'participant', p.id, ${runId}::bigint, case when p.segment = 'BPU' then ${bpuDue}::date else ${due}::date end
    from participants p
    where p.id > ${lo} and p.id <= ${hi} and ${selfPayer(period)}
    on conflict (payer_kind, payer_id, period) do nothing`;
}

function selfPayer(period: string): RawBuilder<unknown> {
  return sql`((p.segment = 'BPU' and p.status = 'active' and p.registered_on <= ${periodEnd(period)}::date and not ${sponsoredCondition(period)})
          or (p.segment = 'PMI' and p.registered_on between ${periodStart(period)}::date and ${periodEnd(period)}::date))`;
}

export function insertSelfLines(period: string, lo: number, hi: number, amounts: RawBuilder<unknown>) {
  return sql`
    insert into contribution_lines (invoice_id, participant_id, program, payer, for_period, base, amount)
    select x.invoice_id, x.id, v.program, v.payer, ${period}, v.amount, v.amount
    from (
      -- Invoice looked up per person through its unique index (see insertEmployerLines: a join was
      -- driven from this period's invoices, with no statistics yet, and grew with every chunk).
      select p.id, case when p.segment = 'BPU' then ${BPU_KEY} else ${PMI_KEY} end as key,
             (select i.id from invoices i where i.payer_kind = 'participant' and i.payer_id = p.id and i.period = ${period}) as invoice_id
      from participants p
      where p.id > ${lo} and p.id <= ${hi} and ${selfPayer(period)}
    ) x
    join ${amounts} on v.key = x.key
    where x.invoice_id is not null
    on conflict do nothing`;
}

/**
 * Sponsored participants: one invoice per sponsor and period, a line per participant and program.
 * `billable_sponsorships(period)` (partnerships module) keeps only those within the agreement's budget
 * ceiling; anyone left out is billed as a self-paying BPU and notified, never silently uncovered.
 */
export function insertSponsorInvoices(period: string, runId: number, due: string) {
  return sql`
    insert into invoices (period, payer_kind, payer_id, run_id, due_date)
    select distinct ${period}, 'sponsor', s.partner_id, ${runId}::bigint, ${due}::date
    from billable_sponsorships(${period}) s join participants p on p.id = s.participant_id
    where p.segment = 'BPU' and p.status = 'active'
    on conflict (payer_kind, payer_id, period) do nothing`;
}

export function insertSponsorLines(period: string, amounts: RawBuilder<unknown>) {
  return sql`
    insert into contribution_lines (invoice_id, participant_id, program, payer, for_period, base, amount)
    select i.id, p.id, v.program, 'participant', ${period}, v.amount, v.amount
    from billable_sponsorships(${period}) s
    join participants p on p.id = s.participant_id and p.segment = 'BPU' and p.status = 'active'
    join invoices i on i.payer_kind = 'sponsor' and i.payer_id = s.partner_id and i.period = ${period}
    join ${amounts} on v.key = ${BPU_KEY} || '|S'
    on conflict do nothing`;
}
