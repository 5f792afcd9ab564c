/**
 * Issue 12: formulas are neutralised in every CSV/XLSX Lindung writes. One hostile text per writer
 * (a name, an error value, a bank holder): it comes out with a leading apostrophe, numbers untouched.
 * Writers: the shared workbook (arrears, statements, regional pages), the import error report (CSV and
 * XLSX), the bank batch files (claims, pensions, subsidy), the data-quality workbook. The audit export and
 * the coverage export have their own tests (access/audit-export, coverage).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { workbook } from '../contributions/xlsx.ts';
import { batchCsv } from '../disbursement/rules.ts';
import type { ImportErrorRow } from '../imports/actions.ts';
import { errorReportCsv, errorReportXlsx } from '../imports/report.ts';
import { qualityXlsx } from '../registry/quality.ts';

const HOSTILE = ['=HYPERLINK("http://x","klik")', '+62811', '-1+1', '@SUM(A1)'];

async function cells(buf: Buffer): Promise<unknown[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const out: unknown[] = [];
  wb.worksheets[0]!.eachRow((row) => {
    row.eachCell((c) => {
      out.push(c.value);
    });
  });
  return out;
}

function assertNeutral(values: unknown[]) {
  for (const h of HOSTILE) {
    assert.ok(!values.includes(h), `${h} written as is`);
    assert.ok(values.includes(`'${h}`), `${h} not written as text`);
  }
}

describe('formulas are neutralised in every file Lindung writes', () => {
  test('the shared workbook', async () => {
    const buf = await workbook([
      {
        name: 'Uji',
        columns: [
          { header: 'Nama / Name', key: 'name' },
          { header: 'Jumlah / Amount', key: 'amount', money: true },
        ],
        rows: HOSTILE.map((name) => ({ name, amount: -5000 })),
      },
    ]);
    const v = await cells(buf);
    assertNeutral(v);
    assert.ok(v.includes(-5000), 'a negative number stays a number');
  });

  test('the import error report, CSV and XLSX', async () => {
    const errors = HOSTILE.map(
      (value, i) =>
        ({
          line: i + 2,
          column: 'nama',
          code: 'too_long',
          message_id: 'x',
          message_en: 'x',
          value,
        }) as ImportErrorRow,
    );
    const csv = await errorReportCsv(errors);
    for (const h of HOSTILE) {
      assert.ok(csv.includes(`'${h.replace(/"/g, '""')}`) || csv.includes(`"'${h.replace(/"/g, '""')}"`), h);
      assert.ok(!new RegExp(`(^|,)"?${h.replace(/[()+@"$.*?]/g, '\\$&')}`, 'm').test(csv), `${h} raw in CSV`);
    }
    assertNeutral(await cells(await errorReportXlsx(errors)));
  });

  test('a bank batch file', () => {
    const { content } = batchCsv(
      ['BATCH-1'],
      HOSTILE.map((holder_name, i) => ({
        reference: `R${i}`,
        id_number: '3273050101900001',
        holder_name,
        account_number: '123',
        amount: 600_000,
      })) as never,
    );
    for (const h of HOSTILE) assert.ok(content.includes(`'${h.replace(/"/g, '""')}`), `${h} in ${content}`);
    assert.ok(content.includes(',600000'), 'amounts stay numbers');
  });

  test('the data-quality workbook', async () => {
    const rows = HOSTILE.map((name, i) => ({
      code: String(11 + i),
      name,
      score: 0.5,
      participants: 10,
      employers: 1,
      counts: {},
    }));
    assertNeutral(await cells(await qualityXlsx(rows as never)));
  });
});
