/**
 * Pure arithmetic of sponsor budgets (docs/decisions/0014-regional-sponsors.md): budget years with a
 * ceiling, top-ups and carry-over, and how long the money lasts at the current rate. No I/O.
 */

export interface BudgetYearInput {
  year: number;
  ceiling: bigint;
  carryOver: boolean;
  topups: bigint;
}

export interface BudgetYearState {
  year: number;
  ceiling: bigint;
  topups: bigint;
  /** Unused money brought in from the previous year (only when that year carries over). */
  carriedIn: bigint;
  available: bigint;
  used: bigint;
  remaining: bigint;
}

/**
 * Year by year: available = ceiling + top-ups + carried in; carried into the next year = what is left,
 * when this year carries over and the next year is budgeted at all. Overspending (a year billed beyond
 * its money, which the decisions prevent) is never carried as debt: remaining is at least 0.
 */
export function budgetYears(years: BudgetYearInput[], used: Map<number, bigint>): BudgetYearState[] {
  const out: BudgetYearState[] = [];
  let carry = 0n;
  let prev: BudgetYearInput | null = null;
  for (const y of [...years].sort((a, b) => a.year - b.year)) {
    const carriedIn = prev && prev.year === y.year - 1 && prev.carryOver ? carry : 0n;
    const available = y.ceiling + y.topups + carriedIn;
    const u = used.get(y.year) ?? 0n;
    const remaining = available > u ? available - u : 0n;
    out.push({
      year: y.year,
      ceiling: y.ceiling,
      topups: y.topups,
      carriedIn,
      available,
      used: u,
      remaining,
    });
    carry = remaining;
    prev = y;
  }
  return out;
}

/** Whole months the remaining money pays at `monthly` a month; null when nothing is being spent. */
export function monthsLeft(remaining: bigint, monthly: bigint): number | null {
  if (monthly <= 0n) return null;
  return Number(remaining / monthly);
}

/** A sponsor is told when its budget pays fewer than this many more months at the current rate. */
export const RUNWAY_NOTICE_MONTHS = 3;
