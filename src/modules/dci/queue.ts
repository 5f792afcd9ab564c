/** Queues the DCI delivery job (jobs.ts) from a request's transaction, without importing the job code. */
import type { Database } from '../../platform/db.ts';
import { enqueue } from '../../platform/jobs.ts';

export const DELIVER_JOB = 'dci.deliver';
const DELIVERY_ACTOR = { userId: null, username: 'dci' };

/**
 * Queues a delivery run unless one is already waiting to start (it will see this work too). In the
 * caller's transaction, so the run exists exactly when the request that needs it committed; a run
 * that misses it (it started just before the commit) leaves it to the every-minute schedule.
 */
export async function queueDelivery(db: Database): Promise<void> {
  const waiting = await db
    .selectFrom('jobs')
    .select('id')
    .where('kind', '=', DELIVER_JOB)
    .where('status', '=', 'queued')
    .limit(1)
    .executeTakeFirst();
  if (!waiting) await enqueue(db, DELIVER_JOB, {}, DELIVERY_ACTOR);
}
