import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationError } from '../../platform/errors.ts';
import { type ContributionInput, computeContribution, computeFine } from './contributions.ts';
import type { ContributionResult, Payer, Program } from './lines.ts';

function amount(
  r: ContributionResult,
  program: Program,
  payer: Payer,
  kind: 'charge' | 'allocation' = 'charge',
): number | undefined {
  const l = r.lines.find((x) => x.program === program && x.payer === payer && x.kind === kind);
  return l === undefined ? undefined : Number(l.amount);
}

const pu = (period: string, wage: number, riskClass = 3, labourIntensive = false) =>
  computeContribution({ segment: 'PU', period, wage, riskClass, labourIntensive });

describe('rules: PU contributions', () => {
  it('2021-06, wage 10,000,000, class 3: every line and the totals', () => {
    const r = pu('2021-06', 10_000_000);
    assert.equal(amount(r, 'JKK', 'employer'), 89_000); // 10,000,000 × 0.89%
    assert.equal(amount(r, 'JKM', 'employer'), 30_000); // × 0.30%
    assert.equal(amount(r, 'JHT', 'employer'), 370_000); // × 3.7%
    assert.equal(amount(r, 'JHT', 'worker'), 200_000); // × 2%
    assert.equal(amount(r, 'JP', 'employer'), 175_092); // cap 8,754,600 × 2%
    assert.equal(amount(r, 'JP', 'worker'), 87_546); // cap 8,754,600 × 1%
    assert.equal(amount(r, 'JKP', 'government'), 11_000); // 5,000,000 × 0.22%
    assert.equal(amount(r, 'JKP', 'employer', 'allocation'), 7_000); // 5,000,000 × 0.14%, out of JKK
    assert.equal(r.lines.filter((l) => l.kind === 'allocation').length, 2); // + JKM 0.10% until PP 6/2025
    // employer 89,000 + 30,000 + 370,000 + 175,092 = 664,092; worker 287,546; government 11,000
    assert.deepEqual(r.totals, {
      employer: 664_092n,
      worker: 287_546n,
      participant: 0n,
      government: 11_000n,
      all: 962_638n,
    });
  });

  it('every line carries its explanation with legal references', () => {
    const r = pu('2021-06', 10_000_000);
    for (const l of r.lines) {
      assert.ok(l.explanation.steps.length > 0, l.label);
      assert.ok(
        l.explanation.parameters.every((p) => p.ref && p.source && p.from),
        l.label,
      );
    }
    const cap = r.explanation.parameters.find((p) => p.name === 'jp.wage_cap');
    assert.equal(cap?.unconfirmed, true);
    assert.equal(cap?.value, 8754600);
  });

  // Published maximum JP contributions (rules.md §2.2): cap × 2% and cap × 1%.
  const jpMax: Array<[string, number, number]> = [
    ['2015-07', 140_000, 70_000], // 7,000,000
    ['2016-02', 140_000, 70_000], // still 2015's cap
    ['2016-03', 146_706, 73_353], // 7,335,300
    ['2019-03', 170_248, 85_124], // 8,512,400
    ['2020-03', 178_794, 89_397], // 8,939,700
    ['2021-02', 178_794, 89_397], // 2021 cap applied from March (month UNCONFIRMED)
    ['2021-03', 175_092, 87_546], // 8,754,600 (cap went down)
    ['2022-03', 181_552, 90_776], // 9,077,600
    ['2023-03', 191_192, 95_596], // 9,559,600
    ['2024-02', 191_192, 95_596],
    ['2024-03', 200_846, 100_423], // 10,042,300
    ['2025-02', 200_846, 100_423],
    ['2025-03', 210_948, 105_474], // 10,547,400
    ['2026-02', 210_948, 105_474],
    ['2026-03', 221_726, 110_863], // 11,086,300
  ];
  for (const [period, employer, worker] of jpMax) {
    it(`JP maximum in ${period}: ${employer} / ${worker}`, () => {
      const r = pu(period, 50_000_000);
      assert.equal(amount(r, 'JP', 'employer'), employer);
      assert.equal(amount(r, 'JP', 'worker'), worker);
    });
  }

  it('JP cap boundary: at, one above and 100 below the cap', () => {
    assert.equal(amount(pu('2021-06', 8_754_600), 'JP', 'employer'), 175_092);
    assert.equal(amount(pu('2021-06', 8_754_601), 'JP', 'employer'), 175_092);
    assert.equal(amount(pu('2021-06', 8_754_500), 'JP', 'employer'), 175_090); // 8,754,500 × 2%
    assert.equal(amount(pu('2021-06', 8_754_500), 'JP', 'worker'), 87_545); // 8,754,500 × 1%
  });

  it('JKP wage cap Rp5,000,000 and JKP start (PP 37/2021, 2 Feb 2021)', () => {
    assert.equal(amount(pu('2021-01', 10_000_000), 'JKP', 'government'), undefined);
    assert.equal(amount(pu('2021-02', 10_000_000), 'JKP', 'government'), 11_000); // as of 2021-02-28
    assert.equal(amount(pu('2022-01', 4_000_000), 'JKP', 'government'), 8_800); // 4,000,000 × 0.22%
  });

  it('JKM → JKP recomposition ends with PP 6/2025 (7 Feb 2025)', () => {
    const jan = pu('2025-01', 10_000_000).lines.filter((l) => l.kind === 'allocation');
    const feb = pu('2025-02', 10_000_000).lines.filter((l) => l.kind === 'allocation');
    assert.deepEqual(
      jan.map((l) => Number(l.amount)),
      [7_000, 5_000],
    );
    assert.deepEqual(
      feb.map((l) => Number(l.amount)),
      [7_000],
    ); // JKK 0.14% only → JKP 0.36%
  });

  // PP 49/2020: JKK and JKM at 1% for contribution months Aug 2020 – Jan 2021; 99% of JP deferred.
  const covid: Array<[string, number, number, number]> = [
    ['2020-07', 89_000, 30_000, 178_794],
    ['2020-08', 890, 300, 1_788], // 10,000,000 × 0.0089%; × 0.003%; 8,939,700 × 0.02% = 1,787.94
    ['2021-01', 890, 300, 1_788],
    ['2021-02', 89_000, 30_000, 178_794],
  ];
  for (const [period, jkk, jkm, jp] of covid) {
    it(`PP 49/2020 window edge ${period}: JKK ${jkk}, JKM ${jkm}, JP employer ${jp}`, () => {
      const r = pu(period, 10_000_000);
      assert.equal(amount(r, 'JKK', 'employer'), jkk);
      assert.equal(amount(r, 'JKM', 'employer'), jkm);
      assert.equal(amount(r, 'JP', 'employer'), jp);
      assert.equal(amount(r, 'JHT', 'employer'), 370_000); // JHT not relaxed
    });
  }

  it('PP 49/2020 JP deferral: paid now + deferred = the full contribution', () => {
    const l = pu('2020-10', 10_000_000).lines.find((x) => x.program === 'JP' && x.payer === 'employer');
    assert.equal(l?.amount, 1_788n);
    assert.equal(l?.deferred, 177_006n); // 178,794 − 1,788
  });

  // PP 7/2025 (Feb – Jul 2025) and PP 36/2025 (Aug 2025 – Jan 2026): JKK 50% for labour-intensive firms.
  const padatKarya: Array<[string, number]> = [
    ['2025-01', 89_000],
    ['2025-02', 44_500], // 10,000,000 × 0.445%
    ['2025-07', 44_500],
    ['2025-08', 44_500], // PP 36/2025 extension
    ['2026-01', 44_500],
    ['2026-02', 89_000],
  ];
  for (const [period, jkk] of padatKarya) {
    it(`labour-intensive JKK discount edge ${period}: ${jkk}`, () => {
      assert.equal(amount(pu(period, 10_000_000, 3, true), 'JKK', 'employer'), jkk);
    });
  }

  it('labour-intensive class 1: JKK 0.12% and the JKP recomposition 0.12% (UNCONFIRMED, permitindo)', () => {
    const r = pu('2025-03', 10_000_000, 1, true);
    assert.equal(amount(r, 'JKK', 'employer'), 12_000); // 10,000,000 × 0.12%
    assert.equal(amount(r, 'JKP', 'employer', 'allocation'), 6_000); // 5,000,000 × 0.12%
    assert.ok(
      r.explanation.warnings.some((w) =>
        w.startsWith('Rekomposisi JKK→JKP kelas 1 selama diskon: BELUM TERKONFIRMASI'),
      ),
    );
    assert.equal(amount(pu('2025-03', 10_000_000, 1, false), 'JKP', 'employer', 'allocation'), 7_000);
    assert.equal(amount(pu('2025-03', 10_000_000, 2, true), 'JKK', 'employer'), 27_000); // 0.27%
    assert.equal(amount(pu('2025-03', 10_000_000, 5, true), 'JKK', 'employer'), 87_000); // 0.87%
  });

  it('labour-intensive outside the windows: no discount, a warning', () => {
    const r = pu('2024-06', 10_000_000, 3, true);
    assert.equal(amount(r, 'JKK', 'employer'), 89_000);
    assert.ok(r.explanation.warnings.some((w) => w.startsWith('labourIntensive:')));
  });

  it('risk classes 1–5 (PP 44/2015 Lampiran I)', () => {
    const rates = [2_400, 5_400, 8_900, 12_700, 17_400]; // 1,000,000 × 0.24 / 0.54 / 0.89 / 1.27 / 1.74%
    rates.forEach((expected, i) => {
      assert.equal(amount(pu('2018-05', 1_000_000, i + 1), 'JKK', 'employer'), expected);
    });
  });

  it('rounding: half up, once per line (THE rule)', () => {
    const r = pu('2019-05', 1_234_567);
    assert.equal(amount(r, 'JKK', 'employer'), 10_988); // 10,987.6463
    assert.equal(amount(r, 'JKM', 'employer'), 3_704); // 3,703.701
    assert.equal(amount(r, 'JHT', 'employer'), 45_679); // 45,678.979
    assert.equal(amount(r, 'JHT', 'worker'), 24_691); // 24,691.34
    assert.equal(amount(r, 'JP', 'worker'), 12_346); // 12,345.67
    assert.equal(amount(pu('2019-05', 1_250), 'JP', 'worker'), 13); // 12.5 → 13
    assert.equal(amount(pu('2019-05', 1_225), 'JHT', 'worker'), 25); // 24.5 → 25
  });

  it('a value past its end still applies, with a warning', () => {
    const r = pu('2027-05', 20_000_000);
    assert.equal(amount(r, 'JP', 'employer'), 221_726);
    assert.ok(r.explanation.warnings.some((w) => w.includes('no newer value')));
  });
});

describe('rules: BPU contributions', () => {
  const bpu = (period: string, income: number, o: Partial<ContributionInput> = {}) =>
    computeContribution({ segment: 'BPU', period, income, ...o });

  it('the 2025 package: Rp16,800, or Rp36,800 with JHT', () => {
    assert.equal(bpu('2025-05', 1_000_000).totals.all, 16_800n); // 10,000 + 6,800
    assert.equal(bpu('2025-05', 1_000_000, { jht: true }).totals.all, 36_800n); // + 20,000
    assert.equal(bpu('2025-05', 500_000).totals.all, 16_800n); // base floored at Rp1,000,000
    assert.equal(bpu('2025-05', 2_000_000).totals.all, 26_800n); // 20,000 + 6,800
    assert.equal(amount(bpu('2025-05', 30_000_000), 'JKK', 'participant'), 207_000); // reported max (UNCONFIRMED)
  });

  it('PP 49/2020: BPU JKM 1% × 6,800 = 68', () => {
    const r = bpu('2020-09', 1_000_000, { jht: true });
    assert.equal(amount(r, 'JKM', 'participant'), 68);
    assert.equal(amount(r, 'JKK', 'participant'), 100); // 1,000,000 × 1% × 1%
    assert.equal(amount(r, 'JHT', 'participant'), 20_000); // JHT not relaxed
  });

  // PP 50/2025: transport Jan 2026 – Mar 2027, others Apr – Dec 2026; 50% of JKK + JKM = 8,400.
  const windows: Array<[string, boolean, bigint]> = [
    ['2025-12', true, 16_800n],
    ['2026-01', true, 8_400n], // 5,000 + 3,400
    ['2026-01', false, 16_800n],
    ['2026-03', false, 16_800n],
    ['2026-04', false, 8_400n],
    ['2026-12', false, 8_400n],
    ['2027-01', false, 16_800n],
    ['2027-03', true, 8_400n],
    ['2027-04', true, 16_800n],
  ];
  for (const [period, transport, total] of windows) {
    it(`PP 50/2025 ${transport ? 'transport' : 'other'} ${period}: ${total}`, () => {
      assert.equal(bpu(period, 1_000_000, { transport }).totals.all, total);
    });
  }

  it('PP 50/2025 excludes budget-funded participants', () => {
    const r = bpu('2026-05', 1_000_000, { budgetFunded: true });
    assert.equal(r.totals.all, 16_800n);
    assert.ok(r.explanation.warnings.some((w) => w.startsWith('budgetFunded:')));
  });

  it('PP 50/2025 rounding: 1,234,567 × 1% × 50% = 6,172.835 → 6,173', () => {
    assert.equal(amount(bpu('2026-02', 1_234_567, { transport: true }), 'JKK', 'participant'), 6_173);
  });
});

describe('rules: Jakon contributions', () => {
  const jakon = (contractValue: number, period = '2024-01') =>
    computeContribution({ segment: 'JAKON', period, contractValue });
  // Marginal tiers (Perdir 22/2022): JKK 0.21 / 0.17 / 0.13 / 0.11 / 0.09%; JKM 0.03 / 0.02 / 0.02 / 0.01 / 0.01%.
  const tiers: Array<[number, number, number]> = [
    [100_000_000, 210_000, 30_000],
    [100_000_001, 210_000, 30_000], // + 1 × 0.17% = 210,000.0017
    [250_000_000, 465_000, 60_000], // 210,000 + 150m × 0.17%; 30,000 + 150m × 0.02%
    [500_000_000, 890_000, 110_000], // + 400m × 0.17% / 0.02%
    [1_000_000_000, 1_540_000, 210_000], // + 500m × 0.13% / 0.02%
    [5_000_000_000, 5_940_000, 610_000], // + 4bn × 0.11% / 0.01%
    [6_000_000_000, 6_840_000, 710_000], // + 1bn × 0.09% / 0.01%
    [10_000_000, 21_000, 3_000],
    [1_234_567, 2_593, 370], // 2,592.5907 → 2,593; 370.3701 → 370
  ];
  for (const [value, jkk, jkm] of tiers) {
    it(`contract ${value}: JKK ${jkk}, JKM ${jkm}`, () => {
      const r = jakon(value);
      assert.equal(amount(r, 'JKK', 'employer'), jkk);
      assert.equal(amount(r, 'JKM', 'employer'), jkm);
    });
  }

  it('wages known: JKK 1.74% + JKM 0.30% of the wage', () => {
    const r = computeContribution({ segment: 'JAKON', period: '2024-01', wage: 4_000_000 });
    assert.equal(amount(r, 'JKK', 'employer'), 69_600);
    assert.equal(amount(r, 'JKM', 'employer'), 12_000);
  });

  it('PP 49/2020 applies to Jakon: 1bn contract in Oct 2020 pays 1%', () => {
    const r = jakon(1_000_000_000, '2020-10');
    assert.equal(amount(r, 'JKK', 'employer'), 15_400); // 1,540,000 × 1%
    assert.equal(amount(r, 'JKM', 'employer'), 2_100);
  });

  it('needs exactly one of wage and contract value', () => {
    assert.throws(
      () => computeContribution({ segment: 'JAKON', period: '2024-01' }),
      /^ValidationError: contractValue/,
    );
    assert.throws(
      () => computeContribution({ segment: 'JAKON', period: '2024-01', wage: 1, contractValue: 1 }),
      /contractValue/,
    );
  });
});

describe('rules: PMI contributions', () => {
  const pmi = (contractMonths: number, period = '2023-03', jhtAmount?: number) =>
    computeContribution({ segment: 'PMI', period, contractMonths, jhtAmount });
  const packages: Array<[number, string, bigint]> = [
    [6, '2023-03', 145_500n], // 37,500 + 108,000
    [12, '2023-03', 226_500n], // 37,500 + 189,000
    [24, '2023-03', 370_000n], // 37,500 + 332,500
    [30, '2023-03', 451_000n], // 370,000 + 6 × 13,500
    [7, '2023-03', 226_500n], // smallest covering package (assumption, warned)
    [24, '2023-01', 370_000n], // Permenaker 18/2018
    [12, '2023-01', 370_000n], // no 12-month option before Permenaker 4/2023
  ];
  for (const [months, period, total] of packages) {
    it(`${months}-month contract in ${period}: ${total}`, () =>
      assert.equal(pmi(months, period).totals.participant, total));
  }

  it('optional JHT must be one of the fixed choices', () => {
    assert.equal(amount(pmi(24, '2024-01', 100_000), 'JHT', 'participant'), 100_000);
    assert.throws(() => pmi(24, '2024-01', 75_000), /^ValidationError: jhtAmount/);
    assert.throws(() => pmi(24, '2022-01', 100_000), /jhtAmount/);
  });

  it('the package line is one JKK+JKM amount', () => {
    assert.deepEqual(pmi(24).lines[0]?.covers, ['JKK', 'JKM']);
  });
});

describe('rules: late-payment fines', () => {
  const fines: Array<[string, number, number, bigint]> = [
    ['2024-01', 1_000_000, 3, 60_000n], // 2% × 3 = 6%
    ['2020-07', 1_000_000, 3, 60_000n],
    ['2020-08', 1_000_000, 3, 15_000n], // PP 49/2020: 0.5% × 3
    ['2021-01', 1_000_000, 3, 15_000n],
    ['2021-02', 1_000_000, 3, 60_000n],
    ['2024-01', 12_345, 1, 247n], // 246.9 → 247
  ];
  for (const [period, owed, months, expected] of fines) {
    it(`fine ${period}, owed ${owed}, ${months} month(s): ${expected}`, () => {
      assert.equal(computeFine({ segment: 'PU', period, owed, monthsLate: months }).amount, expected);
    });
  }

  it('with a contribution: fine on employer + worker shares, employer pays', () => {
    const r = computeContribution({
      segment: 'PU',
      period: '2021-06',
      wage: 10_000_000,
      riskClass: 3,
      monthsLate: 1,
    });
    assert.equal(r.fine?.owed, 951_638n); // 664,092 + 287,546
    assert.equal(r.fine?.amount, 19_033n); // × 2% = 19,032.76
    assert.equal(r.fine?.payer, 'employer');
    assert.equal(r.totals.all, 962_638n); // fines are not in the contribution totals
  });

  it('BPU: no fine (UNCONFIRMED), a warning instead', () => {
    const r = computeContribution({ segment: 'BPU', period: '2024-01', income: 1_000_000, monthsLate: 2 });
    assert.equal(r.fine?.amount, 0n);
  });
});

describe('rules: bad input names the field', () => {
  const bad: Array<[string, ContributionInput, RegExp]> = [
    ['negative wage', { segment: 'PU', period: '2024-01', wage: -1, riskClass: 1 }, /^wage: /],
    ['fractional wage', { segment: 'PU', period: '2024-01', wage: 1.5, riskClass: 1 }, /^wage: /],
    ['unknown risk class', { segment: 'PU', period: '2024-01', wage: 1, riskClass: 6 }, /^riskClass: /],
    ['missing risk class', { segment: 'PU', period: '2024-01', wage: 1 }, /^riskClass: /],
    ['period before the program', { segment: 'PU', period: '2015-06', wage: 1, riskClass: 1 }, /^period: /],
    ['malformed period', { segment: 'PU', period: '2024-13', wage: 1, riskClass: 1 }, /^period: /],
    ['unknown segment', { segment: 'XYZ', period: '2024-01' }, /^segment: /],
    ['missing income', { segment: 'BPU', period: '2024-01' }, /^income: /],
    ['contract months 0', { segment: 'PMI', period: '2024-01', contractMonths: 0 }, /^contractMonths: /],
    [
      'negative months late',
      { segment: 'PU', period: '2024-01', wage: 1, riskClass: 1, monthsLate: -1 },
      /^monthsLate: /,
    ],
  ];
  for (const [what, input, field] of bad) {
    it(what, () => {
      assert.throws(
        () => computeContribution(input),
        (e: unknown) => e instanceof ValidationError && field.test(e.message),
      );
    });
  }
});
