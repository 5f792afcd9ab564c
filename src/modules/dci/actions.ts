/**
 * DCI registry operations: every request is stored as a transaction (with its audit row, in one
 * database transaction); sync requests are answered at once, async ones are ACKed and answered by
 * the `dci.deliver` job (`processPending`), whose answer goes to the outbox for delivery (delivery.ts).
 */
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Deps } from '../../app.ts';
import type { Database } from '../../platform/db.ts';
import { recordAudit } from '../access/audit.ts';
import { registryScope } from '../access/policy.ts';
import { asOfDate, searchPersons } from './queries.ts';
import { queueDelivery } from './queue.ts';
import {
  type ClientScope,
  type Condition,
  clientActor,
  EVENT_TYPES,
  type Filter,
  idTypeOf,
  pageOf,
  parseExpression,
  parsePredicate,
  QueryRejected,
  toPerson,
} from './rules.ts';
import type {
  Header,
  SearchCriteria,
  SearchMessage,
  SubscribeMessage,
  TxnStatusMessage,
  UnsubscribeMessage,
} from './schemas.ts';

export const REGISTRY_ID = 'lindung';
export const REG_TYPE = 'ns:org:RegistryType:Social';
export type DciAction = 'search' | 'subscribe' | 'unsubscribe' | 'txn-status';
const CALLBACK_ACTION: Record<DciAction, string> = {
  search: 'on-search',
  subscribe: 'on-subscribe',
  unsubscribe: 'on-unsubscribe',
  'txn-status': 'txn-on-status',
};

export interface Envelope<M> {
  signature?: string;
  header: Header;
  message: M;
}

export function newId(): string {
  return crypto.randomUUID();
}

/** The header of an answer (sync response or callback). */
export function answerHeader(action: DciAction, to: string, now: Date, total: number, completed: number) {
  return {
    version: '1.0.0',
    message_id: newId(),
    message_ts: now.toISOString(),
    action: CALLBACK_ACTION[action],
    status: total > 0 && completed === 0 ? ('rjct' as const) : ('succ' as const),
    total_count: total,
    completed_count: completed,
    sender_id: REGISTRY_ID,
    receiver_id: to,
  };
}

// ---------------------------------------------------------------- search

function filterOf(c: SearchCriteria, client: ClientScope): Filter {
  if (c.query_type === 'idtype-value') {
    const t = idTypeOf(c.query.type);
    if (!t)
      throw new QueryRejected(
        'rjct.search_criteria.invalid',
        `Jenis identitas "${c.query.type}" tidak dikenal; gunakan NIK, KPJ atau UIN / unknown identifier type "${c.query.type}"; use NIK, KPJ or UIN`,
      );
    // Looking a person up by an identifier the client already holds is always in scope.
    return {
      attribute: t === 'NIK' ? 'nik' : 'kpj',
      op: 'eq',
      value: String(c.query.value).trim(),
    } satisfies Condition;
  }
  if (c.query_type === 'expression') return parseExpression(c.query.value.expression.query, client);
  return parsePredicate(c.query, client);
}

export async function searchItems(db: Database, client: ClientScope, m: SearchMessage, now: Date) {
  const asOf = asOfDate(now);
  const items = [];
  let records = 0;
  for (const r of m.search_request) {
    const base = { reference_id: r.reference_id, timestamp: now.toISOString() };
    try {
      const filter = filterOf(r.search_criteria, client);
      const page = pageOf(r.search_criteria.pagination);
      const scope = registryScope(clientActor(client));
      const found = await searchPersons(db, { scope, filter, page, asOf });
      records += found.rows.length;
      items.push({
        ...base,
        status: 'succ' as const,
        data: {
          version: '1.0.0',
          reg_type: REG_TYPE,
          reg_record_type: 'Person',
          reg_records: found.rows.map((p) => toPerson(p, client)),
        },
        pagination: { page_size: page.size, page_number: page.number, total_count: found.total },
        locale: 'ind',
      });
    } catch (e) {
      if (!(e instanceof QueryRejected)) throw e;
      items.push({
        ...base,
        status: 'rjct' as const,
        status_reason_code: e.reasonCode,
        status_reason_message: e.message,
      });
    }
  }
  return { items, records };
}

// ---------------------------------------------------------------- subscribe / unsubscribe

/** Where a subscriber's notify messages go: its on-subscribe URI with the last segment "notify". */
export function notifyUriOf(senderUri: string): string {
  return senderUri.replace(/\/on-subscribe\/?$/, '/notify');
}

async function subscribeItems(
  db: Database,
  client: ClientScope,
  m: SubscribeMessage,
  txnId: number,
  senderUri: string | null,
  now: Date,
) {
  const items = [];
  for (const r of m.subscribe_request) {
    const c = r.subscribe_criteria;
    const base = { reference_id: r.reference_id, timestamp: now.toISOString() };
    const type = c.reg_event_type.split(':').pop()!.toUpperCase();
    if (!(EVENT_TYPES as readonly string[]).includes(type)) {
      items.push({
        ...base,
        status: 'rjct' as const,
        status_reason_code: 'rjct.notify_types.invalid' as const,
        status_reason_message: `Jenis peristiwa "${c.reg_event_type}" tidak didukung; gunakan ${EVENT_TYPES.join(', ')} / unsupported event type`,
      });
      continue;
    }
    if (!senderUri) {
      items.push({
        ...base,
        status: 'rjct' as const,
        status_reason_code: 'rjct.notify_details.invalid' as const,
        status_reason_message:
          'header.sender_uri wajib untuk berlangganan / sender_uri is required to subscribe',
      });
      continue;
    }
    // the filter is checked now so a bad one is refused at once, not at the first event
    try {
      subscriptionFilter(c.filter, client);
    } catch (e) {
      if (!(e instanceof QueryRejected)) throw e;
      items.push({
        ...base,
        status: 'rjct' as const,
        status_reason_code: 'rjct.notify_details.invalid' as const,
        status_reason_message: e.message,
      });
      continue;
    }
    const code = `sub-${newId()}`;
    await db
      .insertInto('dci_subscriptions')
      .values({
        code,
        client_id: client.id,
        reg_event_type: type,
        filter: JSON.stringify(c.filter),
        notify_record_type: c.notify_record_type,
        notify_uri: notifyUriOf(senderUri),
        transaction_id: txnId,
      })
      .execute();
    items.push({
      ...base,
      status: 'succ' as const,
      subscriptions: [
        {
          version: '1.0.0',
          code,
          status: 'subscribe' as const,
          timestamp: now.toISOString(),
          reg_type: REG_TYPE,
          reg_event_type: type,
          filter: c.filter,
          notify_record_type: c.notify_record_type,
        },
      ],
    });
  }
  return items;
}

/**
 * A subscription filter: `{type: NIK|KPJ|UIN, value}` for one person, a predicate list, an
 * expression, or `{}` for every person in the client's scope.
 */
export function subscriptionFilter(f: unknown, client: ClientScope): Filter | null {
  if (Array.isArray(f)) return parsePredicate(f as never, client);
  if (!f || typeof f !== 'object')
    throw new QueryRejected('rjct.filter.invalid', 'Filter tidak valid / invalid filter');
  const o = f as { type?: unknown; value?: unknown };
  if (o.type === undefined && o.value === undefined) return null;
  if (typeof o.type === 'string' && (typeof o.value === 'string' || typeof o.value === 'number')) {
    const t = idTypeOf(o.type);
    if (!t)
      throw new QueryRejected(
        'rjct.filter.invalid',
        `Jenis identitas "${o.type}" tidak dikenal / unknown identifier type`,
      );
    return { attribute: t === 'NIK' ? 'nik' : 'kpj', op: 'eq', value: String(o.value) };
  }
  const expr = (o.value as { expression?: { query?: unknown } } | undefined)?.expression?.query;
  if (expr) return parseExpression(expr, client);
  throw new QueryRejected('rjct.filter.invalid', 'Filter tidak valid / invalid filter');
}

async function unsubscribe(db: Database, client: ClientScope, m: UnsubscribeMessage, now: Date) {
  const rows = await db
    .updateTable('dci_subscriptions')
    .set({ status: 'unsubscribe', ended_at: now })
    .where('client_id', '=', client.id)
    .where('code', 'in', m.subscription_codes)
    .where('status', '=', 'subscribe')
    .returning('code')
    .execute();
  const done = new Set(rows.map((r) => r.code));
  const unknown = m.subscription_codes.filter((c) => !done.has(c));
  return {
    timestamp: now.toISOString(),
    status: done.size ? ('succ' as const) : ('rjct' as const),
    ...(unknown.length
      ? {
          status_reason_code: 'rjct.subscription_code.invalid' as const,
          status_reason_message: `Kode langganan tidak dikenal atau sudah berakhir / unknown or ended subscription code(s): ${unknown.join(', ')}`,
        }
      : {}),
    subscription_status: [...done].map((code) => ({ code, status: 'unsubscribe' as const })),
  };
}

// ---------------------------------------------------------------- txn status

async function txnStatus(db: Database, client: ClientScope, m: TxnStatusMessage, now: Date) {
  const q = m.txnstatus_request;
  const values = Array.isArray(q.attribute_value) ? q.attribute_value : [q.attribute_value];
  const txnType = q.txn_type === 'subscribe' ? 'subscribe' : 'search';
  let query = db
    .selectFrom('dci_transactions')
    .select(['transaction_id', 'correlation_id', 'status', 'request', 'response', 'created_at'])
    .where('client_id', '=', client.id)
    .where('action', '=', txnType)
    .orderBy('id', 'desc')
    .limit(1);
  if (q.attribute_type === 'transaction_id') query = query.where('transaction_id', '=', values[0]!);
  else if (q.attribute_type === 'correlation_id') query = query.where('correlation_id', '=', values[0]!);
  else
    query = query.where(
      sql<boolean>`exists (select 1 from jsonb_array_elements(request->'message'->${txnType === 'search' ? 'search_request' : 'subscribe_request'}) x
        where x->>'reference_id' = any(${values}::text[]))`,
    );
  const t = await query.executeTakeFirst();
  const notFound = {
    transaction_id: values[0] ?? m.transaction_id,
    correlation_id: '',
    search_response: [
      {
        reference_id: q.reference_id,
        timestamp: now.toISOString(),
        status: 'rjct' as const,
        status_reason_code: 'rjct.reference_id.invalid' as const,
        status_reason_message:
          'Transaksi tidak ditemukan untuk klien ini / no such transaction for this client',
      },
    ],
  };
  if (!t) return { txn_type: q.txn_type, txn_status: notFound };
  const resp = t.response as {
    search_response?: unknown[];
    subscribe_response?: Array<Record<string, unknown>>;
  } | null;
  let items: unknown[];
  if (t.status === 'rcvd' || t.status === 'pdng' || !resp) {
    const req = (
      t.request as {
        message?: {
          search_request?: Array<{ reference_id: string }>;
          subscribe_request?: Array<{ reference_id: string }>;
        };
      }
    ).message;
    items = (req?.search_request ?? req?.subscribe_request ?? []).map((r) => ({
      reference_id: r.reference_id,
      timestamp: t.created_at.toISOString(),
      status: 'pdng',
    }));
  } else if (resp.search_response) {
    items = resp.search_response;
  } else {
    items = (resp.subscribe_response ?? []).map(({ subscriptions: _s, ...rest }) => rest);
  }
  return {
    txn_type: q.txn_type,
    txn_status: {
      transaction_id: t.transaction_id,
      correlation_id: t.correlation_id,
      search_response: items,
    },
  };
}

// ---------------------------------------------------------------- the transaction flow

/** Records the request (status rcvd) and its audit row; returns the correlation id of the ACK. */
export async function receive(
  db: Database,
  client: ClientScope,
  action: DciAction,
  mode: 'sync' | 'async',
  env: Envelope<{ transaction_id: string }>,
): Promise<{ id: number; correlationId: string }> {
  const correlationId = newId();
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('dci_transactions')
      .values({
        client_id: client.id,
        transaction_id: env.message.transaction_id,
        correlation_id: correlationId,
        message_id: env.header.message_id,
        action,
        mode,
        status: 'rcvd',
        sender_uri: mode === 'async' ? (env.header.sender_uri ?? null) : null,
        request: JSON.stringify({ header: env.header, message: env.message }),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, clientActor(client), `dci.${action}`, 'dci_transaction', correlationId, null, {
      mode,
      transaction_id: env.message.transaction_id,
      message_id: env.header.message_id,
    });
    // An async request is answered by the delivery job (jobs.ts), never inside the request.
    if (mode === 'async') await queueDelivery(trx);
    return { id: row.id, correlationId };
  });
}

/**
 * Answers one received transaction: computes the message, stores it, audits what was disclosed
 * and, for async requests with a sender_uri, queues the callback — all in one database transaction.
 * Returns the answer envelope. A transaction already answered is returned as it was (no rerun).
 */
export async function answer(deps: Pick<Deps, 'db' | 'clock'>, txnId: number) {
  return deps.db.transaction().execute(async (trx) => {
    const t = await trx
      .selectFrom('dci_transactions')
      .innerJoin('dci_clients', 'dci_clients.id', 'dci_transactions.client_id')
      .select([
        'dci_transactions.id',
        'dci_transactions.action',
        'dci_transactions.mode',
        'dci_transactions.status',
        'dci_transactions.transaction_id',
        'dci_transactions.correlation_id',
        'dci_transactions.sender_uri',
        'dci_transactions.request',
        'dci_transactions.response',
        'dci_clients.id as client_id',
        'dci_clients.name',
        'dci_clients.operations',
        'dci_clients.fields',
        'dci_clients.masked',
        'dci_clients.region_codes',
        'dci_clients.rate_per_minute',
        'dci_clients.callback_prefixes',
      ])
      .where('dci_transactions.id', '=', txnId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const client: ClientScope = {
      id: t.client_id,
      name: t.name,
      operations: t.operations,
      fields: t.fields,
      masked: t.masked,
      regionCodes: t.region_codes,
      ratePerMinute: t.rate_per_minute,
      callbackPrefixes: t.callback_prefixes,
    };
    const req = t.request as Envelope<never>;
    const now = deps.clock.now();
    const action = t.action as DciAction;
    if (t.status !== 'rcvd')
      return envelopeOf(action, req.header.sender_id, now, t.response as Record<string, unknown>);
    const ids = { transaction_id: t.transaction_id, correlation_id: t.correlation_id };
    let message: Record<string, unknown>;
    let total = 1;
    let completed = 1;
    let disclosed: unknown = null;
    if (action === 'search') {
      const r = await searchItems(trx, client, req.message as SearchMessage, now);
      message = { ...ids, search_response: r.items };
      total = r.items.length;
      completed = r.items.filter((i) => i.status === 'succ').length;
      disclosed = { records: r.records, fields: client.fields, masked: client.masked };
    } else if (action === 'subscribe') {
      const items = await subscribeItems(
        trx,
        client,
        req.message as SubscribeMessage,
        t.id,
        t.sender_uri,
        now,
      );
      message = { ...ids, subscribe_response: items };
      total = items.length;
      completed = items.filter((i) => i.status === 'succ').length;
    } else if (action === 'unsubscribe') {
      const r = await unsubscribe(trx, client, req.message as UnsubscribeMessage, now);
      message = { ...ids, ...r };
      completed = r.status === 'succ' ? 1 : 0;
    } else {
      message = {
        ...ids,
        txnstatus_response: await txnStatus(trx, client, req.message as TxnStatusMessage, now),
      };
    }
    const status = completed === 0 ? 'rjct' : 'succ';
    await trx
      .updateTable('dci_transactions')
      .set({ status, response: JSON.stringify(message), completed_at: now })
      .where('id', '=', t.id)
      .execute();
    await recordAudit(
      trx,
      clientActor(client),
      `dci.${action}.answer`,
      'dci_transaction',
      t.correlation_id,
      null,
      {
        status,
        disclosed,
      },
    );
    const env = envelopeOf(action, req.header.sender_id, now, message, total, completed);
    if (t.mode === 'async' && t.sender_uri) {
      await trx
        .insertInto('dci_outbox')
        .values({
          client_id: client.id,
          kind: 'callback',
          url: t.sender_uri,
          payload: JSON.stringify(env),
          transaction_id: t.id,
          next_attempt_at: now,
        })
        .execute();
    }
    return env;
  });
}

function envelopeOf(
  action: DciAction,
  to: string,
  now: Date,
  message: Record<string, unknown>,
  total = 1,
  completed = 1,
) {
  return { header: answerHeader(action, to, now, total, completed), message };
}

/** Answers received async transactions in chunks (a rerun skips what is answered). */
export async function processPending(
  deps: Pick<Deps, 'db' | 'clock'>,
  _params: Record<string, never> = {},
  ctx: { progress?(done: number, total: number): void } = {},
): Promise<number> {
  let done = 0;
  for (;;) {
    const batch = await deps.db
      .selectFrom('dci_transactions')
      .select('id')
      .where('status', '=', 'rcvd')
      .where('mode', '=', 'async')
      .orderBy('id')
      .limit(50)
      .execute();
    if (!batch.length) return done;
    for (const b of batch) {
      await answer(deps, b.id);
      done++;
      ctx.progress?.(done, done + batch.length);
    }
  }
}
