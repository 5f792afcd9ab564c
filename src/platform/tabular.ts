import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
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
  /**
   * A CSV line that could not be read (an unclosed quote, binary junk): its cells are all empty and
   * this says why, in both languages; the lines after it are read as usual.
   */
  malformed?: { message_id: string; message_en: string };
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

/**
 * The text encoding of a CSV file: UTF-8 (with or without BOM) when its bytes are valid UTF-8,
 * UTF-16 when it starts with a UTF-16 BOM (Excel's "Unicode text"), and otherwise Windows-1252, the
 * code page Excel on Windows writes "CSV" in — so "José Müller" is read as written, never as "Jos� M�ller".
 */
export async function csvEncoding(file: string): Promise<'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252'> {
  const fd = fs.openSync(file, 'r');
  const head = Buffer.alloc(2);
  fs.readSync(fd, head, 0, 2, 0);
  fs.closeSync(fd);
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of fs.createReadStream(file)) utf8.decode(chunk as Buffer, { stream: true });
    utf8.decode();
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

/** A record may span lines only inside quotes; one still open after this many lines is malformed. */
const MAX_RECORD_LINES = 20;
// C0 control characters other than tab, and DEL: binary junk in a text file.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const BINARY = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const quotes = (s: string) => {
  let n = 0;
  for (let i = s.indexOf('"'); i >= 0; i = s.indexOf('"', i + 1)) n++;
  return n;
};

/**
 * The file's text as lines, decoded, with each malformed record replaced by as many empty lines (so
 * the parser's line numbers stay those of the file) and reported through `onMalformed`.
 */
async function* cleanLines(
  file: string,
  encoding: string,
  onMalformed: (line: number, why: 'quote' | 'binary') => void,
): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding);
  let rest = '';
  let lineNo = 0;
  let pending: string[] = []; // lines of a record whose quote is still open
  let pendingStart = 0;
  let out: string[] = [];
  const take = (raw: string): void => {
    lineNo++;
    if (BINARY.test(raw)) {
      onMalformed(lineNo, 'binary');
      out.push('');
      return;
    }
    if (!pending.length) {
      if (quotes(raw) % 2 === 0) out.push(raw);
      else {
        pending = [raw];
        pendingStart = lineNo;
      }
      return;
    }
    pending.push(raw);
    if (quotes(raw) % 2 === 1) {
      out.push(pending.join('\n')); // the quote closes on this line
      pending = [];
    } else if (pending.length >= MAX_RECORD_LINES) giveUp();
  };
  // The quote opened on the record's first line never closes: that line is malformed; the lines
  // after it are read again as records of their own.
  const giveUp = (): void => {
    onMalformed(pendingStart, 'quote');
    const again = pending.slice(1);
    pending = [];
    lineNo = pendingStart;
    out.push('');
    for (const l of again) take(l);
  };
  const emit = (): string => {
    const text = out.length ? `${out.join('\n')}\n` : '';
    out = [];
    return text;
  };
  for await (const chunk of fs.createReadStream(file)) {
    const lines = (rest + decoder.decode(chunk as Buffer, { stream: true })).split(/\r?\n/);
    rest = lines.pop() ?? '';
    for (const l of lines) take(l);
    const text = emit();
    if (text) yield text;
  }
  rest += decoder.decode();
  if (rest) take(rest);
  while (pending.length) giveUp();
  const text = emit();
  if (text) yield text;
}

const MALFORMED = {
  quote: {
    message_id: 'baris tidak dapat dibaca: tanda kutip (") dibuka tetapi tidak ditutup',
    message_en: 'the line cannot be read: a quote (") is opened but never closed',
  },
  binary: {
    message_id: 'baris tidak dapat dibaca: berisi karakter biner, bukan teks',
    message_en: 'the line cannot be read: it holds binary characters, not text',
  },
};

async function* readCsv(file: string): AsyncGenerator<TabularRow> {
  const encoding = await csvEncoding(file);
  const malformed = new Map<number, keyof typeof MALFORMED>();
  const source = Readable.from(cleanLines(file, encoding, (line, why) => malformed.set(line, why)));
  // The first line decides the delimiter: Indonesian Excel writes ';' (comma is the decimal separator).
  const head = Buffer.alloc(65536);
  const fd = fs.openSync(file, 'r');
  const n = fs.readSync(fd, head, 0, head.length, 0);
  fs.closeSync(fd);
  const first = new TextDecoder(encoding).decode(head.subarray(0, n)).split(/\r?\n/)[0] ?? '';
  const delimiter = (first.match(/;/g)?.length ?? 0) > (first.match(/,/g)?.length ?? 0) ? ';' : ',';
  const rows = source.pipe(
    parse({
      delimiter,
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      info: true,
      trim: true,
    }),
  );
  let header: string[] | null = null;
  let bytes = 0;
  const reported = function* (upTo: number): Generator<TabularRow> {
    if (!malformed.size) return;
    for (const [line, why] of [...malformed].sort((a, b) => a[0] - b[0])) {
      if (line > upTo) break;
      malformed.delete(line);
      if (!header) continue; // a malformed header is reported as missing columns by the caller
      yield {
        line,
        cells: Object.fromEntries(header.map((h) => [h, null])),
        bytes,
        malformed: MALFORMED[why],
      };
    }
  };
  for await (const rec of rows as AsyncIterable<{
    record: string[];
    info: { lines: number; bytes: number };
  }>) {
    bytes = rec.info.bytes;
    if (!header) {
      header = rec.record.map(normaliseHeader);
      continue;
    }
    yield* reported(rec.info.lines);
    const cells: Record<string, Cell> = {};
    header.forEach((h, i) => {
      const v = rec.record[i];
      cells[h] = v === undefined || v === '' ? null : v;
    });
    yield { line: rec.info.lines, cells, bytes: rec.info.bytes };
  }
  yield* reported(Number.MAX_SAFE_INTEGER);
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

/** A file that is not a readable workbook (a broken or renamed file): said in words, not as a zip error. */
function unreadableXlsx(e: unknown): ValidationError {
  const detail = e instanceof Error ? e.message : String(e);
  return new ValidationError(
    `file: berkas XLSX rusak atau bukan XLSX (${detail}); simpan ulang dari Excel atau kirim CSV / ` +
      'the file is not a readable XLSX workbook; save it again from Excel or send a CSV',
  );
}

async function* readXlsx(file: string): AsyncGenerator<TabularRow> {
  // An XLSX is a zip archive: anything else is refused before the reader meets it.
  const head = Buffer.alloc(4);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, 4, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (head.readUInt32LE(0) !== 0x04034b50) throw unreadableXlsx('bukan arsip zip / not a zip archive');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    sharedStrings: 'cache',
    styles: 'cache',
    worksheets: 'emit',
  });
  try {
    yield* readSheets(reader);
  } catch (e) {
    if (e instanceof ValidationError) throw e;
    throw unreadableXlsx(e);
  }
}

async function* readSheets(reader: ExcelJS.stream.xlsx.WorkbookReader): AsyncGenerator<TabularRow> {
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
