import { sql } from 'kysely';
import type { Database } from '../../platform/db.ts';
import { ConfigError } from '../../platform/errors.ts';
import type { Segment, SizeClass } from '../workers/rules.ts';
import type { EmployerSizes, NationalMix, ProvinceBasis } from './rules.ts';

/** True when the registry already holds participants (seeded or real): seeding then does nothing. */
export async function isSeeded(db: Database): Promise<boolean> {
  const r = await sql<{ found: boolean }>`select exists (select 1 from participants) as found`.execute(db);
  return r.rows[0]?.found === true;
}

export interface DemoMeta {
  synthetic: true;
  scale: string;
  scale_denominator: number;
  participants: number;
  employers: number;
  seeded_at: string;
  reference_period: string;
  seed: number;
}

/** What the demo seed recorded, or null when the data are not a synthetic sample. */
export async function getDemoMeta(db: Database): Promise<DemoMeta | null> {
  const row = await db.selectFrom('demo_meta').selectAll().executeTakeFirst();
  if (!row) return null;
  return {
    synthetic: true,
    scale: `1:${row.scale_denominator}`,
    scale_denominator: row.scale_denominator,
    participants: row.participants,
    employers: row.employers,
    seeded_at: new Date(row.seeded_at).toISOString(),
    reference_period: row.reference_period,
    seed: row.seed,
  };
}

type Figure = { metric: string; period: string; value: number };

async function figures(db: Database, prefix: string): Promise<Figure[]> {
  const r = await sql<Figure>`select metric, period, value::float8 as value from national_figures
    where metric like ${`${prefix}%`} order by period desc, id`.execute(db);
  return r.rows;
}

/** The latest period that has every one of `metrics`. */
function latestComplete(rows: Figure[], metrics: string[]): { period: string; get: (m: string) => number } {
  for (const period of [...new Set(rows.map((r) => r.period))]) {
    const at = rows.filter((r) => r.period === period);
    if (metrics.every((m) => at.some((r) => r.metric === m))) {
      return { period, get: (m) => at.find((r) => r.metric === m)?.value ?? 0 };
    }
  }
  throw new ConfigError(
    `national_figures lacks a period with all of ${metrics.join(', ')} (db/reference/national_figures.csv)`,
  );
}

const SEGMENT_METRIC: Record<Segment, string> = {
  PU: 'active_participants_PU',
  BPU: 'active_participants_BPU',
  JAKON: 'active_participants_Jakon',
  PMI: 'active_participants_PMI',
};

export async function nationalMix(db: Database): Promise<NationalMix> {
  const rows = await figures(db, 'active_participants_');
  const f = latestComplete(rows, ['active_participants_total', ...Object.values(SEGMENT_METRIC)]);
  const bySegment = Object.fromEntries(
    Object.entries(SEGMENT_METRIC).map(([s, m]) => [s, f.get(m)]),
  ) as Record<Segment, number>;
  return { period: f.period, total: f.get('active_participants_total'), bySegment };
}

export async function employerSizes(db: Database): Promise<EmployerSizes> {
  const sizes: SizeClass[] = ['micro', 'small', 'medium', 'large'];
  const rows = await figures(db, 'registered_employers');
  const f = latestComplete(rows, ['registered_employers', ...sizes.map((s) => `registered_employers_${s}`)]);
  const bySize = Object.fromEntries(sizes.map((s) => [s, f.get(`registered_employers_${s}`)])) as Record<
    SizeClass,
    number
  >;
  return { period: f.period, total: f.get('registered_employers'), bySize };
}

/** Latest national UCJ coverage (active participants ÷ employed), in percent. */
export async function nationalUcjPct(db: Database): Promise<number> {
  const r = await sql<{ pct: number }>`select coverage_pct::float8 as pct from published_coverage
    where code = '00' and coverage_pct is not null order by period desc, id limit 1`.execute(db);
  const pct = r.rows[0]?.pct;
  if (pct === undefined) throw new ConfigError('published_coverage has no national coverage % (code 00)');
  return pct;
}

/** The evidence for each province's share of participants (see provinceWeights). */
export async function provinceBases(db: Database): Promise<ProvinceBasis[]> {
  const r = await sql<ProvinceBasis>`
    select p.code,
      (select c.active_participants from published_coverage c
        where c.code = p.code and c.period = '2023-12' and c.active_participants is not null
        order by c.id limit 1)::float8 as "active2023",
      (select c.active_participants from published_coverage c
        where c.code = p.code and c.period <> '2023-12' and c.active_participants is not null
        order by c.period desc, c.id limit 1)::float8 as "activeOther",
      (select w.employed_population from workforce_baselines w
        where w.province_code = p.code order by w.period desc limit 1)::float8 as employed,
      coalesce(k.n, 0)::int as kelurahan
    from regions p
    left join (select left(code, 2) as code, count(*) as n from regions
               where level = 4 and kind = 'kelurahan' group by 1) as k on k.code = p.code
    where p.level = 1 order by p.code`.execute(db);
  return r.rows;
}

/**
 * Minimum wage per province for `year`, else the latest earlier year, else the latest on file; whole
 * rupiah rounded up (three 2026 decrees carry decimals), so "at UMP" never falls below it.
 */
export async function minimumWages(db: Database, year: number): Promise<Map<string, number>> {
  const r = await sql<{ code: string; ump: number }>`
    select distinct on (province_code) province_code as code, ceil(ump_rupiah)::float8 as ump
    from minimum_wages order by province_code, (year <= ${year}) desc, year desc`.execute(db);
  return new Map(r.rows.map((x) => [x.code, x.ump]));
}
