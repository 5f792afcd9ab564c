import assert from 'node:assert/strict';
import { test } from 'node:test';
import { budgetYears, monthsLeft } from './budget-rules.ts';

test('budget years: top-ups add to their year, carry-over only from a carrying year into the next', () => {
  const s = budgetYears(
    [
      { year: 2026, ceiling: 1_000n, carryOver: true, topups: 200n },
      { year: 2027, ceiling: 500n, carryOver: false, topups: 0n },
      { year: 2028, ceiling: 300n, carryOver: false, topups: 0n },
    ],
    new Map([
      [2026, 900n],
      [2027, 100n],
    ]),
  );
  assert.deepEqual(
    s.map((y) => [y.year, y.carriedIn, y.available, y.remaining]),
    [
      [2026, 0n, 1_200n, 300n],
      [2027, 300n, 800n, 700n],
      // 2027 does not carry over: 2028 starts from its own ceiling.
      [2028, 0n, 300n, 300n],
    ],
  );
});

test('a gap year breaks the carry-over, and months left round down', () => {
  const s = budgetYears(
    [
      { year: 2025, ceiling: 100n, carryOver: true, topups: 0n },
      { year: 2027, ceiling: 10n, carryOver: true, topups: 0n },
    ],
    new Map(),
  );
  assert.equal(s[1]!.carriedIn, 0n);
  assert.equal(monthsLeft(50_399n, 16_800n), 2);
  assert.equal(monthsLeft(100n, 0n), null);
});
