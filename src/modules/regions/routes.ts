import { z } from 'zod';
import type { Deps } from '../../app.ts';
import { NotFoundError } from '../../platform/errors.ts';
import type { Http } from '../../platform/http.ts';
import { requireActor } from '../access/routes.ts';
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
      requireActor(req);
      const parent = req.query.parent ?? null;
      const region = parent ? await findRegion(deps.db, parent) : null;
      if (parent && !region)
        throw new NotFoundError(`parent: wilayah ${parent} tidak ditemukan / region not found`);
      const baseline = parent ? await provinceBaseline(deps.db, parent.slice(0, 2)) : null;
      return {
        region: region ?? null,
        path: parent ? await regionPath(deps.db, parent) : [],
        children: await listChildren(deps.db, parent),
        workforce: baseline?.workforce ?? null,
        minimum_wage: baseline?.minimum_wage ?? null,
      };
    },
  );
}
