import { sql } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import { isoDate } from '../../platform/clock.ts';
import type { Database } from '../../platform/db.ts';
import {
  AppError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from '../../platform/errors.ts';
import { recordAudit } from '../access/audit.ts';
import { type Actor, assertCan, assertInScope, can, inScope, registryScope } from '../access/policy.ts';
import { queueReview } from '../access/reviews.ts';
import { findEmployerByNpp } from '../employers/queries.ts';
import { hire } from '../employment/actions.ts';
import { villageExists } from '../regions/queries.ts';
import { detectForParticipants } from '../registry/duplicates.ts';
import { parseNik } from './nik.ts';
import { ageOn, type Segment } from './rules.ts';

export interface NewParticipant {
  nik: string;
  full_name: string;
  birth_date: string;
  sex: 'M' | 'F';
  village_code: string;
  phone?: string | null;
  segment: Segment;
  employer_npp?: string | null;
  start_date?: string | null;
  wage?: number | null;
  is_non_asn?: boolean;
  is_vulnerable?: boolean;
  jht?: boolean;
}

function checkAgainstNik(input: NewParticipant, today: string) {
  const info = parseNik(input.nik, today, Number(input.birth_date.slice(0, 4)));
  if (!info.valid) throw new ValidationError(`nik: ${info.message_id} / ${info.message_en}`);
  if (info.birth_date !== input.birth_date) {
    throw new ValidationError(
      `birth_date: tanggal lahir tidak sesuai NIK (${info.birth_date}) / birth date contradicts the NIK`,
    );
  }
  if (info.sex !== input.sex)
    throw new ValidationError(
      `sex: jenis kelamin tidak sesuai NIK (NIK: ${info.sex === 'F' ? 'perempuan' : 'laki-laki'}) / sex contradicts the NIK (the NIK says ${info.sex === 'F' ? 'female' : 'male'})`,
    );
}

/** Registers one participant (and, for PU, the hire at the employer) in one transaction. */
/**
 * A registration of a NIK that is already registered outside the actor's scope: the actor learns no KPJ
 * and nothing about the person; the branch office of the person's region reviews it (HTTP 202).
 */
export class SentForReview extends AppError {
  constructor() {
    super(
      'Pendaftaran diteruskan ke kantor cabang untuk diperiksa / The registration was sent to the branch office for review',
      202,
      'sent_for_review',
    );
  }
}

export async function registerParticipant(db: Database, input: NewParticipant, actor: Actor, clock: Clock) {
  assertCan(actor, 'registry.write');
  const today = isoDate(clock.now());
  checkAgainstNik(input, today);
  if (!(await villageExists(db, input.village_code)))
    throw new ValidationError(
      `village_code: kode desa tidak dikenal / unknown village code ${input.village_code}`,
    );
  const employer = input.employer_npp ? await findEmployerByNpp(db, input.employer_npp) : undefined;
  if (input.employer_npp && !employer)
    throw new NotFoundError(`employer_npp: NPP ${input.employer_npp} tidak ditemukan / not found`);
  if (input.segment === 'PU' && !employer)
    throw new ValidationError(
      'employer_npp: peserta PU wajib punya pemberi kerja / a PU participant needs an employer',
    );
  if (input.segment === 'PU' && !(input.wage && input.wage > 0))
    throw new ValidationError('wage: upah wajib diisi untuk PU / wage is required for PU');
  const scope = registryScope(actor);
  // An employer registers its own workers only; an account reaching no rows registers nobody.
  if (scope.kind === 'none' || (scope.kind === 'employer' && employer?.id !== scope.employerId))
    throw new ForbiddenError();
  // Every row the write touches is inside the actor's scope: the village (officers work by region;
  // employers and partners through their employer) and the employer.
  if (can(actor, 'registry.officer')) await assertInScope(db, actor, { village: input.village_code });
  if (employer) await assertInScope(db, actor, { employer: employer.id });
  const start = input.start_date ?? today;
  if (scope.kind !== 'all') {
    const known = await sql<{
      id: number;
      ok: boolean;
    }>`select p.id, ${inScope(scope, 'participant', 'p')} as ok
      from participants p where p.nik = ${input.nik}`.execute(db);
    const k = known.rows[0];
    if (k && !k.ok) {
      await db.transaction().execute((trx) =>
        queueReview(trx, actor, {
          kind: 'registered_elsewhere',
          nik: input.nik,
          participantId: k.id,
          employerId: employer?.id ?? null,
          detail: { wage: input.wage ?? null, start_date: start, segment: input.segment },
        }),
      );
      throw new SentForReview();
    }
  }
  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('participants')
      .select(['kpj'])
      .where('nik', '=', input.nik)
      .executeTakeFirst();
    if (existing)
      throw new ConflictError(
        scope.kind === 'all'
          ? `nik: NIK sudah terdaftar (KPJ ${existing.kpj}) / NIK already registered`
          : 'nik: NIK sudah terdaftar / NIK already registered',
        { field: 'nik' },
      );
    const p = await trx
      .insertInto('participants')
      .values({
        nik: input.nik,
        kpj: sql<string>`lpad(nextval('kpj_seq')::text, 11, '0')`,
        full_name: input.full_name.trim(),
        birth_date: input.birth_date,
        sex: input.sex,
        village_code: input.village_code,
        regency_code: input.village_code.slice(0, 5),
        province_code: input.village_code.slice(0, 2),
        phone: input.phone ?? null,
        segment: input.segment,
        programs: sql<
          string[]
        >`enrolled_programs(${input.segment}, ${employer?.size_class ?? null}, ${ageOn(input.birth_date, start)}::int, ${!!input.is_non_asn}, ${!!input.jht})`,
        is_non_asn: !!input.is_non_asn,
        is_vulnerable: !!input.is_vulnerable,
        registered_on: today,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, 'create', 'participant', String(p.id), null, p);
    if (employer && input.wage)
      await hire(trx, { participantId: p.id, employerId: employer.id, date: start, wage: input.wage }, actor);
    // Possible duplicates (NIK typo, similar name + birth date + village) go to the review queue.
    await detectForParticipants(trx, [p.id]);
    return p;
  });
}
