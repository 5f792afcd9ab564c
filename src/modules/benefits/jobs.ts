import { z } from 'zod';
import { defineJob } from '../../platform/jobs.ts';
import { withUploadFile } from '../../platform/upload-file.ts';
import type { Actor } from '../access/policy.ts';
import { creditJhtContributions, postJhtDevelopment } from './jht.ts';
import { importPensionResults, runPensions } from './pensions.ts';

/** Credits the JHT lines of every paid invoice not yet credited (resumable: credited invoices are skipped). */
export const jhtCreditJob = defineJob({
  kind: 'jht.credit',
  params: z.object({}),
  queue: () => 'jht',
  async run(ctx) {
    return creditJhtContributions(
      ctx.deps,
      { actor: ctx.actor as unknown as Actor },
      { progress: (done, total) => void ctx.progress(done, total).catch(() => {}) },
    );
  },
});

/** The yearly JHT development at the year's declared rate (resumable from the run row's watermark). */
export const jhtDevelopmentJob = defineJob({
  kind: 'jht.develop',
  params: z.object({ year: z.number().int().min(2015).max(2100) }),
  queue: () => 'jht',
  async run(ctx) {
    return postJhtDevelopment(
      ctx.deps,
      { year: ctx.params.year, actor: ctx.actor as unknown as Actor },
      { progress: (done, total) => void ctx.progress(done, total).catch(() => {}) },
    );
  },
});

/** The monthly pension run (resumable from the run row's watermark; a month is never paid twice). */
export const pensionRunJob = defineJob({
  kind: 'pensions.monthly',
  params: z.object({ period: z.string().regex(/^\d{4}-\d{2}$/) }),
  queue: () => 'pensions',
  async run(ctx) {
    return runPensions(
      ctx.deps,
      { period: ctx.params.period, actor: ctx.actor as unknown as Actor },
      { progress: (done, total) => void ctx.progress(done, total).catch(() => {}) },
    );
  },
});

/** A bank's result file for pension payments, uploaded first, applied by a worker. */
export const pensionBankResultsJob = defineJob({
  kind: 'pensions.bank_results',
  params: z.object({ upload_id: z.number().int() }),
  queue: () => 'pensions-payments',
  async run(ctx) {
    return withUploadFile(ctx.deps.db, ctx.params.upload_id, (file, name) =>
      importPensionResults(ctx.deps.db, ctx.actor as unknown as Actor, file, name),
    );
  },
});
