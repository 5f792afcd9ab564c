import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import multipart from '@fastify/multipart';
import { z } from 'zod';
import type { Deps } from '../../platform/deps.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { Http } from '../../platform/http.ts';
import { storeUpload } from '../../platform/uploads.ts';
import { type Actor, assertCanWrite } from '../access/policy.ts';
import { requireActor } from '../access/routes.ts';
import { startJob } from '../jobs/actions.ts';
import { importWorkers, listErrors } from './actions.ts';
import { workerImportJob } from './jobs.ts';
import { errorReportCsv, errorReportXlsx, template } from './report.ts';

async function jobFor(deps: Deps, actor: Actor, id: number) {
  let q = deps.db.selectFrom('import_jobs').selectAll().where('id', '=', id);
  // Employers and partners see their own imports only.
  if (actor.role === 'employer') q = q.where('employer_id', '=', actor.employerId);
  if (actor.role === 'partner') q = q.where('partner_id', '=', actor.partnerId);
  const job = await q.executeTakeFirst();
  if (!job) throw new NotFoundError(`id: impor ${id} tidak ditemukan / import not found`);
  return job;
}

export async function importsRoutes(app: Http, deps: Deps): Promise<void> {
  await app.register(multipart, { limits: { fileSize: 1024 * 1024 * 1024, files: 1 } });

  app.get(
    '/imports/template',
    {
      schema: {
        tags: ['imports'],
        summary: 'Templat daftar pekerja',
        querystring: z.object({ format: z.enum(['csv', 'xlsx']).default('xlsx') }),
      },
    },
    async (req, reply) => {
      const f = req.query.format;
      reply.header('content-disposition', `attachment; filename="templat-peserta.${f}"`);
      reply.type(
        f === 'csv'
          ? 'text/csv; charset=utf-8'
          : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      return template(f);
    },
  );

  app.post(
    '/imports/workers',
    {
      schema: {
        tags: ['imports'],
        summary: 'Unggah daftar pekerja (multipart: file, employer_npp?, dry_run?)',
        consumes: ['multipart/form-data'],
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      assertCanWrite(actor);
      const part = await req.file();
      if (!part) throw new ValidationError('file: tidak ada berkas / no file uploaded');
      const fields = Object.fromEntries(
        Object.entries(part.fields).map(([k, v]) => [k, v && 'value' in v ? String(v.value) : undefined]),
      );
      // The file is kept in the database, so any worker can run the import (and rerun it after a crash).
      const upload = await storeUpload(deps.db, part.filename || 'daftar.csv', part.file, actor.userId);
      const job = await startJob(
        deps,
        workerImportJob.kind,
        {
          upload_id: upload,
          employer_npp: fields.employer_npp || undefined,
          dry_run: fields.dry_run === 'true',
        },
        actor,
      );
      return reply.status(202).send({ job });
    },
  );

  app.get('/imports', { schema: { tags: ['imports'], summary: 'Daftar impor' } }, async (req) => {
    const actor = requireActor(req);
    let q = deps.db.selectFrom('import_jobs').selectAll().orderBy('id', 'desc').limit(100);
    if (actor.role === 'employer') q = q.where('employer_id', '=', actor.employerId);
    if (actor.role === 'partner') q = q.where('partner_id', '=', actor.partnerId);
    return { items: await q.execute() };
  });

  app.get(
    '/imports/:id',
    {
      schema: {
        tags: ['imports'],
        summary: 'Status impor',
        params: z.object({ id: z.coerce.number().int() }),
      },
    },
    async (req) => ({
      job: await jobFor(deps, requireActor(req), req.params.id),
    }),
  );

  app.get(
    '/imports/:id/errors',
    {
      schema: {
        tags: ['imports'],
        summary: 'Laporan galat impor',
        params: z.object({ id: z.coerce.number().int() }),
        querystring: z.object({ format: z.enum(['json', 'csv', 'xlsx']).default('json') }),
      },
    },
    async (req, reply) => {
      const job = await jobFor(deps, requireActor(req), req.params.id);
      const errors = await listErrors(deps.db, job.id, 1_000_000);
      if (req.query.format === 'json') return { errors };
      reply.header('content-disposition', `attachment; filename="galat-impor-${job.id}.${req.query.format}"`);
      if (req.query.format === 'csv')
        return reply.type('text/csv; charset=utf-8').send(await errorReportCsv(errors));
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .send(await errorReportXlsx(errors));
    },
  );
}
