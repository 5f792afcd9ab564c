import { z } from 'zod';
import type { Deps } from '../../platform/deps.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { Http } from '../../platform/http.ts';
import { parsePeriod } from '../../platform/period.ts';
import { storeUpload } from '../../platform/uploads.ts';
import { type Actor, assertCan, inScope, registryScope } from '../access/policy.ts';
import { requireActor } from '../access/request.ts';
import { findEmployerByNpp } from '../employers/queries.ts';
import { startJob } from '../jobs/actions.ts';
import { startedJobSchema } from '../jobs/schemas.ts';
import { getParticipant } from '../workers/queries.ts';
import {
  decideChange,
  pendingChanges,
  recordHistory,
  requestChange,
  requestWageCorrection,
} from './corrections.ts';
import {
  markNotDuplicate,
  mergeCandidate,
  mergedRecords,
  reverseDecision,
  reviewQueue,
  survivorOf,
} from './duplicates.ts';
import { applyDueChangesJob, duplicatesJob, qualityJob, retirementJob, wageReportJob } from './jobs.ts';
import {
  changeSegment,
  exitWithReason,
  moveEmployer,
  participantLifeEvents,
  reportDeath,
} from './life-events.ts';
import { qualityReport, qualityXlsx, worklist } from './quality.ts';
import { DEATH_CAUSES, DEATH_SOURCES, EXIT_REASONS, QUALITY_KINDS } from './rules.ts';
import { getWageReport, WAGE_REPORT_COLUMNS, wageReportEmployer } from './wage-report.ts';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'format YYYY-MM-DD');
const idParam = z.object({ id: z.coerce.number().int() });
const page = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
};
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function employerId(deps: Deps, npp: string, field = 'employer_npp') {
  const e = await findEmployerByNpp(deps.db, npp);
  if (!e) throw new NotFoundError(`${field}: pemberi kerja ${npp} tidak ditemukan / employer not found`);
  return e.id;
}

async function visible(deps: Deps, actor: Actor, id: number) {
  const p = await getParticipant(deps.db, registryScope(actor), id);
  if (!p) throw new NotFoundError(`id: peserta ${id} tidak ditemukan / participant not found`);
  return p;
}

export async function registryRoutes(app: Http, deps: Deps): Promise<void> {
  const tags = ['registry'];

  // ---- corrections -------------------------------------------------------------------------------
  app.post(
    '/registry/changes',
    {
      schema: {
        tags,
        summary: 'Ajukan perubahan data peserta atau pemberi kerja',
        body: z.object({
          entity: z.enum(['participant', 'employer']),
          entity_id: z.number().int(),
          changes: z.record(z.string(), z.unknown()),
          effective_on: date.optional(),
          reason: z.string().min(1).max(500),
        }),
      },
    },
    async (req, reply) => {
      const b = req.body;
      const cr = await requestChange(
        deps.db,
        {
          entity: b.entity,
          entityId: b.entity_id,
          changes: b.changes,
          effectiveOn: b.effective_on,
          reason: b.reason,
        },
        requireActor(req),
        deps.clock,
      );
      return reply.status(201).send({ change: cr });
    },
  );

  app.post(
    '/registry/participants/:id/wage-corrections',
    {
      schema: {
        tags,
        summary: 'Koreksi upah (berlaku surut perlu persetujuan orang kedua)',
        params: idParam,
        body: z.object({
          employer_npp: z.string(),
          effective_on: date,
          wage: z.number().int().positive(),
          reason: z.string().min(1).max(500),
        }),
      },
    },
    async (req, reply) => {
      const b = req.body;
      const cr = await requestWageCorrection(
        deps.db,
        {
          participantId: req.params.id,
          employerId: await employerId(deps, b.employer_npp),
          effectiveOn: b.effective_on,
          wage: b.wage,
          reason: b.reason,
        },
        requireActor(req),
        deps.clock,
      );
      return reply.status(201).send({ change: cr });
    },
  );

  app.get(
    '/registry/changes/pending',
    { schema: { tags, summary: 'Perubahan menunggu persetujuan' } },
    async (req) => ({ items: await pendingChanges(deps.db, requireActor(req)) }),
  );

  app.post(
    '/registry/changes/:id/decision',
    {
      schema: {
        tags,
        summary: 'Setujui atau tolak perubahan (bukan oleh pengaju)',
        params: idParam,
        body: z.object({ approve: z.boolean(), note: z.string().max(500).optional() }),
      },
    },
    async (req) => ({
      change: await decideChange(deps.db, req.params.id, req.body, requireActor(req), deps.clock),
    }),
  );

  app.get(
    '/registry/:entity/:id/history',
    {
      schema: {
        tags,
        summary: 'Riwayat perubahan',
        params: z.object({ entity: z.enum(['participant', 'employer']), id: z.coerce.number().int() }),
      },
    },
    async (req) => recordHistory(deps.db, requireActor(req), req.params.entity, req.params.id),
  );

  // ---- life events -------------------------------------------------------------------------------
  app.get(
    '/registry/participants/:id/life-events',
    { schema: { tags, summary: 'Peristiwa kepesertaan', params: idParam } },
    async (req) => {
      const actor = requireActor(req);
      const p = await visible(deps, actor, req.params.id);
      const death = await deps.db
        .selectFrom('participant_deaths')
        .selectAll()
        .where('participant_id', '=', p.id)
        .executeTakeFirst();
      return {
        events: await participantLifeEvents(deps.db, actor, p.id),
        death: death ?? null,
        merged_into: p.merged_into,
        survivor_id: p.merged_into ? await survivorOf(deps.db, p.id) : null,
        merged_records: await mergedRecords(deps.db, actor, p.id),
      };
    },
  );

  app.post(
    '/registry/participants/:id/exit',
    {
      schema: {
        tags,
        summary: 'Laporkan berhenti bekerja, dengan alasan (JKP)',
        params: idParam,
        body: z.object({ employer_npp: z.string(), date, reason: z.enum(EXIT_REASONS) }),
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const ev = await exitWithReason(
        deps.db,
        {
          participantId: req.params.id,
          employerId: await employerId(deps, req.body.employer_npp),
          date: req.body.date,
          reason: req.body.reason,
        },
        actor,
        deps.clock,
      );
      return reply.status(201).send({ event: ev });
    },
  );

  app.post(
    '/registry/participants/:id/move',
    {
      schema: {
        tags,
        summary: 'Pindah ke pemberi kerja lain',
        params: idParam,
        body: z.object({ from_npp: z.string(), to_npp: z.string(), date, wage: z.number().int().positive() }),
      },
    },
    async (req, reply) => {
      const b = req.body;
      const ev = await moveEmployer(
        deps.db,
        {
          participantId: req.params.id,
          fromEmployerId: await employerId(deps, b.from_npp, 'from_npp'),
          toEmployerId: await employerId(deps, b.to_npp, 'to_npp'),
          date: b.date,
          wage: b.wage,
        },
        requireActor(req),
        deps.clock,
      );
      return reply.status(201).send({ event: ev });
    },
  );

  app.post(
    '/registry/participants/:id/segment',
    {
      schema: {
        tags,
        summary: 'Pindah segmen PU ↔ BPU',
        params: idParam,
        body: z.object({
          to: z.enum(['PU', 'BPU']),
          date,
          exit_reason: z.enum(EXIT_REASONS).optional(),
          declared_income: z.number().int().positive().optional(),
          employer_npp: z.string().optional(),
          wage: z.number().int().positive().optional(),
        }),
      },
    },
    async (req, reply) => {
      const b = req.body;
      const ev = await changeSegment(
        deps.db,
        {
          participantId: req.params.id,
          to: b.to,
          date: b.date,
          exitReason: b.exit_reason,
          declaredIncome: b.declared_income,
          employerId: b.employer_npp ? await employerId(deps, b.employer_npp) : undefined,
          wage: b.wage,
        },
        requireActor(req),
        deps.clock,
      );
      return reply.status(201).send({ event: ev });
    },
  );

  app.post(
    '/registry/participants/:id/death',
    {
      schema: {
        tags,
        summary: 'Laporkan kematian peserta (menutup kepesertaan, menghentikan tagihan)',
        params: idParam,
        body: z.object({
          died_on: date,
          source: z.enum(DEATH_SOURCES),
          cause: z.enum(DEATH_CAUSES).optional(),
          document_ref: z.string().max(100).optional(),
          note: z.string().max(500).optional(),
        }),
      },
    },
    async (req, reply) => {
      const b = req.body;
      const death = await reportDeath(
        deps.db,
        {
          participantId: req.params.id,
          diedOn: b.died_on,
          source: b.source,
          documentRef: b.document_ref,
          note: b.note,
          cause: b.cause,
        },
        requireActor(req),
        deps.clock,
      );
      return reply.status(201).send({ death });
    },
  );

  // ---- duplicates --------------------------------------------------------------------------------
  app.get(
    '/registry/duplicates',
    {
      schema: {
        tags,
        summary: 'Antrean calon duplikat',
        querystring: z.object({
          status: z.enum(['open', 'merged', 'not_duplicate']).default('open'),
          ...page,
        }),
      },
    },
    async (req) => reviewQueue(deps.db, requireActor(req), req.query),
  );

  app.post(
    '/registry/duplicates/:id/merge',
    {
      schema: {
        tags,
        summary: 'Gabungkan pasangan (satu data bertahan)',
        params: idParam,
        body: z.object({ survivor_id: z.number().int(), note: z.string().max(500).optional() }),
      },
    },
    async (req) => ({
      candidate: await mergeCandidate(
        deps.db,
        req.params.id,
        { survivorId: req.body.survivor_id, note: req.body.note },
        requireActor(req),
        deps.clock,
      ),
    }),
  );

  app.post(
    '/registry/duplicates/:id/not-duplicate',
    {
      schema: {
        tags,
        summary: 'Bukan duplikat',
        params: idParam,
        body: z.object({ note: z.string().max(500).optional() }),
      },
    },
    async (req) => ({
      candidate: await markNotDuplicate(deps.db, req.params.id, req.body.note, requireActor(req), deps.clock),
    }),
  );

  app.post(
    '/registry/duplicates/:id/reverse',
    {
      schema: {
        tags,
        summary: 'Batalkan keputusan (admin)',
        params: idParam,
        body: z.object({ note: z.string().min(1).max(500) }),
      },
    },
    async (req) => ({
      candidate: await reverseDecision(deps.db, req.params.id, req.body.note, requireActor(req), deps.clock),
    }),
  );

  // ---- data quality ------------------------------------------------------------------------------
  const qualityQuery = z.object({
    level: z.enum(['province', 'regency', 'branch']).default('province'),
    province: z.string().optional(),
  });
  app.get(
    '/registry/quality',
    { schema: { tags, summary: 'Skor kualitas data per wilayah', querystring: qualityQuery } },
    async (req) => qualityReport(deps.db, requireActor(req), req.query),
  );

  app.get(
    '/registry/quality/export',
    { schema: { tags, summary: 'Skor kualitas data (XLSX)', querystring: qualityQuery } },
    async (req, reply) => {
      const r = await qualityReport(deps.db, requireActor(req), req.query);
      reply.header('content-disposition', `attachment; filename="kualitas-data-${req.query.level}.xlsx"`);
      return reply.type(XLSX).send(await qualityXlsx(r.rows));
    },
  );

  app.get(
    '/registry/quality/worklist',
    {
      schema: {
        tags,
        summary: 'Daftar kerja petugas cabang',
        querystring: z.object({ kind: z.enum(QUALITY_KINDS).optional(), ...page }),
      },
    },
    async (req) => worklist(deps.db, requireActor(req), req.query),
  );

  // ---- long work, as jobs (admin) ---------------------------------------------------------------
  for (const [path, job, summary] of [
    ['/registry/jobs/duplicates', duplicatesJob, 'Cari calon duplikat di seluruh registri (pekerjaan latar)'],
    ['/registry/jobs/quality', qualityJob, 'Hitung ulang kualitas data (pekerjaan latar)'],
    ['/registry/jobs/retirement', retirementJob, 'Cari peserta yang mencapai usia pensiun (pekerjaan latar)'],
    [
      '/registry/jobs/apply-due-changes',
      applyDueChangesJob,
      'Terapkan perubahan yang sudah berlaku (pekerjaan latar)',
    ],
  ] as const) {
    app.post(path, { schema: { tags, summary, response: { 202: startedJobSchema } } }, async (req, reply) => {
      const actor = requireActor(req);
      assertCan(actor, 'headoffice.operate');
      return reply.status(202).send({ job: await startJob(deps, job.kind, {}, actor) });
    });
  }

  // ---- monthly wage reports ----------------------------------------------------------------------
  app.get(
    '/registry/wage-reports/template',
    { schema: { tags, summary: 'Templat laporan upah bulanan (CSV)' } },
    async (_req, reply) => {
      reply.header('content-disposition', 'attachment; filename="templat-laporan-upah.csv"');
      const header = WAGE_REPORT_COLUMNS.map((c) => c.name).join(',');
      return reply
        .type('text/csv; charset=utf-8')
        .send(`\ufeff${header}\n3273054210900001,Siti Rahayu,5000000,,,,\n`);
    },
  );

  app.post(
    '/registry/wage-reports',
    {
      schema: {
        response: { 202: startedJobSchema },
        tags,
        summary: 'Unggah laporan upah bulanan (multipart: file, period, employer_npp?)',
        consumes: ['multipart/form-data'],
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      assertCan(actor, 'wages.report');
      const part = await req.file();
      if (!part) throw new ValidationError('file: tidak ada berkas / no file uploaded');
      const fields = Object.fromEntries(
        Object.entries(part.fields).map(([k, v]) => [k, v && 'value' in v ? String(v.value) : undefined]),
      );
      if (!fields.period)
        throw new ValidationError('period: bulan laporan wajib (YYYY-MM) / the month is required');
      // The month and the employer (with the scope) are checked now, so a wrong upload is refused at once.
      let employer: { npp: string };
      try {
        parsePeriod(fields.period);
        employer = await wageReportEmployer(deps.db, fields.employer_npp || undefined, actor);
      } catch (e) {
        part.file.resume();
        throw e;
      }
      // The file is kept in the database; a job applies it (and resumes it after a crash).
      const upload = await storeUpload(deps.db, part.filename || 'laporan-upah.csv', part.file, actor.userId);
      const job = await startJob(
        deps,
        wageReportJob.kind,
        { upload_id: upload, period: fields.period, employer_npp: employer.npp },
        actor,
      );
      return reply.status(202).send({ job });
    },
  );

  app.get(
    '/registry/wage-reports',
    {
      schema: {
        tags,
        summary: 'Daftar laporan upah',
        querystring: z.object({ employer_npp: z.string().optional() }),
      },
    },
    async (req) => {
      const actor = requireActor(req);
      assertCan(actor, 'wages.read');
      // The scope is applied in the query, before the limit: its employer for an employer, the employers
      // of their regions for an officer, every one for head office and the auditor.
      let q = deps.db
        .selectFrom('wage_reports as w')
        .innerJoin('employers as e', 'e.id', 'w.employer_id')
        .selectAll('w')
        .select(['e.npp', 'e.name as employer_name', 'e.village_code'])
        .where(inScope(registryScope(actor), 'employer', 'e'))
        .orderBy('w.id', 'desc')
        .limit(100);
      if (req.query.employer_npp) q = q.where('e.npp', '=', req.query.employer_npp);
      return { items: await q.execute() };
    },
  );

  app.get(
    '/registry/wage-reports/:id',
    { schema: { tags, summary: 'Hasil laporan upah per baris', params: idParam } },
    async (req) => {
      const actor = requireActor(req);
      assertCan(actor, 'wages.read');
      return { report: await getWageReport(deps.db, actor, req.params.id) };
    },
  );
}
