import { type ExpressionBuilder, sql } from 'kysely';
import type { Database } from '../../platform/db.ts';
import type { DB } from '../../schema.ts';
import { inScope, type Scope } from '../access/policy.ts';

/** Rows of `participants` (aliased p) an actor may see: the access policy's own rule (inScope). */
export function participantScopeFilter(scope: Scope) {
  return (_eb: ExpressionBuilder<DB & { p: DB['participants'] }, 'p'>) => inScope(scope, 'participant', 'p');
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

/**
 * A participant with the employment rows and events the scope may see, in one statement (the lookup
 * the API serves most): the same rows, order and scope filters as getParticipant,
 * participantEmployments and participantEvents, aggregated as JSON by the database so the request
 * costs one round trip instead of three. `reported_at` is formatted as JavaScript's ISO string (UTC,
 * milliseconds), as a Date from the driver would serialise.
 */
export async function getParticipantDetail(db: Database, scope: Scope, id: number) {
  const employerFilter = (alias: string) =>
    scope.kind === 'employer' || scope.kind === 'partner' ? inScope(scope, 'employer', alias) : sql`true`;
  return db
    .selectFrom('participants as p')
    .innerJoin('regions as v', 'v.code', 'p.village_code')
    .innerJoin('regions as rg', 'rg.code', 'p.regency_code')
    .innerJoin('regions as pr', 'pr.code', 'p.province_code')
    .selectAll('p')
    .select(['v.name as village_name', 'rg.name as regency_name', 'pr.name as province_name'])
    .select(
      sql<ParticipantEmploymentRow[]>`(select coalesce(json_agg(x order by x.started_on desc), '[]')
        from (select m.employer_id, e.npp, e.name as employer_name, m.started_on, m.ended_on, m.wage
              from employments m join employers e on e.id = m.employer_id
              where m.participant_id = p.id and ${employerFilter('e')}) x)`.as('employments'),
    )
    .select(
      sql<ParticipantEventRow[]>`(select coalesce(json_agg(x order by x.effective_on, x.id), '[]')
        from (select v.id, v.kind, v.effective_on, v.wage, v.employer_id, e.name as employer_name,
                     to_char(v.reported_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as reported_at
              from employment_events v join employers e on e.id = v.employer_id
              where v.participant_id = p.id and ${employerFilter('e')}) x)`.as('events'),
    )
    .where('p.id', '=', id)
    .where(participantScopeFilter(scope))
    .executeTakeFirst();
}

export type ParticipantEmploymentRow = Awaited<ReturnType<typeof participantEmployments>>[number];
type ParticipantEventRow = Omit<Awaited<ReturnType<typeof participantEvents>>[number], 'reported_at'> & {
  reported_at: string;
};

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
