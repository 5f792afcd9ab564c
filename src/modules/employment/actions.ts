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

type Kind = 'hire' | 'wage_change' | 'exit';

async function openEmployment(db: Database, e: EmploymentEventInput) {
  return db
    .selectFrom('employments')
    .selectAll()
    .where('participant_id', '=', e.participantId)
    .where('employer_id', '=', e.employerId)
    .where('ended_on', 'is', null)
    .executeTakeFirst();
}

/** The open employment a wage change or exit applies to; events cannot predate the hire. */
async function requireOpen(db: Database, e: EmploymentEventInput) {
  const open = await openEmployment(db, e);
  if (!open)
    throw new ValidationError('employment: peserta tidak sedang bekerja di sini / not employed here');
  if (e.date < open.started_on)
    throw new ValidationError('date: sebelum tanggal mulai bekerja / before the hire date');
  return open;
}

function checkWage(wage: number | undefined): number {
  if (wage === undefined || !Number.isInteger(wage) || wage <= 0)
    throw new ValidationError('wage: upah harus rupiah bulat > 0 / wage must be whole rupiah above 0');
  return wage;
}

async function recordEvent(
  db: Database,
  e: EmploymentEventInput,
  kind: Kind,
  wage: number | null,
  actor: Actor,
  before: unknown,
) {
  await db
    .insertInto('employment_events')
    .values({ participant_id: e.participantId, employer_id: e.employerId, kind, effective_on: e.date, wage })
    .execute();
  await recordAudit(db, actor, kind, 'employment', `${e.participantId}:${e.employerId}`, before, {
    date: e.date,
    wage,
  });
}

const openRow = (db: Database, e: EmploymentEventInput) =>
  db
    .updateTable('employments')
    .where('participant_id', '=', e.participantId)
    .where('employer_id', '=', e.employerId)
    .where('ended_on', 'is', null);

/** Hire: an event plus an open employment. A second open employment at the same employer is refused. */
export async function hire(db: Database, e: EmploymentEventInput, actor: Actor) {
  assertCanWrite(actor);
  const wage = checkWage(e.wage);
  if (await openEmployment(db, e))
    throw new ConflictError('employment: peserta sudah bekerja di pemberi kerja ini / already employed here');
  await recordEvent(db, e, 'hire', wage, actor, null);
  await db
    .insertInto('employments')
    .values({ participant_id: e.participantId, employer_id: e.employerId, started_on: e.date, wage })
    .execute();
}

/**
 * Wage change, possibly retroactive: the event keeps its effective date (so the wage on any past date
 * is known); the open employment carries the latest wage. Billing turns retroactive changes into adjustments.
 */
export async function changeWage(db: Database, e: EmploymentEventInput, actor: Actor) {
  assertCanWrite(actor);
  const wage = checkWage(e.wage);
  const open = await requireOpen(db, e);
  await recordEvent(db, e, 'wage_change', wage, actor, { wage: open.wage });
  const latest = await db
    .selectFrom('employment_events')
    .select('wage')
    .where('participant_id', '=', e.participantId)
    .where('employer_id', '=', e.employerId)
    .where('kind', '!=', 'exit')
    .orderBy('effective_on', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  await openRow(db, e)
    .set({ wage: latest.wage ?? wage })
    .execute();
}

export async function exitEmployment(db: Database, e: EmploymentEventInput, actor: Actor) {
  assertCanWrite(actor);
  await requireOpen(db, e);
  await recordEvent(db, e, 'exit', null, actor, { ended_on: null });
  await openRow(db, e).set({ ended_on: e.date }).execute();
}
