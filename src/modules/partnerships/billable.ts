import { type RawBuilder, sql } from 'kysely';

/**
 * The billable sponsorships of a period and each one's share of each program, as subqueries. They
 * are the bodies of the SQL functions `billable_sponsorships(period)` and `sponsorship_shares(period)`
 * (migration 20261203T2150), written out here so a caller's query holds them inline: on a Citus
 * coordinator a SQL function reading distributed tables runs its body as a parameterised query,
 * which Citus refuses (docs/decisions/0015-citus-distribution.md). The same rows as the functions
 * (the shares are read per enrolled program instead of per agreement key); keep them in step.
 */
export function billableSponsorships(period: string): RawBuilder<unknown> {
  return sql`(
    select s.* from sponsorships s
    left join agreements a on a.id = s.agreement_id
    where s.from_period <= ${period}::text and (s.to_period is null or s.to_period >= ${period}::text)
      and ((a.budget_ceiling is null and not exists (select 1 from sponsor_budget_years y where y.agreement_id = a.id))
        or exists (
        select 1 from sponsorship_decisions d
        where d.period = ${period}::text and d.sponsorship_id = s.id and d.status = 'billable')))`;
}

/** Rows (sponsorship_id, participant_id, partner_id, program, pct, budget_funded). */
export function sponsorshipShares(period: string): RawBuilder<unknown> {
  return sql`(
    select s.id as sponsorship_id, s.participant_id, s.partner_id, x.program, x.pct, s.budget_funded
    from ${billableSponsorships(period)} s
    join participants p on p.id = s.participant_id
    left join agreements a on a.id = s.agreement_id
    -- the agreement's share of each enrolled program it lists, or 100% of every enrolled program when
    -- it lists none (one scan of programs: Citus takes no set-returning functions under a UNION)
    cross join lateral (
      select u.program,
             case when coalesce(a.sponsor_shares, '{}'::jsonb) = '{}'::jsonb then 100::numeric
                  else (a.sponsor_shares ->> u.program)::numeric end as pct
      from unnest(p.programs) u(program)
      where coalesce(a.sponsor_shares, '{}'::jsonb) = '{}'::jsonb or a.sponsor_shares ? u.program
    ) x)`;
}
