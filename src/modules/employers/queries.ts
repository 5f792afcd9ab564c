import { type ExpressionBuilder, sql } from 'kysely';
import type { Database } from '../../platform/db.ts';
import type { DB } from '../../schema.ts';
import type { Scope } from '../access/policy.ts';

/** Rows of `employers` (aliased e) an actor may see. */
export function employerScopeFilter(scope: Scope) {
  return (eb: ExpressionBuilder<DB & { e: DB['employers'] }, 'e'>) => {
    switch (scope.kind) {
      case 'all':
        return eb.lit(true);
      case 'none':
        return eb.lit(false);
      case 'regions':
        return scope.codes.length
          ? eb.or(
              scope.codes.map((c) =>
                eb.or([eb('e.village_code', '=', c), eb('e.village_code', 'like', `${c}.%`)]),
              ),
            )
          : eb.lit(false);
      case 'employer':
        return eb('e.id', '=', scope.employerId);
      case 'partner':
        return eb.exists(
          eb
            .selectFrom('employer_memberships as m')
            .select('m.employer_id')
            .whereRef('m.employer_id', '=', 'e.id')
            .where('m.partner_id', '=', scope.partnerId),
        );
    }
  };
}

export async function searchEmployers(
  db: Database,
  scope: Scope,
  f: { q?: string; province?: string; page: number; pageSize: number },
) {
  let q = db.selectFrom('employers as e').where(employerScopeFilter(scope));
  if (f.q) {
    const term = f.q.trim();
    q = q.where((eb) =>
      eb.or([eb('e.npp', '=', term), eb(sql`lower(e.name)`, 'like', `${term.toLowerCase()}%`)]),
    );
  }
  if (f.province) q = q.where('e.province_code', '=', f.province);
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const items = await q
    .innerJoin('regions as pr', 'pr.code', 'e.province_code')
    .innerJoin('regions as rg', 'rg.code', 'e.regency_code')
    .select([
      'e.id',
      'e.npp',
      'e.name',
      'e.legal_form',
      'e.sector',
      'e.size_class',
      'e.risk_class',
      'e.province_code',
      'pr.name as province_name',
      'rg.name as regency_name',
      'e.status',
    ])
    .orderBy('e.name')
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize)
    .execute();
  // Current workers of the page's employers in one grouped read, not a correlated count per row: on a
  // Citus coordinator employers are a reference table and employments are distributed.
  const counts = new Map<number, number>();
  if (items.length) {
    const r = await db
      .selectFrom('employments as m')
      .select(['m.employer_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where(
        'm.employer_id',
        'in',
        items.map((i) => i.id),
      )
      .where('m.ended_on', 'is', null)
      .groupBy('m.employer_id')
      .execute();
    for (const x of r) counts.set(Number(x.employer_id), Number(x.n));
  }
  return {
    items: items.map((i) => ({ ...i, workers: counts.get(Number(i.id)) ?? 0 })),
    total: Number(total.n),
  };
}

export async function getEmployer(db: Database, scope: Scope, id: number) {
  return db
    .selectFrom('employers as e')
    .innerJoin('regions as v', 'v.code', 'e.village_code')
    .innerJoin('regions as pr', 'pr.code', 'e.province_code')
    .innerJoin('regions as rg', 'rg.code', 'e.regency_code')
    .leftJoin('branch_offices as b', 'b.id', 'e.branch_office_id')
    .selectAll('e')
    .select([
      'v.name as village_name',
      'pr.name as province_name',
      'rg.name as regency_name',
      'b.name as branch_office',
    ])
    .where('e.id', '=', id)
    .where(employerScopeFilter(scope))
    .executeTakeFirst();
}

export async function employerMemberships(db: Database, employerId: number) {
  return db
    .selectFrom('employer_memberships as m')
    .innerJoin('partners as p', 'p.id', 'm.partner_id')
    .select(['m.partner_id', 'p.name', 'p.acronym', 'm.since'])
    .where('m.employer_id', '=', employerId)
    .execute();
}

/**
 * An employer's current workers, one page at a time, with their total: the same rows the
 * employer's "workers" count counts (current employments), so the page and the count agree.
 */
export async function employerWorkers(
  db: Database,
  employerId: number,
  f: { page: number; pageSize: number } = { page: 1, pageSize: 50 },
) {
  const base = db
    .selectFrom('employments as m')
    .where('m.employer_id', '=', employerId)
    .where('m.ended_on', 'is', null);
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const items = await base
    .innerJoin('participants as p', 'p.id', 'm.participant_id')
    .select(['p.id as participant_id', 'p.kpj', 'p.nik', 'p.full_name', 'm.started_on', 'm.wage'])
    .orderBy('p.full_name')
    .orderBy('p.id')
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize)
    .execute();
  return { items, total: Number(total.n) };
}

export async function findEmployerByNpp(db: Database, npp: string) {
  return db.selectFrom('employers').selectAll().where('npp', '=', npp).executeTakeFirst();
}
