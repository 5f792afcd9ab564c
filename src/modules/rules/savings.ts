import { ValidationError } from '../../platform/errors.ts';
import { applyRate, type Decimal, decimal } from '../../platform/money.ts';
import { addMonths, monthsBetween, periodEnd, periodStart } from '../../platform/period.ts';
import { type BenefitPart, type BenefitResult, finish } from './benefit-result.ts';
import { clampRp, minRp, pct, roundHalfUpRatio, rp } from './exact.ts';
import { intAt, rateAt, rupiahAt } from './params.ts';
import { newTrace, step, type Trace, use, warn } from './trace.ts';
import { date, int, type Money, money, notBefore, period, SYSTEM_START } from './validate.ts';

/** JHT (individual savings account) and JP (defined-benefit pension). */

export interface JhtInput {
  /** Monthly wage, constant over the period (basic + fixed allowances). */
  wage?: Money;
  from: string;
  to: string;
  openingBalance?: Money;
  /** Yearly return overrides, e.g. { "2021": "0.0555" } (exact decimals). */
  returns?: Record<string, string>;
}

function yearReturn(t: Trace, year: number, overrides: Record<string, string> | undefined): Decimal {
  const o = overrides?.[String(year)];
  if (o !== undefined) {
    if (!/^\d+(\.\d+)?$/.test(o))
      throw new ValidationError(
        `returns.${year}: harus desimal, mis. 0.0563 / must be a decimal such as 0.0563 (got "${o}")`,
      );
    step(t, `Hasil pengembangan ${year} (masukan) / ${year} return (input)`, pct(o));
    return decimal(o);
  }
  const asOf = `${year}-12-31`;
  return use(t, rateAt('jht.return_rate', asOf < SYSTEM_START ? SYSTEM_START : asOf, 'from'));
}

interface YearRow {
  year: number;
  contributions: bigint;
  returns: bigint;
  closing: bigint;
}

/**
 * Returns are credited once a year (THE rounding, once per year): the opening balance earns the
 * year's rate for the months held, each month's contribution from the end of its month.
 */
function jhtYear(
  t: Trace,
  year: number,
  months: string[],
  opening: bigint,
  contributionOf: (month: string) => bigint,
  r: Decimal,
  label = 'JHT',
): YearRow {
  const first = Number(months[0]?.slice(5, 7));
  const end = Number(months[months.length - 1]?.slice(5, 7));
  let contributions = 0n;
  let weighted = opening * BigInt(end - first + 1);
  for (const m of months) {
    const c = contributionOf(m);
    contributions += c;
    weighted += c * BigInt(end - Number(m.slice(5, 7)));
  }
  const returns = roundHalfUpRatio(weighted * r.units, 12n * 10n ** BigInt(r.scale));
  step(t, `${label} ${year}: iuran / contributions`, `${months.length} bulan, ${rp(contributions)}`);
  step(
    t,
    `${label} ${year}: hasil pengembangan / return`,
    `${pct(r)} × (saldo awal × ${end - first + 1} + Σ iuran × bulan tersisa)/12 = ${rp(returns)}`,
  );
  return { year, contributions, returns, closing: opening + contributions + returns };
}

export function computeJht(input: JhtInput): BenefitResult {
  const wage = money('wage', input.wage);
  const from = period(input.from, 'from');
  const to = period(input.to, 'to');
  notBefore('from', from, SYSTEM_START, 'JHT');
  const span = monthsBetween(from, to) + 1;
  if (span < 1 || span > 720)
    throw new ValidationError(
      `to: harus ≥ from dan ≤ 60 tahun / must be ≥ from and within 60 years (got ${from}..${to})`,
    );
  const t = newTrace();
  const opening = input.openingBalance === undefined ? 0n : money('openingBalance', input.openingBalance);
  step(t, 'Iuran JHT per bulan = upah × (3,7% + 2%) / monthly JHT = wage × (3.7% + 2%)', rp(wage));
  const byYear = new Map<number, string[]>();
  for (let i = 0; i < span; i++) {
    const m = addMonths(from, i);
    const y = Number(m.slice(0, 4));
    byYear.set(y, [...(byYear.get(y) ?? []), m]);
  }
  let balance = opening;
  const parts: BenefitPart[] =
    opening > 0n ? [{ key: 'opening', label: 'Saldo awal / opening balance', amount: opening }] : [];
  for (const [year, months] of byYear) {
    const monthly = (m: string) => {
      const asOf = periodEnd(m);
      return (
        applyRate(wage, use(t, rateAt('jht.rate.employer', asOf, 'from'))) +
        applyRate(wage, use(t, rateAt('jht.rate.worker', asOf, 'from')))
      );
    };
    const row = jhtYear(t, year, months, balance, monthly, yearReturn(t, year, input.returns));
    parts.push({
      key: `${year}.contributions`,
      label: `Iuran ${year} / contributions ${year}`,
      amount: row.contributions,
    });
    parts.push({
      key: `${year}.returns`,
      label: `Hasil pengembangan ${year} / return ${year}`,
      amount: row.returns,
      detail: `saldo akhir / closing ${rp(row.closing)}`,
    });
    balance = row.closing;
  }
  const details = partial(t, balance, span, periodEnd(to));
  warn(
    t,
    'JHT dibayar pada usia pensiun, CTT, meninggal, atau berhenti bekerja (Permenaker 4/2022: 1 bulan setelah berhenti) / payable at pension age, CTT, death or on stopping work (1-month wait)',
  );
  return finish('JHT', periodEnd(to), 'PP 46/2015', true, parts, t, input, { balance, ...details });
}

function partial(t: Trace, balance: bigint, months: number, asOf: string): Record<string, bigint | boolean> {
  const minYears = use(t, intAt('jht.partial.min_years', asOf));
  const ok = months >= minYears * 12;
  const housing = ok ? applyRate(balance, use(t, rateAt('jht.partial.housing', asOf))) : 0n;
  const other = ok ? applyRate(balance, use(t, rateAt('jht.partial.other', asOf))) : 0n;
  step(
    t,
    'Pengambilan sebagian (sekali) / partial withdrawal (once)',
    ok
      ? `perumahan/housing ≤ ${rp(housing)}; lainnya/other ≤ ${rp(other)}`
      : `kepesertaan < ${minYears} tahun / membership under ${minYears} years`,
  );
  return { partialEligible: ok, partialHousingMax: housing, partialOtherMax: other };
}

/** The JP benefit types of PP 45/2015 Pasal 16: old age, disability, widow/widower, child, parent. */
export const JP_KINDS = ['old_age', 'disability', 'spouse', 'child', 'parent'] as const;
export type JpKind = (typeof JP_KINDS)[number];
/** How an explanation names each JP benefit type (no codes on screens). */
const JP_KIND_WORDS: Record<string, { id: string; en: string }> = {
  old_age: { id: 'pensiun hari tua', en: 'old-age pension' },
  disability: { id: 'pensiun cacat', en: 'disability pension' },
  spouse: { id: 'pensiun janda/duda', en: 'widow or widower pension' },
  child: { id: 'pensiun anak', en: 'child pension' },
  parent: { id: 'pensiun orang tua', en: 'parent pension' },
};

/** One paid JP month of the member's history: the wage it was billed on and the contribution paid. */
export interface JpMonth {
  period: string;
  wage: Money;
  /** Employer + worker JP contribution of the month (for the lump sum under 15 years). */
  contribution?: Money;
}

export interface JpInput {
  /** Date the pension is claimed (old age), of the total permanent disability, or of the death (survivors). */
  claimDate: string;
  birthDate: string;
  /** Contribution months (typed in; computed from `history` when that is given). */
  months?: number;
  /** Average monthly wage over the contribution period, indexed for inflation and capped (PP 45/2015 Pasal 17). */
  averageWage?: Money;
  /** Benefit type (default old_age). */
  kind?: string;
  /** The paid JP months from the member's history: months, the indexed average wage and the lump sum come from them. */
  history?: JpMonth[];
  /** JP months billed since membership (the compliance condition of disability and survivor pensions). */
  billedMonths?: number;
}

function addYears(iso: string, n: number): string {
  const [y, m, d] = iso.split('-');
  const year = String(Number(y) + n).padStart(4, '0');
  // 29 Feb birthdays fall on 1 Mar in non-leap years.
  const leap = (Number(year) % 4 === 0 && Number(year) % 100 !== 0) || Number(year) % 400 === 0;
  return m === '02' && d === '29' && !leap ? `${year}-03-01` : `${year}-${m}-${d}`;
}

/** The first birthday on which the age reached is at least the pension age in force that day. */
function pensionDate(t: Trace, birth: string): [string, number] {
  for (let age = 56; age <= 70; age++) {
    const day = addYears(birth, age);
    // biome-ignore lint/complexity/useMathMinMax: ISO date strings, the later of the two (Math.max would give NaN)
    const required = intAt('jp.pension_age', day < SYSTEM_START ? SYSTEM_START : day);
    if (age >= required[0]) {
      use(t, required);
      step(t, 'Usia pensiun / pension age', `${age} tahun pada / years on ${day}`);
      return [day, age];
    }
  }
  throw new Error('pension age schedule ends at 65');
}

function jpKind(v: string | undefined): JpKind {
  const k = v ?? 'old_age';
  if (!(JP_KINDS as readonly string[]).includes(k))
    throw new ValidationError(
      `kind: harus salah satu dari ${JP_KINDS.join('|')} / must be one of ${JP_KINDS.join('|')} (got "${k}")`,
    );
  return k as JpKind;
}

function jpHistory(
  input: JpInput,
  claim: string,
): Array<{ period: string; wage: bigint; contribution: bigint }> {
  const last = claim.slice(0, 7);
  const seen = new Set<string>();
  const out: Array<{ period: string; wage: bigint; contribution: bigint }> = [];
  for (const [i, m] of (input.history ?? []).entries()) {
    const p = period(m.period, `history[${i}].period`);
    if (seen.has(p))
      throw new ValidationError(`history[${i}].period: bulan ganda / month given twice (${p})`);
    seen.add(p);
    if (p > last) continue;
    out.push({
      period: p,
      wage: money(`history[${i}].wage`, m.wage),
      contribution: m.contribution === undefined ? 0n : money(`history[${i}].contribution`, m.contribution),
    });
  }
  return out.sort((a, b) => a.period.localeCompare(b.period));
}

/** (1 + inflation) of each calendar year from `fromYear` to `toYear` − 1, as one exact factor. */
function inflationFactor(t: Trace, fromYear: number, toYear: number): Decimal {
  let f: Decimal = { units: 1n, scale: 0 };
  for (let k = fromYear; k < toYear; k++) {
    const pi = use(t, rateAt('jp.inflation', `${k}-12-31`, 'claimDate'));
    const one = { units: 10n ** BigInt(pi.scale) + pi.units, scale: pi.scale };
    f = { units: f.units * one.units, scale: f.scale + one.scale };
  }
  return f;
}

function decText(d: Decimal): string {
  const s = d.units.toString().padStart(d.scale + 1, '0');
  const int = s.slice(0, s.length - d.scale);
  const frac = s
    .slice(s.length - d.scale)
    .replace(/0+$/, '')
    .slice(0, 6);
  return frac ? `${int},${frac}` : int;
}

/**
 * PP 45/2015 Pasal 17(2)-(3): the average of the monthly wages, each capped by the JP wage cap of its
 * month and indexed to the claim year by the general inflation of every later year (the weighted
 * annual wage ÷ 12). One rounding, at the end.
 */
function indexedAverageWage(
  t: Trace,
  months: Array<{ period: string; wage: bigint }>,
  claim: string,
): bigint {
  if (!months.length) return 0n;
  const claimYear = Number(claim.slice(0, 4));
  const byYear = new Map<number, { n: number; sum: bigint; capped: number }>();
  for (const m of months) {
    const cap = use(t, rupiahAt('jp.wage_cap', periodStart(m.period), 'history.period'));
    const y = Number(m.period.slice(0, 4));
    const row = byYear.get(y) ?? { n: 0, sum: 0n, capped: 0 };
    row.n++;
    row.sum += minRp(m.wage, cap);
    if (m.wage > cap) row.capped++;
    byYear.set(y, row);
  }
  const factors = [...byYear.keys()].map((y) => [y, inflationFactor(t, y, claimYear)] as const);
  const scale = Math.max(...factors.map(([, f]) => f.scale));
  let total = 0n;
  for (const [y, f] of factors) {
    const row = byYear.get(y)!;
    const units = row.sum * f.units * 10n ** BigInt(scale - f.scale);
    total += units;
    step(
      t,
      `Upah JP ${y} terindeks / indexed JP wages ${y}`,
      `${row.n} bulan, Σ ${rp(row.sum)}${row.capped ? ` (${row.capped} bulan dibatasi batas upah / capped)` : ''} × indeks ${decText(f)} = ${rp(roundHalfUpRatio(units, 10n ** BigInt(scale)))}`,
    );
  }
  const avg = roundHalfUpRatio(total, BigInt(months.length) * 10n ** BigInt(scale));
  step(
    t,
    'Rata-rata upah terindeks / indexed average wage',
    `Σ upah terindeks ÷ ${months.length} bulan = ${rp(avg)}`,
  );
  warn(
    t,
    'Indeksasi upah: upah tiap tahun × (1 + inflasi) setiap tahun berikutnya sampai tahun klaim; metode BELUM TERKONFIRMASI / wage indexation: each year × (1 + inflation) of every later year up to the claim year; method UNCONFIRMED',
  );
  return avg;
}

/**
 * Under 15 years (or under the survivors' minimum): the JP contributions paid plus their development.
 * No JP fund return is published: Lindung credits each year at the declared JHT rate with the JHT
 * method (savings.ts jhtYear), and says so.
 */
function jpLumpSum(
  t: Trace,
  months: Array<{ period: string; contribution: bigint }>,
  claim: string,
): BenefitPart[] {
  if (!months.length) return [];
  const paid = new Map(months.map((m) => [m.period, m.contribution]));
  const last = claim.slice(0, 7);
  const byYear = new Map<number, string[]>();
  for (let m = months[0]!.period; m <= last; m = addMonths(m, 1)) {
    const y = Number(m.slice(0, 4));
    byYear.set(y, [...(byYear.get(y) ?? []), m]);
  }
  warn(
    t,
    'Hasil pengembangan JP sekaligus memakai tingkat pengembangan JHT tahun itu; tingkat dana JP tidak dipublikasikan (BELUM TERKONFIRMASI) / the JP lump-sum development uses the JHT declared rate of each year; no JP fund return is published (UNCONFIRMED)',
  );
  const parts: BenefitPart[] = [];
  let balance = 0n;
  for (const [year, ms] of byYear) {
    const row = jhtYear(t, year, ms, balance, (m) => paid.get(m) ?? 0n, yearReturn(t, year, undefined), 'JP');
    parts.push({
      key: `${year}.contributions`,
      label: `Iuran JP ${year} / JP contributions ${year}`,
      amount: row.contributions,
    });
    parts.push({
      key: `${year}.returns`,
      label: `Hasil pengembangan ${year} / development ${year}`,
      amount: row.returns,
      detail: `saldo akhir / closing ${rp(row.closing)}`,
    });
    balance = row.closing;
  }
  return parts;
}

export function computeJp(input: JpInput): BenefitResult {
  const claim = date('claimDate', input.claimDate);
  notBefore('claimDate', claim, SYSTEM_START, 'JP');
  const birth = date('birthDate', input.birthDate);
  const kind = jpKind(input.kind);
  const t = newTrace();
  const history = input.history ? jpHistory(input, claim) : null;
  let months: number;
  let wage: bigint;
  if (history) {
    months = history.length;
    step(
      t,
      'Masa iur dari riwayat / contribution months from the history',
      `${months} bulan dibayar / paid months${history.length ? ` (${history[0]!.period}..${history.at(-1)!.period})` : ''}`,
    );
    wage = indexedAverageWage(t, history, claim);
  } else {
    months = int('months', input.months, 0, 720);
    wage = money('averageWage', input.averageWage);
  }
  const [pDate, pAge] = pensionDate(t, birth);
  if (kind !== 'old_age')
    return jpSurvivorOrDisability(t, input, kind, claim, months, wage, history, pDate, pAge);
  const minMonths = use(t, intAt('jp.min_months', claim));
  const ageOk = claim >= pDate;
  const monthly = months >= minMonths;
  step(
    t,
    'Syarat pensiun bulanan / monthly pension conditions',
    `masa iur ${months} ≥ ${minMonths}: ${monthly ? 'ya' : 'tidak'}; ${claim} ≥ ${pDate}: ${ageOk ? 'ya' : 'tidak'}`,
  );
  const details = {
    pensionDate: pDate,
    pensionAge: pAge,
    kind: monthly ? 'monthly' : 'lump_sum',
    benefitKind: kind,
    months,
    averageWage: wage,
  };
  if (!monthly) {
    if (!history) {
      warn(
        t,
        'Masa iur < 15 tahun: dibayar sekaligus sebesar akumulasi iuran + hasil pengembangan (tidak dihitung di sini) / under 15 years: lump sum of contributions + returns (not computed here)',
      );
      return finish('JP', claim, 'PP 45/2015', ageOk, [], t, input, details);
    }
    step(
      t,
      'Masa iur < 15 tahun: manfaat sekaligus / under 15 years: lump sum',
      'akumulasi iuran + hasil pengembangan / contributions + development',
    );
    const parts = jpLumpSum(t, history, claim);
    const lumpSum = parts.reduce((s, p) => s + p.amount, 0n);
    if (!ageOk)
      warn(t, `claimDate: usia pensiun belum tercapai (${pDate}) / pension age not reached (${pDate})`);
    return finish('JP', claim, 'PP 45/2015', ageOk, parts, t, input, { ...details, lumpSum });
  }
  const parts = jpFormula(t, claim, months, wage);
  const monthlyPension = parts.reduce((s, p) => s + p.amount, 0n);
  if (!ageOk)
    warn(
      t,
      `claimDate: usia pensiun belum tercapai; manfaat mulai ${pDate} / pension age not reached; benefit starts ${pDate}`,
    );
  return finish('JP', claim, 'PP 45/2015', ageOk, parts, t, input, { ...details, monthlyPension });
}

/**
 * Disability, widow/widower, child and parent pensions: at least the survivors' minimum of paid months
 * and the compliance rate, then the formula with at least 15 years counted, clamped to the min/max,
 * times the share of the benefit type. Below the conditions: the lump sum of contributions + development.
 */
function jpSurvivorOrDisability(
  t: Trace,
  input: JpInput,
  kind: JpKind,
  claim: string,
  months: number,
  wage: bigint,
  history: Array<{ period: string; wage: bigint; contribution: bigint }> | null,
  pDate: string,
  pAge: number,
): BenefitResult {
  const minMonths = use(t, intAt('jp.survivor.min_months', claim, 'claimDate'));
  const minCompliance = use(t, rateAt('jp.survivor.min_compliance', claim, 'claimDate'));
  const billed = input.billedMonths === undefined ? null : int('billedMonths', input.billedMonths, 0, 720);
  const complianceOk =
    billed === null ||
    billed === 0 ||
    BigInt(months) * 10n ** BigInt(minCompliance.scale) >= BigInt(billed) * minCompliance.units;
  const monthsOk = months >= minMonths;
  step(
    t,
    'Syarat pensiun cacat/ahli waris / disability and survivor pension conditions',
    `masa iur ${months} ≥ ${minMonths}: ${monthsOk ? 'ya' : 'tidak'}; kepatuhan ${billed === null ? '-' : `${months}/${billed}`} ≥ ${pct(minCompliance)}: ${complianceOk ? 'ya' : 'tidak'}`,
  );
  const base = { pensionDate: pDate, pensionAge: pAge, benefitKind: kind, months, averageWage: wage };
  if (!monthsOk || !complianceOk) {
    if (!history) {
      warn(
        t,
        'Syarat tidak terpenuhi: akumulasi iuran + hasil pengembangan dibayar sekaligus (tidak dihitung di sini) / conditions not met: contributions + development paid as a lump sum (not computed here)',
      );
      return finish('JP', claim, 'PP 45/2015', true, [], t, input, { ...base, kind: 'lump_sum' });
    }
    const parts = jpLumpSum(t, history, claim);
    const lumpSum = parts.reduce((s, p) => s + p.amount, 0n);
    return finish('JP', claim, 'PP 45/2015', true, parts, t, input, { ...base, kind: 'lump_sum', lumpSum });
  }
  const floor = use(t, intAt('jp.survivor.formula_min_months', claim, 'claimDate'));
  const formulaMonths = Math.max(months, floor);
  step(
    t,
    'Masa iur dalam formula / contribution months in the formula',
    `max(${months}, ${floor}) = ${formulaMonths}`,
  );
  const parts = jpFormula(t, claim, formulaMonths, wage);
  const full = parts.reduce((s, p) => s + p.amount, 0n);
  const share = use(t, rateAt(`jp.share.${kind}`, claim, 'claimDate'));
  const amount = applyRate(full, share);
  const words = JP_KIND_WORDS[kind] ?? { id: kind, en: kind };
  step(t, `Bagian ${words.id} / share for the ${words.en}`, `${rp(full)} × ${pct(share)} = ${rp(amount)}`);
  if (amount !== full)
    parts.push({
      key: 'share',
      label: `Bagian manfaat (${pct(share)}) / share of the benefit`,
      amount: amount - full,
    });
  warn(
    t,
    'Batas minimum/maksimum diterapkan pada formula sebelum bagian ahli waris (BELUM TERKONFIRMASI) / the min/max clamp is applied to the formula before the survivor share (UNCONFIRMED)',
  );
  return finish('JP', claim, 'PP 45/2015', true, parts, t, input, {
    ...base,
    kind: 'monthly',
    formulaMonths,
    monthlyPension: amount,
  });
}

/**
 * The indexation of a pension in payment (PP 45/2015 Pasal 17(1) huruf b and (4)): in each year after the
 * first, the previous year's amount × (1 + the general inflation of the calendar year before the
 * anniversary). Exact factor over the whole chain; the payment is rounded once (half up).
 */
export function jpIndexation(
  startPeriod: string,
  payPeriod: string,
): { factor: Decimal; years: number; unconfirmed: boolean; parameters: Trace['parameters'] } {
  const start = period(startPeriod, 'start_period');
  const pay = period(payPeriod, 'period');
  const t = newTrace();
  const years = pay < start ? 0 : Math.floor(monthsBetween(start, pay) / 12);
  const y0 = Number(start.slice(0, 4));
  const factor = inflationFactor(t, y0, y0 + years);
  return { factor, years, unconfirmed: t.parameters.some((p) => p.unconfirmed), parameters: t.parameters };
}

function jpFormula(t: Trace, claim: string, months: number, wage: bigint): BenefitPart[] {
  const accrual = use(t, rateAt('jp.benefit.accrual', claim));
  const raw = roundHalfUpRatio(wage * accrual.units * BigInt(months), 12n * 10n ** BigInt(accrual.scale));
  step(t, 'Rumus / formula', `${pct(accrual)} × ${months}/12 × ${rp(wage)} = ${rp(raw)}`);
  const min = use(t, rupiahAt('jp.benefit.min', claim, 'claimDate'));
  const max = use(t, rupiahAt('jp.benefit.max', claim, 'claimDate'));
  const clamped = clampRp(raw, min, max);
  step(
    t,
    'Batas minimum/maksimum / min-max clamp',
    `min(max(${rp(raw)}, ${rp(min)}), ${rp(max)}) = ${rp(clamped)}`,
  );
  const parts: BenefitPart[] = [
    { key: 'formula', label: 'Manfaat pensiun per bulan (rumus) / monthly pension by formula', amount: raw },
  ];
  if (clamped !== raw)
    parts.push({
      key: 'clamp',
      label: 'Penyesuaian ke batas min/maks / adjustment to min/max',
      amount: clamped - raw,
    });
  return parts;
}
