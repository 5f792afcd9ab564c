import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ApiError } from '../api.ts';
import { isoToInput, mapApiError, parseAmount, parseDateInput, todayWib } from './form-input.ts';

describe('Indonesian number input', () => {
  test('accepts dot grouping, plain digits, Rp and spaces', () => {
    assert.equal(parseAmount('5.000.000'), 5_000_000);
    assert.equal(parseAmount('5000000'), 5_000_000);
    assert.equal(parseAmount('Rp 5.000.000'), 5_000_000);
    assert.equal(parseAmount('Rp5.000.000,00'), 5_000_000);
    assert.equal(parseAmount(' 12 500 '), 12_500);
    assert.equal(parseAmount(''), null);
  });
  test('refuses what is not a whole rupiah amount', () => {
    for (const bad of ['5.000,50', '5,000,000', '5.00.000', 'lima juta', '-5000', '1.2'])
      assert.ok(Number.isNaN(parseAmount(bad)), bad);
  });
});

describe('date input, day first, WIB', () => {
  test('reads the ways people write a date', () => {
    for (const s of [
      '04-12-2026',
      '4/12/2026',
      '4.12.2026',
      '2026-12-04',
      '4 Desember 2026',
      '4 des 2026',
      '4 December 2026',
    ])
      assert.equal(parseDateInput(s), '2026-12-04', s);
    assert.equal(parseDateInput(''), '');
  });
  test('refuses impossible dates instead of rolling them over', () => {
    for (const s of ['31-02-2026', '00-01-2026', '12/31/2026', 'besok', '4 Desembr 2026'])
      assert.equal(parseDateInput(s), null, s);
  });
  test('today is the Jakarta date: 00:31 WIB on 4 December is still 3 December in UTC', () => {
    assert.equal(todayWib(new Date('2026-12-03T17:31:00Z')), '2026-12-04');
    assert.equal(todayWib(new Date('2026-12-03T16:59:00Z')), '2026-12-03');
    assert.equal(isoToInput('2026-12-04'), '04-12-2026');
  });
});

describe('server errors onto the form fields', () => {
  test('zod details become words beside the field, never "body.x: Invalid input"', () => {
    const err = new ApiError(
      'Data tidak valid / Invalid input — body.branch_office_id: Invalid input: expected number, received null',
      400,
      'validation_error',
      [
        { field: 'body.branch_office_id', message: 'Invalid input: expected number, received null' },
        { field: 'body.name', message: 'Too small: expected string to have >=2 characters' },
      ],
    );
    const m = mapApiError(err, 'id', ['branch_office_id', 'name']);
    assert.deepEqual(m.fields.branch_office_id, { key: 'form.err.required' });
    assert.deepEqual(m.fields.name, { key: 'form.err.tooShort', vars: { n: '2' } });
    assert.equal(m.form, null);
  });
  test("a domain error naming its field goes beside it, in the reader's language", () => {
    const err = new ApiError(
      'village_code: wilayah 11.71.01.2001 di luar wilayah Anda / region is outside your scope',
      403,
      'forbidden',
    );
    assert.deepEqual(mapApiError(err, 'en', ['village_code']).fields.village_code, {
      text: 'region is outside your scope',
    });
    // An alias maps the server's name onto the form's field.
    const npp = new ApiError(
      'employer_npp: pemberi kerja tidak ditemukan / employer not found',
      404,
      'not_found',
    );
    assert.deepEqual(mapApiError(npp, 'id', ['employer'], { employer_npp: 'employer' }).fields.employer, {
      text: 'pemberi kerja tidak ditemukan',
    });
    // A field the form does not have: the form's own error, still localised.
    assert.deepEqual(mapApiError(npp, 'en', ['name']).form, { text: 'employer not found' });
  });
});
