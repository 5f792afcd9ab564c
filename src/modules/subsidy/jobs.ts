import { z } from 'zod';
import { defineJob, JobCancelled } from '../../platform/jobs.ts';
import { withUploadFile } from '../../platform/upload-file.ts';
import type { Actor } from '../access/policy.ts';
import { importBankResults } from './bank-results.ts';
import { rebatchFailures } from './batches.ts';
import { loadRun } from './run-setup.ts';
import {
  beginRun,
  failRun,
  finishScreening,
  keyRanges,
  keySpace,
  saveTiming,
  screenRange,
} from './screening.ts';

const RANGE_ATTEMPTS = 3;

/**
 * A screening run. The screen phase (all the work) fans out as child jobs over participant-key ranges
 * that any worker runs in parallel; when every range is screened the run continues here with the
 * totals and the quota. A retried attempt resumes the run it created (saved as a checkpoint), and a
 * retried range screens only what none of its chunks committed.
 */
export const screeningJob = defineJob({
  kind: 'subsidy.screen',
  params: z.object({
    programme_id: z.number().int().optional(),
    rerun_of: z.number().int().optional(),
    quota: z.number().int().positive().nullable().optional(),
    /** Continue an interrupted run. */
    resume: z.number().int().optional(),
    chunk_size: z.number().int().positive().optional(),
    /** Key ranges (child jobs) for the screen phase (default: 2 per worker of this process). */
    parts: z.number().int().min(1).max(256).optional(),
    /** The earlier name of `parts` (chunks at once), still accepted. */
    parallel: z.number().int().positive().max(256).optional(),
  }),
  resumeAfterChildren: true,
  async run(ctx) {
    const { db } = ctx.deps;
    const actor = ctx.actor as unknown as Actor;
    const savedRun = typeof ctx.saved?.runId === 'number' ? ctx.saved.runId : undefined;
    const startedAt = typeof ctx.saved?.startedAt === 'number' ? ctx.saved.startedAt : Date.now();
    const resume = savedRun ?? ctx.params.resume;
    const run = await beginRun(
      db,
      {
        programme: resume ? undefined : ctx.params.programme_id,
        rerunOf: resume ? undefined : ctx.params.rerun_of,
        resume,
        quota: ctx.params.quota,
      },
      actor,
    );
    const note = { runId: run.id, startedAt };
    if (savedRun === undefined) await ctx.checkpoint(note);
    try {
      if (run.phase === 'screen') {
        const kids = await ctx.children();
        // A retried parent whose failed ranges were queued again: it goes on when they are done.
        if (kids.some((k) => k.status !== 'done')) return note;
        if (!kids.length) {
          const parts = ctx.params.parts ?? ctx.params.parallel ?? 2 * ctx.deps.config.workers;
          const ranges = keyRanges(await keySpace(db, run), parts);
          if (ranges.length) {
            await ctx.spawnChildren(
              screeningRangeJob.kind,
              ranges.map((r) => ({ run_id: run.id, ...r, chunk_size: ctx.params.chunk_size })),
            );
            return note; // stays the job's note; the job resumes here when every range is screened
          }
        }
        await saveTiming(db, run.id, 'screen', Date.now() - startedAt);
      }
      return await finishScreening(db, run, actor, { startedAt });
    } catch (e) {
      await failRun(db, run.id, e);
      throw e;
    }
  },
});

/** One participant-key range (lo, hi] of a screening run's screen phase, in committed chunks. */
export const screeningRangeJob = defineJob({
  kind: 'subsidy.screen_range',
  params: z.object({
    run_id: z.number().int(),
    lo: z.number().int(),
    hi: z.number().int(),
    chunk_size: z.number().int().positive().optional(),
  }),
  maxAttempts: RANGE_ATTEMPTS,
  async run(ctx) {
    const { db } = ctx.deps;
    const { lo, hi } = ctx.params;
    const run = await loadRun(db, ctx.params.run_id);
    // A retried range after a failed attempt: the run is running again.
    await db
      .updateTable('subsidy_runs')
      .set({ status: 'running', error: null })
      .where('id', '=', run.id)
      .where('status', '=', 'failed')
      .execute();
    try {
      await screenRange(db, run, lo, hi, {
        chunkSize: ctx.params.chunk_size,
        onProgress: (done) => ctx.progress(done, hi - lo),
        onChunk: () => ctx.throwIfCancelled(),
      });
    } catch (e) {
      // Failed for good (or cancelled): the run says so; a retry of the job runs it again.
      if (ctx.attempt >= RANGE_ATTEMPTS || e instanceof JobCancelled || ctx.signal.aborted)
        await failRun(db, run.id, e);
      throw e;
    }
    return { lo, hi };
  },
});

export const rebatchJob = defineJob({
  kind: 'subsidy.rebatch',
  params: z.object({
    run_id: z.number().int(),
    tranche: z.number().int(),
    max_size: z.number().int().optional(),
  }),
  queue: (p) => `subsidy-batches:${p.run_id}`,
  maxAttempts: 1,
  async run(ctx) {
    return rebatchFailures(ctx.deps.db, ctx.actor as unknown as Actor, ctx.params.run_id, {
      tranche: ctx.params.tranche,
      maxSize: ctx.params.max_size,
    });
  },
});

export const bankResultsJob = defineJob({
  kind: 'subsidy.bank_results',
  params: z.object({ upload_id: z.number().int() }),
  async run(ctx) {
    return withUploadFile(ctx.deps.db, ctx.params.upload_id, (file, name) =>
      importBankResults(ctx.deps.db, ctx.actor as unknown as Actor, file, name),
    );
  },
});
