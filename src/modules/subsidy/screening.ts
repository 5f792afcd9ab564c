import { sql } from 'kysely';
import type { Database, DbHandle } from '../../platform/db.ts';
import { type Progress, silentProgress } from '../../platform/progress.ts';
import { recordAudit } from '../access/audit.ts';
import { type Actor, assertRole } from '../access/policy.ts';
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
  /** Chunks screened at once. */
  parallel?: number;
  progress?: Progress;
  /** Called with the run id as soon as the run row exists (the web answers 202 with it). */
  onRun?: (runId: number) => void;
  /** Called after each committed wave of chunks (tests interrupt a run here). */
  onChunk?: (lastKey: number) => void;
}

export interface ScreenResult {
  runId: number;
  screened: number;
  eligible: number;
  excluded: number;
  warnings: string[];
  seconds: number;
}

/** The upper id of the next chunk after lo: from participants (fresh run) or the frozen snapshot (re-run). */
async function nextKey(db: Database, run: RunRow, lo: number, size: number): Promise<number | null> {
  const fresh = run.snapshot_run_id === run.id;
  const r = fresh
    ? await sql<{
        hi: number | null;
      }>`select max(id) as hi from (select id from participants where id > ${lo}::bigint and id <= ${run.max_participant_id}::bigint order by id limit ${size}) s`.execute(
        db,
      )
    : await sql<{
        hi: number | null;
      }>`select max(participant_id) as hi from (select participant_id from subsidy_snapshot where run_id = ${run.snapshot_run_id}::bigint and participant_id > ${lo}::bigint order by participant_id limit ${size}) s`.execute(
        db,
      );
  const hi = r.rows[0]?.hi;
  return hi === null || hi === undefined ? null : Number(hi);
}

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

/** Keyset chunks in waves of `parallel`; the watermark moves after a whole wave, so a crash redoes at most one wave. */
async function screenPhase(h: DbHandle, run: RunRow, o: ScreenOptions): Promise<void> {
  const size = o.chunkSize ?? 100_000;
  const parallel = Math.max(1, o.parallel ?? 2);
  const progress = o.progress ?? silentProgress;
  progress.total(run.max_participant_id);
  progress.tick(run.last_key);
  let lo = run.last_key;
  // Chunks of an interrupted wave may have committed past the watermark: drop them and redo the wave.
  await h.db
    .deleteFrom('subsidy_decisions')
    .where('run_id', '=', run.id)
    .where('participant_id', '>', lo)
    .execute();
  if (run.snapshot_run_id === run.id) {
    await h.db
      .deleteFrom('subsidy_snapshot')
      .where('run_id', '=', run.id)
      .where('participant_id', '>', lo)
      .execute();
  }
  for (;;) {
    const wave: Array<[number, number]> = [];
    for (let i = 0; i < parallel; i++) {
      const hi = await nextKey(h.db, run, wave.at(-1)?.[1] ?? lo, size);
      if (hi === null) break;
      wave.push([wave.at(-1)?.[1] ?? lo, hi]);
    }
    if (!wave.length) break;
    await Promise.all(wave.map(([a, b]) => screenOne(h.db, run, a, b)));
    const hi = wave.at(-1)![1];
    await h.db.updateTable('subsidy_runs').set({ last_key: hi }).where('id', '=', run.id).execute();
    progress.tick(hi - lo);
    o.onChunk?.(hi);
    lo = hi;
  }
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
 * Screens the participant base against a programme: a frozen snapshot of every participant's inputs
 * and one decision each, with every reason that applied. Resumable; a re-run evaluates an earlier
 * run's snapshot and frozen definition again and must give the same decisions.
 */
export async function runScreening(h: DbHandle, o: ScreenOptions, actor: Actor): Promise<ScreenResult> {
  assertRole(actor, ['admin', 'system']);
  const t0 = performance.now();
  const runId = o.resume ?? (await createRun(h.db, o, actor));
  if (o.resume)
    await h.db
      .updateTable('subsidy_runs')
      .set({ status: 'running', error: null })
      .where('id', '=', runId)
      .execute();
  o.onRun?.(runId);
  const run = await loadRun(h.db, runId);
  const timings: Record<string, number> = {};
  const phase = async (name: string, work: () => Promise<void>) => {
    const t = performance.now();
    await work();
    timings[name] = Math.round(performance.now() - t);
    await h.db
      .updateTable('subsidy_runs')
      .set({ timings_ms: JSON.stringify(timings) })
      .where('id', '=', runId)
      .execute();
  };
  try {
    if (run.phase === 'screen') await phase('screen', () => screenPhase(h, run, o));
    await h.db.updateTable('subsidy_runs').set({ phase: 'quota' }).where('id', '=', runId).execute();
    const counts = await countPhase(h.db, runId);
    const quota = run.definition.quota;
    // The quota is a sort of every eligible person: only worth it when it bites.
    if (quota !== null && counts.eligible > quota) {
      await phase(
        'quota',
        async () => void (await applyQuota(runId, run.snapshot_run_id, quota).execute(h.db)),
      );
      const over = counts.eligible - quota;
      counts.eligible = quota;
      counts.excluded += over;
      counts.reason_counts.over_quota = over;
    }
    await h.db.transaction().execute(async (trx) => {
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
      await recordAudit(trx, actor, o.rerunOf ? 'rerun' : 'screen', 'subsidy_run', String(runId), null, {
        programme: run.definition.code,
        rerun_of: o.rerunOf ?? null,
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
      seconds: (performance.now() - t0) / 1000,
    };
  } catch (e) {
    await h.db
      .updateTable('subsidy_runs')
      .set({ status: 'failed', error: e instanceof Error ? e.message : String(e) })
      .where('id', '=', runId)
      .execute();
    throw e;
  }
}
