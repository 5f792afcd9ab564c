import { type ExpressionBuilder, sql } from 'kysely';
import type { Database } from '../../platform/db.ts';
import type { DB } from '../../schema.ts';
import { type Actor, canSeeNik, inScope, maskNik, type Scope } from '../access/policy.ts';

/** Rows of `participants` (aliased p) an actor may see: by domicile region, employer, or partner membership. */
export function participantScopeFilter(scope: Scope) {
  return (eb: ExpressionBuilder<DB & { p: DB['participants'] }, 'p'>) => {
    switch (scope.kind) {
      case 'all':
        return eb.lit(true);
      case 'none':
        return eb.lit(false);
      case 'regions':
        return scope.codes.length
          ? eb.or(
              scope.codes.map((c) =>
                eb.or([eb('p.village_code', '=', c), eb('p.village_code', 'like', `${c}.%`)]),
              ),
            )
          : eb.lit(false);
      case 'employer':
        return eb.exists(
          eb
            .selectFrom('employments as m')
            .select('m.participant_id')
            .whereRef('m.participant_id', '=', 'p.id')
            .where('m.employer_id', '=', scope.employerId),
        );
      case 'partner':
        // A partner's members: workers of its member companies, people enrolled through its imports,
        // and people attributed to its agreements (referral code, officer's choice).
        return eb.or([
          eb.exists(
            eb
              .selectFrom('agreement_members as am')
              .innerJoin('agreements as ag', 'ag.id', 'am.agreement_id')
              .select('am.participant_id')
              .whereRef('am.participant_id', '=', 'p.id')
              .where('ag.partner_id', '=', scope.partnerId),
          ),
          eb.exists(
            eb
              .selectFrom('employments as m')
              .innerJoin('employer_memberships as em', 'em.employer_id', 'm.employer_id')
              .select('m.participant_id')
              .whereRef('m.participant_id', '=', 'p.id')
              .where('em.partner_id', '=', scope.partnerId),
          ),
          eb.exists(
            eb
              .selectFrom('import_jobs as j')
              .select('j.id')
              .whereRef('j.id', '=', 'p.import_id')
              .where('j.partner_id', '=', scope.partnerId),
          ),
        ]);
    }
  };
}

export function presentNik<T extends { nik: string }>(actor: Actor, row: T): T {
  return canSeeNik(actor) ? row : { ...row, nik: maskNik(row.nik) };
}

export async function searchParticipants(
  db: Database,
  scope: Scope,
  f: { q?: string; page: number; pageSize: number },
) {
  let q = db.selectFrom('participants as p').where(participantScopeFilter(scope));
  const term = f.q?.trim();
  if (term) {
    // A NIK or KPJ is typed as it is printed: "3273 0514 1090 0001", "26.000.012.345", "2600-0012-345".
    const digits = /^[\d\s.-]+$/.test(term) ? term.replace(/[\s.-]/g, '') : null;
    if (digits && /^\d{16}$/.test(digits)) q = q.where('p.nik', '=', digits);
    else if (digits && /^\d{11}$/.test(digits)) q = q.where('p.kpj', '=', digits);
    else q = q.where(sql`lower(p.full_name)`, 'like', `${term.toLowerCase().replace(/[%_]/g, '')}%`);
  }
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const items = await q
    .innerJoin('regions as pr', 'pr.code', 'p.province_code')
    .select([
      'p.id',
      'p.nik',
      'p.kpj',
      'p.full_name',
      'p.birth_date',
      'p.sex',
      'p.segment',
      'pr.name as province_name',
      'p.status',
      // A merged record is still found, and leads to the record that survives it.
      'p.merged_into',
    ])
    .orderBy(sql`lower(p.full_name)`)
    .orderBy('p.id')
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize)
    .execute();
  return { items, total: Number(total.n) };
}

export async function getParticipant(db: Database, scope: Scope, id: number) {
  return db
    .selectFrom('participants as p')
    .innerJoin('regions as v', 'v.code', 'p.village_code')
    .innerJoin('regions as rg', 'rg.code', 'p.regency_code')
    .innerJoin('regions as pr', 'pr.code', 'p.province_code')
    .selectAll('p')
    .select(['v.name as village_name', 'rg.name as regency_name', 'pr.name as province_name'])
    .where('p.id', '=', id)
    .where(participantScopeFilter(scope))
    .executeTakeFirst();
}

export async function participantEmployments(
  db: Database,
  participantId: number,
  scope: Scope = { kind: 'all' },
) {
  return db
    .selectFrom('employments as m')
    .innerJoin('employers as e', 'e.id', 'm.employer_id')
    .select(['m.employer_id', 'e.npp', 'e.name as employer_name', 'm.started_on', 'm.ended_on', 'm.wage'])
    .where('m.participant_id', '=', participantId)
    .where(
      scope.kind === 'employer' || scope.kind === 'partner'
        ? inScope(scope, 'employer', 'e')
        : sql<boolean>`true`,
    )
    .orderBy('m.started_on', 'desc')
    .execute();
}

export async function participantEvents(db: Database, participantId: number, scope: Scope = { kind: 'all' }) {
  return db
    .selectFrom('employment_events as v')
    .innerJoin('employers as e', 'e.id', 'v.employer_id')
    .select([
      'v.id',
      'v.kind',
      'v.effective_on',
      'v.wage',
      'v.employer_id',
      'e.name as employer_name',
      'v.reported_at',
    ])
    .where('v.participant_id', '=', participantId)
    .where(
      scope.kind === 'employer' || scope.kind === 'partner'
        ? inScope(scope, 'employer', 'e')
        : sql<boolean>`true`,
    )
    .orderBy('v.effective_on')
    .orderBy('v.id')
    .execute();
}

/**
 * The wage a participant earned from an employer on a date: the latest hire or wage change on or
 * before it, unless an exit came after that event (then null: not employed). Ties on the same day go
 * to the event reported last.
 */
export async function wageOn(
  db: Database,
  participantId: number,
  employerId: number,
  date: string,
): Promise<number | null> {
  const ev = await db
    .selectFrom('employment_events')
    .select(['kind', 'wage'])
    .where('participant_id', '=', participantId)
    .where('employer_id', '=', employerId)
    .where('effective_on', '<=', date)
    .orderBy('effective_on', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return ev && ev.kind !== 'exit' ? ev.wage : null;
}

export async function findParticipantByNik(db: Database, nik: string) {
  return db.selectFrom('participants').selectAll().where('nik', '=', nik).executeTakeFirst();
}
