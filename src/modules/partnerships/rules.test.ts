import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { agreementStatus, pace } from './rules.ts';

describe('agreement lifecycle by date', () => {
  const a = { state: 'active', ends_on: '2026-12-31', terminated_on: null };
  test('active → expiring (within 90 days) → expired', () => {
    assert.equal(agreementStatus(a, '2026-10-01'), 'active'); // 91 days left
    assert.equal(agreementStatus(a, '2026-10-02'), 'expiring'); // 90 days left
    assert.equal(agreementStatus(a, '2026-12-31'), 'expiring'); // last day still counts
    assert.equal(agreementStatus(a, '2027-01-01'), 'expired');
  });
  test('decisions win over dates; no end date never expires', () => {
    assert.equal(agreementStatus({ ...a, state: 'draft' }, '2030-01-01'), 'draft');
    assert.equal(agreementStatus({ ...a, state: 'renewed' }, '2026-06-01'), 'renewed');
    assert.equal(agreementStatus({ state: 'active', ends_on: null }, '2099-01-01'), 'active');
  });
  test('a termination takes effect on its date', () => {
    const t = { state: 'terminated', ends_on: '2027-12-31', terminated_on: '2026-12-01' };
    assert.equal(agreementStatus(t, '2026-11-30'), 'active');
    assert.equal(agreementStatus(t, '2026-12-01'), 'terminated');
  });
});

describe('pace against target', () => {
  test('hand-computed: 10 people Jan–Dec 2026, 4 registered on 21 Nov', () => {
    const p = pace({
      startsOn: '2026-01-10',
      targetBy: '2026-12-31',
      targetPeople: 10,
      registered: 4,
      today: '2026-11-21',
    });
    // 12 months in the window, 11 begun; straight line: ceil(10 × 11/12) = ceil(9.17) = 10 expected.
    assert.deepEqual(p, {
      monthsTotal: 12,
      monthsElapsed: 11,
      monthsLeft: 1,
      expectedByNow: 10,
      gapToTarget: 6,
      gapToPace: 6,
      actualPerMonth: 0.4, // 4 / 11 = 0.36
      neededPerMonth: 6, // 6 missing, 1 month left
      onTrack: false,
    });
  });
  test('ahead of pace gives a negative gap; past the deadline the window stops growing', () => {
    const ahead = pace({
      startsOn: '2026-01-01',
      targetBy: '2027-12-31',
      targetPeople: 240,
      registered: 150,
      today: '2026-06-15',
    });
    // 24 months, 6 begun: 60 expected; 150 registered → 90 ahead; 90 missing over 18 months = 5 a month.
    assert.equal(ahead.expectedByNow, 60);
    assert.equal(ahead.gapToPace, -90);
    assert.equal(ahead.neededPerMonth, 5);
    assert.equal(ahead.onTrack, true);
    const late = pace({
      startsOn: '2020-11-04',
      targetBy: '2025-11-03',
      targetPeople: 100,
      registered: 40,
      today: '2026-11-21',
    });
    assert.equal(late.monthsElapsed, late.monthsTotal);
    assert.equal(late.expectedByNow, 100);
    assert.equal(late.neededPerMonth, 60);
  });
  test('without a target only the actual pace is known', () => {
    const p = pace({
      startsOn: '2026-09-01',
      targetBy: null,
      targetPeople: null,
      registered: 9,
      today: '2026-11-21',
    });
    assert.equal(p.actualPerMonth, 3);
    assert.equal(p.gapToTarget, null);
    assert.equal(p.onTrack, null);
  });
});
