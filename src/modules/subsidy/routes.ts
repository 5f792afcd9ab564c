import { z } from 'zod';
import type { Deps } from '../../platform/deps.ts';
import type { Http } from '../../platform/http.ts';
import { rowId } from '../../platform/input.ts';
import { requireActor } from '../access/request.ts';
import { startJob } from '../jobs/actions.ts';
import { startedJobSchema } from '../jobs/schemas.ts';
import { compareRuns } from './compare.ts';
import { screeningJob } from './jobs.ts';
import { ensureProgrammes, getProgramme, listProgrammes, saveProgramme } from './programmes.ts';
import { getRun, listDecisions, listRuns, personDecision, reasonCounts, regionCounts } from './queries.ts';
import { listReasons } from './reasons.ts';
import { appealRoutes } from './routes-appeals.ts';
import { paymentRoutes } from './routes-payments.ts';
import {
  decisionRowSchema,
  reasonCountSchema,
  reasonSchema,
  regionCountSchema,
  runRowSchema,
  runSchema,
} from './schemas.ts';
import { assertCanSeeAggregates, assertHeadOffice } from './scope.ts';

const tags = ['subsidy'];
const id = rowId;

/** Programmes, screening runs, decisions and run comparison; payments and appeals in their own files. */
export async function subsidyRoutes(app: Http, deps: Deps): Promise<void> {
  // The shipped programmes and known lists are loaded (idempotently) when the server starts.
  app.addHook('onReady', () => ensureProgrammes(deps.db));
  app.get(
    '/subsidy/programmes',
    { schema: { tags, summary: 'Daftar program subsidi upah' } },
    async (req) => {
      assertCanSeeAggregates(requireActor(req));
      return { items: await listProgrammes(deps.db) };
    },
  );

  app.get(
    '/subsidy/programmes/:id',
    { schema: { tags, summary: 'Definisi satu program', params: z.object({ id }) } },
    async (req) => {
      assertCanSeeAggregates(requireActor(req));
      return { programme: await getProgramme(deps.db, req.params.id) };
    },
  );

  app.put(
    '/subsidy/programmes',
    {
      schema: {
        tags,
        summary: 'Buat atau ganti program dari definisi (kantor pusat); tercatat di log audit',
        body: z.object({ definition: z.record(z.string(), z.unknown()) }),
      },
    },
    async (req) => ({ programme: await saveProgramme(deps.db, req.body.definition, requireActor(req)) }),
  );

  app.get(
    '/subsidy/reasons',
    {
      schema: {
        tags,
        summary: 'Kode alasan keputusan (dwibahasa)',
        response: { 200: z.object({ items: z.array(reasonSchema) }) },
      },
    },
    async (req) => {
      requireActor(req);
      return { items: await listReasons(deps.db) };
    },
  );

  app.post(
    '/subsidy/runs',
    {
      schema: {
        response: { 202: startedJobSchema },
        tags,
        summary:
          'Mulai penyaringan (kantor pusat): program baru, atau rerun_of untuk mengevaluasi ulang snapshot beku; berjalan di latar belakang',
        body: z
          .object({
            programme_id: id.optional(),
            rerun_of: id.optional(),
            quota: z.number().int().positive().nullable().optional(),
          })
          .refine((b) => (b.programme_id === undefined) !== (b.rerun_of === undefined), {
            message: 'programme_id atau rerun_of (salah satu) / exactly one of programme_id, rerun_of',
          }),
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      assertHeadOffice(actor);
      const job = await startJob(deps, screeningJob.kind, req.body, actor);
      return reply.status(202).send({ job });
    },
  );

  app.get(
    '/subsidy/runs',
    {
      schema: {
        tags,
        summary: 'Daftar run penyaringan',
        querystring: z.object({ programme_id: id.optional() }),
        response: { 200: z.object({ items: z.array(runRowSchema) }) },
      },
    },
    async (req) => {
      assertCanSeeAggregates(requireActor(req));
      return { items: await listRuns(deps.db, req.query.programme_id) };
    },
  );

  app.get(
    '/subsidy/runs/:id',
    {
      schema: {
        tags,
        summary: 'Hasil run: kemajuan, jumlah menurut alasan',
        params: z.object({ id }),
        response: { 200: z.object({ run: runSchema, reasons: z.array(reasonCountSchema) }) },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const run = await getRun(deps.db, req.params.id);
      return { run, reasons: await reasonCounts(deps.db, actor, run.id) };
    },
  );

  app.get(
    '/subsidy/runs/:id/regions',
    {
      schema: {
        tags,
        summary: 'Jumlah per provinsi, atau per kabupaten/kota dalam satu provinsi',
        params: z.object({ id }),
        querystring: z.object({
          province: z
            .string()
            .regex(/^\d{2}$/)
            .optional(),
        }),
        response: { 200: z.object({ items: z.array(regionCountSchema) }) },
      },
    },
    async (req) => ({
      items: await regionCounts(deps.db, requireActor(req), req.params.id, req.query.province),
    }),
  );

  app.get(
    '/subsidy/runs/:id/decisions',
    {
      schema: {
        tags,
        summary: 'Keputusan per orang (data pribadi sesuai wilayah/pemberi kerja)',
        params: z.object({ id }),
        querystring: z.object({
          eligible: z.enum(['true', 'false']).optional(),
          reason: z.string().max(40).optional(),
          q: z.string().max(40).optional(),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(500).default(50),
        }),
        response: { 200: z.object({ items: z.array(decisionRowSchema), total: z.number() }) },
      },
    },
    async (req) => {
      const q = req.query;
      return listDecisions(deps.db, requireActor(req), req.params.id, {
        ...q,
        eligible: q.eligible === undefined ? undefined : q.eligible === 'true',
      });
    },
  );

  app.get(
    '/subsidy/runs/:id/decisions/:participantId',
    {
      schema: {
        tags,
        summary: 'Keputusan satu orang dengan alasan, bukti beku, sanggahan dan pembayaran',
        params: z.object({ id, participantId: id }),
      },
    },
    async (req) => personDecision(deps.db, requireActor(req), req.params.id, req.params.participantId),
  );

  app.get(
    '/subsidy/compare',
    {
      schema: {
        tags,
        summary: 'Bandingkan dua run: siapa masuk, siapa keluar, dan mengapa',
        querystring: z.object({ a: id, b: id }),
      },
    },
    async (req) => compareRuns(deps.db, requireActor(req), req.query.a, req.query.b),
  );

  await paymentRoutes(app, deps);
  await appealRoutes(app, deps);
}
