import { sql } from 'kysely';
import type { Database } from '../../platform/db.ts';

/**
 * Synthetic outreach for the demo: for each sponsor agreement, a socialisation event in each of the six
 * regencies where it enrolled most people during its term (held a week before the first of them registered,
 * never before the agreement starts), and visits by the
 * demo branch officer and two invented agents in the villages with most enrolments. The registrations
 * that followed are the attributed people of that regency or village.
 */
const AGENTS = ['Agen Perisai Rudi Hartono (sintetis)', 'Agen Perisai Sri Wahyuni (sintetis)'];

export async function seedOutreachDemo(db: Database): Promise<void> {
  const babel = await db
    .selectFrom('agreements')
    .select('id')
    .where('number', 'like', 'PKS/DEMO/PEMPROV-BABEL/RENTAN%')
    .executeTakeFirst();
  const sponsors = await db
    .selectFrom('agreements')
    .select('id')
    .where('number', 'like', 'PKS/DEMO/%')
    .where('payer', '=', 'sponsor')
    .orderBy('id')
    .execute();
  for (const a of sponsors) {
    await campaigns(db, a.id);
    await visits(db, a.id);
  }
  const kemenkop = await db
    .selectFrom('agreements')
    .select('id')
    .where('number', 'like', 'MOU/DEMO/KEMENKOP%')
    .executeTakeFirst();
  if (kemenkop)
    await sql`insert into outreach_campaigns (kind, title, agreement_id, region_code, held_on, reached, note, synthetic)
      values ('education', 'Edukasi jaminan sosial bagi pengurus koperasi', ${kemenkop.id}, '31', '2021-03-16', 240,
        'Data sintetis', true)`.execute(db);
  await sql`insert into referral_codes (code, agreement_id, agent_name)
    select 'BABEL-' || (row_number() over (order by a))::text, ${babel?.id ?? null}::bigint, a
    from unnest(${AGENTS}::text[]) a where ${babel?.id ?? null}::bigint is not null
    on conflict do nothing`.execute(db);
}

async function campaigns(db: Database, agreementId: number): Promise<void> {
  await sql`
    with term as (select starts_on, coalesce(ends_on, 'infinity'::date) as ends_on from agreements where id = ${agreementId}),
    people as (
      select p.regency_code, p.id, p.registered_on from agreement_people ap join participants p on p.id = ap.participant_id
      cross join term
      where ap.agreement_id = ${agreementId} and p.registered_on between term.starts_on and term.ends_on
    ),
    ins as (
      insert into outreach_campaigns (kind, title, agreement_id, region_code, held_on, reached, note, synthetic)
      select 'socialisation', 'Sosialisasi perlindungan pekerja rentan, ' || r.name, ${agreementId}, g.regency_code,
        greatest(g.first - 7, term.starts_on), greatest(40, 3 * g.n), 'Data sintetis', true
      from (select regency_code, min(registered_on) as first, count(*) as n from people group by regency_code
            order by n desc, regency_code limit 6) g
      join regions r on r.code = g.regency_code
      cross join term
      returning id, region_code, held_on
    )
    insert into outreach_registrations (participant_id, campaign_id, registered_on)
    select pe.id, ins.id, pe.registered_on from ins join people pe on pe.regency_code = ins.region_code
    where pe.registered_on >= ins.held_on`.execute(db);
}

async function visits(db: Database, agreementId: number): Promise<void> {
  const officer = await db
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'branch_officer')
    .orderBy('id')
    .executeTakeFirst();
  await sql`
    with term as (select starts_on, coalesce(ends_on, 'infinity'::date) as ends_on from agreements where id = ${agreementId}),
    people as (
      select p.village_code, p.id, p.registered_on from agreement_people ap join participants p on p.id = ap.participant_id
      cross join term
      where ap.agreement_id = ${agreementId} and p.registered_on between term.starts_on and term.ends_on
    ),
    top as (
      select village_code, min(registered_on) as first, count(*) as n,
        row_number() over (order by count(*) desc, village_code) as k
      from people group by village_code order by n desc, village_code limit 6
    ),
    ins as (
      insert into outreach_visits (officer_id, agent_name, region_code, visited_on, reached, agreement_id, note, synthetic)
      select case when k % 3 = 0 then ${officer?.id ?? null}::int end,
        case when k % 3 = 0 and ${officer?.id ?? null}::int is not null then null
          else (${AGENTS}::text[])[1 + k % 2] end,
        village_code, greatest(first - 3, term.starts_on), greatest(10, 4 * n), ${agreementId},
        'Kunjungan rumah ke rumah (data sintetis)', true
      from top cross join term
      returning id, region_code, visited_on
    )
    insert into outreach_registrations (participant_id, visit_id, registered_on)
    select pe.id, ins.id, pe.registered_on from ins join people pe on pe.village_code = ins.region_code
    where pe.registered_on >= ins.visited_on`.execute(db);
}
