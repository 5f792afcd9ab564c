import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ValidationError } from '../../platform/errors.ts';
import { floorTo } from '../../platform/money.ts';
import { listParams, loadParams, PARAMS, paramAt, rateAt, rupiahAt } from './params.ts';

describe('rules: parameter files', () => {
  it('every value has a unit, dates, a legal reference and a source URL', () => {
    assert.ok(listParams().length > 60);
    for (const def of listParams()) {
      for (const v of def.values) {
        assert.match(v.from, /^\d{4}-\d{2}-\d{2}$/, def.name);
        assert.ok(v.ref.length > 2, `${def.name} ref`);
        assert.match(v.source, /^https?:\/\//, `${def.name} source`);
        assert.ok(v.instrument, `${def.name} instrument`);
      }
    }
  });

  it('one file per instrument, including every instrument the issue names', () => {
    const dir = path.join(import.meta.dirname, 'params');
    const files = fs.readdirSync(dir);
    for (const f of [
      'pp-44-2015',
      'pp-45-2015',
      'pp-46-2015',
      'pp-82-2019',
      'pp-49-2020',
      'pp-37-2021',
      'pp-49-2023',
      'pp-6-2025',
      'pp-7-2025',
      'pp-36-2025',
      'pp-50-2025',
      'permenaker-4-2023',
      'jp-annual-adjustments',
    ]) {
      assert.ok(files.includes(`${f}.json`), f);
    }
  });

  it('rejects overlapping values for one parameter across files', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lindung-params-'));
    const doc = (from: string) =>
      JSON.stringify({
        instrument: `X ${from}`,
        title: 't',
        source: 'https://x',
        parameters: [
          {
            name: 'a.b',
            unit: 'rate',
            label: 'l',
            values: [{ value: '0.1', from, ref: 'r', source: 'https://x' }],
          },
        ],
      });
    fs.writeFileSync(path.join(dir, 'a.json'), doc('2020-01-01'));
    fs.writeFileSync(path.join(dir, 'b.json'), doc('2021-01-01'));
    assert.throws(() => loadParams(dir), /overlaps/);
  });

  it('marks UNCONFIRMED values as docs/rules-reference.md does', () => {
    const unconfirmed = (name: string, asOf: string) => paramAt(name, asOf)?.unconfirmed;
    assert.equal(unconfirmed('bpu.income.max', '2024-01-01'), true); // Lampiran II list not retrieved
    assert.equal(unconfirmed('jp.wage_cap', '2016-06-01'), true); // month of 2016 change
    assert.equal(unconfirmed('jp.wage_cap', '2023-06-01'), false); // 1 Mar 2023 confirmed
    assert.equal(unconfirmed('relief.padat_karya.recomp_class1', '2025-03-31'), true); // permitindo only
    assert.equal(unconfirmed('jkm.benefit.lump_sum', '2020-06-01'), true); // PP 82/2019 start day
    assert.equal(unconfirmed('jkp.rate.government', '2022-01-01'), false);
  });
});

describe('rules: as-of evaluation', () => {
  const table: Array<[string, string, string | number]> = [
    ['jp.wage_cap', '2015-07-01', 7000000],
    ['jp.wage_cap', '2016-02-29', 7000000], // last day before the March 2016 change
    ['jp.wage_cap', '2016-03-01', 7335300],
    ['jp.wage_cap', '2021-02-28', 8939700], // Lindung applies 2021's cap from March (month UNCONFIRMED)
    ['jp.wage_cap', '2021-03-01', 8754600],
    ['jp.wage_cap', '2026-03-01', 11086300],
    ['jkp.recomp.jkm', '2025-02-06', '0.0010'],
    ['jkp.recomp.jkm', '2025-02-07', '0'], // PP 6/2025 ended the JKM recomposition
    ['jp.pension_age', '2018-12-31', 56],
    ['jp.pension_age', '2019-01-01', 57],
    ['jp.pension_age', '2022-01-01', 58],
    ['jp.pension_age', '2025-01-01', 59],
    ['jp.pension_age', '2043-01-01', 65],
    ['fine.rate_per_month', '2020-07-31', '0.02'],
    ['fine.rate_per_month', '2020-08-01', '0.005'],
    ['fine.rate_per_month', '2021-01-31', '0.005'],
    ['fine.rate_per_month', '2021-02-01', '0.02'],
  ];
  for (const [name, asOf, expected] of table) {
    it(`${name} on ${asOf} = ${expected}`, () => {
      assert.equal(paramAt(name, asOf)?.value, expected);
      assert.equal(paramAt(name, asOf)?.warning, undefined);
    });
  }

  it("a date after a value's `to` still evaluates, with a warning (never a crash)", () => {
    const [cap, r] = rupiahAt('jp.wage_cap', '2027-05-01');
    assert.equal(cap, 11086300n);
    assert.match(r.warning ?? '', /2027-02-28/);
    // 2026 JP maximum is UNCONFIRMED: the 2025 value keeps applying with a warning.
    const max = paramAt('jp.benefit.max', '2026-11-21');
    assert.equal(max?.value, 4792300);
    assert.match(max?.warning ?? '', /no newer value/);
    // 2024 maximum is also unpublished: the gap falls back to 2023's value.
    assert.equal(paramAt('jp.benefit.max', '2024-06-01')?.value, 4598100);
    assert.ok(paramAt('jp.benefit.max', '2024-06-01')?.warning);
  });

  it('a window parameter does not apply outside its window (no warning, no value)', () => {
    assert.equal(paramAt('relief.covid.jkk_jkm_discount', '2020-07-31'), undefined);
    assert.equal(paramAt('relief.covid.jkk_jkm_discount', '2020-08-01')?.value, '0.99');
    assert.equal(paramAt('relief.covid.jkk_jkm_discount', '2021-01-31')?.value, '0.99');
    assert.equal(paramAt('relief.covid.jkk_jkm_discount', '2021-02-01'), undefined);
    assert.equal(paramAt('relief.padat_karya.jkk_discount', '2025-07-31')?.instrument, 'PP 7/2025');
    assert.equal(paramAt('relief.padat_karya.jkk_discount', '2025-08-01')?.instrument, 'PP 36/2025');
    assert.equal(paramAt('relief.padat_karya.jkk_discount', '2026-02-01'), undefined);
  });

  it('before a parameter existed is a ValidationError naming the field', () => {
    assert.throws(
      () => rateAt('jkp.rate.government', '2021-02-01', 'period'),
      (e: unknown) => e instanceof ValidationError && /^period: /.test(e.message),
    );
  });

  it('the JP cap chain: previous cap × (1 + GDP growth), floored to Rp100, reproduces every published cap', () => {
    // By hand (docs/rules-reference.md §2.2):
    // 7,000,000 × 1.0479 = 7,335,300.00 → 7,335,300
    // 7,335,300 × 1.0502 = 7,703,532.06 → 7,703,500
    // 7,703,500 × 1.0507 = 8,094,067.45 → 8,094,000
    // 8,094,000 × 1.0517 = 8,512,459.80 → 8,512,400
    // 8,512,400 × 1.0502 = 8,939,722.48 → 8,939,700
    // 8,939,700 × 0.9793 = 8,754,648.21 → 8,754,600 (2021: GDP fell 2.07%)
    // 8,754,600 × 1.0369 = 9,077,644.74 → 9,077,600
    // 9,077,600 × 1.0531 = 9,559,620.56 → 9,559,600
    // 9,559,600 × 1.0505 = 10,042,359.80 → 10,042,300
    // 10,042,300 × 1.0503 = 10,547,427.69 → 10,547,400
    // 10,547,400 × 1.0511 = 11,086,372.14 → 11,086,300
    const published = [
      7335300n,
      7703500n,
      8094000n,
      8512400n,
      8939700n,
      8754600n,
      9077600n,
      9559600n,
      10042300n,
      10547400n,
      11086300n,
    ];
    let cap = 7000000n;
    published.forEach((expected, i) => {
      const year = 2016 + i;
      const [g] = rateAt('jp.gdp_growth', `${year}-03-01`);
      // cap × (1 + g), exact: units of g at scale s
      const scaled = cap * (10n ** BigInt(g.scale) + g.units);
      cap = floorTo(scaled / 10n ** BigInt(g.scale), 100n);
      assert.equal(cap, expected, String(year));
      assert.equal(
        BigInt(PARAMS.get('jp.wage_cap')?.values.find((v) => v.from === `${year}-03-01`)?.value as number),
        expected,
      );
    });
  });
});
