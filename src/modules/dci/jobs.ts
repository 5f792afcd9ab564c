/**
 * DCI background work on the job engine (decision 0012):
 * - `dci.deliver`: answers queued async requests (on-search, on-subscribe, …), turns registry events
 *   into notify messages for subscribers, and delivers due outbox rows (retries with backoff on the
 *   outbox's own clock: attempts, next_attempt_at). Queued by every async request and by the
 *   `dci-deliveries` schedule (every minute, only when something is waiting), one run at a time.
 * - `dci.match`: one bulk NIK match (match.ts).
 * - `dci.exclusion_import`: a wage-subsidy exclusion list filled from an external DCI registry
 *   (Lindung as a client, client.ts), instead of an uploaded file.
 */
import { sql } from 'kysely';
import { z } from 'zod';
import { isoDate } from '../../platform/clock.ts';
import type { Deps } from '../../platform/deps.ts';
import { type CronEntry, defineJob } from '../../platform/jobs.ts';
import type { Actor } from '../access/policy.ts';
import { importExclusionFromRegistry } from './client.ts';
import { runDciWork } from './delivery.ts';
import { MATCH_JOB, runMatch } from './match.ts';
import { DELIVER_JOB } from './queue.ts';
import { remoteClient } from './remotes.ts';

export const dciDeliverJob = defineJob({
  kind: DELIVER_JOB,
  params: z.object({}),
  queue: () => 'dci-deliver',
  async run(ctx) {
    return runDciWork(ctx.deps);
  },
});

export const dciMatchJob = defineJob({
  kind: MATCH_JOB,
  params: z.object({ matchId: z.number().int().positive() }),
  maxAttempts: 2,
  async run(ctx) {
    return runMatch(ctx.deps, ctx.params.matchId, ctx.actor as unknown as Actor);
  },
});

const predicateOperand = z.object({
  attribute_name: z.string().min(1).max(100),
  operator: z.string().min(1).max(10),
  attribute_value: z.unknown(),
});
/** The DCI search criteria sent to the remote registry (idtype-value, expression or predicate). */
export const remoteQuery = z.discriminatedUnion('query_type', [
  z.object({
    query_type: z.literal('idtype-value'),
    query: z.object({ type: z.string().min(1), value: z.string().min(1) }),
  }),
  z.object({
    query_type: z.literal('expression'),
    query: z.object({
      type: z.string().optional(),
      value: z.object({ expression: z.object({ collection: z.string().optional(), query: z.unknown() }) }),
    }),
  }),
  z.object({
    query_type: z.literal('predicate'),
    query: z
      .array(
        z.object({
          seq_num: z.number().int().optional(),
          expression1: predicateOperand,
          condition: z.enum(['and', 'or', 'not']).optional(),
          expression2: predicateOperand.optional(),
        }),
      )
      .min(1)
      .max(50),
  }),
]);

export const dciExclusionImportJob = defineJob({
  kind: 'dci.exclusion_import',
  params: z.object({
    list_code: z.string().min(1).max(100),
    remote: z.string().min(1).max(99),
    query: remoteQuery,
    page_size: z.number().int().min(1).max(1000).optional(),
  }),
  async run(ctx) {
    const { client } = await remoteClient(ctx.deps.db, ctx.params.remote);
    return importExclusionFromRegistry(
      ctx.deps.db,
      ctx.actor as unknown as Actor,
      ctx.params.list_code,
      client,
      ctx.params.query,
      { source: ctx.params.remote, today: isoDate(ctx.deps.clock.now()), pageSize: ctx.params.page_size },
    );
  },
});

/** Whether anything waits for a delivery run: a request to answer, an event to fan out, a due delivery. */
export async function deliveryDue(deps: Pick<Deps, 'db'>, at: Date): Promise<boolean> {
  const r = await sql<{ due: boolean }>`select not exists (select 1 from jobs where kind = ${DELIVER_JOB}
        and status = 'queued') and (
      exists (select 1 from dci_transactions where status = 'rcvd' and mode = 'async')
      or exists (select 1 from dci_events where dispatched_at is null)
      or exists (select 1 from dci_outbox where delivered_at is null and failed_at is null
                 and next_attempt_at <= ${at})) as due`.execute(deps.db);
  return r.rows[0]?.due ?? false;
}

export const DCI_SCHEDULES: CronEntry[] = [
  {
    // Retries and events written by other processes (imports, the CLI): every minute, only when due.
    name: 'dci-deliveries',
    pattern: '* * * * *',
    // The outbox's retry times are on the app clock, like everything it writes.
    plan: async (deps) =>
      (await deliveryDue(deps, deps.clock.now())) ? { kind: DELIVER_JOB, params: {} } : null,
  },
];
