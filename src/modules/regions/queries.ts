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
