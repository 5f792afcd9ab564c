import { z } from 'zod';
import type { Deps } from '../../platform/deps.ts';
import { NotFoundError } from '../../platform/errors.ts';
import type { Http } from '../../platform/http.ts';
import { type Actor, can, registryScope, villageInScope } from '../access/policy.ts';
import { requireActor } from '../access/request.ts';

/**
 * The same small-cell rule as /api/coverage: counts below the minimum cell size are null for every role
 * except head office, the auditor, and branch officers inside their own regions.
 */
export function suppressSmallCells<T extends { code: string; participants: number; employers: number }>(
  actor: Actor,
  rows: T[],
  minCell: number,
): Array<Omit<T, 'participants' | 'employers'> & { participants: number | null; employers: number | null }> {
  // aggregates.unsuppressed: head office, the auditor, the system (scope all), branch officers (their regions).
  const open = (code: string) => can(actor, 'aggregates.unsuppressed') && villageInScope(actor, code);
  return rows.map((r) =>
    open(r.code)
      ? r
      : {
          ...r,
          participants: r.participants < minCell ? null : r.participants,
          employers: r.employers < minCell ? null : r.employers,
        },
  );
}

import { findRegion, listChildren, provinceBaseline, regionOptions, regionPath } from './queries.ts';
import { branchOfficeSchema, regionOptionSchema, regionsAnswerSchema } from './schemas.ts';

const regionCode = z.string().regex(/^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/, 'kode wilayah Kemendagri');

export async function regionsRoutes(app: Http, deps: Deps): Promise<void> {
  app.get(
    '/regions',
    {
      schema: {
        tags: ['regions'],
        summary:
          'Wilayah: provinsi → kabupaten/kota → kecamatan → desa, dengan jumlah peserta dan pemberi kerja',
        querystring: z.object({
          parent: z
            .string()
            .regex(/^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/)
            .optional(),
        }),
        response: { 200: regionsAnswerSchema },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const parent = req.query.parent ?? null;
      const region = parent ? await findRegion(deps.db, parent) : null;
      if (parent && !region)
        throw new NotFoundError(`parent: wilayah ${parent} tidak ditemukan / region not found`);
      const baseline = parent ? await provinceBaseline(deps.db, parent.slice(0, 2)) : null;
      return {
        region: region ?? null,
        path: parent ? await regionPath(deps.db, parent) : [],
        children: suppressSmallCells(actor, await listChildren(deps.db, parent), deps.config.minCellSize),
        workforce: baseline?.workforce ?? null,
        minimum_wage: baseline?.minimum_wage ?? null,
      };
    },
  );

  app.get(
    '/regions/options',
    {
      schema: {
        tags: ['regions'],
        summary:
          'Pilihan wilayah untuk formulir: anak wilayah, atau cari menurut nama / Region picker options',
        querystring: z.object({
          parent: regionCode.optional(),
          q: z.string().max(100).optional(),
          level: z.coerce.number().int().min(1).max(4).optional(),
          /** true: only the actor's own regions (a branch officer registering an employer) */
          mine: z
            .enum(['true', 'false'])
            .optional()
            .transform((v) => v === 'true'),
        }),
        response: { 200: z.object({ items: z.array(regionOptionSchema) }) },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const scope = registryScope(actor);
      const within = req.query.mine && scope.kind === 'regions' ? scope.codes : null;
      return {
        items: await regionOptions(deps.db, {
          parent: req.query.parent ?? null,
          q: req.query.q,
          level: req.query.level,
          within,
        }),
      };
    },
  );

  app.get(
    '/branch-offices',
    {
      schema: {
        tags: ['regions'],
        summary: 'Kantor cabang (untuk formulir) / Branch offices',
        querystring: z.object({
          province: z
            .string()
            .regex(/^\d{2}$/)
            .optional(),
        }),
        response: { 200: z.object({ items: z.array(branchOfficeSchema) }) },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      let q = deps.db
        .selectFrom('branch_offices')
        .select(['id', 'code', 'name', 'province_code', 'regency_code'])
        .orderBy('name');
      if (req.query.province) q = q.where('province_code', '=', req.query.province);
      const rows = await q.execute();
      // A branch officer is offered the offices of its own regions.
      const scope = registryScope(actor);
      const mine =
        scope.kind === 'regions'
          ? rows.filter((b) =>
              scope.codes.some(
                (c) => c === b.province_code || c.startsWith(`${b.province_code}.`) || b.regency_code === c,
              ),
            )
          : rows;
      return { items: mine };
    },
  );
}
