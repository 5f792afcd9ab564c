import { sql } from 'kysely';
import { z } from 'zod';
import type { Deps } from '../../platform/deps.ts';
import type { Http } from '../../platform/http.ts';
import { isoPeriod } from '../../platform/input.ts';
import { assertCan } from '../access/policy.ts';
import { requireActor } from '../access/request.ts';
import { startJob } from '../jobs/actions.ts';
import { startedJobSchema } from '../jobs/schemas.ts';
import { billingJob } from './jobs.ts';
import { billingRunSchema } from './schemas.ts';

const billingRunProgressSchema = billingRunSchema.extend({ progress: z.number() });

const RUN_COLUMNS = [
  'id',
  'period',
  'status',
  'phase',
  'last_key',
  'invoices',
  'lines',
  'started_at',
  'finished_at',
  'error',
] as const;

const period = isoPeriod;

export async function billingRoutes(app: Http, deps: Deps): Promise<void> {
  app.post(
    '/billing/runs',
    {
      schema: {
        tags: ['contributions'],
        summary: 'Jalankan penagihan satu periode (kantor pusat); berjalan di latar belakang',
        body: z.object({ period }),
        response: { 202: startedJobSchema.extend({ run: billingRunProgressSchema.nullable() }) },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      assertCan(actor, 'headoffice.operate');
      // A job on the billing queue of that month: runs one at a time, resumable and idempotent,
      // so a second click queues a run that finds the month already billed.
      const job = await startJob(deps, billingJob.kind, { period: req.body.period }, actor);
      return reply.status(202).send({ job, run: await runRow(deps, req.body.period) });
    },
  );

  app.get(
    '/billing/runs',
    {
      schema: {
        tags: ['contributions'],
        summary: 'Daftar run penagihan',
        response: { 200: z.object({ items: z.array(billingRunSchema) }) },
      },
    },
    async (req) => {
      requireActor(req);
      return {
        items: await deps.db
          .selectFrom('billing_runs')
          .select(RUN_COLUMNS)
          .orderBy('period', 'desc')
          .limit(60)
          .execute(),
      };
    },
  );

  app.get(
    '/billing/runs/:period',
    {
      schema: {
        tags: ['contributions'],
        summary: 'Kemajuan run penagihan',
        params: z.object({ period }),
        response: { 200: z.object({ run: billingRunProgressSchema.nullable() }) },
      },
    },
    async (req) => {
      requireActor(req);
      return { run: await runRow(deps, req.params.period) };
    },
  );
}

/** The run with a progress fraction: phases in order, and within the per-id phases the keyset position. */
async function runRow(deps: Deps, p: string) {
  const run = await deps.db
    .selectFrom('billing_runs')
    .select(RUN_COLUMNS)
    .where('period', '=', p)
    .executeTakeFirst();
  if (!run) return null;
  const max = await sql<{
    e: number | null;
    p: number | null;
  }>`select (select max(id) from employers) as e, (select max(id) from participants) as p`.execute(deps.db);
  const phases = ['employers', 'adjustments', 'self', 'sponsors', 'projects', 'done'];
  const idx = phases.indexOf(run.phase);
  const within =
    run.phase === 'employers'
      ? run.last_key / (max.rows[0]?.e || 1)
      : run.phase === 'self'
        ? run.last_key / (max.rows[0]?.p || 1)
        : 0;
  const progress = run.status === 'done' ? 1 : Math.min(1, (idx + within) / (phases.length - 1));
  return { ...run, progress };
}
