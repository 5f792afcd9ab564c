import { ValidationError } from '../../platform/errors.ts';
import { applyRate, type Decimal, decimal } from '../../platform/money.ts';
import { addMonths, monthsBetween, periodEnd } from '../../platform/period.ts';
import { type BenefitPart, type BenefitResult, finish } from './benefit-result.ts';
import { pct, roundHalfUpRatio, rp } from './exact.ts';
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
  wage: bigint,
  r: Decimal,
): YearRow {
  const first = Number(months[0]?.slice(5, 7));
  const end = Number(months[months.length - 1]?.slice(5, 7));
  let contributions = 0n;
  let weighted = opening * BigInt(end - first + 1);
  for (const m of months) {
    const asOf = periodEnd(m);
    const c =
      applyRate(wage, use(t, rateAt('jht.rate.employer', asOf, 'from'))) +
      applyRate(wage, use(t, rateAt('jht.rate.worker', asOf, 'from')));
    contributions += c;
    weighted += c * BigInt(end - Number(m.slice(5, 7)));
  }
  const returns = roundHalfUpRatio(weighted * r.units, 12n * 10n ** BigInt(r.scale));
  step(t, `JHT ${year}: iuran / contributions`, `${months.length} bulan, ${rp(contributions)}`);
  step(
    t,
    `JHT ${year}: hasil pengembangan / return`,
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
    const row = jhtYear(t, year, months, balance, wage, yearReturn(t, year, input.returns));
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

export interface JpInput {
  /** Date the pension is claimed (or the first benefit month). */
  claimDate: string;
  birthDate: string;
  /** Contribution months. */
  months?: number;
  /** Average monthly wage over the contribution period, indexed for inflation and capped (PP 45/2015 Pasal 17). */
  averageWage?: Money;
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
    const required = intAt('jp.pension_age', day < SYSTEM_START ? SYSTEM_START : day);
    if (age >= required[0]) {
      use(t, required);
      step(t, 'Usia pensiun / pension age', `${age} tahun pada / years on ${day}`);
      return [day, age];
    }
  }
  throw new Error('pension age schedule ends at 65');
}

export function computeJp(input: JpInput): BenefitResult {
  const claim = date('claimDate', input.claimDate);
  notBefore('claimDate', claim, SYSTEM_START, 'JP');
  const birth = date('birthDate', input.birthDate);
  const months = int('months', input.months, 0, 720);
  const wage = money('averageWage', input.averageWage);
  const t = newTrace();
  const [pDate, pAge] = pensionDate(t, birth);
  const minMonths = use(t, intAt('jp.min_months', claim));
  const ageOk = claim >= pDate;
  const monthly = months >= minMonths;
  step(
    t,
    'Syarat pensiun bulanan / monthly pension conditions',
    `masa iur ${months} ≥ ${minMonths}: ${monthly ? 'ya' : 'tidak'}; ${claim} ≥ ${pDate}: ${ageOk ? 'ya' : 'tidak'}`,
  );
  const details = { pensionDate: pDate, pensionAge: pAge, kind: monthly ? 'monthly' : 'lump_sum' };
  if (!monthly) {
    warn(
      t,
      'Masa iur < 15 tahun: dibayar sekaligus sebesar akumulasi iuran + hasil pengembangan (tidak dihitung di sini) / under 15 years: lump sum of contributions + returns (not computed here)',
    );
    return finish('JP', claim, 'PP 45/2015', ageOk, [], t, input, details);
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

function jpFormula(t: Trace, claim: string, months: number, wage: bigint): BenefitPart[] {
  const accrual = use(t, rateAt('jp.benefit.accrual', claim));
  const raw = roundHalfUpRatio(wage * accrual.units * BigInt(months), 12n * 10n ** BigInt(accrual.scale));
  step(t, 'Rumus / formula', `${pct(accrual)} × ${months}/12 × ${rp(wage)} = ${rp(raw)}`);
  const min = use(t, rupiahAt('jp.benefit.min', claim, 'claimDate'));
  const max = use(t, rupiahAt('jp.benefit.max', claim, 'claimDate'));
  const clamped = raw < min ? min : raw > max ? max : raw;
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
