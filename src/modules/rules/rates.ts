import { type Decimal, decimal } from '../../platform/money.ts';
import { periodEnd } from '../../platform/period.ts';
import { cmpDec, decStr, mulDec, ONE, pct, subDec, ZERO } from './exact.ts';
import type { Payer, Program } from './lines.ts';
import { firstFrom, rateAt, rupiahAt, windowRateAt } from './params.ts';
import { merge, newTrace, type ParamUse, type Step, step, type Trace, use, warn } from './trace.ts';
import { period as checkPeriod, int, notBefore, SYSTEM_START } from './validate.ts';

/**
 * The PU (wage earner) rate table for one contribution month: the exact decimal rate of every
 * (program, payer) line after temporary relief, and the wage caps in force. The calculator and
 * the set-based billing run both use it, so `round(least(wage, cap) * rate)` in SQL equals the
 * calculator's applyRate(min(wage, cap), rate) to the rupiah (PostgreSQL round(numeric) rounds
 * half away from zero, which is THE rule for non-negative amounts).
 *
 * Parameters are read as of the LAST day of the contribution month: an instrument promulgated
 * during the month governs that month's contribution (PP 7/2025, signed 7 Feb 2025, explicitly
 * covers the February 2025 JKK; PP 6/2025 of the same day is treated alike).
 */

export type RiskClass = 1 | 2 | 3 | 4 | 5;
export type RateBase = 'wage' | 'wage_capped_jp' | 'wage_capped_jkp';

export interface RateLine {
  program: Program;
  payer: Payer;
  kind: 'charge' | 'allocation';
  base: RateBase;
  /** Exact decimal to multiply now: amount = round(base × rate). */
  rate: string;
  /** The statutory rate before temporary relief. */
  fullRate: string;
  /** Rate whose payment is postponed (JP under PP 49/2020), else null. */
  deferredRate: string | null;
  label: string;
  explanation: { parameters: ParamUse[]; steps: Step[] };
}

export interface PuRateTable {
  period: string;
  asOf: string;
  riskClass: RiskClass;
  labourIntensive: boolean;
  jpWageCap: bigint;
  /** null before JKP existed (PP 37/2021, 2 Feb 2021). */
  jkpWageCap: bigint | null;
  lines: RateLine[];
  parameters: ParamUse[];
  warnings: string[];
}

export interface RateOptions {
  riskClass: number;
  labourIntensive?: boolean;
}

interface Relief {
  discount: Decimal;
  trace: Trace;
}

function discounted(trace: Trace, label: string, rate: Decimal, relief: Decimal): Decimal {
  if (cmpDec(relief, ZERO) === 0) return rate;
  const eff = mulDec(rate, subDec(ONE, relief));
  step(trace, label, `${pct(rate)} × (100% − ${pct(relief)}) = ${pct(eff)}`);
  return eff;
}

function line(
  t: Trace,
  program: Program,
  payer: Payer,
  base: RateBase,
  rate: Decimal,
  full: Decimal,
  label: string,
  extra: Partial<Pick<RateLine, 'kind' | 'deferredRate'>> = {},
): RateLine {
  return {
    program,
    payer,
    kind: extra.kind ?? 'charge',
    base,
    rate: decStr(rate),
    fullRate: decStr(full),
    deferredRate: extra.deferredRate ?? null,
    label,
    explanation: { parameters: t.parameters, steps: t.steps },
  };
}

function covidRelief(asOf: string, trace: Trace): Decimal {
  const r = windowRateAt('relief.covid.jkk_jkm_discount', asOf);
  return r ? use(trace, r) : ZERO;
}

function padatKaryaRelief(asOf: string, labourIntensive: boolean, warnings: Trace): Relief {
  const trace = newTrace();
  const r = windowRateAt('relief.padat_karya.jkk_discount', asOf);
  if (!labourIntensive) return { discount: ZERO, trace };
  if (!r) {
    warn(
      warnings,
      'labourIntensive: diskon JKK padat karya tidak berlaku pada periode ini (Feb 2025 – Jan 2026) / no labour-intensive JKK discount in force for this period',
    );
    return { discount: ZERO, trace };
  }
  return { discount: use(trace, r), trace };
}

function jkkLine(asOf: string, rc: RiskClass, pk: Relief, all: Trace): RateLine {
  const t = newTrace();
  const full = use(t, rateAt(`jkk.rate.class${rc}`, asOf, 'period'));
  step(t, `Tarif JKK kelas risiko ${rc} / JKK rate, risk class ${rc}`, pct(full));
  let rate = discounted(t, 'Diskon COVID-19 PP 49/2020 / COVID relief', full, covidRelief(asOf, t));
  if (cmpDec(pk.discount, ZERO) !== 0) {
    for (const p of pk.trace.parameters) t.parameters.push(p);
    rate = discounted(
      t,
      'Diskon padat karya PP 7/2025 / PP 36/2025 / labour-intensive discount',
      rate,
      pk.discount,
    );
  }
  merge(all, t);
  return line(t, 'JKK', 'employer', 'wage', rate, full, `JKK kelas ${rc} (pemberi kerja / employer)`);
}

function jkmLine(asOf: string, all: Trace): RateLine {
  const t = newTrace();
  const full = use(t, rateAt('jkm.rate', asOf, 'period'));
  const rate = discounted(t, 'Diskon COVID-19 PP 49/2020 / COVID relief', full, covidRelief(asOf, t));
  merge(all, t);
  return line(t, 'JKM', 'employer', 'wage', rate, full, 'JKM (pemberi kerja / employer)');
}

function plainLine(
  asOf: string,
  name: string,
  program: Program,
  payer: Payer,
  label: string,
  all: Trace,
): RateLine {
  const t = newTrace();
  const rate = use(t, rateAt(name, asOf, 'period'));
  merge(all, t);
  return line(t, program, payer, 'wage', rate, rate, label);
}

function jpLine(asOf: string, payer: 'employer' | 'worker', all: Trace): RateLine {
  const t = newTrace();
  const full = use(t, rateAt(`jp.rate.${payer}`, asOf, 'period'));
  const d = windowRateAt('relief.covid.jp_deferral', asOf);
  let rate = full;
  let deferredRate: string | null = null;
  if (d) {
    const deferral = use(t, d);
    rate = discounted(
      t,
      'Penundaan JP PP 49/2020: dibayar sekarang / JP paid now under PP 49/2020',
      full,
      deferral,
    );
    deferredRate = decStr(mulDec(full, deferral));
    step(t, 'Ditunda / deferred', `${pct(full)} × ${pct(deferral)} = ${pct(mulDec(full, deferral))}`);
  }
  merge(all, t);
  const who = payer === 'employer' ? 'pemberi kerja / employer' : 'pekerja / worker';
  return line(t, 'JP', payer, 'wage_capped_jp', rate, full, `JP (${who})`, { deferredRate });
}

function jkpLines(asOf: string, rc: RiskClass, pk: Relief, all: Trace): RateLine[] {
  if (asOf < firstFrom('jkp.rate.government')) return [];
  const out: RateLine[] = [];
  const g = newTrace();
  const gov = use(g, rateAt('jkp.rate.government', asOf));
  out.push(
    line(
      g,
      'JKP',
      'government',
      'wage_capped_jkp',
      gov,
      gov,
      'JKP iuran pemerintah pusat / central government share',
    ),
  );
  const k = newTrace();
  let recompJkk = use(k, rateAt('jkp.recomp.jkk', asOf));
  const class1 = windowRateAt('relief.padat_karya.recomp_class1', asOf);
  if (rc === 1 && cmpDec(pk.discount, ZERO) !== 0 && class1) {
    recompJkk = use(k, class1);
    step(
      k,
      'Kelas 1 selama diskon padat karya / class 1 during the labour-intensive discount',
      pct(recompJkk),
    );
  }
  step(
    k,
    'Dialokasikan dari iuran JKK, bukan tagihan tambahan / allocated out of the JKK contribution, not an extra charge',
    pct(recompJkk),
  );
  out.push(
    line(
      k,
      'JKP',
      'employer',
      'wage_capped_jkp',
      recompJkk,
      recompJkk,
      'JKP rekomposisi dari JKK / recomposed from JKK',
      { kind: 'allocation' },
    ),
  );
  const m = newTrace();
  const recompJkm = use(m, rateAt('jkp.recomp.jkm', asOf));
  if (cmpDec(recompJkm, ZERO) !== 0) {
    step(
      m,
      'Dialokasikan dari iuran JKM, bukan tagihan tambahan / allocated out of the JKM contribution, not an extra charge',
      pct(recompJkm),
    );
    out.push(
      line(
        m,
        'JKP',
        'employer',
        'wage_capped_jkp',
        recompJkm,
        recompJkm,
        'JKP rekomposisi dari JKM / recomposed from JKM',
        { kind: 'allocation' },
      ),
    );
  }
  for (const t of [g, k, m]) merge(all, t);
  return out;
}

export function riskClass(v: number | undefined): RiskClass {
  return int('riskClass', v, 1, 5) as RiskClass;
}

/** For the billing run: every PU line's exact rate and the caps in force for `period` ('YYYY-MM'). */
export function contributionRates(periodValue: string, opts: RateOptions): PuRateTable {
  const p = checkPeriod(periodValue);
  notBefore('period', p, SYSTEM_START, 'Iuran PU / PU contributions');
  const rc = riskClass(opts.riskClass);
  const asOf = periodEnd(p);
  const all = newTrace();
  const pk = padatKaryaRelief(asOf, !!opts.labourIntensive, all);
  const lines = [
    jkkLine(asOf, rc, pk, all),
    jkmLine(asOf, all),
    plainLine(asOf, 'jht.rate.employer', 'JHT', 'employer', 'JHT (pemberi kerja / employer)', all),
    plainLine(asOf, 'jht.rate.worker', 'JHT', 'worker', 'JHT (pekerja / worker)', all),
    jpLine(asOf, 'employer', all),
    jpLine(asOf, 'worker', all),
    ...jkpLines(asOf, rc, pk, all),
  ];
  const jpWageCap = use(all, rupiahAt('jp.wage_cap', asOf, 'period'));
  const jkpWageCap = asOf < firstFrom('jkp.wage_cap') ? null : use(all, rupiahAt('jkp.wage_cap', asOf));
  return {
    period: p,
    asOf,
    riskClass: rc,
    labourIntensive: !!opts.labourIntensive,
    jpWageCap,
    jkpWageCap,
    lines,
    parameters: all.parameters,
    warnings: all.warnings,
  };
}

export function rateOf(line: RateLine): Decimal {
  return decimal(line.rate);
}
