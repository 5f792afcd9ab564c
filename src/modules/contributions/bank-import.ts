import path from 'node:path';
import { sql } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db.ts';
import { AppError, ConflictError, NotFoundError } from '../../platform/errors.ts';
import { formatOf, readTabular, sha256File } from '../../platform/tabular.ts';
import { recordAudit } from '../access/audit.ts';
import { type Actor, assertCanWrite } from '../access/policy.ts';
import type { PayerKind } from './allocation.ts';
import {
  type BankImportResult,
  type BankRowError,
  checkHeader,
  err,
  type ParsedRow,
  parseRow,
} from './bank-rows.ts';
import { recordPayment } from './payments.ts';

export type { BankImportResult, BankRowError } from './bank-rows.ts';

/**
 * Bank-statement import (docs/bank-statement-format.md): one payment per row, streamed, every bad row
 * reported by line and column in Bahasa Indonesia and English, every good row recorded through
 * recordPayment. References make a re-import a no-op: rows already recorded count as unchanged.
 */

/** Payer ids for a chunk's numbers, one query per payer kind. */
async function resolvePayers(db: Database, rows: ParsedRow[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const want = (k: PayerKind) => [
    ...new Set(rows.filter((r) => r.payer_kind === k).map((r) => r.payer_number)),
  ];
  const add = (k: PayerKind, found: Array<{ n: string; id: number }>) => {
    for (const f of found) out.set(`${k}:${f.n}`, f.id);
  };
  const npp = want('employer');
  if (npp.length)
    add(
      'employer',
      (
        await sql<{
          n: string;
          id: number;
        }>`select npp as n, id from employers where npp in (${sql.join(npp)})`.execute(db)
      ).rows,
    );
  const kpj = want('participant');
  if (kpj.length)
    add(
      'participant',
      (
        await sql<{
          n: string;
          id: number;
        }>`select kpj as n, id from participants where kpj in (${sql.join(kpj)})`.execute(db)
      ).rows,
    );
  const ids = want('sponsor')
    .filter((n) => /^\d{1,9}$/.test(n))
    .map(Number);
  if (ids.length)
    add(
      'sponsor',
      (
        await sql<{
          n: string;
          id: number;
        }>`select id::text as n, id from partners where id in (${sql.join(ids)})`.execute(db)
      ).rows,
    );
  return out;
}

const CHUNK = 500;

export async function importBankStatement(
  db: Database,
  opts: { file: string; fileName?: string },
  actor: Actor,
  clock: Clock,
): Promise<BankImportResult> {
  assertCanWrite(actor);
  const name = opts.fileName ?? path.basename(opts.file);
  const res: BankImportResult = {
    file: name,
    total: 0,
    recorded: 0,
    unchanged: 0,
    rejected: 0,
    amount_recorded: 0,
    errors: [],
  };
  const seen = new Map<string, { line: number; key: string }>();
  let chunk: ParsedRow[] = [];
  const flush = async () => {
    await recordChunk(db, chunk, res, actor, clock);
    chunk = [];
  };
  let headerChecked = false;
  for await (const { line, cells, malformed } of readTabular(opts.file, formatOf(name))) {
    if (!headerChecked) {
      checkHeader(cells);
      headerChecked = true;
    }
    res.total++;
    if (malformed) {
      res.errors.push(err(line, 'baris', 'malformed', malformed.message_id, malformed.message_en, null));
      res.rejected++;
      continue;
    }
    const { row, errors } = parseRow(line, cells);
    if (!row) {
      res.errors.push(...errors);
      res.rejected++;
      continue;
    }
    const key = `${row.payer_kind}|${row.payer_number}|${row.amount}|${row.paid_on}`;
    const prior = seen.get(row.reference);
    if (prior) {
      if (prior.key === key) res.unchanged++;
      else {
        res.rejected++;
        res.errors.push(
          err(
            line,
            'reference',
            'reference_duplicate_in_file',
            `referensi sama dengan baris ${prior.line} tetapi isinya berbeda`,
            `same reference as line ${prior.line} with different content`,
            row.reference,
          ),
        );
      }
      continue;
    }
    seen.set(row.reference, { line, key });
    chunk.push(row);
    if (chunk.length >= CHUNK) await flush();
  }
  await flush();
  await recordAudit(db, actor, 'import', 'bank_statement', null, null, {
    sha256: await sha256File(opts.file),
    ...res,
    errors: res.errors.length,
  });
  return res;
}

async function recordChunk(
  db: Database,
  rows: ParsedRow[],
  res: BankImportResult,
  actor: Actor,
  clock: Clock,
) {
  if (!rows.length) return;
  const ids = await resolvePayers(db, rows);
  for (const r of rows) {
    const payerId = ids.get(`${r.payer_kind}:${r.payer_number}`);
    if (payerId === undefined) {
      res.rejected++;
      res.errors.push(
        err(
          r.line,
          'payer_number',
          'payer_unknown',
          `pembayar ${r.payer_kind} ${r.payer_number} tidak ditemukan`,
          `no ${r.payer_kind} with number ${r.payer_number}`,
          r.payer_number,
        ),
      );
      continue;
    }
    try {
      const p = await recordPayment(
        db,
        {
          reference: r.reference,
          payer_kind: r.payer_kind,
          payer_id: payerId,
          amount: r.amount,
          paid_on: r.paid_on,
          source: 'bank_csv',
        },
        actor,
        clock,
      );
      if (p.created) {
        res.recorded++;
        res.amount_recorded += r.amount;
      } else res.unchanged++;
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      res.rejected++;
      res.errors.push(rowErrorOf(r, e));
    }
  }
}

function rowErrorOf(r: ParsedRow, e: AppError): BankRowError {
  if (e instanceof ConflictError)
    return err(
      r.line,
      'reference',
      'reference_conflict',
      'referensi sudah tercatat dengan isi berbeda',
      'reference already recorded with different content',
      r.reference,
    );
  if (e instanceof NotFoundError)
    return err(
      r.line,
      'payer_number',
      'payer_unknown',
      `pembayar ${r.payer_number} tidak ditemukan`,
      `payer ${r.payer_number} not found`,
      r.payer_number,
    );
  const [id, en] = e.message.split(' / ');
  return err(
    r.line,
    e.message.startsWith('paid_on') ? 'paid_on' : 'baris',
    e.code,
    id ?? e.message,
    en ?? e.message,
    null,
  );
}
