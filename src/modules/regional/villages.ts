/**
 * Villages (issue 18): a village page (coverage, workforce estimate where known, village-fund
 * sponsorships, agents working there, outreach) and the villages of a regency ranked. Aggregates only;
 * active = participants with status active domiciled in the village.
 */
import { sql } from 'kysely';
import type { Database } from '../../platform/db.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { type Actor, can } from '../access/policy.ts';
import { assertCanSeeRegion, type CoverageScope } from '../coverage/scope.ts';
import { billableSponsorships } from '../partnerships/billable.ts';

const r2 = (x: number) => Math.round(x * 100) / 100;

export async function villagePage(
  db: Database,
  scope: CoverageScope,
  actor: Actor,
  code: string,
  period: string,
) {
  assertCanSeeRegion(scope, code);
  const v = await sql<{
    code: string;
    name: string;
    level: number;
    district: string;
    regency: string;
    regency_name: string;
  }>`
    select v.code, v.name, v.level, d.name as district, r.code as regency, r.name as regency_name
    from regions v join regions d on d.code = v.parent_code join regions r on r.code = d.parent_code
    where v.code = ${code}`.execute(db);
  const village = v.rows[0];
  if (village?.level !== 4) throw new NotFoundError(`village: desa ${code} tidak dikenal / unknown village`);
  const hide = (n: number) => (scope.minCell && n > 0 && n < scope.minCell ? null : n);
  const seg = await sql<{ segment: string; active: number; registered: number }>`
    select segment, count(*) filter (where status = 'active')::int as active, count(*)::int as registered
    from participants where village_code = ${code} group by 1 order by 1`.execute(db);
  const active = seg.rows.reduce((s, x) => s + x.active, 0);
  const wf = await sql<{ year: number; workforce: number; source_url: string | null; note: string | null }>`
    select year, workforce, source_url, note from village_workforce where village_code = ${code} order by year desc limit 1`.execute(
    db,
  );
  const workforce = wf.rows[0] ?? null;
  const sponsors = await sql<{ agreement_id: number; number: string; partner: string; people: number }>`
    select a.id as agreement_id, a.number, pt.name as partner,
      (select count(*) from ${billableSponsorships(period)} s where s.agreement_id = a.id)::int as people
    from agreements a join partners pt on pt.id = a.partner_id
    where pt.type = 'village' and pt.region_code = ${code} and a.payer = 'sponsor' order by a.number`.execute(
    db,
  );
  const sponsoredHere = await sql<{ n: number }>`
    select count(distinct s.participant_id)::int as n from ${billableSponsorships(period)} s
    join participants p on p.id = s.participant_id where p.village_code = ${code}`.execute(db);
  const agents = await sql<{ code: string; full_name: string; recruits: number; from_date: string }>`
    select ag.code, ag.full_name, to_char(av.from_date, 'YYYY-MM-DD') as from_date,
      (select count(*) from agent_recruits ar where ar.agent_id = ag.id and ar.village_code = ${code})::int as recruits
    from agent_villages av join agents ag on ag.id = av.agent_id
    where av.village_code = ${code} and av.to_date is null and ag.status = 'active' order by ag.code`.execute(
    db,
  );
  const outreach = await sql<{
    campaigns: number;
    visits: number;
    reached: number;
    registrations: number;
    last_on: string | null;
  }>`
    select (select count(*) from outreach_campaigns where region_code = ${code})::int as campaigns,
      (select count(*) from outreach_visits where region_code = ${code})::int as visits,
      ((select coalesce(sum(reached), 0) from outreach_campaigns where region_code = ${code})
        + (select coalesce(sum(reached), 0) from outreach_visits where region_code = ${code}))::int as reached,
      (select count(*) from outreach_registrations r left join outreach_campaigns c on c.id = r.campaign_id
        left join outreach_visits vi on vi.id = r.visit_id where c.region_code = ${code} or vi.region_code = ${code})::int as registrations,
      (select to_char(max(d), 'YYYY-MM-DD') from (select held_on as d from outreach_campaigns where region_code = ${code}
        union all select visited_on from outreach_visits where region_code = ${code}) x) as last_on`.execute(
    db,
  );
  // Agent names are for the branch office and head office; a regional government sees how many work there.
  // (aggregates.read reaches here: head office, branch, auditor, regional government; staff.names all but the last)
  const names = can(actor, 'staff.names');
  return {
    village,
    period,
    coverage: {
      active: hide(active),
      segments: seg.rows.map((s) => ({
        segment: s.segment,
        active: hide(s.active),
        registered: hide(s.registered),
      })),
      workforce,
      coverage_pct: workforce && workforce.workforce > 0 ? r2((active / workforce.workforce) * 100) : null,
    },
    village_fund: { agreements: sponsors.rows, sponsored_people: hide(sponsoredHere.rows[0]!.n) },
    agents: names ? agents.rows : null,
    agents_count: agents.rows.length,
    outreach: outreach.rows[0]!,
  };
}

/** The villages of a regency ranked by coverage where the workforce is known, then by active members. */
export async function villageRanking(db: Database, scope: CoverageScope, regency: string, period: string) {
  if (!/^\d{2}\.\d{2}$/.test(regency))
    throw new ValidationError('regency: kode kabupaten/kota, mis. 19.71 / a regency code, e.g. 19.71');
  assertCanSeeRegion(scope, regency);
  const r = await sql<{
    code: string;
    name: string;
    active: number;
    workforce: number | null;
    sponsored: number;
    agents: number;
  }>`
    with vil as (
      select v.code, v.name from regions v join regions d on d.code = v.parent_code
      where v.level = 4 and d.parent_code = ${regency}
    ), act as (
      select p.village_code, count(*)::int as n from participants p
      where p.regency_code = ${regency} and p.status = 'active' group by 1
    ), sp as (
      select p.village_code, count(distinct s.participant_id)::int as n from ${billableSponsorships(period)} s
      join participants p on p.id = s.participant_id where p.regency_code = ${regency} group by 1
    )
    select vil.code, vil.name, coalesce(act.n, 0) as active,
      (select w.workforce from village_workforce w where w.village_code = vil.code order by w.year desc limit 1) as workforce,
      coalesce(sp.n, 0) as sponsored,
      (select count(*) from agent_villages av where av.village_code = vil.code and av.to_date is null)::int as agents
    from vil left join act on act.village_code = vil.code left join sp on sp.village_code = vil.code`.execute(
    db,
  );
  const hide = (n: number) => (scope.minCell && n > 0 && n < scope.minCell ? null : n);
  const rows = r.rows.map((x) => ({
    ...x,
    coverage_pct: x.workforce ? r2((x.active / x.workforce) * 100) : null,
  }));
  rows.sort(
    (a, b) =>
      (b.coverage_pct ?? -1) - (a.coverage_pct ?? -1) || b.active - a.active || a.code.localeCompare(b.code),
  );
  return {
    regency,
    period,
    rows: rows.map((x, i) => ({ ...x, rank: i + 1, active: hide(x.active), sponsored: hide(x.sponsored) })),
  };
}
