import { z } from 'zod';
import type { Deps } from '../../platform/deps.ts';
import type { Http } from '../../platform/http.ts';
import { rowId } from '../../platform/input.ts';
import { exportQuery, listOrExport } from '../../platform/list-export.ts';
import { requireActor } from '../access/request.ts';
import { appealWithEvidence, decideAppeal, fileAppeal, listAppeals } from './appeals.ts';
import { APPEAL_COLUMNS } from './exports.ts';
import { assertCanSeePersons } from './scope.ts';

const tags = ['subsidy'];
const id = rowId;

export async function appealRoutes(app: Http, deps: Deps): Promise<void> {
  app.post(
    '/subsidy/runs/:id/appeals',
    {
      schema: {
        tags,
        summary:
          'Ajukan sanggahan atas pengecualian (pemberi kerja untuk pekerjanya; petugas atas nama peserta)',
        params: z.object({ id }),
        body: z.object({ participant_id: id, grounds: z.string().min(10).max(4000) }),
      },
    },
    async (req, reply) => {
      const appeal = await fileAppeal(deps.db, requireActor(req), {
        runId: req.params.id,
        participantId: req.body.participant_id,
        grounds: req.body.grounds,
      });
      return reply.status(201).send({ appeal });
    },
  );

  app.get(
    '/subsidy/appeals',
    {
      schema: {
        tags,
        summary: 'Daftar sanggahan',
        querystring: z.object({
          run_id: id.optional(),
          status: z.enum(['open', 'upheld', 'rejected']).optional(),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(500).default(50),
          ...exportQuery,
        }),
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      assertCanSeePersons(actor);
      const { run_id: runId, status } = req.query;
      return listOrExport(reply, req.query, {
        name: 'sanggahan',
        columns: APPEAL_COLUMNS,
        page: (page, pageSize) => listAppeals(deps.db, actor, { runId, status, page, pageSize }),
      });
    },
  );

  app.get(
    '/subsidy/appeals/:id',
    { schema: { tags, summary: 'Sanggahan dengan bukti beku keputusannya', params: z.object({ id }) } },
    async (req) => appealWithEvidence(deps.db, requireActor(req), req.params.id),
  );

  app.post(
    '/subsidy/appeals/:id/decision',
    {
      schema: {
        tags,
        summary: 'Putuskan sanggahan (petugas selain pengaju); tercatat di log audit',
        params: z.object({ id }),
        body: z.object({ decision: z.enum(['upheld', 'rejected']), note: z.string().min(10).max(4000) }),
      },
    },
    async (req) => ({ appeal: await decideAppeal(deps.db, requireActor(req), req.params.id, req.body) }),
  );
}
