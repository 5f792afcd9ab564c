import path from 'node:path';
import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isoDateWib } from '../../platform/clock.ts';
import type { Deps } from '../../platform/deps.ts';
import { ValidationError } from '../../platform/errors.ts';
import type { Http } from '../../platform/http.ts';
import { exportQuery, listOrExport } from '../../platform/list-export.ts';
import { storeUpload } from '../../platform/uploads.ts';
import { registryScope } from '../access/policy.ts';
import { requireActor } from '../access/request.ts';
import { historySummary, personInScope } from '../benefits/history.ts';
import { jhtStatement, jhtStatementXlsx, reconcileJht } from '../benefits/jht.ts';
import { jhtCreditJob, jhtDevelopmentJob, pensionBankResultsJob, pensionRunJob } from '../benefits/jobs.ts';
import {
  assertPensionBatch,
  listPensionRuns,
  listPensions,
  PENSION_SOURCE,
  pensionPayeeIds,
  rebatchPensionFailures,
} from '../benefits/pensions.ts';
import { XLSX_TYPE } from '../contributions/xlsx.ts';
import { batchPayments, disbursementFile, listBatches, tieOutDisbursement } from '../disbursement/batches.ts';
import { startJob } from '../jobs/actions.ts';
import { startedJobSchema } from '../jobs/schemas.ts';
import { JKK_KINDS } from '../rules/benefits.ts';
import {
  addRelatedPerson,
  batchApprovedClaims,
  checkDocuments,
  correctClaimAccount,
  decideClaim,
  fileClaim,
  rebatchClaimFailures,
  recordHeirEvent,
  verifyClaim,
} from './actions.ts';
import { CLAIM_COLUMNS, PENSION_COLUMNS } from './exports.ts';
import { claimsBankResultsJob } from './jobs.ts';
import {
  claimDecision,
  claimDocuments,
  claimInScope,
  claimPayments,
  claimReasons,
  listClaims,
  relatedPersons,
} from './queries.ts';
import {
  ASSESSED_BENEFITS,
  CLAIM_STATUSES,
  DOCUMENTS,
  JHT_KINDS,
  JP_DOCUMENTS,
  JP_KINDS,
  TERMINATION_REASONS,
} from './rules.ts';
import { assertHeadOffice, assertHeadOfficeRead } from './scope.ts';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'format YYYY-MM-DD');
const id = z.object({ id: z.coerce.number().int().positive() });
const tags = ['claims'];

/** NIKs of the payees of claim payments (the heir's when an heir is paid), for the bank file. */
async function payeeIds(deps: Deps, claimIds: number[]): Promise<Map<number, string>> {
  if (!claimIds.length) return new Map();
  const rows = await deps.db
    .selectFrom('claims as c')
    .innerJoin('participants as p', 'p.id', 'c.participant_id')
    .leftJoin('related_persons as r', 'r.id', 'c.payee_related_id')
    .select(['c.id', 'p.nik', 'r.nik as heir_nik'])
    .where('c.id', 'in', claimIds)
    .execute();
  return new Map(rows.map((r) => [r.id, r.heir_nik ?? r.nik]));
}

export async function claimsRoutes(app: Http, deps: Deps): Promise<void> {
  app.get(
    '/claims/meta',
    { schema: { tags, summary: 'Jenis manfaat, dokumen, alasan PHK dan alasan penolakan' } },
    async (req) => {
      requireActor(req);
      return {
        benefits: ASSESSED_BENEFITS,
        statuses: CLAIM_STATUSES,
        jht_kinds: JHT_KINDS,
        jkk_kinds: JKK_KINDS,
        jp_kinds: JP_KINDS,
        terminations: TERMINATION_REASONS,
        documents: DOCUMENTS,
        jp_documents: JP_DOCUMENTS,
        reasons: await claimReasons(deps.db),
      };
    },
  );

  app.get(
    '/claims',
    {
      schema: {
        tags,
        summary: 'Daftar klaim (per cabang menurut wilayah petugas)',
        querystring: z.object({
          status: z.enum(CLAIM_STATUSES).optional(),
          benefit: z.string().optional(),
          participant_id: z.coerce.number().int().optional(),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(500).default(50),
          ...exportQuery,
        }),
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      return listOrExport(reply, req.query, {
        name: 'klaim',
        columns: CLAIM_COLUMNS,
        page: (page, pageSize) => listClaims(deps.db, actor, { ...req.query, page, pageSize }),
      });
    },
  );

  app.post(
    '/claims',
    {
      schema: {
        tags,
        summary: 'Terima klaim (petugas cabang)',
        body: z.object({
          participant_id: z.number().int().positive(),
          benefit: z.enum(ASSESSED_BENEFITS as unknown as [string, ...string[]]),
          kind: z.enum([...JHT_KINDS, ...JKK_KINDS, ...JP_KINDS] as [string, ...string[]]).optional(),
          details: z
            .object({
              months: z.number().int().min(1).max(240).optional(),
              disability_percent: z.string().max(10).optional(),
              function_loss_percent: z.string().max(10).optional(),
              transport_land: z.number().int().min(0).optional(),
              transport_sea: z.number().int().min(0).optional(),
              transport_air: z.number().int().min(0).optional(),
              homecare: z.number().int().min(0).optional(),
            })
            .optional(),
          event_date: date,
          termination: z.enum(TERMINATION_REASONS).optional(),
          payee_related_id: z.number().int().positive().optional(),
          bank_code: z
            .string()
            .regex(/^[A-Z]{2,10}$/)
            .optional(),
          account_number: z
            .string()
            .regex(/^\d{6,20}$/)
            .optional(),
          children: z.array(z.number().int().positive()).max(10).optional(),
          documents: z.array(z.string().max(40)).max(20).optional(),
          note: z.string().max(1000).optional(),
        }),
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const c = await fileClaim(deps.db, req.body as Parameters<typeof fileClaim>[1], actor, deps.clock);
      return reply.status(201).send(c);
    },
  );

  app.get(
    '/claims/:id',
    {
      schema: {
        tags,
        summary: 'Rincian klaim: penjelasan, dokumen, keputusan, pembayaran, riwayat',
        params: id,
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const c = await claimInScope(deps.db, actor, req.params.id);
      return {
        claim: c,
        documents: await claimDocuments(deps.db, c.id),
        decision: (await claimDecision(deps.db, c.id)) ?? null,
        payments: await claimPayments(deps.db, c.id),
        related: await relatedPersons(deps.db, c.participant_id),
        history: await historySummary(deps.db, { kind: 'all' }, c.participant_id, c.event_date),
      };
    },
  );

  app.post(
    '/claims/:id/documents',
    {
      schema: {
        tags,
        summary: 'Centang dokumen yang diterima',
        params: id,
        body: z.object({ documents: z.record(z.string(), z.boolean()) }),
      },
    },
    async (req) => {
      await checkDocuments(deps.db, req.params.id, req.body.documents, requireActor(req), deps.clock);
      return { documents: await claimDocuments(deps.db, req.params.id) };
    },
  );

  app.post(
    '/claims/:id/verify',
    { schema: { tags, summary: 'Verifikasi: kelayakan dan jumlah dari riwayat', params: id } },
    async (req) => {
      return verifyClaim(deps.db, req.params.id, requireActor(req));
    },
  );

  app.post(
    '/claims/:id/decision',
    {
      schema: {
        tags,
        summary: 'Keputusan oleh orang kedua (bukan pemverifikasi)',
        params: id,
        body: z.object({
          outcome: z.enum(['approved', 'rejected']),
          reason_code: z.string().max(40).optional(),
          note: z.string().max(1000).optional(),
        }),
      },
    },
    async (req) => decideClaim(deps.db, req.params.id, req.body, requireActor(req)),
  );

  app.post(
    '/claims/:id/account',
    {
      schema: {
        tags,
        summary: 'Perbaiki rekening penerima (setelah pembayaran gagal)',
        params: id,
        body: z.object({
          bank_code: z.string().regex(/^[A-Z]{2,10}$/),
          account_number: z.string().regex(/^\d{6,20}$/),
        }),
      },
    },
    async (req) => {
      await correctClaimAccount(deps.db, req.params.id, req.body, requireActor(req));
      return { ok: true };
    },
  );

  app.post(
    '/participants/:id/related-persons',
    {
      schema: {
        tags,
        summary: 'Catat ahli waris / orang terkait',
        params: id,
        body: z.object({
          relation: z.enum(['spouse', 'child', 'parent', 'other']),
          full_name: z.string().min(1).max(200),
          nik: z
            .string()
            .regex(/^\d{16}$/)
            .optional(),
          birth_date: date.optional(),
          sex: z.enum(['M', 'F']).optional(),
          school_level: z.enum(['BELUM', 'TK', 'SD', 'SMP', 'SMA', 'PT']).optional(),
          school_year: z.number().int().min(1).max(6).optional(),
          bank_code: z
            .string()
            .regex(/^[A-Z]{2,10}$/)
            .optional(),
          account_number: z
            .string()
            .regex(/^\d{6,20}$/)
            .optional(),
        }),
      },
    },
    async (req, reply) => {
      const r = await addRelatedPerson(
        deps.db,
        { ...req.body, participant_id: req.params.id },
        requireActor(req),
        deps.clock,
      );
      return reply.status(201).send(r);
    },
  );

  app.post(
    '/related-persons/:id/events',
    {
      schema: {
        tags,
        summary:
          'Catat peristiwa yang menghentikan pensiun ahli waris (menikah lagi, menikah, bekerja, meninggal)',
        params: id,
        body: z.object({
          event: z.enum(['remarriage', 'marriage', 'work', 'death']),
          event_date: date,
          note: z.string().max(500).optional(),
        }),
      },
    },
    async (req, reply) => {
      const r = await recordHeirEvent(
        deps.db,
        { ...req.body, related_person_id: req.params.id },
        requireActor(req),
        deps.clock,
      );
      return reply.status(201).send(r);
    },
  );

  app.get(
    '/participants/:id/related-persons',
    { schema: { tags, summary: 'Ahli waris / orang terkait', params: id } },
    async (req) => {
      const actor = requireActor(req);
      await personInScope(deps.db, registryScope(actor), req.params.id);
      return { items: await relatedPersons(deps.db, req.params.id) };
    },
  );

  app.get(
    '/participants/:id/benefits',
    {
      schema: {
        tags,
        summary: 'Ringkasan manfaat: riwayat iuran per program, saldo JHT, klaim',
        params: id,
        querystring: z.object({ as_of: date.optional() }),
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const asOf = req.query.as_of ?? isoDateWib(deps.clock.now());
      const history = await historySummary(deps.db, registryScope(actor), req.params.id, asOf);
      const jht = await jhtStatement(deps.db, registryScope(actor), req.params.id, asOf);
      const claims = await listClaims(deps.db, actor, { participant_id: req.params.id });
      const { entries: _e, ...jhtSummary } = jht;
      return { as_of: asOf, history, jht: jhtSummary, claims: claims.items };
    },
  );

  app.post(
    '/jht/development',
    {
      schema: {
        response: { 202: startedJobSchema },
        tags,
        summary: 'Bukukan hasil pengembangan JHT satu tahun (pekerjaan latar, 202)',
        body: z.object({ year: z.number().int().min(2015).max(2100) }),
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      assertHeadOffice(actor);
      return reply.status(202).send({ job: await startJob(deps, jhtDevelopmentJob.kind, req.body, actor) });
    },
  );

  app.post(
    '/jht/credit',
    {
      schema: {
        response: { 202: startedJobSchema },
        tags,
        summary: 'Kreditkan iuran JHT yang sudah dibayar (pekerjaan latar, 202)',
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      assertHeadOffice(actor);
      return reply.status(202).send({ job: await startJob(deps, jhtCreditJob.kind, {}, actor) });
    },
  );

  app.get(
    '/participants/:id/jht-statement',
    {
      schema: {
        tags,
        summary: 'Rekening JHT per tanggal (JSON atau XLSX)',
        params: id,
        querystring: z.object({ as_of: date, format: z.enum(['json', 'xlsx']).default('json') }),
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const s = await jhtStatement(deps.db, registryScope(actor), req.params.id, req.query.as_of);
      if (req.query.format === 'xlsx')
        return reply
          .header('content-disposition', `attachment; filename="jht-${s.participant.kpj}-${s.as_of}.xlsx"`)
          .type(XLSX_TYPE)
          .send(await jhtStatementXlsx(s));
      return s;
    },
  );

  app.get(
    '/jht/reconciliation',
    { schema: { tags, summary: 'Rekonsiliasi JHT: saldo = iuran + pengembangan − pembayaran' } },
    async (req) => {
      const actor = requireActor(req);
      assertHeadOfficeRead(actor);
      return reconcileJht(deps.db);
    },
  );

  app.get(
    '/claims-payments/batches',
    { schema: { tags, summary: 'Batch pembayaran klaim' } },
    async (req) => {
      const actor = requireActor(req);
      assertHeadOfficeRead(actor);
      return {
        items: await listBatches(deps.db, 'claims'),
        tieout: await tieOutDisbursement(deps.db, 'claims'),
      };
    },
  );

  app.post(
    '/claims-payments/batches',
    { schema: { tags, summary: 'Buat batch bank dari klaim yang disetujui' } },
    async (req, reply) => {
      const made = await batchApprovedClaims(deps.db, requireActor(req));
      return reply.status(201).send({ batches: made });
    },
  );

  app.post(
    '/claims-payments/rebatch',
    { schema: { tags, summary: 'Batch ulang pembayaran yang gagal' } },
    async (req, reply) => {
      const made = await rebatchClaimFailures(deps.db, requireActor(req));
      return reply.status(201).send({ batches: made });
    },
  );

  app.get(
    '/claims-payments/batches/:id',
    { schema: { tags, summary: 'Isi batch', params: id } },
    async (req) => {
      const actor = requireActor(req);
      assertHeadOfficeRead(actor);
      return { items: await batchPayments(deps.db, req.params.id) };
    },
  );

  app.get(
    '/claims-payments/batches/:id/file',
    {
      schema: { tags, summary: 'Berkas bank (CSV dengan total kontrol)', params: id },
    },
    async (req, reply) => {
      assertHeadOffice(requireActor(req));
      const f = await disbursementFile(deps.db, req.params.id, (ids) => payeeIds(deps, ids));
      return reply
        .header('content-disposition', `attachment; filename="${f.fileName}"`)
        .type('text/csv')
        .send(f.content);
    },
  );

  /** A bank-result CSV sent as JSON: stored as an upload, read by a job (202). */
  const startResultsJob = async (
    req: FastifyRequest,
    body: { file_name: string; content: string },
    reply: FastifyReply,
    kind: string,
  ) => {
    const actor = requireActor(req);
    assertHeadOffice(actor);
    const name = path.basename(body.file_name);
    if (!/\.csv$/i.test(name))
      throw new ValidationError('file_name: harus berkas .csv / must be a .csv file');
    const upload = await storeUpload(deps.db, name, Readable.from([body.content]), actor.userId);
    return reply.status(202).send({ job: await startJob(deps, kind, { upload_id: upload }, actor) });
  };

  app.post(
    '/claims-payments/results',
    {
      schema: {
        tags,
        summary: 'Impor hasil bank (CSV: reference,status,paid_on,amount,note)',
        body: z.object({ file_name: z.string().min(1).max(200), content: z.string().min(1).max(50_000_000) }),
        response: { 202: startedJobSchema },
      },
    },
    (req, reply) => startResultsJob(req, req.body, reply, claimsBankResultsJob.kind),
  );

  // ---- JP pensions in payment and the monthly pension runs (benefits/pensions.ts)
  app.get(
    '/pensions',
    {
      schema: {
        tags,
        summary: 'Pensiun JP yang sedang dibayar (per cabang menurut wilayah petugas)',
        querystring: z.object({
          status: z.enum(['active', 'ended']).optional(),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(500).default(50),
          ...exportQuery,
        }),
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      return listOrExport(reply, req.query, {
        name: 'pensiun',
        columns: PENSION_COLUMNS,
        page: (page, pageSize) => listPensions(deps.db, actor, { ...req.query, page, pageSize }),
      });
    },
  );

  app.get(
    '/pensions/runs',
    { schema: { tags, summary: 'Pembayaran pensiun bulanan: run, batch bank dan total kontrol' } },
    async (req) => {
      const actor = requireActor(req);
      assertHeadOfficeRead(actor);
      return {
        runs: await listPensionRuns(deps.db),
        batches: await listBatches(deps.db, PENSION_SOURCE),
        tieout: await tieOutDisbursement(deps.db, PENSION_SOURCE),
      };
    },
  );

  app.post(
    '/pensions/runs',
    {
      schema: {
        response: { 202: startedJobSchema },
        tags,
        summary: 'Bayar pensiun satu bulan (pekerjaan latar, 202; sekali per bulan)',
        body: z.object({ period: z.string().regex(/^\d{4}-\d{2}$/, 'format YYYY-MM') }),
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      assertHeadOffice(actor);
      return reply.status(202).send({ job: await startJob(deps, pensionRunJob.kind, req.body, actor) });
    },
  );

  app.post(
    '/pensions/rebatch',
    { schema: { tags, summary: 'Batch ulang pembayaran pensiun yang gagal' } },
    async (req, reply) => {
      const actor = requireActor(req);
      assertHeadOffice(actor);
      return reply.status(201).send({ batches: await rebatchPensionFailures(deps.db, actor) });
    },
  );

  app.get(
    '/pensions/batches/:id/file',
    { schema: { tags, summary: 'Berkas bank pembayaran pensiun (CSV dengan total kontrol)', params: id } },
    async (req, reply) => {
      assertHeadOffice(requireActor(req));
      await assertPensionBatch(deps.db, req.params.id);
      const f = await disbursementFile(deps.db, req.params.id, (ids) => pensionPayeeIds(deps.db, ids));
      return reply
        .header('content-disposition', `attachment; filename="${f.fileName}"`)
        .type('text/csv')
        .send(f.content);
    },
  );

  app.post(
    '/pensions/results',
    {
      schema: {
        tags,
        summary: 'Impor hasil bank pembayaran pensiun (CSV: reference,status,paid_on,amount,note)',
        body: z.object({ file_name: z.string().min(1).max(200), content: z.string().min(1).max(50_000_000) }),
        response: { 202: startedJobSchema },
      },
    },
    (req, reply) => startResultsJob(req, req.body, reply, pensionBankResultsJob.kind),
  );
}
