import { z } from 'zod';
import { defineJob, JobCancelled, jobProgress } from '../../platform/jobs.ts';
import { withUploadFile } from '../../platform/upload-file.ts';
import type { Actor } from '../access/policy.ts';
import {
  COMMIT_LINES,
  commitLines,
  completeImport,
  failingImport,
  type ImportResult,
  lineRanges,
  prepareImport,
  type StagedImport,
} from './actions.ts';

const COMMIT_ATTEMPTS = 3;

/** The full error list stays in import_errors; the job keeps the counts. */
function summary(r: ImportResult) {
  const { errors, ...rest } = r;
  return { ...rest, errorCount: errors.length };
}

interface CommitNote {
  importId: number;
  phase: 'commit';
  staged: StagedImport;
  /** Date.now() when the commit began (the commit's seconds span the parent's pause). */
  commitStartedAt: number;
}

/**
 * A worker list import. The file is kept in the database (uploads), so any worker can run it. The
 * parent stages and checks the file; a file of more than one commit chunk is then committed by
 * line-range child jobs (`imports.commit`) that any worker runs in parallel, and the parent, queued
 * again when the last range is done, runs the closing checks and counts. A retried attempt before
 * the commit re-reads the file (the unique keys make committed rows "unchanged"); after it, it
 * only closes the import its checkpoint names.
 */
export const workerImportJob = defineJob({
  kind: 'imports.workers',
  params: z.object({
    upload_id: z.number().int(),
    employer_npp: z.string().optional(),
    dry_run: z.boolean().default(false),
    /** Line-range child jobs for the commit (default: 2 per worker of this process). */
    parts: z.number().int().min(1).max(256).optional(),
    /** Lines per committed chunk (default 20,000). */
    commit_lines: z.number().int().positive().optional(),
  }),
  resumeAfterChildren: true,
  async run(ctx) {
    const { db } = ctx.deps;
    const actor = ctx.actor as unknown as Actor;
    const opts = { dryRun: ctx.params.dry_run, keepDryRunReport: true };
    const note = ctx.saved as Partial<CommitNote> | null;
    if (note?.phase === 'commit' && note.staged) {
      const staged = note.staged;
      // Resumed when every range is committed (or retried while some are queued again).
      if ((await ctx.children()).some((k) => k.status !== 'done')) return note;
      const started = performance.now() - (Date.now() - (note.commitStartedAt ?? Date.now()));
      return summary(
        await failingImport(db, staged.importId, ctx.deps.clock, opts, () =>
          completeImport(db, staged, opts, actor, started),
        ),
      );
    }
    // An attempt that died while staging or checking: that import is abandoned, this one starts over.
    if (typeof note?.importId === 'number')
      await db
        .updateTable('import_jobs')
        .set({ status: 'failed', message: 'Diulang / Retried', finished_at: ctx.deps.clock.now() })
        .where('id', '=', note.importId)
        .where('status', '=', 'running')
        .execute();
    return withUploadFile(db, ctx.params.upload_id, async (file, fileName) => {
      const p = await prepareImport(
        ctx.deps.handle,
        {
          file,
          fileName,
          employerNpp: ctx.params.employer_npp,
          ...opts,
          progress: jobProgress(ctx),
          onJob: (id) => ctx.checkpoint({ importId: id }),
        },
        actor,
        ctx.deps.clock,
      );
      if ('prior' in p) return summary(p.prior);
      const staged = p.staged;
      const chunkLines = ctx.params.commit_lines ?? COMMIT_LINES;
      if (!staged.dryRun && staged.lastLine > chunkLines) {
        const ranges = lineRanges(
          staged.lastLine,
          ctx.params.parts ?? 2 * ctx.deps.config.workers,
          chunkLines,
        );
        const next: CommitNote = {
          importId: staged.importId,
          phase: 'commit',
          staged,
          commitStartedAt: Date.now(),
        };
        await ctx.checkpoint(next as unknown as Record<string, unknown>);
        await ctx.spawnChildren(
          importCommitJob.kind,
          ranges.map((r) => ({
            import_id: staged.importId,
            ...r,
            today: staged.today,
            commit_lines: chunkLines,
          })),
        );
        return next; // stays the job's note; the job resumes here when every range is committed
      }
      // One chunk (or a dry run): committed here, as in one process.
      return summary(
        await failingImport(db, staged.importId, ctx.deps.clock, opts, async () => {
          const t = performance.now();
          if (!staged.dryRun) await commitLines(db, staged.importId, 0, staged.lastLine, staged.today);
          return completeImport(db, staged, opts, actor, t);
        }),
      );
    });
  },
});

/** One line range (from, to] of an import's commit, in committed chunks. */
export const importCommitJob = defineJob({
  kind: 'imports.commit',
  params: z.object({
    import_id: z.number().int(),
    from: z.number().int(),
    to: z.number().int(),
    today: z.string(),
    commit_lines: z.number().int().positive().optional(),
  }),
  maxAttempts: COMMIT_ATTEMPTS,
  async run(ctx) {
    const { db } = ctx.deps;
    const { import_id, from, to } = ctx.params;
    await ctx.progress(0, to - from);
    try {
      await commitLines(db, import_id, from, to, ctx.params.today, {
        chunkLines: ctx.params.commit_lines,
        onChunk: async (hi) => {
          await ctx.progress(hi - from, to - from);
          await ctx.throwIfCancelled();
        },
      });
    } catch (e) {
      // Failed for good (or cancelled): the import says so.
      if (ctx.attempt >= COMMIT_ATTEMPTS || e instanceof JobCancelled || ctx.signal.aborted)
        await db
          .updateTable('import_jobs')
          .set({
            status: 'failed',
            finished_at: ctx.deps.clock.now(),
            message: e instanceof Error ? e.message : String(e),
          })
          .where('id', '=', import_id)
          .where('status', '<>', 'done')
          .execute();
      throw e;
    }
    return { from, to };
  },
});
