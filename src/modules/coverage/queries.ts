/**
 * Reads of coverage counts. The dashboard reads the rollups (`rollupCells`, `rollupSeries`); the raw
 * versions compute the same numbers from the registry through the one definition in active.ts, for
 * villages (not rolled up), for tests that prove the rollups right, and for the benchmark.
 */
import { sql } from 'kysely';
import type { Database } from '../../platform/db.ts';
import { addMonths } from '../../platform/period.ts';
import { type ActiveBasis, CODE_LENGTH, effectiveSpans, registrations } from './active.ts';
import type { Attribution, Segment } from './rules.ts';

export interface Cell {
  region_code: string;
  segment: Segment;
  active: number;
  registered: number;
}

export interface LevelQuery {
  period: string;
  basis: Attribution;
  level: 1 | 2 | 3 | 4;
  /** Only regions under this code (any level above `level`). */
  parent?: string | null;
}

/** Array position of `period` in a rollup row (element 1 = start_period). */
const position = (period: string) =>
  sql<number>`(${Number(period.slice(0, 4)) * 12 + Number(period.slice(5, 7))}::int
    - (substr(start_period, 1, 4)::int * 12 + substr(start_period, 6, 2)::int) + 1)`;

/** Counts per region and segment for one month, from the rollups (levels 1–3). */
export async function rollupCells(db: Database, q: LevelQuery): Promise<Cell[]> {
  const pos = position(q.period);
  // The parent index answers the usual drill-down (children of a region); anything else filters by prefix.
  const under = !q.parent
    ? sql`true`
    : q.parent.split('.').length === q.level - 1
      ? sql`parent_code = ${q.parent}`
      : sql`region_code like ${`${q.parent}.%`}`;
  const r = await sql<Cell>`select region_code, segment, coalesce(active[${pos}], 0) as active,
      coalesce(registered[${pos}], 0) as registered
    from coverage_rollups where basis = ${q.basis} and level = ${q.level} and ${under}`.execute(db);
  return r.rows.map((x) => ({ ...x, active: Number(x.active), registered: Number(x.registered) }));
}

/** Active participants per region for one month (all segments, or one), summed in the database. */
export async function rollupActiveTotals(
  db: Database,
  q: LevelQuery & { segment?: Segment | null },
): Promise<Map<string, number>> {
  const pos = position(q.period);
  const under = q.parent ? sql`region_code like ${`${q.parent}.%`}` : sql`true`;
  const seg = q.segment ? sql`segment = ${q.segment}` : sql`true`;
  const r = await sql<{ region_code: string; active: number }>`
    select region_code, sum(coalesce(active[${pos}], 0))::bigint as active from coverage_rollups
    where basis = ${q.basis} and level = ${q.level} and ${under} and ${seg}
    group by region_code`.execute(db);
  return new Map(r.rows.map((x) => [x.region_code, Number(x.active)]));
}

export interface SeriesRow {
  period: string;
  segment: Segment;
  active: number;
  registered: number;
}

/** Monthly counts of one region (or the nation when `region` is null) by segment, from the rollups. */
export async function rollupSeries(
  db: Database,
  q: { region: string | null; basis: Attribution; from?: string; to?: string },
): Promise<SeriesRow[]> {
  const where = q.region
    ? sql`level = ${q.region.split('.').length} and region_code = ${q.region}`
    : sql`level = 1`;
  const r = await sql<{ segment: Segment; start_period: string; active: number[]; registered: number[] }>`
    select segment, start_period, active, registered from coverage_rollups
    where basis = ${q.basis} and ${where}`.execute(db);
  const sums = new Map<string, SeriesRow>();
  for (const row of r.rows)
    row.active.forEach((a, i) => {
      const period = addMonths(row.start_period, i);
      if (period < (q.from ?? '0000-00') || period > (q.to ?? '9999-12')) return;
      const k = `${period}|${row.segment}`;
      const prev = sums.get(k) ?? { period, segment: row.segment, active: 0, registered: 0 };
      prev.active += Number(a);
      prev.registered += Number(row.registered[i] ?? 0);
      sums.set(k, prev);
    });
  return [...sums.values()].sort(
    (a, b) => a.period.localeCompare(b.period) || a.segment.localeCompare(b.segment),
  );
}

/** Participants filter for raw queries: by domicile the region's own participants; by employer, all. */
function rawWhere(q: LevelQuery) {
  if (q.basis === 'employer' || !q.parent) return sql<boolean>`true`;
  const province = q.parent.slice(0, 2);
  return sql<boolean>`p.province_code = ${province} and p.village_code like ${`${q.parent}.%`}`;
}

/** The same counts as rollupCells, computed from the registry (any level, villages included). */
export async function rawCells(db: Database, basis: ActiveBasis, q: LevelQuery): Promise<Cell[]> {
  const len = CODE_LENGTH[q.level];
  const where = rawWhere(q);
  const code = q.basis === 'employer' ? sql`coalesce(employer_village, village_code)` : sql`village_code`;
  const inParent = q.parent ? sql`${code} like ${`${q.parent}.%`}` : sql`true`;
  const end = q.period;
  const r = await sql<Cell>`
    with a as (
      select left(${code}, ${len}) as region_code, segment, count(*)::bigint as n
      from (${effectiveSpans(basis, where)}) as s
      where from_period <= ${end} and (to_excl is null or to_excl > ${end}) and ${inParent}
      group by 1, 2
    ), r as (
      select left(${code}, ${len}) as region_code, segment, count(*)::bigint as n
      from (${registrations(where)}) as s
      where period <= ${end} and ${inParent}
      group by 1, 2
    )
    select coalesce(a.region_code, r.region_code) as region_code, coalesce(a.segment, r.segment) as segment,
      coalesce(a.n, 0)::bigint as active, coalesce(r.n, 0)::bigint as registered
    from a full join r on r.region_code = a.region_code and r.segment = a.segment
    order by 1, 2`.execute(db);
  return r.rows.map((x) => ({ ...x, active: Number(x.active), registered: Number(x.registered) }));
}

export interface RegionRef {
  code: string;
  name: string;
  level: number;
  kind: string;
}

// The region tree is reference data, fixed for the life of a process: list each level once.
const regionLists = new WeakMap<Database, Map<string, Promise<RegionRef[]>>>();

/** The regions listed at `level` under `parent` (all provinces when there is none). */
export function regionsAt(db: Database, level: number, parent: string | null): Promise<RegionRef[]> {
  const cache = regionLists.get(db) ?? new Map<string, Promise<RegionRef[]>>();
  regionLists.set(db, cache);
  const key = `${level}|${parent ?? ''}`;
  let hit = cache.get(key);
  if (!hit) {
    hit = listRegions(db, level, parent);
    cache.set(key, hit);
    hit.catch(() => cache.delete(key));
    // Villages are many and rarely listed twice: do not keep them.
    if (level === 4) cache.delete(key);
  }
  return hit;
}

async function listRegions(db: Database, level: number, parent: string | null): Promise<RegionRef[]> {
  let q = db
    .selectFrom('regions')
    .select(['code', 'name', 'level', 'kind'])
    .where('level', '=', level)
    .orderBy('code');
  if (parent) q = q.where('code', 'like', `${parent}.%`);
  return q.execute();
}

export async function regionByCode(db: Database, code: string): Promise<RegionRef | undefined> {
  return db
    .selectFrom('regions')
    .select(['code', 'name', 'level', 'kind'])
    .where('code', '=', code)
    .executeTakeFirst();
}

export interface DemoScale {
  synthetic: boolean;
  scale: string | null;
  scale_denominator: number;
}

/** `{ synthetic: true, scale: '1:200' }` when the registry is the demo sample; denominators divide by it. */
export async function demoScale(db: Database): Promise<DemoScale> {
  const m = await db.selectFrom('demo_meta').select('scale_denominator').executeTakeFirst();
  return m
    ? { synthetic: true, scale: `1:${m.scale_denominator}`, scale_denominator: m.scale_denominator }
    : { synthetic: false, scale: null, scale_denominator: 1 };
}
