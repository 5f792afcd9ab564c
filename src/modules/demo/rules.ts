/**
 * Pure planning for the synthetic sample: how many participants and employers each province gets.
 * No I/O; the figures come in from queries.ts (db/reference/*.csv) and the heavy generation is SQL.
 */
import { ValidationError } from '../../platform/errors.ts';
import type { Segment, SizeClass } from '../workers/rules.ts';

export const DEFAULT_SCALE = 200;

/** Active participants by segment at one date (docs/rules-reference.md §7.4; Apr 2025: 39.7M = 25.43 + 8.99 + 4.64 + 0.64). */
export interface NationalMix {
  period: string;
  total: number;
  bySegment: Record<Segment, number>;
}

/** Registered employers by size class at one date (national_figures.csv, Dec 2025). */
export interface EmployerSizes {
  period: string;
  total: number;
  bySize: Record<SizeClass, number>;
}

export interface ProvinceBasis {
  code: string;
  /** Active participants Dec 2023 (Kemnaker table; 28 provinces). */
  active2023: number | null;
  /** The latest other published active-participant count, any period. */
  activeOther: number | null;
  /** BPS employed population, latest round on file. */
  employed: number | null;
  /** Urban villages (kelurahan): where formal jobs concentrate; splits the pre-split Papua workforce. */
  kelurahan: number;
}

export type WeightBasis =
  | 'active_2023_12'
  | 'active_other_period'
  | 'employed_x_national_ucj'
  | 'papua_pre_split'
  | 'median';

/**
 * Aug 2023 employed population of the pre-split Papua province (today's 91 Papua, 93 Papua Selatan,
 * 94 Papua Tengah, 95 Papua Pegunungan), 2.45 million: pasificpos.com/setahun-pengangguran-di-papua-bertambah-jadi-67-ribu-orang
 * (cited in shared/data/README.md; no per-province figure exists for the four new provinces).
 */
export const PAPUA_PRE_SPLIT_EMPLOYED = 2_450_000;
export const PAPUA_PRE_SPLIT = ['91', '93', '94', '95'];

/**
 * Each province's share of actives, best evidence first: the Dec 2023 Kemnaker table; another published
 * active count; employed × national UCJ; for the four Papua provinces without any figure, the pre-split
 * Papua workforce split by kelurahan count × national UCJ. Counts are by registration location, so
 * DKI Jakarta is inflated by head-office registrations, as in the published tables.
 */
export function provinceWeights(
  bases: ProvinceBasis[],
  nationalUcjPct: number,
): Array<{ code: string; weight: number; basis: WeightBasis }> {
  const ucj = nationalUcjPct / 100;
  const papua = bases.filter(
    (b) => PAPUA_PRE_SPLIT.includes(b.code) && b.active2023 === null && b.activeOther === null,
  );
  const papuaKel = papua.reduce((s, b) => s + b.kelurahan, 0);
  const out = bases.map((b) => {
    if (b.active2023 !== null)
      return { code: b.code, weight: b.active2023, basis: 'active_2023_12' as WeightBasis };
    if (b.activeOther !== null)
      return { code: b.code, weight: b.activeOther, basis: 'active_other_period' as WeightBasis };
    if (b.employed !== null)
      return { code: b.code, weight: b.employed * ucj, basis: 'employed_x_national_ucj' as WeightBasis };
    if (papua.includes(b) && papuaKel > 0) {
      const weight = ((PAPUA_PRE_SPLIT_EMPLOYED * b.kelurahan) / papuaKel) * ucj;
      return { code: b.code, weight, basis: 'papua_pre_split' as WeightBasis };
    }
    return { code: b.code, weight: Number.NaN, basis: 'median' as WeightBasis };
  });
  const known = out
    .filter((o) => !Number.isNaN(o.weight))
    .map((o) => o.weight)
    .sort((a, b) => a - b);
  const median = known.length ? (known[Math.floor(known.length / 2)] ?? 0) : 1;
  return out.map((o) => (Number.isNaN(o.weight) ? { ...o, weight: median } : o));
}

/** Largest-remainder apportionment of a whole total over weights; ties go to the earlier entry. */
export function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  if (total <= 0 || sum <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (total * w) / sum);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((s, c) => s + c, 0);
  const order = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    counts[i] = (counts[i] ?? 0) + 1;
    left--;
  }
  return counts;
}

/**
 * Splits each row total over shared column shares, carrying rounding error from row to row so the
 * column totals stay within one or two of exact even when rows are tiny (a small province still adds
 * to the national PMI count).
 */
export function splitRows(rowTotals: number[], shares: number[]): number[][] {
  const sum = shares.reduce((s, x) => s + x, 0);
  const carry = shares.map(() => 0);
  return rowTotals.map((n) => {
    const exact = shares.map((s) => (n * s) / sum);
    const counts = exact.map(Math.floor);
    exact.forEach((e, i) => {
      carry[i] = (carry[i] ?? 0) + e - Math.floor(e);
    });
    let left = n - counts.reduce((s, c) => s + c, 0);
    const order = carry.map((c, i) => ({ c, i })).sort((a, b) => b.c - a.c || a.i - b.i);
    for (const { i } of order) {
      if (left <= 0) break;
      counts[i] = (counts[i] ?? 0) + 1;
      carry[i] = (carry[i] ?? 0) - 1;
      left--;
    }
    return counts;
  });
}

/** '1:200' (or '200') → 200. */
export function parseScale(text: string): number {
  const m = /^\s*(?:1\s*:\s*)?(\d+)\s*$/.exec(text);
  const d = m ? Number(m[1]) : Number.NaN;
  if (!Number.isInteger(d) || d < 1) {
    throw new ValidationError(
      `scale: tulis sebagai 1:N, mis. 1:200 / write the scale as 1:N, e.g. 1:200 (got "${text}")`,
    );
  }
  return d;
}

export const formatScale = (denominator: number): string => `1:${denominator}`;

export interface ProvincePlan {
  code: string;
  participants: number;
  bySegment: Record<Segment, number>;
  employers: number;
}

export interface SeedPlan {
  scaleDenominator: number;
  participants: number;
  employers: number;
  sizeShares: Record<SizeClass, number>;
  provinces: ProvincePlan[];
}

export const SEGMENT_ORDER: Segment[] = ['PU', 'BPU', 'JAKON', 'PMI'];
export const SIZE_ORDER: SizeClass[] = ['micro', 'small', 'medium', 'large'];

/**
 * Participants = national actives ÷ scale (or the scale derived from a requested count); employers
 * likewise from the national registered-employer count, spread over provinces by their PU workers.
 */
export function planSeed(
  req: { participants?: number; scaleDenominator?: number },
  mix: NationalMix,
  sizes: EmployerSizes,
  weights: Array<{ code: string; weight: number }>,
): SeedPlan {
  let n: number;
  let d: number;
  if (req.participants !== undefined) {
    if (!Number.isInteger(req.participants) || req.participants < 1) {
      throw new ValidationError(
        'participants: harus bilangan bulat positif / must be a positive whole number',
      );
    }
    n = req.participants;
    d = Math.max(1, Math.round(mix.total / n));
  } else {
    d = req.scaleDenominator ?? DEFAULT_SCALE;
    if (!Number.isInteger(d) || d < 1) throw new ValidationError('scale: 1:N dengan N ≥ 1 / 1:N with N ≥ 1');
    n = Math.max(1, Math.round(mix.total / d));
  }
  const perProvince = apportion(
    n,
    weights.map((w) => w.weight),
  );
  const segments = splitRows(
    perProvince,
    SEGMENT_ORDER.map((s) => mix.bySegment[s]),
  );
  const pu = segments.map((row) => row[0] ?? 0);
  const employersTotal = Math.max(1, Math.round(sizes.total / d));
  // Every province with wage earners needs at least one employer for them to work at.
  const employers = apportion(employersTotal, pu).map((e, i) => ((pu[i] ?? 0) > 0 ? Math.max(1, e) : e));
  const sizeSum = SIZE_ORDER.reduce((s, k) => s + sizes.bySize[k], 0);
  const sizeShares = Object.fromEntries(SIZE_ORDER.map((k) => [k, sizes.bySize[k] / sizeSum])) as Record<
    SizeClass,
    number
  >;
  const provinces = weights.map((w, i) => ({
    code: w.code,
    participants: perProvince[i] ?? 0,
    bySegment: Object.fromEntries(SEGMENT_ORDER.map((s, j) => [s, segments[i]?.[j] ?? 0])) as Record<
      Segment,
      number
    >,
    employers: employers[i] ?? 0,
  }));
  return {
    scaleDenominator: d,
    participants: n,
    employers: employers.reduce((s, e) => s + e, 0),
    sizeShares,
    provinces,
  };
}

/** [from, to) ranges of at most `size` covering 0..n. */
export function chunkRanges(n: number, size: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let a = 0; a < n; a += size) out.push([a, Math.min(n, a + size)]);
  return out;
}

/** A setseed() argument in [-1, 1) from the run's seed and a chunk number, so every chunk replays alike. */
export function chunkSeed(seed: number, chunk: number): number {
  let x = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(chunk + 1, 0xc2b2ae35);
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x ^= x >>> 15;
  return (x | 0) / 2 ** 31;
}

/** Birth dates for ages 18–64 on `asOf` ('YYYY-MM-DD'): the youngest date and how many dates there are back to the oldest. */
export function birthWindow(asOf: string): { youngest: string; spanDays: number } {
  const [y, m, d] = asOf.split('-').map(Number) as [number, number, number];
  const youngest = Date.UTC(y - 18, m - 1, d);
  const oldest = Date.UTC(y - 65, m - 1, d) + 86_400_000; // turns 65 tomorrow at the latest
  return {
    youngest: new Date(youngest).toISOString().slice(0, 10),
    spanDays: Math.round((youngest - oldest) / 86_400_000) + 1,
  };
}
