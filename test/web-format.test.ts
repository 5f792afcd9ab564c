/** The web's formats (web/src/format.ts): WIB dates, Indonesian numbers, rupiah and percentages. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  formatDate,
  formatDateTime,
  formatPercent,
  formatPeriod,
  formatRupiah,
  jakartaDate,
} from '../web/src/format.ts';

describe('web formats', () => {
  test('a moment is shown as its day in WIB, a calendar date as it is', () => {
    // 00:31 WIB on 4 December is 17:31 UTC on 3 December.
    assert.equal(formatDate('2026-12-03T17:31:00.000Z'), '4 Desember 2026');
    assert.equal(formatDate('2026-12-03T16:59:00Z'), '3 Desember 2026');
    assert.equal(formatDate('2026-12-03'), '3 Desember 2026');
    assert.equal(formatDate('2026-12-03', 'en'), '3 December 2026');
    assert.equal(formatDateTime('2026-12-03T17:31:00Z'), '4 Desember 2026 pukul 00.31 WIB');
    assert.equal(jakartaDate('2026-12-03T17:31:00Z'), '2026-12-04');
    assert.equal(jakartaDate(Date.parse('2026-12-04T16:59:59Z')), '2026-12-04');
    assert.equal(jakartaDate(Date.parse('2026-12-04T17:00:00Z')), '2026-12-05');
  });

  test('numbers, rupiah, percentages and periods in Indonesian format', () => {
    assert.equal(formatRupiah(8205000000), 'Rp8.205.000.000');
    assert.equal(formatPercent(78.77), '78,77%');
    assert.equal(formatPeriod('2023-08'), 'Agustus 2023');
    assert.equal(formatPeriod('2023-08', 'en'), 'August 2023');
  });
});
