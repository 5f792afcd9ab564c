import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationError } from '../../platform/errors.ts';
import { computeBeasiswa } from './beasiswa.ts';
import type { BenefitResult } from './benefit-result.ts';
import { computeJkk, computeJkm } from './benefits.ts';
import { computeJkp } from './jkp.ts';
import { computeJht, computeJp } from './savings.ts';

const part = (r: BenefitResult, key: string) => r.breakdown.find((p) => p.key === key)?.amount;
const field = (re: RegExp) => (e: unknown) => e instanceof ValidationError && re.test(e.message);

describe('rules: JKM benefit', () => {
  it('PP 44/2015: 16.2m + 4.8m + 3m = Rp24,000,000 (last day before PP 82/2019)', () => {
    const r = computeJkm({ date: '2019-12-31' });
    assert.equal(r.total, 24_000_000n);
    assert.equal(part(r, 'periodic'), 4_800_000n); // 200,000 × 24
    assert.equal(r.regime, 'PP 44/2015');
  });
  it('PP 82/2019: 20m + 12m + 10m = Rp42,000,000', () => {
    const r = computeJkm({ date: '2020-01-01' });
    assert.equal(r.total, 42_000_000n);
    assert.equal(r.regime, 'PP 82/2019');
    assert.ok(r.explanation.parameters.every((p) => p.unconfirmed)); // start day of PP 82/2019
  });
  it('before July 2015 is refused, naming the field', () => {
    assert.throws(() => computeJkm({ date: '2015-06-30' }), field(/^date: /));
    assert.throws(() => computeJkm({ date: '2024-02-30' }), field(/^date: /));
  });
});

describe('rules: scholarship (beasiswa)', () => {
  it('per level, per child: SMA year 1 → 9m + 60m; not yet in school → 87m', () => {
    const r = computeBeasiswa({
      date: '2024-03-01',
      cause: 'JKM',
      contributionMonths: 36,
      children: [{ level: 'SMA' }, { level: 'BELUM' }],
    });
    assert.equal(part(r, 'child-1.SMA'), 9_000_000n); // 3 × 3,000,000
    assert.equal(part(r, 'child-1.PT'), 60_000_000n); // 5 × 12,000,000
    // child 2: 2×1.5m + 6×1.5m + 3×2m + 3×3m + 5×12m = 3 + 9 + 6 + 9 + 60 = 87m
    assert.equal(r.total, 69_000_000n + 87_000_000n);
  });
  it('two children from the start = Rp174,000,000', () => {
    const r = computeBeasiswa({
      date: '2024-03-01',
      cause: 'JKK',
      children: [{ level: 'TK' }, { level: 'BELUM' }],
    });
    assert.equal(r.total, 174_000_000n);
  });
  it('year within a level: SD year 4 → 3 years of SD left', () => {
    const r = computeBeasiswa({ date: '2024-03-01', cause: 'JKK', children: [{ level: 'SD', year: 4 }] });
    assert.equal(part(r, 'child-1.SD'), 4_500_000n); // 3 × 1,500,000
  });
  it('at most 2 children; age 23 ends it', () => {
    const three = computeBeasiswa({
      date: '2024-03-01',
      cause: 'JKK',
      children: [{ level: 'PT' }, { level: 'PT' }, { level: 'PT' }],
    });
    assert.equal(three.total, 120_000_000n); // 2 × 60m
    const old = computeBeasiswa({ date: '2024-03-01', cause: 'JKK', children: [{ level: 'PT', age: 23 }] });
    assert.equal(old.total, 0n);
  });
  it('JKM needs ≥36 contribution months; JKK (work accident) needs none', () => {
    const r = computeBeasiswa({
      date: '2024-03-01',
      cause: 'JKM',
      contributionMonths: 35,
      children: [{ level: 'SD' }],
    });
    assert.equal(r.eligible, false);
    assert.equal(r.total, 0n);
    assert.throws(
      () => computeBeasiswa({ date: '2024-03-01', cause: 'JKM', children: [{ level: 'SD' }] }),
      field(/^contributionMonths: /),
    );
  });
  it('before PP 82/2019: Rp12,000,000 for one child', () => {
    const r = computeBeasiswa({
      date: '2018-05-01',
      cause: 'JKM',
      contributionMonths: 60,
      children: [{ level: 'SD' }, { level: 'SMP' }],
    });
    assert.equal(r.total, 12_000_000n);
    assert.equal(r.regime, 'PP 44/2015');
  });
  it('unknown level names the field', () => {
    assert.throws(
      () => computeBeasiswa({ date: '2024-03-01', cause: 'JKK', children: [{ level: 'S2' }] }),
      field(/^children\[0\]\.level: /),
    );
  });
});

describe('rules: JKK benefits', () => {
  const jkk = (o: Partial<Parameters<typeof computeJkk>[0]>) =>
    computeJkk({ date: '2024-03-01', wage: 5_000_000, kind: 'death', ...o });
  it('death: 60% × 80 × wage = 48 × 5m = 240m, + funeral 10m + periodic 12m', () => {
    const r = jkk({});
    assert.equal(part(r, 'death'), 240_000_000n);
    assert.equal(r.total, 262_000_000n);
  });
  it('death: at least the JKM death benefit (48 × 100,000 = 4.8m → 20m)', () => {
    assert.equal(part(jkk({ wage: 100_000 }), 'death'), 20_000_000n);
    assert.equal(part(jkk({ wage: 300_000, date: '2019-06-01' }), 'death'), 16_200_000n); // 14.4m → PP 44/2015 16.2m
  });
  it('total permanent disability: 70% × 80 = 56 × wage + periodic 12m', () => {
    assert.equal(jkk({ kind: 'ctt' }).total, 280_000_000n + 12_000_000n);
  });
  it('STMB under PP 82/2019: 12 months at 100%, then 50%', () => {
    const r = jkk({ kind: 'stmb', months: 14 });
    assert.equal(part(r, 'month-12'), 5_000_000n);
    assert.equal(part(r, 'month-13'), 2_500_000n);
    assert.equal(r.total, 65_000_000n); // 12 × 5m + 2 × 2.5m
  });
  it('STMB under PP 44/2015: 6 × 100%, 6 × 75%, then 50%', () => {
    const r = jkk({ kind: 'stmb', months: 14, date: '2019-06-01' });
    assert.equal(part(r, 'month-7'), 3_750_000n);
    assert.equal(r.total, 57_500_000n); // 30m + 22.5m + 5m
  });
  it('partial disability: table % × 80 × wage; loss of function: function % × table % × 80 × wage', () => {
    assert.equal(jkk({ kind: 'anatomical', disabilityPercent: '10' }).total, 40_000_000n); // 10% × 80 = 8 × 5m
    assert.equal(
      jkk({ kind: 'function', disabilityPercent: 10, functionLossPercent: '50' }).total,
      20_000_000n,
    ); // 4 × 5m
    assert.equal(jkk({ kind: 'anatomical', disabilityPercent: '12.5', wage: 3_333_333 }).total, 33_333_330n); // 10 × 3,333,333
  });
  it('transport reimbursement capped per mode (sea Rp2,000,000)', () => {
    const r = jkk({ kind: 'stmb', months: 1, transportSea: 3_000_000, transportLand: 1_000_000 });
    assert.equal(part(r, 'transportSea'), 2_000_000n);
    assert.equal(part(r, 'transportLand'), 1_000_000n);
    assert.throws(
      () => jkk({ kind: 'stmb', months: 1, date: '2019-06-01', transportSea: 1 }),
      field(/^transportSea: /),
    );
  });
  it('unknown kind and missing months name the field', () => {
    assert.throws(() => jkk({ kind: 'broken' }), field(/^kind: /));
    assert.throws(() => jkk({ kind: 'stmb' }), field(/^months: /));
    assert.throws(() => jkk({ kind: 'anatomical', disabilityPercent: '120' }), field(/^disabilityPercent: /));
  });
});

describe('rules: JHT balance', () => {
  it('one year at 5,000,000 in 2020 (return 5.63%)', () => {
    // monthly 5,000,000 × (3.7% + 2%) = 285,000; 12 × 285,000 = 3,420,000
    // return = 5.63% × 285,000 × (11 + 10 + … + 0)/12 = 0.0563 × 285,000 × 66/12 = 88,250.25 → 88,250
    const r = computeJht({ wage: 5_000_000, from: '2020-01', to: '2020-12' });
    assert.equal(part(r, '2020.contributions'), 3_420_000n);
    assert.equal(part(r, '2020.returns'), 88_250n);
    assert.equal(r.total, 3_508_250n);
  });
  it("two years: 2021 reuses 2020's rate with a warning (2021 return UNCONFIRMED)", () => {
    // 2021 return = 0.0563 × (3,508,250 × 12 + 285,000 × 66)/12 = 0.0563 × 60,909,000/12 = 285,764.725 → 285,765
    const r = computeJht({ wage: 5_000_000, from: '2020-01', to: '2021-12' });
    assert.equal(part(r, '2021.returns'), 285_765n);
    assert.equal(r.total, 3_508_250n + 3_420_000n + 285_765n);
    assert.ok(r.explanation.warnings.some((w) => w.startsWith('jht.return_rate')));
  });
  it('return override and partial withdrawal after 10 years', () => {
    const r = computeJht({ wage: 1_000_000, from: '2016-01', to: '2016-06', returns: { '2016': '0.12' } });
    // 57,000 × 6 = 342,000; return = 0.12 × 57,000 × (5+4+3+2+1+0)/6… over E = 6 months: 0.12 × 57,000 × 15/12 = 8,550
    assert.equal(part(r, '2016.returns'), 8_550n);
    const long = computeJht({ wage: 1_000_000, from: '2015-07', to: '2025-06' });
    assert.equal(long.details.partialEligible, true);
    assert.equal(long.details.partialHousingMax, (BigInt(long.total) * 30n + 50n) / 100n);
  });
  it('bad range names the field', () => {
    assert.throws(() => computeJht({ wage: 1, from: '2020-05', to: '2020-01' }), field(/^to: /));
    assert.throws(() => computeJht({ wage: 1, from: '2015-01', to: '2020-01' }), field(/^from: /));
  });
});

describe('rules: JP pension', () => {
  const jp = (o: Partial<Parameters<typeof computeJp>[0]>) =>
    computeJp({
      claimDate: '2025-06-01',
      birthDate: '1966-01-15',
      months: 180,
      averageWage: 8_000_000,
      ...o,
    });
  it('formula: 1% × 180/12 × 8,000,000 = 1,200,000', () => {
    const r = jp({});
    assert.equal(r.total, 1_200_000n);
    assert.equal(r.details.pensionDate, '2024-01-15'); // 58 in 2024, pension age 58 (2022–2024)
  });
  it('clamped to the published minimum and maximum of the claim year (2025: 399,700 / 4,792,300)', () => {
    assert.equal(jp({ averageWage: 2_000_000 }).total, 399_700n); // formula 300,000
    assert.equal(jp({ averageWage: 40_000_000, months: 300 }).total, 4_792_300n); // formula 10,000,000
    assert.equal(
      jp({ averageWage: 2_000_000, claimDate: '2020-06-01', birthDate: '1963-06-01' }).total,
      350_700n,
    );
  });
  const ages: Array<[string, string, number]> = [
    ['1960-03-10', '2016-03-10', 56],
    ['1962-06-01', '2018-06-01', 56],
    ['1963-06-01', '2020-06-01', 57], // 56 in 2019 is too young (57 from 2019)
    ['1965-02-01', '2023-02-01', 58],
    ['1967-06-01', '2026-06-01', 59],
    ['1990-01-01', '2055-01-01', 65],
  ];
  for (const [birth, date, age] of ages) {
    it(`pension age: born ${birth} → ${date} at ${age}`, () => {
      const r = jp({ birthDate: birth, claimDate: '2026-11-21' });
      assert.equal(r.details.pensionDate, date);
      assert.equal(r.details.pensionAge, age);
    });
  }
  it('under 180 months: lump sum (not computed); before pension age: not yet eligible', () => {
    assert.equal(jp({ months: 179 }).details.kind, 'lump_sum');
    const early = jp({ claimDate: '2023-06-01' });
    assert.equal(early.eligible, false);
    assert.equal(early.total, 0n);
    assert.equal(early.details.monthlyPension, 1_200_000n);
  });
});

describe('rules: JKP benefit', () => {
  it('PP 37/2021 up to 6 Feb 2025: 45% × 3 + 25% × 3 of min(wage, 5m) = 10,500,000', () => {
    const r = computeJkp({
      jobLossDate: '2025-02-06',
      wage: 8_000_000,
      monthsPaid: 12,
      consecutiveMonths: 6,
    });
    assert.equal(part(r, 'month-1'), 2_250_000n);
    assert.equal(part(r, 'month-4'), 1_250_000n);
    assert.equal(r.total, 10_500_000n);
    assert.equal(r.eligible, true);
    assert.equal(r.regime, 'PP 37/2021');
  });
  it('PP 6/2025 from 7 Feb 2025: 60% × 6 = 18,000,000', () => {
    const r = computeJkp({ jobLossDate: '2025-02-07', wage: 8_000_000 });
    assert.equal(r.total, 18_000_000n);
    assert.equal(r.regime, 'PP 6/2025');
    assert.equal(r.details.claimWindowMonths, 6);
    assert.equal(computeJkp({ jobLossDate: '2025-06-01', wage: 4_000_000 }).total, 14_400_000n); // 2.4m × 6
  });
  it('eligibility: 12 of 24 months and 6 consecutive', () => {
    assert.equal(
      computeJkp({ jobLossDate: '2024-01-01', wage: 5_000_000, monthsPaid: 11, consecutiveMonths: 11 }).total,
      0n,
    );
    assert.equal(
      computeJkp({ jobLossDate: '2024-01-01', wage: 5_000_000, monthsPaid: 12, consecutiveMonths: 5 })
        .eligible,
      false,
    );
    assert.equal(computeJkp({ jobLossDate: '2024-01-01', wage: 5_000_000 }).eligible, null);
  });
  it('a job loss before PP 37/2021 is refused, naming the field', () => {
    assert.throws(() => computeJkp({ jobLossDate: '2021-02-01', wage: 1 }), field(/^jobLossDate: /));
  });
});
