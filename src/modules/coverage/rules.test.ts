import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { paceOver, pct, rank, suppressRow, targetMath } from './rules.ts';

describe('coverage arithmetic', () => {
  test('percent with two decimals, null without a denominator', () => {
    assert.equal(pct(189_742, 573_239), 33.1);
    assert.equal(pct(5, 0), null);
    assert.equal(pct(null, 10), null);
  });

  test('small cells are suppressed, with a second cell when one alone would be given away by the total', () => {
    assert.deepEqual(suppressRow([120, 4, 0, 30], 10), [120, null, 0, null]);
    assert.deepEqual(suppressRow([120, 4, 7, 30], 10), [120, null, null, 30]);
    assert.deepEqual(suppressRow([120, 40, 0, 30], 10), [120, 40, 0, 30]);
    assert.deepEqual(suppressRow([5, 0, 0, 0], 10), [null, 0, 0, 0]);
  });

  test('competition ranks, higher first, missing values unranked', () => {
    const rows = [{ v: 10 }, { v: 30 }, { v: 30 }, { v: null }, { v: 5 }];
    const r = rank(rows, (x) => x.v);
    assert.deepEqual(
      rows.map((x) => r.get(x)),
      [3, 1, 1, null, 4],
    );
  });
});

describe('target math on a constructed series', () => {
  // Babel-like scenario at 1:200: denominator 3,749 people, 33% now, target 55% by Dec 2026.
  // Actives grow 1,100 (Nov 2025) → 1,160 (May 2026) → 1,190 (Aug 2026) → 1,237 (Nov 2026).
  const series = [
    { period: '2025-11', active: 1100 },
    { period: '2026-05', active: 1160 },
    { period: '2026-08', active: 1190 },
    { period: '2026-11', active: 1237 },
  ];
  const m = targetMath({ series, asOf: '2026-11', denominator: 3749, targetPct: 55, year: 2026 });

  test('gap in people and pace needed', () => {
    // ceil(0.55 × 3749) = ceil(2061.95) = 2062; gap 2062 − 1237 = 825; one month left (Nov → Dec).
    assert.equal(m.target_people, 2062);
    assert.equal(m.gap_people, 825);
    assert.equal(m.current_pct, 33); // 1237 / 3749 = 32.9955 % → 33.00
    assert.equal(m.gap_pp, 22);
    assert.equal(m.months_left, 1);
    assert.equal(m.pace_needed_per_month, 825);
  });

  test('paces of the last 3/6/12 months and the projected dates', () => {
    // 3 months: (1237 − 1190) / 3 = 15.67; 6: (1237 − 1160) / 6 = 12.83; 12: (1237 − 1100) / 12 = 11.42
    assert.deepEqual(
      m.projections.map((p) => p.pace_per_month),
      [15.7, 12.8, 11.4],
    );
    // 825 / 15.667 = 52.7 → 53 months after Nov 2026 = Apr 2031; 825 / 12.833 = 64.3 → 65 → Apr 2032;
    // 825 / 11.417 = 72.3 → 73 → Dec 2032.
    assert.deepEqual(
      m.projections.map((p) => p.reach_period),
      ['2031-04', '2032-04', '2032-12'],
    );
    assert.ok(m.projections.every((p) => p.status === 'projected' && p.on_time === false));
  });

  test('no growth: "not at current pace"; short series: not enough history; reached: zero gap', () => {
    const flat = targetMath({
      series: [
        { period: '2026-08', active: 1300 },
        { period: '2026-11', active: 1290 },
      ],
      asOf: '2026-11',
      denominator: 3749,
      targetPct: 55,
      year: 2027,
    });
    assert.equal(flat.projections[0]?.status, 'not_at_current_pace');
    assert.equal(flat.projections[0]?.reach_period, null);
    assert.equal(flat.projections[1]?.status, 'not_enough_history');
    assert.equal(flat.months_left, 13);
    assert.equal(flat.pace_needed_per_month, Math.round(((2062 - 1290) / 13) * 10) / 10);
    const done = targetMath({ series, asOf: '2026-11', denominator: 2000, targetPct: 55, year: 2026 });
    assert.equal(done.gap_people, 0);
    assert.equal(done.projections[0]?.status, 'reached');
  });

  test('pace over k months needs both ends of the window', () => {
    assert.equal(paceOver(series, '2026-11', 3), 47 / 3);
    assert.equal(paceOver(series, '2026-11', 2), null);
  });
});
