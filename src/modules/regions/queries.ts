import { sql } from 'kysely';
import type { Database } from '../../platform/db.ts';

export interface RegionRow {
  code: string;
  name: string;
  level: number;
  kind: string;
}

export async function findRegion(
  db: Database,
  code: string,
): Promise<(RegionRow & { parent_code: string | null }) | undefined> {
  return db
    .selectFrom('regions')
    .select(['code', 'name', 'level', 'kind', 'parent_code'])
    .where('code', '=', code)
    .executeTakeFirst();
}

/** The chain from the province down to the region itself. */
export async function regionPath(db: Database, code: string): Promise<RegionRow[]> {
  const parts = code.split('.');
  const codes = parts.map((_, i) => parts.slice(0, i + 1).join('.'));
  const rows = await db
    .selectFrom('regions')
    .select(['code', 'name', 'level', 'kind'])
    .where('code', 'in', codes)
    .orderBy('level')
    .execute();
  return rows;
}

// Participant and employer counts per child region. Counting goes by the code prefix of the
// domicile village (participants) or registered village (employers); coverage rollups replace this later.
function childCounts(parent: string | null, level: number) {
  const len = [0, 2, 5, 8, 13][level]!;
  return { len, prefix: parent ? `${parent}.%` : '%' };
}

export async function listChildren(db: Database, parent: string | null) {
  const level = parent ? parent.split('.').length + 1 : 1;
  if (level > 4) return [];
  const { len, prefix } = childCounts(parent, level);
  const rows = await sql<RegionRow & { participants: number; employers: number }>`
    select g.code, g.name, g.level, g.kind,
           coalesce(p.n, 0)::int as participants, coalesce(e.n, 0)::int as employers
    from regions g
    left join (select left(village_code, ${len}) as code, count(*) as n from participants
               where village_code like ${prefix} group by 1) p on p.code = g.code
    left join (select left(village_code, ${len}) as code, count(*) as n from employers
               where village_code like ${prefix} group by 1) e on e.code = g.code
    where g.level = ${level} and ${parent ? sql`g.parent_code = ${parent}` : sql`true`}
    order by g.code`.execute(db);
  return rows.rows;
}

export async function provinceBaseline(db: Database, provinceCode: string) {
  const workforce = await db
    .selectFrom('workforce_baselines')
    .selectAll()
    .where('province_code', '=', provinceCode)
    .orderBy('period', 'desc')
    .executeTakeFirst();
  const wage = await db
    .selectFrom('minimum_wages')
    .selectAll()
    .where('province_code', '=', provinceCode)
    .orderBy('year', 'desc')
    .executeTakeFirst();
  return { workforce: workforce ?? null, minimum_wage: wage ?? null };
}

export async function villageExists(db: Database, code: string): Promise<boolean> {
  return !!(await db
    .selectFrom('regions')
    .select('code')
    .where('code', '=', code)
    .where('level', '=', 4)
    .executeTakeFirst());
}

export async function districtExists(db: Database, code: string): Promise<boolean> {
  return !!(await db
    .selectFrom('regions')
    .select('code')
    .where('code', '=', code)
    .where('level', '=', 3)
    .executeTakeFirst());
}

export interface RegionOption extends RegionRow {
  /** "Jawa Barat › Kota Bandung › Cicendo": the region's parents, province first. */
  path: string;
}

/**
 * Light rows for a picker: the children of `parent` (or the provinces), or regions whose name contains
 * `q` (at `level` when given, at most `limit`), each with its parents' names. `within` keeps only regions
 * inside (or above, on the way to) the given codes: a branch officer is offered its own regions only.
 */
export async function regionOptions(
  db: Database,
  f: { parent?: string | null; q?: string; level?: number; within?: string[] | null; limit?: number },
): Promise<RegionOption[]> {
  const within = f.within ?? null;
  const limit = f.limit ?? 30;
  const term = f.q?.trim().toLowerCase() ?? '';
  const inside = within
    ? sql<boolean>`exists (select 1 from unnest(${within}::text[]) w
        where g.code = w or g.code like w || '.%' or w like g.code || '.%')`
    : sql<boolean>`true`;
  const where = term
    ? sql`lower(g.name) like ${`%${term.replace(/[%_\\]/g, '\\$&')}%`} ${f.level ? sql`and g.level = ${f.level}` : sql``}
        ${f.parent ? sql`and g.code like ${`${f.parent}.%`}` : sql``}`
    : f.parent
      ? sql`g.parent_code = ${f.parent}`
      : sql`g.level = 1`;
  const r = await sql<RegionOption>`
    select g.code, g.name, g.level, g.kind,
      concat_ws(' › ', p1.name, p2.name, p3.name) as path
    from regions g
    left join regions p1 on g.level > 1 and p1.code = left(g.code, 2)
    left join regions p2 on g.level > 2 and p2.code = left(g.code, 5)
    left join regions p3 on g.level > 3 and p3.code = left(g.code, 8)
    where ${where} and ${inside}
    order by ${term ? sql`(lower(g.name) = ${term}) desc, (lower(g.name) like ${`${term}%`}) desc, g.level, g.name` : sql`g.code`}
    limit ${term ? limit : 10000}`.execute(db);
  return r.rows;
}
