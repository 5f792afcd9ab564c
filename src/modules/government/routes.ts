import { z } from 'zod';
import type { Deps } from '../../app.ts';
import type { Http } from '../../platform/http.ts';
import { rowId } from '../../platform/input.ts';
import { requireActor } from '../access/routes.ts';
import { coverageScope } from '../coverage/scope.ts';
import { addresseeDetail, governmentRanking, listAddressees, recordCommitment } from './actions.ts';

const KINDS = ['regulation', 'budget', 'non_asn', 'village', 'licensing', 'innovation', 'other'] as const;

export async function governmentRoutes(app: Http, deps: Deps): Promise<void> {
  const scopeOf = (req: Parameters<typeof requireActor>[0]) =>
    coverageScope(requireActor(req), deps.config.minCellSize);

  app.get(
    '/government/addressees',
    {
      schema: {
        tags: ['government'],
        summary: 'Penerima Inpres 2/2021: kementerian, lembaga, provinsi, kabupaten, kota',
        querystring: z.object({
          category: z
            .enum([
              'ministry',
              'coordinating_ministry',
              'agency',
              'attorney_general',
              'province',
              'regency',
              'city',
              'regency_city',
            ])
            .optional(),
        }),
      },
    },
    async (req) => ({ addressees: await listAddressees(deps.handle.read, scopeOf(req), req.query.category) }),
  );

  app.get(
    '/government/ranking',
    {
      schema: {
        tags: ['government'],
        summary: 'Peringkat pemerintah daerah per kategori (seperti Paritrana), skor dengan penjelasan',
        querystring: z.object({ category: z.enum(['province', 'regency_city']).default('province') }),
      },
    },
    async (req) => governmentRanking(deps.handle.read, scopeOf(req), req.query.category),
  );

  app.get(
    '/government/:id',
    {
      schema: {
        tags: ['government'],
        summary: 'Satu penerima Inpres: komitmen, bukti, skor per kriteria (nilai, bobot, bukti)',
        params: z.object({ id: rowId }),
      },
    },
    async (req) => addresseeDetail(deps.handle.read, scopeOf(req), req.params.id),
  );

  app.post(
    '/government/:id/commitments',
    {
      schema: {
        tags: ['government'],
        summary: 'Catat komitmen/bukti (admin, petugas cabang); tercatat di audit log',
        params: z.object({ id: rowId }),
        body: z.object({
          kind: z.enum(KINDS),
          year: z.number().int().min(2015).max(2100),
          title: z.string().min(3).max(300),
          status: z.enum(['issued', 'draft', 'reported', 'verified']).optional(),
          amount_rupiah: z.number().int().min(0).nullable().optional(),
          used_rupiah: z.number().int().min(0).nullable().optional(),
          covered: z.number().int().min(0).nullable().optional(),
          eligible: z.number().int().min(0).nullable().optional(),
          share_pct: z.number().min(0).max(100).nullable().optional(),
          evidence_url: z.string().url().nullable().optional(),
          note: z.string().max(2000).nullable().optional(),
        }),
      },
    },
    async (req, reply) => {
      const row = await recordCommitment(deps.db, requireActor(req), req.params.id, req.body, deps.clock);
      return reply.status(201).send({ commitment: row });
    },
  );
}
