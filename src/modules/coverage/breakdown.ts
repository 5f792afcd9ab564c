/**
 * What is behind a region's number: its segments (rollups), and the employers and partners whose workers
 * are active there (registry, attributed by employer region through the one definition in active.ts).
 * Employer names go to agency roles only; regional governments get employers grouped by size and sector.
 */
import { sql } from 'kysely';
import type { Database } from '../../platform/db.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { effectiveSpans } from './active.ts';
import { checkPeriod, coverageContext } from './figures.ts';
import { buildRow, byRegion, type FigureRow } from './present.ts';
import { regionByCode, rollupCells } from './queries.ts';
import { levelOf, suppressCount } from './rules.ts';
import { assertCanSeeRegion, type CoverageScope } from './scope.ts';

export interface Breakdown {
  region: { code: string; name: string; level: number };
  period: string;
  segments: FigureRow['segments'];
  employers:
    | {
        kind: 'named';
        rows: Array<{
          id: number;
          npp: string;
          name: string;
          size_class: string;
          sector: string;
          active: number;
        }>;
      }
    | {
        kind: 'grouped';
        rows: Array<{ size_class: string; sector: string; employers: number; active: number | null }>;
      };
  partners: Array<{
    id: number;
    name: string;
    acronym: string | null;
    type: string;
    employers: number;
    active: number | null;
  }>;
  active_basis: string;
  synthetic: boolean;
  scale: string | null;
  min_cell: number | null;
}

/** PU workers active at the end of `period` per employer registered in `region`. */
function employerActives(basis: Parameters<typeof effectiveSpans>[0], region: string, period: string) {
  const prefix = `${region}.%`;
  const where = sql<boolean>`p.id in (select m.participant_id from employments m
    join employers e on e.id = m.employer_id where e.province_code = ${region.slice(0, 2)}
    and e.village_code like ${prefix})`;
  return sql`select e.id as employer_id, count(*)::bigint as active
    from (${effectiveSpans(basis, where)}) as s
    join employers e on e.id = s.employer_id
    where s.from_period <= ${period} and (s.to_excl is null or s.to_excl > ${period})
      and e.village_code like ${prefix}
    group by e.id`;
}

export async function coverageBreakdown(
  db: Database,
  scope: CoverageScope,
  code: string,
  q: { period?: string; limit?: number },
): Promise<Breakdown> {
  assertCanSeeRegion(scope, code);
  const ctx = await coverageContext(db);
  const period = checkPeriod(ctx, q.period);
  const region = await regionByCode(db, code);
  if (!region || region.level > 3)
    throw new NotFoundError(`region: wilayah ${code} tidak ditemukan / not found`);
  const cells = await rollupCells(db, { period, basis: 'employer', level: region.level as 1 | 2 | 3 });
  const own = cells.filter((c) => c.region_code === code);
  const seg = buildRow(region, byRegion(own).get(code), null, {
    segment: null,
    minCell: scope.minCell,
  }).segments;
  const counts = sql`with a as (${employerActives(ctx.activeBasis, code, period)})
    select e.id, e.npp, e.name, e.size_class, e.sector, a.active from a join employers e on e.id = a.employer_id`;
  const hide = (n: number) => (scope.minCell ? suppressCount(n, scope.minCell) : n);
  let employers: Breakdown['employers'];
  if (scope.names) {
    const r = await sql<{
      id: number;
      npp: string;
      name: string;
      size_class: string;
      sector: string;
      active: number;
    }>`
      ${counts} order by a.active desc, e.id limit ${q.limit ?? 20}`.execute(db);
    employers = { kind: 'named', rows: r.rows.map((x) => ({ ...x, active: Number(x.active) })) };
  } else {
    const r = await sql<{ size_class: string; sector: string; employers: number; active: number }>`
      select size_class, sector, count(*)::int as employers, sum(active)::bigint as active from (${counts}) as c
      group by size_class, sector order by sum(active) desc`.execute(db);
    employers = { kind: 'grouped', rows: r.rows.map((x) => ({ ...x, active: hide(Number(x.active)) })) };
  }
  const partners = await sql<{
    id: number;
    name: string;
    acronym: string | null;
    type: string;
    employers: number;
    active: number;
  }>`
    with a as (${employerActives(ctx.activeBasis, code, period)})
    select p.id, p.name, p.acronym, p.type, count(*)::int as employers, sum(a.active)::bigint as active
    from a join employer_memberships em on em.employer_id = a.employer_id join partners p on p.id = em.partner_id
    group by p.id order by sum(a.active) desc`.execute(db);
  return {
    region: { code: region.code, name: region.name, level: levelOf(region.code) },
    period,
    segments: seg,
    employers,
    partners: partners.rows.map((x) => ({ ...x, active: hide(Number(x.active)) })),
    active_basis: ctx.activeBasis,
    synthetic: ctx.scale.synthetic,
    scale: ctx.scale.scale,
    min_cell: scope.minCell || null,
  };
}
