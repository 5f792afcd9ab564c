import { sql } from 'kysely';
import { isoDate } from '../../platform/clock.ts';
import type { Database } from '../../platform/db.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { type Cell, formatOf, readTabular, sha256File } from '../../platform/tabular.ts';
import { recordAudit } from '../access/audit.ts';
import type { Actor } from '../access/policy.ts';
import { parseNik } from '../workers/nik.ts';
import type { RowError } from './bank-results.ts';
import { assertHeadOffice } from './scope.ts';

export interface ListImportSummary {
  importId: number;
  listCode: string;
  total: number;
  accepted: number;
  unchanged: number;
  rejected: number;
  alreadyImportedAs?: number;
  errors: RowError[];
}

const CHUNK = 5000;

/** A NIK cell: text, or an XLSX number that still has all 16 digits (Excel rounds past 15). */
function nikOf(c: Cell | undefined): string | null {
  if (c === null || c === undefined) return null;
  if (typeof c === 'number') return Number.isSafeInteger(c) ? String(c).padStart(16, '0') : String(c);
  return String(c).trim();
}

async function insertChunk(db: Database, list: string, importId: number, niks: string[]): Promise<number> {
  if (!niks.length) return 0;
  const r = await sql`insert into subsidy_exclusion_entries (list_code, nik, import_id)
    select ${list}, n, ${importId}::bigint from unnest(${sql`array[${sql.join(niks.map((n) => sql`${n}::text`))}]`}) as n
    on conflict (list_code, nik) do nothing`.execute(db);
  return Number(r.numAffectedRows ?? 0n);
}

/**
 * Imports NIKs onto an exclusion list (CSV/XLSX with a `nik` column; other columns are ignored).
 * Every row is checked with the same NIK rules as the registry; errors come back by line in both
 * languages; NIKs already on the list count as unchanged; the same file twice is a no-op.
 */
export async function importExclusionList(
  db: Database,
  actor: Actor,
  listCode: string,
  file: string,
  fileName = file,
  today = isoDate(new Date()),
): Promise<ListImportSummary> {
  assertHeadOffice(actor);
  const list = await db
    .selectFrom('subsidy_exclusion_lists')
    .select('code')
    .where('code', '=', listCode)
    .executeTakeFirst();
  if (!list) throw new NotFoundError(`list: daftar ${listCode} tidak ada / list not found`);
  const sha = await sha256File(file);
  const prior = await db
    .selectFrom('subsidy_list_imports')
    .selectAll()
    .where('list_code', '=', listCode)
    .where('file_sha256', '=', sha)
    .orderBy('id')
    .executeTakeFirst();
  if (prior) {
    return {
      importId: prior.id,
      listCode,
      total: prior.total_rows,
      accepted: 0,
      unchanged: prior.total_rows - prior.rejected,
      rejected: prior.rejected,
      alreadyImportedAs: prior.id,
      errors: prior.errors as RowError[],
    };
  }
  const job = await db
    .insertInto('subsidy_list_imports')
    .values({ list_code: listCode, file_name: fileName, file_sha256: sha, created_by: actor.userId })
    .returning('id')
    .executeTakeFirstOrThrow();
  const errors: RowError[] = [];
  const seen = new Set<string>();
  let total = 0;
  let accepted = 0;
  let valid = 0;
  let chunk: string[] = [];
  for await (const { line, cells, malformed } of readTabular(file, formatOf(fileName))) {
    if (total === 0 && !('nik' in cells))
      throw new ValidationError('file: kolom wajib tidak ada / missing column: nik');
    total++;
    if (malformed) {
      errors.push({ line, column: 'baris', code: 'malformed', value: null, ...malformed });
      continue;
    }
    const nik = nikOf(cells.nik);
    const parsed = nik ? parseNik(nik, today) : null;
    if (!nik || !parsed) {
      errors.push({
        line,
        column: 'nik',
        code: 'required',
        message_id: 'NIK wajib diisi',
        message_en: 'NIK is required',
        value: null,
      });
    } else if (!parsed.valid) {
      errors.push({
        line,
        column: 'nik',
        code: parsed.code,
        message_id: parsed.message_id,
        message_en: parsed.message_en,
        value: nik,
      });
    } else if (seen.has(nik)) {
      errors.push({
        line,
        column: 'nik',
        code: 'duplicate',
        message_id: 'NIK muncul lebih dari sekali dalam berkas',
        message_en: 'NIK appears more than once in the file',
        value: nik,
      });
    } else {
      seen.add(nik);
      valid++;
      chunk.push(nik);
      if (chunk.length >= CHUNK) {
        accepted += await insertChunk(db, listCode, job.id, chunk);
        chunk = [];
      }
    }
  }
  accepted += await insertChunk(db, listCode, job.id, chunk);
  const rejected = errors.length;
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('subsidy_list_imports')
      .set({
        total_rows: total,
        accepted,
        unchanged: valid - accepted,
        rejected,
        errors: JSON.stringify(errors),
      })
      .where('id', '=', job.id)
      .execute();
    await recordAudit(trx, actor, 'import', 'subsidy_exclusion_list', listCode, null, {
      file: fileName,
      total,
      accepted,
      rejected,
    });
  });
  return { importId: job.id, listCode, total, accepted, unchanged: valid - accepted, rejected, errors };
}

export async function listExclusionLists(db: Database) {
  const r = await sql<{
    code: string;
    name: string;
    kind: string;
    source: string | null;
    synthetic: boolean;
    entries: number;
  }>`
    select l.code, l.name, l.kind, l.source, l.synthetic, (select count(*) from subsidy_exclusion_entries e where e.list_code = l.code)::bigint as entries
    from subsidy_exclusion_lists l order by l.code`.execute(db);
  return r.rows.map((x) => ({ ...x, entries: Number(x.entries) }));
}
