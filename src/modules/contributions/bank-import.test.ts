import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { invoiceRow, makeEmployer, makeInvoice, makeParticipant } from '../../../test/kits/contributions.ts';
import { fixedClock } from '../../platform/clock.ts';
import { ValidationError } from '../../platform/errors.ts';
import { SYSTEM } from '../access/policy.ts';
import { importBankStatement } from './bank-import.ts';
import { payerCredit } from './payments.ts';

const clock = fixedClock('2026-05-01T08:00:00Z');

function write(name: string, body: string): string {
  const f = path.join(os.tmpdir(), `lindung-bank-${process.pid}-${name}`);
  fs.writeFileSync(f, body);
  return f;
}

describe('bank statement import', () => {
  let t: TestDb;
  let emp: { id: number; npp: string };
  let bpu: { id: number; kpj: string };
  let janId: number;
  let file: string;

  before(async () => {
    t = await createTestDb();
    emp = await makeEmployer(t.db);
    bpu = await makeParticipant(t.db, { segment: 'BPU' });
    const w = await makeParticipant(t.db);
    janId = (
      await makeInvoice(t.db, {
        payerKind: 'employer',
        payerId: emp.id,
        period: '2026-01',
        lines: [{ participant_id: w.id, amount: 250_000 }],
      })
    ).id;
    await makeInvoice(t.db, {
      payerKind: 'participant',
      payerId: bpu.id,
      period: '2026-03',
      lines: [{ participant_id: bpu.id, amount: 16_800, payer: 'participant' }],
    });
    file = write(
      'statement.csv',
      [
        'reference,paid_on,payer_kind,payer_number,amount',
        `TRX-001,2026-02-12,employer,${emp.npp},Rp250.000`,
        `TRX-002,12/03/2026,peserta,${bpu.kpj},16800`,
        `TRX-003,2026-02-30,employer,${emp.npp},1000`, // no such date
        `TRX-004,2026-03-01,bank,${emp.npp},1000`, // unknown payer kind
        'TRX-005,2026-03-01,employer,99999999,1000', // unknown NPP
        `,2026-03-01,employer,${emp.npp},12.5`, // no reference, decimal amount
        `TRX-001,2026-02-12,employer,${emp.npp},250000`, // repeated in the file, same content
        `TRX-002,2026-03-12,participant,${bpu.kpj},16900`, // same reference, other amount
        `TRX-006,2026-04-02,employer,${emp.npp},1.000.000`, // overpayment → credit
      ].join('\n'),
    );
  });
  after(() => t.close());

  test('records the good rows and reports every bad one by line and column, in both languages', async () => {
    const r = await importBankStatement(t.db, { file }, SYSTEM, clock);
    assert.deepEqual([r.total, r.recorded, r.unchanged, r.rejected], [9, 3, 1, 5]);
    assert.deepEqual(
      r.errors.map((e) => [e.line, e.column, e.code]),
      [
        [4, 'paid_on', 'date_format'],
        [5, 'payer_kind', 'payer_kind_value'],
        [7, 'reference', 'required'],
        [7, 'amount', 'amount_format'],
        [9, 'reference', 'reference_duplicate_in_file'],
        [6, 'payer_number', 'payer_unknown'],
      ],
    );
    for (const e of r.errors) assert.ok(e.message_id && e.message_en && e.message_id !== e.message_en);
    assert.equal((await invoiceRow(t.db, janId)).status, 'paid');
    assert.equal(await payerCredit(t.db, 'employer', emp.id), 1_000_000);
    assert.equal(await payerCredit(t.db, 'participant', bpu.id), 0);
    const src = await sql<{ source: string }>`select distinct source from payments`.execute(t.db);
    assert.deepEqual(src.rows, [{ source: 'bank_csv' }]);
  });

  test('importing the same statement again changes nothing', async () => {
    const before = await sql<{ n: number }>`select count(*)::int as n from payment_allocations`.execute(t.db);
    const r = await importBankStatement(t.db, { file }, SYSTEM, clock);
    assert.deepEqual([r.recorded, r.unchanged], [0, 4]);
    const after = await sql<{ n: number }>`select count(*)::int as n from payment_allocations`.execute(t.db);
    assert.equal(after.rows[0]!.n, before.rows[0]!.n);
  });

  test('a reference recorded earlier with other content is reported, not overwritten', async () => {
    const f = write(
      'conflict.csv',
      `referensi;tanggal_bayar;jenis_pembayar;nomor_pembayar;jumlah\nTRX-006;2026-04-02;employer;${emp.npp};999\n`,
    );
    const r = await importBankStatement(t.db, { file: f }, SYSTEM, clock);
    assert.deepEqual(
      r.errors.map((e) => [e.line, e.column, e.code]),
      [[2, 'reference', 'reference_conflict']],
    );
  });

  test('a file without the required columns is refused as a whole', async () => {
    const f = write('bad.csv', 'reference,amount\nX,1\n');
    await assert.rejects(importBankStatement(t.db, { file: f }, SYSTEM, clock), ValidationError);
  });
});
