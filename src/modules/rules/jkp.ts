import { z } from 'zod';
import { decimal } from '../../platform/money.ts';
import { type BenefitPart, type BenefitResult, finish } from './benefit-result.ts';
import { minRp, pct, rp } from './exact.ts';
import { rateStep } from './lines.ts';
import { firstFrom, intAt, rupiahAt, tableAt } from './params.ts';
import { newTrace, step, type Trace, use, warn } from './trace.ts';
import { date, int, type Money, money, notBefore } from './validate.ts';

/** JKP job-loss cash benefit: PP 37/2021 or PP 6/2025 by the date of dismissal (PHK). */

export interface JkpInput {
  jobLossDate: string;
  /** Last wage reported to BPJS. */
  wage?: Money;
  /** Contribution months within the 24 months before dismissal. */
  monthsPaid?: number;
  /** Consecutive contribution months just before dismissal. */
  consecutiveMonths?: number;
}

const scheduleSchema = z.array(z.object({ months: z.number().int(), pct: z.string() }));

function eligibility(t: Trace, d: string, input: JkpInput): boolean | null {
  if (input.monthsPaid === undefined || input.consecutiveMonths === undefined) {
    warn(
      t,
      'monthsPaid/consecutiveMonths: tidak diisi, kelayakan tidak diperiksa / not given, eligibility not checked',
    );
    return null;
  }
  const paid = int('monthsPaid', input.monthsPaid, 0, 24);
  const consecutive = int('consecutiveMonths', input.consecutiveMonths, 0, 24);
  const minPaid = use(t, intAt('jkp.min_months', d));
  const minConsecutive = use(t, intAt('jkp.consecutive_months', d));
  const ok = paid >= minPaid && consecutive >= minConsecutive;
  step(
    t,
    'Syarat masa iur / contribution conditions',
    `${paid} dari 24 bulan ≥ ${minPaid} dan ${consecutive} berturut-turut ≥ ${minConsecutive}: ${ok ? 'ya / yes' : 'tidak / no'}`,
  );
  return ok;
}

function schedule(t: Trace, d: string, base: bigint): [BenefitPart[], string] {
  const pair = tableAt('jkp.benefit.schedule', d, scheduleSchema, 'jobLossDate');
  const rows = use(t, pair);
  const parts: BenefitPart[] = [];
  let month = 1;
  for (const r of rows) {
    for (let i = 0; i < r.months; i++, month++) {
      const label = `JKP bulan ke-${month} / month ${month}`;
      parts.push({
        key: `month-${month}`,
        label,
        amount: rateStep(t, label, base, decimal(r.pct)),
        detail: pct(r.pct),
      });
    }
  }
  return [parts, pair[1].instrument];
}

export function computeJkp(input: JkpInput): BenefitResult {
  const d = date('jobLossDate', input.jobLossDate);
  notBefore('jobLossDate', d, firstFrom('jkp.benefit.schedule'), 'JKP (PP 37/2021)');
  const wage = money('wage', input.wage);
  const t = newTrace();
  const cap = use(t, rupiahAt('jkp.wage_cap', d, 'jobLossDate'));
  const base = minRp(wage, cap);
  step(t, 'Upah dibatasi / wage capped', `min(${rp(wage)}, ${rp(cap)}) = ${rp(base)}`);
  const eligible = eligibility(t, d, input);
  const [parts, regime] = schedule(t, d, base);
  const window = use(t, intAt('jkp.claim_window_months', d));
  const maxAge = use(t, intAt('jkp.max_age_at_registration', d));
  step(t, 'Batas klaim, bulan setelah PHK / claim window, months after dismissal', String(window));
  warn(
    t,
    `Syarat lain: WNI, usia < ${maxAge} saat mendaftar, terdaftar JKN; tidak untuk mengundurkan diri, CTT, pensiun, meninggal, PKWT berakhir sesuai jadwal / also: citizen, under ${maxAge} at registration, in JKN; excludes resignation, CTT, retirement, death, a PKWT ending on schedule`,
  );
  if (d < '2022-02-22')
    warn(
      t,
      'jobLossDate: manfaat JKP mulai dibayarkan Februari 2022 / JKP benefits were launched in Feb 2022',
    );
  return finish('JKP', d, regime, eligible, parts, t, input, { cappedWage: base, claimWindowMonths: window });
}
