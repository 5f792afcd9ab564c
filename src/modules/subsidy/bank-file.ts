/**
 * The batch file handed to a paying bank (docs/subsidy-batch-format.md): a CSV of H (header),
 * D (detail) and T (trailer) records. The trailer's count and sum are the control totals the bank
 * checks before paying; they are computed from the detail rows written, not copied from the batch row.
 */
import { stringify } from 'csv-stringify/sync';
import type { Database } from '../../platform/db.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { neutraliseRow } from '../../platform/tabular.ts';

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
  const total = rows.reduce((s, r) => s + Number(r.amount), 0);
  const records: Array<Array<string | number>> = [
    ['H', b.batch_no, b.code.toUpperCase(), b.run_id, b.tranche, b.channel, b.attempt, created, 'IDR'],
    ...rows.map((r, i) => [
      'D',
      i + 1,
      r.reference,
      r.nik,
      r.holder_name,
      r.account_number ?? '',
      Number(r.amount),
    ]),
    ['T', rows.length, total],
  ];
  const fileName = `${b.code}-run${b.run_id}-t${b.tranche}-${b.channel.toLowerCase()}-${String(b.batch_no).padStart(4, '0')}.csv`;
  return { fileName, content: stringify(records.map((r) => neutraliseRow(r))), count: rows.length, total };
}

/** Parses a batch file back into its control totals and checks them against its detail rows. */
export function checkBatchFile(content: string): {
  count: number;
  total: number;
  detailCount: number;
  detailTotal: number;
  ok: boolean;
} {
  const lines = content.trim().split(/\r?\n/);
  const details = lines.filter((l) => l.startsWith('D,'));
  const detailTotal = details.reduce((s, l) => s + Number(l.slice(l.lastIndexOf(',') + 1)), 0);
  const trailer = (lines.at(-1) ?? '').split(',');
  const count = Number(trailer[1]);
  const total = Number(trailer[2]);
  return {
    count,
    total,
    detailCount: details.length,
    detailTotal,
    ok: trailer[0] === 'T' && count === details.length && total === detailTotal,
  };
}
