import { sql } from 'kysely';
import { type Clock, isoDate } from '../../platform/clock.ts';
import type { Database } from '../../platform/db.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { recordAudit } from '../access/audit.ts';
import { type Actor, registryScope } from '../access/policy.ts';
import { type AgreementView, getAgreement } from './queries.ts';
import type { AGREEMENT_KINDS, PAYERS } from './rules.ts';
import { agreementScope, assertManager } from './scope.ts';

export interface AgreementInput {
  number: string;
  kind: (typeof AGREEMENT_KINDS)[number];
  title: string;
  partner_id: number;
  signed_on?: string | null;
  signed_precision?: 'day' | 'reported' | 'month' | 'year';
  starts_on: string;
  ends_on?: string | null;
  segments?: string[];
  programs?: string[];
  region_codes?: string[];
  member_companies?: 'all' | 'listed' | 'none';
  worker_groups?: string[];
  target_people?: number | null;
  target_by?: string | null;
  payer?: (typeof PAYERS)[number];
  sponsor_shares?: Record<string, number>;
  budget_ceiling?: number | null;
  source_url?: string | null;
  note?: string | null;
  synthetic?: boolean;
  state?: 'draft' | 'active';
  parent_id?: number | null;
  parent_relation?: 'addendum' | 'renewal' | null;
}

function validate(i: AgreementInput): void {
  if (i.ends_on && i.ends_on < i.starts_on)
    throw new ValidationError('ends_on: berakhir sebelum mulai / ends before it starts');
  if (i.kind === 'addendum' && !i.parent_id)
    throw new ValidationError(
      'parent_id: adendum wajib merujuk perjanjian induk / an addendum needs its parent',
    );
  if (i.payer !== 'sponsor' && (i.budget_ceiling ?? null) !== null)
    throw new ValidationError(
      'budget_ceiling: plafon anggaran hanya untuk pembayar sponsor / a budget ceiling needs payer = sponsor',
    );
  for (const [program, share] of Object.entries(i.sponsor_shares ?? {}))
    if (!['JKK', 'JKM', 'JHT', 'JP', 'JKP'].includes(program) || share < 0 || share > 100)
      throw new ValidationError(`sponsor_shares.${program}: program JKK/JKM/JHT/JP/JKP, 0–100%`);
}

/** Records an agreement (draft unless said otherwise). */
export async function createAgreement(
  db: Database,
  i: AgreementInput,
  actor: Actor,
): Promise<{ id: number }> {
  assertManager(actor);
  validate(i);
  const dup = await db
    .selectFrom('agreements')
    .select('id')
    .where('number', '=', i.number)
    .executeTakeFirst();
  if (dup) throw new ConflictError(`number: nomor ${i.number} sudah dipakai / already used`);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('agreements')
      .values({
        ...i,
        kind: i.kind,
        parent_relation: i.parent_relation ?? (i.kind === 'addendum' ? 'addendum' : null),
        sponsor_shares: JSON.stringify(i.sponsor_shares ?? {}),
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, 'create', 'agreement', String(row.id), null, i);
    return row;
  });
}

export type AgreementPatch = Partial<Omit<AgreementInput, 'number' | 'partner_id' | 'kind' | 'parent_id'>>;

export async function updateAgreement(
  db: Database,
  id: number,
  patch: AgreementPatch,
  actor: Actor,
  clock: Clock,
): Promise<AgreementView> {
  assertManager(actor);
  const today = isoDate(clock.now());
  const before = await getAgreement(db, agreementScope(actor), today, { id });
  validate({ ...before, ...patch, kind: before.kind as AgreementInput['kind'] } as AgreementInput);
  const { sponsor_shares, ...rest } = patch;
  if (!Object.values(patch).some((v) => v !== undefined))
    throw new ValidationError('body: tidak ada yang diubah / nothing to change');
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('agreements')
      .set({ ...rest, ...(sponsor_shares ? { sponsor_shares: JSON.stringify(sponsor_shares) } : {}) })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, actor, 'update', 'agreement', String(id), before, patch);
  });
  return getAgreement(db, agreementScope(actor), today, { id });
}

/** Ends an agreement early. Its sponsorships stop after the termination month. */
export async function terminateAgreement(
  db: Database,
  id: number,
  input: { on: string; reason: string },
  actor: Actor,
  clock: Clock,
): Promise<AgreementView> {
  assertManager(actor);
  const today = isoDate(clock.now());
  const a = await getAgreement(db, agreementScope(actor), today, { id });
  if (a.state === 'terminated' || a.state === 'renewed')
    throw new ConflictError(`state: perjanjian sudah ${a.state} / agreement is already ${a.state}`);
  if (input.on < a.starts_on)
    throw new ValidationError('on: sebelum perjanjian mulai / before the agreement starts');
  const month = input.on.slice(0, 7);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('agreements')
      .set({ state: 'terminated', terminated_on: input.on, termination_reason: input.reason })
      .where('id', '=', id)
      .execute();
    await sql`update sponsorships set to_period = ${month}
      where agreement_id = ${id} and (to_period is null or to_period > ${month})`.execute(trx);
    await recordAudit(trx, actor, 'terminate', 'agreement', String(id), { state: a.state }, input);
  });
  return getAgreement(db, agreementScope(actor), today, { id });
}

/**
 * Renews an agreement: a new agreement linked to the old one (parent_relation 'renewal'), same scope and
 * payer unless the input says otherwise; the old one shows 'renewed'. Sponsorships carry over (in the
 * old attribution order, which the budget ceiling follows) so nobody loses cover at the seam; members do
 * not, so the renewal's results count what it brings in itself while the old agreement keeps its own.
 */
export async function renewAgreement(
  db: Database,
  id: number,
  input: Pick<AgreementInput, 'number' | 'starts_on'> & Partial<AgreementInput>,
  actor: Actor,
  clock: Clock,
): Promise<{ id: number }> {
  assertManager(actor);
  const today = isoDate(clock.now());
  const old = await getAgreement(db, agreementScope(actor), today, { id });
  if (old.state === 'renewed' || old.state === 'terminated' || old.state === 'draft')
    throw new ConflictError(
      `state: perjanjian ${old.state} tidak dapat diperpanjang / cannot renew a ${old.state} agreement`,
    );
  const next = await createAgreement(db, renewalInput(old, input), actor);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('agreements').set({ state: 'renewed' }).where('id', '=', id).execute();
    const from = input.starts_on.slice(0, 7);
    await sql`insert into sponsorships (participant_id, partner_id, from_period, to_period, budget_funded, agreement_id)
      select participant_id, partner_id, ${from}, ${input.ends_on?.slice(0, 7) ?? null}, budget_funded, ${next.id}
      from sponsorships s where agreement_id = ${id} and (to_period is null or to_period >= ${from})
      order by (select ap.attributed_on from agreement_people ap
        where ap.agreement_id = ${id} and ap.participant_id = s.participant_id), s.id`.execute(trx);
    // The old sponsorships stop where the renewal's start, so a person is sponsored once a month.
    await sql`update sponsorships set to_period = to_char(to_date(${from}, 'YYYY-MM') - interval '1 month', 'YYYY-MM')
      where agreement_id = ${id} and (to_period is null or to_period >= ${from})`.execute(trx);
    await recordAudit(
      trx,
      actor,
      'renew',
      'agreement',
      String(id),
      { state: old.state },
      { renewed_by: next.id },
    );
  });
  return next;
}

function renewalInput(
  old: AgreementView,
  input: Pick<AgreementInput, 'number' | 'starts_on'> & Partial<AgreementInput>,
) {
  return {
    kind: old.kind as AgreementInput['kind'],
    title: old.title,
    partner_id: old.partner_id,
    signed_precision: 'day' as const,
    segments: old.segments,
    programs: old.programs,
    region_codes: old.region_codes,
    member_companies: old.member_companies as AgreementInput['member_companies'],
    worker_groups: old.worker_groups,
    payer: old.payer as AgreementInput['payer'],
    sponsor_shares: old.sponsor_shares,
    budget_ceiling: old.budget_ceiling,
    synthetic: old.synthetic,
    ...input,
    state: 'active' as const,
    parent_id: old.id,
    parent_relation: 'renewal' as const,
  };
}

/** Draft → active. */
export async function activateAgreement(db: Database, id: number, actor: Actor, clock: Clock) {
  assertManager(actor);
  const a = await getAgreement(db, agreementScope(actor), isoDate(clock.now()), { id });
  if (a.state !== 'draft') throw new ConflictError(`state: bukan draf / not a draft (${a.state})`);
  return updateAgreement(db, id, { state: 'active' }, actor, clock);
}

export interface PartnerInput {
  name: string;
  acronym?: string | null;
  type: string;
  sector?: string | null;
  region_code?: string | null;
  contact_name?: string | null;
  contact_email?: string | null;
  contact_phone?: string | null;
  source_url?: string | null;
  note?: string | null;
  synthetic?: boolean;
}

export async function createPartner(db: Database, i: PartnerInput, actor: Actor): Promise<{ id: number }> {
  assertManager(actor);
  const dup = await db.selectFrom('partners').select('id').where('name', '=', i.name).executeTakeFirst();
  if (dup) throw new ConflictError(`name: mitra "${i.name}" sudah ada / partner already exists`);
  return db.transaction().execute(async (trx) => {
    const row = await trx.insertInto('partners').values(i).returning('id').executeTakeFirstOrThrow();
    await recordAudit(trx, actor, 'create', 'partner', String(row.id), null, i);
    return row;
  });
}

/** Contacts, sector, region. A partner may update its own contacts; managers anything listed. */
export async function updatePartner(db: Database, id: number, patch: Partial<PartnerInput>, actor: Actor) {
  const scope = registryScope(actor);
  const own = scope.kind === 'partner' && scope.partnerId === id;
  if (!own) assertManager(actor);
  const allowed = own
    ? {
        contact_name: patch.contact_name,
        contact_email: patch.contact_email,
        contact_phone: patch.contact_phone,
      }
    : patch;
  const before = await db.selectFrom('partners').selectAll().where('id', '=', id).executeTakeFirst();
  if (!before) throw new NotFoundError(`id: mitra ${id} tidak ditemukan / partner not found`);
  if (!Object.values(allowed).some((v) => v !== undefined))
    throw new ValidationError('body: tidak ada yang diubah / nothing to change');
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('partners').set(allowed).where('id', '=', id).execute();
    await recordAudit(trx, actor, 'update', 'partner', String(id), before, allowed);
  });
}
