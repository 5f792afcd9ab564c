import type { Command } from 'commander';
import type { CliContext } from '../../platform/cli-context.ts';
import { ValidationError } from '../../platform/errors.ts';
import { type Child, computeBeasiswa } from './beasiswa.ts';
import type { BenefitResult } from './benefit-result.ts';
import { computeJkk, computeJkm } from './benefits.ts';
import { computeContribution } from './contributions.ts';
import { formatBenefit, formatContribution, formatParam, formatParamList } from './format.ts';
import { computeJkp } from './jkp.ts';
import { listParams, PARAMS, paramAt } from './params.ts';
import { contributionRates } from './rates.ts';
import { computeJht, computeJp } from './savings.ts';
import { toWire } from './trace.ts';
import { date as checkDate, intArg, moneyArg } from './validate.ts';

/** `lindung rules …` and `lindung calc …`: pure calculators, no database. */

type Opts = Record<string, string | boolean | string[] | undefined>;

const str = (o: Opts, k: string): string | undefined =>
  typeof o[k] === 'string' ? (o[k] as string) : undefined;
const flag = (o: Opts, k: string): boolean => o[k] === true;
const collect = (v: string, prev: string[]) => [...prev, v];

function emit(ctx: CliContext, o: Opts, value: unknown, text: () => string[]): void {
  if (flag(o, 'json')) ctx.out(JSON.stringify(toWire(value), null, 2));
  else for (const l of text()) ctx.out(l);
}

function registerRules(program: Command, ctx: CliContext): void {
  const rules = program.command('rules').description('Parameter aturan bertanggal / dated rule parameters');
  rules
    .command('list')
    .description('Daftar semua parameter / list every parameter')
    .option('--json', 'JSON output')
    .action((o: Opts) => emit(ctx, o, { parameters: listParams() }, () => formatParamList(listParams())));
  rules
    .command('show <name>')
    .description('Satu parameter dan nilainya per tanggal / one parameter, evaluated as of a date')
    .option('--as-of <date>', 'tanggal evaluasi / evaluation date YYYY-MM-DD')
    .option('--json', 'JSON output')
    .action((name: string, o: Opts) => {
      const def = PARAMS.get(name);
      if (!def)
        throw new ValidationError(
          `name: parameter tidak dikenal / unknown parameter "${name}" (lihat / see: lindung rules list)`,
        );
      const asOf = str(o, 'asOf');
      const at = asOf ? paramAt(name, checkDate('asOf', asOf), 'asOf') : undefined;
      emit(
        ctx,
        o,
        asOf ? { parameter: def, asOf, inForce: at !== undefined, value: at ?? null } : { parameter: def },
        () => formatParam(def, at),
      );
    });
}

const CONTRIBUTION_HELP = `
Segmen / segments:
  PU     --wage N --risk-class 1..5 [--labour-intensive]
  BPU    --income N [--jht] [--transport] [--budget-funded]
  JAKON  --contract-value N   (or --wage N when wages are known)
  PMI    --contract-months N [--jht-amount N]
  any    [--months-late N]  adds the late-payment fine (2%/month; 0.5% for Aug 2020 – Jan 2021)
Amounts are whole rupiah, digits only. Example:
  lindung calc contribution --segment PU --period 2021-06 --wage 10000000 --risk-class 3 --json`;

function registerContribution(calc: Command, ctx: CliContext): void {
  calc
    .command('contribution')
    .description('Hitung iuran satu bulan / compute one contribution month')
    .option('--segment <segment>', 'PU | BPU | JAKON | PMI')
    .option('--period <YYYY-MM>', 'bulan iuran / contribution month')
    .option('--wage <n>', 'upah sebulan / monthly wage (PU, Jakon)')
    .option('--risk-class <n>', 'kelas risiko JKK / JKK risk class 1–5 (PU)')
    .option('--labour-intensive', 'industri padat karya (PP 7/2025, PP 36/2025) (PU)')
    .option('--income <n>', 'penghasilan / declared income (BPU)')
    .option('--jht', 'ikut JHT / include the optional JHT (BPU)')
    .option('--transport', 'sektor transportasi / transport occupation (BPU, PP 50/2025)')
    .option('--budget-funded', 'iuran dibayar APBN/APBD / paid from a state budget (BPU)')
    .option('--contract-value <n>', 'nilai kontrak / contract value (Jakon)')
    .option('--contract-months <n>', 'lama kontrak / contract months (PMI)')
    .option('--jht-amount <n>', 'JHT per bulan / monthly JHT choice (PMI)')
    .option('--months-late <n>', 'bulan terlambat / months late (fine)')
    .option('--json', 'JSON output')
    .addHelpText('after', CONTRIBUTION_HELP)
    .action((o: Opts) => {
      const r = computeContribution({
        segment: str(o, 'segment') ?? '',
        period: str(o, 'period') ?? '',
        wage: moneyArg('wage', str(o, 'wage')),
        riskClass: intArg('riskClass', str(o, 'riskClass')),
        labourIntensive: flag(o, 'labourIntensive') || undefined,
        income: moneyArg('income', str(o, 'income')),
        jht: flag(o, 'jht') || undefined,
        transport: flag(o, 'transport') || undefined,
        budgetFunded: flag(o, 'budgetFunded') || undefined,
        contractValue: moneyArg('contractValue', str(o, 'contractValue')),
        contractMonths: intArg('contractMonths', str(o, 'contractMonths')),
        jhtAmount: moneyArg('jhtAmount', str(o, 'jhtAmount')),
        monthsLate: intArg('monthsLate', str(o, 'monthsLate')),
      });
      emit(ctx, o, r, () => formatContribution(r));
    });
  calc
    .command('rates')
    .description('Tarif PU per baris untuk penagihan / exact PU rate per line, as the billing run uses them')
    .option('--period <YYYY-MM>', 'bulan iuran / contribution month')
    .option('--risk-class <n>', 'kelas risiko / risk class 1–5')
    .option('--labour-intensive', 'industri padat karya')
    .option('--json', 'JSON output')
    .action((o: Opts) => {
      const rc = intArg('riskClass', str(o, 'riskClass'));
      if (rc === undefined) throw new ValidationError('riskClass: wajib diisi 1–5 / is required (1–5)');
      const t = contributionRates(str(o, 'period') ?? '', {
        riskClass: rc,
        labourIntensive: flag(o, 'labourIntensive') || undefined,
      });
      emit(ctx, o, t, () => [
        `Tarif PU / PU rates ${t.period} (per ${t.asOf}); batas upah JP / JP cap ${t.jpWageCap}; batas upah JKP / JKP cap ${t.jkpWageCap ?? '-'}`,
        ...t.lines.map(
          (l) =>
            `  ${l.program.padEnd(4)} ${l.payer.padEnd(10)} ${l.kind.padEnd(10)} ${l.base.padEnd(16)} ${l.rate}`,
        ),
        ...t.warnings.map((w) => `  ! ${w}`),
      ]);
    });
}

function benefitCommand(
  parent: Command,
  ctx: CliContext,
  name: string,
  description: string,
  help: string,
  run: (o: Opts) => BenefitResult,
): Command {
  return parent
    .command(name)
    .alias(name.toLowerCase())
    .description(description)
    .option('--json', 'JSON output')
    .addHelpText('after', help)
    .action((o: Opts) => {
      const r = run(o);
      emit(ctx, o, r, () => formatBenefit(r));
    });
}

function parseChild(spec: string, i: number): Child {
  const [level, year, age] = spec.split(':');
  const c: Child = { level: level ?? '' };
  const y = intArg(`children[${i}].year`, year || undefined);
  const a = intArg(`children[${i}].age`, age || undefined);
  if (y !== undefined) c.year = y;
  if (a !== undefined) c.age = a;
  return c;
}

function parseReturns(specs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of specs) {
    const m = /^(\d{4})=(\d+(?:\.\d+)?)$/.exec(s);
    if (!m?.[1] || !m[2])
      throw new ValidationError(
        `returns: format TAHUN=DESIMAL, mis. 2021=0.0555 / format YEAR=DECIMAL, e.g. 2021=0.0555 (got "${s}")`,
      );
    out[m[1]] = m[2];
  }
  return out;
}

function registerDeathAndAccidentBenefits(b: Command, ctx: CliContext): void {
  benefitCommand(
    b,
    ctx,
    'JKM',
    'Jaminan kematian (bukan kecelakaan kerja) / non-work death benefit',
    '\nExample: lindung calc benefit JKM --date 2024-05-01 --json\nThe regime (PP 44/2015: Rp24 million; PP 82/2019: Rp42 million) follows the date of death.',
    (o) =>
      computeJkm({
        date: str(o, 'date') ?? '',
        segment: str(o, 'segment') === 'BPU' ? 'BPU' : 'PU',
        membershipMonths: intArg('membershipMonths', str(o, 'membershipMonths')),
      }),
  )
    .option('--date <YYYY-MM-DD>', 'tanggal meninggal / date of death')
    .option('--segment <PU|BPU>', 'segmen peserta / participant segment')
    .option('--membership-months <n>', 'lama kepesertaan / months of membership (BPU warning only)');
  benefitCommand(
    b,
    ctx,
    'BEASISWA',
    'Beasiswa pendidikan anak / education scholarship',
    '\n--child LEVEL[:YEAR[:AGE]] per child (max 2 counted); LEVEL = BELUM|TK|SD|SMP|SMA|PT, YEAR = year within the level.\nExample: lindung calc benefit BEASISWA --date 2024-03-01 --cause JKM --contribution-months 40 --child SMA:2:16 --child SD --json\nTotal = remaining entitlement from the current level through higher education.',
    (o) =>
      computeBeasiswa({
        date: str(o, 'date') ?? '',
        cause: str(o, 'cause') ?? '',
        contributionMonths: intArg('contributionMonths', str(o, 'contributionMonths')),
        children: (Array.isArray(o.child) ? o.child : []).map(parseChild),
      }),
  )
    .option('--date <YYYY-MM-DD>', 'tanggal meninggal/CTT / date of death or CTT')
    .option(
      '--cause <JKM|JKK>',
      'JKM = meninggal bukan kecelakaan kerja (≥3 tahun iur); JKK = kecelakaan kerja (tanpa minimum)',
    )
    .option('--contribution-months <n>', 'masa iur / contribution months (needed for JKM)')
    .option('--child <spec>', 'anak / child LEVEL[:YEAR[:AGE]] (repeat)', collect, []);
  benefitCommand(
    b,
    ctx,
    'JKK',
    'Jaminan kecelakaan kerja / work-accident benefits',
    '\nKinds: stmb (--months N), anatomical (--disability-percent P), function (--disability-percent P --function-loss-percent P), ctt, death.\nOptional reimbursements are capped: --transport-land/--transport-sea/--transport-air/--homecare N.\nExample: lindung calc benefit JKK --date 2024-03-01 --wage 5000000 --kind death --json',
    (o) =>
      computeJkk({
        date: str(o, 'date') ?? '',
        wage: moneyArg('wage', str(o, 'wage')),
        kind: str(o, 'kind') ?? '',
        months: intArg('months', str(o, 'months')),
        disabilityPercent: str(o, 'disabilityPercent'),
        functionLossPercent: str(o, 'functionLossPercent'),
        transportLand: moneyArg('transportLand', str(o, 'transportLand')),
        transportSea: moneyArg('transportSea', str(o, 'transportSea')),
        transportAir: moneyArg('transportAir', str(o, 'transportAir')),
        homecare: moneyArg('homecare', str(o, 'homecare')),
      }),
  )
    .option('--date <YYYY-MM-DD>', 'tanggal kecelakaan / accident date')
    .option('--wage <n>', 'upah sebulan / monthly wage (BPU: declared income)')
    .option('--kind <kind>', 'stmb | anatomical | function | ctt | death')
    .option('--months <n>', 'bulan tidak mampu bekerja / months unable to work (stmb)')
    .option('--disability-percent <p>', 'persen tabel cacat / disability table percent')
    .option('--function-loss-percent <p>', 'persen kehilangan fungsi / percent of function lost')
    .option('--transport-land <n>', 'biaya transport darat / land transport cost')
    .option('--transport-sea <n>', 'biaya transport laut / sea transport cost')
    .option('--transport-air <n>', 'biaya transport udara / air transport cost')
    .option('--homecare <n>', 'biaya perawatan di rumah / homecare cost');
}

function registerSavingsBenefits(b: Command, ctx: CliContext): void {
  benefitCommand(
    b,
    ctx,
    'JHT',
    'Saldo jaminan hari tua / old-age savings balance',
    '\nMonthly JHT (3.7% + 2%) on a constant wage from --from to --to, returns credited yearly.\nUnpublished years reuse the latest published return (flagged); override with --return 2021=0.0555 (repeat).\nExample: lindung calc benefit JHT --wage 5000000 --from 2020-01 --to 2024-12 --json',
    (o) =>
      computeJht({
        wage: moneyArg('wage', str(o, 'wage')),
        from: str(o, 'from') ?? '',
        to: str(o, 'to') ?? '',
        openingBalance: moneyArg('openingBalance', str(o, 'openingBalance')),
        returns: parseReturns(Array.isArray(o.return) ? o.return : []),
      }),
  )
    .option('--wage <n>', 'upah sebulan / monthly wage')
    .option('--from <YYYY-MM>', 'bulan iuran pertama / first contribution month')
    .option('--to <YYYY-MM>', 'bulan iuran terakhir / last contribution month')
    .option('--opening-balance <n>', 'saldo awal / opening balance')
    .option('--return <YEAR=RATE>', 'hasil pengembangan / yearly return override (repeat)', collect, []);
  benefitCommand(
    b,
    ctx,
    'JP',
    'Jaminan pensiun bulanan / monthly pension',
    '\nBenefit = 1% × months/12 × average indexed monthly wage, clamped to the published min/max; ≥180 months and pension age (56 → 57 in 2019, +1 every 3 years to 65).\nExample: lindung calc benefit JP --claim-date 2025-06-01 --birth-date 1966-01-15 --months 180 --average-wage 8000000 --json',
    (o) =>
      computeJp({
        claimDate: str(o, 'claimDate') ?? '',
        birthDate: str(o, 'birthDate') ?? '',
        months: intArg('months', str(o, 'months')),
        averageWage: moneyArg('averageWage', str(o, 'averageWage')),
      }),
  )
    .option('--claim-date <YYYY-MM-DD>', 'tanggal klaim / claim date')
    .option('--birth-date <YYYY-MM-DD>', 'tanggal lahir / date of birth')
    .option('--months <n>', 'masa iur / contribution months')
    .option('--average-wage <n>', 'rata-rata upah terindeks / average indexed monthly wage');
  benefitCommand(
    b,
    ctx,
    'JKP',
    'Jaminan kehilangan pekerjaan / job-loss benefit',
    '\nPP 37/2021 (45% × 3 + 25% × 3) before 7 Feb 2025, PP 6/2025 (60% × 6) from then, on the wage capped at Rp5,000,000.\nExample: lindung calc benefit JKP --job-loss-date 2025-03-01 --wage 8000000 --months-paid 18 --consecutive-months 12 --json',
    (o) =>
      computeJkp({
        jobLossDate: str(o, 'jobLossDate') ?? '',
        wage: moneyArg('wage', str(o, 'wage')),
        monthsPaid: intArg('monthsPaid', str(o, 'monthsPaid')),
        consecutiveMonths: intArg('consecutiveMonths', str(o, 'consecutiveMonths')),
      }),
  )
    .option('--job-loss-date <YYYY-MM-DD>', 'tanggal PHK / date of dismissal')
    .option('--wage <n>', 'upah terakhir dilaporkan / last reported wage')
    .option('--months-paid <n>', 'bulan iur dalam 24 bulan terakhir / contribution months in the last 24')
    .option(
      '--consecutive-months <n>',
      'bulan berturut-turut sebelum PHK / consecutive months before dismissal',
    );
}

export function registerRulesCommands(program: Command, ctx: CliContext): void {
  registerRules(program, ctx);
  const calc = program
    .command('calc')
    .description('Kalkulator iuran dan manfaat / contribution and benefit calculators');
  registerContribution(calc, ctx);
  const benefit = calc
    .command('benefit')
    .description(
      'Hitung manfaat / compute a benefit: JKM | BEASISWA | JKK | JHT | JP | JKP (see each --help)',
    );
  registerDeathAndAccidentBenefits(benefit, ctx);
  registerSavingsBenefits(benefit, ctx);
}
