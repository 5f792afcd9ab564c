/**
 * Background jobs on graphile-worker (PostgreSQL-backed: SKIP LOCKED, LISTEN/NOTIFY, cron, retries).
 * See docs/decisions/0009-embedded-postgres-and-jobs.md.
 *
 * A job is a row in `jobs` (who started it, kind, params, status, progress, result, error) plus a
 * graphile-worker job that carries only `{ jobId }`. Handlers are registered per kind with
 * `defineJob`; the kinds of every module are assembled in `src/jobs.ts`.
 *
 * How to add a job kind (a module's `jobs.ts`):
 *
 *     export const billingJob = defineJob({
 *       kind: 'billing.run',
 *       params: z.object({ period: z.string() }),
 *       async run(ctx) {              // ctx.deps, ctx.params, ctx.actor, ctx.progress(done, total)
 *         ...resumable chunks...      // ctx.throwIfCancelled() between chunks
 *         return { invoices: 12 };    // the result, stored as JSON on the job row
 *       },
 *     });
 *
 * then list it in `src/jobs.ts`, and start it with `startJob(deps, kind, params, actor)` from
 * `modules/jobs/actions.ts` (it also writes the audit entry). Routes answer 202 with the job row.
 *
 * Handlers must be resumable: a killed worker's job is retried (after its heartbeat goes stale)
 * and must continue from its committed chunks without duplicates. A handler may split its work
 * into child jobs (`ctx.spawnChildren`), which any worker runs in parallel; the parent's
 * `afterChildren` runs once, on the worker that finishes the last child.
 */
import os from 'node:os';
import { Logger, parseCronItems, type Runner, run, runMigrations, runOnce, type Task } from 'graphile-worker';
import { sql } from 'kysely';
import type { z } from 'zod';
import { hasCitus } from './citus.ts';
import type { Database, DbHandle } from './db.ts';
import type { Deps } from './deps.ts';
import { ValidationError } from './errors.ts';
import type { Progress } from './progress.ts';

export type JobStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

/** Who started a job: a person (the access module's Actor, stored whole) or a schedule. */
export interface JobActor {
  userId: number | null;
  username: string;
  [k: string]: unknown;
}

/**
 * Who starts a scheduled job: the system, named after the schedule (`jadwal:billing-monthly`), so the
 * rows and audit entries of the job say which schedule caused them. It has the system's role: a
 * handler that checks the starter's role (fines, registry changes) accepts it, as it did the CLI.
 */
export function scheduleActor(name: string): JobActor {
  return {
    userId: null,
    username: `jadwal:${name}`,
    role: 'system',
    regionCodes: [],
    employerId: null,
    partnerId: null,
  };
}

export interface JobContext<P> {
  jobId: number;
  deps: Deps;
  params: P;
  actor: JobActor;
  /** Records progress (done of total, rate computed from the start); cheap to call often. */
  progress(done: number, total?: number | null): Promise<void>;
  /** Throws when someone asked to cancel the job; call between chunks. */
  throwIfCancelled(): Promise<void>;
  signal: AbortSignal;
  /** Splits the work into child jobs that run in parallel on any worker. */
  spawnChildren(kind: string, params: unknown[]): Promise<number[]>;
  /** The child jobs spawned so far (on a resumed parent: to see whether they are all done). */
  children(): Promise<JobRow[]>;
  /**
   * True when some child is not done yet (a retried parent whose failed children were queued again):
   * the attempt should then return, and it ends waiting — the last child to finish resumes the parent,
   * even if that happens before this attempt has returned.
   */
  childrenPending(): Promise<boolean>;
  attempt: number;
  /** What an earlier attempt saved with `checkpoint` (e.g. the run id to resume), or null. */
  saved: Record<string, unknown> | null;
  /** Saves a small JSON note on the job row now, so a retried attempt can resume from it. */
  checkpoint(note: Record<string, unknown>): Promise<void>;
}

export interface JobDefinition<P = unknown> {
  kind: string;
  params: z.ZodType<P>;
  /** Attempts before the job is marked failed (default 3; resumable runs retry safely). */
  maxAttempts?: number;
  /** Jobs of one queue run one at a time (e.g. one billing run per period). */
  queue?: (params: P) => string | undefined;
  run(ctx: JobContext<P>): Promise<unknown>;
  /** Runs once when every child job is done; its return value becomes the parent's result. */
  afterChildren?(ctx: JobContext<P>, children: JobRow[]): Promise<unknown>;
  /**
   * Instead of `afterChildren`: when every child is done, the parent is queued again and its
   * `run` continues (fan out a phase, then carry on with the next ones on any worker).
   */
  resumeAfterChildren?: boolean;
}

export interface JobRow {
  id: number;
  kind: string;
  params: unknown;
  status: JobStatus;
  parent_id: number | null;
  created_by: number | null;
  created_by_name: string;
  schedule: string | null;
  progress_done: number;
  progress_total: number | null;
  rate: number | null;
  result: unknown;
  error: string | null;
  attempts: number;
  cancel_requested: boolean;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  heartbeat_at: Date | null;
}

const registry = new Map<string, JobDefinition<never>>();

export function defineJob<P>(def: JobDefinition<P>): JobDefinition<P> {
  return def;
}

export function registerJobs(defs: JobDefinition<never>[]): void {
  for (const d of defs) registry.set(d.kind, d);
}

export function jobDefinition(kind: string): JobDefinition<never> | undefined {
  return registry.get(kind);
}

export class JobCancelled extends Error {
  constructor() {
    super('Dibatalkan / Cancelled');
  }
}

/** graphile-worker's own schema (its migrations); idempotent, run with ours. */
export async function migrateJobEngine(h: DbHandle): Promise<void> {
  await runMigrations({ pgPool: h.pool, logger: quietLogger });
}

const quietLogger = new Logger(() => () => {});

/**
 * Inserts the job row and its graphile-worker job in the caller's transaction (`db` may be one),
 * so a job exists exactly when the work that asked for it committed.
 */
export async function enqueue(
  db: Database,
  kind: string,
  params: unknown,
  actor: JobActor,
  opts: { parentId?: number; schedule?: string } = {},
): Promise<JobRow> {
  const def = registry.get(kind);
  if (!def) throw new Error(`unknown job kind ${kind}`);
  const parsed = def.params.parse(params);
  const row = await db
    .insertInto('jobs')
    .values({
      kind,
      params: JSON.stringify(parsed),
      actor: JSON.stringify(actor),
      created_by: actor.userId,
      created_by_name: actor.username,
      parent_id: opts.parentId ?? null,
      schedule: opts.schedule ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await addGraphileJob(db, row.id, kind, def, parsed);
  return row as unknown as JobRow;
}

async function addGraphileJob(
  db: Database,
  jobId: number,
  kind: string,
  def: JobDefinition<never>,
  params: unknown,
) {
  const queue = def.queue?.(params as never) ?? null;
  await sql`select graphile_worker.add_job(${kind}, json_build_object('jobId', ${jobId}::bigint), ${queue}::text,
    null, ${def.maxAttempts ?? 3}::int)`.execute(db);
}

export async function getJob(db: Database, id: number): Promise<JobRow | undefined> {
  return (await db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst()) as
    | JobRow
    | undefined;
}

/** Asks a job to stop: a queued job is cancelled at once, a running one at its next chunk. */
export async function requestCancel(db: Database, id: number): Promise<JobRow | undefined> {
  await db
    .updateTable('jobs')
    .set({ cancel_requested: true })
    .where((eb) => eb.or([eb('id', '=', id), eb('parent_id', '=', id)]))
    .where('status', 'in', ['queued', 'running'])
    .execute();
  await db
    .updateTable('jobs')
    .set({ status: 'cancelled', finished_at: new Date() })
    .where((eb) => eb.or([eb('id', '=', id), eb('parent_id', '=', id)]))
    .where('status', '=', 'queued')
    .execute();
  return getJob(db, id);
}

/** Runs a failed or cancelled job again; a resumable handler continues from its committed chunks. */
export async function retry(db: Database, id: number): Promise<JobRow | undefined> {
  const job = await getJob(db, id);
  if (!job || (job.status !== 'failed' && job.status !== 'cancelled')) return job;
  const def = registry.get(job.kind);
  if (!def) return job;
  const inTransaction = <T>(fn: (trx: Database) => Promise<T>) =>
    db.isTransaction ? fn(db) : db.transaction().execute(fn);
  await inTransaction(async (trx) => {
    const again = await trx
      .updateTable('jobs')
      .set({ status: 'queued', error: null, cancel_requested: false, finished_at: null })
      .where((eb) => eb.or([eb('id', '=', id), eb('parent_id', '=', id)]))
      .where('status', 'in', ['failed', 'cancelled'])
      .returning(['id', 'kind', 'params'])
      .execute();
    for (const j of again) await addGraphileJob(trx, j.id, j.kind, registry.get(j.kind) ?? def, j.params);
  });
  return getJob(db, id);
}

const HEARTBEAT_MS = 5_000;
/** A running job whose heartbeat is older than this belongs to a dead worker and is taken over. */
const STALE_MS = Number(process.env.LINDUNG_JOB_STALE_MS ?? 30_000);

async function execute(deps: Deps, jobId: number, attempt: number, maxAttempts: number): Promise<void> {
  const db = deps.db;
  const job = await getJob(db, jobId);
  if (!job || job.status === 'done' || job.status === 'cancelled') return;
  const def = registry.get(job.kind);
  if (!def) throw new Error(`unknown job kind ${job.kind}`);
  if (job.cancel_requested) {
    await finish(db, jobId, 'cancelled');
    return;
  }
  const startedAt = job.started_at ?? new Date();
  await db
    .updateTable('jobs')
    .set({
      status: 'running',
      started_at: startedAt,
      heartbeat_at: new Date(),
      attempts: attempt,
      error: null,
    })
    .where('id', '=', jobId)
    .execute();
  const abort = new AbortController();
  let lastWrite = 0;
  let pending: { done: number; total?: number | null } | undefined;
  const flush = async () => {
    const p = pending;
    pending = undefined;
    const secs = (Date.now() - startedAt.getTime()) / 1000;
    const row = await db
      .updateTable('jobs')
      .set({
        heartbeat_at: new Date(),
        ...(p
          ? {
              progress_done: p.done,
              ...(p.total !== undefined ? { progress_total: p.total } : {}),
              rate: secs > 0 ? Math.round((p.done / secs) * 10) / 10 : null,
            }
          : {}),
      })
      .where('id', '=', jobId)
      .returning('cancel_requested')
      .executeTakeFirst();
    if (row?.cancel_requested) abort.abort();
  };
  const beat = setInterval(() => void flush().catch(() => {}), HEARTBEAT_MS);
  let spawned = false;
  const ctx: JobContext<never> = {
    jobId,
    deps,
    params: def.params.parse(job.params) as never,
    actor: (job as unknown as { actor: JobActor }).actor,
    attempt,
    signal: abort.signal,
    saved: (job.result as Record<string, unknown> | null) ?? null,
    async checkpoint(note) {
      await db
        .updateTable('jobs')
        .set({ result: JSON.stringify(note) })
        .where('id', '=', jobId)
        .execute();
    },
    async progress(done, total) {
      pending = { done, total };
      if (Date.now() - lastWrite > 500) {
        lastWrite = Date.now();
        await flush();
      }
    },
    async throwIfCancelled() {
      if (abort.signal.aborted) throw new JobCancelled();
      const r = await db
        .selectFrom('jobs')
        .select('cancel_requested')
        .where('id', '=', jobId)
        .executeTakeFirst();
      if (r?.cancel_requested) throw new JobCancelled();
    },
    async children() {
      return (await db
        .selectFrom('jobs')
        .selectAll()
        .where('parent_id', '=', jobId)
        .orderBy('id')
        .execute()) as unknown as JobRow[];
    },
    async childrenPending() {
      const pending = (await ctx.children()).some((c) => c.status !== 'done');
      if (pending) spawned = true; // waiting, exactly as after spawning
      return pending;
    },
    async spawnChildren(kind, list) {
      spawned = true;
      const ids: number[] = [];
      await db.transaction().execute(async (trx) => {
        // A retried parent must not spawn its children twice.
        const existing = await trx.selectFrom('jobs').select('id').where('parent_id', '=', jobId).execute();
        if (existing.length) {
          ids.push(...existing.map((e) => e.id));
          return;
        }
        for (const p of list)
          ids.push(
            (await enqueue(trx, kind, p, ctx.actor, { parentId: jobId, schedule: job.schedule ?? undefined }))
              .id,
          );
      });
      await db.updateTable('jobs').set({ progress_total: null }).where('id', '=', jobId).execute();
      return ids;
    },
  };
  try {
    const result = await def.run(ctx);
    if (pending) await flush();
    const children = await db
      .selectFrom('jobs')
      .select(['id', 'status'])
      .where('parent_id', '=', jobId)
      .execute();
    if (spawned || children.some((c) => c.status !== 'done')) {
      // The parent stays running; the worker that finishes the last child completes it. Children
      // spawned by this attempt may all be done already (fast workers): then the last of them found
      // the parent running and either completed it or queued it again, or it is completed here.
      await db
        .updateTable('jobs')
        .set({ result: JSON.stringify(result ?? null) })
        .where('id', '=', jobId)
        .where('status', 'not in', ['done', 'failed', 'cancelled'])
        .execute();
      await maybeFinishParent(deps, jobId);
    } else {
      await finish(db, jobId, 'done', result);
    }
  } catch (e) {
    if (e instanceof JobCancelled || abort.signal.aborted) {
      await finish(db, jobId, 'cancelled');
      return;
    }
    const message = e instanceof Error ? e.message : String(e);
    // Refused input (a broken file, a bad parameter) is the same on every attempt: no retries.
    if (attempt >= maxAttempts || e instanceof ValidationError) {
      await finish(db, jobId, 'failed', undefined, message);
      if (job.parent_id) await finish(db, job.parent_id, 'failed', undefined, message);
      logError?.(e, { jobId, kind: job.kind, attempt });
      return;
    }
    await db.updateTable('jobs').set({ status: 'queued', error: message }).where('id', '=', jobId).execute();
    logError?.(e, { jobId, kind: job.kind, attempt, retrying: true });
    throw e; // graphile-worker retries with backoff
  } finally {
    clearInterval(beat);
  }
  if (job.parent_id) await maybeFinishParent(deps, job.parent_id);
}

async function finish(
  db: Database,
  id: number,
  status: JobStatus,
  result?: unknown,
  error?: string,
): Promise<void> {
  await db
    .updateTable('jobs')
    .set({
      status,
      finished_at: new Date(),
      heartbeat_at: new Date(),
      ...(result !== undefined ? { result: JSON.stringify(result ?? null) } : {}),
      ...(error !== undefined ? { error } : {}),
    })
    .where('id', '=', id)
    .where('status', 'not in', ['done', 'failed', 'cancelled'])
    .execute();
}

/**
 * Completes a parent when all its children are done: once, under a row lock on the parent, in the
 * same transaction as its `afterChildren` step (a concurrent finisher waits, then finds it done).
 */
async function maybeFinishParent(deps: Deps, parentId: number): Promise<void> {
  try {
    await deps.db.transaction().execute(async (trx) => {
      const parent = (await trx
        .selectFrom('jobs')
        .selectAll()
        .where('id', '=', parentId)
        .forUpdate()
        .executeTakeFirst()) as unknown as (JobRow & { actor: JobActor }) | undefined;
      if (parent?.status !== 'running') return;
      const children = (await trx
        .selectFrom('jobs')
        .selectAll()
        .where('parent_id', '=', parentId)
        .execute()) as unknown as JobRow[];
      if (!children.length || children.some((c) => c.status !== 'done')) return;
      const def = registry.get(parent.kind);
      if (def?.resumeAfterChildren) {
        await trx.updateTable('jobs').set({ status: 'queued' }).where('id', '=', parentId).execute();
        await addGraphileJob(trx, parentId, parent.kind, def, parent.params);
        return;
      }
      let result = parent.result;
      if (def?.afterChildren) {
        const ctx = {
          jobId: parentId,
          deps: { ...deps, db: trx },
          params: def.params.parse(parent.params),
          actor: parent.actor,
          attempt: 1,
          signal: new AbortController().signal,
          progress: async () => {},
          throwIfCancelled: async () => {},
          spawnChildren: async () => [],
          children: async () => children,
          childrenPending: async () => false,
          saved: null,
          checkpoint: async () => {},
        } as JobContext<never>;
        result = await def.afterChildren(ctx, children);
      }
      await finish(trx, parentId, 'done', result);
    });
  } catch (e) {
    await finish(deps.db, parentId, 'failed', undefined, e instanceof Error ? e.message : String(e));
    logError?.(e, { jobId: parentId });
  }
}

/**
 * Jobs of dead workers (heartbeat stale while `running`) are unlocked so another worker resumes
 * them from their committed chunks. Runs when a worker starts and every few seconds after.
 */
export async function recoverStaleJobs(db: Database): Promise<number> {
  const stale = await sql<{ locked_by: string }>`
    select distinct g.locked_by from graphile_worker._private_jobs g
    join jobs j on (g.payload->>'jobId')::bigint = j.id
    where g.locked_by is not null and j.status = 'running'
      and j.heartbeat_at < now() - make_interval(secs => ${STALE_MS / 1000})`.execute(db);
  if (!stale.rows.length) return 0;
  await sql`select graphile_worker.force_unlock_workers(${stale.rows.map((r) => r.locked_by)}::text[])`.execute(
    db,
  );
  return stale.rows.length;
}

function taskListFor(deps: Deps): Record<string, Task> {
  const taskList: Record<string, Task> = {};
  for (const kind of registry.keys()) {
    taskList[kind] = async (payload, helpers) => {
      const { jobId } = payload as { jobId: number };
      await execute(deps, jobId, helpers.job.attempts, helpers.job.max_attempts);
    };
  }
  return taskList;
}

/**
 * Runs every queued job (and the child jobs they spawn) in this process until none is left, then
 * returns: tests use it after a request answered 202, the CLI's `--now` style paths too.
 */
export async function runQueuedJobs(deps: Deps): Promise<void> {
  for (let round = 0; round < 50; round++) {
    await runOnce({ pgPool: deps.handle.pool, logger: quietLogger, taskList: taskListFor(deps) });
    const left = await sql<{ n: number }>`select count(*)::int as n from graphile_worker._private_jobs
      where locked_at is null and attempts < max_attempts and run_at <= now()`.execute(deps.db);
    if (!left.rows[0]?.n) return;
  }
}

export interface CronEntry {
  /** Stable name, shown to admins, switched on and off in `job_schedules`. */
  name: string;
  /** Standard 5-field cron pattern, in UTC. */
  pattern: string;
  /** Decides what to start for the moment `at` (null: nothing this time). */
  plan(deps: Deps, at: Date): Promise<{ kind: string; params: unknown } | null>;
}

let logError: ((e: unknown, meta: Record<string, unknown>) => void) | undefined;

export interface WorkerOptions {
  concurrency?: number;
  schedules?: CronEntry[];
  onError?: (e: unknown, meta: Record<string, unknown>) => void;
}

/** Runs workers in this process until `stop()`: `lindung serve` (with the schedules) and `lindung worker`. */
export async function startWorkers(deps: Deps, o: WorkerOptions = {}): Promise<{ stop(): Promise<void> }> {
  logError = o.onError;
  const taskList = taskListFor(deps);
  const schedules = o.schedules ?? [];
  taskList['lindung.schedule'] = async (payload, helpers) => {
    const { name } = payload as { name: string; _cron?: { ts: string } };
    const entry = schedules.find((s) => s.name === name);
    if (!entry) return;
    const row = await deps.db
      .selectFrom('job_schedules')
      .select('enabled')
      .where('name', '=', name)
      .executeTakeFirst();
    if (row && !row.enabled) return;
    const at = new Date((payload as { _cron?: { ts: string } })._cron?.ts ?? Date.now());
    const plan = await entry.plan(deps, at);
    if (!plan) return;
    await enqueue(deps.db, plan.kind, plan.params, scheduleActor(name), { schedule: name });
    helpers.logger.info(`schedule ${name} started ${plan.kind}`);
  };
  if (schedules.length) {
    await deps.db
      .insertInto('job_schedules')
      .values(schedules.map((s) => ({ name: s.name, pattern: s.pattern })))
      .onConflict((oc) => oc.column('name').doUpdateSet((eb) => ({ pattern: eb.ref('excluded.pattern') })))
      .execute();
  }
  await recoverStaleJobs(deps.db).catch(() => 0);
  // On a Citus coordinator one job at a time by default: every chunk already runs on all worker
  // nodes at once, and two billing chunks side by side (each writing invoices, lines and the run's
  // reference rows) were cancelled as a distributed deadlock (decision 0015).
  const defaultConcurrency = (await hasCitus(deps.handle).catch(() => false)) ? 1 : os.availableParallelism();
  const runner: Runner = await run({
    pgPool: deps.handle.pool,
    concurrency: o.concurrency ?? defaultConcurrency,
    noHandleSignals: true,
    pollInterval: 1000,
    logger: quietLogger,
    taskList,
    parsedCronItems: parseCronItems(
      schedules.map((s) => ({
        task: 'lindung.schedule',
        match: s.pattern,
        identifier: s.name,
        payload: { name: s.name },
        options: { backfillPeriod: 0, maxAttempts: 1 },
      })),
    ),
  });
  const sweep = setInterval(
    () => void recoverStaleJobs(deps.db).catch(() => 0),
    Math.max(1000, STALE_MS / 3),
  );
  return {
    async stop() {
      clearInterval(sweep);
      await runner.stop();
    },
  };
}

/** Polls a job until it ends (the CLI's default), reporting progress. */
export async function waitForJob(
  db: Database,
  id: number,
  onProgress: (job: JobRow) => void = () => {},
  intervalMs = 300,
): Promise<JobRow> {
  for (;;) {
    const job = await getJob(db, id);
    if (!job) throw new Error(`job ${id} not found`);
    onProgress(job);
    if (job.status === 'done' || job.status === 'failed' || job.status === 'cancelled') return job;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** The batch code's Progress (total/tick/done) reported onto the job row. */
export function jobProgress(ctx: Pick<JobContext<unknown>, 'progress'>): Progress {
  let total: number | null = null;
  let done = 0;
  return {
    total(n) {
      total = n;
      void ctx.progress(done, total).catch(() => {});
    },
    tick(n = 1) {
      done += n;
      void ctx.progress(done, total).catch(() => {});
    },
    done() {},
  };
}
