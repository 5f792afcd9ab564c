import { z } from 'zod';
import type { Deps } from '../../platform/deps.ts';
import type { Http } from '../../platform/http.ts';
import { requireActor } from '../access/request.ts';
import { date, idParam, period } from './schemas.ts';
import { agreementScope } from './scope.ts';
import { addBudgetTopup, budgetStatus, setBudgetYear, sponsorInvoice } from './sponsor.ts';

const rupiah = z.number().int().min(0).max(1e15);

/** Sponsor budgets by budget year and the sponsor's monthly invoice (issue 18). */
export async function sponsorRoutes(app: Http, deps: Deps): Promise<void> {
  const tags = ['partnerships'];

  app.get(
    '/agreements/:id/budget-status',
    {
      schema: {
        tags,
        summary: 'Anggaran sponsor: tahun anggaran, tambahan, sisa dan berapa bulan lagi cukup',
        params: idParam,
        querystring: z.object({ period }),
      },
    },
    async (req) => budgetStatus(deps.db, agreementScope(requireActor(req)), req.params.id, req.query.period),
  );

  app.put(
    '/agreements/:id/budget-years/:year',
    {
      schema: {
        tags,
        summary: 'Tetapkan plafon satu tahun anggaran',
        params: idParam.extend({ year: z.coerce.number().int().min(2015).max(2100) }),
        body: z.object({
          ceiling: rupiah,
          carry_over: z.boolean().default(false),
          reference: z.string().max(200).nullish(),
        }),
      },
    },
    async (req) =>
      setBudgetYear(deps.db, req.params.id, { year: req.params.year, ...req.body }, requireActor(req)),
  );

  app.post(
    '/agreements/:id/budget-topups',
    {
      schema: {
        tags,
        summary: 'Tambah anggaran (mis. APBD-Perubahan) untuk satu tahun anggaran',
        params: idParam,
        body: z.object({
          year: z.number().int().min(2015).max(2100),
          amount: rupiah.min(1),
          decided_on: date,
          reference: z.string().max(200).nullish(),
        }),
      },
    },
    async (req, reply) =>
      reply.status(201).send(await addBudgetTopup(deps.db, req.params.id, req.body, requireActor(req))),
  );

  app.get(
    '/partners/:id/sponsor-invoices/:period',
    {
      schema: {
        tags,
        summary: 'Tagihan sponsor satu bulan dengan daftar peserta yang ditanggung',
        params: idParam.extend({ period }),
      },
    },
    async (req) => sponsorInvoice(deps.db, requireActor(req), req.params.id, req.params.period),
  );
}
