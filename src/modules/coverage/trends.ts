/** Monthly series of a region, its targets with paces and projections. */
import type { Database } from '../../platform/db.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { type Denominator, loadDenominators, shareOf } from './denominators.ts';
import { type CoverageContext, coverageContext } from './figures.ts';
import { buildRow, type FigureRow, type Meta, meta } from './present.ts';
import { type RegionRef, regionByCode, rollupCells, rollupSeries } from './queries.ts';
import {
  type Attribution,
  type DenominatorKind,
  levelOf,
  type Segment,
  type TargetMath,
  targetMath,
} from './rules.ts';
import { assertCanSeeRegion, type CoverageScope } from './scope.ts';
import { type TargetRow, targetsOf } from './targets.ts';

const NATION: RegionRef = { code: '00', name: 'Indonesia', level: 0, kind: 'nasional' };

async function regionOrNation(db: Database, code: string | null): Promise<RegionRef> {
  if (!code || code === '00') return NATION;
  const r = await regionByCode(db, code);
  if (!r || r.level > 3) throw new NotFoundError(`region: wilayah ${code} tidak ditemukan / not found`);
  return r;
}

/** The denominator of one region at `period` (estimated below provinces). */
export async function regionDenominator(
  db: Database,
  ctx: CoverageContext,
  region: RegionRef,
  kind: DenominatorKind,
  period: string,
): Promise<Denominator | null> {
  const set = await loadDenominators(db, kind, period, ctx.scale.scale_denominator);
  if (region.level === 0) return set.national;
  const prov = set.provinces.get(region.code.slice(0, 2)) ?? null;
  if (!prov || region.level === 1) return prov;
  const [own, province] = await Promise.all([
    rollupCells(db, {
      period,
      basis: 'domicile',
      level: region.level as 2 | 3,
      parent: region.code.slice(0, 2),
    }),
    rollupCells(db, { period, basis: 'domicile', level: 1 }),
  ]);
  const reg = (cells: typeof own, code: string) =>
    cells.filter((c) => c.region_code === code).reduce((s, c) => s + c.registered, 0);
  return shareOf(prov, reg(own, region.code), reg(province, region.code.slice(0, 2)));
}

export interface Series {
  meta: Meta;
  region: RegionRef;
  points: Array<FigureRow & { period: string }>;
}

export async function coverageSeries(
  db: Database,
  scope: CoverageScope,
  code: string | null,
  q: { basis?: Attribution; denominator?: DenominatorKind; segment?: Segment | null },
): Promise<Series> {
  assertCanSeeRegion(scope, code === '00' ? null : code);
  const ctx = await coverageContext(db);
  const region = await regionOrNation(db, code);
  const kind = q.denominator ?? 'employed';
  const basis = q.basis ?? 'domicile';
  const den = await regionDenominator(db, ctx, region, kind, ctx.window.end);
  const rows = await rollupSeries(db, { region: region.level ? region.code : null, basis });
  const periods = [...new Set(rows.map((r) => r.period))];
  const opts = { segment: q.segment ?? null, minCell: scope.minCell };
  const points = periods.map((period) => {
    const counts = new Map(rows.filter((r) => r.period === period).map((r) => [r.segment, r]));
    return { period, ...buildRow(region, counts, den, opts) };
  });
  return {
    meta: meta({
      period: ctx.window.end,
      basis,
      segment: q.segment ?? null,
      kind,
      activeBasis: ctx.activeBasis,
      scale: ctx.scale,
      minCell: scope.minCell,
      window: ctx.window,
      source: 'rollups',
      belowProvince: region.level >= 2,
    }),
    region,
    points,
  };
}

export interface TargetView {
  target: TargetRow;
  denominator: Denominator | null;
  math: TargetMath | null;
}

/** Each target of the region (of `year` when given) against the region's all-segment domicile series. */
export async function regionTargets(
  db: Database,
  scope: CoverageScope,
  code: string,
  year?: number,
): Promise<{
  meta: Meta;
  region: RegionRef;
  targets: TargetView[];
  series: Array<{ period: string; active: number | null }>;
}> {
  assertCanSeeRegion(scope, code === '00' ? null : code);
  const ctx = await coverageContext(db);
  const region = await regionOrNation(db, code);
  const rows = await rollupSeries(db, { region: region.level ? region.code : null, basis: 'domicile' });
  const byPeriod = new Map<string, number>();
  for (const r of rows) byPeriod.set(r.period, (byPeriod.get(r.period) ?? 0) + r.active);
  const series = [...byPeriod.entries()].map(([period, active]) => ({ period, active }));
  const targets: TargetView[] = [];
  for (const t of await targetsOf(db, region.code, year)) {
    const den = await regionDenominator(db, ctx, region, t.denominator, ctx.window.end);
    const math = den
      ? targetMath({
          series,
          asOf: ctx.window.end,
          denominator: den.scaled,
          targetPct: t.target_pct,
          year: t.year,
        })
      : null;
    targets.push({ target: t, denominator: den, math });
  }
  const hide = (n: number) => (scope.minCell && n > 0 && n < scope.minCell ? null : n);
  return {
    meta: meta({
      period: ctx.window.end,
      basis: 'domicile',
      segment: null,
      kind: 'employed',
      activeBasis: ctx.activeBasis,
      scale: ctx.scale,
      minCell: scope.minCell,
      window: ctx.window,
      source: 'rollups',
      belowProvince: levelOf(region.code) >= 2 && region.level > 0,
    }),
    region,
    targets,
    series: series.map((s) => ({ period: s.period, active: hide(s.active) })),
  };
}
