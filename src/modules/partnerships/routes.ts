import { type RawBuilder, sql } from 'kysely';
import { z } from 'zod';
import { isoDate } from '../../platform/clock.ts';
import type { Deps } from '../../platform/deps.ts';
import type { Http } from '../../platform/http.ts';
import { isoDay } from '../../platform/input.ts';
import { exportQuery, listOrExport } from '../../platform/list-export.ts';
import type { Actor } from '../access/policy.ts';
import { presentNik, regionIn, registryScope } from '../access/policy.ts';
import { requireActor } from '../access/request.ts';
import {
  activateAgreement,
  createAgreement,
  createPartner,
  renewAgreement,
  terminateAgreement,
  updateAgreement,
  updatePartner,
} from './actions.ts';
import { PARTNER_COLUMNS, PERFORMANCE_COLUMNS } from './exports.ts';
import { performance } from './performance.ts';
import {
  agreementEmployers,
  agreementMembers,
  getAgreement,
  getPartner,
  listAgreements,
  pagePartners,
} from './queries.ts';
import { agreementResults, agreementSeries } from './results.ts';
import { agreementImportRoutes } from './routes-import.ts';
import { outreachRoutes } from './routes-outreach.ts';
import { sponsorRoutes } from './routes-sponsor.ts';
import { PARTNER_TYPES } from './rules.ts';
import { agreementBody, agreementPatch, idParam, partnerBody, STATUSES } from './schemas.ts';
import { agreementScope, assertPersonLevel } from './scope.ts';

/** What of the registry a reader sees in member lists (participants alias p). */
function memberWhere(actor: Actor): RawBuilder<boolean> {
  assertPersonLevel(actor);
  // A branch officer sees the members in its regions; head office, the auditor and partners all of them.
  const scope = registryScope(actor);
  if (scope.kind !== 'regions') return sql<boolean>`true`;
  return regionIn(sql.ref('p.village_code'), scope.codes);
}

export async function partnershipsRoutes(app: Http, deps: Deps): Promise<void> {
  const today = () => isoDate(deps.clock.now());
  const tags = ['partnerships'];

  app.get(
    '/partners',
    {
      schema: {
        tags,
        summary: 'Daftar mitra',
        querystring: z.object({
          type: z.enum(PARTNER_TYPES).optional(),
          page: z.coerce.number().int().min(1).default(1),
          // The pickers (payment, agreement form) read the whole list: 500 unless a page size is asked.
          pageSize: z.coerce.number().int().min(1).max(500).default(500),
          ...exportQuery,
        }),
      },
    },
    async (req, reply) => {
      const scope = agreementScope(requireActor(req));
      return listOrExport(reply, req.query, {
        name: 'mitra',
        columns: PARTNER_COLUMNS,
        page: (page, pageSize) => pagePartners(deps.db, scope, { type: req.query.type, page, pageSize }),
      });
    },
  );

  app.post(
    '/partners',
    { schema: { tags, summary: 'Tambah mitra', body: partnerBody } },
    async (req, reply) => reply.status(201).send(await createPartner(deps.db, req.body, requireActor(req))),
  );

  app.get(
    '/partners/:id',
    { schema: { tags, summary: 'Rincian mitra dengan perjanjian dan hasilnya', params: idParam } },
    async (req) => {
      const scope = agreementScope(requireActor(req));
      const partner = await getPartner(deps.db, scope, req.params.id);
      const agreements = await listAgreements(deps.db, scope, today(), { partnerId: partner.id });
      const results = await agreementResults(deps.db, agreements, today());
      return { partner, agreements: agreements.map((a) => ({ ...a, results: results.get(a.id) })) };
    },
  );

  app.patch(
    '/partners/:id',
    {
      schema: {
        tags,
        summary: 'Ubah kontak, sektor, wilayah mitra',
        params: idParam,
        body: partnerBody.partial(),
      },
    },
    async (req) => {
      await updatePartner(deps.db, req.params.id, req.body, requireActor(req));
      return { partner: await getPartner(deps.db, { kind: 'all' }, req.params.id) };
    },
  );

  app.get(
    '/agreements',
    {
      schema: {
        tags,
        summary: 'Daftar perjanjian (MoU, PKS, adendum) dengan hasilnya',
        querystring: z.object({
          partner_id: z.coerce.number().int().optional(),
          status: z.enum(STATUSES).optional(),
        }),
      },
    },
    async (req) => {
      const items = await listAgreements(deps.db, agreementScope(requireActor(req)), today(), {
        partnerId: req.query.partner_id,
        status: req.query.status,
      });
      const results = await agreementResults(deps.db, items, today());
      return { items: items.map((a) => ({ ...a, results: results.get(a.id) })) };
    },
  );

  app.get(
    '/agreements/performance',
    {
      schema: {
        tags,
        summary: 'Kinerja perjanjian, urut menurut kesenjangan',
        querystring: z.object({
          sort: z.enum(['gap_to_target', 'gap_to_pace', 'registered', 'active']).default('gap_to_target'),
          order: z.enum(['asc', 'desc']).default('desc'),
          page: z.coerce.number().int().min(1).default(1),
          // The home figures read every agreement: 500 unless a page size is asked.
          pageSize: z.coerce.number().int().min(1).max(500).default(500),
          ...exportQuery,
        }),
      },
    },
    async (req, reply) => {
      const scope = agreementScope(requireActor(req));
      return listOrExport(reply, req.query, {
        name: 'kinerja-perjanjian',
        columns: PERFORMANCE_COLUMNS,
        // Results are computed for every agreement in scope and sorted by a computed gap, so the page
        // is cut after the sort.
        page: async (page, pageSize) => {
          const all = await performance(deps.db, scope, today(), req.query);
          return { items: all.slice((page - 1) * pageSize, page * pageSize), total: all.length };
        },
      });
    },
  );

  app.get(
    '/agreements/alerts',
    { schema: { tags, summary: 'Perjanjian yang akan berakhir atau sudah berakhir' } },
    async (req) => {
      const all = await listAgreements(deps.db, agreementScope(requireActor(req)), today());
      const items = all
        .filter((a) => a.status === 'expiring' || a.status === 'expired')
        .map((a) => ({
          id: a.id,
          number: a.number,
          partner_name: a.partner_name,
          status: a.status,
          ends_on: a.ends_on,
          days_left: a.ends_on
            ? Math.round((Date.parse(a.ends_on) - Date.parse(today())) / 86_400_000)
            : null,
        }))
        .sort((x, y) => (x.days_left ?? 0) - (y.days_left ?? 0));
      return { items };
    },
  );

  app.get(
    '/agreements/:id',
    { schema: { tags, summary: 'Rincian perjanjian, hasil dan grafik bulanan', params: idParam } },
    async (req) => {
      const actor = requireActor(req);
      const a = await getAgreement(deps.db, agreementScope(actor), today(), { id: req.params.id });
      const results = (await agreementResults(deps.db, [a], today())).get(a.id);
      const renewals = await listAgreements(deps.db, agreementScope(actor), today());
      return {
        agreement: a,
        results,
        series: await agreementSeries(deps.db, a, today()),
        related: renewals
          .filter((r) => r.parent_id === a.id || r.id === a.parent_id)
          .map((r) => ({
            id: r.id,
            number: r.number,
            relation: r.parent_id === a.id ? r.parent_relation : 'parent',
            status: r.status,
          })),
      };
    },
  );

  app.get(
    '/agreements/:id/members',
    {
      schema: {
        tags,
        summary: 'Peserta yang terdaftar melalui perjanjian',
        params: idParam,
        querystring: z.object({
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(500).default(50),
        }),
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const where = memberWhere(actor);
      const a = await getAgreement(deps.db, agreementScope(actor), today(), { id: req.params.id });
      const r = await agreementMembers(deps.db, a.id, where, req.query);
      return {
        ...r,
        items: r.items.map((m) => presentNik(actor, m)),
        employers: await agreementEmployers(deps.db, a.id),
      };
    },
  );

  app.post(
    '/agreements',
    { schema: { tags, summary: 'Catat perjanjian baru', body: agreementBody } },
    async (req, reply) => reply.status(201).send(await createAgreement(deps.db, req.body, requireActor(req))),
  );

  app.patch(
    '/agreements/:id',
    { schema: { tags, summary: 'Ubah perjanjian', params: idParam, body: agreementPatch } },
    async (req) => ({
      agreement: await updateAgreement(deps.db, req.params.id, req.body, requireActor(req), deps.clock),
    }),
  );

  app.post(
    '/agreements/:id/activate',
    { schema: { tags, summary: 'Aktifkan draf', params: idParam } },
    async (req) => ({
      agreement: await activateAgreement(deps.db, req.params.id, requireActor(req), deps.clock),
    }),
  );

  app.post(
    '/agreements/:id/terminate',
    {
      schema: {
        tags,
        summary: 'Akhiri perjanjian lebih awal',
        params: idParam,
        body: z.object({ on: isoDay, reason: z.string().min(5) }),
      },
    },
    async (req) => ({
      agreement: await terminateAgreement(deps.db, req.params.id, req.body, requireActor(req), deps.clock),
    }),
  );

  app.post(
    '/agreements/:id/renew',
    {
      schema: {
        tags,
        summary: 'Perpanjang: perjanjian baru yang terhubung ke yang lama',
        params: idParam,
        body: agreementBody.partial().required({ number: true, starts_on: true }),
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await renewAgreement(deps.db, req.params.id, req.body, requireActor(req), deps.clock)),
  );

  await agreementImportRoutes(app, deps);
  await outreachRoutes(app, deps);
  await sponsorRoutes(app, deps);
}
