import fs from 'node:fs';
import { sql } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import { isoDate } from '../../platform/clock.ts';
import type { Database, DbHandle } from '../../platform/db.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { type Progress, silentProgress } from '../../platform/progress.ts';
import { formatOf, readTabular, sha256File } from '../../platform/tabular.ts';
import { recordAudit } from '../access/audit.ts';
import { type Actor, assertCanWrite, assertInScope, ownEmployer } from '../access/policy.ts';
import { detectForImport } from '../registry/duplicates.ts';
import { commitChunk, runSetChecks } from './checks.ts';
import { canonicalCells, missingColumns, type RowError, type ValidRow } from './columns.ts';
import { validateRow } from './row.ts';
import { insertErrors, stageRows } from './stage.ts';

export interface ImportOptions {
  file: string;
  fileName?: string;
  employerNpp?: string;
  dryRun?: boolean;
  progress?: Progress;
  /** Called with the job id as soon as it exists (the web page polls it). */
  onJob?: (id: number) => void | Promise<void>;
  /** A dry run from the web keeps its job and error report (not its rows) so the page can show them. */
  keepDryRunReport?: boolean;
}

export interface ImportResult {
  importId: number | null;
  total: number;
  accepted: number;
  unchanged: number;
  rejected: number;
  dryRun: boolean;
  /** Set when this exact file was already imported for this employer: nothing was changed. */
  alreadyImportedAs?: number;
  errors: ImportErrorRow[];
  /** Seconds spent per phase (read and stage, set-based checks, commit), for benchmarks and logs. */
  seconds?: { stage: number; checks: number; commit: number };
}

export interface ImportErrorRow {
  line: number;
  column: string;
  code: string;
  message_id: string;
  message_en: string;
  value: string | null;
}

const CHUNK = 5000;
export const COMMIT_LINES = 20000;

/** The employer every PU row is hired at, checked against the actor's scope (the upload route checks it before queueing). */
export async function resolveEmployer(
  db: Database,
  npp: string | undefined,
  actor: Actor,
): Promise<number | null> {
  const own = ownEmployer(actor);
  if (!npp) return own;
  const e = await db.selectFrom('employers').select(['id']).where('npp', '=', npp).executeTakeFirst();
  if (!e) throw new NotFoundError(`employer: NPP ${npp} tidak ditemukan / not found`);
  // An employer imports its own workers only (403); other employers must be inside the actor's scope (404).
  if (own !== null && own !== e.id) throw new ForbiddenError();
  // The employer every PU row is hired at must be inside the actor's scope.
  await assertInScope(db, actor, { employer: e.id });
  return e.id;
}

/** An import staged and checked, ready to commit: small and JSON-safe (a job's checkpoint keeps it). */
export interface StagedImport {
  importId: number;
  rows: number;
  lastLine: number;
  today: string;
  fileName: string;
  sha: string;
  dryRun: boolean;
  seconds: { stage: number; checks: number };
}

/**
 * Imports a worker list: every row validated (per row in JS, then across rows and against the
 * registry in SQL), errors reported by line and column, valid rows registered in chunks. Re-importing
 * the same file changes nothing. A dry run leaves no trace in the database. In this process; as a
 * job, a large file's commit is split into line-range child jobs (`imports.commit`).
 */
export async function importWorkers(
  h: DbHandle,
  opts: ImportOptions,
  actor: Actor,
  clock: Clock,
): Promise<ImportResult> {
  const p = await prepareImport(h, opts, actor, clock);
  if ('prior' in p) return p.prior;
  const s = p.staged;
  return failingImport(h.db, s.importId, clock, opts, async () => {
    const t = performance.now();
    if (!s.dryRun) await commitLines(h.db, s.importId, 0, s.lastLine, s.today);
    return completeImport(h.db, s, opts, actor, t);
  });
}

/** Runs `work`; on an error the import is marked failed (a dry run's rows are forgotten) and it rethrows. */
export async function failingImport<T>(
  db: Database,
  importId: number,
  clock: Clock,
  opts: Pick<ImportOptions, 'dryRun' | 'keepDryRunReport'>,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (e) {
    await db
      .updateTable('import_jobs')
      .set({
        status: 'failed',
        finished_at: clock.now(),
        message: String(e instanceof Error ? e.message : e),
      })
      .where('id', '=', importId)
      .where('status', '<>', 'done')
      .execute();
    if (opts.dryRun) await forget(db, importId, !!opts.keepDryRunReport);
    throw e;
  }
}

/**
 * Everything before the commit: the same file already imported (its result, nothing changed), or
 * the import job created, the file streamed into staging and every check run over it.
 */
export async function prepareImport(
  h: DbHandle,
  opts: ImportOptions,
  actor: Actor,
  clock: Clock,
): Promise<{ prior: ImportResult } | { staged: StagedImport }> {
  assertCanWrite(actor);
  const { db } = h;
  const format = formatOf(opts.fileName ?? opts.file);
  const employerId = await resolveEmployer(db, opts.employerNpp, actor);
  const sha = await sha256File(opts.file);
  if (!opts.dryRun) {
    const prior = await db
      .selectFrom('import_jobs')
      .selectAll()
      .where('file_sha256', '=', sha)
      .where('status', '=', 'done')
      .where('dry_run', '=', false)
      .where(
        employerId === null ? sql<boolean>`employer_id is null` : sql<boolean>`employer_id = ${employerId}`,
      )
      .orderBy('id', 'desc')
      .executeTakeFirst();
    if (prior) {
      return {
        prior: {
          importId: prior.id,
          total: prior.total_rows,
          accepted: 0,
          unchanged: prior.total_rows - prior.rejected_rows,
          rejected: prior.rejected_rows,
          dryRun: false,
          alreadyImportedAs: prior.id,
          errors: await listErrors(db, prior.id, 1000),
        },
      };
    }
  }
  const today = isoDate(clock.now());
  const fileName = opts.fileName ?? opts.file;
  const job = await db
    .insertInto('import_jobs')
    .values({
      kind: 'workers',
      file_name: fileName,
      file_sha256: sha,
      employer_id: employerId,
      partner_id: actor.partnerId,
      dry_run: !!opts.dryRun,
      created_by: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await opts.onJob?.(job.id);
  const progress = opts.progress ?? silentProgress;
  return failingImport(db, job.id, clock, opts, async () => {
    let t = performance.now();
    const lap = () => {
      const now = performance.now();
      const secs = (now - t) / 1000;
      t = now;
      return secs;
    };
    const total = await stageFile(
      h,
      job.id,
      opts.file,
      format,
      { today, hasEmployer: employerId !== null },
      progress,
    );
    const stage = lap();
    await sql`analyze import_rows`.execute(db);
    await runSetChecks(db, job.id, employerId, { actor, dryRun: !!opts.dryRun });
    const checks = lap();
    return {
      staged: {
        importId: job.id,
        rows: total.rows,
        lastLine: total.lastLine,
        today,
        fileName,
        sha,
        dryRun: !!opts.dryRun,
        seconds: { stage, checks },
      },
    };
  });
}

/**
 * After every line committed: the checks again (a NIK registered by someone else between the checks
 * and the commit is reported, not lost), possible duplicates to the review queue, the counts and the
 * audit entry. `commitStarted` is the performance.now() at which the commit began.
 */
export async function completeImport(
  db: Database,
  s: StagedImport,
  opts: Pick<ImportOptions, 'progress' | 'keepDryRunReport'>,
  actor: Actor,
  commitStarted: number,
): Promise<ImportResult> {
  if (!s.dryRun) {
    await runSetChecks(db, s.importId, null);
    // Possible duplicates of the people just registered go to the review queue (registry module).
    await detectForImport(db, s.importId);
  }
  const commit = (performance.now() - commitStarted) / 1000;
  const result = {
    ...(await finish(db, s.importId, s.rows, s.dryRun)),
    seconds: { ...s.seconds, commit },
  };
  if (s.dryRun) await forget(db, s.importId, !!opts.keepDryRunReport);
  else
    await recordAudit(db, actor, 'import', 'import_job', String(s.importId), null, {
      file: s.fileName,
      sha256: s.sha,
      accepted: result.accepted,
      rejected: result.rejected,
    });
  (opts.progress ?? silentProgress).done(
    `${result.accepted} diterima, ${result.unchanged} tidak berubah, ${result.rejected} ditolak`,
  );
  return result;
}

async function stageFile(
  h: DbHandle,
  importId: number,
  file: string,
  format: 'csv' | 'xlsx',
  ctx: { today: string; hasEmployer: boolean },
  progress: Progress,
): Promise<{ rows: number; lastLine: number }> {
  let rows = 0;
  let lastLine = 0;
  let headerChecked = false;
  let valid: Array<{ line: number; row: ValidRow }> = [];
  let errors: Array<{ line: number; error: RowError }> = [];
  const flush = async () => {
    await stageRows(h, importId, valid);
    await insertErrors(h.db, importId, errors);
    await h.db.updateTable('import_jobs').set({ total_rows: rows }).where('id', '=', importId).execute();
    progress.tick(valid.length + new Set(errors.map((e) => e.line)).size);
    valid = [];
    errors = [];
  };
  const size = fs.statSync(file).size;
  for await (const { line, cells, bytes, malformed } of readTabular(file, format)) {
    // The row count is unknown until the end; the share of bytes read gives the bar a fair estimate.
    if (rows === CHUNK && bytes) progress.total(Math.round((size * rows) / bytes));
    if (!headerChecked) {
      const missing = missingColumns(Object.keys(cells));
      if (missing.length)
        throw new ValidationError(
          `file: kolom wajib tidak ada / required columns missing: ${missing.join(', ')}`,
        );
      headerChecked = true;
    }
    rows++;
    lastLine = line;
    if (malformed) {
      errors.push({ line, error: { column: 'baris', code: 'malformed', value: null, ...malformed } });
      if (valid.length + errors.length >= CHUNK) await flush();
      continue;
    }
    const res = validateRow(canonicalCells(cells), ctx);
    if (res.row) valid.push({ line, row: res.row });
    for (const error of res.errors) errors.push({ line, error });
    if (valid.length + errors.length >= CHUNK) await flush();
  }
  await flush();
  if (!rows) throw new ValidationError('file: berkas tidak berisi baris data / the file has no data rows');
  return { rows, lastLine };
}

/**
 * Registers the rows with lines in (from, to] in chunks of `chunkLines`, one transaction each. A
 * chunk moves its rows from pending to accepted in its transaction, and a chunk with accepted rows is
 * skipped, so a rerun of a range (a retried or taken-over job) registers nobody and writes no hire
 * event twice; ranges of one import can run in parallel.
 */
export async function commitLines(
  db: Database,
  importId: number,
  from: number,
  to: number,
  today: string,
  o: { chunkLines?: number; onChunk?: (hi: number) => Promise<void> } = {},
): Promise<void> {
  const size = o.chunkLines ?? COMMIT_LINES;
  for (let lo = from; lo < to; lo += size) {
    const hi = Math.min(to, lo + size);
    await db.transaction().execute(async (trx) => {
      // A chunk commits whole: rows accepted in it mean a rerun (its hire events are not written twice).
      const done = await sql`select 1 from import_rows where import_id = ${importId}::bigint
        and line > ${lo}::int and line <= ${hi}::int and status = 'accepted' limit 1`.execute(trx);
      if (!done.rows.length) await commitChunk(trx, importId, lo, hi, today);
    });
    await o.onChunk?.(hi);
  }
}

/** (0, lastLine] in `parts` line ranges, each a whole number of commit chunks. */
export function lineRanges(
  lastLine: number,
  parts: number,
  chunkLines = COMMIT_LINES,
): Array<{ from: number; to: number }> {
  const chunks = Math.ceil(lastLine / chunkLines);
  const n = Math.max(1, Math.min(parts, chunks));
  const out: Array<{ from: number; to: number }> = [];
  for (let i = 0; i < n; i++) {
    const from = Math.floor((chunks * i) / n) * chunkLines;
    const to = Math.min(lastLine, Math.floor((chunks * (i + 1)) / n) * chunkLines);
    if (to > from) out.push({ from, to });
  }
  return out;
}

async function finish(db: Database, importId: number, total: number, dryRun: boolean): Promise<ImportResult> {
  const counts = await sql<{
    status: string;
    n: number;
  }>`select status, count(*)::int as n from import_rows where import_id = ${importId} group by status`.execute(
    db,
  );
  const by = Object.fromEntries(counts.rows.map((r) => [r.status, r.n]));
  const staged = counts.rows.reduce((s, r) => s + r.n, 0);
  const rejected = total - staged + (by.rejected ?? 0);
  // In a dry run the rows that would be registered are the pending ones.
  // Rows held for review (a NIK the uploader may not read) count like new ones: no existence oracle.
  const accepted = dryRun ? (by.pending ?? 0) + (by.review ?? 0) : (by.accepted ?? 0);
  await db
    .updateTable('import_jobs')
    .set({
      status: 'done',
      finished_at: new Date(),
      total_rows: total,
      accepted_rows: accepted,
      unchanged_rows: by.unchanged ?? 0,
      rejected_rows: rejected,
    })
    .where('id', '=', importId)
    .execute();
  return {
    importId,
    total,
    accepted,
    unchanged: by.unchanged ?? 0,
    rejected,
    dryRun,
    errors: await listErrors(db, importId, 100000),
  };
}

async function forget(db: Database, importId: number, keepReport: boolean) {
  await db.deleteFrom('import_rows').where('import_id', '=', importId).execute();
  if (keepReport) return;
  await db.deleteFrom('import_errors').where('import_id', '=', importId).execute();
  await db.deleteFrom('import_jobs').where('id', '=', importId).execute();
}

export async function listErrors(db: Database, importId: number, limit: number): Promise<ImportErrorRow[]> {
  return db
    .selectFrom('import_errors')
    .select(['line', 'column', 'code', 'message_id', 'message_en', 'value'])
    .where('import_id', '=', importId)
    .orderBy('line')
    .orderBy('column')
    .limit(limit)
    .execute();
}
