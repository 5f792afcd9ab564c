import { z } from 'zod';
import { ValidationError } from '../../platform/errors.ts';
import { type Decimal, decimal, roundHalfUp } from '../../platform/money.ts';
import { periodEnd } from '../../platform/period.ts';
import { addDec, cmpDec, decOf, decStr, mulDec, ONE, pct, rp, rpExact, subDec, ZERO } from './exact.ts';
import {
  type ContributionLine,
  type ContributionResult,
  type Payer,
  type Program,
  rateStep,
} from './lines.ts';
import { rateAt, rupiahAt, tableAt, windowRateAt } from './params.ts';
import { type ContributionInput, result } from './result.ts';
import { newTrace, step, type Trace, use, warn } from './trace.ts';
import { period as checkPeriod, int, money, notBefore, SYSTEM_START } from './validate.ts';

/** BPU (informal), Jakon (construction projects) and PMI (migrant workers) contributions. */

interface Opts {
  program: Program;
  payer: Payer;
  basis: ContributionLine['basis'];
  label: string;
  base: bigint;
  rate: Decimal | null;
  covers?: Program[];
}

function mkLine(t: Trace, o: Opts, amount: bigint): ContributionLine {
  const l: ContributionLine = {
    program: o.program,
    payer: o.payer,
    kind: 'charge',
    basis: o.basis,
    label: o.label,
    base: o.base,
    rate: o.rate ? decStr(o.rate) : null,
    amount,
    explanation: { parameters: t.parameters, steps: t.steps },
  };
  if (o.covers) l.covers = o.covers;
  return l;
}

function periodFor(input: ContributionInput, what: string): [string, string] {
  const p = checkPeriod(input.period);
  notBefore('period', p, SYSTEM_START, what);
  return [p, periodEnd(p)];
}

function covid(asOf: string, t: Trace): Decimal {
  const r = windowRateAt('relief.covid.jkk_jkm_discount', asOf);
  return r ? use(t, r) : ZERO;
}

function afterRelief(t: Trace, rate: Decimal, relief: Decimal, label: string): Decimal {
  if (cmpDec(relief, ZERO) === 0) return rate;
  const eff = mulDec(rate, subDec(ONE, relief));
  step(t, label, `${pct(rate)} × (100% − ${pct(relief)}) = ${pct(eff)}`);
  return eff;
}

function bpuRelief(asOf: string, input: ContributionInput, all: Trace): [Decimal, Trace] {
  const t = newTrace();
  const c = covid(asOf, t);
  if (cmpDec(c, ZERO) !== 0) return [c, t];
  const name = input.transport ? 'relief.bpu.transport_discount' : 'relief.bpu.other_discount';
  const r = windowRateAt(name, asOf);
  if (!r) return [ZERO, t];
  if (input.budgetFunded) {
    warn(
      all,
      'budgetFunded: diskon PP 50/2025 tidak berlaku bagi peserta yang iurannya dibayar APBN/APBD / the PP 50/2025 discount excludes budget-funded participants',
    );
    return [ZERO, t];
  }
  return [use(t, r), t];
}

function bpuBase(asOf: string, income: bigint): [bigint, Trace] {
  const t = newTrace();
  const min = use(t, rupiahAt('bpu.income.min', asOf, 'period'));
  const max = use(t, rupiahAt('bpu.income.max', asOf, 'period'));
  const base = income < min ? min : income > max ? max : income;
  step(
    t,
    'Dasar penghasilan BPU / BPU income base',
    `min(max(${rp(income)}, ${rp(min)}), ${rp(max)}) = ${rp(base)}`,
  );
  return [base, t];
}

export function computeBpu(input: ContributionInput): ContributionResult {
  const income = money('income', input.income);
  const [p, asOf] = periodFor(input, 'Iuran BPU / BPU contributions');
  const all = newTrace();
  const [relief, rt] = bpuRelief(asOf, input, all);
  const [base, bt] = bpuBase(asOf, income);
  const label = 'Diskon JKK+JKM (PP 49/2020 / PP 50/2025) / JKK+JKM discount';
  const jkk = newTrace();
  jkk.parameters.push(...bt.parameters, ...rt.parameters);
  jkk.steps.push(...bt.steps);
  const jkkRate = afterRelief(jkk, use(jkk, rateAt('bpu.jkk.rate', asOf)), relief, label);
  const lines = [
    mkLine(
      jkk,
      { program: 'JKK', payer: 'participant', basis: 'month', label: 'JKK BPU', base, rate: jkkRate },
      rateStep(jkk, 'JKK BPU', base, jkkRate),
    ),
  ];
  const jkm = newTrace();
  jkm.parameters.push(...rt.parameters);
  const flat = use(jkm, rupiahAt('bpu.jkm.amount', asOf));
  const share = afterRelief(jkm, ONE, relief, label);
  const jkmAmount = cmpDec(share, ONE) === 0 ? flat : rateStep(jkm, 'JKM BPU', flat, share);
  if (jkmAmount === flat) step(jkm, 'JKM BPU (nominal tetap / flat)', rp(flat));
  lines.push(
    mkLine(
      jkm,
      {
        program: 'JKM',
        payer: 'participant',
        basis: 'month',
        label: 'JKM BPU',
        base: flat,
        rate: cmpDec(share, ONE) === 0 ? null : share,
      },
      jkmAmount,
    ),
  );
  if (input.jht) {
    const jht = newTrace();
    jht.parameters.push(...bt.parameters);
    jht.steps.push(...bt.steps);
    const r = use(jht, rateAt('bpu.jht.rate', asOf));
    lines.push(
      mkLine(
        jht,
        {
          program: 'JHT',
          payer: 'participant',
          basis: 'month',
          label: 'JHT BPU (opsional / optional)',
          base,
          rate: r,
        },
        rateStep(jht, 'JHT BPU', base, r),
      ),
    );
  }
  warn(
    all,
    'income: daftar nominal Lampiran II PP 44/2015 belum diperoleh; penghasilan dipakai apa adanya (BELUM TERKONFIRMASI) / the Lampiran II income list is UNCONFIRMED; income is used as declared',
  );
  return result('BPU', p, asOf, input, lines, all);
}

const tiersSchema = z.array(z.object({ up_to: z.number().nullable(), jkk: z.string(), jkm: z.string() }));

function jakonTiers(t: Trace, value: bigint, program: 'jkk' | 'jkm', asOf: string): Decimal {
  const tiers = use(t, tableAt('jakon.tiers', asOf, tiersSchema));
  let lower = 0n;
  let sum = ZERO;
  for (const tier of tiers) {
    if (value <= lower) break;
    const upper = tier.up_to === null ? value : BigInt(tier.up_to);
    const slice = (value < upper ? value : upper) - lower;
    const rate = decimal(tier[program]);
    const part = mulDec(decOf(slice), rate);
    step(
      t,
      `Lapisan / slice ${rp(lower)} – ${tier.up_to === null ? '…' : rp(BigInt(tier.up_to))}`,
      `${rp(slice)} × ${pct(rate)} = ${rpExact(part)}`,
    );
    sum = addDec(sum, part);
    lower = upper;
  }
  return sum;
}

function jakonByContract(value: bigint, asOf: string, relief: Decimal, rt: Trace): ContributionLine[] {
  return (['jkk', 'jkm'] as const).map((prog) => {
    const t = newTrace();
    t.parameters.push(...rt.parameters);
    let exact = jakonTiers(t, value, prog, asOf);
    step(t, `Jumlah ${prog.toUpperCase()} (tarif marjinal) / marginal sum`, rpExact(exact));
    if (cmpDec(relief, ZERO) !== 0) {
      const after = mulDec(exact, subDec(ONE, relief));
      step(
        t,
        'Diskon COVID-19 PP 49/2020 / COVID relief',
        `${rpExact(exact)} × (100% − ${pct(relief)}) = ${rpExact(after)}`,
      );
      exact = after;
    }
    const amount = roundHalfUp(exact.units, exact.scale);
    step(t, 'Dibulatkan setengah ke atas / rounded half up', rp(amount));
    const program: Program = prog === 'jkk' ? 'JKK' : 'JKM';
    return mkLine(
      t,
      {
        program,
        payer: 'employer',
        basis: 'project',
        label: `${program} Jakon (nilai kontrak / contract value)`,
        base: value,
        rate: null,
      },
      amount,
    );
  });
}

function jakonByWage(wage: bigint, asOf: string, relief: Decimal, rt: Trace): ContributionLine[] {
  return (['jkk', 'jkm'] as const).map((prog) => {
    const t = newTrace();
    t.parameters.push(...rt.parameters);
    const program: Program = prog === 'jkk' ? 'JKK' : 'JKM';
    const rate = afterRelief(
      t,
      use(t, rateAt(`jakon.wage.${prog}_rate`, asOf)),
      relief,
      'Diskon COVID-19 PP 49/2020 / COVID relief',
    );
    const label = `${program} Jakon (upah / wage)`;
    return mkLine(
      t,
      { program, payer: 'employer', basis: 'month', label, base: wage, rate },
      rateStep(t, label, wage, rate),
    );
  });
}

export function computeJakon(input: ContributionInput): ContributionResult {
  if (input.wage !== undefined && input.contractValue !== undefined) {
    throw new ValidationError(
      'contractValue: isi salah satu, wage atau contractValue / give either wage or contractValue, not both',
    );
  }
  if (input.wage === undefined && input.contractValue === undefined) {
    throw new ValidationError(
      'contractValue: wajib diisi (atau wage bila upah diketahui) / is required (or wage when wages are known)',
    );
  }
  const [p, asOf] = periodFor(input, 'Iuran Jakon / Jakon contributions');
  const all = newTrace();
  const rt = newTrace();
  const relief = covid(asOf, rt);
  const lines =
    input.wage !== undefined
      ? jakonByWage(money('wage', input.wage), asOf, relief, rt)
      : jakonByContract(money('contractValue', input.contractValue), asOf, relief, rt);
  return result('JAKON', p, asOf, input, lines, all);
}

const packagesSchema = z.array(z.object({ months: z.number().int(), amount: z.number().int() }));

function pmiPackage(t: Trace, months: number, asOf: string): [{ months: number; amount: number }, number] {
  const pkgs = [...use(t, tableAt('pmi.packages', asOf, packagesSchema, 'period'))].sort(
    (a, b) => a.months - b.months,
  );
  const largest = pkgs[pkgs.length - 1];
  if (!largest) throw new Error('pmi.packages is empty');
  const pkg = pkgs.find((k) => k.months >= months) ?? largest;
  if (pkg.months !== months && months < largest.months) {
    warn(
      t,
      `contractMonths: kontrak ${months} bulan dihitung dengan paket ${pkg.months} bulan (paket terkecil yang mencakupnya; asumsi) / a ${months}-month contract uses the ${pkg.months}-month package (smallest covering package; assumption)`,
    );
  }
  return [pkg, Math.max(0, months - largest.months)];
}

export function computePmi(input: ContributionInput): ContributionResult {
  const months = int('contractMonths', input.contractMonths, 1, 240);
  const [p, asOf] = periodFor(input, 'Iuran PMI / PMI contributions');
  const all = newTrace();
  const covers: Program[] = ['JKK', 'JKM'];
  const o = {
    program: 'JKK' as const,
    payer: 'participant' as const,
    basis: 'contract' as const,
    rate: null,
    covers,
  };
  const t1 = newTrace();
  const pre = use(t1, rupiahAt('pmi.pre_departure', asOf, 'period'));
  step(t1, 'Sebelum bekerja (JKK+JKM) / pre-departure (JKK+JKM)', rp(pre));
  const lines = [
    mkLine(t1, { ...o, label: 'PMI sebelum bekerja / pre-departure (JKK+JKM)', base: pre }, pre),
  ];
  const t2 = newTrace();
  const [pkg, extraMonths] = pmiPackage(t2, months, asOf);
  step(
    t2,
    `Paket selama dan setelah bekerja ${pkg.months} bulan / during+after work, ${pkg.months}-month package`,
    rp(pkg.amount),
  );
  lines.push(
    mkLine(
      t2,
      {
        ...o,
        label: `PMI paket ${pkg.months} bulan / ${pkg.months}-month package (JKK+JKM)`,
        base: BigInt(pkg.amount),
      },
      BigInt(pkg.amount),
    ),
  );
  if (extraMonths > 0) {
    const t3 = newTrace();
    const per = use(t3, rupiahAt('pmi.extra_month', asOf));
    const amount = per * BigInt(extraMonths);
    step(
      t3,
      'Bulan di luar paket, dibayar sekaligus / months beyond the package, paid at once',
      `${extraMonths} × ${rp(per)} = ${rp(amount)}`,
    );
    lines.push(
      mkLine(
        t3,
        { ...o, label: `PMI ${extraMonths} bulan tambahan / extra months (JKK+JKM)`, base: per },
        amount,
      ),
    );
  }
  if (input.jhtAmount !== undefined) lines.push(pmiJht(money('jhtAmount', input.jhtAmount), asOf));
  for (const w of t2.warnings) warn(all, w);
  warn(
    all,
    'PMI: paket JKK+JKM adalah satu nominal gabungan (program JKK, covers JKK+JKM); pembagiannya tidak dipublikasikan / the JKK+JKM package is one combined amount; no split is published',
  );
  return result('PMI', p, asOf, input, lines, all);
}

function pmiJht(amount: bigint, asOf: string): ContributionLine {
  const t = newTrace();
  const choices = use(t, tableAt('pmi.jht.choices', asOf, z.array(z.number().int()), 'jhtAmount'));
  if (!choices.some((c) => BigInt(c) === amount)) {
    throw new ValidationError(
      `jhtAmount: harus salah satu dari ${choices.join(', ')} / must be one of ${choices.join(', ')} (got ${amount})`,
    );
  }
  step(t, 'JHT PMI per bulan (pilihan peserta) / PMI JHT per month (participant choice)', rp(amount));
  return mkLine(
    t,
    {
      program: 'JHT',
      payer: 'participant',
      basis: 'month',
      label: 'JHT PMI (opsional / optional)',
      base: amount,
      rate: null,
    },
    amount,
  );
}
