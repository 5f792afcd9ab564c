import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { applyRate } from '../../platform/money.ts';
import { addMonths } from '../../platform/period.ts';
import { computeContribution, contributionRates } from './contributions.ts';
import type { ContributionResult } from './lines.ts';
import type { PuRateTable, RateLine } from './rates.ts';

/** Every month from July 2015 through 2027 (past the last recorded JP cap, to exercise expiry). */
const PERIODS = Array.from({ length: 150 }, (_, i) => addMonths('2015-07', i));

const periodArb = fc.constantFrom(...PERIODS);
const classArb = fc.integer({ min: 1, max: 5 });
const wageArb = fc.bigInt({ min: 0n, max: 500_000_000n });

function baseOf(l: RateLine, wage: bigint, t: PuRateTable): bigint {
  const cap = l.base === 'wage_capped_jp' ? t.jpWageCap : l.base === 'wage_capped_jkp' ? t.jkpWageCap : null;
  return cap !== null && wage > cap ? cap : wage;
}

function pu(period: string, wage: bigint, riskClass: number, labourIntensive: boolean): ContributionResult {
  return computeContribution({ segment: 'PU', period, wage, riskClass, labourIntensive });
}

describe('rules: billing rate table ↔ calculator (property)', () => {
  it('calculator line amount == applyRate(min(wage, cap), rate from the table), for every line', () => {
    fc.assert(
      fc.property(periodArb, classArb, fc.boolean(), wageArb, (period, rc, li, wage) => {
        const table = contributionRates(period, { riskClass: rc, labourIntensive: li });
        const r = pu(period, wage, rc, li);
        assert.equal(r.lines.length, table.lines.length);
        table.lines.forEach((l, i) => {
          const line = r.lines[i];
          assert.equal(line?.program, l.program);
          assert.equal(line?.payer, l.payer);
          assert.equal(line?.rate, l.rate);
          assert.equal(line?.amount, applyRate(baseOf(l, wage, table), l.rate));
        });
      }),
      { numRuns: 500 },
    );
  });

  it('totals: the payer shares add up to the total, and equal the sum of charged lines', () => {
    fc.assert(
      fc.property(periodArb, classArb, fc.boolean(), wageArb, (period, rc, li, wage) => {
        const t = pu(period, wage, rc, li).totals;
        assert.equal(t.employer + t.worker + t.participant + t.government, t.all);
        const charged = pu(period, wage, rc, li)
          .lines.filter((l) => l.kind === 'charge')
          .reduce((s, l) => s + l.amount, 0n);
        assert.equal(charged, t.all);
      }),
      { numRuns: 300 },
    );
  });

  it('JP never exceeds 3% of the cap in force (2% employer, 1% worker)', () => {
    fc.assert(
      fc.property(periodArb, wageArb, (period, wage) => {
        const r = pu(period, wage, 1, false);
        const cap = contributionRates(period, { riskClass: 1 }).jpWageCap;
        const jp = r.lines
          .filter((l) => l.program === 'JP')
          .reduce((s, l) => s + l.amount + (l.deferred ?? 0n), 0n);
        assert.ok(jp <= applyRate(cap, '0.03'), `${period}: ${jp} > 3% of ${cap}`);
      }),
      { numRuns: 300 },
    );
  });

  it('no amount decreases when the wage (income, contract value) rises', () => {
    fc.assert(
      fc.property(periodArb, classArb, fc.boolean(), wageArb, wageArb, (period, rc, li, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const x = pu(period, lo, rc, li).lines;
        const y = pu(period, hi, rc, li).lines;
        x.forEach((l, i) => {
          assert.ok(l.amount <= (y[i]?.amount ?? -1n), `${period} ${l.program} ${l.payer}`);
        });
        const bpu = (income: bigint) =>
          computeContribution({ segment: 'BPU', period, income, jht: true }).totals.all;
        assert.ok(bpu(lo) <= bpu(hi));
        const jakon = (contractValue: bigint) =>
          computeContribution({ segment: 'JAKON', period, contractValue: contractValue * 20n }).totals.all;
        assert.ok(jakon(lo) <= jakon(hi));
      }),
      { numRuns: 200 },
    );
  });
});

describe('rules: PostgreSQL round(numeric) agrees with applyRate', () => {
  let t: TestDb;
  before(async () => {
    t = await createTestDb();
  });
  after(async () => {
    await t.close();
  });

  it('round(least(wage, cap) * rate) in SQL == calculator amount, line by line', async () => {
    const samples = fc.sample(fc.tuple(periodArb, classArb, fc.boolean(), wageArb), {
      numRuns: 150,
      seed: 20261121,
    });
    // Exact half cases that a float would get wrong.
    samples.push(
      ['2019-05', 3, false, 1_250n],
      ['2019-05', 3, false, 1_225n],
      ['2020-10', 1, false, 8_939_700n],
    );
    for (const [period, rc, li, wage] of samples) {
      const table = contributionRates(period, { riskClass: rc, labourIntensive: li });
      const r = pu(period, wage, rc, li);
      for (const [i, l] of table.lines.entries()) {
        const cap =
          l.base === 'wage_capped_jp'
            ? table.jpWageCap
            : l.base === 'wage_capped_jkp'
              ? table.jkpWageCap
              : null;
        const res = await t.handle.pool.query<{ amount: string }>(
          'select round(least($1::numeric, coalesce($2::numeric, $1::numeric)) * $3::numeric)::text as amount',
          [wage.toString(), cap === null ? null : cap.toString(), l.rate],
        );
        assert.equal(
          BigInt(res.rows[0]?.amount ?? '-1'),
          r.lines[i]?.amount,
          `${period} ${l.program} ${l.payer} ${wage}`,
        );
      }
    }
  });
});
