import { sql } from 'kysely';
import type { Database } from '../../platform/db.ts';
import { parsePeriod, periodEnd } from '../../platform/period.ts';
import { amountsValues, BPU_KEY, type Combo, comboAmounts } from '../contributions/billing-other.ts';

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

/** The BPU combinations (income, JHT, transport) of this period's candidates, costed as budget-funded. */
async function candidateCombos(db: Database, period: string): Promise<Combo[]> {
  const r = await sql<{ income: number; jht: boolean; transport: boolean }>`
    select distinct coalesce(p.declared_income, 0)::bigint as income, ('JHT' = any(p.programs)) as jht,
      p.is_transport as transport
    from sponsorships s join agreements a on a.id = s.agreement_id and a.budget_ceiling is not null
    join participants p on p.id = s.participant_id
    where p.segment = 'BPU' and s.from_period <= ${period} and (s.to_period is null or s.to_period >= ${period})`.execute(
    db,
  );
  // The key format is billing-other.ts's, so the cost is exactly what the sponsor invoice line will be.
  return r.rows.map((b) => ({
    key: `BPU|${b.income}|${b.jht}|${b.transport}|S`,
    input: {
      segment: 'BPU',
      period,
      income: BigInt(b.income),
      jht: b.jht,
      transport: b.transport,
      budgetFunded: true,
    },
  }));
}

/** Decides the period's undecided sponsorships under ceilings; idempotent. */
export async function decideSponsorships(db: Database, periodIn: string): Promise<BudgetDecision> {
  const period = parsePeriod(periodIn);
  const combos = await candidateCombos(db, period);
  if (!combos.length) return { billable: 0, overBudget: 0 };
  const amounts = amountsValues(comboAmounts(combos).rows);
  await db.transaction().execute(async (trx) => {
    await sql`
      with cand as (
        select s.id as sponsorship_id, s.participant_id, s.agreement_id, a.budget_ceiling,
          coalesce(ap.attributed_on, s.created_at::date) as attributed_on,
          (select coalesce(sum(v.amount), 0) from ${amounts} where v.key = ${BPU_KEY} || '|S')::bigint as cost
        from sponsorships s join agreements a on a.id = s.agreement_id and a.budget_ceiling is not null
        join participants p on p.id = s.participant_id
        left join agreement_people ap on ap.agreement_id = s.agreement_id and ap.participant_id = s.participant_id
        where p.segment = 'BPU' and p.status = 'active' and p.registered_on <= ${periodEnd(period)}::date
          and s.from_period <= ${period} and (s.to_period is null or s.to_period >= ${period})
          and not exists (select 1 from sponsorship_decisions d where d.period = ${period} and d.sponsorship_id = s.id)
      ),
      used as (
        select a.id as agreement_id,
          coalesce((select sum(cl.amount) from contribution_lines cl
            join invoices i on i.id = cl.invoice_id and i.payer_kind = 'sponsor'
            where cl.for_period <> ${period} and exists (
              select 1 from sponsorships s2 where s2.agreement_id = a.id and s2.participant_id = cl.participant_id
                and s2.partner_id = i.payer_id and s2.from_period <= cl.for_period
                and (s2.to_period is null or s2.to_period >= cl.for_period))), 0)
          + coalesce((select sum(d.cost) from sponsorship_decisions d
              where d.agreement_id = a.id and d.period = ${period} and d.status = 'billable'), 0) as used
        from agreements a where a.id in (select agreement_id from cand)
      ),
      ranked as (
        select c.*, sum(c.cost) over (partition by c.agreement_id
          order by c.attributed_on, c.sponsorship_id rows unbounded preceding) as running
        from cand c
      )
      insert into sponsorship_decisions (period, sponsorship_id, participant_id, agreement_id, status, cost)
      select ${period}, r.sponsorship_id, r.participant_id, r.agreement_id,
        case when u.used + r.running <= r.budget_ceiling then 'billable' else 'over_budget' end, r.cost
      from ranked r join used u on u.agreement_id = r.agreement_id
      on conflict (period, sponsorship_id) do nothing`.execute(trx);
    await notifySuspended(trx, period);
  });
  const r = await sql<{ billable: number; over: number }>`
    select count(*) filter (where status = 'billable')::int as billable,
      count(*) filter (where status = 'over_budget')::int as over
    from sponsorship_decisions where period = ${period}`.execute(db);
  return { billable: r.rows[0]?.billable ?? 0, overBudget: r.rows[0]?.over ?? 0 };
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
