import type { Database } from '../../platform/db.ts';
import type { Actor } from './policy.ts';

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
