import { z } from 'zod';
import type { Deps } from '../../platform/deps.ts';
import { NotFoundError } from '../../platform/errors.ts';
import type { Http } from '../../platform/http.ts';
import { isoDay, rowId } from '../../platform/input.ts';
import { exportQuery, listOrExport } from '../../platform/list-export.ts';
import { assertCan, assertInScope, presentNik, registryScope } from '../access/policy.ts';
import { requireActor } from '../access/request.ts';
import { findEmployerByNpp } from '../employers/queries.ts';
import { changeWage, exitEmployment, hire } from '../employment/actions.ts';
import { registerParticipant } from './actions.ts';
import { PARTICIPANT_COLUMNS } from './exports.ts';
import { parseNik } from './nik.ts';
import { getParticipant, getParticipantDetail, participantEvents, searchParticipants } from './queries.ts';
import { SEGMENTS } from './rules.ts';
import {
  nikResultSchema,
  participantDetailSchema,
  participantEventSchema,
  participantRecordSchema,
  participantSearchSchema,
} from './schemas.ts';

const date = isoDay;

export async function workersRoutes(app: Http, deps: Deps): Promise<void> {
  app.get(
    '/participants',
    {
      schema: {
        tags: ['participants'],
        summary: 'Cari peserta: NIK (16 digit), KPJ (11 digit) atau awal nama',
        querystring: z.object({
          q: z.string().optional(),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(500).default(50),
          ...exportQuery,
        }),
        response: { 200: participantSearchSchema },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      return listOrExport(reply, req.query, {
        name: 'peserta',
        columns: PARTICIPANT_COLUMNS,
        page: async (page, pageSize) => {
          const r = await searchParticipants(deps.db, registryScope(actor), {
            q: req.query.q,
            page,
            pageSize,
          });
          return { ...r, items: r.items.map((p) => presentNik(actor, p)) };
        },
      });
    },
  );

  app.get(
    '/participants/:id',
    {
      schema: {
        tags: ['participants'],
        summary: 'Rincian peserta',
        params: z.object({ id: rowId }),
        response: { 200: participantDetailSchema },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      // Employers and partners see only the employment rows of employers inside their scope.
      const row = await getParticipantDetail(deps.db, registryScope(actor), req.params.id);
      if (!row)
        throw new NotFoundError(`id: peserta ${req.params.id} tidak ditemukan / participant not found`);
      const { employments, events, ...p } = row;
      return { participant: presentNik(actor, p), employments, events };
    },
  );

  app.post(
    '/participants',
    {
      schema: {
        tags: ['participants'],
        summary: 'Daftarkan satu peserta',
        body: z.object({
          nik: z.string().regex(/^\d{16}$/, 'NIK 16 digit'),
          full_name: z.string().min(1).max(200),
          birth_date: date,
          sex: z.enum(['M', 'F']),
          village_code: z.string().regex(/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/),
          phone: z.string().max(20).optional(),
          segment: z.enum(SEGMENTS as [string, ...string[]]),
          employer_npp: z.string().optional(),
          start_date: date.optional(),
          wage: z.number().int().min(0).optional(),
          is_non_asn: z.boolean().optional(),
          is_vulnerable: z.boolean().optional(),
          jht: z.boolean().optional(),
        }),
        response: { 201: z.object({ participant: participantRecordSchema }) },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const participant = await registerParticipant(
        deps.db,
        { ...b, segment: b.segment as (typeof SEGMENTS)[number] },
        requireActor(req),
        deps.clock,
      );
      return reply.status(201).send({ participant });
    },
  );

  app.post(
    '/participants/:id/events',
    {
      schema: {
        tags: ['participants'],
        summary: 'Laporkan mutasi: hire, wage_change, exit',
        params: z.object({ id: rowId }),
        body: z.object({
          kind: z.enum(['hire', 'wage_change', 'exit']),
          employer_npp: z.string(),
          effective_on: date,
          wage: z.number().int().positive().optional(),
        }),
        response: { 201: z.object({ events: z.array(participantEventSchema) }) },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const p = await getParticipant(deps.db, registryScope(actor), req.params.id);
      const employer = await findEmployerByNpp(deps.db, req.body.employer_npp);
      if (!p) throw new NotFoundError('id: peserta tidak ditemukan / participant not found');
      if (!employer)
        throw new NotFoundError('employer_npp: pemberi kerja tidak ditemukan / employer not found');
      // The write touches the participant and the employer: both must be inside the actor's scope.
      assertCan(actor, 'registry.write');
      await assertInScope(deps.db, actor, { participant: p.id, employer: employer.id });
      const input = {
        participantId: p.id,
        employerId: employer.id,
        date: req.body.effective_on,
        wage: req.body.wage,
      };
      const action = { hire, wage_change: changeWage, exit: exitEmployment }[req.body.kind];
      await deps.db.transaction().execute((trx) => action(trx, input, actor));
      return reply.status(201).send({ events: await participantEvents(deps.db, p.id, registryScope(actor)) });
    },
  );

  app.get(
    '/nik/:nik',
    {
      schema: {
        tags: ['participants'],
        summary: 'Uraikan NIK',
        params: z.object({ nik: z.string() }),
        response: { 200: nikResultSchema },
      },
    },
    async (req) => {
      requireActor(req);
      return parseNik(req.params.nik, deps.clock.now().toISOString().slice(0, 10));
    },
  );
}
