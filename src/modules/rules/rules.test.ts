import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addMonths, periodEnd } from '../../platform/period.ts';
import { computeBeasiswa } from './beasiswa.ts';
import { computeJkk, computeJkm } from './benefits.ts';
import { computeContribution } from './contributions.ts';
import { computeJkp } from './jkp.ts';
import { computeJht, computeJp } from './savings.ts';

/** Done-when: every program of docs/rules-reference.md §2–§3 is computable for any month from July 2015 to today. */
const TODAY = '2026-11';
const MONTHS: string[] = [];
for (let p = '2015-07'; p <= TODAY; p = addMonths(p, 1)) MONTHS.push(p);

describe('rules: every program, every month from 2015-07 to 2026-11', () => {
  it(`contributions: PU (5 classes, labour-intensive or not), BPU, Jakon, PMI — ${MONTHS.length} months`, () => {
    for (const period of MONTHS) {
      for (let riskClass = 1; riskClass <= 5; riskClass++) {
        for (const labourIntensive of [false, true]) {
          const r = computeContribution({
            segment: 'PU',
            period,
            wage: 7_500_000,
            riskClass,
            labourIntensive,
            monthsLate: 1,
          });
          assert.ok(r.totals.all > 0n, period);
        }
      }
      for (const transport of [false, true]) {
        assert.ok(
          computeContribution({ segment: 'BPU', period, income: 2_500_000, jht: true, transport }).totals
            .all > 0n,
        );
      }
      assert.ok(
        computeContribution({ segment: 'JAKON', period, contractValue: 2_000_000_000 }).totals.all > 0n,
      );
      assert.ok(computeContribution({ segment: 'JAKON', period, wage: 3_000_000 }).totals.all > 0n);
      for (const contractMonths of [6, 12, 24, 36]) {
        assert.ok(computeContribution({ segment: 'PMI', period, contractMonths }).totals.all > 0n);
      }
    }
  });

  it('benefits: JKM, JKK (all kinds), BEASISWA, JHT, JP for every month; JKP from PP 37/2021', () => {
    for (const period of MONTHS) {
      const date = periodEnd(period);
      assert.ok(computeJkm({ date }).total > 0n);
      for (const kind of ['stmb', 'anatomical', 'function', 'ctt', 'death']) {
        assert.ok(
          computeJkk({
            date,
            wage: 4_000_000,
            kind,
            months: 13,
            disabilityPercent: '20',
            functionLossPercent: '50',
          }).total > 0n,
        );
      }
      assert.ok(
        computeBeasiswa({ date, cause: 'JKM', contributionMonths: 60, children: [{ level: 'SD' }] }).total >
          0n,
      );
      assert.ok(computeJht({ wage: 4_000_000, from: '2015-07', to: period }).total > 0n);
      assert.ok(
        computeJp({ claimDate: date, birthDate: '1950-01-01', months: 180, averageWage: 6_000_000 }).total >
          0n,
      );
      if (date >= '2021-02-02') assert.ok(computeJkp({ jobLossDate: date, wage: 6_000_000 }).total > 0n);
    }
  });
});
