import { ValidationError } from '../../platform/errors.ts';
import { type Decimal, decimal } from '../../platform/money.ts';
import { rp } from './exact.ts';
import { type ParamUse, type Step, step, type Trace } from './trace.ts';

export const BENEFIT_PROGRAMS = ['JKM', 'BEASISWA', 'JKK', 'JHT', 'JP', 'JKP'] as const;
export type BenefitProgram = (typeof BENEFIT_PROGRAMS)[number];

export interface BenefitPart {
  /** Stable key: 'lump_sum', 'month-3', '2021', 'child-1.SMA' … */
  key: string;
  label: string;
  amount: bigint;
  detail?: string;
}

export interface BenefitResult {
  program: BenefitProgram;
  /** The event date the rules were evaluated on (death, accident, claim, job loss, end of savings). */
  asOf: string;
  /** The instrument whose values decided the amount. */
  regime: string;
  /** null when the inputs needed to decide eligibility were not given. */
  eligible: boolean | null;
  total: bigint;
  breakdown: BenefitPart[];
  /** Program-specific figures (e.g. pension date, partial-withdrawal limits). */
  details: Record<string, string | number | boolean | bigint | null>;
  explanation: {
    inputs: Record<string, unknown>;
    parameters: ParamUse[];
    steps: Step[];
    warnings: string[];
  };
}

export function finish(
  program: BenefitProgram,
  asOf: string,
  regime: string,
  eligible: boolean | null,
  breakdown: BenefitPart[],
  t: Trace,
  inputs: object,
  details: BenefitResult['details'] = {},
): BenefitResult {
  const total = eligible === false ? 0n : breakdown.reduce((s, p) => s + p.amount, 0n);
  step(
    t,
    'Total manfaat / total benefit',
    eligible === false ? `${rp(0)} (tidak memenuhi syarat / not eligible)` : rp(total),
  );
  return {
    program,
    asOf,
    regime,
    eligible,
    total,
    breakdown,
    details,
    explanation: { inputs: plain(inputs), parameters: t.parameters, steps: t.steps, warnings: t.warnings },
  };
}

function plain(inputs: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(inputs))
    if (v !== undefined) out[k] = typeof v === 'bigint' ? Number(v) : v;
  return out;
}

/** A percentage typed by a person ("12.5" = 12.5%), as an exact fraction. */
export function percentInput(
  field: string,
  v: string | number | undefined,
  required = true,
): Decimal | undefined {
  if (v === undefined) {
    if (required) throw new ValidationError(`${field}: wajib diisi (persen) / is required (percent)`);
    return undefined;
  }
  const s = String(v).trim();
  if (!/^\d+(\.\d+)?$/.test(s))
    throw new ValidationError(
      `${field}: harus persen desimal, mis. 12.5 / must be a decimal percent, e.g. 12.5 (got "${s}")`,
    );
  const d = decimal(s);
  const frac = { units: d.units, scale: d.scale + 2 };
  if (frac.units > 10n ** BigInt(frac.scale))
    throw new ValidationError(`${field}: tidak boleh lebih dari 100 / must not exceed 100 (got ${s})`);
  return frac;
}
