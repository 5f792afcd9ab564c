import { z } from 'zod';
import { defineJob } from '../../platform/jobs.ts';

/** Deletes sessions past their expiry (scheduled hourly). */
export const sessionCleanupJob = defineJob({
  kind: 'access.session_cleanup',
  params: z.object({}),
  maxAttempts: 1,
  async run(ctx) {
    const r = await ctx.deps.db
      .deleteFrom('sessions')
      .where('expires_at', '<', ctx.deps.clock.now())
      .executeTakeFirst();
    return { deleted: Number(r.numDeletedRows) };
  },
});
