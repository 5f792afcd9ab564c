/** Client systems: registration, listing, revocation, token authentication and the rate limit. */
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { hashToken } from '../../platform/auth.ts';
import type { Database } from '../../platform/db.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { recordAudit } from '../access/audit.ts';
import type { Actor } from '../access/policy.ts';
import { type ClientScope, FIELD_GROUPS, MASKABLE, OPERATIONS } from './rules.ts';

export interface NewClient {
  name: string;
  operations?: string[];
  fields?: string[];
  masked?: string[];
  regionCodes?: string[];
  ratePerMinute?: number;
  callbackPrefixes?: string[];
}

function checkList(field: string, values: string[], allowed: readonly string[]): string[] {
  const bad = values.filter((v) => !allowed.includes(v));
  if (bad.length)
    throw new ValidationError(
      `${field}: nilai tidak dikenal / unknown value(s) ${bad.join(', ')} (allowed: ${allowed.join(', ')})`,
    );
  return [...new Set(values)];
}

/** The token is returned once and only its hash is kept. Tokens start with "dci_" so they are never taken for staff sessions. */
export async function addClient(
  db: Database,
  c: NewClient,
  actor: Actor,
): Promise<{ id: number; token: string }> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,98}$/.test(c.name))
    throw new ValidationError('name: huruf, angka, . _ - (maks. 99) / letters, digits, . _ - (max 99)');
  const operations = checkList('scope', c.operations ?? ['search'], OPERATIONS);
  const fields = checkList('fields', c.fields ?? ['identifiers', 'coverage'], FIELD_GROUPS);
  const masked = checkList('mask', c.masked ?? ['nik'], MASKABLE);
  const rate = c.ratePerMinute ?? 60;
  if (!Number.isInteger(rate) || rate < 1 || rate > 100_000)
    throw new ValidationError('rate: 1–100000 permintaan per menit / requests per minute');
  for (const p of c.callbackPrefixes ?? []) {
    try {
      const u = new URL(p);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('scheme');
    } catch {
      throw new ValidationError(`callback: URL http(s) tidak valid / invalid http(s) URL: ${p}`);
    }
  }
  const regionCodes = c.regionCodes ?? [];
  if (regionCodes.length) {
    const known = await db.selectFrom('regions').select('code').where('code', 'in', regionCodes).execute();
    const missing = regionCodes.filter((r) => !known.some((k) => k.code === r));
    if (missing.length)
      throw new ValidationError(
        `region: kode wilayah tidak dikenal / unknown region code(s) ${missing.join(', ')}`,
      );
  }
  const token = `dci_${crypto.randomBytes(32).toString('base64url')}`;
  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('dci_clients')
      .select('id')
      .where('name', '=', c.name)
      .executeTakeFirst();
    if (existing) throw new ConflictError(`name: klien ${c.name} sudah ada / client already exists`);
    const row = await trx
      .insertInto('dci_clients')
      .values({
        name: c.name,
        token_hash: hashToken(token),
        operations,
        fields,
        masked,
        region_codes: regionCodes,
        rate_per_minute: rate,
        callback_prefixes: c.callbackPrefixes ?? [],
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, 'create', 'dci_client', String(row.id), null, {
      name: c.name,
      operations,
      fields,
      masked,
      region_codes: regionCodes,
      rate_per_minute: rate,
      callback_prefixes: c.callbackPrefixes ?? [],
    });
    return { id: row.id, token };
  });
}

export async function listClients(db: Database) {
  return db
    .selectFrom('dci_clients')
    .select([
      'id',
      'name',
      'operations',
      'fields',
      'masked',
      'region_codes',
      'rate_per_minute',
      'callback_prefixes',
      'status',
      'created_at',
      'revoked_at',
    ])
    .orderBy('id')
    .execute();
}

export async function revokeClient(db: Database, name: string, actor: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const c = await trx
      .selectFrom('dci_clients')
      .select(['id', 'status'])
      .where('name', '=', name)
      .executeTakeFirst();
    if (!c) throw new NotFoundError(`name: klien ${name} tidak ada / client not found`);
    if (c.status === 'revoked') return;
    await trx
      .updateTable('dci_clients')
      .set({ status: 'revoked', revoked_at: new Date() })
      .where('id', '=', c.id)
      .execute();
    await recordAudit(
      trx,
      actor,
      'revoke',
      'dci_client',
      String(c.id),
      { status: 'active' },
      { status: 'revoked' },
    );
  });
}

/** The active client holding this token, or null (unknown, revoked). */
export async function clientForToken(db: Database, token: string): Promise<ClientScope | null> {
  const c = await db
    .selectFrom('dci_clients')
    .selectAll()
    .where('token_hash', '=', hashToken(token))
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (!c) return null;
  return {
    id: c.id,
    name: c.name,
    operations: c.operations,
    fields: c.fields,
    masked: c.masked,
    regionCodes: c.region_codes,
    ratePerMinute: c.rate_per_minute,
    callbackPrefixes: c.callback_prefixes,
  };
}

/** Counts the request in the client's current minute; false when over its rate. */
export async function takeRate(db: Database, client: ClientScope, now: Date): Promise<boolean> {
  const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  const r = await sql<{ n: number }>`insert into dci_rate_counters (client_id, minute, n)
    values (${client.id}, ${minute}, 1)
    on conflict (client_id, minute) do update set n = dci_rate_counters.n + 1
    returning n`.execute(db);
  return (r.rows[0]?.n ?? 0) <= client.ratePerMinute;
}
