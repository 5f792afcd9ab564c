import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  apportion,
  birthWindow,
  chunkRanges,
  chunkSeed,
  type EmployerSizes,
  formatScale,
  type NationalMix,
  parseScale,
  planSeed,
  provinceWeights,
  splitRows,
} from './rules.ts';

// docs/rules-reference.md §7.4 (Apr 2025) and national_figures.csv (Dec 2025 employers by size).
const MIX: NationalMix = {
  period: '2025-04',
  total: 39_700_000,
  bySegment: { PU: 25_430_000, BPU: 8_990_000, JAKON: 4_640_000, PMI: 640_000 },
};
const SIZES: EmployerSizes = {
  period: '2025-12',
  total: 875_641,
  bySize: { micro: 705_897, small: 83_251, medium: 36_569, large: 49_924 },
};

describe('apportion', () => {
  it('hands out exactly the total, by largest remainder', () => {
    assert.deepEqual(apportion(10, [1, 1, 1]), [4, 3, 3]);
    assert.deepEqual(apportion(7, [0.5, 0.25, 0.25]), [3, 2, 2]);
    assert.deepEqual(apportion(5, [0, 0]), [0, 0]);
    const counts = apportion(198_500, [7_498_532, 4_855_121, 216_685, 65_330]);
    assert.equal(
      counts.reduce((s, c) => s + c, 0),
      198_500,
    );
  });
});

describe('splitRows', () => {
  it('keeps column totals within 2 of exact even for tiny rows', () => {
    const rows = Array.from({ length: 38 }, (_, i) => 3 + (i % 5));
    const out = splitRows(rows, [25.43, 8.99, 4.64, 0.64]);
    for (const [i, r] of out.entries())
      assert.equal(
        r.reduce((s, c) => s + c, 0),
        rows[i],
      );
    const n = rows.reduce((s, r) => s + r, 0);
    const pmi = out.reduce((s, r) => s + (r[3] ?? 0), 0);
    assert.ok(Math.abs(pmi - (n * 0.64) / 39.7) <= 2, `PMI ${pmi}`);
  });
});

describe('parseScale', () => {
  it('reads 1:N and N', () => {
    assert.equal(parseScale('1:200'), 200);
    assert.equal(parseScale(' 1 : 1 '), 1);
    assert.equal(parseScale('50'), 50);
    assert.equal(formatScale(200), '1:200');
  });
  it('rejects anything else', () => {
    for (const bad of ['1:0', '2:200', '1:2.5', 'abc', '']) assert.throws(() => parseScale(bad), /1:N/);
  });
});

describe('provinceWeights', () => {
  it('prefers Dec 2023 actives, then other actives, then employed × UCJ, then the Papua split', () => {
    const w = provinceWeights(
      [
        { code: '31', active2023: 7_498_532, activeOther: 8_010_000, employed: 5_110_000, kelurahan: 267 },
        { code: '76', active2023: null, activeOther: 65_330, employed: 757_510, kelurahan: 70 },
        { code: '92', active2023: null, activeOther: null, employed: 290_077, kelurahan: 21 },
        { code: '91', active2023: null, activeOther: null, employed: null, kelurahan: 51 },
        { code: '95', active2023: null, activeOther: null, employed: null, kelurahan: 10 },
      ],
      35.68,
    );
    assert.deepEqual(
      w.map((x) => x.basis),
      [
        'active_2023_12',
        'active_other_period',
        'employed_x_national_ucj',
        'papua_pre_split',
        'papua_pre_split',
      ],
    );
    assert.equal(w[0]?.weight, 7_498_532);
    assert.ok(Math.abs((w[2]?.weight ?? 0) - 290_077 * 0.3568) < 1);
    assert.ok(Math.abs((w[3]?.weight ?? 0) + (w[4]?.weight ?? 0) - 2_450_000 * 0.3568) < 1);
  });
});

describe('planSeed', () => {
  const weights = [
    { code: '31', weight: 7_498_532 },
    { code: '19', weight: 216_685 },
    { code: '76', weight: 65_330 },
  ];
  it('1:1 reaches national size: 39.7 million participants and ~876,000 employers', () => {
    const plan = planSeed({ scaleDenominator: 1 }, MIX, SIZES, weights);
    assert.equal(plan.participants, 39_700_000);
    assert.equal(plan.employers, 875_641);
    const pu = plan.provinces.reduce((s, p) => s + p.bySegment.PU, 0);
    assert.ok(Math.abs(pu - 25_430_000) <= 2);
  });
  it('derives the scale from a participant count, and gives every province with PU an employer', () => {
    const plan = planSeed({ participants: 5000 }, MIX, SIZES, weights);
    assert.equal(plan.scaleDenominator, 7940);
    assert.equal(plan.participants, 5000);
    for (const p of plan.provinces) if (p.bySegment.PU > 0) assert.ok(p.employers >= 1, p.code);
  });
  it('defaults to 1:200', () => {
    assert.equal(planSeed({}, MIX, SIZES, weights).participants, 198_500);
  });
});

describe('chunks and dates', () => {
  it('chunkRanges tiles 0..n', () => {
    assert.deepEqual(chunkRanges(250, 100), [
      [0, 100],
      [100, 200],
      [200, 250],
    ]);
    assert.deepEqual(chunkRanges(0, 100), []);
  });
  it('chunkSeed is a valid setseed() argument and differs by chunk', () => {
    const seen = new Set<number>();
    for (let c = 0; c < 1000; c++) {
      const s = chunkSeed(1, c);
      assert.ok(s >= -1 && s < 1);
      seen.add(s);
    }
    assert.equal(seen.size, 1000);
    assert.equal(chunkSeed(7, 3), chunkSeed(7, 3));
  });
  it('birthWindow spans ages 18 to 64', () => {
    const { youngest, spanDays } = birthWindow('2026-11-01');
    assert.equal(youngest, '2008-11-01');
    // oldest date: 1961-11-02 (turns 65 on 2026-11-02)
    const oldest = new Date(Date.parse(youngest) - (spanDays - 1) * 86_400_000).toISOString().slice(0, 10);
    assert.equal(oldest, '1961-11-02');
  });
});
