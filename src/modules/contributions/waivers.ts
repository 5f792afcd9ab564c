import { sql } from 'kysely';
import type { Database } from '../../platform/db.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { recordAudit } from '../access/audit.ts';
import { type Actor, assertCan } from '../access/policy.ts';
import type { PayerKind } from './allocation.ts';
import { payerInScope } from './scope.ts';

/**
 * Fine waivers with maker-checker: one officer asks, with a reason of at least 10 characters, and a
 * different officer decides (the table's check refuses the same user too). An approved waiver marks
 * the fine waived: what is still unpaid of it is no longer owed; what was already paid stays paid.
 */

export interface WaiverRow {
  id: number;
  fine_id: number;
  reason: string;
  requested_by: number;
  decided_by: number | null;
  status: string;
}

async function fineForActor(db: Database, actor: Actor, fineId: number) {
  const f = await sql<{
    id: number;
    amount: number;
    paid: number;
    waived: boolean;
    payer_kind: PayerKind;
    payer_id: number;
  }>`select f.id, f.amount, f.paid, f.waived, i.payer_kind, i.payer_id
     from fines f join invoices i on i.id = f.invoice_id where f.id = ${fineId}`.execute(db);
  const fine = f.rows[0];
  if (!fine) throw new NotFoundError(`fine_id: denda ${fineId} tidak ditemukan / fine not found`);
  await payerInScope(db, actor, fine.payer_kind, fine.payer_id);
  return fine;
}

export async function requestWaiver(
  db: Database,
  fineId: number,
  reason: string,
  actor: Actor,
): Promise<WaiverRow> {
  assertCan(actor, 'waivers.decide');
  if (actor.userId === null)
    throw new ForbiddenError('Pengajuan perlu pengguna / a waiver needs a named user');
  const why = reason.trim();
  if (why.length < 10)
    throw new ValidationError('reason: alasan minimal 10 karakter / the reason needs at least 10 characters');
  const userId = actor.userId;
  return db.transaction().execute(async (trx) => {
    const fine = await fineForActor(trx, actor, fineId);
    if (fine.waived) throw new ConflictError(`fine_id: denda ${fineId} sudah dihapuskan / already waived`);
    if (fine.paid >= fine.amount)
      throw new ConflictError(`fine_id: denda ${fineId} sudah lunas / already paid`);
    const pending = await trx
      .selectFrom('fine_waivers')
      .select('id')
      .where('fine_id', '=', fineId)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (pending)
      throw new ConflictError(`fine_id: sudah ada pengajuan #${pending.id} / a request is already pending`, {
        waiver_id: pending.id,
      });
    const w = await trx
      .insertInto('fine_waivers')
      .values({ fine_id: fineId, reason: why, requested_by: userId })
      .returning(['id', 'fine_id', 'reason', 'requested_by', 'decided_by', 'status'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, 'request', 'fine_waiver', String(w.id), null, w);
    return w;
  });
}

export async function decideWaiver(
  db: Database,
  waiverId: number,
  approve: boolean,
  actor: Actor,
): Promise<WaiverRow> {
  assertCan(actor, 'waivers.decide');
  const userId = actor.userId;
  if (userId === null) throw new ForbiddenError('Keputusan perlu pengguna / a decision needs a named user');
  return db.transaction().execute(async (trx) => {
    const w = await trx
      .selectFrom('fine_waivers')
      .select(['id', 'fine_id', 'reason', 'requested_by', 'decided_by', 'status'])
      .where('id', '=', waiverId)
      .forUpdate()
      .executeTakeFirst();
    if (!w) throw new NotFoundError(`waiver_id: pengajuan ${waiverId} tidak ditemukan / waiver not found`);
    await fineForActor(trx, actor, w.fine_id);
    if (w.status !== 'pending')
      throw new ConflictError(`waiver_id: pengajuan sudah diputuskan (${w.status}) / already decided`);
    if (w.requested_by === userId)
      throw new ForbiddenError(
        'Pengaju tidak boleh memutuskan pengajuannya sendiri / the requester cannot decide their own request',
      );
    const decided = await trx
      .updateTable('fine_waivers')
      .set({ status: approve ? 'approved' : 'rejected', decided_by: userId, decided_at: sql`now()` })
      .where('id', '=', waiverId)
      .returning(['id', 'fine_id', 'reason', 'requested_by', 'decided_by', 'status'])
      .executeTakeFirstOrThrow();
    if (approve) await trx.updateTable('fines').set({ waived: true }).where('id', '=', w.fine_id).execute();
    await recordAudit(trx, actor, approve ? 'approve' : 'reject', 'fine_waiver', String(w.id), w, decided);
    return decided;
  });
}
