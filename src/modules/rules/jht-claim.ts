import { applyRate } from '../../platform/money.ts';
import { type BenefitResult, finish } from './benefit-result.ts';
import { pct, rp } from './exact.ts';
import { intAt, rateAt } from './params.ts';
import { newTrace, step, use } from './trace.ts';
import { date, int, type Money, money, notBefore, SYSTEM_START } from './validate.ts';

/**
 * A JHT withdrawal from a posted account balance (the member's real account, not a projected wage):
 *  - full: the whole balance, on reaching pension age, or after stopping work once the waiting period
 *    after the exit has passed (Permenaker 4/2022);
 *  - partial_housing / partial_other: 30% / 10% of the balance after at least 10 years of membership,
 *    once (PP 46/2015 Pasal 22).
 */

export type JhtWithdrawalKind = 'full' | 'partial_housing' | 'partial_other';

export interface JhtWithdrawalInput {
  claimDate: string;
  kind: JhtWithdrawalKind;
  balance: Money;
  membershipMonths: number;
  /** The last exit from employment, when the member no longer works (full withdrawal). */
  exitDate?: string | null;
  stillEmployed: boolean;
  ageYears: number;
  /** A partial withdrawal was already paid (it is allowed once). */
  partialTaken?: boolean;
}

function addMonthsToDate(iso: string, n: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1 + n, 1));
  const last = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 0)).getUTCDate();
  t.setUTCDate(Math.min(d, last));
  return t.toISOString().slice(0, 10);
}

export function computeJhtWithdrawal(input: JhtWithdrawalInput): BenefitResult {
  const d = date('claimDate', input.claimDate);
  notBefore('claimDate', d, SYSTEM_START, 'JHT');
  const balance = money('balance', input.balance);
  const months = int('membershipMonths', input.membershipMonths, 0, 1200);
  const age = int('ageYears', input.ageYears, 0, 130);
  const t = newTrace();
  step(t, 'Saldo JHT pada tanggal klaim / JHT balance on the claim date', rp(balance));
  if (input.kind === 'full') {
    const pensionAge = use(t, intAt('jp.pension_age', d, 'claimDate'));
    const atPensionAge = age >= pensionAge;
    step(
      t,
      'Usia pensiun tercapai / pension age reached',
      `${age} ≥ ${pensionAge}: ${atPensionAge ? 'ya / yes' : 'tidak / no'}`,
    );
    let stopped = false;
    if (!atPensionAge) {
      const wait = use(t, intAt('jht.full.wait_months', d, 'claimDate'));
      if (input.stillEmployed || !input.exitDate) {
        step(t, 'Berhenti bekerja / stopped working', 'tidak: masih bekerja / no: still employed');
      } else {
        const from = addMonthsToDate(input.exitDate, wait);
        stopped = d >= from;
        step(
          t,
          'Berhenti bekerja + masa tunggu / stopped working + waiting period',
          `keluar ${input.exitDate} + ${wait} bulan = ${from}; ${d} ≥ ${from}: ${stopped ? 'ya / yes' : 'tidak / no'}`,
        );
      }
    }
    const ok = atPensionAge || stopped;
    return finish(
      'JHT',
      d,
      'PP 46/2015',
      ok,
      [{ key: 'full', label: 'JHT dibayar penuh / JHT paid in full', amount: balance }],
      t,
      input,
      {
        balance,
        kind: 'full',
      },
    );
  }
  const minYears = use(t, intAt('jht.partial.min_years', d, 'claimDate'));
  const longEnough = months >= minYears * 12;
  step(
    t,
    'Masa kepesertaan / membership',
    `${months} bulan ≥ ${minYears * 12}: ${longEnough ? 'ya / yes' : 'tidak / no'}`,
  );
  const once = !input.partialTaken;
  step(
    t,
    'Pengambilan sebagian hanya sekali / partial withdrawal once only',
    once ? 'belum pernah / not yet taken' : 'sudah pernah / already taken',
  );
  const name = input.kind === 'partial_housing' ? 'jht.partial.housing' : 'jht.partial.other';
  const rate = use(t, rateAt(name, d, 'claimDate'));
  const amount = applyRate(balance, rate);
  const label =
    input.kind === 'partial_housing'
      ? 'JHT sebagian untuk perumahan / partial JHT for housing'
      : 'JHT sebagian untuk keperluan lain / partial JHT for other needs';
  step(t, label, `${pct(rate)} × ${rp(balance)} = ${rp(amount)}`);
  return finish('JHT', d, 'PP 46/2015', longEnough && once, [{ key: input.kind, label, amount }], t, input, {
    balance,
    kind: input.kind,
  });
}
