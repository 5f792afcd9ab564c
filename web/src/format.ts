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

/**
 * A calculation line written by the rules module ("keluar 2025-01-10 + 1 bulan = 2025-02-10: ya / yes"):
 * its dates in the reader's format and its "ya / yes" in the reader's language.
 */
export function formatTrace(text: string, lang: Lang = 'id'): string {
  return text
    .replace(/\b\d{4}-\d{2}-\d{2}\b/g, (d) => formatDate(d, lang))
    .replace(/\b(ya|tidak) \/ (yes|no)\b/g, (_m, id: string, en: string) => (lang === 'id' ? id : en));
}

/** A rule parameter's value (a number, a flag, a date or a table of levels) in words and Indonesian figures. */
export function formatParamValue(value: unknown, unit: string | undefined, lang: Lang = 'id'): string {
  if (typeof value === 'boolean')
    return value ? (lang === 'id' ? 'ya' : 'yes') : lang === 'id' ? 'tidak' : 'no';
  if (typeof value === 'number')
    return unit === 'rupiah'
      ? formatRupiah(value)
      : unit === 'rate'
        ? formatRate(value)
        : formatNumber(value);
  if (typeof value === 'string') return unit === 'rate' ? formatRate(value) : formatTrace(value, lang);
  if (Array.isArray(value))
    return value
      .map((row) => {
        // The JKP schedule ({months, pct}): "60% selama 6 bulan"; several rows: the first months, then the next.
        if (row && typeof row === 'object' && 'months' in row && 'pct' in row) {
          const r = row as { months: number; pct: string | number };
          const first = value.indexOf(row) === 0;
          if (lang === 'en')
            return value.length > 1
              ? `${formatRate(r.pct)} for the ${first ? 'first' : 'next'} ${r.months} months`
              : `${formatRate(r.pct)} for ${r.months} months`;
          return `${formatRate(r.pct)} selama ${r.months} bulan${value.length > 1 ? (first ? ' pertama' : ' berikutnya') : ''}`;
        }
        if (row && typeof row === 'object' && 'level' in row && 'per_year' in row && 'years' in row) {
          const r = row as { level: string; per_year: number; years: number };
          return `${r.level}: ${formatRupiah(r.per_year)} ${lang === 'id' ? 'per tahun' : 'a year'}, ${r.years} ${lang === 'id' ? 'tahun' : 'years'}`;
        }
        return formatParamValue(row, unit, lang);
      })
      .join('; ');
  if (value && typeof value === 'object')
    return Object.values(value)
      .map((v) => formatParamValue(v, unit, lang))
      .join(', ');
  return '—';
}
