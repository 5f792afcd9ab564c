import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import type { Deps } from '../../platform/deps.ts';
import type { Http } from '../../platform/http.ts';
import { isoDay, text } from '../../platform/input.ts';
import { neutraliseRow } from '../../platform/tabular.ts';
import { searchAudit } from './audit.ts';
import { requireActor } from './request.ts';

const filter = z.object({
  person: text(100).optional(),
  entity: text(60).optional(),
  entity_id: text(100).optional(),
  action: text(60).optional(),
  from: isoDay.optional(),
  to: isoDay.optional(),
});

/** The audit log for the auditor (and head office): search and CSV export. */
export async function auditRoutes(app: Http, deps: Deps): Promise<void> {
  app.get(
    '/audit',
    {
      schema: {
        tags: ['access'],
        summary: 'Log audit: cari menurut orang, catatan, tindakan, tanggal / Audit log search',
        querystring: filter.extend({
          page: z.coerce.number().int().min(1).max(100000).default(1),
          pageSize: z.coerce.number().int().min(1).max(500).default(100),
        }),
      },
    },
    async (req) => {
      const q = req.query;
      return searchAudit(deps.db, requireActor(req), { ...q, entityId: q.entity_id });
    },
  );
  app.get(
    '/audit/export.csv',
    {
      schema: { tags: ['access'], summary: 'Ekspor log audit (CSV) / Audit log export', querystring: filter },
    },
    async (req, reply) => {
      const q = req.query;
      const r = await searchAudit(deps.db, requireActor(req), {
        ...q,
        entityId: q.entity_id,
        pageSize: 100000,
      });
      const header = [
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
      const rows = r.items.map((e) =>
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
      );
      reply.header('content-disposition', 'attachment; filename="log-audit.csv"');
      return reply.type('text/csv; charset=utf-8').send(stringify([header, ...rows]));
    },
  );
}
