import { z } from 'zod';
import { defineJob, jobProgress } from '../../platform/jobs.ts';
import { recordAudit } from '../access/audit.ts';
import type { Actor } from '../access/policy.ts';
import { refreshCoverage } from './refresh.ts';

export const coverageRefreshJob = defineJob({
  kind: 'coverage.refresh',
  params: z.object({
    period: z.string().optional(),
    months: z.number().int().min(1).max(240).optional(),
    full: z.boolean().optional(),
  }),
  queue: () => 'coverage',
  async run(ctx) {
    const r = await refreshCoverage(ctx.deps.db, {
      now: ctx.deps.clock.now(),
      period: ctx.params.period,
      months: ctx.params.months,
      full: ctx.params.full,
      progress: jobProgress(ctx),
    });
    await recordAudit(
      ctx.deps.db,
      ctx.actor as unknown as Actor,
      'refresh',
      'coverage_run',
      String(r.runId),
      null,
      {
        mode: r.mode,
        provinces: r.provinces,
      },
    );
    return r;
  },
});
