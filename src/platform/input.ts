/**
 * The shared input schemas every route uses (issue 12): real calendar dates in a sane range, periods,
 * strict ids, bounded text without control characters. Bad input is a 400 naming the field, never a 5xx.
 */
import { z } from 'zod';

export const MIN_YEAR = 1900;
export const MAX_YEAR = 2100;

/** A real calendar day YYYY-MM-DD between 1900-01-01 and 2100-12-31 (no 2024-02-30, no 9999-12-31). */
export function isRealDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < MIN_YEAR || y > MAX_YEAR || mo < 1 || mo > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return d <= days;
}

export const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'format YYYY-MM-DD')
  .refine(isRealDate, {
    message: `tanggal tidak ada atau di luar ${MIN_YEAR}–${MAX_YEAR} / not a real date between ${MIN_YEAR} and ${MAX_YEAR}`,
  });

/** A contribution month YYYY-MM in 1900..2100. */
export const isoPeriod = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'format YYYY-MM')
  .refine((s) => Number(s.slice(0, 4)) >= MIN_YEAR && Number(s.slice(0, 4)) <= MAX_YEAR, {
    message: `periode di luar ${MIN_YEAR}–${MAX_YEAR} / period outside ${MIN_YEAR}–${MAX_YEAR}`,
  });

/** A row id: a positive integer (a JSON number, or digits in a path or query string); never a boolean. */
export const rowId = z.preprocess(
  (v) => (typeof v === 'string' && /^\d{1,15}$/.test(v) ? Number(v) : v),
  z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
);

/** Control characters other than tab, line feed and carriage return. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: this is the check for them
export const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** Bounded text without control characters. */
export const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !CONTROL_CHARS.test(s), {
      message: 'karakter kendali tidak diizinkan / control characters are not allowed',
    });

/** Every string any route receives is at most this long (fields have their own, shorter maxima). */
export const MAX_STRING = 10_000;

/**
 * Walks a parsed body, query or params: the path of the first string that holds a control character
 * or exceeds MAX_STRING, or null.
 */
export function badString(
  v: unknown,
  path: string[] = [],
): { path: string; reason: 'control' | 'length' } | null {
  if (typeof v === 'string') {
    if (v.length > MAX_STRING) return { path: path.join('.'), reason: 'length' };
    if (CONTROL_CHARS.test(v)) return { path: path.join('.'), reason: 'control' };
    return null;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const b = badString(v[i], [...path, String(i)]);
      if (b) return b;
    }
    return null;
  }
  if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const kb = badString(k, path);
      if (kb) return kb;
      const b = badString(x, [...path, k]);
      if (b) return b;
    }
  }
  return null;
}
