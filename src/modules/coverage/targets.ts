/**
 * Coverage targets: seeded from the published figures (published_coverage.target_pct, the national
 * RPJMN/RKP targets in national_figures, docs/rules-reference.md §7.2–7.3), and measured against the monthly series.
 */
import { sql } from 'kysely';
import type { Database } from '../../platform/db.ts';
import type { DenominatorKind } from './rules.ts';

export interface TargetRow {
  id: number;
  region_code: string;
  year: number;
  target_pct: number;
  denominator: DenominatorKind;
  status: 'sourced' | 'plan' | 'unconfirmed' | 'assumed';
  baseline_pct: number | null;
  baseline_period: string | null;
  source_url: string | null;
  note: string | null;
}

const BABEL_TARGETS = [
  {
    region_code: '19',
    year: 2025,
    target_pct: 57.17,
    status: 'sourced',
    baseline_pct: 27.24,
    baseline_period: '2025-06',
    source_url: 'https://babel.antaranews.com/berita/494257',
    note: 'Target UCJ 2025 Babel; 27.24% per 1 Jun 2025 (docs/rules-reference.md §7.3; URL slug truncated there)',
  },
  {
    region_code: '19',
    year: 2025,
    target_pct: 60.27,
    status: 'plan',
    baseline_pct: 35,
    baseline_period: '2024-12',
    source_url: 'https://babel.antaranews.com/berita/471081',
    note: 'Rencana Des 2024: 60.27% (397,336 pekerja) pada Des 2025; 35% tanpa Jakon, 40.27% dengan Jakon (docs/rules-reference.md §7.3)',
  },
  {
    region_code: '19',
    year: 2026,
    target_pct: 55,
    status: 'unconfirmed',
    baseline_pct: 33.1,
    baseline_period: '2025-12',
    source_url: null,
    note:
      'SKENARIO dari isu/pers: "33% menuju 55%". Angka 55% TIDAK ditemukan di sumber (docs/rules-reference.md §7.3, §10.8); ' +
      'target yang dipublikasikan 57.17% (Jun 2025) dan 60.27% (rencana Des 2024). Baseline 33.10% = UCJ Des 2025.',
  },
] as const;

type NewTarget = Omit<TargetRow, 'id'>;

/** Published denominator wording → the denominator kind it is closest to. */
function kindOf(text: string | null): DenominatorKind {
  return text && /potensi/i.test(text) ? 'employed_minus_civil_servants' : 'employed';
}

/** Seeds the sourced targets once (idempotent: the unique key skips rows already there). */
export async function ensureTargets(db: Database): Promise<void> {
  const published = await sql<{
    code: string;
    period: string;
    target_pct: string;
    coverage_pct: string | null;
    denominator: string | null;
    source_url: string;
    note: string | null;
  }>`select code, period, target_pct, coverage_pct, denominator, source_url, note from published_coverage
     where target_pct is not null order by id`.execute(db);
  const rows: NewTarget[] = published.rows.map((r) => ({
    region_code: r.code,
    // "target 61% in 2026 per Perda": a note naming the target year wins over the year of the figure.
    year: Number(/target[^.;]*? in (\d{4})/i.exec(r.note ?? '')?.[1] ?? r.period.slice(0, 4)),
    target_pct: Number(r.target_pct),
    denominator: kindOf(r.denominator),
    status: 'sourced' as const,
    baseline_pct: r.coverage_pct === null ? null : Number(r.coverage_pct),
    baseline_period: r.period,
    source_url: r.source_url,
    note: `published_coverage (${r.denominator ?? 'penyebut tidak disebut'})${r.note ? `: ${r.note}` : ''}`,
  }));
  const national = await sql<{ metric: string; value: string; period: string; source_url: string }>`
    select metric, value, period, source_url from national_figures
    where metric like 'ucj_coverage_target_%' order by id`.execute(db);
  for (const n of national.rows) {
    rows.push({
      region_code: '00',
      year: Number(n.period.slice(0, 4)),
      target_pct: Number(n.value),
      denominator: 'employed',
      status: 'sourced',
      baseline_pct: null,
      baseline_period: null,
      source_url: n.source_url,
      note: n.metric.includes('rpjmn') ? 'RPJMN 2025–2029' : n.metric.includes('rkp') ? 'RKP' : n.metric,
    });
  }
  const all: NewTarget[] = [
    ...rows,
    ...BABEL_TARGETS.map((b) => ({ ...b, denominator: 'employed' as const })),
  ];
  await db
    .insertInto('coverage_targets')
    // numeric columns travel as text so 57.17 stays 57.17
    .values(
      all.map((t) => ({
        ...t,
        target_pct: String(t.target_pct),
        baseline_pct: t.baseline_pct === null ? null : String(t.baseline_pct),
      })),
    )
    .onConflict((oc) => oc.columns(['region_code', 'year', 'target_pct', 'status']).doNothing())
    .execute();
}

const STATUS_ORDER = sql`case status when 'sourced' then 1 when 'plan' then 2 when 'unconfirmed' then 3 else 4 end`;

export async function targetsOf(db: Database, region: string, year?: number): Promise<TargetRow[]> {
  let q = db.selectFrom('coverage_targets').selectAll().where('region_code', '=', region);
  if (year) q = q.where('year', '=', year);
  const rows = await q.orderBy('year').orderBy(STATUS_ORDER).orderBy('id').execute();
  return rows.map(toTarget);
}

/** Per region, the target that applies in `year` (sourced before plan before unconfirmed). */
export async function targetsForYear(db: Database, year: number): Promise<Map<string, TargetRow>> {
  const rows = await db
    .selectFrom('coverage_targets')
    .selectAll()
    .where('year', '=', year)
    .orderBy('region_code')
    .orderBy(STATUS_ORDER)
    .orderBy('id')
    .execute();
  const out = new Map<string, TargetRow>();
  for (const r of rows) if (!out.has(r.region_code)) out.set(r.region_code, toTarget(r));
  return out;
}

function toTarget(r: {
  id: number;
  region_code: string;
  year: number;
  target_pct: string;
  denominator: string;
  status: string;
  baseline_pct: string | null;
  baseline_period: string | null;
  source_url: string | null;
  note: string | null;
}): TargetRow {
  return {
    ...r,
    target_pct: Number(r.target_pct),
    denominator: r.denominator as DenominatorKind,
    status: r.status as TargetRow['status'],
    baseline_pct: r.baseline_pct === null ? null : Number(r.baseline_pct),
  };
}
