import { z } from 'zod';
import type { Deps } from '../../platform/deps.ts';
import type { Http } from '../../platform/http.ts';
import { getDemoMeta } from './queries.ts';

const DemoMetaSchema = z
  .object({
    synthetic: z.literal(true),
    scale: z.string().describe("'1:200': the sample holds one in N of the real participants and employers"),
    participants: z.number().int(),
    employers: z.number().int(),
    seeded_at: z.string(),
    reference_period: z.string(),
  })
  .nullable();

/** GET /api/meta: whether the data are a synthetic sample and at what scale; every page shows it. */
export async function demoRoutes(app: Http, deps: Deps): Promise<void> {
  app.get(
    '/meta',
    {
      schema: {
        summary: 'Data set description (synthetic demo sample and its scale)',
        response: { 200: z.object({ demo: DemoMetaSchema }) },
      },
    },
    async () => {
      const meta = await getDemoMeta(deps.db);
      return {
        demo: meta && {
          synthetic: true as const,
          scale: meta.scale,
          participants: meta.participants,
          employers: meta.employers,
          seeded_at: meta.seeded_at,
          reference_period: meta.reference_period,
        },
      };
    },
  );
}
