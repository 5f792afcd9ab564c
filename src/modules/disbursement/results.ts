/**
 * Bank result import shared by every paying module (moved here from the wage subsidy): per-row checks,
 * bilingual errors by line and column, chunked application, idempotent re-import of the same file.
 */
import { sql } from 'kysely';
import type { Database } from '../../platform/db.ts';
import { ValidationError } from '../../platform/errors.ts';
import { type Cell, formatOf, readTabular, sha256File } from '../../platform/tabular.ts';
import { recordAudit } from '../access/audit.ts';
import type { Actor } from '../access/policy.ts';
import { allowedResult, parseResultStatus, type ResultStatus } from './rules.ts';

export interface RowError {
  line: number;
  column: string;
  code: string;
  message_id: string;
  message_en: string;
  value: string | null;
}

export interface BankResultSummary {
  importId: number;
  total: number;
  applied: number;
  unchanged: number;
  rejected: number;
  alreadyImportedAs?: number;
  errors: RowError[];
}

interface ResultRow {
  line: number;
  reference: string;
  status: ResultStatus;
  paidOn: string | null;
  note: string | null;
  amount: number | null;
}

const REQUIRED = ['reference', 'status'];
const CHUNK = 5000;
const str = (c: Cell | undefined): string | null =>
  c === null || c === undefined ? null : c instanceof Date ? c.toISOString().slice(0, 10) : String(c).trim();

function err(
  line: number,
  column: string,
  code: string,
  id: string,
  en: string,
  value: string | null,
): RowError {
  return { line, column, code, message_id: id, message_en: en, value };
}

/** Per-row checks that need no database: status word, date, amount. */
function parseRow(line: number, cells: Record<string, Cell>, errors: RowError[]): ResultRow | null {
  const reference = str(cells.reference);
  const rawStatus = str(cells.status);
  const status = parseResultStatus(rawStatus);
  const paidOn = str(cells.paid_on ?? cells.tanggal);
  const amountText = str(cells.amount ?? cells.jumlah);
  const before = errors.length;
  if (!reference)
    errors.push(err(line, 'reference', 'required', 'Referensi wajib diisi', 'Reference is required', null));
  if (!status)
    errors.push(
      err(
        line,
        'status',
        'status_invalid',
        'Status harus paid/failed/returned/account_invalid (atau berhasil/gagal/retur/rekening_tidak_valid)',
        'Status must be paid, failed, returned or account_invalid',
        rawStatus,
      ),
    );
  if (paidOn && !/^\d{4}-\d{2}-\d{2}$/.test(paidOn))
    errors.push(
      err(line, 'paid_on', 'date_invalid', 'Tanggal harus YYYY-MM-DD', 'Date must be YYYY-MM-DD', paidOn),
    );
  if (amountText && !/^\d+$/.test(amountText))
    errors.push(
      err(
        line,
        'amount',
        'amount_invalid',
        'Jumlah harus rupiah utuh',
        'Amount must be whole rupiah',
        amountText,
      ),
    );
  if (errors.length > before) return null;
  return {
    line,
    reference: reference!,
    status: status!,
    paidOn,
    note: str(cells.note ?? cells.keterangan),
    amount: amountText ? Number(amountText) : null,
  };
}

/**
 * Where a paying module keeps its payments and its result imports. Both tables have the columns the
 * import reads and writes (payments: id, reference, status, amount, result_on, result_note,
 * result_import_id; imports: file_name, file_sha256, created_by, the counts and errors). `afterApply`
 * runs in the chunk's transaction with the payments whose status changed, so the module can move its
 * own items along (a claim becomes paid) atomically with the payment rows.
 */
export interface ResultTarget {
  payments: 'subsidy_payments' | 'disbursement_payments';
  imports: 'subsidy_bank_results' | 'disbursement_results';
  /** disbursement_* tables are shared: the paying module's name. */
  source?: string;
  auditEntity: string;
  afterApply?: (
    trx: Database,
    changed: Array<{ id: number; status: ResultStatus; paidOn: string | null }>,
  ) => Promise<void>;
}

async function applyChunk(
  db: Database,
  target: ResultTarget,
  importId: number,
  rows: ResultRow[],
  errors: RowError[],
): Promise<{ applied: number; unchanged: number }> {
  const refs = rows.map((r) => r.reference);
  const found = await sql<{ id: number; reference: string; status: string; amount: number }>`
    select id, reference, status, amount from ${sql.table(target.payments)}
    where reference in (${sql.join(refs)}) ${target.source ? sql`and source = ${target.source}` : sql``}`
    .execute(db)
    .then((r) => r.rows);
  const byRef = new Map(found.map((f) => [f.reference, f]));
  const updates: Array<{ id: number; r: ResultRow }> = [];
  let unchanged = 0;
  for (const r of rows) {
    const p = byRef.get(r.reference);
    if (!p)
      errors.push(
        err(
          r.line,
          'reference',
          'reference_unknown',
          'Referensi tidak dikenal',
          'Unknown payment reference',
          r.reference,
        ),
      );
    else if (r.amount !== null && r.amount !== Number(p.amount))
      errors.push(
        err(
          r.line,
          'amount',
          'amount_mismatch',
          `Jumlah berbeda dari batch (Rp${p.amount})`,
          `Amount differs from the batch (Rp${p.amount})`,
          String(r.amount),
        ),
      );
    else {
      const a = allowedResult(p.status, r.status);
      if (a === 'same') unchanged++;
      else if (a === 'conflict')
        errors.push(
          err(
            r.line,
            'status',
            'status_conflict',
            `Status ${p.status} tidak dapat diubah menjadi ${r.status}`,
            `Status ${p.status} cannot become ${r.status}`,
            r.status,
          ),
        );
      else updates.push({ id: p.id, r });
    }
  }
  if (updates.length) {
    const values = sql.join(
      updates.map((u) => sql`(${u.id}::bigint, ${u.r.status}::text, ${u.r.paidOn}::date, ${u.r.note}::text)`),
    );
    await sql`update ${sql.table(target.payments)} y set status = v.status, result_on = v.on_date, result_note = v.note, result_import_id = ${importId}::bigint
      from (values ${values}) as v (id, status, on_date, note) where y.id = v.id`.execute(db);
    await target.afterApply?.(
      db,
      updates.map((u) => ({ id: u.id, status: u.r.status, paidOn: u.r.paidOn })),
    );
  }
  return { applied: updates.length, unchanged };
}

/**
 * Imports a bank's result file (CSV/XLSX: reference, status, paid_on?, amount?, note?). Every row is
 * checked; errors are reported by line and column in both languages; valid rows are applied in
 * chunks. Importing the same file again changes nothing.
 */
export async function importResults(
  db: Database,
  actor: Actor,
  target: ResultTarget,
  file: string,
  fileName = file,
): Promise<BankResultSummary> {
  formatOf(fileName);
  const sha = await sha256File(file);
  const prior = await sql<{ id: number; total_rows: number; rejected: number; errors: unknown }>`
    select id, total_rows, rejected, errors from ${sql.table(target.imports)}
    where file_sha256 = ${sha} ${target.source ? sql`and source = ${target.source}` : sql``} order by id limit 1`
    .execute(db)
    .then((r) => r.rows[0]);
  if (prior) {
    return {
      importId: prior.id,
      total: prior.total_rows,
      applied: 0,
      unchanged: prior.total_rows - prior.rejected,
      rejected: prior.rejected,
      alreadyImportedAs: prior.id,
      errors: prior.errors as RowError[],
    };
  }
  const job = await sql<{ id: number }>`
    insert into ${sql.table(target.imports)} (file_name, file_sha256, created_by${target.source ? sql`, source` : sql``})
    values (${fileName}, ${sha}, ${actor.userId}${target.source ? sql`, ${target.source}` : sql``}) returning id`
    .execute(db)
    .then((r) => r.rows[0]!);
  const errors: RowError[] = [];
  const seen = new Set<string>();
  let total = 0;
  let applied = 0;
  let unchanged = 0;
  let chunk: ResultRow[] = [];
  const flush = async () => {
    const n = await db.transaction().execute((trx) => applyChunk(trx, target, job.id, chunk, errors));
    applied += n.applied;
    unchanged += n.unchanged;
    chunk = [];
  };
  for await (const { line, cells } of readTabular(file, formatOf(fileName))) {
    if (total === 0) {
      const missing = REQUIRED.filter((c) => !(c in cells));
      if (missing.length)
        throw new ValidationError(`file: kolom wajib tidak ada / missing columns: ${missing.join(', ')}`);
    }
    total++;
    const row = parseRow(line, cells, errors);
    if (!row) continue;
    if (seen.has(row.reference)) {
      errors.push(
        err(
          line,
          'reference',
          'duplicate',
          'Referensi muncul lebih dari sekali dalam berkas',
          'Reference appears more than once in the file',
          row.reference,
        ),
      );
      continue;
    }
    seen.add(row.reference);
    chunk.push(row);
    if (chunk.length >= CHUNK) await flush();
  }
  if (chunk.length) await flush();
  errors.sort((a, b) => a.line - b.line);
  const rejected = new Set(errors.map((e) => e.line)).size;
  await db.transaction().execute(async (trx) => {
    await sql`update ${sql.table(target.imports)} set total_rows = ${total}, applied = ${applied}, unchanged = ${unchanged},
      rejected = ${rejected}, errors = ${JSON.stringify(errors)}::jsonb where id = ${job.id}`.execute(trx);
    await recordAudit(trx, actor, 'import', target.auditEntity, String(job.id), null, {
      file: fileName,
      total,
      applied,
      unchanged,
      rejected,
    });
  });
  return { importId: job.id, total, applied, unchanged, rejected, errors };
}
