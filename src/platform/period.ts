import { ValidationError } from './errors.ts';

/** A contribution month, written 'YYYY-MM'. */
export type Period = string;

const PERIOD_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function parsePeriod(value: string, field = 'period'): Period {
  if (!PERIOD_RE.test(value)) {
    throw new ValidationError(
      `${field}: format periode harus YYYY-MM / period must be YYYY-MM (got "${value}")`,
    );
  }
  return value;
}

export function periodStart(p: Period): string {
  return `${p}-01`;
}

export function periodEnd(p: Period): string {
  const [y, m] = p.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${p}-${String(last).padStart(2, '0')}`;
}

export function addMonths(p: Period, n: number): Period {
  const [y, m] = p.split('-').map(Number) as [number, number];
  const idx = y * 12 + (m - 1) + n;
  return `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}`;
}

export function periodOf(isoDate: string): Period {
  return isoDate.slice(0, 7);
}

/** Months from a to b (b - a); negative when b is earlier. */
export function monthsBetween(a: Period, b: Period): number {
  const [ya, ma] = a.split('-').map(Number) as [number, number];
  const [yb, mb] = b.split('-').map(Number) as [number, number];
  return yb * 12 + mb - (ya * 12 + ma);
}

const MONTHS_ID = [
  'Januari',
  'Februari',
  'Maret',
  'April',
  'Mei',
  'Juni',
  'Juli',
  'Agustus',
  'September',
  'Oktober',
  'November',
  'Desember',
];

/** 12 → "Desember". */
export function monthNameId(month: number): string {
  return MONTHS_ID[month - 1] ?? String(month);
}

/** "2026-12" → "Desember 2026", for printed documents in Bahasa Indonesia (the web formats its own). */
export function periodNameId(p: Period): string {
  const m = /^(\d{4})-(\d{2})$/.exec(p);
  return m ? `${MONTHS_ID[Number(m[2]) - 1]} ${m[1]}` : p;
}
