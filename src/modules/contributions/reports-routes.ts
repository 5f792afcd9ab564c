import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { isoDate } from '../../platform/clock.ts';
import type { Deps } from '../../platform/deps.ts';
import { NotFoundError } from '../../platform/errors.ts';
import type { Http } from '../../platform/http.ts';
import { isoDay, rowId } from '../../platform/input.ts';
import { exportQuery, listOrExport } from '../../platform/list-export.ts';
import { type Actor, registryScope } from '../access/policy.ts';
import { requireActor } from '../access/request.ts';
import { startJob } from '../jobs/actions.ts';
import { startedJobSchema } from '../jobs/schemas.ts';
import { getParticipant } from '../workers/queries.ts';
import { ARREARS_LEVELS, arrearsAgeing, assertWorklistAccess, pageArrearsWorklist } from './arrears.ts';
import { WORKLIST_COLUMNS } from './exports.ts';
import { arrearsExportJob } from './jobs.ts';
import {
  ageingRowSchema,
  employerStatementSchema,
  participantStatementSchema,
  statusHistorySchema,
  statusOnSchema,
  worklistRowSchema,
} from './schemas.ts';
import {
  employerStatement,
  employerStatementXlsx,
  participantStatement,
  participantStatementXlsx,
} from './statements.ts';
import { participantStatus, statusHistory } from './status.ts';
import { XLSX_TYPE } from './xlsx.ts';

const TAGS = ['contributions'];
const date = isoDay;
const idParams = z.object({ id: rowId });
const asOfQuery = z.object({ as_of: date.optional() });

function download(reply: FastifyReply, name: string, body: Buffer) {
  return reply.header('content-disposition', `attachment; filename="${name}"`).type(XLSX_TYPE).send(body);
}

/** A participant the actor may see, or 404 (regional governments see no personal data). */
async function visibleParticipant(deps: Deps, actor: Actor, id: number) {
  const p = await getParticipant(deps.db, registryScope(actor), id);
  if (!p) throw new NotFoundError(`id: peserta ${id} tidak ditemukan / participant not found`);
  return p;
}

/** Arrears, statements and status: reads only, each inside the actor's scope. */
export async function contributionReportRoutes(app: Http, deps: Deps): Promise<void> {
  const today = () => isoDate(deps.clock.now());

  app.get(
    '/arrears',
    {
      schema: {
        tags: TAGS,
        summary: 'Umur tunggakan per pemberi kerja, kantor cabang, provinsi atau kab/kota',
        querystring: z.object({ level: z.enum(ARREARS_LEVELS).default('employer'), as_of: date.optional() }),
        response: {
          200: z.object({
            level: z.enum(ARREARS_LEVELS),
            as_of: z.string(),
            items: z.array(ageingRowSchema),
          }),
        },
      },
    },
    async (req) => {
      const asOf = req.query.as_of ?? today();
      const items = await arrearsAgeing(deps.db, requireActor(req), { level: req.query.level, asOf });
      return { level: req.query.level, as_of: asOf, items };
    },
  );

  app.get(
    '/arrears/worklist',
    {
      schema: {
        tags: TAGS,
        summary: 'Daftar kerja tunggakan untuk petugas cabang',
        querystring: asOfQuery.extend({
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(500).default(500),
          ...exportQuery,
        }),
        response: {
          200: z.object({ as_of: z.string(), total: z.number(), items: z.array(worklistRowSchema) }),
        },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const asOf = req.query.as_of ?? today();
      return listOrExport(reply, req.query, {
        name: `tunggakan-${asOf}`,
        columns: WORKLIST_COLUMNS,
        page: (page, pageSize) => pageArrearsWorklist(deps.db, actor, { asOf, page, pageSize }),
      });
    },
  );

  app.post(
    '/arrears/export',
    {
      schema: {
        response: { 202: startedJobSchema },
        tags: TAGS,
        summary: 'Unduh tunggakan (XLSX) sebagai pekerjaan latar; berkasnya di /api/jobs/{id}/file',
        body: z.object({ as_of: isoDay.optional() }),
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      assertWorklistAccess(actor);
      const job = await startJob(deps, arrearsExportJob.kind, { as_of: req.body.as_of ?? today() }, actor);
      return reply.status(202).send({ job });
    },
  );

  app.get(
    '/participants/:id/statement',
    {
      schema: {
        tags: TAGS,
        summary: 'Riwayat iuran peserta',
        params: idParams,
        querystring: asOfQuery,
        response: { 200: participantStatementSchema },
      },
    },
    async (req) =>
      participantStatement(deps.db, requireActor(req), req.params.id, req.query.as_of ?? today()),
  );

  app.get(
    '/participants/:id/statement.xlsx',
    {
      schema: {
        tags: TAGS,
        summary: 'Unduh riwayat iuran peserta (XLSX)',
        params: idParams,
        querystring: asOfQuery,
      },
    },
    async (req, reply) => {
      const s = await participantStatement(
        deps.db,
        requireActor(req),
        req.params.id,
        req.query.as_of ?? today(),
      );
      return download(reply, `iuran-${s.participant.kpj}.xlsx`, await participantStatementXlsx(s));
    },
  );

  app.get(
    '/employers/:id/statement',
    {
      schema: {
        tags: TAGS,
        summary: 'Rekening iuran pemberi kerja',
        params: idParams,
        response: { 200: employerStatementSchema },
      },
    },
    async (req) => employerStatement(deps.db, requireActor(req), req.params.id),
  );

  app.get(
    '/employers/:id/statement.xlsx',
    { schema: { tags: TAGS, summary: 'Unduh rekening iuran pemberi kerja (XLSX)', params: idParams } },
    async (req, reply) => {
      const s = await employerStatement(deps.db, requireActor(req), req.params.id);
      return download(reply, `rekening-${s.employer.npp}.xlsx`, await employerStatementXlsx(s));
    },
  );

  app.get(
    '/participants/:id/status',
    {
      schema: {
        tags: TAGS,
        summary: 'Status aktif peserta pada suatu tanggal (dengan masa tenggang)',
        params: idParams,
        querystring: z.object({ date: date.optional(), history: z.enum(['true', 'false']).default('false') }),
        response: {
          200: z.object({ status: statusOnSchema, history: statusHistorySchema.optional() }),
        },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      await visibleParticipant(deps, actor, req.params.id);
      const on = req.query.date ?? today();
      const status = await participantStatus(deps.db, req.params.id, on);
      if (req.query.history !== 'true') return { status };
      return { status, history: await statusHistory(deps.db, req.params.id, { asOf: on }) };
    },
  );
}
