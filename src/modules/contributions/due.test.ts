import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dueDate, explainDueDate, holidayCoverage, inCovidRelaxation, nonWorkingReason } from './due.ts';

describe('dueDate', () => {
  // [period, kind, expected, why] — weekdays checked against a calendar by hand.
  const cases: Array<[string, Parameters<typeof dueDate>[1], string, string]> = [
    ['2026-03', 'employer', '2026-04-15', 'Wednesday 15 April 2026: a working day'],
    ['2026-02', 'employer', '2026-03-16', 'Sunday 15 March 2026 → Monday 16th'],
    ['2026-01', 'employer', '2026-02-18', 'Sun 15 Feb → Mon 16 cuti bersama Imlek → Tue 17 Imlek → Wed 18'],
    ['2026-04', 'sponsor', '2026-05-18', 'Fri 15 May 2026 cuti bersama Kenaikan → weekend → Mon 18'],
    ['2026-04', 'participant', '2026-05-18', 'a non-BPU self-payer (PMI) follows the employer deadline'],
    ['2026-03', 'BPU', '2026-03-16', 'BPU: 15th of the same month, Sunday → Monday'],
    ['2026-05', 'BPU', '2026-05-18', 'BPU May 2026: Friday 15th is cuti bersama'],
    ['2026-05', 'employer', '2026-06-15', 'Monday 15 June 2026'],
    ['2025-02', 'employer', '2025-03-17', 'Saturday 15 March 2025 → Monday 17th'],
    ['2024-03', 'employer', '2024-04-16', 'Mon 15 April 2024 was cuti bersama Idul Fitri → Tue 16'],
    ['2023-03', 'employer', '2023-04-17', 'Saturday 15 April 2023 → Monday 17th'],
    [
      '2020-07',
      'employer',
      '2020-08-18',
      'before PP 49/2020: Sat 15 → Sun → Mon 17 Aug Independence Day → Tue 18',
    ],
    ['2020-08', 'employer', '2020-09-30', 'PP 49/2020 window: the 30th of the following month'],
    ['2020-09', 'employer', '2020-11-02', 'Fri 30 Oct 2020 cuti bersama Maulid → weekend → Mon 2 Nov'],
    ['2020-11', 'employer', '2020-12-30', 'Wednesday 30 Dec 2020'],
    ['2020-12', 'employer', '2021-02-01', 'Sat 30 Jan 2021 → Mon 1 Feb'],
    ['2021-01', 'employer', '2021-03-01', 'February has no 30th: its last day, Sun 28 Feb → Mon 1 Mar'],
    ['2021-01', 'BPU', '2021-03-01', 'the PP 49/2020 relaxation is applied to BPU too (assumption)'],
    ['2021-02', 'employer', '2021-03-15', 'window over: back to the 15th'],
    ['2026-11', 'employer', '2026-12-15', 'Tuesday 15 December 2026'],
  ];
  for (const [period, kind, want, why] of cases) {
    test(`${period} ${kind} → ${want} (${why})`, () => assert.equal(dueDate(period, kind), want));
  }

  test('explains every skipped day and the legal basis', () => {
    const e = explainDueDate('2026-01', 'employer');
    assert.equal(e.nominal, '2026-02-15');
    assert.equal(e.basis, 'PP 44/2015');
    assert.deepEqual(
      e.skipped.map((s) => s.date),
      ['2026-02-15', '2026-02-16', '2026-02-17'],
    );
    assert.match(e.skipped[1]!.reason, /cuti bersama/);
    assert.equal(explainDueDate('2020-10', 'employer').basis, 'PP 49/2020');
  });

  test('warns outside the holiday file and for unconfirmed years', () => {
    assert.match(explainDueDate('2027-06', 'employer').warning ?? '', /2027/);
    assert.match(explainDueDate('2020-06', 'employer').warning ?? '', /UNCONFIRMED/);
    assert.equal(explainDueDate('2026-03', 'employer').warning, undefined);
    assert.deepEqual(holidayCoverage().years, [2020, 2021, 2022, 2023, 2024, 2025, 2026]);
  });

  test('the PP 49/2020 window comes from the rules parameters: Aug 2020 – Jan 2021', () => {
    assert.deepEqual(['2020-07', '2020-08', '2021-01', '2021-02', '2014-01'].map(inCovidRelaxation), [
      false,
      true,
      true,
      false,
      false,
    ]);
  });

  test('non-working days', () => {
    assert.equal(nonWorkingReason('2026-04-15'), null);
    assert.match(nonWorkingReason('2026-08-17') ?? '', /libur nasional/);
    assert.match(nonWorkingReason('2026-04-18') ?? '', /Saturday/);
  });

  test('rejects a malformed period', () => {
    assert.throws(() => dueDate('2026-13', 'employer'), /YYYY-MM/);
  });
});
