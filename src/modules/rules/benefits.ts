import { z } from 'zod';
import { ValidationError } from '../../platform/errors.ts';
import { decimal } from '../../platform/money.ts';
import { type BeasiswaInput, computeBeasiswa } from './beasiswa.ts';
import {
  BENEFIT_PROGRAMS,
  type BenefitPart,
  type BenefitProgram,
  type BenefitResult,
  finish,
  percentInput,
} from './benefit-result.ts';
import { decOf, decStr, minRp, mulDec, pct, rp } from './exact.ts';
import { computeJkp, type JkpInput } from './jkp.ts';
import { multipleStep, rateStep } from './lines.ts';
import { intAt, rateAt, rupiahAt, tableAt } from './params.ts';
import { computeJht, computeJp, type JhtInput, type JpInput } from './savings.ts';
import { newTrace, step, type Trace, use, warn } from './trace.ts';
import { date, int, type Money, money, notBefore, SYSTEM_START } from './validate.ts';

export type { BenefitProgram, BenefitResult } from './benefit-result.ts';

export interface JkmInput {
  /** Date of death (non-work). */
  date: string;
  segment?: 'PU' | 'BPU';
  membershipMonths?: number;
}

/** JKM death benefit: lump sum + periodic (paid at once) + funeral, by the regime on the date of death. */
export function computeJkm(input: JkmInput): BenefitResult {
  const d = date('date', input.date);
  notBefore('date', d, SYSTEM_START, 'JKM');
  const t = newTrace();
  const parts: BenefitPart[] = [];
  const names = [
    ['lump_sum', 'Santunan kematian sekaligus / lump-sum death benefit'],
    ['periodic', 'Santunan berkala (dibayar sekaligus) / periodic benefit, paid at once'],
    ['funeral', 'Biaya pemakaman / funeral cost'],
  ] as const;
  let regime = '';
  for (const [key, label] of names) {
    const pair = rupiahAt(`jkm.benefit.${key}`, d, 'date');
    regime = pair[1].instrument;
    const amount = use(t, pair);
    step(t, label, rp(amount));
    parts.push({ key, label, amount });
  }
  if (input.segment === 'BPU' && input.membershipMonths !== undefined) {
    const months = int('membershipMonths', input.membershipMonths, 0, 1200);
    const min = use(t, intAt('jkm.bpu.min_membership_months', d));
    if (months < min)
      warn(
        t,
        `membershipMonths: kepesertaan BPU < ${min} bulan; menurut ipol.id hanya biaya pemakaman dibayar (BELUM TERKONFIRMASI, tidak diterapkan) / BPU membership under ${min} months: one source says only the funeral cost is paid (UNCONFIRMED, not applied)`,
      );
  }
  warn(t, 'Beasiswa dihitung terpisah (BEASISWA) / the scholarship is computed separately (BEASISWA)');
  return finish('JKM', d, regime, true, parts, t, input);
}

export type JkkKind = 'stmb' | 'anatomical' | 'function' | 'ctt' | 'death';
export const JKK_KINDS: readonly JkkKind[] = ['stmb', 'anatomical', 'function', 'ctt', 'death'];

export interface JkkInput {
  /** Date of the work accident (or diagnosis of the occupational disease). */
  date: string;
  wage?: Money;
  kind: JkkKind | string;
  /** stmb: months unable to work. */
  months?: number;
  /** anatomical/function: percentage from the disability table (Lampiran; not encoded, UNCONFIRMED). */
  disabilityPercent?: string | number;
  /** function: percentage of function lost. */
  functionLossPercent?: string | number;
  transportLand?: Money;
  transportSea?: Money;
  transportAir?: Money;
  homecare?: Money;
}

const stmbSchema = z.array(z.object({ months: z.number().int().nullable(), pct: z.string() }));

function stmb(t: Trace, d: string, wage: bigint, monthsIn: number | undefined): BenefitPart[] {
  const months = int('months', monthsIn, 1, 240);
  const schedule = use(t, tableAt('jkk.benefit.stmb', d, stmbSchema, 'date'));
  const parts: BenefitPart[] = [];
  let m = 1;
  for (const s of schedule) {
    const last = s.months === null ? months : Math.min(months, m + s.months - 1);
    for (; m <= last; m++) {
      const label = `STMB bulan ke-${m} / month ${m}`;
      parts.push({
        key: `month-${m}`,
        label,
        amount: rateStep(t, label, wage, decimal(s.pct)),
        detail: pct(s.pct),
      });
    }
  }
  return parts;
}

function disability(t: Trace, d: string, wage: bigint, input: JkkInput): BenefitPart[] {
  const factor = use(t, intAt('jkk.benefit.wage_multiple', d, 'date'));
  const table = percentInput('disabilityPercent', input.disabilityPercent);
  warn(
    t,
    'disabilityPercent: tabel persentase cacat (Lampiran PP 82/2019 / Permenaker 5/2021) belum diperoleh; persen dari pengguna (BELUM TERKONFIRMASI) / the disability table is UNCONFIRMED; the percentage is taken from the input',
  );
  let share = table ?? decOf(0n);
  if (input.kind === 'function') {
    const fn = percentInput('functionLossPercent', input.functionLossPercent) ?? decOf(0n);
    share = mulDec(fn, share);
    step(
      t,
      'Persen kehilangan fungsi × persen tabel / function loss × table',
      `${pct(fn)} × ${pct(table ?? decOf(0n))} = ${pct(share)}`,
    );
  }
  const multiple = mulDec(share, decOf(BigInt(factor)));
  step(
    t,
    'Kelipatan upah / wage multiple',
    `${pct(share)} × ${factor} = ${decStr(multiple).replace('.', ',')} × upah`,
  );
  const label = 'Santunan cacat sebagian / partial disability lump sum';
  return [{ key: 'disability', label, amount: multipleStep(t, label, wage, multiple) }];
}

function lumpByPct(t: Trace, d: string, wage: bigint, name: 'death_pct' | 'ctt_pct', label: string): bigint {
  const p = use(t, rateAt(`jkk.benefit.${name}`, d, 'date'));
  const factor = use(t, intAt('jkk.benefit.wage_multiple', d, 'date'));
  const multiple = mulDec(p, decOf(BigInt(factor)));
  step(
    t,
    'Kelipatan upah / wage multiple',
    `${pct(p)} × ${factor} = ${decStr(multiple).replace('.', ',')} × upah`,
  );
  return multipleStep(t, label, wage, multiple);
}

function deathOrCtt(t: Trace, d: string, wage: bigint, kind: 'ctt' | 'death'): BenefitPart[] {
  const parts: BenefitPart[] = [];
  if (kind === 'ctt') {
    const label = 'Santunan cacat total tetap (70% × 80 × upah) / total permanent disability';
    parts.push({ key: 'ctt', label, amount: lumpByPct(t, d, wage, 'ctt_pct', label) });
  } else {
    const label = 'Santunan kematian karena kecelakaan kerja (60% × 80 × upah) / work-accident death';
    let amount = lumpByPct(t, d, wage, 'death_pct', label);
    const floor = use(t, rupiahAt('jkm.benefit.lump_sum', d, 'date'));
    if (amount < floor) {
      step(
        t,
        'Paling sedikit santunan kematian JKM / at least the JKM death benefit',
        `max(${rp(amount)}, ${rp(floor)}) = ${rp(floor)}`,
      );
      amount = floor;
    }
    parts.push({ key: 'death', label, amount });
    const funeral = use(t, rupiahAt('jkk.benefit.funeral', d, 'date'));
    parts.push({ key: 'funeral', label: 'Biaya pemakaman / funeral cost', amount: funeral });
  }
  const periodic = use(t, rupiahAt('jkk.benefit.periodic', d, 'date'));
  step(t, 'Santunan berkala / periodic benefit', rp(periodic));
  parts.push({
    key: 'periodic',
    label: 'Santunan berkala (dibayar sekaligus) / periodic benefit, paid at once',
    amount: periodic,
  });
  return parts;
}

function reimbursements(t: Trace, d: string, input: JkkInput): BenefitPart[] {
  const items = [
    ['transportLand', 'jkk.benefit.transport_land', 'Transportasi darat/sungai/danau / land transport'],
    ['transportSea', 'jkk.benefit.transport_sea', 'Transportasi laut / sea transport'],
    ['transportAir', 'jkk.benefit.transport_air', 'Transportasi udara / air transport'],
    ['homecare', 'jkk.benefit.homecare_max', 'Perawatan di rumah / homecare'],
  ] as const;
  const parts: BenefitPart[] = [];
  for (const [field, name, label] of items) {
    if (input[field] === undefined) continue;
    const claimed = money(field, input[field]);
    const cap = use(t, rupiahAt(name, d, field));
    const amount = minRp(claimed, cap);
    step(t, label, `min(${rp(claimed)}, batas/limit ${rp(cap)}) = ${rp(amount)}`);
    parts.push({ key: field, label, amount });
  }
  return parts;
}

/** JKK cash benefits by the regime on the accident date; medical care has no ceiling and is not priced here. */
export function computeJkk(input: JkkInput): BenefitResult {
  const d = date('date', input.date);
  notBefore('date', d, SYSTEM_START, 'JKK');
  const wage = money('wage', input.wage);
  if (!JKK_KINDS.includes(input.kind as JkkKind)) {
    throw new ValidationError(
      `kind: harus salah satu dari ${JKK_KINDS.join('|')} / must be one of ${JKK_KINDS.join('|')} (got "${input.kind}")`,
    );
  }
  const t = newTrace();
  const kind = input.kind as JkkKind;
  const main =
    kind === 'stmb'
      ? stmb(t, d, wage, input.months)
      : kind === 'ctt' || kind === 'death'
        ? deathOrCtt(t, d, wage, kind)
        : disability(t, d, wage, input);
  const parts = [...main, ...reimbursements(t, d, input)];
  const regime = d >= '2020-01-01' ? 'PP 82/2019' : 'PP 44/2015';
  if (kind === 'death' || kind === 'ctt')
    warn(
      t,
      'Beasiswa tanpa masa iur minimum untuk kematian/CTT karena kecelakaan kerja (hitung dengan BEASISWA --cause JKK) / scholarship with no minimum contribution period (use BEASISWA --cause JKK)',
    );
  return finish('JKK', d, regime, true, parts, t, input, { kind });
}

export type BenefitRequest =
  | { program: 'JKM'; input: JkmInput }
  | { program: 'BEASISWA'; input: BeasiswaInput }
  | { program: 'JKK'; input: JkkInput }
  | { program: 'JHT'; input: JhtInput }
  | { program: 'JP'; input: JpInput }
  | { program: 'JKP'; input: JkpInput };

export function computeBenefit(req: BenefitRequest): BenefitResult {
  switch (req.program) {
    case 'JKM':
      return computeJkm(req.input);
    case 'BEASISWA':
      return computeBeasiswa(req.input);
    case 'JKK':
      return computeJkk(req.input);
    case 'JHT':
      return computeJht(req.input);
    case 'JP':
      return computeJp(req.input);
    case 'JKP':
      return computeJkp(req.input);
  }
}

export function benefitProgram(program: string): BenefitProgram {
  const p = program.toUpperCase();
  if (!BENEFIT_PROGRAMS.includes(p as BenefitProgram)) {
    throw new ValidationError(
      `program: harus salah satu dari ${BENEFIT_PROGRAMS.join('|')} / must be one of ${BENEFIT_PROGRAMS.join('|')} (got "${program}")`,
    );
  }
  return p as BenefitProgram;
}
