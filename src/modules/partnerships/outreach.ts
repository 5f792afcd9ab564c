import { type RawBuilder, sql } from 'kysely';
import { type Clock, isoDate } from '../../platform/clock.ts';
import type { Database } from '../../platform/db.ts';
import { ValidationError } from '../../platform/errors.ts';
import { periodOf } from '../../platform/period.ts';
import { recordAudit } from '../access/audit.ts';
import { type Actor, assertCan, assertInScope, regionIn, registryScope } from '../access/policy.ts';
import { activeBasis, effectiveSpans } from '../coverage/active.ts';
import type { AgreementScope } from './scope.ts';

/**
 * Outreach: campaigns (socialisation, promotion, education events) and door-to-door visits by branch
 * officers and agents, each with the people reached and the registrations that followed; and the
 * conversion of those registrations into paying participants.
 */
export interface CampaignInput {
  kind: 'socialisation' | 'promotion' | 'education';
  title: string;
  agreement_id?: number | null;
  region_code: string;
  held_on: string;
  reached: number;
  note?: string | null;
  synthetic?: boolean;
  registered_niks?: string[];
}

export interface VisitInput {
  agent_name?: string | null;
  /** Officer's user id; defaults to the acting branch officer. */
  officer_id?: number | null;
  region_code: string;
  visited_on: string;
  reached: number;
  agreement_id?: number | null;
  campaign_id?: number | null;
  note?: string | null;
  synthetic?: boolean;
  registered_niks?: string[];
}

function assertOutreachWriter(a: Actor): void {
  assertCan(a, 'agreements.manage');
}

async function participantIds(
  db: Database,
  niks: string[] | undefined,
): Promise<Array<{ id: number; registered_on: string }>> {
  if (!niks?.length) return [];
  const rows = await db
    .selectFrom('participants')
    .select(['id', 'nik', 'registered_on'])
    .where('nik', 'in', niks)
    .execute();
  const found = new Set(rows.map((r) => r.nik));
  const missing = niks.filter((n) => !found.has(n));
  if (missing.length)
    throw new ValidationError(
      `registered_niks: tidak terdaftar / not registered: ${missing.join(', ')}`,
      missing,
    );
  return rows;
}

export async function createCampaign(db: Database, i: CampaignInput, actor: Actor): Promise<{ id: number }> {
  assertOutreachWriter(actor);
  await assertInScope(db, actor, { village: i.region_code });
  const people = await participantIds(db, i.registered_niks);
  const { registered_niks: _n, ...row } = i;
  return db.transaction().execute(async (trx) => {
    const c = await trx
      .insertInto('outreach_campaigns')
      .values({ ...row, created_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (people.length)
      await trx
        .insertInto('outreach_registrations')
        .values(
          people.map((p) => ({ participant_id: p.id, campaign_id: c.id, registered_on: p.registered_on })),
        )
        .execute();
    await recordAudit(trx, actor, 'create', 'outreach_campaign', String(c.id), null, i);
    return c;
  });
}

export async function createVisit(db: Database, i: VisitInput, actor: Actor): Promise<{ id: number }> {
  assertOutreachWriter(actor);
  await assertInScope(db, actor, { village: i.region_code });
  // Without an officer named, a branch officer (the one manager with a regional scope) made the visit.
  const officer = i.officer_id ?? (registryScope(actor).kind === 'regions' ? actor.userId : null);
  if (officer === null && !i.agent_name)
    throw new ValidationError(
      'agent_name: petugas atau agen wajib diisi / an officer or an agent is required',
    );
  const people = await participantIds(db, i.registered_niks);
  const { registered_niks: _n, ...row } = i;
  return db.transaction().execute(async (trx) => {
    const v = await trx
      .insertInto('outreach_visits')
      .values({ ...row, officer_id: officer, created_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (people.length)
      await trx
        .insertInto('outreach_registrations')
        .values(people.map((p) => ({ participant_id: p.id, visit_id: v.id, registered_on: p.registered_on })))
        .execute();
    await recordAudit(trx, actor, 'create', 'outreach_visit', String(v.id), null, i);
    return v;
  });
}

/** Outreach rows visible in an agreement scope: partners see their agreements' events only. */
function outreachFilter(scope: AgreementScope, alias: 'c' | 'v'): RawBuilder<boolean> {
  const col = sql.raw(`${alias}.agreement_id`);
  const region = sql.raw(`${alias}.region_code`);
  switch (scope.kind) {
    case 'all':
      return sql<boolean>`true`;
    case 'none':
      return sql<boolean>`false`;
    case 'partner':
      return sql<boolean>`${col} in (select id from agreements where partner_id = ${scope.partnerId})`;
    case 'regions':
      return regionIn(region, scope.codes);
  }
}

export interface OutreachEntry {
  type: 'campaign' | 'visit';
  id: number;
  kind: string;
  title: string;
  who: string | null;
  region_code: string;
  region_name: string;
  on: string;
  reached: number;
  registrations: number;
  agreement_id: number | null;
  agreement_number: string | null;
  synthetic: boolean;
}

/** The outreach log: campaigns and visits together, newest first. */
export async function outreachLog(
  db: Database,
  scope: AgreementScope,
  f: { agreementId?: number; limit: number; staffNames?: boolean },
) {
  const ag = f.agreementId ?? null;
  // Officers' names only for roles that may see agency staff (not regional governments).
  const who = f.staffNames === false ? sql`v.agent_name` : sql`coalesce(u.full_name, v.agent_name)`;
  const r = await sql<OutreachEntry>`
    select * from (
      select 'campaign' as type, c.id, c.kind, c.title, null::text as who, c.region_code, rg.name as region_name,
        c.held_on as on, c.reached, (select count(*)::int from outreach_registrations o where o.campaign_id = c.id) as registrations,
        c.agreement_id, a.number as agreement_number, c.synthetic
      from outreach_campaigns c join regions rg on rg.code = c.region_code left join agreements a on a.id = c.agreement_id
      where ${outreachFilter(scope, 'c')} and (${ag}::bigint is null or c.agreement_id = ${ag})
      union all
      select 'visit', v.id, 'visit', coalesce(v.note, 'Kunjungan'), ${who}, v.region_code, rg.name,
        v.visited_on, v.reached, (select count(*)::int from outreach_registrations o where o.visit_id = v.id),
        v.agreement_id, a.number, v.synthetic
      from outreach_visits v join regions rg on rg.code = v.region_code left join users u on u.id = v.officer_id
      left join agreements a on a.id = v.agreement_id
      where ${outreachFilter(scope, 'v')} and (${ag}::bigint is null or v.agreement_id = ${ag})
    ) x order by "on" desc, type, id desc limit ${f.limit}`.execute(db);
  return r.rows;
}

export type ConversionBy = 'officer' | 'agent' | 'campaign' | 'agreement';

/** Who brought a person in, per grouping: (group key, label, participant). */
function sources(by: ConversionBy, scope: AgreementScope): RawBuilder<unknown> {
  switch (by) {
    case 'officer':
      return sql`select u.id::text as key, u.full_name as label, o.participant_id from outreach_registrations o
        join outreach_visits v on v.id = o.visit_id join users u on u.id = v.officer_id where ${outreachFilter(scope, 'v')}`;
    case 'agent':
      // Agents bring people in on visits and with their referral codes.
      return sql`select v.agent_name as key, v.agent_name as label, o.participant_id from outreach_registrations o
          join outreach_visits v on v.id = o.visit_id where v.agent_name is not null and ${outreachFilter(scope, 'v')}
        union
        select rc.agent_name, rc.agent_name, am.participant_id from agreement_members am
          join referral_codes rc on rc.code = am.referral_code join agreements a on a.id = am.agreement_id
          join partners pt on pt.id = a.partner_id
          where rc.agent_name is not null and am.participant_id is not null and ${scopeOnAgreement(scope)}`;
    case 'campaign':
      return sql`select c.id::text as key, c.title as label, o.participant_id from outreach_registrations o
        join outreach_campaigns c on c.id = o.campaign_id where ${outreachFilter(scope, 'c')}`;
    case 'agreement':
      return sql`select a.id::text as key, a.number as label, ap.participant_id from agreement_people ap
        join agreements a on a.id = ap.agreement_id join partners pt on pt.id = a.partner_id where ${scopeOnAgreement(scope)}`;
  }
}

function scopeOnAgreement(scope: AgreementScope): RawBuilder<boolean> {
  if (scope.kind === 'partner') return sql<boolean>`a.partner_id = ${scope.partnerId}`;
  if (scope.kind === 'none') return sql<boolean>`false`;
  if (scope.kind === 'all') return sql<boolean>`true`;
  return sql<boolean>`exists (select 1 from unnest(a.region_codes || array_remove(array[pt.region_code], null)) rc,
    unnest(${scope.codes}::text[]) sc where rc = sc or rc like sc || '.%' or sc like rc || '.%')`;
}

/** Registered → paying now, per officer, agent, campaign or agreement. */
export async function conversion(
  db: Database,
  scope: AgreementScope,
  by: ConversionBy,
  clock: Clock,
  opts: { staffNames?: boolean } = {},
) {
  const cur = periodOf(isoDate(clock.now()));
  const basis = await activeBasis(db);
  const src = sources(by, scope);
  const r = await sql<{ key: string; label: string; registered: number; paying: number }>`
    with src as (${src}),
    spans as (${effectiveSpans(basis, sql<boolean>`p.id in (select participant_id from src)`)}),
    active as (select distinct participant_id from spans
               where from_period <= ${cur} and (to_excl is null or to_excl > ${cur}))
    select s.key, min(s.label) as label, count(distinct s.participant_id)::int as registered,
      count(distinct s.participant_id) filter (where ac.participant_id is not null)::int as paying
    from src s left join active ac on ac.participant_id = s.participant_id
    group by s.key order by registered desc, s.key`.execute(db);
  return {
    basis,
    rows: r.rows.map((x, i) => ({
      ...x,
      // Without staff names an officer is a number in the ranking, not a person.
      ...(by === 'officer' && opts.staffNames === false ? { key: String(i + 1), label: `#${i + 1}` } : {}),
      conversion_pct: x.registered ? Math.round((1000 * x.paying) / x.registered) / 10 : null,
    })),
  };
}
