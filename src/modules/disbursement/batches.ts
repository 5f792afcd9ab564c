import { sql } from 'kysely';
import type { Database } from '../../platform/db.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { recordAudit } from '../access/audit.ts';
import type { Actor } from '../access/policy.ts';
import { type BatchFileRow, batchCsv } from './rules.ts';

/**
 * Batches in the shared disbursement tables (claims today; any module that pays people). A batch is
 * one file for one channel (bank) and attempt, with its control totals (row count, total amount)
 * written first and checked against its payment rows by the tie-out.
 */

export interface PayItem {
  item_id: number;
  amount: number;
  channel: string;
  account_number: string;
  holder_name: string;
  attempt: number;
}

export interface MadeBatch {
  id: number;
  channel: string;
  attempt: number;
  row_count: number;
  total_amount: number;
}

/** Writes the items as batches of at most `maxSize` per channel and attempt, in the caller's transaction. */
export async function writeBatches(
  trx: Database,
  actor: Actor,
  source: string,
  items: PayItem[],
  maxSize = 5000,
): Promise<MadeBatch[]> {
  const groups = new Map<string, PayItem[]>();
  for (const it of [...items].sort((a, b) => a.item_id - b.item_id)) {
    const k = `${it.channel}|${it.attempt}`;
    groups.set(k, [...(groups.get(k) ?? []), it]);
  }
  const made: MadeBatch[] = [];
  for (const [, list] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    for (let k = 0; k < list.length; k += maxSize) {
      const rows = list.slice(k, k + maxSize);
      const b = await trx
        .insertInto('disbursement_batches')
        .values({
          source,
          channel: rows[0]!.channel,
          attempt: rows[0]!.attempt,
          row_count: rows.length,
          total_amount: rows.reduce((s, r) => s + r.amount, 0),
          created_by: actor.userId,
        })
        .returning(['id', 'channel', 'attempt', 'row_count', 'total_amount'])
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('disbursement_payments')
        .values(
          rows.map((r) => ({
            batch_id: b.id,
            source,
            item_id: r.item_id,
            attempt: r.attempt,
            reference: `${source.toUpperCase()}-${r.item_id}-A${r.attempt}`,
            amount: r.amount,
            channel: r.channel,
            account_number: r.account_number,
            holder_name: r.holder_name,
          })),
        )
        .execute();
      made.push({ ...b, total_amount: Number(b.total_amount) });
    }
  }
  if (made.length)
    await recordAudit(trx, actor, 'create_batches', 'disbursement', source, null, {
      batches: made.map((b) => b.id),
      rows: items.length,
    });
  return made;
}

/** The latest attempt of each item that failed (failed, returned, account invalid), for re-batching. */
export async function failedItems(db: Database, source: string) {
  const r = await sql<{
    item_id: number;
    attempt: number;
    amount: number;
    channel: string;
    account_number: string;
    holder_name: string;
  }>`
    select l.item_id, l.attempt, l.amount, l.channel, l.account_number, l.holder_name from (
      select distinct on (item_id) * from disbursement_payments where source = ${source} order by item_id, attempt desc) l
    where l.status in ('failed', 'returned', 'account_invalid')`.execute(db);
  return r.rows.map((x) => ({ ...x, amount: Number(x.amount) }));
}

export async function listBatches(db: Database, source: string) {
  const r = await sql<{
    id: number;
    channel: string;
    attempt: number;
    row_count: number;
    total_amount: string;
    created_at: Date;
    paid: number;
    failed: number;
    pending: number;
  }>`
    select b.id, b.channel, b.attempt, b.row_count, b.total_amount, b.created_at,
      count(*) filter (where y.status = 'paid')::int as paid,
      count(*) filter (where y.status in ('failed', 'returned', 'account_invalid'))::int as failed,
      count(*) filter (where y.status = 'pending')::int as pending
    from disbursement_batches b left join disbursement_payments y on y.batch_id = b.id
    where b.source = ${source} group by b.id order by b.id desc`.execute(db);
  return r.rows.map((b) => ({ ...b, total_amount: Number(b.total_amount) }));
}

export async function batchPayments(db: Database, batchId: number) {
  return db
    .selectFrom('disbursement_payments')
    .select([
      'id',
      'item_id',
      'reference',
      'amount',
      'channel',
      'account_number',
      'holder_name',
      'status',
      'result_on',
      'result_note',
    ])
    .where('batch_id', '=', batchId)
    .orderBy('item_id')
    .execute();
}

/** The bank file of a batch; `idNumber` gives the payee's identity number per item. */
export async function disbursementFile(
  db: Database,
  batchId: number,
  idNumbers: (itemIds: number[]) => Promise<Map<number, string>>,
) {
  const b = await db
    .selectFrom('disbursement_batches')
    .selectAll()
    .where('id', '=', batchId)
    .executeTakeFirst();
  if (!b) throw new NotFoundError(`batch: batch ${batchId} tidak ditemukan / batch not found`);
  const rows = await batchPayments(db, batchId);
  const ids = await idNumbers(rows.map((r) => r.item_id));
  const created = b.created_at.toISOString().slice(0, 10);
  const fileRows: BatchFileRow[] = rows.map((r) => ({
    reference: r.reference,
    id_number: ids.get(r.item_id) ?? '',
    holder_name: r.holder_name,
    account_number: r.account_number,
    amount: Number(r.amount),
  }));
  const f = batchCsv([b.id, b.source.toUpperCase(), b.channel, b.attempt, created, 'IDR'], fileRows);
  return { fileName: `${b.source}-${b.channel.toLowerCase()}-${String(b.id).padStart(5, '0')}.csv`, ...f };
}

/**
 * Totals that must tie out for a source: each batch's control totals equal its payment rows; per
 * item the latest attempt is paid, failed or pending, and the paid amount equals the sum of paid rows.
 */
export async function tieOutDisbursement(db: Database, source: string) {
  const batches = await sql<{
    id: number;
    row_count: number;
    total_amount: string;
    rows: string;
    amount: string | null;
  }>`
    select b.id, b.row_count, b.total_amount, count(y.id) as rows, sum(y.amount) as amount
    from disbursement_batches b left join disbursement_payments y on y.batch_id = b.id
    where b.source = ${source} group by b.id order by b.id`.execute(db);
  const latest = await sql<{ status: string; n: string; amount: string }>`
    select status, count(*) as n, sum(amount) as amount from (
      select distinct on (item_id) status, amount from disbursement_payments where source = ${source} order by item_id, attempt desc) l
    group by status`.execute(db);
  const by = Object.fromEntries(
    latest.rows.map((r) => [r.status, { n: Number(r.n), amount: Number(r.amount) }]),
  );
  const checks = batches.rows.map((b) => ({
    name: `batch ${b.id}: control totals = rows`,
    left: `${b.row_count}/${Number(b.total_amount)}`,
    right: `${Number(b.rows)}/${Number(b.amount ?? 0)}`,
    ok: b.row_count === Number(b.rows) && Number(b.total_amount) === Number(b.amount ?? 0),
  }));
  const items = Object.values(by).reduce((s, x) => s + x.n, 0);
  return {
    source,
    items,
    paid: by.paid?.n ?? 0,
    paid_amount: by.paid?.amount ?? 0,
    pending: by.pending?.n ?? 0,
    failed: (by.failed?.n ?? 0) + (by.returned?.n ?? 0) + (by.account_invalid?.n ?? 0),
    checks,
    ok: checks.every((c) => c.ok),
  };
}
