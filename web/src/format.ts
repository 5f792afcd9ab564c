import type { Lang } from './i18n.ts';

/**
 * Indonesian formats: "Rp4.500.000" (no space, dot grouping) and "20 Oktober 1990".
 * Rupiah keep the Indonesian grouping in English too, as on every Indonesian document.
 */
const number = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 2 });

export function formatNumber(n: number | string | null | undefined): string {
  if (n === null || n === undefined || n === '') return '—';
  const v = typeof n === 'string' ? Number(n) : n;
  return Number.isFinite(v) ? number.format(v) : String(n);
}

export function formatRupiah(n: number | string | null | undefined): string {
  if (n === null || n === undefined || n === '') return '—';
  const v = typeof n === 'string' ? Number(n) : n;
  if (!Number.isFinite(v)) return String(n);
  return `${v < 0 ? '-' : ''}Rp${number.format(Math.abs(v))}`;
}

const dateFormats: Record<Lang, Intl.DateTimeFormat> = {
  id: new Intl.DateTimeFormat('id-ID', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
};

const jakartaDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Jakarta',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar day in Western Indonesia Time (UTC+7) of a moment, as 'YYYY-MM-DD'. */
export function jakartaDate(moment: Date | string | number = new Date()): string {
  return jakartaDay.format(new Date(moment));
}

/**
 * A calendar date. A plain 'YYYY-MM-DD' is shown as it is; a timestamp ('2026-12-03T17:31:00Z') is
 * a moment, shown as its day in WIB: a registration at 00:31 WIB on 4 December is on 4 December.
 */
export function formatDate(value: string | null | undefined, lang: Lang = 'id'): string {
  if (!value) return '—';
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value)
    ? value
    : /^\d{4}-\d{2}-\d{2}[T ]\d/.test(value) && !Number.isNaN(Date.parse(value))
      ? jakartaDate(value)
      : null;
  const m = day ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(day) : null;
  if (!m) return value;
  return dateFormats[lang].format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))));
}

/** A moment in time, shown in Western Indonesia Time. */
export function formatDateTime(value: string | null | undefined, lang: Lang = 'id'): string {
  if (!value) return '—';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  const f = new Intl.DateTimeFormat(lang === 'id' ? 'id-ID' : 'en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Asia/Jakarta',
  });
  return `${f.format(d)} WIB`;
}

const monthFormats: Record<Lang, Intl.DateTimeFormat> = {
  id: new Intl.DateTimeFormat('id-ID', { month: 'long', year: 'numeric', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }),
};

/** A period 'YYYY-MM' as "November 2026". */
export function formatPeriod(value: string | null | undefined, lang: Lang = 'id'): string {
  if (!value) return '—';
  const m = /^(\d{4})-(\d{2})$/.exec(value);
  if (!m) return value;
  return monthFormats[lang].format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)));
}

export function formatPercent(n: number | string | null | undefined): string {
  if (n === null || n === undefined || n === '') return '—';
  return `${formatNumber(n)}%`;
}

const rate = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 4 });

/** A rate kept as an exact decimal fraction ("0.0024") as a percentage: "0,24%". */
export function formatRate(value: number | string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const v = Number(value);
  if (!Number.isFinite(v)) return String(value);
  // Round in percent space so 0.0024 × 100 shows 0,24 and not 0,24000000000000002.
  return `${rate.format(Math.round(v * 100 * 1e6) / 1e6)}%`;
}

/** A sampling scale "1:13233" as "1:13.233". */
export function formatScale(scale: string | null | undefined): string {
  if (!scale) return '—';
  const m = /^1:(\d+)$/.exec(scale);
  return m ? `1:${formatNumber(Number(m[1]))}` : scale;
}
