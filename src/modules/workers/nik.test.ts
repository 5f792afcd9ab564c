import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseNik } from './nik.ts';

const TODAY = '2026-11-21';

// Published examples (docs/rules-reference.md §8.3), decoded by hand.
const CASES: Array<[string, { district: string; sex: 'M' | 'F'; birth: string; serial: string }]> = [
  ['3602041211870001', { district: '36.02.04', sex: 'M', birth: '1987-11-12', serial: '0001' }],
  ['3515144508680002', { district: '35.15.14', sex: 'F', birth: '1968-08-05', serial: '0002' }],
  ['3273056010900009', { district: '32.73.05', sex: 'F', birth: '1990-10-20', serial: '0009' }],
];

test('decodes the published NIK examples', () => {
  for (const [nik, want] of CASES) {
    const r = parseNik(nik, TODAY);
    assert.ok(r.valid, nik);
    assert.equal(r.district_code, want.district);
    assert.equal(r.regency_code, want.district.slice(0, 5));
    assert.equal(r.province_code, want.district.slice(0, 2));
    assert.equal(r.sex, want.sex);
    assert.equal(r.birth_date, want.birth);
    assert.equal(r.serial, want.serial);
  }
});

test('women: day 41..71 is day 1..31', () => {
  const r = parseNik('3273057101000001', TODAY);
  assert.ok(r.valid);
  assert.equal(r.sex, 'F');
  assert.equal(r.birth_date, '2000-01-31');
});

test('century: a two-digit year in the future belongs to the previous century', () => {
  const r = parseNik('3273050101300001', TODAY);
  assert.ok(r.valid);
  assert.equal(r.birth_date, '1930-01-01');
  const s = parseNik('3273050101250001', TODAY);
  assert.ok(s.valid);
  assert.equal(s.birth_date, '2025-01-01');
  // A stated birth year settles it.
  const t = parseNik('3273050101250001', TODAY, 1925);
  assert.ok(t.valid);
  assert.equal(t.birth_date, '1925-01-01');
});

test('rejects malformed NIKs with a reason', () => {
  const bad: Array<[string, string]> = [
    ['327305601090000', 'nik_format'], // 15 digits
    ['32730560109000AB', 'nik_format'],
    ['0973056010900009', 'nik_region'], // province 09 does not exist
    ['3200056010900009', 'nik_region'], // regency 00
    ['3273053202900009', 'nik_birth_date'], // 32 Feb
    ['3273057202900009', 'nik_birth_date'], // women: 72 - 40 = 32
    ['3273050013900009', 'nik_birth_date'], // day 00, month 13
    ['3273052902010001', 'nik_birth_date'], // 29 Feb 2001 is not a date
    ['3273056010900000', 'nik_serial'],
  ];
  for (const [nik, code] of bad) {
    const r = parseNik(nik, TODAY);
    assert.equal(r.valid, false, nik);
    if (!r.valid) {
      assert.equal(r.code, code, nik);
      assert.ok(r.message_id.length > 10 && r.message_en.length > 10);
    }
  }
});

test('29 February in a leap year is valid', () => {
  const r = parseNik('3273052902000001', TODAY);
  assert.ok(r.valid);
  assert.equal(r.birth_date, '2000-02-29');
});
