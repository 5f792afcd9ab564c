/**
 * A list route answered as JSON, CSV or XLSX (issue 14): `?format=csv|xlsx` writes what the JSON list
 * shows, every page of it, through the route's own query function (same scope, same filters, no second
 * query). Headers are written "Bahasa Indonesia / English" in the columns and the file carries the
 * reader's half (`lang=en`, else Indonesian); values are words (the web's dictionary), moments are WIB
 * ("2026-12-08 09:15 WIB"), and every cell passes through neutraliseFormula. Rows are fetched and
 * written in pages of EXPORT_PAGE, so a long list streams instead of being held in memory.
 */
import { PassThrough, Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { wibMinute } from './clock.ts';
import { ValidationError } from './errors.ts';
import { neutraliseFormula } from './tabular.ts';

export type Lang = 'id' | 'en';

/** The query parameters every exportable list accepts beside its own filters. */
export const exportQuery = {
  format: z.enum(['csv', 'xlsx']).optional(),
  lang: z.enum(['id', 'en']).optional(),
};

export interface ExportColumn<T> {
  /** "Nama / Name": the Indonesian half, " / ", the English half. */
  header: string;
  value(row: T, lang: Lang): unknown;
}

export interface ListSpec<T, R extends { items: T[]; total: number }> {
  /** The file's name without extension, e.g. "peserta". */
  name: string;
  columns: ExportColumn<T>[];
  /** The JSON list's own query, for one page. */
  page(page: number, pageSize: number): Promise<R>;
}

export const EXPORT_PAGE = 1000;
/** Above this a list is narrowed first (a larger extract is a background job, like the arrears export). */
export const EXPORT_MAX_ROWS = 100_000;

/** The reader's half of "Bahasa Indonesia / English". */
export function half(text: string, lang: Lang): string {
  const i = text.indexOf(' / ');
  if (i < 0) return text;
  return lang === 'en' ? text.slice(i + 3) : text.slice(0, i);
}

function cell(v: unknown): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return wibMinute(v);
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return neutraliseFormula(v.join(', '));
  return neutraliseFormula(String(v));
}

/**
 * The route's one call: without `format` the JSON page itself; with it the whole filtered list as a
 * file, page by page through the same `page` function.
 */
export async function listOrExport<T, R extends { items: T[]; total: number }>(
  reply: FastifyReply,
  query: { page?: number; pageSize?: number; format?: 'csv' | 'xlsx' | undefined; lang?: Lang | undefined },
  spec: ListSpec<T, R>,
): Promise<R | FastifyReply> {
  if (!query.format) return spec.page(query.page ?? 1, query.pageSize ?? 50);
  const lang: Lang = query.lang ?? 'id';
  const first = await spec.page(1, EXPORT_PAGE);
  if (first.total > EXPORT_MAX_ROWS)
    throw new ValidationError(
      `format: ${first.total} baris terlalu banyak untuk diunduh sekaligus (paling banyak ${EXPORT_MAX_ROWS}); persempit saringan / ` +
        `${first.total} rows are too many to download at once (at most ${EXPORT_MAX_ROWS}); narrow the filter`,
    );
  async function* rows(): AsyncGenerator<Array<ReturnType<typeof cell>>> {
    let page = first;
    let n = 1;
    let written = 0;
    for (;;) {
      for (const r of page.items) yield spec.columns.map((c) => cell(c.value(r, lang)));
      written += page.items.length;
      if (page.items.length < EXPORT_PAGE || written >= page.total) return;
      page = await spec.page(++n, EXPORT_PAGE);
    }
  }
  const header = spec.columns.map((c) => half(c.header, lang));
  const file = `${spec.name}.${query.format}`;
  reply.header('content-disposition', `attachment; filename="${file}"`);
  reply.header('cache-control', 'no-store');
  if (query.format === 'csv') {
    reply.type('text/csv; charset=utf-8');
    return reply.send(
      Readable.from(
        (async function* () {
          // UTF-8 with BOM so Excel shows Indonesian text correctly.
          yield `\ufeff${stringify([header])}`;
          for await (const r of rows()) yield stringify([r]);
        })(),
      ),
    );
  }
  reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  wb.creator = 'Lindung';
  const ws = wb.addWorksheet(spec.name.slice(0, 31));
  ws.columns = header.map((h) => ({ header: h, width: Math.max(12, Math.min(40, h.length + 4)) }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  void (async () => {
    try {
      for await (const r of rows()) ws.addRow(r).commit();
      ws.commit();
      await wb.commit();
    } catch (err) {
      out.destroy(err as Error);
    }
  })();
  return reply.send(out);
}
