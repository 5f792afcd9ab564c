/** Coverage figures for one month: the children of a region (or the provinces), with the region's total. */
import type { Database } from '../../platform/db.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { ActiveBasis } from './active.ts';
import { type Denominator, type DenominatorSet, loadDenominators, shareOf } from './denominators.ts';
import { buildRow, byRegion, type FigureRow, type Meta, meta, total } from './present.ts';
import {
  type Cell,
  type DemoScale,
  demoScale,
  type RegionRef,
  rawCells,
  regionByCode,
  regionsAt,
  rollupCells,
} from './queries.ts';
import { latestRun } from './refresh.ts';
import { type Attribution, type DenominatorKind, levelOf, type Segment } from './rules.ts';
import { assertCanSeeRegion, type CoverageScope, canSeeRegion } from './scope.ts';

export interface FigureQuery {
  period?: string;
  level?: 1 | 2 | 3 | 4;
  parent?: string | null;
  basis?: Attribution;
  denominator?: DenominatorKind;
  segment?: Segment | null;
}

export interface Figures {
  meta: Meta;
  /** The parent region's (or the nation's) own figure; null when outside the caller's regions. */
  total: FigureRow | null;
  rows: FigureRow[];
}

/** What every coverage answer needs: the rollup window, the active basis, the demo scale. */
export interface CoverageContext {
  window: { start: string; end: string };
  activeBasis: ActiveBasis;
  scale: DemoScale;
}

export async function coverageContext(db: Database): Promise<CoverageContext> {
  const run = await latestRun(db);
  if (!run)
    throw new NotFoundError(
      'Rollup cakupan belum dibuat: jalankan `lindung coverage refresh` / ' +
        'Coverage rollups are empty: run `lindung coverage refresh`',
    );
  return {
    window: { start: run.window_start, end: run.window_end },
    activeBasis: run.active_basis as ActiveBasis,
    scale: await demoScale(db),
  };
}

export function checkPeriod(ctx: CoverageContext, period: string | undefined): string {
  const p = period ?? ctx.window.end;
  if (p < ctx.window.start || p > ctx.window.end)
    throw new ValidationError(
      `period: ${p} di luar rollup (${ctx.window.start}..${ctx.window.end}) / outside the rollups; ` +
        'run `lindung coverage refresh --period YYYY-MM`',
    );
  return p;
}

/** Counts for `level` under `parent`: rollups for levels 1–3, the registry for villages. */
async function cellsFor(
  db: Database,
  ctx: CoverageContext,
  q: { period: string; basis: Attribution; level: 1 | 2 | 3 | 4; parent: string | null },
): Promise<Cell[]> {
  if (q.level <= 3) return rollupCells(db, { ...q, level: q.level as 1 | 2 | 3 });
  return rawCells(db, ctx.activeBasis, q);
}

/** Province denominators, and estimated ones below provinces from the domicile registrations. */
async function denominatorsFor(
  db: Database,
  set: DenominatorSet,
  q: { period: string; level: number; parent: string | null },
  regions: RegionRef[],
  domicile: Cell[],
): Promise<Map<string, Denominator | null>> {
  const out = new Map<string, Denominator | null>();
  if (q.level === 1) {
    for (const r of regions) out.set(r.code, set.provinces.get(r.code) ?? null);
    return out;
  }
  const provinceCells = await rollupCells(db, { period: q.period, basis: 'domicile', level: 1 });
  const provinceRegistered = registeredBy(provinceCells);
  const regionRegistered = registeredBy(domicile);
  for (const r of regions) {
    const p = r.code.slice(0, 2);
    const prov = set.provinces.get(p);
    out.set(
      r.code,
      prov ? shareOf(prov, regionRegistered.get(r.code) ?? 0, provinceRegistered.get(p) ?? 0) : null,
    );
  }
  return out;
}

function registeredBy(cells: Cell[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of cells) out.set(c.region_code, (out.get(c.region_code) ?? 0) + c.registered);
  return out;
}

function resolveLevel(parent: string | null, level: number | undefined): 1 | 2 | 3 | 4 {
  const lv = level ?? (parent ? levelOf(parent) + 1 : 1);
  if (lv < 1 || lv > 4 || (parent && lv <= levelOf(parent)))
    throw new ValidationError(`level: ${lv} tidak berada di bawah / is not below ${parent ?? 'the nation'}`);
  return lv as 1 | 2 | 3 | 4;
}

export async function coverageFigures(
  db: Database,
  scope: CoverageScope,
  q: FigureQuery,
  ctx?: CoverageContext,
): Promise<Figures> {
  const c = ctx ?? (await coverageContext(db));
  const period = checkPeriod(c, q.period);
  const parent = q.parent ?? null;
  const level = resolveLevel(parent, q.level);
  const basis = q.basis ?? 'domicile';
  if (level === 4 && (basis !== 'domicile' || !parent || levelOf(parent) !== 3))
    throw new ValidationError(
      'level: desa hanya per kecamatan dan menurut domisili / villages: per district, by domicile only',
    );
  // A parent above the caller's regions lists just their own rows; a parent beside them is refused.
  if (parent && !canSeeRegion(scope, parent) && !scope.codes?.some((code) => code.startsWith(`${parent}.`)))
    assertCanSeeRegion(scope, parent);
  const parentRegion = parent ? await regionByCode(db, parent) : null;
  if (parent && !parentRegion)
    throw new NotFoundError(`parent: wilayah ${parent} tidak ditemukan / not found`);
  const kind = q.denominator ?? 'employed';
  const set = await loadDenominators(db, kind, period, c.scale.scale_denominator);
  const regions = await regionsAt(db, level, parent);
  const cells = await cellsFor(db, c, { period, basis, level, parent });
  const domicile =
    basis === 'domicile' ? cells : await cellsFor(db, c, { period, basis: 'domicile', level, parent });
  const dens = await denominatorsFor(db, set, { period, level, parent }, regions, domicile);
  const opts = { segment: q.segment ?? null, minCell: scope.minCell };
  const counts = byRegion(cells);
  const rows = regions
    .filter((r) => canSeeRegion(scope, r.code))
    .map((r) => buildRow(r, counts.get(r.code), dens.get(r.code) ?? null, opts));
  const totalRegion: RegionRef = parentRegion ?? {
    code: '00',
    name: 'Indonesia',
    level: 0,
    kind: 'nasional',
  };
  const totalDen = parent ? await parentDenominator(db, set, parent, period) : set.national;
  const totalRow = canSeeRegion(scope, parent)
    ? buildRow(totalRegion, byRegion(total(cells, totalRegion.code)).get(totalRegion.code), totalDen, opts)
    : null;
  return {
    meta: meta({
      period,
      basis,
      segment: q.segment ?? null,
      kind,
      activeBasis: c.activeBasis,
      scale: c.scale,
      minCell: scope.minCell,
      window: c.window,
      source: level <= 3 ? 'rollups' : 'registry',
      belowProvince: level >= 2,
    }),
    total: totalRow,
    rows,
  };
}

async function parentDenominator(
  db: Database,
  set: DenominatorSet,
  parent: string,
  period: string,
): Promise<Denominator | null> {
  const prov = set.provinces.get(parent.slice(0, 2)) ?? null;
  if (!prov || levelOf(parent) === 1) return prov;
  const [own, province] = await Promise.all([
    rollupCells(db, {
      period,
      basis: 'domicile',
      level: levelOf(parent) as 2 | 3,
      parent: parent.slice(0, 2),
    }),
    rollupCells(db, { period, basis: 'domicile', level: 1 }),
  ]);
  const reg = (cells: Cell[], code: string) =>
    cells.filter((c) => c.region_code === code).reduce((s, c) => s + c.registered, 0);
  return shareOf(prov, reg(own, parent), reg(province, parent.slice(0, 2)));
}
