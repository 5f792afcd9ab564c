import ExcelJS from 'exceljs';
import { neutraliseFormula } from '../../platform/tabular.ts';

export interface SheetSpec {
  name: string;
  /** Bilingual headers ("Periode / Period") and the row key each column reads. */
  columns: Array<{ header: string; key: string; width?: number; money?: boolean }>;
  rows: readonly object[];
  /** Lines printed above the table (title, as-of date, owner). */
  title?: string[];
}

const RUPIAH = '#,##0';

/** One workbook from plain rows; money columns get the rupiah number format, headers are bold. */
export async function workbook(sheets: SheetSpec[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Lindung';
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name.slice(0, 31));
    for (const line of s.title ?? []) ws.addRow([line]).font = { bold: true };
    if (s.title?.length) ws.addRow([]);
    const header = ws.addRow(s.columns.map((c) => c.header));
    header.font = { bold: true };
    for (const r of s.rows)
      ws.addRow(s.columns.map((c) => neutraliseFormula(cell((r as Record<string, unknown>)[c.key]))));
    s.columns.forEach((c, i) => {
      const col = ws.getColumn(i + 1);
      col.width = c.width ?? 16;
      if (c.money) col.numFmt = RUPIAH;
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function cell(v: unknown): ExcelJS.CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v;
  if (Array.isArray(v)) return v.join(', ');
  return String(v);
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
