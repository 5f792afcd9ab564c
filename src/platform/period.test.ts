import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dateNameId, monthNameId, periodNameId } from './period.ts';

describe('dates and months in words (Bahasa Indonesia)', () => {
  test('a month, a period and a date', () => {
    assert.equal(monthNameId(1), 'Januari');
    assert.equal(monthNameId(12), 'Desember');
    assert.equal(periodNameId('2026-08'), 'Agustus 2026');
    assert.equal(dateNameId('2026-12-03'), '3 Desember 2026');
    assert.equal(dateNameId('2025-02'), 'Februari 2025');
  });
  test('anything else is given back as it came', () => {
    assert.equal(dateNameId('kemarin'), 'kemarin');
    assert.equal(periodNameId('2026'), '2026');
  });
});
