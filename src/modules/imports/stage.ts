import { stringify } from 'csv-stringify/sync';
import type { Database, DbHandle } from '../../platform/db.ts';
import type { RowError, ValidRow } from './columns.ts';

const STAGE_COLUMNS = [
  'import_id',
  'line',
  'nik',
  'full_name',
  'birth_date',
  'sex',
  'village_code',
  'phone',
  'segment',
  'npp',
  'start_date',
  'wage',
  'is_non_asn',
  'is_vulnerable',
  'jht',
];

/** Writes a chunk of per-row-valid rows to the staging table with COPY (the fast path on both databases). */
export async function stageRows(h: DbHandle, importId: number, rows: Array<{ line: number; row: ValidRow }>) {
  if (!rows.length) return;
  const data = rows.map(({ line, row: r }) => [
    importId,
    line,
    r.nik,
    r.full_name,
    r.birth_date,
    r.sex,
    r.village_code,
    r.phone,
    r.segment,
    r.npp,
    r.start_date,
    r.wage,
    r.is_non_asn,
    r.is_vulnerable,
    r.jht,
  ]);
  await h.copyCsv(
    'import_rows',
    STAGE_COLUMNS,
    stringify([STAGE_COLUMNS, ...data], { cast: { boolean: (b) => (b ? 't' : 'f') } }),
  );
}

export async function insertErrors(
  db: Database,
  importId: number,
  errors: Array<{ line: number; error: RowError }>,
) {
  for (let i = 0; i < errors.length; i += 1000) {
    await db
      .insertInto('import_errors')
      .values(
        errors.slice(i, i + 1000).map(({ line, error: e }) => ({
          import_id: importId,
          line,
          column: e.column,
          code: e.code,
          message_id: e.message_id,
          message_en: e.message_en,
          value: e.value ?? null,
        })),
      )
      .execute();
  }
}
