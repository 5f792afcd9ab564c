/** The web's formats (web/src/format.ts): WIB dates, Indonesian numbers, rupiah and percentages. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  formatDate,
  formatDateTime,
  formatParamValue,
  formatPercent,
  formatPeriod,
  formatRupiah,
  formatTrace,
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

  test('a calculation line and a rule value read as words and Indonesian figures', () => {
    const calc = 'keluar 2025-01-10 + 1 bulan = 2025-02-10; 2025-03-10 ≥ 2025-02-10: ya / yes';
    assert.equal(
      formatTrace(calc),
      'keluar 10 Januari 2025 + 1 bulan = 10 Februari 2025; 10 Maret 2025 ≥ 10 Februari 2025: ya',
    );
    assert.match(formatTrace(calc, 'en'), /10 March 2025 ≥ 10 February 2025: yes$/);
    assert.equal(formatParamValue(0.0024, 'rate'), '0,24%');
    assert.equal(formatParamValue(42000000, 'rupiah'), 'Rp42.000.000');
    assert.equal(formatParamValue(36, 'months'), '36');
    assert.equal(formatParamValue(true, undefined, 'en'), 'yes');
    assert.equal(
      formatParamValue([{ level: 'SD', per_year: 1500000, years: 6 }], 'table'),
      'SD: Rp1.500.000 per tahun, 6 tahun',
    );
    // The JKP schedule in words, not "0.60, 6".
    assert.equal(formatParamValue([{ months: 6, pct: '0.60' }], 'table'), '60% selama 6 bulan');
    assert.equal(
      formatParamValue(
        [
          { months: 3, pct: '0.45' },
          { months: 3, pct: '0.25' },
        ],
        'table',
      ),
      '45% selama 3 bulan pertama; 25% selama 3 bulan berikutnya',
    );
    assert.equal(formatParamValue([{ months: 6, pct: '0.60' }], 'table', 'en'), '60% for 6 months');
  });
});
