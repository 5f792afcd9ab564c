import { z } from 'zod';
import type { Deps } from '../../platform/deps.ts';
import type { Http } from '../../platform/http.ts';
import { isoPeriod } from '../../platform/input.ts';
import { assertCan } from '../access/policy.ts';
import { requireActor } from '../access/request.ts';
import { startJob } from '../jobs/actions.ts';
import { startedJobSchema } from '../jobs/schemas.ts';
import { coverageBreakdown } from './breakdown.ts';
import { coverageXlsx } from './export.ts';
import { coverageFigures } from './figures.ts';
import { coverageRefreshJob } from './jobs.ts';
import { coverageRanking } from './ranking.ts';
import { coverageReportHtml } from './report.ts';
import { DENOMINATORS, SEGMENTS } from './rules.ts';
import { figuresSchema, rankingSchema } from './schemas.ts';
import { coverageScope } from './scope.ts';
import { coverageSeries, regionTargets } from './trends.ts';

const period = isoPeriod;
const regionCode = z
  .string()
  .regex(/^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/, 'kode wilayah Kemendagri, mis. 19.71');
const regionOrNation = z.union([z.literal('00'), regionCode]);
const basis = z.enum(['domicile', 'employer']).default('domicile');
const denominator = z.enum(DENOMINATORS as [string, ...string[]]).default('employed');
const segment = z.enum(SEGMENTS as [string, ...string[]]).optional();

const figureQuery = z.object({
  period: period.optional(),
  level: z.coerce.number().int().min(1).max(4).optional(),
  parent: regionCode.optional(),
  basis,
  denominator,
  segment,
});
type FigureQueryIn = z.infer<typeof figureQuery>;
const toFigureQuery = (q: FigureQueryIn) => ({
  period: q.period,
  level: q.level as 1 | 2 | 3 | 4 | undefined,
  parent: q.parent ?? null,
  basis: q.basis,
  denominator: q.denominator as (typeof DENOMINATORS)[number],
  segment: (q.segment ?? null) as (typeof SEGMENTS)[number] | null,
});

export async function coverageRoutes(app: Http, deps: Deps): Promise<void> {
  const scopeOf = (req: Parameters<typeof requireActor>[0]) =>
    coverageScope(requireActor(req), deps.config.minCellSize);

  app.get(
    '/coverage',
    {
      schema: {
        tags: ['coverage'],
        summary:
          'Cakupan per wilayah (provinsi → kab/kota → kecamatan → desa) dan segmen, dengan penyebut bersumber',
        querystring: figureQuery,
        response: { 200: figuresSchema },
      },
    },
    async (req) => coverageFigures(deps.handle.read, scopeOf(req), toFigureQuery(req.query)),
  );

  app.get(
    '/coverage/ranking',
    {
      schema: {
        tags: ['coverage'],
        summary:
          'Peringkat provinsi atau kab/kota menurut cakupan, kemajuan 12 bulan, atau kesenjangan target',
        querystring: figureQuery.omit({ level: true }).extend({
          level: z.coerce.number().int().min(1).max(2).default(1),
          by: z.enum(['coverage', 'progress', 'gap']).default('coverage'),
        }),
        response: { 200: rankingSchema },
      },
    },
    async (req) =>
      coverageRanking(deps.handle.read, scopeOf(req), {
        ...toFigureQuery({ ...req.query, level: undefined }),
        level: req.query.level as 1 | 2,
        by: req.query.by,
      }),
  );

  app.get(
    '/coverage/series/:region',
    {
      schema: {
        tags: ['coverage'],
        summary: 'Deret bulanan cakupan satu wilayah (00 = nasional)',
        params: z.object({ region: regionOrNation }),
        querystring: z.object({ basis, denominator, segment }),
      },
    },
    async (req) =>
      coverageSeries(deps.handle.read, scopeOf(req), req.params.region, {
        basis: req.query.basis,
        denominator: req.query.denominator as (typeof DENOMINATORS)[number],
        segment: (req.query.segment ?? null) as (typeof SEGMENTS)[number] | null,
      }),
  );

  app.get(
    '/coverage/targets/:region',
    {
      schema: {
        tags: ['coverage'],
        summary: 'Target wilayah: kesenjangan (orang), laju perlu per bulan vs laju 3/6/12 bulan, proyeksi',
        params: z.object({ region: regionOrNation }),
        querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() }),
      },
    },
    async (req) => regionTargets(deps.handle.read, scopeOf(req), req.params.region, req.query.year),
  );

  app.get(
    '/coverage/:region/breakdown',
    {
      schema: {
        tags: ['coverage'],
        summary: 'Di balik angka wilayah: segmen, pemberi kerja teratas, mitra (agregat untuk pemda)',
        params: z.object({ region: regionCode }),
        querystring: z.object({
          period: period.optional(),
          limit: z.coerce.number().int().min(1).max(200).default(20),
        }),
      },
    },
    async (req) => coverageBreakdown(deps.handle.read, scopeOf(req), req.params.region, req.query),
  );

  app.get(
    '/coverage/export.xlsx',
    {
      schema: {
        tags: ['coverage'],
        summary: 'Ekspor XLSX tabel cakupan, peringkat dan sumber',
        querystring: figureQuery,
      },
    },
    async (req, reply) => {
      const buf = await coverageXlsx(deps.handle.read, scopeOf(req), toFigureQuery(req.query));
      const name = `cakupan-${req.query.parent ?? 'nasional'}-${req.query.period ?? 'terkini'}.xlsx`;
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(buf);
    },
  );

  app.get(
    '/coverage/report/:region',
    {
      schema: {
        tags: ['coverage'],
        summary: 'Laporan cetak satu wilayah (HTML, Bahasa Indonesia)',
        params: z.object({ region: regionOrNation }),
      },
    },
    async (req, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .send(await coverageReportHtml(deps.handle.read, scopeOf(req), req.params.region)),
  );

  app.get(
    '/coverage/runs',
    { schema: { tags: ['coverage'], summary: 'Riwayat penyegaran rollup cakupan' } },
    async (req) => {
      assertCan(requireActor(req), 'headoffice.read');
      const runs = await deps.db
        .selectFrom('coverage_runs')
        .selectAll()
        .orderBy('id', 'desc')
        .limit(20)
        .execute();
      return { runs };
    },
  );

  app.post(
    '/coverage/refresh',
    {
      schema: {
        response: { 202: startedJobSchema },
        tags: ['coverage'],
        summary: 'Segarkan rollup cakupan (inkremental; full=true untuk hitung ulang semua)',
        body: z.object({ period: period.optional(), full: z.boolean().optional() }).optional(),
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      assertCan(actor, 'headoffice.operate');
      const job = await startJob(
        deps,
        coverageRefreshJob.kind,
        { period: req.body?.period, full: req.body?.full },
        actor,
      );
      return reply.status(202).send({ job });
    },
  );
}
