import type { Database } from '../../platform/db.ts';
import { ConflictError, ValidationError } from '../../platform/errors.ts';
import { recordAudit } from '../access/audit.ts';
import { type Actor, assertCanWrite } from '../access/policy.ts';

export interface EmploymentEventInput {
  participantId: number;
  employerId: number;
  date: string;
  wage?: number;
}

async function openEmployment(db: Database, participantId: number, employerId: number) {
  return db
    .selectFrom('employments')
    .selectAll()
    .where('participant_id', '=', participantId)
    .where('employer_id', '=', employerId)
    .where('ended_on', 'is', null)
    .executeTakeFirst();
}

function checkWage(wage: number | undefined): number {
  if (wage === undefined || !Number.isInteger(wage) || wage <= 0)
    throw new ValidationError('wage: upah harus rupiah bulat > 0 / wage must be whole rupiah above 0');
  return wage;
}

/** Hire: an event plus an open employment. A second open employment at the same employer is refused. */
export async function hire(db: Database, e: EmploymentEventInput, actor: Actor) {
  assertCanWrite(actor);
  const wage = checkWage(e.wage);
  if (await openEmployment(db, e.participantId, e.employerId))
    throw new ConflictError('employment: peserta sudah bekerja di pemberi kerja ini / already employed here');
  await db
    .insertInto('employment_events')
    .values({
      participant_id: e.participantId,
      employer_id: e.employerId,
      kind: 'hire',
      effective_on: e.date,
      wage,
    })
    .execute();
  await db
    .insertInto('employments')
    .values({ participant_id: e.participantId, employer_id: e.employerId, started_on: e.date, wage })
    .execute();
  await recordAudit(db, actor, 'hire', 'employment', `${e.participantId}:${e.employerId}`, null, {
    date: e.date,
    wage,
  });
}

/**
 * Wage change, possibly retroactive: the event keeps its effective date (so the wage on any past date
 * is known); the open employment carries the latest wage. Billing turns retroactive changes into adjustments.
 */
export async function changeWage(db: Database, e: EmploymentEventInput, actor: Actor) {
  assertCanWrite(actor);
  const wage = checkWage(e.wage);
  const open = await openEmployment(db, e.participantId, e.employerId);
  if (!open)
    throw new ValidationError('employment: peserta tidak sedang bekerja di sini / not employed here');
  if (e.date < open.started_on)
    throw new ValidationError('date: sebelum tanggal mulai bekerja / before the hire date');
  await db
    .insertInto('employment_events')
    .values({
      participant_id: e.participantId,
      employer_id: e.employerId,
      kind: 'wage_change',
      effective_on: e.date,
      wage,
    })
    .execute();
  const latest = await db
    .selectFrom('employment_events')
    .select('wage')
    .where('participant_id', '=', e.participantId)
    .where('employer_id', '=', e.employerId)
    .where('kind', '!=', 'exit')
    .orderBy('effective_on', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  await db
    .updateTable('employments')
    .set({ wage: latest.wage ?? wage })
    .where('participant_id', '=', e.participantId)
    .where('employer_id', '=', e.employerId)
    .where('ended_on', 'is', null)
    .execute();
  await recordAudit(
    db,
    actor,
    'wage_change',
    'employment',
    `${e.participantId}:${e.employerId}`,
    { wage: open.wage },
    { date: e.date, wage },
  );
}

export async function exitEmployment(db: Database, e: EmploymentEventInput, actor: Actor) {
  assertCanWrite(actor);
  const open = await openEmployment(db, e.participantId, e.employerId);
  if (!open)
    throw new ValidationError('employment: peserta tidak sedang bekerja di sini / not employed here');
  if (e.date < open.started_on)
    throw new ValidationError('date: sebelum tanggal mulai bekerja / before the hire date');
  await db
    .insertInto('employment_events')
    .values({
      participant_id: e.participantId,
      employer_id: e.employerId,
      kind: 'exit',
      effective_on: e.date,
      wage: null,
    })
    .execute();
  await db
    .updateTable('employments')
    .set({ ended_on: e.date })
    .where('participant_id', '=', e.participantId)
    .where('employer_id', '=', e.employerId)
    .where('ended_on', 'is', null)
    .execute();
  await recordAudit(
    db,
    actor,
    'exit',
    'employment',
    `${e.participantId}:${e.employerId}`,
    { ended_on: null },
    { ended_on: e.date },
  );
}
