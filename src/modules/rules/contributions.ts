import { ValidationError } from '../../platform/errors.ts';
import { applyRate, decimal } from '../../platform/money.ts';
import { rp } from './exact.ts';
import { type ContributionLine, type ContributionResult, rateStep, SEGMENTS, type Segment } from './lines.ts';
import { contributionRates, type RateLine, riskClass } from './rates.ts';
import { type ContributionInput, result } from './result.ts';
import { computeBpu, computeJakon, computePmi } from './segments.ts';
import { newTrace, step, type Trace, warn } from './trace.ts';
import { period as checkPeriod, int, money } from './validate.ts';

export { contributionRates } from './rates.ts';
export type { ContributionInput } from './result.ts';
export { computeFine } from './result.ts';

function puBase(l: RateLine, wage: bigint, jpCap: bigint, jkpCap: bigint | null, t: Trace): bigint {
  const cap = l.base === 'wage_capped_jp' ? jpCap : l.base === 'wage_capped_jkp' ? jkpCap : null;
  if (cap === null || wage <= cap) return wage;
  step(t, 'Upah dibatasi / wage capped', `min(${rp(wage)}, ${rp(cap)}) = ${rp(cap)}`);
  return cap;
}

function puLine(l: RateLine, wage: bigint, jpCap: bigint, jkpCap: bigint | null): ContributionLine {
  const t = newTrace();
  t.parameters.push(...l.explanation.parameters);
  t.steps.push(...l.explanation.steps);
  const base = puBase(l, wage, jpCap, jkpCap, t);
  const amount = rateStep(t, l.label, base, decimal(l.rate));
  const out: ContributionLine = {
    program: l.program,
    payer: l.payer,
    kind: l.kind,
    basis: 'month',
    label: l.label,
    base,
    rate: l.rate,
    amount,
    explanation: { parameters: t.parameters, steps: t.steps },
  };
  if (l.deferredRate !== null) {
    out.deferred = applyRate(base, l.fullRate) - amount;
    step(
      t,
      'Ditunda (dibayar kemudian) / deferred, paid later',
      `${rp(applyRate(base, l.fullRate))} − ${rp(amount)} = ${rp(out.deferred)}`,
    );
  }
  return out;
}

function computePu(input: ContributionInput): ContributionResult {
  const wage = money('wage', input.wage);
  const rc = riskClass(input.riskClass);
  const table = contributionRates(input.period, { riskClass: rc, labourIntensive: input.labourIntensive });
  const lines = table.lines.map((l) => puLine(l, wage, table.jpWageCap, table.jkpWageCap));
  const all = newTrace();
  all.parameters.push(...table.parameters);
  for (const w of table.warnings) warn(all, w);
  step(
    all,
    'Parameter dievaluasi per akhir bulan iuran / parameters evaluated as of the last day of the contribution month',
    table.asOf,
  );
  if (table.jkpWageCap !== null) {
    step(
      all,
      'JKP: tanpa tambahan iuran pemberi kerja/pekerja / JKP adds nothing for employer or worker',
      'baris alokasi tidak dijumlahkan / allocation lines are not totalled',
    );
  }
  return result('PU', table.period, table.asOf, input, lines, all);
}

/** One contribution calculation for any segment, with its explanation. */
export function computeContribution(input: ContributionInput): ContributionResult {
  const segment = String(input.segment ?? '').toUpperCase();
  if (!SEGMENTS.includes(segment as Segment)) {
    throw new ValidationError(
      `segment: harus salah satu dari ${SEGMENTS.join('|')} / must be one of ${SEGMENTS.join('|')} (got "${input.segment}")`,
    );
  }
  checkPeriod(input.period);
  if (input.monthsLate !== undefined) int('monthsLate', input.monthsLate, 0, 600);
  switch (segment as Segment) {
    case 'PU':
      return computePu(input);
    case 'BPU':
      return computeBpu(input);
    case 'JAKON':
      return computeJakon(input);
    case 'PMI':
      return computePmi(input);
  }
}
