import { sql } from 'kysely';
import { type Clock, isoDateWib } from '../../platform/clock.ts';
import type { Database } from '../../platform/db.ts';
import { ConflictError, ValidationError } from '../../platform/errors.ts';
import { recordAudit } from '../access/audit.ts';
import { type Actor, assertCanWrite, SYSTEM } from '../access/policy.ts';
import {
  type Allocation,
  allocate,
  lockPayer,
  PAYER_KINDS,
  type PayerKind,
  payerCredit,
} from './allocation.ts';
import { payerInScope } from './scope.ts';

export { type Allocation, PAYER_KINDS, type PayerKind, payerCredit } from './allocation.ts';

export type PaymentSource = 'api' | 'web' | 'bank_csv' | 'cli';

export interface NewPayment {
  reference: string;
  payer_kind: PayerKind;
  payer_id: number;
  amount: number;
  /** The bank's value date, 'YYYY-MM-DD'. */
  paid_on: string;
  source: PaymentSource;
}

export interface PaymentRow {
  id: number;
  reference: string;
  payer_kind: string;
  payer_id: number;
  amount: number;
  paid_on: string;
  source: string;
}

export interface PaymentResult {
  payment: PaymentRow;
  /** False when the reference was already recorded with the same content (an idempotent repeat). */
  created: boolean;
  allocations: Allocation[];
  /** The payer's unallocated money after this payment. */
  credit: number;
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

function validate(p: NewPayment, today: string): NewPayment {
  const reference = p.reference.trim();
  if (!reference || reference.length > 100)
    throw new ValidationError(
      'reference: wajib diisi, maks. 100 karakter / required, at most 100 characters',
    );
  if (!PAYER_KINDS.includes(p.payer_kind))
    throw new ValidationError(
      `payer_kind: harus employer, participant atau sponsor / unknown "${p.payer_kind}"`,
    );
  if (!Number.isSafeInteger(p.amount) || p.amount <= 0)
    throw new ValidationError(
      `amount: harus rupiah bulat positif / must be positive whole rupiah (${p.amount})`,
    );
  if (!DATE_RE.test(p.paid_on) || Number.isNaN(Date.parse(`${p.paid_on}T00:00:00Z`)))
    throw new ValidationError(`paid_on: format YYYY-MM-DD (${p.paid_on})`);
  // A value date in the future is a typing error, and would make fines look paid before they were due.
  if (p.paid_on > today)
    throw new ValidationError(
      `paid_on: tanggal bayar di masa depan / payment date is in the future (${p.paid_on})`,
    );
  return { ...p, reference };
}

const sameContent = (a: PaymentRow, b: NewPayment) =>
  a.payer_kind === b.payer_kind &&
  a.payer_id === b.payer_id &&
  a.amount === b.amount &&
  a.paid_on === b.paid_on;

async function existing(db: Database, reference: string): Promise<PaymentRow | undefined> {
  const r = await sql<PaymentRow>`select id, reference, payer_kind, payer_id, amount,
      to_char(paid_on, 'YYYY-MM-DD') as paid_on, source from payments where reference = ${reference}`.execute(
    db,
  );
  return r.rows[0];
}

function conflict(prior: PaymentRow): ConflictError {
  return new ConflictError(
    `reference: referensi ${prior.reference} sudah tercatat dengan isi berbeda (${prior.payer_kind} ${prior.payer_id}, Rp${prior.amount}, ${prior.paid_on}) / ` +
      'reference already recorded with different content',
    { payment_id: prior.id },
  );
}

/**
 * Records a payment and spends it, in one transaction: allocation to the payer's oldest debts first
 * (allocation.ts), invoice and fine balances, coverage for invoices now fully paid, the rest kept as
 * credit. Idempotent by bank reference: the same reference with the same payer, amount and date
 * returns the recorded payment (whatever channel reported it); with other content it is a conflict.
 */
export async function recordPayment(
  db: Database,
  input: NewPayment,
  actor: Actor,
  clock: Clock,
): Promise<PaymentResult> {
  assertCanWrite(actor);
  // A value date after today on the WIB calendar is refused (the bank's and the office's calendar).
  const p = validate(input, isoDateWib(clock.now()));
  await payerInScope(db, actor, p.payer_kind, p.payer_id);
  return db.transaction().execute(async (trx) => {
    await lockPayer(trx, p.payer_kind, p.payer_id);
    // The reference is looked up first: on a Citus coordinator payments are distributed by payer and
    // the reference's unique key cannot span shards (docs/decisions/0015-citus-distribution.md); on a
    // single server the unique key still turns a concurrent duplicate into no row here.
    const known = await existing(trx, p.reference);
    const inserted = known
      ? { rows: [] }
      : await sql<{ id: number }>`
      insert into payments (reference, payer_kind, payer_id, amount, paid_on, source, created_by)
      values (${p.reference}, ${p.payer_kind}, ${p.payer_id}, ${p.amount}, ${p.paid_on}::date, ${p.source}, ${actor.userId})
      on conflict do nothing returning id`.execute(trx);
    if (!inserted.rows[0]) {
      const prior = known ?? (await existing(trx, p.reference));
      if (!prior || !sameContent(prior, p)) throw conflict(prior ?? ({ ...p, id: 0 } as PaymentRow));
      return {
        payment: prior,
        created: false,
        allocations: [],
        credit: await payerCredit(trx, p.payer_kind, p.payer_id),
      };
    }
    const allocations = await allocate(trx, p.payer_kind, p.payer_id);
    const payment = (await existing(trx, p.reference)) as PaymentRow;
    const credit = await payerCredit(trx, p.payer_kind, p.payer_id);
    await recordAudit(trx, actor, 'create', 'payment', String(payment.id), null, {
      payment,
      allocations,
      credit,
    });
    return { payment, created: true, allocations, credit };
  });
}

async function inTransaction<T>(db: Database, work: (trx: Database) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

/**
 * Spends a payer's existing credit on what it owes now. The billing run calls this after it has
 * created a payer's invoice and set its totals (it may pass its own transaction), and fine assessment
 * calls it for payers whose new fines can be paid from credit.
 */
export async function applyCredit(
  db: Database,
  payerKind: PayerKind,
  payerId: number,
  actor: Actor = SYSTEM,
): Promise<Allocation[]> {
  return inTransaction(db, async (trx) => {
    await lockPayer(trx, payerKind, payerId);
    const allocations = await allocate(trx, payerKind, payerId);
    if (allocations.length)
      await recordAudit(trx, actor, 'allocate_credit', 'payer', `${payerKind}:${payerId}`, null, {
        allocations,
      });
    return allocations;
  });
}

/** Payers holding credit while owing something: the set applyCreditAll walks. */
export async function payersWithCreditAndDebt(db: Database): Promise<Array<{ kind: PayerKind; id: number }>> {
  const r = await sql<{ kind: PayerKind; id: number }>`
    with credit as (
      select p.payer_kind, p.payer_id from payments p
      left join (select payment_id, sum(amount) as used from payment_allocations group by payment_id) a
        on a.payment_id = p.id
      group by p.payer_kind, p.payer_id having sum(p.amount - coalesce(a.used, 0)) > 0
    )
    select c.payer_kind as kind, c.payer_id as id from credit c
    where exists (select 1 from invoices i where i.payer_kind = c.payer_kind and i.payer_id = c.payer_id
                    and i.status <> 'paid')
       or exists (select 1 from fines f join invoices i on i.id = f.invoice_id
                  where i.payer_kind = c.payer_kind and i.payer_id = c.payer_id and not f.waived and f.amount > f.paid)
    order by 1, 2`.execute(db);
  return r.rows;
}

/** applyCredit for every payer with credit and debt (after a billing run or a fine assessment). */
export async function applyCreditAll(db: Database, actor: Actor = SYSTEM): Promise<number> {
  let n = 0;
  for (const p of await payersWithCreditAndDebt(db)) n += (await applyCredit(db, p.kind, p.id, actor)).length;
  return n;
}
