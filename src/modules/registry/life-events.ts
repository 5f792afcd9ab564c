import { sql } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import { isoDate } from '../../platform/clock.ts';
import type { Database } from '../../platform/db.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { recordAudit } from '../access/audit.ts';
import {
  type Actor,
  assertCan,
  assertCanWrite,
  ownEmployer,
  registryScope,
  SYSTEM,
} from '../access/policy.ts';
import { exitEmployment, hire } from '../employment/actions.ts';
import { intAt } from '../rules/params.ts';
import { getParticipant } from '../workers/queries.ts';
import { ageOn } from '../workers/rules.ts';
import { DEATH_SOURCES, type DeathCause, EXIT_REASONS, type ExitReason } from './rules.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkDate(field: string, d: string, today: string) {
  if (!DATE.test(d) || Number.isNaN(Date.parse(d))) throw new ValidationError(`${field}: format YYYY-MM-DD`);
  if (d > today) throw new ValidationError(`${field}: tanggal di masa depan / date in the future`);
}

async function visibleParticipant(db: Database, actor: Actor, id: number) {
  const p = await getParticipant(db, registryScope(actor), id);
  if (!p) throw new NotFoundError(`id: peserta ${id} tidak ditemukan / participant not found`);
  if (p.merged_into)
    throw new ConflictError(
      `id: data ini telah digabung ke peserta ${p.merged_into} / this record was merged into participant ${p.merged_into}`,
    );
  return p;
}

async function lifeEvent(
  db: Database,
  actor: Actor,
  participantId: number,
  kind: string,
  effectiveOn: string,
  details: Record<string, unknown>,
) {
  const row = await db
    .insertInto('life_events')
    .values({
      participant_id: participantId,
      kind,
      effective_on: effectiveOn,
      details: JSON.stringify(details),
      recorded_by: actor.username,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(db, actor, kind, 'participant', String(participantId), null, row);
  return row;
}

/** Ends an employment with its reason (kept on the exit event: JKP pays only after a dismissal). */
async function exitWithReasonIn(
  trx: Database,
  e: { participantId: number; employerId: number; date: string; reason: ExitReason },
  actor: Actor,
) {
  await exitEmployment(trx, e, actor);
  await sql`update employment_events set exit_reason = ${e.reason}
            where id = (select max(id) from employment_events
                        where participant_id = ${e.participantId} and employer_id = ${e.employerId} and kind = 'exit')`.execute(
    trx,
  );
}

function checkReason(r: string): ExitReason {
  if (!(EXIT_REASONS as readonly string[]).includes(r))
    throw new ValidationError(`reason: alasan keluar tidak dikenal / unknown exit reason "${r}"`);
  return r as ExitReason;
}

/** An employer reports the exits of its own workers only (the participant is already known to be in scope). */
function employerAllowed(actor: Actor, employerId: number) {
  const own = ownEmployer(actor);
  if (own !== null && own !== employerId) throw new ForbiddenError();
}

export async function exitWithReason(
  db: Database,
  input: { participantId: number; employerId: number; date: string; reason: string },
  actor: Actor,
  clock: Clock,
) {
  assertCanWrite(actor);
  const reason = checkReason(input.reason);
  checkDate('date', input.date, isoDate(clock.now()));
  await visibleParticipant(db, actor, input.participantId);
  employerAllowed(actor, input.employerId);
  return db.transaction().execute(async (trx) => {
    await exitWithReasonIn(trx, { ...input, reason }, actor);
    return lifeEvent(trx, actor, input.participantId, 'exit', input.date, {
      employer_id: input.employerId,
      reason,
    });
  });
}

/** Moves a worker to another employer: the old employment ends the day before, the new one starts. */
export async function moveEmployer(
  db: Database,
  input: { participantId: number; fromEmployerId: number; toEmployerId: number; date: string; wage: number },
  actor: Actor,
  clock: Clock,
) {
  assertCan(actor, 'registry.officer');
  checkDate('date', input.date, '9999-12-31');
  void clock; // moves may be reported ahead of their date
  if (input.fromEmployerId === input.toEmployerId)
    throw new ValidationError('to_employer: pemberi kerja sama / the same employer');
  await visibleParticipant(db, actor, input.participantId);
  const dayBefore = new Date(Date.parse(`${input.date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  return db.transaction().execute(async (trx) => {
    await exitWithReasonIn(
      trx,
      {
        participantId: input.participantId,
        employerId: input.fromEmployerId,
        date: dayBefore,
        reason: 'moved',
      },
      actor,
    );
    await hire(
      trx,
      {
        participantId: input.participantId,
        employerId: input.toEmployerId,
        date: input.date,
        wage: input.wage,
      },
      actor,
    );
    return lifeEvent(trx, actor, input.participantId, 'move', input.date, {
      from_employer_id: input.fromEmployerId,
      to_employer_id: input.toEmployerId,
      wage: input.wage,
    });
  });
}

/**
 * PU → BPU (lost the job and keeps paying as a non-wage earner, on a declared income) or BPU → PU
 * (hired by an employer). The enrolled programs follow the new segment (enrolled_programs in SQL).
 */
export async function changeSegment(
  db: Database,
  input: {
    participantId: number;
    to: 'PU' | 'BPU';
    date: string;
    exitReason?: string;
    declaredIncome?: number;
    employerId?: number;
    wage?: number;
  },
  actor: Actor,
  clock: Clock,
) {
  assertCan(actor, 'registry.officer');
  void clock; // segment changes may be reported ahead of their date
  checkDate('date', input.date, '9999-12-31');
  const p = await visibleParticipant(db, actor, input.participantId);
  if (p.segment === input.to)
    throw new ValidationError(`to: peserta sudah ${input.to} / the participant is already ${input.to}`);
  if (!['PU', 'BPU'].includes(p.segment))
    throw new ValidationError('segment: hanya PU ↔ BPU / only PU ↔ BPU');
  return db.transaction().execute(async (trx) => {
    if (input.to === 'BPU') {
      const reason = checkReason(input.exitReason ?? 'dismissal');
      if (!Number.isInteger(input.declaredIncome) || (input.declaredIncome ?? 0) <= 0)
        throw new ValidationError(
          'declared_income: penghasilan yang dilaporkan wajib (rupiah bulat > 0) / declared income is required',
        );
      const open = await trx
        .selectFrom('employments')
        .select('employer_id')
        .where('participant_id', '=', p.id)
        .where('ended_on', 'is', null)
        .execute();
      for (const o of open)
        await exitWithReasonIn(
          trx,
          { participantId: p.id, employerId: o.employer_id, date: input.date, reason },
          actor,
        );
      await sql`update participants set segment = 'BPU', declared_income = ${input.declaredIncome},
                programs = enrolled_programs('BPU', null, ${ageOn(p.birth_date, input.date)}::int, false, 'JHT' = any(programs))
                where id = ${p.id}`.execute(trx);
    } else {
      if (!input.employerId || !input.wage)
        throw new ValidationError(
          'employer_npp: pemberi kerja dan upah wajib untuk PU / an employer and wage are required for PU',
        );
      const emp = await trx
        .selectFrom('employers')
        .select(['id', 'size_class'])
        .where('id', '=', input.employerId)
        .executeTakeFirst();
      if (!emp) throw new NotFoundError('employer_npp: pemberi kerja tidak ditemukan / employer not found');
      await sql`update participants set segment = 'PU', declared_income = null,
                programs = enrolled_programs('PU', ${emp.size_class}, ${ageOn(p.birth_date, input.date)}::int, is_non_asn, false)
                where id = ${p.id}`.execute(trx);
      await hire(trx, { participantId: p.id, employerId: emp.id, date: input.date, wage: input.wage }, actor);
    }
    return lifeEvent(trx, actor, p.id, 'segment_change', input.date, {
      from: p.segment,
      to: input.to,
      exit_reason: input.exitReason ?? null,
      declared_income: input.declaredIncome ?? null,
      employer_id: input.employerId ?? null,
      wage: input.wage ?? null,
    });
  });
}

export interface DeathReport {
  participantId: number;
  diedOn: string;
  source: string;
  documentRef?: string | null;
  note?: string | null;
  /** A work accident opens JKK death benefits, any other cause JKM (claims module). */
  cause?: DeathCause;
}

/**
 * A reported death: recorded once in `participant_deaths` (claims read it for survivor benefits),
 * every open employment ends on the date of death with reason 'death', the membership is closed.
 * Billing bills the month of death and nothing after it (billing-sql.ts `notDeadBefore`).
 */
export async function reportDeath(db: Database, input: DeathReport, actor: Actor, clock: Clock) {
  assertCan(actor, 'wages.report');
  checkDate('died_on', input.diedOn, isoDate(clock.now()));
  if (!(DEATH_SOURCES as readonly string[]).includes(input.source))
    throw new ValidationError(`source: sumber laporan tidak dikenal / unknown source "${input.source}"`);
  const p = await visibleParticipant(db, actor, input.participantId);
  if (input.diedOn < p.birth_date)
    throw new ValidationError('died_on: sebelum tanggal lahir / before the birth date');
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('participant_deaths')
      .values({
        participant_id: p.id,
        died_on: input.diedOn,
        source: input.source,
        document_ref: input.documentRef ?? null,
        note: input.note ?? null,
        cause: input.cause ?? 'non_work',
        reported_by: actor.username,
      })
      .onConflict((oc) => oc.column('participant_id').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row)
      throw new ConflictError('participant: kematian sudah dilaporkan / the death was already reported');
    const open = await trx
      .selectFrom('employments')
      .select(['employer_id', 'started_on'])
      .where('participant_id', '=', p.id)
      .where('ended_on', 'is', null)
      .execute();
    for (const o of open) {
      // biome-ignore lint/complexity/useMathMinMax: ISO date strings, not numbers
      const date = input.diedOn < o.started_on ? o.started_on : input.diedOn;
      await exitWithReasonIn(
        trx,
        { participantId: p.id, employerId: o.employer_id, date, reason: 'death' },
        actor,
      );
    }
    await trx.updateTable('participants').set({ status: 'closed' }).where('id', '=', p.id).execute();
    await lifeEvent(trx, actor, p.id, 'death', input.diedOn, {
      source: input.source,
      document_ref: input.documentRef ?? null,
    });
    return row;
  });
}

/** The recorded death of a participant, if any (for the claims module). */
export async function participantDeath(db: Database, participantId: number) {
  return db
    .selectFrom('participant_deaths')
    .selectAll()
    .where('participant_id', '=', participantId)
    .executeTakeFirst();
}

/**
 * Finds active participants who reached the pension age (PP 45/2015 Pasal 15, `jp.pension_age` on
 * today's date) and records one `retirement_age` life event each; set-based, in id chunks, each
 * committed, so a rerun skips who is done. Scheduled daily. It does not end employment: the employer
 * reports the exit (reason 'retirement') and the JHT/JP claims follow.
 */
export async function findRetirementAge(
  db: Database,
  clock: Clock,
  ctx: { progress?(done: number, total: number): void; chunk?: number } = {},
) {
  const today = isoDate(clock.now());
  const [age] = intAt('jp.pension_age', today);
  const max = Number(
    (await sql<{ m: number | null }>`select max(id) as m from participants`.execute(db)).rows[0]?.m ?? 0,
  );
  const chunk = ctx.chunk ?? 200_000;
  let found = 0;
  for (let lo = 0; lo < max; lo += chunk) {
    const r = await sql`
      insert into life_events (participant_id, kind, effective_on, details, recorded_by)
      select p.id, 'retirement_age', (p.birth_date + make_interval(years => ${age}::int))::date,
             jsonb_build_object('pension_age', ${age}::int, 'ref', 'PP 45/2015 Pasal 15'), 'system'
      from participants p
      where p.id > ${lo} and p.id <= ${lo + chunk} and p.status = 'active' and p.merged_into is null
        and p.birth_date + make_interval(years => ${age}::int) <= ${today}::date
        and not exists (select 1 from participant_deaths d where d.participant_id = p.id)
      on conflict (participant_id) where kind = 'retirement_age' do nothing`.execute(db);
    const n = Number(r.numAffectedRows ?? 0n);
    if (n)
      await recordAudit(db, SYSTEM, 'retirement_age', 'participant', null, null, {
        from_id: lo + 1,
        to_id: lo + chunk,
        found: n,
        pension_age: age,
      });
    found += n;
    ctx.progress?.(Math.min(lo + chunk, max), max);
  }
  return { pensionAge: age, found };
}

/** Life events of a participant, oldest first. */
export async function participantLifeEvents(db: Database, actor: Actor, participantId: number) {
  const p = await getParticipant(db, registryScope(actor), participantId);
  if (!p) throw new NotFoundError(`id: peserta ${participantId} tidak ditemukan / participant not found`);
  return db
    .selectFrom('life_events')
    .selectAll()
    .where('participant_id', '=', participantId)
    .orderBy('effective_on')
    .orderBy('id')
    .execute();
}
