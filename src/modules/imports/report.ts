import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import { neutraliseRow } from '../../platform/tabular.ts';
import type { ImportErrorRow } from './actions.ts';
import { COLUMNS } from './columns.ts';

const REPORT_HEADER = ['baris/line', 'kolom/column', 'kode/code', 'pesan', 'message', 'nilai/value'];
const toCells = (e: ImportErrorRow) => [e.line, e.column, e.code, e.message_id, e.message_en, e.value ?? ''];

/** The error report as CSV text (UTF-8 with BOM so Excel shows Indonesian text correctly). */
export async function errorReportCsv(errors: ImportErrorRow[]): Promise<string> {
  const s = stringify({ header: true, columns: REPORT_HEADER });
  const chunks: string[] = [];
  s.on('data', (c: Buffer) => chunks.push(c.toString()));
  const done = new Promise<void>((resolve, reject) => {
    s.on('end', resolve);
    s.on('error', reject);
  });
  for (const e of errors) s.write(neutraliseRow(toCells(e)));
  s.end();
  await done;
  return `\ufeff${chunks.join('')}`;
}

export async function errorReportXlsx(errors: ImportErrorRow[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Galat');
  ws.addRow(REPORT_HEADER).font = { bold: true };
  for (const e of errors) ws.addRow(neutraliseRow(toCells(e)));
  ws.columns.forEach((c, i) => {
    c.width = [8, 16, 22, 60, 60, 24][i];
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function writeErrorReport(file: string, errors: ImportErrorRow[]): Promise<void> {
  if (path.extname(file).toLowerCase() === '.xlsx') fs.writeFileSync(file, await errorReportXlsx(errors));
  else fs.writeFileSync(file, await errorReportCsv(errors));
}

/** The downloadable template: the header, one example row, and (XLSX) a sheet explaining each column. */
export async function template(format: 'csv' | 'xlsx'): Promise<Buffer> {
  if (format === 'csv') {
    const header = COLUMNS.map((c) => c.name).join(',');
    const example = COLUMNS.map((c) => c.example).join(',');
    return Buffer.from(`\ufeff${header}\n${example}\n`);
  }
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Peserta');
  ws.columns = COLUMNS.map((c) => ({ header: c.name, key: c.name, width: 20, style: { numFmt: '@' } }));
  ws.addRow(Object.fromEntries(COLUMNS.map((c) => [c.name, c.example])));
  const help = wb.addWorksheet('Petunjuk');
  help.addRow(['kolom', 'wajib', 'keterangan']).font = { bold: true };
  for (const c of COLUMNS) help.addRow([c.name, c.required ? 'ya' : 'tidak', c.help]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
