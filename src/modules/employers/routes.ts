import { z } from 'zod';
import { isoDate } from '../../platform/clock.ts';
import type { Deps } from '../../platform/deps.ts';
import { NotFoundError } from '../../platform/errors.ts';
import type { Http } from '../../platform/http.ts';
import { isoDay, rowId } from '../../platform/input.ts';
import { exportQuery, listOrExport } from '../../platform/list-export.ts';
import { presentNik, registryScope } from '../access/policy.ts';
import { requireActor } from '../access/request.ts';
import { SIZE_CLASSES } from '../workers/rules.ts';
import { registerEmployer } from './actions.ts';
import { EMPLOYER_COLUMNS } from './exports.ts';
import { employerMemberships, employerWorkers, getEmployer, searchEmployers } from './queries.ts';
import { employerDetailSchema, employerRecordSchema, employerSearchSchema } from './schemas.ts';

const page = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
};

export async function employersRoutes(app: Http, deps: Deps): Promise<void> {
  app.get(
    '/employers',
    {
      schema: {
        tags: ['employers'],
        summary: 'Cari pemberi kerja (NPP atau awal nama)',
        querystring: z.object({
          q: z.string().optional(),
          province: z
            .string()
            .regex(/^\d{2}$/)
            .optional(),
          ...page,
          ...exportQuery,
        }),
        response: { 200: employerSearchSchema },
      },
    },
    async (req, reply) => {
      const scope = registryScope(requireActor(req));
      return listOrExport(reply, req.query, {
        name: 'pemberi-kerja',
        columns: EMPLOYER_COLUMNS,
        page: (page, pageSize) => searchEmployers(deps.db, scope, { ...req.query, page, pageSize }),
      });
    },
  );

  app.get(
    '/employers/:id',
    {
      schema: {
        tags: ['employers'],
        summary: 'Rincian pemberi kerja',
        params: z.object({ id: rowId }),
        // The current workers come one page at a time (`page`, `pageSize`), with their total.
        querystring: z.object(page),
        response: { 200: employerDetailSchema },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const employer = await getEmployer(deps.db, registryScope(actor), req.params.id);
      if (!employer)
        throw new NotFoundError(`id: pemberi kerja ${req.params.id} tidak ditemukan / employer not found`);
      const list = await employerWorkers(deps.db, employer.id, req.query);
      return {
        employer: { ...employer, memberships: await employerMemberships(deps.db, employer.id) },
        workers: list.items.map((w) => presentNik(actor, w)),
        workers_total: list.total,
        workers_page: req.query.page,
        workers_page_size: req.query.pageSize,
      };
    },
  );

  app.post(
    '/employers',
    {
      schema: {
        tags: ['employers'],
        summary: 'Daftarkan pemberi kerja',
        body: z.object({
          name: z.string().min(2).max(200),
          legal_form: z.string().min(1),
          sector: z.string().min(1),
          size_class: z.enum(SIZE_CLASSES as [string, ...string[]]),
          risk_class: z.number().int().min(1).max(5),
          village_code: z.string().regex(/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/),
          branch_office_id: z.number().int().optional(),
          is_state_body: z.boolean().optional(),
          registered_on: isoDay.optional(),
          association_ids: z.array(z.number().int()).optional(),
        }),
        response: { 201: z.object({ employer: employerRecordSchema }) },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const employer = await registerEmployer(
        deps.db,
        {
          ...b,
          size_class: b.size_class as (typeof SIZE_CLASSES)[number],
          registered_on: b.registered_on ?? isoDate(deps.clock.now()),
        },
        requireActor(req),
      );
      return reply.status(201).send({ employer });
    },
  );
}
