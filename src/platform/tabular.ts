import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { ValidationError } from './errors.ts';

/**
 * Streams the rows of a CSV or XLSX file as { line, cells } with constant memory. `line` is the
 * 1-based line (CSV) or row number (XLSX) a person sees in their editor or spreadsheet; the header
 * is line 1. Cells are strings, except XLSX numbers and dates, kept as typed so callers can tell
 * a NIK typed as a number (which Excel may have rounded) from one typed as text.
 */
export type Cell = string | number | Date | null;
export interface TabularRow {
  line: number;
  cells: Record<string, Cell>;
  /** Bytes of the file read so far (CSV only), to estimate the total for a progress bar. */
  bytes?: number;
}

export type TabularFormat = 'csv' | 'xlsx';

export function formatOf(fileName: string): TabularFormat {
  const ext = path.extname(fileName).toLowerCase();
  if (ext === '.csv' || ext === '.txt') return 'csv';
  if (ext === '.xlsx') return 'xlsx';
  throw new ValidationError(
    `file: format tidak didukung "${ext}" (gunakan .csv atau .xlsx) / unsupported format (use .csv or .xlsx)`,
  );
}

export async function sha256File(file: string): Promise<string> {
  const h = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

const normaliseHeader = (h: string) =>
  h
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

export async function* readTabular(
  file: string,
  format: TabularFormat = formatOf(file),
): AsyncGenerator<TabularRow> {
  if (!fs.existsSync(file))
    throw new ValidationError(`file: berkas tidak ditemukan / file not found: ${file}`);
  if (format === 'csv') yield* readCsv(file);
  else yield* readXlsx(file);
}

async function* readCsv(file: string): AsyncGenerator<TabularRow> {
  const first = fs.readFileSync(file, { encoding: 'utf8', flag: 'r' }).slice(0, 4096).split(/\r?\n/)[0] ?? '';
  // Indonesian Excel exports CSV with ';' (comma is the decimal separator there).
  const delimiter = (first.match(/;/g)?.length ?? 0) > (first.match(/,/g)?.length ?? 0) ? ';' : ',';
  const parser = fs.createReadStream(file).pipe(
    parse({
      delimiter,
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      trim: true,
    }),
  );
  let header: string[] | null = null;
  for await (const rec of parser as AsyncIterable<{
    record: string[];
    info: { lines: number; bytes: number };
  }>) {
    if (!header) {
      header = rec.record.map(normaliseHeader);
      continue;
    }
    const cells: Record<string, Cell> = {};
    header.forEach((h, i) => {
      const v = rec.record[i];
      cells[h] = v === undefined || v === '' ? null : v;
    });
    yield { line: rec.info.lines, cells, bytes: rec.info.bytes };
  }
}

function cellValue(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v.trim() === '' ? null : v.trim();
  if (typeof v === 'number' || v instanceof Date) return v;
  if (typeof v === 'boolean') return v ? 'ya' : 'tidak';
  if (typeof v === 'object' && 'richText' in v)
    return (
      v.richText
        .map((t) => t.text)
        .join('')
        .trim() || null
    );
  if (typeof v === 'object' && 'result' in v) return cellValue(v.result as ExcelJS.CellValue);
  if (typeof v === 'object' && 'text' in v) return String(v.text);
  return String(v);
}

async function* readXlsx(file: string): AsyncGenerator<TabularRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    sharedStrings: 'cache',
    styles: 'cache',
    worksheets: 'emit',
  });
  for await (const sheet of reader) {
    let header: string[] | null = null;
    for await (const row of sheet) {
      const values = (row.values as ExcelJS.CellValue[]).slice(1);
      if (!header) {
        header = values.map((v) => normaliseHeader(String(cellValue(v) ?? '')));
        continue;
      }
      const cells: Record<string, Cell> = {};
      header.forEach((h, i) => {
        cells[h] = cellValue(values[i]);
      });
      if (Object.values(cells).every((c) => c === null)) continue;
      yield { line: row.number, cells };
    }
    return; // the first sheet holds the list; other sheets (instructions) are ignored
  }
}

/**
 * Formula injection: a text cell starting with =, +, -, @ (or a tab / carriage return) is read as a
 * formula by spreadsheets. Every CSV/XLSX Lindung writes passes its text cells through here; such a cell
 * gets a leading apostrophe, so it shows as the text it is. Numbers and dates are left alone.
 */
export function neutraliseFormula<T>(cell: T): T | string {
  return typeof cell === 'string' && /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/** neutraliseFormula over every value of a row (array or object). */
export function neutraliseRow<T extends object>(row: T): T {
  if (Array.isArray(row)) return row.map(neutraliseFormula) as T;
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, neutraliseFormula(v)])) as T;
}
