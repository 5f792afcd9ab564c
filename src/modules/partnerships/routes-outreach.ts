import { z } from 'zod';
import { isoDate } from '../../platform/clock.ts';
import type { Deps } from '../../platform/deps.ts';
import type { Http } from '../../platform/http.ts';
import { assertCan, can } from '../access/policy.ts';
import { requireActor } from '../access/request.ts';
import { budgetDecisions, decideSponsorships } from './budget.ts';
import { checkFraud, listFlags, reviewFlag } from './fraud.ts';
import { conversion, createCampaign, createVisit, outreachLog } from './outreach.ts';
import { getAgreement } from './queries.ts';
import { date, idParam, period } from './schemas.ts';
import { agreementScope, assertManager, assertPersonLevel } from './scope.ts';

const regionCode = z.string().regex(/^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/);
const niks = z
  .array(z.string().regex(/^\d{16}$/))
  .max(5000)
  .optional();

/** Outreach log and conversion, fraud flags and their review, sponsor budget decisions. */
export async function outreachRoutes(app: Http, deps: Deps): Promise<void> {
  const tags = ['partnerships'];

  app.get(
    '/outreach',
    {
      schema: {
        tags,
        summary: 'Log penjangkauan: kampanye dan kunjungan',
        querystring: z.object({
          agreement_id: z.coerce.number().int().optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(200),
        }),
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return {
        items: await outreachLog(deps.db, agreementScope(actor), {
          agreementId: req.query.agreement_id,
          limit: req.query.limit,
          staffNames: can(actor, 'staff.names'),
        }),
      };
    },
  );

  app.post(
    '/outreach/campaigns',
    {
      schema: {
        tags,
        summary: 'Catat kampanye (sosialisasi, promosi, edukasi)',
        body: z.object({
          kind: z.enum(['socialisation', 'promotion', 'education']),
          title: z.string().min(3).max(300),
          agreement_id: z.number().int().nullish(),
          region_code: regionCode,
          held_on: date,
          reached: z.number().int().min(0),
          note: z.string().max(2000).nullish(),
          registered_niks: niks,
        }),
      },
    },
    async (req, reply) => reply.status(201).send(await createCampaign(deps.db, req.body, requireActor(req))),
  );

  app.post(
    '/outreach/visits',
    {
      schema: {
        tags,
        summary: 'Catat kunjungan dari pintu ke pintu (petugas atau agen)',
        body: z.object({
          agent_name: z.string().max(200).nullish(),
          officer_id: z.number().int().nullish(),
          region_code: regionCode,
          visited_on: date,
          reached: z.number().int().min(0),
          agreement_id: z.number().int().nullish(),
          campaign_id: z.number().int().nullish(),
          note: z.string().max(2000).nullish(),
          registered_niks: niks,
        }),
      },
    },
    async (req, reply) => reply.status(201).send(await createVisit(deps.db, req.body, requireActor(req))),
  );

  app.get(
    '/outreach/conversion',
    {
      schema: {
        tags,
        summary: 'Konversi terdaftar → membayar per petugas, agen, kampanye, perjanjian',
        querystring: z.object({
          by: z.enum(['officer', 'agent', 'campaign', 'agreement']).default('agreement'),
        }),
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return conversion(deps.db, agreementScope(actor), req.query.by, deps.clock, {
        staffNames: can(actor, 'staff.names'),
      });
    },
  );

  app.get(
    '/fraud-flags',
    {
      schema: {
        tags,
        summary: 'Tanda kecurangan untuk ditinjau',
        querystring: z.object({
          status: z.enum(['open', 'cleared', 'confirmed']).optional(),
          kind: z.string().optional(),
          agreement_id: z.coerce.number().int().optional(),
        }),
      },
    },
    async (req) => {
      // Fraud review is internal to the agency: partners and regional governments do not see it.
      assertCan(requireActor(req), 'review.read');
      return { items: await listFlags(deps.db, { ...req.query, agreementId: req.query.agreement_id }) };
    },
  );

  app.post(
    '/fraud-flags/check',
    { schema: { tags, summary: 'Jalankan pemeriksaan kecurangan' } },
    async (req) => {
      assertManager(requireActor(req));
      return { new_flags: await checkFraud(deps.db) };
    },
  );

  app.post(
    '/fraud-flags/:id/review',
    {
      schema: {
        tags,
        summary: 'Tinjau tanda: cleared (sah) atau confirmed (curang)',
        params: idParam,
        body: z.object({ status: z.enum(['cleared', 'confirmed']), note: z.string().min(5).max(2000) }),
      },
    },
    async (req) => ({
      flag: await reviewFlag(deps.db, { id: req.params.id, ...req.body }, requireActor(req), deps.clock),
    }),
  );

  app.post(
    '/sponsorships/decide',
    {
      schema: {
        tags,
        summary: 'Putuskan plafon anggaran sponsor untuk satu periode (sebelum penagihan)',
        body: z.object({ period }),
      },
    },
    async (req) => {
      assertManager(requireActor(req));
      return decideSponsorships(deps.db, req.body.period);
    },
  );

  app.get(
    '/agreements/:id/budget',
    {
      schema: {
        tags,
        summary: 'Keputusan plafon anggaran dan pemberitahuan per periode',
        params: idParam,
        querystring: z.object({ period }),
      },
    },
    async (req) => {
      const actor = requireActor(req);
      assertPersonLevel(actor);
      const a = await getAgreement(deps.db, agreementScope(actor), isoDate(deps.clock.now()), {
        id: req.params.id,
      });
      return {
        agreement_id: a.id,
        budget_ceiling: a.budget_ceiling,
        items: await budgetDecisions(deps.db, a.id, req.query.period),
      };
    },
  );
}
