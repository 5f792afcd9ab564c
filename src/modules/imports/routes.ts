import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import multipart from '@fastify/multipart';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Deps } from '../../platform/deps.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { Http } from '../../platform/http.ts';
import { rowId } from '../../platform/input.ts';
import { storeUpload } from '../../platform/uploads.ts';
import { type Actor, assertCanWrite, canSeeNik, inScope, maskNik, registryScope } from '../access/policy.ts';
import { requireActor } from '../access/request.ts';
import { startJob } from '../jobs/actions.ts';
import { startedJobSchema } from '../jobs/schemas.ts';
import { listErrors, resolveEmployer } from './actions.ts';
import { workerImportJob } from './jobs.ts';
import { errorReportCsv, errorReportXlsx, template } from './report.ts';
import { importErrorSchema, importJobSchema } from './schemas.ts';

/**
 * Imports an actor may read: employers and partners their own; branch officers those into employers of
 * their regions and their own uploads; head office and the auditor all; regional governments none (the
 * error reports hold NIKs, KPJ numbers and birth dates).
 */
function importFilter(actor: Actor) {
  const scope = registryScope(actor);
  switch (scope.kind) {
    case 'all':
      return sql<boolean>`true`;
    case 'none':
      return sql<boolean>`false`;
    case 'employer':
      return sql<boolean>`j.employer_id = ${scope.employerId}`;
    case 'partner':
      return sql<boolean>`j.partner_id = ${scope.partnerId}`;
    case 'regions':
      return sql<boolean>`(j.created_by = ${actor.userId} or exists (select 1 from employers e
        where e.id = j.employer_id and ${inScope(scope, 'employer', 'e')}))`;
  }
}

async function jobFor(deps: Deps, actor: Actor, id: number) {
  const job = await deps.db
    .selectFrom('import_jobs as j')
    .selectAll()
    .where('j.id', '=', id)
    .where(importFilter(actor))
    .executeTakeFirst();
  if (!job) throw new NotFoundError(`id: impor ${id} tidak ditemukan / import not found`);
  return job;
}

/** Writes an uploaded file to `tmp`; a broken or too large upload leaves no file behind and answers 4xx. */
export async function saveUpload(file: NodeJS.ReadableStream & { truncated?: boolean }, tmp: string) {
  try {
    await pipeline(file, fs.createWriteStream(tmp));
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    if (e && typeof e === 'object' && 'statusCode' in e) throw e;
    throw new ValidationError('file: unggahan terputus atau rusak / the upload is broken or incomplete');
  }
  if (file.truncated) {
    fs.rmSync(tmp, { force: true });
    throw new ValidationError('file: berkas terlalu besar / the file is too large');
  }
}

export async function importsRoutes(app: Http, deps: Deps): Promise<void> {
  // Uploads only through multipart, read after authentication, up to the documented maximum file.
  await app.register(multipart, {
    limits: { fileSize: deps.config.uploadLimit ?? 256 * 1024 * 1024, files: 1, fields: 10, fieldSize: 1000 },
  });

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
        response: { 202: startedJobSchema },
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
      // Scope first (the employer the rows are hired at), so an out-of-scope upload is refused now, not in the job.
      try {
        await resolveEmployer(deps.db, fields.employer_npp || undefined, actor);
      } catch (e) {
        part.file.resume();
        throw e;
      }
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

  const list = {
    tags: ['imports'],
    summary: 'Daftar impor',
    response: { 200: z.object({ items: z.array(importJobSchema) }) },
  };
  app.get('/imports', { schema: list }, async (req) => {
    const actor = requireActor(req);
    const q = deps.db
      .selectFrom('import_jobs as j')
      .selectAll()
      .where(importFilter(actor))
      .orderBy('j.id', 'desc')
      .limit(100);
    return { items: await q.execute() };
  });

  app.get(
    '/imports/:id',
    {
      schema: {
        tags: ['imports'],
        summary: 'Status impor',
        params: z.object({ id: rowId }),
        response: { 200: z.object({ job: importJobSchema }) },
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
        params: z.object({ id: rowId }),
        querystring: z.object({ format: z.enum(['json', 'csv', 'xlsx']).default('json') }),
        // format=json; the CSV and XLSX downloads are files.
        response: {
          200: {
            content: {
              'application/json': { schema: z.object({ errors: z.array(importErrorSchema) }) },
              'text/csv': { schema: z.string() },
              'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: z.unknown() },
            },
          },
        },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const job = await jobFor(deps, actor, req.params.id);
      // Roles without full NIKs (the auditor) get every 16-digit value masked.
      const errors = (await listErrors(deps.db, job.id, 1_000_000)).map((e) =>
        canSeeNik(actor)
          ? e
          : { ...e, value: e.value && /^\d{16}$/.test(e.value) ? maskNik(e.value) : e.value },
      );
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
