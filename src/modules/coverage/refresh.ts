/**
 * `lindung coverage refresh`: recomputes the deltas of the provinces whose participants changed since the
 * last run (all of them on the first run), one committed transaction per province, then rebuilds the
 * rollups of the regions those deltas touch in one transaction, so readers never see a half-built month.
 */
import { sql } from 'kysely';
import type { Database } from '../../platform/db.ts';
import { ConflictError } from '../../platform/errors.ts';
import { addMonths, parsePeriod } from '../../platform/period.ts';
import { type Progress, silentProgress } from '../../platform/progress.ts';
import { type ActiveBasis, activeBasis, contributionsSince } from './active.ts';
import { chunkDeltas, rollupsFromDeltas } from './refresh-sql.ts';

/** Months kept in the rollups: 3 years, enough for 12-month progress and 3/6/12-month paces. */
export const DEFAULT_WINDOW_MONTHS = 36;
/** A 'running' run older than this is taken to have crashed. */
const STALE_RUN_MINUTES = 120;

export interface RefreshOptions {
  now: Date;
  /** Last month of the window (default: the current month). */
  period?: string;
  months?: number;
  full?: boolean;
  progress?: Progress;
}

export interface RefreshResult {
  runId: number;
  startedAt: Date;
  mode: 'full' | 'incremental' | 'noop';
  activeBasis: ActiveBasis;
  windowStart: string;
  windowEnd: string;
  provinces: string[];
  deltaRows: number;
  rollupRows: number;
  timingsMs: { deltas: number; rollups: number; total: number };
}

interface LastRun {
  active_basis: string;
  window_start: string;
  window_end: string;
  participant_wm: number;
  event_wm: number;
}

async function lastDoneRun(db: Database): Promise<LastRun | undefined> {
  return db
    .selectFrom('coverage_runs')
    .select(['active_basis', 'window_start', 'window_end', 'participant_wm', 'event_wm'])
    .where('status', '=', 'done')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

async function assertNotRunning(db: Database, now: Date): Promise<void> {
  const since = new Date(now.getTime() - STALE_RUN_MINUTES * 60_000);
  const running = await db
    .selectFrom('coverage_runs')
    .select('id')
    .where('status', '=', 'running')
    .where('started_at', '>', since)
    .executeTakeFirst();
  if (running)
    throw new ConflictError(
      `Penyegaran cakupan #${running.id} sedang berjalan / coverage refresh is running`,
    );
}

async function watermarks(db: Database): Promise<{ participant: number; event: number }> {
  const r = await sql<{ p: number; e: number }>`select
    coalesce((select max(id) from participants), 0)::bigint as p,
    coalesce((select max(id) from employment_events), 0)::bigint as e`.execute(db);
  return { participant: Number(r.rows[0]?.p ?? 0), event: Number(r.rows[0]?.e ?? 0) };
}

/** Provinces whose participants were added, re-employed, updated or deleted since the watermarks. */
async function touchedProvinces(db: Database, last: LastRun): Promise<string[]> {
  // On a Citus coordinator participants is distributed and carries no triggers (platform/citus.ts):
  // updates and deletes are not marked, so every province counts as touched.
  const marked = await sql`select 1 from pg_trigger where tgname = 'coverage_participants_updated'`.execute(
    db,
  );
  if (!marked.rows.length) return allProvinces(db);
  const r = await sql<{ code: string }>`
    select province_code as code from participants where id > ${last.participant_wm}
    union select p.province_code from employment_events v join participants p on p.id = v.participant_id
      where v.id > ${last.event_wm}
    union select province_code from coverage_dirty
    order by 1`.execute(db);
  return r.rows.map((x) => x.code);
}

async function allProvinces(db: Database): Promise<string[]> {
  const rows = await db.selectFrom('regions').select('code').where('level', '=', 1).orderBy('code').execute();
  return rows.map((r) => r.code);
}

interface Plan {
  basis: ActiveBasis;
  start: string;
  end: string;
  mode: RefreshResult['mode'];
  provinces: string[];
  rebuildAll: boolean;
}

async function plan(db: Database, o: RefreshOptions): Promise<Plan> {
  const basis = await activeBasis(db);
  const end = parsePeriod(o.period ?? o.now.toISOString().slice(0, 7));
  let start = addMonths(end, -((o.months ?? DEFAULT_WINDOW_MONTHS) - 1));
  if (basis === 'contributions') {
    const since = await contributionsSince(db);
    if (since && since > start && since <= end) start = since;
  }
  const last = await lastDoneRun(db);
  const full = !!o.full || !last || last.active_basis !== basis || start < last.window_start;
  if (full || !last)
    return { basis, start, end, mode: 'full', provinces: await allProvinces(db), rebuildAll: true };
  const provinces = await touchedProvinces(db, last);
  const rebuildAll = end !== last.window_end || start !== last.window_start;
  const mode = provinces.length || rebuildAll ? 'incremental' : 'noop';
  return { basis, start, end, mode, provinces, rebuildAll };
}

/** Refreshes the coverage rollups; see the module comment. Safe to re-run; a no-op when nothing changed. */
export async function refreshCoverage(db: Database, o: RefreshOptions): Promise<RefreshResult> {
  await assertNotRunning(db, o.now);
  const t0 = performance.now();
  // Watermarks first: a row added while planning is then caught by this run or the next, never lost.
  const wm = await watermarks(db);
  const p = await plan(db, o);
  const run = await db
    .insertInto('coverage_runs')
    .values({
      mode: p.mode,
      active_basis: p.basis,
      window_start: p.start,
      window_end: p.end,
      provinces: p.provinces,
      participant_wm: wm.participant,
      event_wm: wm.event,
      status: p.mode === 'noop' ? 'done' : 'running',
      finished_at: p.mode === 'noop' ? sql<Date>`now()` : null,
    })
    .returning(['id', 'started_at'])
    .executeTakeFirstOrThrow();
  const result: RefreshResult = {
    runId: run.id,
    startedAt: new Date(run.started_at),
    mode: p.mode,
    activeBasis: p.basis,
    windowStart: p.start,
    windowEnd: p.end,
    provinces: p.provinces,
    deltaRows: 0,
    rollupRows: 0,
    timingsMs: { deltas: 0, rollups: 0, total: 0 },
  };
  if (p.mode === 'noop') return result;
  try {
    await runPlan(db, p, result, o.progress ?? silentProgress);
  } catch (e) {
    await db
      .updateTable('coverage_runs')
      .set({ status: 'failed', finished_at: sql<Date>`now()`, message: String(e) })
      .where('id', '=', run.id)
      .execute();
    throw e;
  }
  result.timingsMs.total = Math.round(performance.now() - t0);
  await db
    .updateTable('coverage_runs')
    .set({
      status: 'done',
      finished_at: sql<Date>`now()`,
      delta_rows: result.deltaRows,
      rollup_rows: result.rollupRows,
      timings_ms: JSON.stringify(result.timingsMs),
    })
    .where('id', '=', run.id)
    .execute();
  return result;
}

/**
 * For this transaction only: JIT compilation costs more than it saves on these one-off statements, and
 * the aggregations fit in memory with a larger work_mem.
 */
async function tuneSession(trx: Database): Promise<void> {
  await sql`set local jit = off`.execute(trx);
  await sql`set local work_mem = '256MB'`.execute(trx);
}

async function runPlan(db: Database, p: Plan, result: RefreshResult, progress: Progress): Promise<void> {
  progress.total(p.provinces.length);
  const affected = new Set<string>();
  const t0 = performance.now();
  for (const [i, province] of p.provinces.entries()) {
    await db.transaction().execute(async (trx) => {
      await tuneSession(trx);
      const before = await trx
        .selectFrom('coverage_deltas')
        .select('region_code')
        .distinct()
        .where('chunk', '=', province)
        .execute();
      for (const r of before) affected.add(r.region_code);
      await trx.deleteFrom('coverage_deltas').where('chunk', '=', province).execute();
      const ins = await chunkDeltas(p.basis, province, p.start).execute(trx);
      result.deltaRows += Number(ins.numAffectedRows ?? 0);
      const after = await trx
        .selectFrom('coverage_deltas')
        .select('region_code')
        .distinct()
        .where('chunk', '=', province)
        .execute();
      for (const r of after) affected.add(r.region_code);
      // A mark made after this run started stays for the next run.
      await trx
        .deleteFrom('coverage_dirty')
        .where('province_code', '=', province)
        .where('marked_at', '<', result.startedAt)
        .execute();
      await trx
        .updateTable('coverage_runs')
        .set({ provinces_done: i + 1 })
        .where('id', '=', result.runId)
        .execute();
    });
    progress.tick(1);
  }
  const t1 = performance.now();
  await db.transaction().execute(async (trx) => {
    await tuneSession(trx);
    const codes = p.rebuildAll ? null : [...affected];
    if (codes)
      await trx
        .deleteFrom('coverage_rollups')
        .where('region_code', 'in', codes.length ? codes : [''])
        .execute();
    else await trx.deleteFrom('coverage_rollups').execute();
    if (codes && !codes.length) return;
    const ins = await rollupsFromDeltas(p.start, p.end, codes).execute(trx);
    result.rollupRows = Number(ins.numAffectedRows ?? 0);
  });
  await sql`analyze coverage_rollups`.execute(db);
  result.timingsMs.deltas = Math.round(t1 - t0);
  result.timingsMs.rollups = Math.round(performance.now() - t1);
  progress.done(
    `coverage ${result.mode}: ${p.provinces.length} provinces, ${result.deltaRows} delta rows, ` +
      `${result.rollupRows} rollup rows, ${p.start}..${p.end} (${p.basis})`,
  );
}

/** For writers outside the watermarks' sight (e.g. coverage_spans): the next refresh redoes these provinces. */
export async function markCoverageStale(db: Database, provinces: string[]): Promise<void> {
  if (!provinces.length) return;
  await db
    .insertInto('coverage_dirty')
    .values(provinces.map((province_code) => ({ province_code })))
    .onConflict((oc) => oc.column('province_code').doNothing())
    .execute();
}

/** The latest finished run: what the rollups hold. */
export async function latestRun(db: Database) {
  return db
    .selectFrom('coverage_runs')
    .selectAll()
    .where('status', '=', 'done')
    .where('mode', '<>', 'noop')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}
