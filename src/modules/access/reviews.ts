/**
 * The branch office review queue (docs/decisions/0010-access-policy.md). A role that may not read a
 * person gets the same answer whether a NIK is registered elsewhere or not registered at all; the
 * detail comes here, to the branch office of the person's region, which decides.
 */
import { sql } from 'kysely';
import type { Database } from '../../platform/db.ts';
import { ConflictError, NotFoundError } from '../../platform/errors.ts';
import { recordAudit } from './audit.ts';
import { type Actor, assertCan, inScope, registryScope, villageInScope } from './policy.ts';

export type ReviewKind = 'enrolment_request' | 'registered_elsewhere';

/** The region a review goes to: the registered person's village, else the district the NIK encodes. */
async function regionFor(db: Database, participantId: number | null, nik: string | null): Promise<string> {
  if (participantId !== null) {
    const p = await db
      .selectFrom('participants')
      .select('village_code')
      .where('id', '=', participantId)
      .executeTakeFirst();
    if (p) return p.village_code;
  }
  if (nik && /^\d{6}/.test(nik)) return `${nik.slice(0, 2)}.${nik.slice(2, 4)}.${nik.slice(4, 6)}`;
  return '00';
}

export async function queueReview(
  db: Database,
  actor: Actor,
  r: {
    kind: ReviewKind;
    nik?: string | null;
    participantId?: number | null;
    agreementId?: number | null;
    employerId?: number | null;
    detail?: Record<string, unknown>;
  },
): Promise<void> {
  const region = await regionFor(db, r.participantId ?? null, r.nik ?? null);
  const row = await db
    .insertInto('access_reviews')
    .values({
      kind: r.kind,
      region_code: region,
      nik: r.nik ?? null,
      participant_id: r.participantId ?? null,
      agreement_id: r.agreementId ?? null,
      employer_id: r.employerId ?? null,
      requested_by: actor.userId,
      detail: JSON.stringify(r.detail ?? {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(db, actor, 'request', 'access_review', String(row.id), null, { kind: r.kind });
}

export interface ReviewRow {
  id: number;
  kind: ReviewKind;
  status: string;
  region_code: string;
  region_name: string | null;
  nik: string | null;
  participant_id: number | null;
  participant_name: string | null;
  agreement_id: number | null;
  agreement_number: string | null;
  employer_id: number | null;
  employer_name: string | null;
  requested_by: string | null;
  requested_at: string;
  detail: unknown;
}

/** The queue of the actor's branch office: reviews whose region is inside its regions (all for head office). */
export async function listReviews(
  db: Database,
  actor: Actor,
  f: { status?: 'open' | 'confirmed' | 'rejected'; page: number; pageSize: number },
): Promise<{ items: ReviewRow[]; total: number }> {
  assertCan(actor, 'review.handle');
  // review.handle: head office and the system (scope all), branch officers (their regions).
  const inRegion = inScope(registryScope(actor), 'village', sql.ref('r.region_code'));
  const where = sql`${inRegion} and (${f.status ?? null}::text is null or r.status = ${f.status ?? null})`;
  const total = await sql<{
    n: number;
  }>`select count(*)::int as n from access_reviews r where ${where}`.execute(db);
  const r = await sql<ReviewRow>`
    select r.id, r.kind, r.status, r.region_code, g.name as region_name, r.nik, r.participant_id,
      p.full_name as participant_name, r.agreement_id, a.number as agreement_number, r.employer_id,
      e.name as employer_name, u.username as requested_by,
      to_char(r.requested_at at time zone 'Asia/Jakarta', 'YYYY-MM-DD HH24:MI') as requested_at, r.detail
    from access_reviews r
    left join regions g on g.code = r.region_code
    left join participants p on p.id = r.participant_id
    left join agreements a on a.id = r.agreement_id
    left join employers e on e.id = r.employer_id
    left join users u on u.id = r.requested_by
    where ${where}
    order by r.id desc limit ${f.pageSize} offset ${(f.page - 1) * f.pageSize}`.execute(db);
  return { items: r.rows, total: total.rows[0]?.n ?? 0 };
}

/**
 * A branch officer's decision. Confirming an enrolment request attributes the person to the agreement
 * (the officer has checked the person's consent); confirming a registration elsewhere with an employer
 * and wage records the hire at that employer.
 */
export async function decideReview(
  db: Database,
  id: number,
  input: { decision: 'confirm' | 'reject'; note?: string | null },
  actor: Actor,
  today: string,
): Promise<{ id: number; status: string }> {
  assertCan(actor, 'review.handle');
  return db.transaction().execute(async (trx) => {
    const r = await trx
      .selectFrom('access_reviews')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!r || !villageInScope(actor, r.region_code))
      throw new NotFoundError(`id: tinjauan ${id} tidak ditemukan / review not found`);
    if (r.status !== 'open')
      throw new ConflictError(`status: tinjauan sudah diputuskan / review already decided`);
    const status = input.decision === 'confirm' ? 'confirmed' : 'rejected';
    if (status === 'confirmed' && r.kind === 'enrolment_request' && r.participant_id && r.agreement_id) {
      await trx
        .insertInto('agreement_members')
        .values({
          agreement_id: r.agreement_id,
          participant_id: r.participant_id,
          attributed_on: today,
          via: 'officer',
          officer_id: actor.userId,
        })
        .onConflict((oc) =>
          oc.columns(['agreement_id', 'participant_id']).where('participant_id', 'is not', null).doNothing(),
        )
        .execute();
    }
    const d = (r.detail ?? {}) as { wage?: number; start_date?: string };
    if (
      status === 'confirmed' &&
      r.kind === 'registered_elsewhere' &&
      r.participant_id &&
      r.employer_id &&
      d.wage
    ) {
      const { hire } = await import('../employment/actions.ts');
      await hire(
        trx,
        {
          participantId: r.participant_id,
          employerId: r.employer_id,
          date: d.start_date ?? today,
          wage: d.wage,
        },
        actor,
      );
    }
    await trx
      .updateTable('access_reviews')
      .set({ status, decided_by: actor.userId, decided_at: new Date(), decision_note: input.note ?? null })
      .where('id', '=', id)
      .execute();
    await recordAudit(
      trx,
      actor,
      input.decision,
      'access_review',
      String(id),
      { status: r.status },
      { status },
    );
    return { id, status };
  });
}
