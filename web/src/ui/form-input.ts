/**
 * Pure helpers behind the shared form components (ui/form.tsx): Indonesian number and date input,
 * today's date in WIB, and server errors mapped to the form's fields in words (not "body.x: Invalid input").
 */
import { ApiError } from '../api.ts';
import { jakartaDate } from '../format.ts';
import { type Lang, localize } from '../i18n.ts';
import type { FxKey } from './form-text.ts';

/**
 * "5.000.000", "Rp 5.000.000", "5000000", "5 000 000" → 5000000; "" → null; anything else → NaN.
 * Indonesian grouping uses dots; a comma is the decimal separator, and rupiah have no decimals, so
 * "5.000.000,00" is accepted and "5.000,50" is not.
 */
export function parseAmount(text: string): number | null {
  const s = text.replace(/^\s*rp\.?\s*/i, '').replace(/\s+/g, '');
  if (!s) return null;
  const m = /^(\d{1,3}(?:\.\d{3})+|\d+)(?:,0+)?$/.exec(s);
  if (!m) return Number.NaN;
  const n = Number(m[1]!.replace(/\./g, ''));
  return Number.isSafeInteger(n) ? n : Number.NaN;
}

const grouping = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 0 });

/** 5000000 → "5.000.000" (what the money input shows after it loses focus). */
export function formatAmountInput(n: number | null): string {
  return n === null || !Number.isFinite(n) ? '' : grouping.format(n);
}

/** Today's calendar date in Western Indonesia Time (UTC+7, no daylight saving), 'YYYY-MM-DD'. */
export function todayWib(now: Date = new Date()): string {
  return jakartaDate(now);
}

const MONTHS: Record<string, number> = {
  jan: 1,
  januari: 1,
  january: 1,
  feb: 2,
  februari: 2,
  february: 2,
  peb: 2,
  mar: 3,
  maret: 3,
  march: 3,
  apr: 4,
  april: 4,
  mei: 5,
  may: 5,
  jun: 6,
  juni: 6,
  june: 6,
  jul: 7,
  juli: 7,
  july: 7,
  agu: 8,
  agt: 8,
  agustus: 8,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  okt: 10,
  oktober: 10,
  oct: 10,
  october: 10,
  nov: 11,
  nopember: 11,
  november: 11,
  des: 12,
  desember: 12,
  dec: 12,
  december: 12,
};

function iso(y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return null;
  return dt.toISOString().slice(0, 10);
}

/**
 * A date as people type it in Indonesia: day first ("4-12-2026", "04/12/2026", "4.12.2026",
 * "4 Desember 2026", "4 Des 2026"), or ISO "2026-12-04". "" → "" (empty); unreadable → null.
 */
export function parseDateInput(text: string): string | null {
  const s = text.trim().toLowerCase();
  if (!s) return '';
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (m) return iso(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(s);
  if (m) return iso(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})$/.exec(s);
  if (m && MONTHS[m[2]!]) return iso(Number(m[3]), MONTHS[m[2]!]!, Number(m[1]));
  return null;
}

/** '2026-12-04' → '04-12-2026', the form the date input shows. */
export function isoToInput(value: string | null | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value ?? '');
  return m ? `${m[3]}-${m[2]}-${m[1]}` : '';
}

/** A field's error: a dictionary key with its variables, or a message already in the user's words. */
export type FieldError = { key: FxKey; vars?: Record<string, string | number> } | { text: string };
export type FieldErrors = Record<string, FieldError>;

/** zod's English messages → the dictionary's words. */
function zodWords(message: string): FieldError {
  const num = /(?:>=|<=|>|<)\s*(-?\d+)/.exec(message)?.[1];
  if (/received (null|undefined)/i.test(message)) return { key: 'form.err.required' };
  if (/expected (number|int)/i.test(message)) return { key: 'form.err.number' };
  if (/too small/i.test(message) && /string|characters/i.test(message))
    return num === '1' ? { key: 'form.err.required' } : { key: 'form.err.tooShort', vars: { n: num ?? '' } };
  if (/too big/i.test(message) && /string|characters/i.test(message))
    return { key: 'form.err.tooLong', vars: { n: num ?? '' } };
  if (/too small/i.test(message)) return { key: 'form.err.min', vars: { n: num ?? '' } };
  if (/too big/i.test(message)) return { key: 'form.err.max', vars: { n: num ?? '' } };
  if (/invalid option|expected one of/i.test(message)) return { key: 'form.err.choice' };
  if (/email/i.test(message)) return { key: 'form.err.email' };
  if (/url/i.test(message)) return { key: 'form.err.url' };
  if (/YYYY-MM-DD/.test(message)) return { key: 'form.err.date' };
  if (/YYYY-MM/.test(message)) return { key: 'form.err.period' };
  return { key: 'form.err.invalid' };
}

/**
 * Maps an API error onto the form: zod details (`body.x`) and the domain's "x: pesan / message"
 * become errors beside field `alias[x] ?? x` when the form has it; everything else becomes the form's
 * own error (shown above the buttons). Forbidden and not-found answers keep the server's sentence.
 */
export function mapApiError(
  err: unknown,
  lang: Lang,
  fields: readonly string[],
  alias: Record<string, string> = {},
): { fields: FieldErrors; form: FieldError | null } {
  const out: FieldErrors = {};
  const known = (raw: string): string | null => {
    const parts = raw.split('.').filter((p) => !['body', 'querystring', 'params'].includes(p));
    for (const k of [parts.join('.'), parts[0] ?? '']) {
      const f = alias[k] ?? k;
      if (f && fields.includes(f)) return f;
    }
    return null;
  };
  if (!(err instanceof ApiError)) {
    return { fields: out, form: err ? { text: err instanceof Error ? err.message : String(err) } : null };
  }
  if (err.code === 'validation_error' && Array.isArray(err.details) && err.details.length) {
    let unplaced = false;
    for (const d of err.details as Array<{ field?: string; message?: string }>) {
      const f = d.field ? known(d.field) : null;
      if (f && !out[f]) out[f] = zodWords(String(d.message ?? ''));
      else if (!f) unplaced = true;
    }
    return { fields: out, form: unplaced ? { key: 'form.err.summary' } : null };
  }
  // The domain's errors name their field first: "village_code: kode desa tidak dikenal / unknown village".
  const m = /^([a-z_][a-z0-9_.]*):\s+(.*)$/s.exec(err.message);
  if (m) {
    const f = known(m[1]!);
    const text = localize(m[2]!, lang);
    if (f) {
      out[f] = { text };
      return { fields: out, form: null };
    }
    return { fields: out, form: { text } };
  }
  return { fields: out, form: { text: localize(err.message, lang) } };
}
