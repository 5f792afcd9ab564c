import { sql } from 'kysely';
import type { Database } from '../../platform/db.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { recordAudit } from '../access/audit.ts';
import { type Actor, assertCan, can, ownEmployer } from '../access/policy.ts';
import { personDecision } from './queries.ts';
import { personScope } from './scope.ts';

export interface NewAppeal {
  runId: number;
  participantId: number;
  grounds: string;
}

/** The decision row, if the actor may see this person in this run. */
async function scopedDecision(db: Database, actor: Actor, runId: number, participantId: number) {
  const r = await sql<{ eligible: boolean; status: string; employer_id: number | null }>`
    select d.eligible, r.status, s.employer_id from subsidy_decisions d
    join subsidy_runs r on r.id = d.run_id
    join subsidy_snapshot s on s.run_id = r.snapshot_run_id and s.participant_id = d.participant_id
    where d.run_id = ${runId}::bigint and d.participant_id = ${participantId}::bigint and ${personScope(actor)}`.execute(
    db,
  );
  const d = r.rows[0];
  if (!d)
    throw new NotFoundError(
      `participant: keputusan tidak ditemukan / decision not found (run ${runId}, participant ${participantId})`,
    );
  return d;
}

/**
 * Contests an exclusion. Employers file for their own workers; head-office and branch officers record
 * an appeal a person brought to the branch. Only an excluded person can appeal, once at a time.
 */
export async function fileAppeal(db: Database, actor: Actor, a: NewAppeal) {
  // Those who read screening results person by person and write: officers, head office, employers.
  if (!can(actor, 'screening.persons') || !can(actor, 'write')) throw new ForbiddenError();
  const asEmployer = ownEmployer(actor);
  const grounds = a.grounds.trim();
  if (grounds.length < 10)
    throw new ValidationError('grounds: alasan minimal 10 karakter / grounds need at least 10 characters');
  const d = await scopedDecision(db, actor, a.runId, a.participantId);
  if (d.status !== 'done') throw new ConflictError('run: run belum selesai / run not finished');
  if (d.eligible)
    throw new ConflictError(
      'participant: peserta sudah layak; tidak ada yang perlu disanggah / already eligible, nothing to appeal',
    );
  const live = await db
    .selectFrom('subsidy_appeals')
    .select('id')
    .where('run_id', '=', a.runId)
    .where('participant_id', '=', a.participantId)
    .where('status', '<>', 'rejected')
    .executeTakeFirst();
  if (live)
    throw new ConflictError(
      `participant: sanggahan #${live.id} masih berlaku / appeal #${live.id} is still open or upheld`,
    );
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('subsidy_appeals')
      .values({
        run_id: a.runId,
        participant_id: a.participantId,
        filed_by_kind: asEmployer !== null ? 'employer' : 'participant',
        filed_by: actor.userId,
        employer_id: asEmployer,
        grounds,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, 'file', 'subsidy_appeal', String(row.id), null, row);
    return row;
  });
}

export interface AppealDecision {
  decision: 'upheld' | 'rejected';
  note: string;
}

/**
 * An officer decides with the frozen evidence in front of them. The filer may not decide their own
 * appeal (maker-checker, also a table check). An upheld appeal overrides the decision in this run only.
 */
export async function decideAppeal(db: Database, actor: Actor, appealId: number, d: AppealDecision) {
  assertCan(actor, 'review.handle');
  if (d.note.trim().length < 10)
    throw new ValidationError(
      'note: catatan keputusan minimal 10 karakter / the decision note needs at least 10 characters',
    );
  const before = await db
    .selectFrom('subsidy_appeals')
    .selectAll()
    .where('id', '=', appealId)
    .executeTakeFirst();
  if (!before) throw new NotFoundError(`appeal: sanggahan ${appealId} tidak ditemukan / appeal not found`);
  await scopedDecision(db, actor, before.run_id, before.participant_id);
  if (before.status !== 'open')
    throw new ConflictError(`appeal: sanggahan sudah diputus (${before.status}) / already decided`);
  if (before.filed_by !== null && before.filed_by === actor.userId) {
    throw new ForbiddenError(
      'Pengaju tidak boleh memutus sanggahannya sendiri / The filer cannot decide their own appeal',
    );
  }
  return db.transaction().execute(async (trx) => {
    const after = await trx
      .updateTable('subsidy_appeals')
      .set({
        status: d.decision,
        decided_by: actor.userId,
        decision_note: d.note.trim(),
        decided_at: new Date(),
      })
      .where('id', '=', appealId)
      .where('status', '=', 'open')
      .returningAll()
      .executeTakeFirst();
    if (!after) throw new ConflictError('appeal: sanggahan sudah diputus / already decided');
    await recordAudit(trx, actor, `decide_${d.decision}`, 'subsidy_appeal', String(appealId), before, after);
    return after;
  });
}

/** One page of the appeals the actor may see, newest first, with their total. */
export async function listAppeals(
  db: Database,
  actor: Actor,
  f: { runId?: number; status?: string; page?: number; pageSize?: number },
) {
  const pageSize = f.pageSize ?? 50;
  const r = await sql<{
    id: number;
    run_id: number;
    participant_id: number;
    full_name: string;
    filed_by_kind: string;
    filed_by_role: string | null;
    grounds: string;
    status: string;
    decision_note: string | null;
    created_at: Date;
    decided_at: Date | null;
    total: number;
  }>`
    select count(*) over ()::int as total, a.id, a.run_id, a.participant_id, p.full_name, a.filed_by_kind, u.role as filed_by_role, a.grounds, a.status, a.decision_note, a.created_at, a.decided_at
    from subsidy_appeals a
    join subsidy_runs r on r.id = a.run_id
    join subsidy_snapshot s on s.run_id = r.snapshot_run_id and s.participant_id = a.participant_id
    join participants p on p.id = a.participant_id
    left join users u on u.id = a.filed_by
    where ${personScope(actor)} ${f.runId ? sql`and a.run_id = ${f.runId}::bigint` : sql``} ${f.status ? sql`and a.status = ${f.status}` : sql``}
    order by a.id desc limit ${pageSize} offset ${((f.page ?? 1) - 1) * pageSize}`.execute(db);
  return { items: r.rows.map(({ total: _t, ...a }) => a), total: r.rows[0]?.total ?? 0 };
}

/** An appeal with the frozen evidence the officer decides on. */
export async function appealWithEvidence(db: Database, actor: Actor, appealId: number) {
  const a = await db.selectFrom('subsidy_appeals').selectAll().where('id', '=', appealId).executeTakeFirst();
  if (!a) throw new NotFoundError(`appeal: sanggahan ${appealId} tidak ditemukan / appeal not found`);
  return { appeal: a, decision: await personDecision(db, actor, a.run_id, a.participant_id) };
}
