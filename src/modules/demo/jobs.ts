import { z } from 'zod';
import { defineJob, jobProgress } from '../../platform/jobs.ts';
import { currentPeriod, seedDemo } from './actions.ts';
import { seedModuleDemos } from './modules.ts';

/** The synthetic national sample and the other modules' demo data; each step is idempotent. */
export const demoSeedJob = defineJob({
  kind: 'demo.seed',
  params: z.object({
    participants: z.number().int().positive().optional(),
    scale_denominator: z.number().int().positive().optional(),
    seed: z.number().int().optional(),
    reference_period: z.string().optional(),
  }),
  queue: () => 'demo',
  async run(ctx) {
    const log = (line: string) => void ctx.checkpoint({ step: line }).catch(() => {});
    const r = await seedDemo(ctx.deps.handle, {
      participants: ctx.params.participants,
      scaleDenominator: ctx.params.scale_denominator,
      seed: ctx.params.seed,
      referencePeriod: ctx.params.reference_period ?? currentPeriod(ctx.deps.clock.now()),
      progress: jobProgress(ctx),
    });
    await seedModuleDemos(ctx.deps.handle, ctx.deps.clock, log);
    return r;
  },
});
