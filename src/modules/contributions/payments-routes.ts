import multipart from '@fastify/multipart';
import { z } from 'zod';
import type { Deps } from '../../platform/deps.ts';
import { ValidationError } from '../../platform/errors.ts';
import type { Http } from '../../platform/http.ts';
import { isoDay, isoPeriod, rowId } from '../../platform/input.ts';
import { exportQuery, listOrExport } from '../../platform/list-export.ts';
import { storeUpload } from '../../platform/uploads.ts';
import { assertCan, assertCanWrite, registryScope } from '../access/policy.ts';
import { requireActor } from '../access/request.ts';
import { startJob } from '../jobs/actions.ts';
import { startedJobSchema } from '../jobs/schemas.ts';
import { INVOICE_COLUMNS } from './exports.ts';
import { decideWaiver, requestWaiver } from './fines.ts';
import { invoiceDetail, listInvoices, pendingWaivers } from './invoices.ts';
import { bankStatementJob, finesJob } from './jobs.ts';
import { recordPayment } from './payments.ts';
import { contributionReportRoutes } from './reports-routes.ts';
import {
  invoiceDetailSchema,
  invoiceListSchema,
  paymentResultSchema,
  pendingWaiverSchema,
  waiverSchema,
} from './schemas.ts';

const TAGS = ['contributions'];
const date = isoDay;
const period = isoPeriod;
const payerKind = z.enum(['employer', 'participant', 'sponsor']);
const idParams = z.object({ id: rowId });

const paymentBody = z.object({
  reference: z.string().trim().min(1).max(100).describe('bank reference; the idempotency key'),
  payer_kind: payerKind,
  payer_id: z.number().int().positive(),
  amount: z.number().int().positive().describe('whole rupiah'),
  paid_on: date.describe("the bank's value date"),
  source: z.enum(['api', 'web']).default('api'),
});

/**
 * Payments, invoices, fines and waivers (issue 4), plus the arrears, statement and status reads in
 * reports-routes.ts. Thin: validate, take the actor, call one action or query with its scope.
 */
export async function contributionPaymentRoutes(app: Http, deps: Deps): Promise<void> {
  app.post(
    '/payments',
    {
      schema: {
        tags: TAGS,
        summary: 'Catat pembayaran iuran (idempoten per referensi)',
        body: paymentBody,
        response: { 200: paymentResultSchema, 201: paymentResultSchema },
      },
    },
    async (req, reply) => {
      const r = await recordPayment(deps.db, req.body, requireActor(req), deps.clock);
      return reply.status(r.created ? 201 : 200).send(r);
    },
  );

  await app.register(async (scoped) => {
    // Multipart may already be registered by another module in the parent scope; do not register twice.
    if (!scoped.hasContentTypeParser('multipart/form-data'))
      await scoped.register(multipart, {
        limits: { fileSize: deps.config.uploadLimit ?? 256 * 1024 * 1024, files: 1 },
      });
    scoped.post(
      '/payments/import',
      {
        schema: {
          response: { 202: startedJobSchema },
          tags: TAGS,
          summary: 'Impor rekening koran bank (multipart: file) — docs/bank-statement-format.md',
          consumes: ['multipart/form-data'],
        },
      },
      async (req, reply) => {
        const actor = requireActor(req);
        assertCanWrite(actor);
        const part = await req.file();
        if (!part) throw new ValidationError('file: tidak ada berkas / no file uploaded');
        const upload = await storeUpload(deps.db, part.filename || 'rekening.csv', part.file, actor.userId);
        const job = await startJob(deps, bankStatementJob.kind, { upload_id: upload }, actor);
        return reply.status(202).send({ job });
      },
    );
  });

  app.get(
    '/invoices',
    {
      schema: {
        tags: TAGS,
        summary: 'Daftar tagihan iuran',
        querystring: z.object({
          payer_kind: payerKind.optional(),
          payer_id: z.coerce.number().int().positive().optional(),
          status: z.enum(['open', 'partial', 'paid', 'unpaid']).optional(),
          period: period.optional(),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(500).default(50),
          ...exportQuery,
        }),
        response: { 200: invoiceListSchema },
      },
    },
    async (req, reply) => {
      const scope = registryScope(requireActor(req));
      return listOrExport(reply, req.query, {
        name: 'tagihan',
        columns: INVOICE_COLUMNS,
        page: (page, pageSize) => listInvoices(deps.db, scope, { ...req.query, page, pageSize }),
      });
    },
  );

  app.get(
    '/invoices/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'Rincian tagihan: baris per program, denda, alokasi',
        params: idParams,
        response: { 200: invoiceDetailSchema },
      },
    },
    async (req) => invoiceDetail(deps.db, registryScope(requireActor(req)), req.params.id),
  );

  app.post(
    '/fines/assess',
    {
      schema: {
        response: { 202: startedJobSchema },
        tags: TAGS,
        summary: 'Hitung denda keterlambatan (kantor pusat)',
        body: z.object({ as_of: date.optional() }).default({}),
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      assertCan(actor, 'headoffice.operate');
      return reply
        .status(202)
        .send({ job: await startJob(deps, finesJob.kind, { as_of: req.body.as_of }, actor) });
    },
  );

  app.post(
    '/fines/:id/waivers',
    {
      schema: {
        tags: TAGS,
        summary: 'Ajukan penghapusan denda (perlu persetujuan petugas lain)',
        params: idParams,
        body: z.object({ reason: z.string().trim().min(10).max(1000) }),
        response: { 201: z.object({ waiver: waiverSchema }) },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send({ waiver: await requestWaiver(deps.db, req.params.id, req.body.reason, requireActor(req)) }),
  );

  app.get(
    '/waivers',
    {
      schema: {
        tags: TAGS,
        summary: 'Pengajuan penghapusan denda yang menunggu keputusan',
        response: { 200: z.object({ items: z.array(pendingWaiverSchema) }) },
      },
    },
    async (req) => ({ items: await pendingWaivers(deps.db, registryScope(requireActor(req))) }),
  );

  app.post(
    '/waivers/:id/decision',
    {
      schema: {
        tags: TAGS,
        summary: 'Setujui atau tolak penghapusan denda (bukan oleh pengaju)',
        params: idParams,
        body: z.object({ approve: z.boolean() }),
        response: { 200: z.object({ waiver: waiverSchema }) },
      },
    },
    async (req) => ({
      waiver: await decideWaiver(deps.db, req.params.id, req.body.approve, requireActor(req)),
    }),
  );

  await contributionReportRoutes(app, deps);
}
