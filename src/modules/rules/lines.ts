import { applyRate, type Decimal, mulDecimal } from '../../platform/money.ts';
import { decStr, pct, rp, rpExact } from './exact.ts';
import type { ParamUse, Step, Trace } from './trace.ts';
import { step } from './trace.ts';

/** Shapes shared by every contribution calculator, and the one way a line amount is computed. */

export type Program = 'JKK' | 'JKM' | 'JHT' | 'JP' | 'JKP';
export type Payer = 'employer' | 'worker' | 'participant' | 'government';
export type Segment = 'PU' | 'BPU' | 'JAKON' | 'PMI';
export const SEGMENTS: readonly Segment[] = ['PU', 'BPU', 'JAKON', 'PMI'];

export interface ContributionLine {
  program: Program;
  payer: Payer;
  /** 'charge' is money someone pays; 'allocation' shows where part of a charge goes (JKP recomposition). */
  kind: 'charge' | 'allocation';
  /** What one amount covers: a contribution month, a whole PMI contract, a whole Jakon project. */
  basis: 'month' | 'contract' | 'project';
  label: string;
  base: bigint;
  /** The exact decimal multiplied into `base` (null for fixed nominal amounts). */
  rate: string | null;
  amount: bigint;
  /** Part of the contribution whose payment is postponed (JP under PP 49/2020). */
  deferred?: bigint;
  /** Programs a combined nominal package covers (PMI: one JKK+JKM amount, no published split). */
  covers?: Program[];
  explanation: { parameters: ParamUse[]; steps: Step[] };
}

export interface Totals {
  employer: bigint;
  worker: bigint;
  participant: bigint;
  government: bigint;
  all: bigint;
}

export interface FineResult {
  ratePerMonth: string;
  monthsLate: number;
  owed: bigint;
  amount: bigint;
  payer: Payer;
  explanation: { parameters: ParamUse[]; steps: Step[] };
}

export interface ContributionResult {
  segment: Segment;
  period: string;
  asOf: string;
  lines: ContributionLine[];
  totals: Totals;
  fine?: FineResult;
  explanation: {
    inputs: Record<string, string | number | boolean | null>;
    parameters: ParamUse[];
    steps: Step[];
    warnings: string[];
  };
}

/** base × rate by THE rule (applyRate), with the exact product shown before rounding. */
export function rateStep(trace: Trace, label: string, base: bigint, rate: Decimal): bigint {
  const amount = applyRate(base, rate);
  const exact = mulDecimal({ units: base, scale: 0 }, rate);
  const exactStr = rpExact(exact);
  const rounded =
    exactStr === rp(amount) ? '' : ` → ${rp(amount)} (dibulatkan setengah ke atas / rounded half up)`;
  step(trace, label, `${rp(base)} × ${pct(rate)} = ${exactStr}${rounded}`);
  return amount;
}

/** base × a multiple ("48 × upah"), rounded by THE rule. */
export function multipleStep(trace: Trace, label: string, base: bigint, factor: Decimal): bigint {
  const amount = applyRate(base, factor);
  const exactStr = rpExact(mulDecimal({ units: base, scale: 0 }, factor));
  const rounded =
    exactStr === rp(amount) ? '' : ` → ${rp(amount)} (dibulatkan setengah ke atas / rounded half up)`;
  step(trace, label, `${rp(base)} × ${decStr(factor).replace('.', ',')} = ${exactStr}${rounded}`);
  return amount;
}

export function sumTotals(lines: ContributionLine[]): Totals {
  const t: Totals = { employer: 0n, worker: 0n, participant: 0n, government: 0n, all: 0n };
  for (const l of lines) {
    if (l.kind !== 'charge') continue;
    t[l.payer] += l.amount;
    t.all += l.amount;
  }
  return t;
}

export function rateString(d: Decimal): string {
  return decStr(d);
}
