/** Budget planning for a regional government: the pure plan (rules.ts) with the region's data. */
import { sql } from 'kysely';
import type { Database } from '../../platform/db.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { assertCanSeeRegion, type CoverageScope } from '../coverage/scope.ts';
import { regionTargets } from '../coverage/trends.ts';
import { type PlanCategory, type PlanGroup, peopleForBudget, planCost } from './rules.ts';

export interface PlanQuery {
  region: string;
  year: number;
  groups: PlanGroup[];
  budgetFunded: boolean;
  fromMonth: number;
  /** The reverse: what this budget buys, in people of `scenarioCategory`. */
  budget?: bigint;
  scenarioCategory: PlanCategory;
}

/** The province's minimum wage for the year (the latest one on file up to it). */
async function provinceWage(db: Database, province: string, year: number) {
  const r = await sql<{ ump: string; year: number; source_url: string }>`
    select round(ump_rupiah)::bigint::text as ump, year, source_url from minimum_wages where province_code = ${province} and year <= ${year}
    order by year desc limit 1`.execute(db);
  return r.rows[0] ?? null;
}

const n = (v: bigint) => Number(v);

/**
 * The plan for a region and budget year: the chosen population's cost month by month, what a budget
 * buys, and each coverage target's remaining gap priced in people of `scenarioCategory`.
 */
export async function regionPlan(db: Database, scope: CoverageScope, q: PlanQuery) {
  assertCanSeeRegion(scope, q.region);
  const region = await db
    .selectFrom('regions')
    .select(['code', 'name', 'level'])
    .where('code', '=', q.region)
    .executeTakeFirst();
  if (!region) throw new NotFoundError(`region: wilayah ${q.region} tidak dikenal / unknown region`);
  if (q.fromMonth < 1 || q.fromMonth > 12)
    throw new ValidationError('from_month: bulan mulai 1–12 / first month must be 1–12');
  const wage = await provinceWage(db, q.region.slice(0, 2), q.year);
  const base = {
    year: q.year,
    budgetFunded: q.budgetFunded,
    fromMonth: q.fromMonth,
    defaultWage: BigInt(wage?.ump ?? 0),
  };
  if (
    !wage &&
    q.groups.some((g) => (g.category === 'honorer' || g.category === 'honorary_teacher') && !g.wage)
  )
    throw new ValidationError(
      'wage: UMP provinsi tidak tersedia, isi honorarium / no provincial minimum wage on file, give the honorarium',
    );
  const plan = planCost({ ...base, groups: q.groups });
  const reverse =
    q.budget !== undefined ? peopleForBudget(q.budget, { category: q.scenarioCategory }, base) : null;
  const one = peopleForBudget(0n, { category: q.scenarioCategory }, base).per_person_year;
  const panel = await regionTargets(db, scope, q.region);
  const scenarios = panel.targets
    .filter((t) => t.math)
    .map((t) => {
      const gap = t.math!.gap_people;
      return {
        target_year: t.target.year,
        target_pct: t.target.target_pct,
        target_status: t.target.status,
        source_url: t.target.source_url,
        current_pct: t.math!.current_pct,
        gap_people: gap,
        category: q.scenarioCategory,
        per_person_year: n(one),
        // The whole gap, and the half and quarter steps a budget office can phase it in.
        steps: [0.25, 0.5, 1].map((share) => {
          const people = Math.ceil(gap * share);
          return { share, people, cost: n(one * BigInt(people)) };
        }),
      };
    });
  return {
    region,
    year: q.year,
    budget_funded: q.budgetFunded,
    from_month: q.fromMonth,
    default_wage: wage ? { amount: Number(wage.ump), year: wage.year, source_url: wage.source_url } : null,
    total: n(plan.total),
    people: plan.people,
    months: plan.months.map((m) => ({
      period: m.period,
      total: n(m.total),
      groups: m.groups.map((g) => ({
        ...g,
        per_person: n(g.per_person),
        staff_per_person: n(g.staff_per_person),
        budget: n(g.budget),
      })),
    })),
    by_group: plan.by_group.map((g) => ({ ...g, base: n(g.base), total: n(g.total) })),
    reverse: reverse && {
      budget: n(q.budget!),
      category: q.scenarioCategory,
      people: reverse.people,
      per_person_year: n(reverse.per_person_year),
      cost: n(reverse.cost),
      left_over: n(reverse.left_over),
    },
    scenarios,
    references: plan.references,
    assumptions: plan.assumptions,
  };
}

export type RegionPlan = Awaited<ReturnType<typeof regionPlan>>;
