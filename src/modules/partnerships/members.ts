import { sql } from 'kysely';
import { type Clock, isoDate } from '../../platform/clock.ts';
import type { Database } from '../../platform/db.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { periodOf } from '../../platform/period.ts';
import { recordAudit } from '../access/audit.ts';
import { type Actor, can, inScope, registryScope } from '../access/policy.ts';
import { queueReview } from '../access/reviews.ts';
import { checkFraud } from './fraud.ts';
import { type AgreementView, getAgreement } from './queries.ts';
import { PUBLIC_BUDGET_TYPES } from './rules.ts';
import { agreementScope, assertCanEnrol, assertManager } from './scope.ts';
import { mayBeSponsoredBy } from './village-fund.ts';

/**
 * Attribution: linking participants and employers to the agreement they were registered under, with
 * the date and the way (import, referral code, officer's choice). A person attributed twice to the same
 * agreement keeps the first attribution. Attributing after the agreement ended is not refused: the fraud
 * check flags it for review.
 */
export interface AttributeInput {
  participantIds?: number[];
  niks?: string[];
  employerNpps?: string[];
  on?: string;
  via: 'officer' | 'referral' | 'import';
  referralCode?: string;
  importId?: number;
}

export interface AttributeResult {
  participants: number;
  employers: number;
  unknown: string[];
  /** People a partner asked for who are not yet its members: sent to the branch office to confirm. */
  requested?: number;
}

/**
 * A partner enrols only people already inside its scope (its own registrations, workers of its member
 * companies). Anyone else becomes an enrolment request that a branch officer confirms after checking
 * consent; the partner's answer is the same whether such a NIK is registered or not (no existence oracle).
 */
async function splitForPartner(db: Database, actor: Actor, agreementId: number, i: AttributeInput) {
  const scope = registryScope(actor);
  const ids = [...new Set(i.participantIds ?? [])];
  const niks = [...new Set(i.niks ?? [])];
  const rows = await sql<{ id: number; nik: string; ok: boolean }>`
    select p.id, p.nik, ${inScope(scope, 'participant', 'p')} as ok from participants p
    where p.id = any(${ids}::bigint[]) or p.nik = any(${niks}::text[])`.execute(db);
  const direct: number[] = [];
  const seen = new Set<string>();
  for (const r of rows.rows) {
    if (r.ok) direct.push(r.id);
    else if (!seen.has(r.nik)) {
      await queueReview(db, actor, {
        kind: 'enrolment_request',
        nik: r.nik,
        participantId: r.id,
        agreementId,
      });
    }
    seen.add(r.nik);
  }
  const foundNiks = new Set(rows.rows.map((r) => r.nik));
  for (const nik of niks.filter((n) => !foundNiks.has(n))) {
    await queueReview(db, actor, { kind: 'enrolment_request', nik, agreementId });
  }
  const okIds = new Set(rows.rows.filter((r) => r.ok).map((r) => Number(r.id)));
  const okNiks = new Set(rows.rows.filter((r) => r.ok).map((r) => r.nik));
  const requested = ids.filter((id) => !okIds.has(id)).length + niks.filter((n) => !okNiks.has(n)).length;
  return { direct, requested };
}

async function resolvePeople(db: Database, i: AttributeInput) {
  const ids = new Set(i.participantIds ?? []);
  const unknown: string[] = [];
  if (i.niks?.length) {
    const rows = await db
      .selectFrom('participants')
      .select(['id', 'nik'])
      .where('nik', 'in', i.niks)
      .execute();
    for (const r of rows) ids.add(r.id);
    const found = new Set(rows.map((r) => r.nik));
    unknown.push(...i.niks.filter((n) => !found.has(n)));
  }
  const employers: number[] = [];
  if (i.employerNpps?.length) {
    const rows = await db
      .selectFrom('employers')
      .select(['id', 'npp'])
      .where('npp', 'in', i.employerNpps)
      .execute();
    employers.push(...rows.map((r) => r.id));
    const found = new Set(rows.map((r) => r.npp));
    unknown.push(...i.employerNpps.filter((n) => !found.has(n)));
  }
  return { ids: [...ids], employers, unknown };
}

export async function attributeMembers(
  db: Database,
  agreementId: number,
  i: AttributeInput,
  actor: Actor,
  clock: Clock,
): Promise<AttributeResult> {
  const today = isoDate(clock.now());
  const a = await getAgreement(db, agreementScope(actor), today, { id: agreementId });
  assertCanEnrol(actor, a.partner_id);
  let requested: number | undefined;
  if (!can(actor, 'agreements.manage')) {
    const split = await splitForPartner(db, actor, a.id, i);
    requested = split.requested;
    i = { ...i, participantIds: split.direct, niks: [] };
    if (i.employerNpps?.length) {
      const own = await sql<{ n: number }>`select count(*)::int as n from employers e
        where e.npp = any(${i.employerNpps}::text[]) and ${inScope(registryScope(actor), 'employer', 'e')}`.execute(
        db,
      );
      if (own.rows[0]!.n !== new Set(i.employerNpps).size)
        throw new ValidationError(
          'employer_npps: hanya perusahaan anggota Anda / only your member companies',
        );
    }
  }
  const { ids, employers, unknown } = await resolvePeople(db, i);
  if (unknown.length)
    throw new ValidationError(`niks: tidak terdaftar / not registered: ${unknown.join(', ')}`, unknown);
  const on = i.on ?? today;
  const r = await db.transaction().execute(async (trx) => {
    const common = {
      agreement_id: a.id,
      attributed_on: on,
      via: i.via,
      import_id: i.importId ?? null,
      referral_code: i.referralCode ?? null,
      officer_id: actor.userId,
    };
    const p = ids.length
      ? await trx
          .insertInto('agreement_members')
          .values(ids.map((participant_id) => ({ ...common, participant_id })))
          .onConflict((oc) =>
            oc
              .columns(['agreement_id', 'participant_id'])
              .where('participant_id', 'is not', null)
              .doNothing(),
          )
          .executeTakeFirst()
      : null;
    const e = employers.length
      ? await trx
          .insertInto('agreement_members')
          .values(employers.map((employer_id) => ({ ...common, employer_id })))
          .onConflict((oc) =>
            oc.columns(['agreement_id', 'employer_id']).where('employer_id', 'is not', null).doNothing(),
          )
          .executeTakeFirst()
      : null;
    const res: AttributeResult = {
      participants: Number(p?.numInsertedOrUpdatedRows ?? 0n),
      employers: Number(e?.numInsertedOrUpdatedRows ?? 0n),
      unknown,
      ...(requested === undefined ? {} : { requested }),
    };
    await recordAudit(trx, actor, 'attribute', 'agreement', String(a.id), null, {
      ...res,
      via: i.via,
      on,
      ids,
      employers,
    });
    return res;
  });
  if (a.payer === 'sponsor') await sponsorMembers(db, a, on);
  await checkFraud(db, { agreementId: a.id });
  return r;
}

/**
 * Sponsor agreements pay for their BPU members: each attributed BPU person gets a sponsorship from the
 * later of the attribution month and the agreement's start, to the agreement's end (open if none).
 */
export async function sponsorMembers(db: Database, a: AgreementView, on: string): Promise<number> {
  const budgetFunded = PUBLIC_BUDGET_TYPES.has(a.partner_type);
  const start = periodOf(on > a.starts_on ? on : a.starts_on);
  const r = await sql`
    insert into sponsorships (participant_id, partner_id, from_period, to_period, budget_funded, agreement_id)
    select ap.participant_id, ${a.partner_id}, greatest(${start}, to_char(ap.attributed_on, 'YYYY-MM')),
      ${a.ends_on ? periodOf(a.ends_on) : null}, ${budgetFunded}, ${a.id}
    from agreement_people ap join participants p on p.id = ap.participant_id and p.segment = 'BPU'
    where ap.agreement_id = ${a.id} and ${mayBeSponsoredBy(a.partner_type, a.partner_region)}
      and not exists (select 1 from sponsorships s where s.agreement_id = ${a.id} and s.participant_id = ap.participant_id)
    order by ap.attributed_on, ap.participant_id`.execute(db);
  return Number(r.numAffectedRows ?? 0n);
}

/** A referral code for an agent, officer or campaign of an agreement. */
export async function createReferralCode(
  db: Database,
  agreementId: number,
  input: { code?: string; agent_name?: string | null },
  actor: Actor,
  clock: Clock,
): Promise<{ code: string }> {
  assertManager(actor);
  const a = await getAgreement(db, agreementScope(actor), isoDate(clock.now()), { id: agreementId });
  const suffix = (await sql<{ n: number }>`select count(*)::int + 1 as n from referral_codes`.execute(db))
    .rows[0]!.n;
  const code = (input.code ?? `${a.number.replace(/[^A-Za-z0-9]/g, '').slice(-8)}-${suffix}`).toUpperCase();
  const dup = await db
    .selectFrom('referral_codes')
    .select('code')
    .where('code', '=', code)
    .executeTakeFirst();
  if (dup) throw new ConflictError(`code: kode ${code} sudah dipakai / already used`);
  await db
    .insertInto('referral_codes')
    .values({ code, agreement_id: a.id, agent_name: input.agent_name ?? null, officer_id: actor.userId })
    .execute();
  await recordAudit(db, actor, 'create', 'referral_code', code, null, { agreement_id: a.id, ...input });
  return { code };
}

/** A registration quoting a referral code: attributed to the code's agreement. */
export async function registerReferral(
  db: Database,
  input: { code: string; participant_id?: number; nik?: string },
  actor: Actor,
  clock: Clock,
): Promise<AttributeResult & { agreement_id: number }> {
  const ref = await db
    .selectFrom('referral_codes')
    .selectAll()
    .where('code', '=', input.code.toUpperCase())
    .executeTakeFirst();
  if (!ref) throw new NotFoundError(`code: kode rujukan ${input.code} tidak dikenal / unknown referral code`);
  const r = await attributeMembers(
    db,
    ref.agreement_id,
    {
      via: 'referral',
      referralCode: ref.code,
      participantIds: input.participant_id ? [input.participant_id] : [],
      niks: input.nik ? [input.nik] : [],
    },
    actor,
    clock,
  );
  return { ...r, agreement_id: ref.agreement_id };
}
