/** League tables of provinces or regencies/cities: by coverage, by progress over 12 months, by gap. */
import type { Database } from '../../platform/db.ts';
import { addMonths } from '../../platform/period.ts';
import { coverageContext, coverageFigures } from './figures.ts';
import type { Meta } from './present.ts';
import { rollupActiveTotals } from './queries.ts';
import { type Attribution, type DenominatorKind, rank, type Segment } from './rules.ts';
import { type CoverageScope, canSeeRegion } from './scope.ts';
import { targetsForYear } from './targets.ts';

export type RankBy = 'coverage' | 'progress' | 'gap';

export interface RankingRow {
  code: string;
  name: string;
  kind: string;
  active: number | null;
  coverage_pct: number | null;
  denominator_estimated: boolean;
  /** Percentage points gained since `compared_with` (same denominator). */
  progress_pp: number | null;
  target_pct: number | null;
  target_status: string | null;
  target_from: 'region' | 'national' | null;
  gap_pp: number | null;
  gap_people: number | null;
  rank: { coverage: number | null; progress: number | null; gap: number | null };
}

export interface Ranking {
  meta: Meta & { compared_with: string; by: RankBy; level: 1 | 2; total_ranked: number };
  rows: RankingRow[];
}

const r2 = (x: number) => Math.round(x * 100) / 100;

export async function coverageRanking(
  db: Database,
  scope: CoverageScope,
  q: {
    period?: string;
    level?: 1 | 2;
    parent?: string | null;
    basis?: Attribution;
    denominator?: DenominatorKind;
    segment?: Segment | null;
    by?: RankBy;
  },
): Promise<Ranking> {
  const ctx = await coverageContext(db);
  const level = q.level ?? 1;
  const all = { codes: null, minCell: scope.minCell, names: scope.names };
  // Ranks are computed over every region, then the caller sees the rows of their own regions with their rank.
  const fig = await coverageFigures(db, all, { ...q, level, parent: q.parent ?? null }, ctx);
  const period = fig.meta.period;
  // Twelve months back, or the first month of the rollups when they are shorter.
  const earlier = [addMonths(period, -12), ctx.window.start].sort()[1] ?? ctx.window.start;
  const activeBefore = await rollupActiveTotals(db, {
    period: earlier,
    basis: fig.meta.basis,
    level,
    parent: q.parent ?? null,
    segment: q.segment ?? null,
  });
  const targets = await targetsForYear(db, Number(period.slice(0, 4)));
  const rows: RankingRow[] = fig.rows.map((f) => {
    const t = targets.get(f.code) ?? targets.get('00') ?? null;
    const den = f.denominator?.scaled ?? null;
    const progress =
      f.active !== null && den ? r2(((f.active - (activeBefore.get(f.code) ?? 0)) / den) * 100) : null;
    const gapPp = t && f.coverage_pct !== null ? r2(Math.max(0, t.target_pct - f.coverage_pct)) : null;
    return {
      code: f.code,
      name: f.name,
      kind: f.kind,
      active: f.active,
      coverage_pct: f.coverage_pct,
      denominator_estimated: f.denominator?.estimated ?? true,
      progress_pp: progress,
      target_pct: t?.target_pct ?? null,
      target_status: t?.status ?? null,
      target_from: t ? (targets.has(f.code) ? 'region' : 'national') : null,
      gap_pp: gapPp,
      gap_people:
        t && den && f.active !== null ? Math.max(0, Math.ceil((t.target_pct / 100) * den) - f.active) : null,
      rank: { coverage: null, progress: null, gap: null },
    };
  });
  const byCov = rank(rows, (r) => r.coverage_pct);
  const byProg = rank(rows, (r) => r.progress_pp);
  // The largest gap ranks first: it is where the most work is.
  const byGap = rank(rows, (r) => r.gap_pp);
  for (const r of rows)
    r.rank = { coverage: byCov.get(r) ?? null, progress: byProg.get(r) ?? null, gap: byGap.get(r) ?? null };
  const by = q.by ?? 'coverage';
  const visible = rows
    .filter((r) => canSeeRegion(scope, r.code))
    .sort((a, b) => (a.rank[by] ?? 1e9) - (b.rank[by] ?? 1e9) || a.code.localeCompare(b.code));
  return {
    meta: { ...fig.meta, compared_with: earlier, by, level, total_ranked: rows.length },
    rows: visible,
  };
}
