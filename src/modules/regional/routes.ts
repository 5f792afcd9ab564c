import path from 'node:path';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { isoDate } from '../../platform/clock.ts';
import type { Deps } from '../../platform/deps.ts';
import { ForbiddenError, ValidationError } from '../../platform/errors.ts';
import type { Http } from '../../platform/http.ts';
import { periodOf } from '../../platform/period.ts';
import { storeUpload } from '../../platform/uploads.ts';
import { assertCan } from '../access/policy.ts';
import { requireActor } from '../access/request.ts';
import { XLSX_TYPE } from '../contributions/xlsx.ts';
import { canSeeRegion, coverageScope } from '../coverage/scope.ts';
import { disbursementFile, listBatches, tieOutDisbursement } from '../disbursement/batches.ts';
import { startJob } from '../jobs/actions.ts';
import { startedJobSchema } from '../jobs/schemas.ts';
import {
  agentRecruits,
  assignVillage,
  attributeRecruit,
  checkAgentFraud,
  commissionParams,
  commissionPayables,
  listAgents,
  registerAgent,
  setTarget,
} from './agents.ts';
import {
  assertCommissionBatch,
  assertCommissionPayer,
  COMMISSION_SOURCE,
  commissionPayeeIds,
  commissionPayments,
  rebatchCommissionFailures,
} from './commission-pay.ts';
import { planHtml, planXlsx } from './documents.ts';
import { agentCommissionJob, agentCommissionResultsJob, nonAsnImportJob } from './jobs.ts';
import { declareHeadcount, governmentEmployer, linkGovernmentEmployer, nonAsnProgress } from './non-asn.ts';
import { type PlanQuery, regionPlan } from './plan.ts';
import { NON_ASN_CATEGORIES, PLAN_CATEGORIES, type PlanCategory, type PlanGroup } from './rules.ts';
import { villagePage, villageRanking } from './villages.ts';

const regionCode = z.string().regex(/^\d{2}(\.\d{2})?$/, 'kode provinsi atau kabupaten/kota');
const villageCode = z.string().regex(/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/, 'kode desa, mis. 19.71.01.1004');
const anyRegion = z.string().regex(/^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/, 'kode wilayah Kemendagri');
const period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'format YYYY-MM');
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'format YYYY-MM-DD');
const idParam = z.object({ id: z.coerce.number().int() });
const CAT = new Set<string>(PLAN_CATEGORIES);

/** "vulnerable_other:1000,honorer:200:3500000" → groups (category:count[:monthly wage]). */
export function parseGroups(text: string, jht: boolean): PlanGroup[] {
  if (!text.trim()) return [];
  return text.split(',').map((part) => {
    const [category, count, wage] = part.trim().split(':');
    if (!category || !CAT.has(category))
      throw new ValidationError(`groups: kelompok "${category}" tidak dikenal / unknown group "${category}"`);
    const c = Number(count);
    if (!Number.isInteger(c) || c < 0 || c > 10_000_000)
      throw new ValidationError(`groups: jumlah untuk ${category} tidak sah / invalid count for ${category}`);
    const w = wage === undefined ? undefined : Number(wage);
    if (w !== undefined && (!Number.isInteger(w) || w <= 0))
      throw new ValidationError(
        `groups: honorarium untuk ${category} tidak sah / invalid wage for ${category}`,
      );
    return {
      category: category as PlanCategory,
      count: c,
      jht,
      wage: w === undefined ? undefined : BigInt(w),
    };
  });
}

export const planQuerySchema = z.object({
  region: regionCode,
  year: z.coerce.number().int().min(2015).max(2100),
  groups: z.string().max(2000).default(''),
  jht: z.enum(['true', 'false']).default('false'),
  budget_funded: z.enum(['true', 'false']).default('true'),
  from_month: z.coerce.number().int().min(1).max(12).default(1),
  budget: z.coerce.number().int().min(0).max(1e15).optional(),
  scenario_category: z.enum(PLAN_CATEGORIES).default('vulnerable_other'),
});

export function toPlanQuery(q: z.infer<typeof planQuerySchema>): PlanQuery {
  return {
    region: q.region,
    year: q.year,
    groups: parseGroups(q.groups, q.jht === 'true'),
    budgetFunded: q.budget_funded === 'true',
    fromMonth: q.from_month,
    budget: q.budget === undefined ? undefined : BigInt(q.budget),
    scenarioCategory: q.scenario_category,
  };
}

export async function regionalRoutes(app: Http, deps: Deps): Promise<void> {
  const tags = ['regional'];
  const scopeOf = (req: Parameters<typeof requireActor>[0]) =>
    coverageScope(requireActor(req), deps.config.minCellSize);

  app.get(
    '/regional/plan',
    {
      schema: {
        tags,
        summary:
          'Rencana anggaran pemda: biaya per bulan, jumlah orang dari anggaran, skenario menuju target',
        querystring: planQuerySchema,
      },
    },
    async (req) => regionPlan(deps.db, scopeOf(req), toPlanQuery(req.query)),
  );

  app.get(
    '/regional/plan.html',
    {
      schema: {
        tags,
        summary: 'Rencana anggaran, halaman cetak (Bahasa Indonesia)',
        querystring: planQuerySchema,
      },
    },
    async (req, reply) => {
      const p = await regionPlan(deps.db, scopeOf(req), toPlanQuery(req.query));
      const at = deps.clock.now().toLocaleString('id-ID', { timeZone: 'Asia/Jakarta' });
      return reply.type('text/html; charset=utf-8').send(planHtml(p, at));
    },
  );

  app.get(
    '/regional/plan.xlsx',
    { schema: { tags, summary: 'Rencana anggaran, XLSX', querystring: planQuerySchema } },
    async (req, reply) => {
      const p = await regionPlan(deps.db, scopeOf(req), toPlanQuery(req.query));
      return reply
        .type(XLSX_TYPE)
        .header(
          'content-disposition',
          `attachment; filename="rencana-anggaran-${p.region.code}-${p.year}.xlsx"`,
        )
        .send(await planXlsx(p));
    },
  );

  const today = () => isoDate(deps.clock.now());
  const thisPeriod = () => periodOf(today());

  // --- non-ASN staff ---------------------------------------------------------------------------------
  app.post(
    '/non-asn/imports',
    {
      schema: {
        response: { 202: startedJobSchema },
        tags,
        summary:
          'Unggah daftar pegawai non-ASN (multipart: file dengan kolom kategori_non_asn, employer_npp?)',
        consumes: ['multipart/form-data'],
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const part = await req.file();
      if (!part) throw new ValidationError('file: tidak ada berkas / no file uploaded');
      const npp = part.fields.employer_npp;
      const employerNpp = npp && 'value' in npp ? String(npp.value) || undefined : undefined;
      // Who may register for which employer is checked now, not only when the job runs.
      await governmentEmployer(deps.db, employerNpp, actor);
      // The file is kept in the database so any worker runs the import (and reruns it after a crash).
      const upload = await storeUpload(deps.db, part.filename || 'non-asn.csv', part.file, actor.userId);
      const job = await startJob(
        deps,
        nonAsnImportJob.kind,
        { upload_id: upload, employer_npp: employerNpp },
        actor,
      );
      return reply.status(202).send({ job });
    },
  );

  app.put(
    '/non-asn/headcounts/:year',
    {
      schema: {
        tags,
        summary: 'Jumlah pegawai non-ASN yang dimiliki per kategori (penyebut cakupan)',
        params: z.object({ year: z.coerce.number().int().min(2015).max(2100) }),
        body: z.object({
          employer_npp: z.string().optional(),
          counts: z.record(z.enum(NON_ASN_CATEGORIES), z.number().int().min(0).max(10_000_000)),
        }),
      },
    },
    async (req) =>
      declareHeadcount(
        deps.db,
        { employerNpp: req.body.employer_npp, year: req.params.year, counts: req.body.counts },
        requireActor(req),
      ),
  );

  app.post(
    '/non-asn/employer-links',
    {
      schema: {
        tags,
        summary: 'Tautkan instansi pemberi kerja ke penerima Inpres (pemda) yang pegawainya ia pekerjakan',
        body: z.object({ employer_npp: z.string(), addressee_id: z.number().int() }),
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(
          await linkGovernmentEmployer(
            deps.db,
            { employerNpp: req.body.employer_npp, addresseeId: req.body.addressee_id },
            requireActor(req),
          ),
        ),
  );

  app.get(
    '/non-asn/progress/:region',
    {
      schema: {
        tags,
        summary: 'Kemajuan pendaftaran non-ASN di wilayah: dilaporkan, terdaftar, terlindungi, tepat waktu',
        params: z.object({ region: anyRegion }),
        querystring: z.object({ year: z.coerce.number().int().min(2015).max(2100).optional() }),
      },
    },
    async (req) => {
      const scope = scopeOf(req);
      if (!canSeeRegion(scope, req.params.region))
        throw new ForbiddenError(`Wilayah ${req.params.region} di luar wilayah Anda / outside your regions`);
      return nonAsnProgress(
        deps.db,
        req.params.region,
        req.query.year ?? Number(today().slice(0, 4)),
        today(),
      );
    },
  );

  // --- villages --------------------------------------------------------------------------------------
  app.get(
    '/villages/:code',
    {
      schema: {
        tags,
        summary: 'Halaman desa: cakupan, angkatan kerja, sponsor dana desa, agen, penjangkauan',
        params: z.object({ code: villageCode }),
        querystring: z.object({ period: period.optional() }),
      },
    },
    async (req) =>
      villagePage(
        deps.db,
        scopeOf(req),
        requireActor(req),
        req.params.code,
        req.query.period ?? thisPeriod(),
      ),
  );

  app.get(
    '/regencies/:code/villages',
    {
      schema: {
        tags,
        summary: 'Peringkat desa dalam satu kabupaten/kota',
        params: z.object({ code: z.string() }),
        querystring: z.object({ period: period.optional() }),
      },
    },
    async (req) => villageRanking(deps.db, scopeOf(req), req.params.code, req.query.period ?? thisPeriod()),
  );

  // --- agents ----------------------------------------------------------------------------------------
  app.get(
    '/agents',
    {
      schema: {
        tags,
        summary: 'Daftar agen: desa, target, rekrutan, komisi',
        querystring: z.object({ period: period.optional() }),
      },
    },
    async (req) => ({
      items: await listAgents(deps.db, requireActor(req), req.query.period ?? thisPeriod()),
    }),
  );

  app.post(
    '/agents',
    {
      schema: {
        tags,
        summary: 'Daftarkan agen',
        body: z.object({
          code: z.string().regex(/^[A-Z0-9-]{4,32}$/, 'kode agen: huruf besar, angka, tanda hubung'),
          full_name: z.string().min(2).max(200),
          nik: z.string().regex(/^\d{16}$/, 'NIK 16 digit'),
          phone: z.string().min(6).max(30),
          region_code: anyRegion,
          bank_code: z.string().max(20).nullish(),
          bank_account: z.string().max(40).nullish(),
          account_holder: z.string().max(200).nullish(),
          user_id: z.number().int().nullish(),
          registered_on: date.optional(),
        }),
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(
          await registerAgent(
            deps.db,
            { ...req.body, registered_on: req.body.registered_on ?? today() },
            requireActor(req),
          ),
        ),
  );

  app.post(
    '/agents/:id/villages',
    {
      schema: {
        tags,
        summary: 'Tugaskan agen ke desa',
        params: idParam,
        body: z.object({ village_code: villageCode, from_date: date }),
      },
    },
    async (req, reply) =>
      reply.status(201).send(await assignVillage(deps.db, req.params.id, req.body, requireActor(req))),
  );

  app.put(
    '/agents/:id/targets/:period',
    {
      schema: {
        tags,
        summary: 'Target rekrutan agen sebulan',
        params: idParam.extend({ period }),
        body: z.object({ target_people: z.number().int().min(1).max(100_000) }),
      },
    },
    async (req) =>
      setTarget(deps.db, req.params.id, { period: req.params.period, ...req.body }, requireActor(req)),
  );

  app.post(
    '/agents/:id/recruits',
    {
      schema: {
        tags,
        summary: 'Atribusikan peserta baru ke agen perekrutnya (saat pendaftaran)',
        params: idParam,
        body: z.object({
          participant_id: z.number().int().optional(),
          nik: z
            .string()
            .regex(/^\d{16}$/)
            .optional(),
        }),
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await attributeRecruit(deps.db, req.params.id, req.body, requireActor(req), deps.clock)),
  );

  app.get(
    '/agent/me',
    { schema: { tags, summary: 'Agen yang sedang masuk: data, desa, target, komisi' } },
    async (req) => {
      const actor = requireActor(req);
      assertCan(actor, 'agents.self');
      const [me] = await listAgents(deps.db, actor, thisPeriod());
      if (!me)
        throw new ForbiddenError(
          'Akun ini belum terhubung ke data agen / this login is not linked to an agent',
        );
      return {
        agent: me,
        recruits: await agentRecruits(deps.db, actor, me.id),
        params: commissionParams(thisPeriod()),
      };
    },
  );

  app.get(
    '/agents/:id/recruits',
    { schema: { tags, summary: 'Rekrutan agen dengan bulan terbayar dan komisi', params: idParam } },
    async (req) => ({ items: await agentRecruits(deps.db, requireActor(req), req.params.id) }),
  );

  app.get(
    '/agent-commission/:period',
    {
      schema: {
        tags,
        summary:
          'Komisi agen satu periode: baris yang harus dibayar per agen, parameter (belum terkonfirmasi)',
        params: z.object({ period }),
      },
    },
    async (req) => ({
      params: commissionParams(req.params.period),
      items: await commissionPayables(deps.db, requireActor(req), req.params.period),
    }),
  );

  app.post(
    '/agent-commission/:period/run',
    {
      schema: {
        response: { 202: startedJobSchema },
        tags,
        summary: 'Jalankan (atau lanjutkan) perhitungan komisi agen',
        params: z.object({ period }),
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      assertCan(actor, 'headoffice.operate');
      const job = await startJob(deps, agentCommissionJob.kind, { period: req.params.period }, actor);
      return reply.status(202).send({ job });
    },
  );

  app.get(
    '/agent-commission/:period/payments',
    {
      schema: {
        tags,
        summary:
          'Pembayaran komisi agen satu periode: terutang, status bank per agen, parameter (belum terkonfirmasi)',
        params: z.object({ period }),
      },
    },
    async (req) => commissionPayments(deps.db, requireActor(req), req.params.period),
  );

  app.get(
    '/agent-commission/batches',
    { schema: { tags, summary: 'Batch bank komisi agen dengan total kontrol dan kecocokan (tie-out)' } },
    async (req) => {
      const actor = requireActor(req);
      assertCan(actor, 'headoffice.read');
      return {
        items: await listBatches(deps.db, COMMISSION_SOURCE),
        tie_out: await tieOutDisbursement(deps.db, COMMISSION_SOURCE),
      };
    },
  );

  app.get(
    '/agent-commission/batches/:id/file',
    { schema: { tags, summary: 'Berkas bank komisi agen (CSV dengan total kontrol)', params: idParam } },
    async (req, reply) => {
      assertCommissionPayer(requireActor(req));
      await assertCommissionBatch(deps.db, req.params.id);
      const f = await disbursementFile(deps.db, req.params.id, (ids) => commissionPayeeIds(deps.db, ids));
      return reply
        .header('content-disposition', `attachment; filename="${f.fileName}"`)
        .type('text/csv')
        .send(f.content);
    },
  );

  app.post(
    '/agent-commission/rebatch',
    { schema: { tags, summary: 'Batch ulang pembayaran komisi yang gagal' } },
    async (req, reply) =>
      reply.status(201).send({ batches: await rebatchCommissionFailures(deps.db, requireActor(req)) }),
  );

  app.post(
    '/agent-commission/results',
    {
      schema: {
        response: { 202: startedJobSchema },
        tags,
        summary: 'Impor hasil bank pembayaran komisi (CSV: reference,status,paid_on,amount,note)',
        body: z.object({ file_name: z.string().min(1).max(200), content: z.string().min(1).max(50_000_000) }),
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      assertCommissionPayer(actor);
      const name = path.basename(req.body.file_name);
      if (!/\.csv$/i.test(name))
        throw new ValidationError('file_name: harus berkas .csv / must be a .csv file');
      const upload = await storeUpload(deps.db, name, Readable.from([req.body.content]), actor.userId);
      const job = await startJob(deps, agentCommissionResultsJob.kind, { upload_id: upload }, actor);
      return reply.status(202).send({ job });
    },
  );

  app.post(
    '/agents/fraud-checks',
    {
      schema: {
        tags,
        summary: 'Periksa pola curang agen (rekrutan tak pernah membayar, lonjakan, telepon sama)',
      },
    },
    async (req) => {
      const actor = requireActor(req);
      assertCan(actor, 'agents.manage');
      return checkAgentFraud(deps.db, today());
    },
  );
}
