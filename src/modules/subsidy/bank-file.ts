/**
 * The batch file handed to a paying bank (docs/subsidy-batch-format.md): a CSV of H (header),
 * D (detail) and T (trailer) records. The trailer's count and sum are the control totals the bank
 * checks before paying; they are computed from the detail rows written, not copied from the batch row.
 */
import type { Database } from '../../platform/db.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { batchCsv } from '../disbursement/rules.ts';

export { checkBatchFile } from '../disbursement/rules.ts';

export interface BatchFile {
  fileName: string;
  content: string;
  count: number;
  total: number;
}

export async function batchFile(db: Database, batchId: number): Promise<BatchFile> {
  const b = await db
    .selectFrom('subsidy_batches as b')
    .innerJoin('subsidy_runs as r', 'r.id', 'b.run_id')
    .innerJoin('subsidy_programmes as g', 'g.id', 'r.programme_id')
    .select([
      'b.id',
      'b.batch_no',
      'b.run_id',
      'b.tranche',
      'b.channel',
      'b.attempt',
      'b.created_at',
      'b.row_count',
      'b.total_amount',
      'g.code',
    ])
    .where('b.id', '=', batchId)
    .executeTakeFirst();
  if (!b) throw new NotFoundError(`batch: batch ${batchId} tidak ditemukan / batch not found`);
  const rows = await db
    .selectFrom('subsidy_payments as y')
    .innerJoin('subsidy_snapshot as s', (j) => j.onRef('s.participant_id', '=', 'y.participant_id'))
    .innerJoin('subsidy_runs as r', (j) =>
      j.onRef('r.id', '=', 'y.run_id').onRef('r.snapshot_run_id', '=', 's.run_id'),
    )
    .select(['y.reference', 's.nik', 'y.holder_name', 'y.account_number', 'y.amount'])
    .where('y.batch_id', '=', batchId)
    .orderBy('y.participant_id')
    .execute();
  const created = b.created_at.toISOString().slice(0, 10);
  const { content, count, total } = batchCsv(
    [b.batch_no, b.code.toUpperCase(), b.run_id, b.tranche, b.channel, b.attempt, created, 'IDR'],
    rows.map((r) => ({ ...r, id_number: r.nik, amount: Number(r.amount) })),
  );
  const fileName = `${b.code}-run${b.run_id}-t${b.tranche}-${b.channel.toLowerCase()}-${String(b.batch_no).padStart(4, '0')}.csv`;
  return { fileName, content, count, total };
}
