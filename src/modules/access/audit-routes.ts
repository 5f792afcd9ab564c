import { z } from 'zod';
import type { Deps } from '../../platform/deps.ts';
import type { Http } from '../../platform/http.ts';
import { isoDay, text } from '../../platform/input.ts';
import { startJob } from '../jobs/actions.ts';
import { startedJobSchema } from '../jobs/schemas.ts';
import { searchAudit } from './audit.ts';
import { auditExportJob } from './jobs.ts';
import { assertCan } from './policy.ts';
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
  app.post(
    '/audit/export',
    {
      schema: {
        response: { 202: startedJobSchema },
        tags: ['access'],
        summary: 'Ekspor log audit (CSV) sebagai pekerjaan latar / Audit log export as a background job',
        body: filter,
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      assertCan(actor, 'audit.read');
      return reply.status(202).send({ job: await startJob(deps, auditExportJob.kind, req.body, actor) });
    },
  );
}
