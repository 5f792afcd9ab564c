import { addMonths, type Period, parsePeriod, periodEnd } from '../../platform/period.ts';
import { paramAt } from '../rules/params.ts';
import holidayData from './holidays.json' with { type: 'json' };

/**
 * Payment deadlines (docs/rules-reference.md §2.7, §2.8). Pure: no database, no clock.
 *
 * - Employers and sponsors: the 15th of the month after the contribution month (PP 44/2015 and the
 *   BPJS business process, Probis Kepesertaan p.19).
 * - BPU paying for themselves: the 15th of the contribution month itself.
 * - Any other self-payer ('participant', e.g. a PMI package billed by the run): like employers.
 * - Contribution months under PP 49/2020 (Aug 2020 – Jan 2021): the 30th of the following month
 *   (Pasal 4(1): "paling lambat tanggal 30 bulan berikutnya"), or that month's last day when it is
 *   shorter (January 2021 → 28 Feb 2021). PP 49/2020 words the relaxation for every monthly
 *   contribution, so BPU get it too — an assumption, since BPU normally pay in the same month.
 * - A deadline on a Saturday, Sunday, national holiday or cuti bersama moves to the next working day.
 *   Cuti bersama count as non-working because bank branches and BPJS offices close on them.
 */

export type DueKind = 'employer' | 'sponsor' | 'participant' | 'BPU';

interface HolidayDay {
  date: string;
  kind: string;
  name: string;
}
interface HolidayYear {
  instrument: string;
  source: string;
  unconfirmed: boolean;
  note?: string;
  days: HolidayDay[];
}

const YEARS = (holidayData as { years: Record<string, HolidayYear> }).years;
const HOLIDAYS = new Map<string, HolidayDay>(
  Object.values(YEARS).flatMap((y) => y.days.map((d) => [d.date, d] as const)),
);

/** Years the holiday file covers, and those whose list is marked unconfirmed. */
export function holidayCoverage(): { years: number[]; unconfirmed: number[] } {
  const years = Object.keys(YEARS).map(Number).sort();
  return { years, unconfirmed: years.filter((y) => YEARS[String(y)]?.unconfirmed) };
}

export function holidayOn(date: string): HolidayDay | undefined {
  return HOLIDAYS.get(date);
}

/** True when the contribution month falls in the PP 49/2020 window, read from the rules parameters. */
export function inCovidRelaxation(period: Period): boolean {
  try {
    return paramAt('fine.rate_per_month', periodEnd(period))?.instrument === 'PP 49/2020';
  } catch {
    return false; // before the fine parameter existed (mid-2015): no relaxation either
  }
}

function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** Why a date is not a working day, or null when it is one. */
export function nonWorkingReason(date: string): string | null {
  const wd = weekday(date);
  if (wd === 0) return 'Minggu / Sunday';
  if (wd === 6) return 'Sabtu / Saturday';
  const h = HOLIDAYS.get(date);
  if (h) return h.kind === 'cuti_bersama' ? `cuti bersama: ${h.name}` : `libur nasional: ${h.name}`;
  return null;
}

export interface DueExplanation {
  period: Period;
  kind: DueKind;
  /** The deadline the rule gives before rolling past non-working days. */
  nominal: string;
  due: string;
  basis: 'PP 44/2015' | 'PP 49/2020';
  skipped: Array<{ date: string; reason: string }>;
  /** Set when the deadline's year is outside the holiday file or marked unconfirmed there. */
  warning?: string;
}

function nominalDeadline(period: Period, kind: DueKind): { date: string; basis: DueExplanation['basis'] } {
  const next = addMonths(period, 1);
  if (inCovidRelaxation(period)) {
    const last = periodEnd(next);
    const day30 = `${next}-30`;
    return { date: day30 < last ? day30 : last, basis: 'PP 49/2020' };
  }
  return { date: `${kind === 'BPU' ? period : next}-15`, basis: 'PP 44/2015' };
}

/** The deadline with every step that moved it, for statements and the invoice page. */
export function explainDueDate(periodValue: string, kind: DueKind): DueExplanation {
  const period = parsePeriod(periodValue);
  const { date: nominal, basis } = nominalDeadline(period, kind);
  const skipped: DueExplanation['skipped'] = [];
  let due = nominal;
  for (let reason = nonWorkingReason(due); reason; reason = nonWorkingReason(due)) {
    skipped.push({ date: due, reason });
    due = nextDay(due);
  }
  const out: DueExplanation = { period, kind, nominal, due, basis, skipped };
  const year = YEARS[due.slice(0, 4)];
  if (!year)
    out.warning = `daftar libur ${due.slice(0, 4)} belum ada; hanya akhir pekan yang dilewati / no holiday list for ${due.slice(0, 4)}: only weekends skipped`;
  else if (year.unconfirmed)
    out.warning = `daftar libur ${due.slice(0, 4)} BELUM TERKONFIRMASI / holiday list for ${due.slice(0, 4)} is UNCONFIRMED`;
  return out;
}

/** The payment deadline ('YYYY-MM-DD') of a contribution month for a kind of payer. */
export function dueDate(period: string, kind: DueKind): string {
  return explainDueDate(period, kind).due;
}
