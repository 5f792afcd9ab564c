import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { defineJob } from '../../platform/jobs.ts';
import { neutraliseRow } from '../../platform/tabular.ts';
import { saveJobFile } from '../jobs/files.ts';
import { deleteExpiredSessions } from './actions.ts';
import { type AuditFilter, searchAudit } from './audit.ts';
import type { Actor } from './policy.ts';

/** Deletes sessions past their expiry or idle too long (scheduled hourly). */
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

export const auditExportParams = z.object({
  person: z.string().max(100).optional(),
  entity: z.string().max(60).optional(),
  entity_id: z.string().max(100).optional(),
  action: z.string().max(60).optional(),
  from: z.string().max(10).optional(),
  to: z.string().max(10).optional(),
});

const AUDIT_HEADER = [
  'id',
  'waktu_wib',
  'user_id',
  'pengguna',
  'tindakan',
  'entitas',
  'id_entitas',
  'sebelum',
  'sesudah',
];

/** The audit log entries matching a filter as CSV, all of them, newest first, in keyset pages. */
export const auditExportJob = defineJob({
  kind: 'audit.export',
  params: auditExportParams,
  maxAttempts: 1,
  async run(ctx) {
    const actor = ctx.actor as unknown as Actor;
    const { entity_id, ...rest } = ctx.params;
    const filter: AuditFilter = { ...rest, entityId: entity_id, pageSize: 5000 };
    let written = 0;
    async function* csv() {
      yield stringify([AUDIT_HEADER]);
      let beforeId: number | undefined;
      for (;;) {
        await ctx.throwIfCancelled();
        const page = await searchAudit(ctx.deps.db, actor, { ...filter, beforeId });
        if (!page.items.length) return;
        yield stringify(
          page.items.map((e) =>
            neutraliseRow([
              e.id,
              e.at,
              e.user_id ?? '',
              e.actor,
              e.action,
              e.entity,
              e.entity_id ?? '',
              e.before === null ? '' : JSON.stringify(e.before),
              e.after === null ? '' : JSON.stringify(e.after),
            ]),
          ),
        );
        written += page.items.length;
        await ctx.progress(written, page.total);
        beforeId = page.items.at(-1)!.id;
      }
    }
    const file = await saveJobFile(
      ctx.deps.db,
      'log-audit.csv',
      'text/csv; charset=utf-8',
      csv(),
      actor.userId,
    );
    return { rows: written, file };
  },
});
