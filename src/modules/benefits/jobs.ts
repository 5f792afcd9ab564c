import { z } from 'zod';
import { defineJob } from '../../platform/jobs.ts';
import type { Actor } from '../access/policy.ts';
import { creditJhtContributions, postJhtDevelopment } from './jht.ts';

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
