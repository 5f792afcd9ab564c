import { z } from 'zod';
import { defineJob, jobProgress } from '../../platform/jobs.ts';
import { withUploadFile } from '../../platform/upload-file.ts';
import type { Actor } from '../access/policy.ts';
import { importBankResults } from './bank-results.ts';
import { rebatchFailures } from './batches.ts';
import { runScreening } from './screening.ts';

/** A screening run; a retried attempt resumes the run it created (saved as a checkpoint). */
export const screeningJob = defineJob({
  kind: 'subsidy.screen',
  params: z.object({
    programme_id: z.number().int().optional(),
    rerun_of: z.number().int().optional(),
    quota: z.number().int().positive().nullable().optional(),
  }),
  async run(ctx) {
    const resume = typeof ctx.saved?.runId === 'number' ? ctx.saved.runId : undefined;
    return runScreening(
      ctx.deps.handle,
      {
        programme: resume ? undefined : ctx.params.programme_id,
        rerunOf: resume ? undefined : ctx.params.rerun_of,
        resume,
        quota: ctx.params.quota,
        progress: jobProgress(ctx),
        onRun: (runId) => void ctx.checkpoint({ runId }).catch(() => {}),
      },
      ctx.actor as unknown as Actor,
    );
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
