import type { Clock } from '../../platform/clock.ts';
import { isoDate } from '../../platform/clock.ts';
import type { Database } from '../../platform/db.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { ChangeRequestsTable } from '../../schema.ts';
import { recordAudit } from '../access/audit.ts';
import { type Actor, assertCan, assertCanWrite, can, ownEmployer, registryScope } from '../access/policy.ts';
import { getEmployer } from '../employers/queries.ts';
import { changeWage } from '../employment/actions.ts';
import { villageExists } from '../regions/queries.ts';
import { parseNik } from '../workers/nik.ts';
import { getParticipant } from '../workers/queries.ts';
import { EMPLOYER_FIELDS, needsApproval, PARTICIPANT_FIELDS } from './rules.ts';

type Entity = 'participant' | 'employer';
type Changes = Record<string, { from: unknown; to: unknown; employer_id?: number }>;
type Selectable<T> = {
  [K in keyof T]: T[K] extends import('kysely').ColumnType<infer S, unknown, unknown> ? S : T[K];
};
export type ChangeRequest = Selectable<ChangeRequestsTable>;

export interface BankAccount {
  bank_code: string;
  account_number: string;
  holder_name: string;
}

export interface ChangeInput {
  entity: Entity;
  entityId: number;
  changes: Record<string, unknown>;
  effectiveOn?: string;
  reason: string;
}

/** The details a version keeps, read from the live record. */
async function currentData(db: Database, entity: Entity, id: number): Promise<Record<string, unknown>> {
  if (entity === 'participant') {
    const p = await db
      .selectFrom('participants')
      .select(['full_name', 'nik', 'birth_date', 'sex', 'village_code', 'phone', 'registered_on'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const bank = await db
      .selectFrom('participant_bank_accounts')
      .select(['bank_code', 'account_number', 'holder_name'])
      .where('participant_id', '=', id)
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
    return { ...p, bank_account: bank ?? null };
  }
  const e = await db
    .selectFrom('employers')
    .select(['name', 'sector', 'village_code', 'size_class', 'risk_class', 'registered_on'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return e;
}

/** The record as the actor may see it, or 404: a role learns nothing about records outside its scope. */
async function requireVisible(db: Database, actor: Actor, entity: Entity, id: number) {
  const scope = registryScope(actor);
  const row =
    entity === 'participant' ? await getParticipant(db, scope, id) : await getEmployer(db, scope, id);
  if (!row)
    throw new NotFoundError(
      entity === 'participant'
        ? `id: peserta ${id} tidak ditemukan / participant not found`
        : `id: pemberi kerja ${id} tidak ditemukan / employer not found`,
    );
  return row;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

async function checkValue(db: Database, entity: Entity, field: string, value: unknown): Promise<unknown> {
  const bad = (id: string, en: string) => new ValidationError(`${field}: ${id} / ${en}`);
  switch (field) {
    case 'full_name':
    case 'name':
    case 'sector':
      if (typeof value !== 'string' || !value.trim() || value.length > 200)
        throw bad('wajib diisi, paling banyak 200 huruf', 'required, at most 200 characters');
      return value.trim();
    case 'nik':
      if (typeof value !== 'string' || !/^\d{16}$/.test(value))
        throw bad('NIK 16 digit', 'NIK has 16 digits');
      return value;
    case 'birth_date':
      if (typeof value !== 'string' || !DATE.test(value)) throw bad('format YYYY-MM-DD', 'format YYYY-MM-DD');
      return value;
    case 'sex':
      if (value !== 'M' && value !== 'F') throw bad('M atau F', 'M or F');
      return value;
    case 'village_code':
      if (typeof value !== 'string' || !(await villageExists(db, value)))
        throw bad('kode desa tidak dikenal', 'unknown village code');
      return value;
    case 'phone':
      if (value === null || value === '') return null;
      if (typeof value !== 'string' || !/^\+?[0-9]{8,15}$/.test(value))
        throw bad('nomor telepon 8–15 digit', 'phone number of 8–15 digits');
      return value;
    case 'bank_account': {
      const b = value as Partial<BankAccount> | null;
      if (
        !b ||
        typeof b.bank_code !== 'string' ||
        !/^[A-Z]{2,10}$/.test(b.bank_code) ||
        typeof b.account_number !== 'string' ||
        !/^[0-9]{6,20}$/.test(b.account_number) ||
        typeof b.holder_name !== 'string' ||
        !b.holder_name.trim()
      )
        throw bad(
          'kode bank (huruf besar), nomor rekening 6–20 digit dan nama pemilik wajib',
          'bank code (capitals), account number of 6–20 digits and holder name are required',
        );
      return { bank_code: b.bank_code, account_number: b.account_number, holder_name: b.holder_name.trim() };
    }
    case 'size_class':
      if (!['micro', 'small', 'medium', 'large'].includes(value as string))
        throw bad('micro, small, medium atau large', 'micro, small, medium or large');
      return value;
    case 'risk_class':
      if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > 5)
        throw bad('kelas risiko 1–5', 'risk class 1–5');
      return value;
  }
  throw new ValidationError(
    `${field}: kolom ini tidak dapat diubah untuk ${entity === 'participant' ? 'peserta' : 'pemberi kerja'} / this field cannot be changed`,
  );
}

function checkIdentity(data: Record<string, unknown>, today: string) {
  const nik = String(data.nik);
  const birth = String(data.birth_date);
  const info = parseNik(nik, today, Number(birth.slice(0, 4)));
  if (!info.valid) throw new ValidationError(`nik: ${info.message_id} / ${info.message_en}`);
  if (info.birth_date !== birth)
    throw new ValidationError(
      `birth_date: tanggal lahir tidak sesuai NIK (${info.birth_date}) / birth date contradicts the NIK`,
    );
  if (info.sex !== data.sex)
    throw new ValidationError(
      `sex: jenis kelamin tidak sesuai NIK (NIK: ${info.sex === 'F' ? 'perempuan' : 'laki-laki'}) / sex contradicts the NIK (the NIK says ${info.sex === 'F' ? 'female' : 'male'})`,
    );
}

/**
 * Requests a change of a participant's or employer's details. Changes that need no second person are
 * applied at once (or on their effective date, by `applyDueChanges`); the others wait for approval.
 */
export async function requestChange(db: Database, input: ChangeInput, actor: Actor, clock: Clock) {
  assertCanWrite(actor);
  // Officers and employers correct records (inside their scope); partners and agents do not.
  assertCan(actor, 'wages.report');
  const today = isoDate(clock.now());
  const effectiveOn = input.effectiveOn ?? today;
  if (!DATE.test(effectiveOn)) throw new ValidationError('effective_on: format YYYY-MM-DD');
  if (!input.reason?.trim())
    throw new ValidationError('reason: alasan perubahan wajib diisi / a reason is required');
  await requireVisible(db, actor, input.entity, input.entityId);
  if (
    !can(actor, 'registry.officer') &&
    input.entity === 'employer' &&
    input.changes.risk_class !== undefined
  )
    throw new ForbiddenError('Kelas risiko ditetapkan oleh petugas / The risk class is set by an officer');
  const allowed: readonly string[] = input.entity === 'participant' ? PARTICIPANT_FIELDS : EMPLOYER_FIELDS;
  const current = await currentData(db, input.entity, input.entityId);
  const changes: Changes = {};
  for (const [field, raw] of Object.entries(input.changes)) {
    if (!allowed.includes(field))
      throw new ValidationError(`${field}: kolom ini tidak dapat diubah / this field cannot be changed`);
    const to = await checkValue(db, input.entity, field, raw);
    if (JSON.stringify(current[field] ?? null) !== JSON.stringify(to))
      changes[field] = { from: current[field] ?? null, to };
  }
  const fields = Object.keys(changes);
  if (!fields.length) throw new ValidationError('changes: tidak ada yang berubah / nothing would change');
  if (fields.some((f) => ['nik', 'birth_date', 'sex'].includes(f))) {
    const after = { ...current, ...Object.fromEntries(fields.map((f) => [f, changes[f]!.to])) };
    checkIdentity(after, today);
    if (changes.nik) {
      const taken = await db
        .selectFrom('participants')
        .select('id')
        .where('nik', '=', String(changes.nik.to))
        .executeTakeFirst();
      if (taken) throw new ConflictError('nik: NIK sudah terdaftar / NIK already registered');
    }
  }
  if (input.entity === 'employer' && changes.risk_class && effectiveOn < `${today.slice(0, 7)}-01`)
    throw new ValidationError(
      'effective_on: kelas risiko berlaku mulai bulan berjalan atau sesudahnya / a risk class applies from the current month or later',
    );
  return insertRequest(db, input, changes, effectiveOn, needsApproval(input.entity, fields), actor, clock);
}

/**
 * A wage correction: a wage change at an employer from a date. Backdated before the current month it
 * waits for a second person; once applied it is a wage-change event, which the next billing run turns
 * into adjustment lines for the months it touches (billing-adjust.ts).
 */
export async function requestWageCorrection(
  db: Database,
  input: { participantId: number; employerId: number; effectiveOn: string; wage: number; reason: string },
  actor: Actor,
  clock: Clock,
) {
  assertCanWrite(actor);
  assertCan(actor, 'wages.report');
  // An employer corrects the wages it pays; officers any employment inside their scope.
  if (ownEmployer(actor) !== input.employerId && !can(actor, 'registry.officer')) throw new ForbiddenError();
  if (!DATE.test(input.effectiveOn)) throw new ValidationError('effective_on: format YYYY-MM-DD');
  if (!Number.isInteger(input.wage) || input.wage <= 0)
    throw new ValidationError('wage: upah harus rupiah bulat > 0 / wage must be whole rupiah above 0');
  if (!input.reason?.trim())
    throw new ValidationError('reason: alasan perubahan wajib diisi / a reason is required');
  await requireVisible(db, actor, 'participant', input.participantId);
  const open = await db
    .selectFrom('employments')
    .selectAll()
    .where('participant_id', '=', input.participantId)
    .where('employer_id', '=', input.employerId)
    .where('ended_on', 'is', null)
    .executeTakeFirst();
  if (!open)
    throw new ValidationError('employment: peserta tidak sedang bekerja di sini / not employed here');
  if (input.effectiveOn < open.started_on)
    throw new ValidationError('effective_on: sebelum tanggal mulai bekerja / before the hire date');
  const today = isoDate(clock.now());
  const changes: Changes = { wage: { employer_id: input.employerId, from: open.wage, to: input.wage } };
  const guarded = needsApproval('participant', ['wage'], { wageEffectiveOn: input.effectiveOn, today });
  return insertRequest(
    db,
    { entity: 'participant', entityId: input.participantId, changes: {}, reason: input.reason },
    changes,
    input.effectiveOn,
    guarded,
    actor,
    clock,
  );
}

async function insertRequest(
  db: Database,
  input: ChangeInput,
  changes: Changes,
  effectiveOn: string,
  guarded: boolean,
  actor: Actor,
  clock: Clock,
) {
  return db.transaction().execute(async (trx) => {
    const cr = await trx
      .insertInto('change_requests')
      .values({
        entity: input.entity,
        entity_id: input.entityId,
        changes: JSON.stringify(changes),
        effective_on: effectiveOn,
        reason: input.reason.trim(),
        needs_approval: guarded,
        status: guarded ? 'pending' : 'approved',
        requested_by: actor.userId,
        requested_by_name: actor.username,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, 'request_change', input.entity, String(input.entityId), null, cr);
    if (!guarded && effectiveOn <= isoDate(clock.now())) return applyChange(trx, cr, actor);
    return cr;
  });
}

/** A second person approves or rejects a pending change; an approved change applies on its date. */
export async function decideChange(
  db: Database,
  id: number,
  decision: { approve: boolean; note?: string },
  actor: Actor,
  clock: Clock,
) {
  assertCan(actor, 'review.handle');
  return db.transaction().execute(async (trx) => {
    const cr = await trx
      .selectFrom('change_requests')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!cr) throw new NotFoundError(`id: permintaan ${id} tidak ditemukan / change request not found`);
    await requireVisible(trx, actor, cr.entity as Entity, cr.entity_id);
    if (cr.status !== 'pending')
      throw new ConflictError('status: permintaan sudah diputuskan / the request was already decided');
    if (cr.requested_by !== null && cr.requested_by === actor.userId)
      throw new ForbiddenError(
        'Perubahan ini harus disetujui orang lain / Someone else must approve this change',
      );
    const decided = await trx
      .updateTable('change_requests')
      .set({
        status: decision.approve ? 'approved' : 'rejected',
        decided_by: actor.userId,
        decided_by_name: actor.username,
        decided_at: clock.now(),
        decision_note: decision.note ?? null,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(
      trx,
      actor,
      decision.approve ? 'approve_change' : 'reject_change',
      cr.entity,
      String(cr.entity_id),
      cr,
      decided,
    );
    if (decision.approve && decided.effective_on <= isoDate(clock.now()))
      return applyChange(trx, decided, actor);
    return decided;
  });
}

async function writeVersion(
  db: Database,
  entity: Entity,
  id: number,
  cr: ChangeRequest | null,
  validFrom: string,
  actor: Actor,
) {
  const data = await currentData(db, entity, id);
  const last = await db
    .selectFrom('record_versions')
    .select((eb) => eb.fn.max('version').as('v'))
    .where('entity', '=', entity)
    .where('entity_id', '=', id)
    .executeTakeFirst();
  const { registered_on, ...details } = data;
  await db
    .insertInto('record_versions')
    .values({
      entity,
      entity_id: id,
      version: Number(last?.v ?? 0) + 1,
      data: JSON.stringify(details),
      change_request_id: cr?.id ?? null,
      valid_from: cr ? validFrom : String(registered_on),
      recorded_by: actor.username,
    })
    .execute();
}

/** Applies an approved change in the caller's transaction, keeping the version before and after. */
export async function applyChange(db: Database, cr: ChangeRequest, actor: Actor): Promise<ChangeRequest> {
  const entity = cr.entity as Entity;
  const changes = (typeof cr.changes === 'string' ? JSON.parse(cr.changes) : cr.changes) as Changes;
  const hasVersion = await db
    .selectFrom('record_versions')
    .select('version')
    .where('entity', '=', entity)
    .where('entity_id', '=', cr.entity_id)
    .executeTakeFirst();
  if (!hasVersion && !changes.wage)
    await writeVersion(db, entity, cr.entity_id, null, cr.effective_on, actor);
  const before = await currentData(db, entity, cr.entity_id);
  if (changes.wage) {
    await changeWage(
      db,
      {
        participantId: cr.entity_id,
        employerId: Number(changes.wage.employer_id),
        date: cr.effective_on,
        wage: Number(changes.wage.to),
      },
      actor,
    );
  } else if (entity === 'participant') {
    const set: Record<string, unknown> = {};
    for (const f of ['full_name', 'nik', 'birth_date', 'sex', 'phone'])
      if (changes[f]) set[f] = changes[f]!.to;
    if (changes.village_code) {
      const v = String(changes.village_code.to);
      Object.assign(set, { village_code: v, regency_code: v.slice(0, 5), province_code: v.slice(0, 2) });
    }
    if (Object.keys(set).length)
      await db.updateTable('participants').set(set).where('id', '=', cr.entity_id).execute();
    if (changes.bank_account) {
      const b = changes.bank_account.to as BankAccount;
      await db
        .insertInto('participant_bank_accounts')
        .values({ participant_id: cr.entity_id, ...b })
        .onConflict((oc) =>
          oc.columns(['participant_id', 'bank_code']).doUpdateSet({
            account_number: b.account_number,
            holder_name: b.holder_name,
            verified_on: null,
          }),
        )
        .execute();
    }
  } else {
    const set: Record<string, unknown> = {};
    for (const f of ['name', 'sector', 'size_class', 'risk_class']) if (changes[f]) set[f] = changes[f]!.to;
    if (changes.village_code) {
      const v = String(changes.village_code.to);
      Object.assign(set, { village_code: v, regency_code: v.slice(0, 5), province_code: v.slice(0, 2) });
    }
    await db.updateTable('employers').set(set).where('id', '=', cr.entity_id).execute();
  }
  if (!changes.wage) await writeVersion(db, entity, cr.entity_id, cr, cr.effective_on, actor);
  const applied = await db
    .updateTable('change_requests')
    .set({ status: 'applied', applied_at: new Date() })
    .where('id', '=', cr.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(db, actor, 'apply_change', entity, String(cr.entity_id), before, {
    change_request_id: cr.id,
    changes,
  });
  return applied;
}

/**
 * Applies approved changes whose effective date has come (a risk class from the first of next month,
 * say). Scheduled daily; each change commits on its own, so a rerun only finds what is left.
 */
export async function applyDueChanges(
  db: Database,
  actor: Actor,
  clock: Clock,
  ctx: { progress?(done: number, total: number): void } = {},
) {
  const today = isoDate(clock.now());
  const due = await db
    .selectFrom('change_requests')
    .select('id')
    .where('status', '=', 'approved')
    .where('effective_on', '<=', today)
    .orderBy('id')
    .execute();
  let done = 0;
  for (const { id } of due) {
    await db.transaction().execute(async (trx) => {
      const cr = await trx
        .selectFrom('change_requests')
        .selectAll()
        .where('id', '=', id)
        .where('status', '=', 'approved')
        .forUpdate()
        .executeTakeFirst();
      if (cr) await applyChange(trx, cr, actor);
    });
    done++;
    ctx.progress?.(done, due.length);
  }
  return { applied: done };
}

/** "Riwayat perubahan": every version of the record and every change request, newest first. */
export async function recordHistory(db: Database, actor: Actor, entity: Entity, id: number) {
  await requireVisible(db, actor, entity, id);
  const versions = await db
    .selectFrom('record_versions')
    .selectAll()
    .where('entity', '=', entity)
    .where('entity_id', '=', id)
    .orderBy('version', 'desc')
    .execute();
  const requests = await db
    .selectFrom('change_requests')
    .selectAll()
    .where('entity', '=', entity)
    .where('entity_id', '=', id)
    .orderBy('id', 'desc')
    .execute();
  return { versions, requests };
}

/** Pending change requests the actor may decide (in scope, asked by someone else). */
export async function pendingChanges(db: Database, actor: Actor) {
  assertCan(actor, 'review.read');
  const rows = await db
    .selectFrom('change_requests')
    .selectAll()
    .where('status', '=', 'pending')
    .orderBy('id')
    .limit(500)
    .execute();
  const visible = [];
  for (const r of rows) {
    try {
      await requireVisible(db, actor, r.entity as Entity, r.entity_id);
      visible.push(r);
    } catch {
      /* outside the actor's scope: not listed */
    }
  }
  return visible;
}
