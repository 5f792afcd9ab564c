import { z } from 'zod';
import type { Deps } from '../../app.ts';
import { ValidationError } from '../../platform/errors.ts';
import type { Http } from '../../platform/http.ts';
import { requireActor } from '../access/routes.ts';
import { XLSX_TYPE } from '../contributions/xlsx.ts';
import { coverageScope } from '../coverage/scope.ts';
import { planHtml, planXlsx } from './documents.ts';
import { type PlanQuery, regionPlan } from './plan.ts';
import { PLAN_CATEGORIES, type PlanCategory, type PlanGroup } from './rules.ts';

const regionCode = z.string().regex(/^\d{2}(\.\d{2})?$/, 'kode provinsi atau kabupaten/kota');
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
      throw new ValidationError(`groups: honorarium untuk ${category} tidak sah / invalid wage for ${category}`);
    return { category: category as PlanCategory, count: c, jht, wage: w === undefined ? undefined : BigInt(w) };
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
        summary: 'Rencana anggaran pemda: biaya per bulan, jumlah orang dari anggaran, skenario menuju target',
        querystring: planQuerySchema,
      },
    },
    async (req) => regionPlan(deps.db, scopeOf(req), toPlanQuery(req.query)),
  );

  app.get(
    '/regional/plan.html',
    { schema: { tags, summary: 'Rencana anggaran, halaman cetak (Bahasa Indonesia)', querystring: planQuerySchema } },
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
        .header('content-disposition', `attachment; filename="rencana-anggaran-${p.region.code}-${p.year}.xlsx"`)
        .send(await planXlsx(p));
    },
  );
}
