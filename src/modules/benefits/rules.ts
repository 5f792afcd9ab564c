import { addMonths, monthsBetween, periodOf } from '../../platform/period.ts';

/** Pure functions over a member's history (benefits/history.ts reads it). */

export interface HistoryMonth {
  period: string;
  program: string;
  charged: number;
  employer_share: number;
  worker_share: number;
  adjusted: number;
  /** The wage the month was billed on; null when billed by another base (BPU nominal etc.). */
  wage: number | null;
  paid: boolean;
  paid_on: string | null;
  employer_id: number | null;
  npp: string | null;
}

export const HISTORY_PROGRAMS = ['JKK', 'JKM', 'JHT', 'JP', 'JKP'] as const;

/** Paid months of a program, as a sorted set of 'YYYY-MM'. */
export function paidMonths(months: HistoryMonth[], program: string): string[] {
  return [...new Set(months.filter((m) => m.program === program && m.paid).map((m) => m.period))].sort();
}

/** Paid months of `program` among the `window` months ending with `last` (inclusive). */
export function paidInWindow(months: HistoryMonth[], program: string, last: string, window: number): number {
  const first = addMonths(last, -(window - 1));
  return paidMonths(months, program).filter((p) => p >= first && p <= last).length;
}

/** Consecutive paid months of `program` ending with `last` (0 when `last` itself is unpaid). */
export function consecutiveEndingAt(months: HistoryMonth[], program: string, last: string): number {
  const paid = new Set(paidMonths(months, program));
  let n = 0;
  for (let p = last; paid.has(p); p = addMonths(p, -1)) n++;
  return n;
}

/** Unpaid stretches between the first and the last billed month of a program. */
export function gaps(
  months: HistoryMonth[],
  program: string,
): Array<{ from: string; to: string; months: number }> {
  const billed = [...new Set(months.filter((m) => m.program === program).map((m) => m.period))].sort();
  if (!billed.length) return [];
  const paid = new Set(paidMonths(months, program));
  const out: Array<{ from: string; to: string; months: number }> = [];
  const first = billed[0]!;
  const last = billed[billed.length - 1]!;
  let open: string | null = null;
  for (let p = first; p <= last; p = addMonths(p, 1)) {
    if (!paid.has(p)) open ??= p;
    else if (open) {
      out.push({ from: open, to: addMonths(p, -1), months: monthsBetween(open, p) });
      open = null;
    }
  }
  if (open) out.push({ from: open, to: last, months: monthsBetween(open, last) + 1 });
  return out;
}

/** The wage of the latest paid (else billed) month on or before `last` for a program. */
export function lastWage(months: HistoryMonth[], program: string, last: string): number | null {
  const rows = months.filter((m) => m.program === program && m.period <= last && m.wage !== null);
  const paid = rows.filter((m) => m.paid);
  const pick = (paid.length ? paid : rows).at(-1);
  return pick?.wage ?? null;
}

export interface ProgramSummary {
  program: string;
  billed_months: number;
  paid_months: number;
  first_period: string | null;
  last_paid_period: string | null;
  last_wage: number | null;
  charged: number;
  paid_amount: number;
  gaps: Array<{ from: string; to: string; months: number }>;
}

export function summarise(months: HistoryMonth[], asOf: string): ProgramSummary[] {
  const upTo = periodOf(asOf);
  const rows = months.filter((m) => m.period <= upTo);
  return HISTORY_PROGRAMS.filter((p) => rows.some((m) => m.program === p)).map((program) => {
    const mine = rows.filter((m) => m.program === program);
    const paid = paidMonths(rows, program);
    return {
      program,
      billed_months: new Set(mine.map((m) => m.period)).size,
      paid_months: paid.length,
      first_period: mine[0]?.period ?? null,
      last_paid_period: paid.at(-1) ?? null,
      last_wage: lastWage(rows, program, upTo),
      charged: mine.reduce((s, m) => s + m.charged, 0),
      paid_amount: mine.filter((m) => m.paid).reduce((s, m) => s + m.charged, 0),
      gaps: gaps(rows, program),
    };
  });
}
