import { periodEnd } from '../../platform/period.ts';
import { decStr, mulDec, pct, rp } from './exact.ts';
import {
  type ContributionLine,
  type ContributionResult,
  type FineResult,
  type Payer,
  rateStep,
  type Segment,
  sumTotals,
} from './lines.ts';
import { rateAt } from './params.ts';
import { merge, newTrace, step, type Trace, use, warn } from './trace.ts';
import { period as checkPeriod, int, type Money, money } from './validate.ts';

/** The input every contribution calculator takes, and how a result (totals, fine) is assembled. */

export interface ContributionInput {
  segment: Segment | string;
  period: string;
  /** PU: monthly wage (basic + fixed allowances). Jakon: monthly wage when wages are known. */
  wage?: Money;
  riskClass?: number;
  labourIntensive?: boolean;
  /** BPU: declared monthly income. */
  income?: Money;
  jht?: boolean;
  transport?: boolean;
  budgetFunded?: boolean;
  /** Jakon: contract value when wages are not known. */
  contractValue?: Money;
  /** PMI: contract length in months; optional monthly JHT choice. */
  contractMonths?: number;
  jhtAmount?: Money;
  /** Months of delay, to compute the late-payment fine on what is owed. */
  monthsLate?: number;
}

export type Inputs = ContributionResult['explanation']['inputs'];

export function inputsOf(input: ContributionInput): Inputs {
  const out: Inputs = {};
  for (const [k, v] of Object.entries(input)) {
    if (v === undefined) continue;
    out[k] = typeof v === 'bigint' ? Number(v) : (v as string | number | boolean);
  }
  return out;
}

export function result(
  segment: Segment,
  p: string,
  asOf: string,
  input: ContributionInput,
  lines: ContributionLine[],
  all: Trace,
): ContributionResult {
  for (const l of lines) merge(all, { parameters: l.explanation.parameters, steps: [], warnings: [] });
  const totals = sumTotals(lines);
  step(
    all,
    'Total dibayar / total charged',
    `${rp(totals.all)} (pemberi kerja/employer ${rp(totals.employer)}, pekerja/worker ${rp(totals.worker)}, peserta/participant ${rp(totals.participant)}, pemerintah/government ${rp(totals.government)})`,
  );
  const res: ContributionResult = {
    segment,
    period: p,
    asOf,
    lines,
    totals,
    explanation: {
      inputs: inputsOf(input),
      parameters: all.parameters,
      steps: all.steps,
      warnings: all.warnings,
    },
  };
  if (input.monthsLate !== undefined && input.monthsLate !== 0) {
    const payer: Payer = segment === 'PU' || segment === 'JAKON' ? 'employer' : 'participant';
    const owed = totals.employer + totals.worker + totals.participant;
    res.fine = computeFine({ segment, period: p, owed, monthsLate: input.monthsLate, payer });
    for (const w of fineWarnings(segment)) warn(all, w);
  }
  return res;
}

function fineWarnings(segment: Segment): string[] {
  if (segment === 'BPU')
    return [
      'fine: denda BPU tidak ditemukan (BELUM TERKONFIRMASI); BPU yang tidak membayar menjadi nonaktif / no BPU fine found (UNCONFIRMED); a BPU who stops paying becomes inactive',
    ];
  if (segment === 'PMI')
    return [
      'fine: iuran PMI dibayar sekaligus di muka; tidak ada denda / PMI pays its package up front; no fine',
    ];
  return [];
}

export interface FineInput {
  segment: Segment;
  period: string;
  owed: Money;
  monthsLate: number;
  payer?: Payer;
}

/**
 * Late-payment fine: rate per month of delay × months × contribution owed, the employer alone
 * bears it (PP 44/2015; 0.5% for contribution months under PP 49/2020). Simple, not compounded.
 */
export function computeFine(input: FineInput): FineResult {
  const p = checkPeriod(input.period);
  const owed = money('owed', input.owed);
  const months = int('monthsLate', input.monthsLate, 0, 600);
  const t = newTrace();
  const asOf = periodEnd(p);
  if (input.segment === 'BPU' || input.segment === 'PMI') {
    warn(t, fineWarnings(input.segment)[0] ?? '');
    return {
      ratePerMonth: '0',
      monthsLate: months,
      owed,
      amount: 0n,
      payer: 'participant',
      explanation: { parameters: [], steps: t.warnings.map((w) => ({ label: 'Denda / fine', calc: w })) },
    };
  }
  const rate = use(t, rateAt('fine.rate_per_month', asOf, 'period'));
  const total = mulDec(rate, { units: BigInt(months), scale: 0 });
  step(
    t,
    'Tarif denda × bulan terlambat / fine rate × months late',
    `${pct(rate)} × ${months} = ${pct(total)}`,
  );
  const amount = rateStep(t, 'Denda atas iuran terutang / fine on the contribution owed', owed, total);
  return {
    ratePerMonth: decStr(rate),
    monthsLate: months,
    owed,
    amount,
    payer: input.payer ?? 'employer',
    explanation: { parameters: t.parameters, steps: t.steps },
  };
}
