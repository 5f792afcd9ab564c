/**
 * Outgoing DCI messages: callbacks (on-search, on-subscribe, …) and notify messages for
 * subscriptions, delivered from the `dci_outbox` table with retries and exponential backoff.
 * Both functions work in chunks and can be rerun at any time; they run in the `dci.deliver` job
 * (jobs.ts, docs/decisions/0012-dci-registry-api.md).
 */
import { sql } from 'kysely';
import type { Deps } from '../../app.ts';
import { registryScope } from '../access/policy.ts';
import { newId, processPending, REG_TYPE, REGISTRY_ID, subscriptionFilter } from './actions.ts';
import { activeExpr, asOfDate, filterSql, scopeFilter } from './queries.ts';
import { type ClientScope, clientActor, type PersonRow, QueryRejected, toPerson } from './rules.ts';

export const MAX_ATTEMPTS = 8;
/** Seconds to wait after the n-th failed attempt: 10 s, 20 s, 40 s … capped at one hour. */
export function backoffSeconds(attempts: number): number {
  return Math.min(3600, 10 * 2 ** Math.max(0, attempts - 1));
}

export type Post = (url: string, body: unknown) => Promise<{ ok: boolean; status: number }>;

export const httpPost: Post = async (url, body) => {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  await res.arrayBuffer().catch(() => undefined);
  return { ok: res.ok, status: res.status };
};

/**
 * Delivers due outbox rows. Each chunk is leased (next_attempt_at moved forward) before the HTTP
 * calls, so two workers never send the same row at once and a crashed worker's rows come back
 * after the lease. Delivery is at least once: receivers deduplicate on header.message_id.
 */
export async function deliverPending(
  deps: Pick<Deps, 'db' | 'clock'> & { post?: Post },
  params: { limit?: number } = {},
  ctx: { progress?(done: number, total: number): void } = {},
): Promise<{ delivered: number; failed: number; retrying: number }> {
  const post = deps.post ?? httpPost;
  const result = { delivered: 0, failed: 0, retrying: 0 };
  let seen = 0;
  const limit = params.limit ?? 1000;
  while (seen < limit) {
    const now = deps.clock.now();
    const rows = await sql<{ id: number; url: string; payload: unknown; attempts: number }>`
      update dci_outbox set next_attempt_at = ${now}::timestamptz + interval '2 minutes'
      where id in (select id from dci_outbox
        where delivered_at is null and failed_at is null and next_attempt_at <= ${now}
        order by next_attempt_at, id limit 20 for update skip locked)
      returning id, url, payload, attempts`.execute(deps.db);
    if (!rows.rows.length) break;
    for (const r of rows.rows) {
      seen++;
      let error: string | null = null;
      try {
        const res = await post(r.url, r.payload);
        if (!res.ok) error = `HTTP ${res.status}`;
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
      }
      const attempts = r.attempts + 1;
      const at = deps.clock.now();
      if (!error) {
        await deps.db
          .updateTable('dci_outbox')
          .set({ attempts, delivered_at: at, last_error: null })
          .where('id', '=', r.id)
          .execute();
        result.delivered++;
      } else if (attempts >= MAX_ATTEMPTS) {
        await deps.db
          .updateTable('dci_outbox')
          .set({ attempts, failed_at: at, last_error: error })
          .where('id', '=', r.id)
          .execute();
        result.failed++;
      } else {
        await deps.db
          .updateTable('dci_outbox')
          .set({
            attempts,
            last_error: error,
            next_attempt_at: new Date(at.getTime() + backoffSeconds(attempts) * 1000),
          })
          .where('id', '=', r.id)
          .execute();
        result.retrying++;
      }
      ctx.progress?.(seen, seen + rows.rows.length);
    }
  }
  return result;
}

interface SubRow {
  id: number;
  code: string;
  client_id: number;
  reg_event_type: string;
  filter: unknown;
  notify_record_type: string;
  notify_uri: string;
  name: string;
  operations: string[];
  fields: string[];
  masked: string[];
  region_codes: string[];
  rate_per_minute: number;
  callback_prefixes: string[];
}

/**
 * Turns registry events into notify messages: for each chunk of undispatched events, every active
 * subscription of that event type whose filter and client region scope match the person gets one
 * outbox row (unique per subscription × event), and the chunk is marked dispatched — one
 * transaction per chunk, so a rerun continues where it stopped without duplicates.
 */
export async function dispatchEvents(
  deps: Pick<Deps, 'db' | 'clock'>,
  params: { chunk?: number } = {},
  ctx: { progress?(done: number, total: number): void } = {},
): Promise<{ events: number; notifications: number }> {
  const chunk = params.chunk ?? 500;
  let events = 0;
  let notifications = 0;
  for (;;) {
    const n = await deps.db.transaction().execute(async (trx) => {
      const evs = await sql<{
        id: number;
        event_type: string;
        participant_id: number;
        detail: unknown;
        occurred_at: Date;
      }>`
        select id, event_type, participant_id, detail, occurred_at from dci_events
        where dispatched_at is null order by id limit ${chunk} for update skip locked`.execute(trx);
      if (!evs.rows.length) return null;
      const subs =
        await sql<SubRow>`select s.id, s.code, s.client_id, s.reg_event_type, s.filter, s.notify_record_type,
          s.notify_uri, c.name, c.operations, c.fields, c.masked, c.region_codes, c.rate_per_minute, c.callback_prefixes
        from dci_subscriptions s join dci_clients c on c.id = s.client_id
        where s.status = 'subscribe' and c.status = 'active'`.execute(trx);
      const asOf = asOfDate(deps.clock.now());
      let made = 0;
      for (const s of subs.rows) {
        const mine = evs.rows.filter((e) => e.event_type === s.reg_event_type);
        if (!mine.length) continue;
        const client: ClientScope = {
          id: s.client_id,
          name: s.name,
          operations: s.operations,
          fields: s.fields,
          masked: s.masked,
          regionCodes: s.region_codes,
          ratePerMinute: s.rate_per_minute,
          callbackPrefixes: s.callback_prefixes,
        };
        let filter: ReturnType<typeof subscriptionFilter>;
        try {
          filter = subscriptionFilter(s.filter, client);
        } catch (e) {
          if (e instanceof QueryRejected) continue;
          throw e;
        }
        const ids = mine.map((e) => e.participant_id);
        const people = await sql<PersonRow>`
          select p.id, p.nik, p.kpj, p.full_name, p.sex, p.birth_date::text as birth_date,
            p.village_code, p.regency_code, p.province_code, rp.name as province_name, rr.name as regency_name,
            p.segment, p.programs, p.status, p.registered_on::text as registered_on,
            ${activeExpr(asOf)} as active,
            e.npp as employer_npp, e.name as employer_name, cur.started_on::text as employment_started_on
          from participants p
          left join regions rp on rp.code = p.province_code
          left join regions rr on rr.code = p.regency_code
          left join lateral (select em.employer_id, em.started_on from employments em
            where em.participant_id = p.id and em.ended_on is null order by em.started_on desc limit 1) cur on true
          left join employers e on e.id = cur.employer_id
          where p.id = any(${ids}::bigint[]) and ${scopeFilter(registryScope(clientActor(client)))}
            and ${filter ? filterSql(filter, asOf) : sql<boolean>`true`}`.execute(trx);
        const byId = new Map(people.rows.map((p) => [p.id, p]));
        for (const e of mine) {
          const p = byId.get(e.participant_id);
          if (!p) continue;
          const now = deps.clock.now();
          const payload = {
            header: {
              version: '1.0.0',
              message_id: newId(),
              message_ts: now.toISOString(),
              action: 'notify',
              status: 'succ',
              total_count: 1,
              completed_count: 1,
              sender_id: REGISTRY_ID,
              receiver_id: client.name,
            },
            message: {
              transaction_id: `evt-${e.id}`,
              notify_event: [
                {
                  reference_id: `${s.code}:${e.id}`,
                  timestamp: e.occurred_at.toISOString(),
                  data: {
                    version: '1.0.0',
                    reg_type: REG_TYPE,
                    reg_event_type: e.event_type,
                    reg_record_type: 'Person',
                    reg_records: toPerson(p, client),
                  },
                  locale: 'ind',
                },
              ],
            },
          };
          const ins =
            await sql`insert into dci_outbox (client_id, kind, url, payload, subscription_id, event_id, next_attempt_at)
            values (${client.id}, 'notify', ${s.notify_uri}, ${JSON.stringify(payload)}::jsonb, ${s.id}, ${e.id}, ${now})
            on conflict (subscription_id, event_id) do nothing`.execute(trx);
          made += Number(ins.numAffectedRows ?? 0n);
        }
      }
      await sql`update dci_events set dispatched_at = now() where id = any(${evs.rows.map((e) => e.id)}::bigint[])`.execute(
        trx,
      );
      return { events: evs.rows.length, made };
    });
    if (!n) break;
    events += n.events;
    notifications += n.made;
    ctx.progress?.(events, events);
  }
  // housekeeping: rate counters older than an hour are no longer needed
  await sql`delete from dci_rate_counters where minute < ${deps.clock.now()}::timestamptz - interval '1 hour'`.execute(
    deps.db,
  );
  return { events, notifications };
}

/** One pass of all DCI background work: answer async requests, fan out events, deliver. */
export async function runDciWork(deps: Pick<Deps, 'db' | 'clock'> & { post?: Post }) {
  const answered = await processPending(deps);
  const dispatched = await dispatchEvents(deps);
  const delivered = await deliverPending(deps);
  return { answered, ...dispatched, ...delivered };
}
