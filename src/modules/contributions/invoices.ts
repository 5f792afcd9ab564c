import { sql } from 'kysely';
import type { Database } from '../../platform/db.ts';
import { NotFoundError } from '../../platform/errors.ts';
import type { Scope } from '../access/policy.ts';
import type { PayerKind } from './allocation.ts';
import { type DueKind, explainDueDate } from './due.ts';
import { invoiceScope } from './scope.ts';

/** Reads of invoices for the API and the web, always inside the actor's scope. */

export interface InvoiceFilter {
  payer_kind?: PayerKind;
  payer_id?: number;
  status?: 'open' | 'partial' | 'paid' | 'unpaid';
  period?: string;
  page: number;
  pageSize: number;
}

/** The payer's number and name next to each invoice, whatever kind of payer it is. */
const PAYER = sql`
  left join lateral (
    select e.npp as payer_number, e.name as payer_name from employers e where i.payer_kind = 'employer' and e.id = i.payer_id
    union all
    select p.kpj, p.full_name from participants p where i.payer_kind = 'participant' and p.id = i.payer_id
    union all
    select r.id::text, r.name from partners r where i.payer_kind = 'sponsor' and r.id = i.payer_id
  ) py on true`;

const COLUMNS = sql`i.id, i.period, i.payer_kind, i.payer_id, py.payer_number, py.payer_name,
  to_char(i.due_date, 'YYYY-MM-DD') as due_date, i.amount, i.adjustments, i.paid, i.status,
  to_char(i.paid_at, 'YYYY-MM-DD') as paid_at,
  coalesce((select sum(f.amount - f.paid) from fines f where f.invoice_id = i.id and not f.waived), 0)::bigint as fines_owed,
  (greatest(i.amount + i.adjustments - i.paid, 0)
   + coalesce((select sum(f.amount - f.paid) from fines f where f.invoice_id = i.id and not f.waived), 0))::bigint as outstanding`;

export interface InvoiceListRow {
  id: number;
  period: string;
  payer_kind: string;
  payer_id: number;
  payer_number: string | null;
  payer_name: string | null;
  due_date: string;
  amount: number;
  adjustments: number;
  paid: number;
  status: string;
  paid_at: string | null;
  fines_owed: number;
  outstanding: number;
}

export async function listInvoices(db: Database, scope: Scope, f: InvoiceFilter) {
  const where = sql.join(
    [
      invoiceScope(scope),
      f.payer_kind ? sql`i.payer_kind = ${f.payer_kind}` : sql`true`,
      f.payer_id !== undefined ? sql`i.payer_id = ${f.payer_id}` : sql`true`,
      f.period ? sql`i.period = ${f.period}` : sql`true`,
      f.status === 'unpaid' ? sql`i.status <> 'paid'` : f.status ? sql`i.status = ${f.status}` : sql`true`,
    ],
    sql` and `,
  );
  const total = await sql<{ n: number }>`select count(*)::int as n from invoices i where ${where}`.execute(
    db,
  );
  const items = await sql<InvoiceListRow>`select ${COLUMNS} from invoices i ${PAYER} where ${where}
    order by i.period desc, i.id desc limit ${f.pageSize} offset ${(f.page - 1) * f.pageSize}`.execute(db);
  return { items: items.rows, total: total.rows[0]?.n ?? 0 };
}

export async function invoiceDetail(db: Database, scope: Scope, id: number) {
  const head = await sql<InvoiceListRow>`select ${COLUMNS} from invoices i ${PAYER}
    where i.id = ${id} and ${invoiceScope(scope)}`.execute(db);
  const invoice = head.rows[0];
  if (!invoice) throw new NotFoundError(`id: tagihan ${id} tidak ditemukan / invoice not found`);
  const lines = await sql<{
    program: string;
    payer: string;
    for_period: string;
    adjustment: boolean;
    participants: number;
    amount: number;
  }>`select l.program, l.payer, l.for_period, l.adjustment, count(distinct l.participant_id)::int as participants,
       sum(l.amount)::bigint as amount
     from contribution_lines l where l.invoice_id = ${id}
     group by 1, 2, 3, 4 order by l.adjustment, l.for_period, l.program, l.payer`.execute(db);
  const fines = await db
    .selectFrom('fines')
    .select(['id', 'month_no', 'base', sql<string>`rate::text`.as('rate'), 'amount', 'paid', 'waived'])
    .where('invoice_id', '=', id)
    .orderBy('month_no')
    .execute();
  const allocations = await sql<{
    payment_id: number;
    reference: string;
    paid_on: string;
    target: string;
    amount: number;
  }>`select a.payment_id, p.reference, to_char(p.paid_on, 'YYYY-MM-DD') as paid_on, a.target, a.amount
     from payment_allocations a join payments p on p.id = a.payment_id
     where a.invoice_id = ${id} order by p.paid_on, p.id, a.target`.execute(db);
  const waivers = await sql<{
    id: number;
    fine_id: number;
    reason: string;
    status: string;
    requested_by: string;
  }>`
    select w.id, w.fine_id, w.reason, w.status, u.username as requested_by
    from fine_waivers w join fines f on f.id = w.fine_id join users u on u.id = w.requested_by
    where f.invoice_id = ${id} order by w.id`.execute(db);
  const kind: DueKind =
    invoice.payer_kind === 'participant'
      ? await participantDueKind(db, invoice.payer_id)
      : (invoice.payer_kind as DueKind);
  return {
    invoice,
    due: explainDueDate(invoice.period, kind),
    lines: lines.rows,
    fines,
    allocations: allocations.rows,
    waivers: waivers.rows,
  };
}

async function participantDueKind(db: Database, participantId: number): Promise<DueKind> {
  const p = await db
    .selectFrom('participants')
    .select('segment')
    .where('id', '=', participantId)
    .executeTakeFirst();
  return p?.segment === 'BPU' ? 'BPU' : 'participant';
}

/** Pending waivers the actor may see (for the approval list). */
export async function pendingWaivers(db: Database, scope: Scope) {
  const r = await sql<{
    id: number;
    fine_id: number;
    invoice_id: number;
    period: string;
    payer_name: string | null;
    amount: number;
    reason: string;
    requested_by: string;
    requested_at: string;
  }>`select w.id, w.fine_id, f.invoice_id, i.period, py.payer_name, f.amount - f.paid as amount, w.reason,
       u.username as requested_by, to_char(w.requested_at at time zone 'Asia/Jakarta', 'YYYY-MM-DD HH24:MI') as requested_at
     from fine_waivers w join fines f on f.id = w.fine_id join invoices i on i.id = f.invoice_id
     join users u on u.id = w.requested_by ${PAYER}
     where w.status = 'pending' and ${invoiceScope(scope)} order by w.id`.execute(db);
  return r.rows;
}
