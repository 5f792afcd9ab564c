import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../platform/deps.ts';
import { ForbiddenError, ValidationError } from '../../platform/errors.ts';
import type { Http } from '../../platform/http.ts';
import { rowId } from '../../platform/input.ts';
import { storeUpload } from '../../platform/uploads.ts';
import { type Actor, can } from '../access/policy.ts';
import { requireActor } from '../access/request.ts';
import { startJob } from '../jobs/actions.ts';
import { startedJobSchema } from '../jobs/schemas.ts';
import { batchFile } from './bank-file.ts';
import { createBatches, listBatches } from './batches.ts';
import { bankResultsJob, rebatchJob } from './jobs.ts';
import { importExclusionList, listExclusionLists } from './lists.ts';
import { getRun } from './queries.ts';
import { assertHeadOffice } from './scope.ts';
import { tieOut } from './tieout.ts';

const tags = ['subsidy'];
const id = rowId;
const batchBody = z.object({
  tranche: z.number().int().min(1).default(1),
  max_size: z.number().int().min(1).max(1_000_000).optional(),
});

/** Batches, control totals and payment status are read by head office and auditors only. */
function assertFinanceReader(a: Actor): void {
  if (!can(a, 'headoffice.read')) throw new ForbiddenError();
}

/** Saves the uploaded file to a temporary path and runs `work` on it; the file is removed afterwards. */
async function withUpload<T>(
  req: FastifyRequest,
  work: (file: string, name: string) => Promise<T>,
): Promise<T> {
  const part = await req.file();
  if (!part) throw new ValidationError('file: berkas wajib diunggah / a file is required');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lindung-subsidy-'));
  const file = path.join(dir, path.basename(part.filename || 'upload.csv'));
  try {
    await pipeline(part.file, fs.createWriteStream(file));
    return await work(file, part.filename || 'upload.csv');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function paymentRoutes(app: Http, deps: Deps): Promise<void> {
  // The imports module registers multipart on the same API instance; registering twice would fail.
  if (!app.hasContentTypeParser('multipart/form-data')) {
    await app.register(multipart, {
      limits: { fileSize: deps.config.uploadLimit ?? 256 * 1024 * 1024, files: 1 },
    });
  }

  app.post(
    '/subsidy/runs/:id/batches',
    {
      schema: {
        tags,
        summary: 'Buat batch bank untuk satu tahap (kantor pusat)',
        params: z.object({ id }),
        body: batchBody,
      },
    },
    async (req, reply) => {
      const r = await createBatches(deps.db, requireActor(req), req.params.id, {
        tranche: req.body.tranche,
        maxSize: req.body.max_size,
      });
      return reply.status(201).send(r);
    },
  );

  app.post(
    '/subsidy/runs/:id/rebatch',
    {
      schema: {
        response: { 202: startedJobSchema },
        tags,
        summary: 'Batch ulang pembayaran yang gagal/dikembalikan/rekening tidak valid',
        params: z.object({ id }),
        body: batchBody,
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      assertHeadOffice(actor);
      await getRun(deps.db, req.params.id); // 404 now, not a failed job later
      const job = await startJob(
        deps,
        rebatchJob.kind,
        { run_id: req.params.id, tranche: req.body.tranche, max_size: req.body.max_size },
        actor,
      );
      return reply.status(202).send({ job });
    },
  );

  app.get(
    '/subsidy/runs/:id/batches',
    { schema: { tags, summary: 'Batch dan status pembayaran', params: z.object({ id }) } },
    async (req) => {
      assertFinanceReader(requireActor(req));
      return { items: await listBatches(deps.db, req.params.id) };
    },
  );

  app.get(
    '/subsidy/batches/:id/file',
    {
      schema: {
        tags,
        summary: 'Berkas batch untuk bank (CSV: H/D/T, total kontrol)',
        params: z.object({ id }),
      },
    },
    async (req, reply) => {
      assertHeadOffice(requireActor(req));
      const f = await batchFile(deps.db, req.params.id);
      reply.header('content-disposition', `attachment; filename="${f.fileName}"`);
      reply.type('text/csv; charset=utf-8');
      return f.content;
    },
  );

  app.get(
    '/subsidy/runs/:id/tieout',
    {
      schema: {
        tags,
        summary: 'Kecocokan total: disaring = layak + tidak layak; layak = dibayar + gagal + tertunda',
        params: z.object({ id }),
      },
    },
    async (req) => {
      assertFinanceReader(requireActor(req));
      return tieOut(deps.db, req.params.id);
    },
  );

  app.post(
    '/subsidy/bank-results',
    {
      schema: {
        response: { 202: startedJobSchema },
        tags,
        summary:
          'Unggah hasil bank (multipart: file CSV/XLSX dengan reference, status, paid_on?, amount?, note?)',
        consumes: ['multipart/form-data'],
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      assertHeadOffice(actor);
      const part = await req.file();
      if (!part) throw new ValidationError('file: berkas wajib diunggah / a file is required');
      const upload = await storeUpload(deps.db, part.filename || 'hasil-bank.csv', part.file, actor.userId);
      return reply
        .status(202)
        .send({ job: await startJob(deps, bankResultsJob.kind, { upload_id: upload }, actor) });
    },
  );

  app.get('/subsidy/bank-results', { schema: { tags, summary: 'Riwayat impor hasil bank' } }, async (req) => {
    assertFinanceReader(requireActor(req));
    return {
      items: await deps.db
        .selectFrom('subsidy_bank_results')
        .select(['id', 'file_name', 'total_rows', 'applied', 'unchanged', 'rejected', 'created_at'])
        .orderBy('id', 'desc')
        .limit(100)
        .execute(),
    };
  });

  app.get(
    '/subsidy/exclusion-lists',
    { schema: { tags, summary: 'Daftar pengecualian (ASN, TNI/Polri, penerima program lain)' } },
    async (req) => {
      assertFinanceReader(requireActor(req));
      return { items: await listExclusionLists(deps.db) };
    },
  );

  app.post(
    '/subsidy/exclusion-lists/:code/import',
    {
      schema: {
        tags,
        summary: 'Impor NIK ke daftar pengecualian (multipart: file dengan kolom nik)',
        params: z.object({ code: z.string().regex(/^[a-z0-9][a-z0-9-]*$/) }),
        consumes: ['multipart/form-data'],
      },
    },
    async (req) => {
      const actor = requireActor(req);
      assertHeadOffice(actor);
      return withUpload(req, (file, name) =>
        importExclusionList(
          deps.db,
          actor,
          req.params.code,
          file,
          name,
          deps.clock.now().toISOString().slice(0, 10),
        ),
      );
    },
  );
}
