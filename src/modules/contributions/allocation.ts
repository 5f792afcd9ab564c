import { sql } from 'kysely';
import type { Database } from '../../platform/db.ts';
import { extendCoverage } from './spans.ts';

export type PayerKind = 'employer' | 'participant' | 'sponsor';
export const PAYER_KINDS: readonly PayerKind[] = ['employer', 'participant', 'sponsor'];

export interface Allocation {
  payment_id: number;
  invoice_id: number;
  target: 'contribution' | 'fine';
  amount: number;
  paid_on: string;
}

/**
 * How a payer's unallocated money would settle what it owes, oldest first (docs/rules-reference.md §2.7: partial
 * payments go to the oldest unpaid month first). The order of what is owed is: per invoice by
 * contribution month, first that month's contribution, then that month's fines. So a month's fine is
 * settled after its own contribution and before the next month's contribution — the regulation has
 * the fine "paid together with the next month's contribution", and paying the contribution first keeps
 * the workers covered for the month (docs/decisions/0005-active-status.md).
 *
 * Money comes from the payer's payments with something left, oldest payment first. Both sides are laid
 * out as cumulative intervals and every overlap is one allocation: set-based, one statement.
 */
export async function allocationPlan(db: Database, kind: PayerKind, payerId: number): Promise<Allocation[]> {
  const r = await sql<Allocation>`
    with pay as (
      select p.id, p.paid_on, p.amount - coalesce((select sum(a.amount) from payment_allocations a
                                                   where a.payment_id = p.id), 0) as left_amt
      from payments p where p.payer_kind = ${kind} and p.payer_id = ${payerId}
    ),
    pr as (
      select id, paid_on, sum(left_amt) over w - left_amt as s, sum(left_amt) over w as e
      from pay where left_amt > 0 window w as (order by paid_on, id)
    ),
    items as (
      select i.id as invoice_id, i.period, 0 as ord, 'contribution' as target,
             greatest(i.amount + i.adjustments - i.paid, 0) as owed
      from invoices i where i.payer_kind = ${kind} and i.payer_id = ${payerId} and i.status <> 'paid'
      union all
      select i.id, i.period, 1, 'fine', sum(f.amount - f.paid)
      from fines f join invoices i on i.id = f.invoice_id
      where i.payer_kind = ${kind} and i.payer_id = ${payerId} and not f.waived and f.amount > f.paid
      group by i.id, i.period
    ),
    ir as (
      select invoice_id, period, ord, target, sum(owed) over w - owed as s, sum(owed) over w as e
      from items where owed > 0 window w as (order by period, invoice_id, ord)
    )
    select pr.id as payment_id, ir.invoice_id, ir.target, to_char(pr.paid_on, 'YYYY-MM-DD') as paid_on,
           (least(pr.e, ir.e) - greatest(pr.s, ir.s))::bigint as amount
    from pr join ir on pr.s < ir.e and ir.s < pr.e
    order by ir.period, ir.invoice_id, ir.ord, pr.paid_on, pr.id`.execute(db);
  return r.rows.map((a) => ({ ...a, amount: Number(a.amount) }));
}

/** Sums a plan per invoice and target, with the latest payment date that went into it. */
function perInvoice(plan: Allocation[], target: Allocation['target']) {
  const m = new Map<number, { amount: number; lastPaidOn: string }>();
  for (const a of plan) {
    if (a.target !== target) continue;
    const cur = m.get(a.invoice_id) ?? { amount: 0, lastPaidOn: a.paid_on };
    m.set(a.invoice_id, {
      amount: cur.amount + a.amount,
      lastPaidOn: [a.paid_on, cur.lastPaidOn].sort()[1]!,
    });
  }
  return [...m].map(([invoiceId, v]) => ({ invoiceId, ...v }));
}

/** Invoices settled by this plan: paid, status and paid_at (the bank date that completed them). */
async function settleContributions(db: Database, plan: Allocation[]): Promise<number[]> {
  const rows = perInvoice(plan, 'contribution');
  if (!rows.length) return [];
  const values = sql.join(
    rows.map((r) => sql`(${r.invoiceId}::bigint, ${r.amount}::bigint, ${r.lastPaidOn}::timestamptz)`),
  );
  // paid_on arrives as a timestamptz (midnight of the bank date, as date::timestamptz gives): Citus
  // refuses a cast that depends on the time zone inside CASE/COALESCE of a distributed UPDATE.
  const r = await sql<{ id: number; status: string }>`
    update invoices i set paid = i.paid + x.amt,
      status = case when i.paid + x.amt >= i.amount + i.adjustments then 'paid' else 'partial' end,
      paid_at = case when i.paid + x.amt >= i.amount + i.adjustments
                     then coalesce(i.paid_at, x.paid_on) else i.paid_at end
    from (values ${values}) as x(invoice_id, amt, paid_on)
    where i.id = x.invoice_id
    returning i.id, i.status`.execute(db);
  return r.rows.filter((x) => x.status === 'paid').map((x) => x.id);
}

/** Spreads each invoice's fine allocation over its unpaid fine months, earliest month first. */
async function settleFines(db: Database, plan: Allocation[]): Promise<void> {
  const rows = perInvoice(plan, 'fine');
  if (!rows.length) return;
  const values = sql.join(rows.map((r) => sql`(${r.invoiceId}::bigint, ${r.amount}::bigint)`));
  await sql`
    with x(invoice_id, amt) as (values ${values}),
    f as (
      select f.id, f.invoice_id, f.amount - f.paid as owed,
             sum(f.amount - f.paid) over (partition by f.invoice_id order by f.month_no) - (f.amount - f.paid) as s
      from fines f join x on x.invoice_id = f.invoice_id
      where not f.waived and f.amount > f.paid
    )
    update fines t set paid = t.paid + least(f.owed, x.amt - f.s)
    from f join x on x.invoice_id = f.invoice_id
    where t.id = f.id and f.s < x.amt`.execute(db);
}

/** Invoices that owe nothing (e.g. adjustments cancelled the whole amount) are paid as they stand. */
async function settleEmptyInvoices(db: Database, kind: PayerKind, payerId: number): Promise<number[]> {
  const r = await sql<{ id: number }>`
    update invoices set status = 'paid', paid_at = coalesce(paid_at, created_at)
    where payer_kind = ${kind} and payer_id = ${payerId} and status <> 'paid' and amount + adjustments <= paid
    returning id`.execute(db);
  return r.rows.map((x) => x.id);
}

/**
 * Allocates everything the payer has unallocated to what it owes and applies the result: allocation
 * rows, invoices.paid/status/paid_at, fines.paid, and coverage for invoices that became fully paid.
 * Callers hold the payer's advisory lock (see lockPayer) inside their transaction.
 */
export async function allocate(db: Database, kind: PayerKind, payerId: number): Promise<Allocation[]> {
  const plan = await allocationPlan(db, kind, payerId);
  if (plan.length) {
    const values = sql.join(
      plan.map(
        (a) => sql`(${a.payment_id}::bigint, ${a.invoice_id}::bigint, ${a.target}, ${a.amount}::bigint)`,
      ),
    );
    // A retroactively assessed fine can be paid from a payment that already paid some of the same
    // invoice's fines: add to that row instead of failing on the key.
    await sql`
      insert into payment_allocations (payment_id, invoice_id, target, amount) values ${values}
      on conflict (payment_id, invoice_id, target)
      do update set amount = payment_allocations.amount + excluded.amount`.execute(db);
  }
  const paid = await settleContributions(db, plan);
  await settleFines(db, plan);
  paid.push(...(await settleEmptyInvoices(db, kind, payerId)));
  await extendCoverage(db, paid);
  return plan;
}

/** Serialises allocation per payer so two concurrent payments cannot spend the same debt twice. */
export async function lockPayer(db: Database, kind: PayerKind, payerId: number): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`payer:${kind}:${payerId}`}))`.execute(db);
}

/** Credit = Σ payments − Σ allocations of the payer: money received and not yet spent on a debt. */
export async function payerCredit(db: Database, kind: PayerKind, payerId: number): Promise<number> {
  const r = await sql<{ credit: number }>`
    select (coalesce((select sum(amount) from payments where payer_kind = ${kind} and payer_id = ${payerId}), 0)
          - coalesce((select sum(a.amount) from payment_allocations a join payments p on p.id = a.payment_id
                      where p.payer_kind = ${kind} and p.payer_id = ${payerId}), 0))::bigint as credit`.execute(
    db,
  );
  return Number(r.rows[0]?.credit ?? 0);
}
