/** Pure coverage arithmetic: percentages, small-cell suppression, target paces and projections, ranks. */
import { addMonths, monthsBetween } from '../../platform/period.ts';

export { SEGMENTS, type Segment } from '../rules/lines.ts';
export type Attribution = 'domicile' | 'employer';
export type DenominatorKind = 'employed' | 'employed_minus_civil_servants' | 'labour_force';
export const DENOMINATORS: DenominatorKind[] = ['employed', 'employed_minus_civil_servants', 'labour_force'];

/** Percent with two decimals; null when there is no denominator to divide by. */
export function pct(numerator: number | null, denominator: number | null): number | null {
  if (numerator === null || denominator === null || denominator <= 0) return null;
  return Math.round((numerator / denominator) * 10_000) / 100;
}

/**
 * Small-cell suppression for one row of cells that add up to a published total: cells below `min` (but
 * above zero) are hidden, and when exactly one cell is hidden the next smallest is hidden too, so the
 * total cannot give the hidden one away. Zero is not disclosive and stays visible.
 */
export function suppressRow(cells: number[], min: number): Array<number | null> {
  const hidden = new Set(cells.flatMap((v, i) => (v > 0 && v < min ? [i] : [])));
  if (hidden.size === 1) {
    const next = cells
      .map((v, i) => ({ v, i }))
      .filter((c) => !hidden.has(c.i) && c.v > 0)
      .sort((a, b) => a.v - b.v)[0];
    if (next) hidden.add(next.i);
  }
  return cells.map((v, i) => (hidden.has(i) ? null : v));
}

/** A single published count: hidden when below `min` (and above zero). */
export function suppressCount(v: number, min: number): number | null {
  return v > 0 && v < min ? null : v;
}

export interface SeriesPoint {
  period: string;
  active: number;
}

export interface Projection {
  window_months: 3 | 6 | 12;
  pace_per_month: number | null;
  /** The month the target is reached at this pace; null when it is not reached at this pace. */
  reach_period: string | null;
  status: 'reached' | 'projected' | 'not_at_current_pace' | 'not_enough_history';
  on_time: boolean | null;
}

export interface TargetMath {
  as_of: string;
  deadline: string;
  denominator: number;
  target_people: number;
  current_active: number;
  current_pct: number | null;
  gap_people: number;
  gap_pp: number;
  months_left: number;
  pace_needed_per_month: number | null;
  projections: Projection[];
}

/** Growth per month over the last `k` months of the series, or null when the series is shorter. */
export function paceOver(series: SeriesPoint[], asOf: string, k: number): number | null {
  const now = series.find((s) => s.period === asOf);
  const then = series.find((s) => s.period === addMonths(asOf, -k));
  if (!now || !then) return null;
  return (now.active - then.active) / k;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * Where a region stands against a target of `targetPct` % of `denominator` people by December of `year`:
 * the gap in people, the pace needed per month from `asOf`, the pace of the last 3/6/12 months, and when
 * each pace would reach the target (linear; "not at current pace" when the pace is zero or negative).
 */
export function targetMath(input: {
  series: SeriesPoint[];
  asOf: string;
  denominator: number;
  targetPct: number;
  year: number;
}): TargetMath {
  const { series, asOf, denominator, targetPct, year } = input;
  const current = series.find((s) => s.period === asOf)?.active ?? 0;
  const targetPeople = Math.ceil((targetPct / 100) * denominator);
  const gap = Math.max(0, targetPeople - current);
  const deadline = `${year}-12`;
  const monthsLeft = Math.max(0, monthsBetween(asOf, deadline));
  const currentPct = pct(current, denominator);
  const projections = ([3, 6, 12] as const).map((k): Projection => {
    const pace = paceOver(series, asOf, k);
    if (gap === 0)
      return { window_months: k, pace_per_month: pace, reach_period: asOf, status: 'reached', on_time: true };
    if (pace === null)
      return {
        window_months: k,
        pace_per_month: null,
        reach_period: null,
        status: 'not_enough_history',
        on_time: null,
      };
    if (pace <= 0)
      return {
        window_months: k,
        pace_per_month: round1(pace),
        reach_period: null,
        status: 'not_at_current_pace',
        on_time: false,
      };
    const reach = addMonths(asOf, Math.ceil(gap / pace));
    return {
      window_months: k,
      pace_per_month: round1(pace),
      reach_period: reach,
      status: 'projected',
      on_time: reach <= deadline,
    };
  });
  return {
    as_of: asOf,
    deadline,
    denominator,
    target_people: targetPeople,
    current_active: current,
    current_pct: currentPct,
    gap_people: gap,
    gap_pp: Math.max(0, Math.round((targetPct - (currentPct ?? 0)) * 100) / 100),
    months_left: monthsLeft,
    pace_needed_per_month: gap === 0 ? 0 : monthsLeft > 0 ? round1(gap / monthsLeft) : null,
    projections,
  };
}

/**
 * Competition ranks (1, 2, 2, 4) by `value`, higher first unless `ascending`; rows without a value come
 * last, unranked.
 */
export function rank<T>(rows: T[], value: (r: T) => number | null, ascending = false): Map<T, number | null> {
  const ranked = rows
    .filter((r) => value(r) !== null)
    .sort((a, b) => (ascending ? 1 : -1) * ((value(a) as number) - (value(b) as number)));
  const out = new Map<T, number | null>();
  ranked.forEach((r, i) => {
    const prev = ranked[i - 1];
    out.set(r, prev !== undefined && value(prev) === value(r) ? (out.get(prev) ?? i + 1) : i + 1);
  });
  for (const r of rows) if (!out.has(r)) out.set(r, null);
  return out;
}

/** A region code is at level 1–4 by its number of dotted parts. */
export function levelOf(code: string): number {
  return code.split('.').length;
}
