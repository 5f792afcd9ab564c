import { sql } from 'kysely';
import type { Database } from '../../platform/db.ts';
import { type Actor, assertCan, canSeeNik } from './policy.ts';

/** Every write goes here, in the same transaction as the write itself. The table refuses updates and deletes. */
export async function recordAudit(
  db: Database,
  actor: Actor,
  action: string,
  entity: string,
  entityId: string | null,
  before: unknown,
  after: unknown,
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      user_id: actor.userId,
      actor: actor.username,
      action,
      entity,
      entity_id: entityId,
      before: before === null || before === undefined ? null : JSON.stringify(before),
      after: after === null || after === undefined ? null : JSON.stringify(after),
    })
    .execute();
}

export interface AuditFilter {
  /** username or user id of who acted */
  person?: string;
  entity?: string;
  entityId?: string;
  action?: string;
  from?: string;
  to?: string;
  page?: number;
  pageSize?: number;
  /** Keyset paging for exports: entries older than this id (newest first). */
  beforeId?: number;
}

export interface AuditEntry {
  id: number;
  at: string;
  user_id: number | null;
  actor: string;
  action: string;
  entity: string;
  entity_id: string | null;
  before: unknown;
  after: unknown;
}

/** NIKs inside the logged rows are masked for roles that see masked NIKs (the auditor). */
function maskNiks(v: unknown): unknown {
  if (v === null || v === undefined) return v;
  return JSON.parse(JSON.stringify(v).replace(/(?<!\d)(\d{4})\d{8}(\d{4})(?!\d)/g, '$1********$2'));
}

/** The audit log for the auditor: search by person, record, action and date (WIB days), newest first. */
export async function searchAudit(db: Database, actor: Actor, f: AuditFilter) {
  assertCan(actor, 'audit.read');
  let q = db.selectFrom('audit_log');
  if (f.person) {
    const p = f.person.trim();
    q = /^\d{1,9}$/.test(p)
      ? q.where((eb) => eb.or([eb('user_id', '=', Number(p)), eb('actor', '=', p)]))
      : q.where('actor', '=', p);
  }
  if (f.entity) q = q.where('entity', '=', f.entity);
  if (f.entityId) q = q.where('entity_id', '=', f.entityId);
  if (f.action) q = q.where('action', '=', f.action);
  if (f.from) q = q.where('at', '>=', sql<Date>`(${f.from}::date)::timestamp at time zone 'Asia/Jakarta'`);
  if (f.to) q = q.where('at', '<', sql<Date>`(${f.to}::date + 1)::timestamp at time zone 'Asia/Jakarta'`);
  const pageSize = f.pageSize ?? 100;
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  if (f.beforeId !== undefined) q = q.where('id', '<', f.beforeId);
  const rows = await q
    .select([
      'id',
      sql<string>`to_char(at at time zone 'Asia/Jakarta', 'YYYY-MM-DD HH24:MI:SS')`.as('at'),
      'user_id',
      'actor',
      'action',
      'entity',
      'entity_id',
      'before',
      'after',
    ])
    .orderBy('id', 'desc')
    .limit(pageSize)
    .offset(f.beforeId === undefined ? ((f.page ?? 1) - 1) * pageSize : 0)
    .execute();
  const full = canSeeNik(actor);
  return {
    total: Number(total.n),
    items: rows.map((r) =>
      full ? r : { ...r, before: maskNiks(r.before), after: maskNiks(r.after) },
    ) as AuditEntry[],
  };
}

export async function listAudit(db: Database, opts: { entity?: string; entityId?: string; limit?: number }) {
  let q = db
    .selectFrom('audit_log')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(opts.limit ?? 100);
  if (opts.entity) q = q.where('entity', '=', opts.entity);
  if (opts.entityId) q = q.where('entity_id', '=', opts.entityId);
  return q.execute();
}
