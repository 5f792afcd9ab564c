import { stringify } from 'csv-stringify/sync';
import { neutraliseRow } from '../../platform/tabular.ts';

/**
 * Pure disbursement rules shared by every paying module (wage subsidy, claims): result statuses and
 * the words banks use for them, which result may change which status, and the batch file format
 * (docs/subsidy-batch-format.md: H header, D details, T trailer with the control totals).
 */

export const RESULT_STATUSES = ['paid', 'failed', 'returned', 'account_invalid'] as const;
export type ResultStatus = (typeof RESULT_STATUSES)[number];
export const FAILED_STATUSES: readonly string[] = ['failed', 'returned', 'account_invalid'];

/** Bank result files use English codes or the Indonesian words bank staff type. */
const STATUS_WORDS: Record<string, ResultStatus> = {
  paid: 'paid',
  berhasil: 'paid',
  sukses: 'paid',
  dibayar: 'paid',
  failed: 'failed',
  gagal: 'failed',
  returned: 'returned',
  retur: 'returned',
  dikembalikan: 'returned',
  account_invalid: 'account_invalid',
  rekening_tidak_valid: 'account_invalid',
  rekening_invalid: 'account_invalid',
};

export function parseResultStatus(raw: string | null | undefined): ResultStatus | null {
  if (!raw) return null;
  return (
    STATUS_WORDS[
      raw
        .trim()
        .toLowerCase()
        .replace(/[\s-]+/g, '_')
    ] ?? null
  );
}

/** Which status changes a bank result may make: from pending to anything, and paid → returned (funds sent back). */
export function allowedResult(from: string, to: ResultStatus): 'apply' | 'same' | 'conflict' {
  if (from === to) return 'same';
  if (from === 'pending' || (from === 'paid' && to === 'returned')) return 'apply';
  return 'conflict';
}

export interface BatchFileRow {
  reference: string;
  /** NIK of the person paid (the payee's, when an heir is paid). */
  id_number: string;
  holder_name: string;
  account_number: string | null;
  amount: number;
}

/** The CSV: the header fields given, one D record per row, the trailer counted from the rows written. */
export function batchCsv(
  header: Array<string | number>,
  rows: BatchFileRow[],
): { content: string; count: number; total: number } {
  const total = rows.reduce((s, r) => s + Number(r.amount), 0);
  const records: Array<Array<string | number>> = [
    ['H', ...header],
    ...rows.map((r, i) => [
      'D',
      i + 1,
      r.reference,
      r.id_number,
      r.holder_name,
      r.account_number ?? '',
      Number(r.amount),
    ]),
    ['T', rows.length, total],
  ];
  return { content: stringify(records.map((r) => neutraliseRow(r))), count: rows.length, total };
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
