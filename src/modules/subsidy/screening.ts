import { sql } from 'kysely';
import type { Database, DbHandle } from '../../platform/db.ts';
import { type Progress, silentProgress } from '../../platform/progress.ts';
import { recordAudit } from '../access/audit.ts';
import { type Actor, assertCan } from '../access/policy.ts';
import { applyQuota, screenChunk } from './evaluate-sql.ts';
import { createRun, loadRun, type RunRequest, type RunRow } from './run-setup.ts';

export { resolveDefinition } from './run-setup.ts';

export interface ScreenOptions extends RunRequest {
  /** Programme id or code, for a fresh run. */
  programme?: number | string;
  /** Re-evaluate this run's frozen snapshot with its frozen definition. */
  rerunOf?: number;
  /** Continue an interrupted run. */
  resume?: number;
  /** Overrides the programme's quota for this run (frozen with it). */
  quota?: number | null;
  chunkSize?: number;
  /** Key ranges screened at once (in this process; as a job, the child jobs). */
  parallel?: number;
  progress?: Progress;
  /** Called with the run id as soon as the run row exists (the web answers 202 with it). */
  onRun?: (runId: number) => void;
  /** Called after each committed chunk with its upper key (tests interrupt a run here). */
  onChunk?: (hi: number) => void;
}

export interface ScreenResult {
  runId: number;
  screened: number;
  eligible: number;
  excluded: number;
  warnings: string[];
  seconds: number;
}

/**
 * The upper id of the next chunk of at most `size` participants in (lo, upTo]: from participants (fresh
 * run) or the frozen snapshot (re-run).
 */
async function nextKey(
  db: Database,
  run: RunRow,
  lo: number,
  upTo: number,
  size: number,
): Promise<number | null> {
  const fresh = run.snapshot_run_id === run.id;
  const r = fresh
    ? await sql<{
        hi: number | null;
      }>`select max(id) as hi from (select id from participants where id > ${lo}::bigint and id <= ${upTo}::bigint order by id limit ${size}) s`.execute(
        db,
      )
    : await sql<{
        hi: number | null;
      }>`select max(participant_id) as hi from (select participant_id from subsidy_snapshot where run_id = ${run.snapshot_run_id}::bigint and participant_id > ${lo}::bigint and participant_id <= ${upTo}::bigint order by participant_id limit ${size}) s`.execute(
        db,
      );
  const hi = r.rows[0]?.hi;
  return hi === null || hi === undefined ? null : Number(hi);
}

/** One chunk (lo, hi]: its snapshot (fresh run), decisions and counts row commit together or not at all. */
async function screenOne(db: Database, run: RunRow, lo: number, hi: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    // Long generated statements: JIT compilation costs seconds on PostgreSQL 15 and saves nothing here.
    await sql`set local jit = off`.execute(trx);
    await sql`set local work_mem = '128MB'`.execute(trx);
    await screenChunk(
      { id: run.id, snapshotRunId: run.snapshot_run_id, def: run.definition },
      lo,
      hi,
    ).execute(trx);
  });
}

/**
 * The parts of (lo, hi] no committed chunk covers. A chunk's counts row is written by the statement
 * that writes its decisions, so the committed chunks are exactly the work done: whatever crashed,
 * the gaps are what is left, and screening them never writes a decision twice.
 */
export async function uncovered(
  db: Database,
  runId: number,
  lo: number,
  hi: number,
): Promise<Array<[number, number]>> {
  const chunks = await db
    .selectFrom('subsidy_run_chunks')
    .select(['lo', 'hi'])
    .where('run_id', '=', runId)
    .where('lo', '<', hi)
    .where('hi', '>', lo)
    .orderBy('lo')
    .execute();
  const gaps: Array<[number, number]> = [];
  let at = lo;
  for (const c of chunks) {
    if (Number(c.lo) > at) gaps.push([at, Math.min(Number(c.lo), hi)]);
    at = Math.max(at, Number(c.hi));
  }
  if (at < hi) gaps.push([at, hi]);
  return gaps;
}

export interface RangeOptions {
  chunkSize?: number;
  /** Key span done so far of (lo, hi], after each committed chunk (and once at the start). */
  onProgress?: (done: number) => void | Promise<void>;
  /** Called after each committed chunk with its upper key (tests interrupt a run here). */
  onChunk?: (hi: number) => void | Promise<void>;
}

/**
 * Screens the participants of key range (lo, hi] of a run in keyset chunks, one transaction each.
 * Resumable: a rerun of the same range (or of any range) screens only what no chunk committed.
 */
export async function screenRange(
  db: Database,
  run: RunRow,
  lo: number,
  hi: number,
  o: RangeOptions = {},
): Promise<void> {
  const size = o.chunkSize ?? 100_000;
  const gaps = await uncovered(db, run.id, lo, hi);
  let left = gaps.reduce((n, [a, b]) => n + (b - a), 0);
  await o.onProgress?.(hi - lo - left);
  for (const [a, b] of gaps) {
    let at = a;
    while (at < b) {
      const next = await nextKey(db, run, at, b, size);
      const to = next ?? b;
      if (next !== null) await screenOne(db, run, at, next);
      left -= to - at;
      at = to;
      await o.onProgress?.(hi - lo - left);
      if (next !== null) await o.onChunk?.(next);
    }
  }
}

/** The key space (lo, hi] of a run: its participants (fresh run) or its frozen snapshot (re-run). */
export async function keySpace(db: Database, run: RunRow): Promise<{ lo: number; hi: number }> {
  const fresh = run.snapshot_run_id === run.id;
  const r = fresh
    ? await sql<{ m: number | null }>`select min(id) as m from participants`.execute(db)
    : await sql<{
        m: number | null;
      }>`select min(participant_id) as m from subsidy_snapshot where run_id = ${run.snapshot_run_id}::bigint`.execute(
        db,
      );
  const min = r.rows[0]?.m;
  const hi = run.max_participant_id;
  return { lo: min === null || min === undefined ? hi : Math.min(hi, Number(min) - 1), hi };
}

/** (lo, hi] cut into `parts` key ranges of equal span (participant ids are dense). */
export function keyRanges(
  space: { lo: number; hi: number },
  parts: number,
): Array<{ lo: number; hi: number }> {
  const span = space.hi - space.lo;
  const n = Math.max(1, Math.min(parts, span));
  const out: Array<{ lo: number; hi: number }> = [];
  for (let i = 0; i < n && span > 0; i++)
    out.push({
      lo: space.lo + Math.floor((span * i) / n),
      hi: space.lo + Math.floor((span * (i + 1)) / n),
    });
  return out.filter((r) => r.hi > r.lo);
}

/** The run's totals: the sum of its chunks' counts (written with the decisions). */
async function countPhase(db: Database, runId: number) {
  const rows = await db
    .selectFrom('subsidy_run_chunks')
    .select(['screened', 'eligible', 'reason_counts'])
    .where('run_id', '=', runId)
    .execute();
  const reason_counts: Record<string, number> = {};
  let screened = 0;
  let eligible = 0;
  for (const r of rows) {
    screened += Number(r.screened);
    eligible += Number(r.eligible);
    for (const [code, n] of Object.entries(r.reason_counts as Record<string, number>))
      reason_counts[code] = (reason_counts[code] ?? 0) + Number(n);
  }
  return { screened, eligible, excluded: screened - eligible, reason_counts };
}

/**
 * Creates the run (or takes up the interrupted one to resume) and marks it running: everything
 * before the chunks. A re-run or a resume has its definition frozen already.
 */
export async function beginRun(db: Database, o: ScreenOptions, actor: Actor): Promise<RunRow> {
  assertCan(actor, 'headoffice.operate');
  const runId = o.resume ?? (await createRun(db, o, actor));
  if (o.resume)
    await db
      .updateTable('subsidy_runs')
      .set({ status: 'running', error: null })
      .where('id', '=', runId)
      .where('status', '<>', 'done')
      .execute();
  o.onRun?.(runId);
  return loadRun(db, runId);
}

/** Marks a run failed with the error (the run page shows it); a resume sets it running again. */
export async function failRun(db: Database, runId: number, e: unknown): Promise<void> {
  await db
    .updateTable('subsidy_runs')
    .set({ status: 'failed', error: e instanceof Error ? e.message : String(e) })
    .where('id', '=', runId)
    .where('status', '<>', 'done')
    .execute();
}

export async function saveTiming(db: Database, runId: number, name: string, ms: number): Promise<void> {
  await sql`update subsidy_runs set timings_ms = coalesce(timings_ms, '{}'::jsonb) || jsonb_build_object(${name}::text, ${Math.round(ms)}::int)
    where id = ${runId}::bigint`.execute(db);
}

/**
 * After every chunk of a run committed: the totals from the chunks' counts, the quota when it bites,
 * and the run marked done with its audit entry, in one transaction.
 */
export async function finishScreening(
  db: Database,
  run: RunRow,
  actor: Actor,
  o: { progress?: Progress; startedAt: number },
): Promise<ScreenResult> {
  const runId = run.id;
  await db.updateTable('subsidy_runs').set({ phase: 'quota' }).where('id', '=', runId).execute();
  const counts = await countPhase(db, runId);
  const quota = run.definition.quota;
  // The quota is a sort of every eligible person: only worth it when it bites.
  if (quota !== null && counts.eligible > quota) {
    const t = performance.now();
    await applyQuota(runId, run.snapshot_run_id, quota).execute(db);
    await saveTiming(db, runId, 'quota', performance.now() - t);
    const over = counts.eligible - quota;
    counts.eligible = quota;
    counts.excluded += over;
    counts.reason_counts.over_quota = over;
  }
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('subsidy_runs')
      .set({
        ...counts,
        reason_counts: JSON.stringify(counts.reason_counts),
        phase: 'done',
        status: 'done',
        finished_at: new Date(),
        error: null,
      })
      .where('id', '=', runId)
      .execute();
    await trx.deleteFrom('subsidy_run_list_hits').where('run_id', '=', runId).execute();
    await recordAudit(trx, actor, run.rerun_of ? 'rerun' : 'screen', 'subsidy_run', String(runId), null, {
      programme: run.definition.code,
      rerun_of: run.rerun_of ?? null,
      ...counts,
    });
  });
  (o.progress ?? silentProgress).done(
    `${counts.screened} disaring, ${counts.eligible} layak, ${counts.excluded} tidak layak`,
  );
  return {
    runId,
    screened: counts.screened,
    eligible: counts.eligible,
    excluded: counts.excluded,
    warnings: run.warnings,
    seconds: (Date.now() - o.startedAt) / 1000,
  };
}

/**
 * Screens the participant base against a programme in this process: a frozen snapshot of every
 * participant's inputs and one decision each, with every reason that applied. `parallel` key ranges
 * run at once. Resumable; a re-run evaluates an earlier run's snapshot and frozen definition again
 * and must give the same decisions. As a job (`subsidy.screen`) the ranges are child jobs instead.
 */
export async function runScreening(h: DbHandle, o: ScreenOptions, actor: Actor): Promise<ScreenResult> {
  const startedAt = Date.now();
  const run = await beginRun(h.db, o, actor);
  const progress = o.progress ?? silentProgress;
  try {
    if (run.phase === 'screen') {
      const t = performance.now();
      const space = await keySpace(h.db, run);
      const ranges = keyRanges(space, Math.max(1, o.parallel ?? 2));
      const done = ranges.map(() => 0);
      progress.total(space.hi - space.lo);
      let shown = 0;
      const report = () => {
        const sum = done.reduce((a, b) => a + b, 0);
        progress.tick(sum - shown);
        shown = sum;
      };
      // When one range fails the others stop after their current chunk, and the run fails only
      // once none is still writing (a resume must not meet a straggler).
      let failed = false;
      let first: unknown;
      await Promise.allSettled(
        ranges.map((r, i) =>
          screenRange(h.db, run, r.lo, r.hi, {
            chunkSize: o.chunkSize,
            onProgress: (d) => {
              done[i] = d;
              report();
            },
            onChunk: (hi) => {
              if (failed) throw new Error('stopped: another range failed');
              o.onChunk?.(hi);
            },
          }).catch((e) => {
            if (!failed) first = e;
            failed = true;
            throw e;
          }),
        ),
      );
      if (failed) throw first;
      await saveTiming(h.db, run.id, 'screen', performance.now() - t);
    }
    return await finishScreening(h.db, run, actor, { progress, startedAt });
  } catch (e) {
    await failRun(h.db, run.id, e);
    throw e;
  }
}
