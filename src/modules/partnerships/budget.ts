import { sql } from 'kysely';
import type { Database } from '../../platform/db.ts';
import { formatRupiah } from '../../platform/money.ts';
import { parsePeriod, periodEnd } from '../../platform/period.ts';
import { amountsValues, BPU_KEY, type Combo, comboAmounts } from '../contributions/billing-other.ts';
import {
  type BudgetYearInput,
  type BudgetYearState,
  budgetYears,
  monthsLeft,
  RUNWAY_NOTICE_MONTHS,
} from './budget-rules.ts';

/**
 * Budget ceilings of sponsor agreements. Before a period is billed, each sponsorship under an agreement
 * with a ceiling is decided once: billable while the agreement's money billed so far plus this period's
 * cost of the people ahead of it (earliest attributed first, then sponsorship id) stays within the
 * ceiling; over_budget after that. The billing run bills only billable sponsorships to the sponsor
 * (SQL function billable_sponsorships); a person left out is billed as a self-paying BPU instead and
 * gets a notice, so the lapse is never silent. Decisions are kept: a resumed run sees the same ones.
 */
export interface BudgetDecision {
  billable: number;
  overBudget: number;
}

/**
 * An agreement is budgeted (needs a decision per period) when it has a ceiling over its life or budget
 * years. SQL condition on agreements `a`; the same test as billable_sponsorships.
 */
const BUDGETED = sql`(a.budget_ceiling is not null or exists (select 1 from sponsor_budget_years y where y.agreement_id = a.id))`;

/** The BPU combinations (income, JHT, transport, budget-funded) of this period's candidates. */
async function candidateCombos(db: Database, period: string): Promise<Combo[]> {
  const r = await sql<{ income: number; jht: boolean; transport: boolean; funded: boolean }>`
    select distinct coalesce(p.declared_income, 0)::bigint as income, ('JHT' = any(p.programs)) as jht,
      p.is_transport as transport, s.budget_funded as funded
    from sponsorships s join agreements a on a.id = s.agreement_id and ${BUDGETED}
    join participants p on p.id = s.participant_id
    where p.segment = 'BPU' and s.from_period <= ${period} and (s.to_period is null or s.to_period >= ${period})`.execute(
    db,
  );
  // The key format is billing-other.ts's, so the cost is exactly what the sponsor invoice line will be.
  return r.rows.map((b) => ({
    key: `BPU|${b.income}|${b.jht}|${b.transport}${b.funded ? '|S' : ''}`,
    input: {
      segment: 'BPU',
      period,
      income: BigInt(b.income),
      jht: b.jht,
      transport: b.transport,
      budgetFunded: b.funded,
    },
  }));
}

/** What a limit counts against: the money and the periods whose billing uses it. */
interface Limit {
  agreementId: number;
  cap: bigint;
  from: string;
  to: string;
}

/**
 * The money billed to the agreement's sponsor for its sponsored people, per budget year, the period
 * being decided left out (its cost is the decisions').
 */
async function usedByYear(db: Database, agreementIds: number[], period: string) {
  if (!agreementIds.length) return new Map<number, Map<number, bigint>>();
  const r = await sql<{ agreement_id: number; year: number; used: string }>`
    select s2.agreement_id, substr(cl.for_period, 1, 4)::int as year, sum(cl.amount)::text as used
    from contribution_lines cl
    join invoices i on i.id = cl.invoice_id and i.payer_kind = 'sponsor'
    join sponsorships s2 on s2.participant_id = cl.participant_id and s2.partner_id = i.payer_id
      and s2.from_period <= cl.for_period and (s2.to_period is null or s2.to_period >= cl.for_period)
    where s2.agreement_id in (${sql.join(agreementIds)}) and cl.for_period <> ${period}
    group by 1, 2`.execute(db);
  const out = new Map<number, Map<number, bigint>>();
  for (const x of r.rows) {
    const m = out.get(x.agreement_id) ?? new Map<number, bigint>();
    m.set(x.year, BigInt(x.used));
    out.set(x.agreement_id, m);
  }
  return out;
}

/** The budget years of agreements, with their top-ups summed. */
async function yearsOf(db: Database, agreementIds: number[]) {
  const out = new Map<number, BudgetYearInput[]>();
  if (!agreementIds.length) return out;
  const r = await sql<{
    agreement_id: number;
    year: number;
    ceiling: string;
    carry_over: boolean;
    topups: string;
  }>`
    select y.agreement_id, y.year, y.ceiling::text, y.carry_over,
      coalesce((select sum(t.amount) from sponsor_budget_topups t where t.agreement_id = y.agreement_id
        and t.year = y.year), 0)::text as topups
    from sponsor_budget_years y where y.agreement_id in (${sql.join(agreementIds)}) order by y.year`.execute(
    db,
  );
  for (const x of r.rows) {
    const l = out.get(x.agreement_id) ?? [];
    l.push({ year: x.year, ceiling: BigInt(x.ceiling), carryOver: x.carry_over, topups: BigInt(x.topups) });
    out.set(x.agreement_id, l);
  }
  return out;
}

/**
 * The state of an agreement's budget for the budget year of `period`: per budget year when it has any
 * (ceiling + top-ups + carry-over, spent within the year), else its ceiling over its whole life; null when
 * it has neither. `used` leaves `period` out.
 */
export async function budgetLimits(db: Database, agreementIds: number[], period: string) {
  const out = new Map<number, Limit & { years: BudgetYearState[] }>();
  if (!agreementIds.length) return out;
  const year = Number(period.slice(0, 4));
  const [years, used, ceilings] = await Promise.all([
    yearsOf(db, agreementIds),
    usedByYear(db, agreementIds, period),
    db.selectFrom('agreements').select(['id', 'budget_ceiling']).where('id', 'in', agreementIds).execute(),
  ]);
  for (const a of ceilings) {
    const ys = years.get(a.id);
    const u = used.get(a.id) ?? new Map<number, bigint>();
    if (ys?.length) {
      // Carry-over into `year` depends on what earlier years spent; `year` itself counts from zero here
      // (the SQL adds what was billed this year in other months).
      const before = new Map([...u].filter(([y]) => y < year));
      const states = budgetYears(ys, before);
      const cap = states.find((s) => s.year === year)?.available ?? 0n;
      out.set(a.id, {
        agreementId: a.id,
        cap,
        from: `${year}-01`,
        to: `${year}-12`,
        years: budgetYears(ys, u),
      });
    } else if (a.budget_ceiling !== null)
      out.set(a.id, {
        agreementId: a.id,
        cap: BigInt(a.budget_ceiling),
        from: '0000-01',
        to: '9999-12',
        years: [],
      });
  }
  return out;
}

const limitsValues = (limits: Limit[]) =>
  sql`(values ${sql.join(limits.map((l) => sql`(${l.agreementId}::bigint, ${l.cap}::bigint, ${l.from}::text, ${l.to}::text)`))}) as lim(agreement_id, cap, p_from, p_to)`;

/**
 * What one sponsorship costs its sponsor this month: its share of each of the person's programs
 * (round(amount × share%), at most the amount), the amounts as budget-funded or not per its flag.
 */
function sponsorshipCost(amounts: ReturnType<typeof amountsValues>) {
  return sql`(select coalesce(sum(least(round(v.amount * x.pct / 100)::bigint, v.amount)), 0) from ${amounts}
      -- The program's share as one expression (no shares: all of it), not a UNION over
      -- jsonb_each_text: Citus cannot push a table function inside a UNION down to the shards.
      cross join lateral (values (
        case when a.sponsor_shares = '{}'::jsonb then 100::numeric else (a.sponsor_shares ->> v.program)::numeric end
      )) as x (pct)
      where x.pct is not null and v.program = any(p.programs)
        and v.key = ${BPU_KEY} || case when s.budget_funded then '|S' else '' end)::bigint`;
}

/**
 * What each agreement's sponsor invoices already carried for its sponsored people in its budget
 * window, before this period. In materialized steps (the sponsor invoices, then their lines), so that
 * on a Citus coordinator, where lines live by participant and invoices by payer, no step probes the
 * other group row by row; the same statement runs on a single server.
 */
async function spentBefore(db: Database, limits: Limit[], period: string): Promise<Map<number, bigint>> {
  const r = await sql<{ agreement_id: number; spent: string }>`
    with lim as materialized (select * from ${limitsValues(limits)}),
    si as materialized (select i.id, i.payer_id from invoices i where i.payer_kind = 'sponsor'),
    x as materialized (
      select cl.participant_id, cl.invoice_id, cl.for_period, cl.amount from contribution_lines cl
      where cl.invoice_id in (select id from si) and cl.for_period <> ${period}
    )
    select lim.agreement_id, sum(x.amount)::text as spent
    from lim join x on x.for_period between lim.p_from and lim.p_to join si on si.id = x.invoice_id
    where exists (
      select 1 from sponsorships s2 where s2.agreement_id = lim.agreement_id and s2.participant_id = x.participant_id
        and s2.partner_id = si.payer_id and s2.from_period <= x.for_period
        and (s2.to_period is null or s2.to_period >= x.for_period))
    group by lim.agreement_id`.execute(db);
  return new Map(r.rows.map((x) => [Number(x.agreement_id), BigInt(x.spent)]));
}

/** Decides the period's undecided sponsorships under ceilings or budget years; idempotent. */
export async function decideSponsorships(db: Database, periodIn: string): Promise<BudgetDecision> {
  const period = parsePeriod(periodIn);
  const combos = await candidateCombos(db, period);
  if (!combos.length) return { billable: 0, overBudget: 0 };
  const amounts = amountsValues(comboAmounts(combos).rows);
  const ids = (
    await sql<{ id: number }>`select distinct s.agreement_id as id from sponsorships s
      join agreements a on a.id = s.agreement_id and ${BUDGETED}
      where s.from_period <= ${period} and (s.to_period is null or s.to_period >= ${period})`.execute(db)
  ).rows.map((r) => r.id);
  const limits = [...(await budgetLimits(db, ids, period)).values()];
  if (!limits.length) return { billable: 0, overBudget: 0 };
  const spent = await spentBefore(db, limits, period);
  const spentValues = sql`(values ${sql.join(limits.map((l) => sql`(${l.agreementId}::bigint, ${spent.get(Number(l.agreementId)) ?? 0n}::bigint)`))}) as sp(agreement_id, spent)`;
  await db.transaction().execute(async (trx) => {
    await sql`
      with lim as (select * from ${limitsValues(limits)}),
      ap as materialized (
        select ap.agreement_id, ap.participant_id, ap.attributed_on from agreement_people ap
        where ap.agreement_id in (select agreement_id from lim)
      ),
      cand as materialized (
        select s.id as sponsorship_id, s.participant_id, s.agreement_id, lim.cap,
          coalesce(ap.attributed_on, s.created_at::date) as attributed_on,
          ${sponsorshipCost(amounts)} as cost
        from sponsorships s join agreements a on a.id = s.agreement_id
        join lim on lim.agreement_id = s.agreement_id
        join participants p on p.id = s.participant_id
        left join ap on ap.agreement_id = s.agreement_id and ap.participant_id = s.participant_id
        where p.segment = 'BPU' and p.status = 'active' and p.registered_on <= ${periodEnd(period)}::date
          and s.from_period <= ${period} and (s.to_period is null or s.to_period >= ${period})
          and not exists (select 1 from sponsorship_decisions d where d.period = ${period} and d.sponsorship_id = s.id)
      ),
      used as (
        select sp.agreement_id,
          sp.spent + coalesce((select sum(d.cost) from sponsorship_decisions d
              where d.agreement_id = sp.agreement_id and d.period = ${period} and d.status = 'billable'), 0) as used
        from ${spentValues} where sp.agreement_id in (select agreement_id from cand)
      ),
      ranked as (
        select c.*, sum(c.cost) over (partition by c.agreement_id
          order by c.attributed_on, c.sponsorship_id rows unbounded preceding) as running
        from cand c
      )
      insert into sponsorship_decisions (period, sponsorship_id, participant_id, agreement_id, status, cost)
      select ${period}, r.sponsorship_id, r.participant_id, r.agreement_id,
        case when u.used + r.running <= r.cap then 'billable' else 'over_budget' end, r.cost
      from ranked r join used u on u.agreement_id = r.agreement_id
      on conflict (period, sponsorship_id) do nothing`.execute(trx);
    await notifySuspended(trx, period);
    await notifyRunway(trx, period, limits);
  });
  const r = await sql<{ billable: number; over: number }>`
    select count(*) filter (where status = 'billable')::int as billable,
      count(*) filter (where status = 'over_budget')::int as over
    from sponsorship_decisions where period = ${period}`.execute(db);
  return { billable: r.rows[0]?.billable ?? 0, overBudget: r.rows[0]?.over ?? 0 };
}

/**
 * Months left of each budgeted agreement at this period's rate (the billable decisions' cost); below
 * RUNWAY_NOTICE_MONTHS the sponsor gets a notice on file, once per period.
 */
async function notifyRunway(db: Database, period: string, limits: Limit[]): Promise<void> {
  const spentNow = await spentBefore(db, limits, period);
  const r = await sql<{ agreement_id: number; monthly: string; number: string; name: string }>`
    select lim.agreement_id, a.number, pt.name,
      coalesce((select sum(d.cost) from sponsorship_decisions d where d.agreement_id = lim.agreement_id
        and d.period = ${period} and d.status = 'billable'), 0)::text as monthly
    from ${limitsValues(limits)} join agreements a on a.id = lim.agreement_id join partners pt on pt.id = a.partner_id`.execute(
    db,
  );
  const cap = new Map(limits.map((l) => [l.agreementId, l.cap]));
  for (const x of r.rows) {
    const available = cap.get(x.agreement_id) ?? 0n;
    const monthly = BigInt(x.monthly);
    const spent = (spentNow.get(Number(x.agreement_id)) ?? 0n) + monthly;
    const remaining = available > spent ? available - spent : 0n;
    const left = monthsLeft(remaining, monthly);
    if (left === null || left >= RUNWAY_NOTICE_MONTHS) continue;
    const rp = formatRupiah(remaining);
    await sql`insert into sponsor_budget_notices (agreement_id, period, available, remaining, monthly_cost, months_left, message_id, message_en)
      values (${x.agreement_id}, ${period}, ${available}, ${remaining}, ${monthly}, ${left},
        ${`Sisa anggaran ${x.name} untuk perjanjian ${x.number} setelah periode ${period}: ${rp}, cukup untuk ${left} bulan lagi dengan biaya saat ini. Tambahkan anggaran agar peserta tetap terlindungi.`},
        ${`The budget of ${x.name} under agreement ${x.number} after ${period}: ${rp} left, enough for ${left} more month(s) at the current cost. Top it up to keep the members covered.`})
      on conflict (agreement_id, period) do nothing`.execute(db);
  }
}

/** One notice per person, agreement and period left out: what happened and what they can do. */
async function notifySuspended(db: Database, period: string): Promise<void> {
  await sql`
    insert into sponsorship_notices (kind, participant_id, agreement_id, period, message_id, message_en)
    select 'sponsorship_suspended', d.participant_id, d.agreement_id, d.period,
      'Anggaran ' || pt.name || ' untuk perjanjian ' || a.number || ' telah habis. Iuran periode ' || d.period
        || ' ditagihkan kepada Anda sebagai peserta BPU mandiri; bayar agar perlindungan tetap aktif.',
      'The budget of ' || pt.name || ' under agreement ' || a.number || ' is used up. Contributions for '
        || d.period || ' are billed to you as a self-paying BPU participant; pay to stay covered.'
    from sponsorship_decisions d join agreements a on a.id = d.agreement_id join partners pt on pt.id = a.partner_id
    where d.period = ${period} and d.status = 'over_budget'
    on conflict (kind, participant_id, agreement_id, period) do nothing`.execute(db);
}

/** Decisions and notices of one agreement in one period (who was left out, and that they were told). */
export async function budgetDecisions(db: Database, agreementId: number, period: string) {
  const r = await sql<{
    participant_id: number;
    full_name: string;
    status: string;
    cost: number;
    notified: boolean;
  }>`
    select d.participant_id, p.full_name, d.status, d.cost::float8 as cost,
      exists (select 1 from sponsorship_notices n where n.participant_id = d.participant_id
        and n.agreement_id = d.agreement_id and n.period = d.period) as notified
    from sponsorship_decisions d join participants p on p.id = d.participant_id
    where d.agreement_id = ${agreementId} and d.period = ${period}
    order by d.status, p.full_name`.execute(db);
  return r.rows;
}
