import { z } from 'zod';
import type { Deps } from '../../platform/deps.ts';
import { NotFoundError } from '../../platform/errors.ts';
import type { Http } from '../../platform/http.ts';
import { type Actor, can, regionInScope } from '../access/policy.ts';
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
  const open = (code: string) =>
    can(actor, 'aggregates.unsuppressed') &&
    (actor.role !== 'branch_officer' || regionInScope(code, actor.regionCodes));
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

import { findRegion, listChildren, provinceBaseline, regionPath } from './queries.ts';

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
}
