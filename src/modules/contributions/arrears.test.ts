import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { makeActor, makeEmployer, makeInvoice, makeParticipant } from '../../../test/kits/contributions.ts';
import { fixedClock } from '../../platform/clock.ts';
import { ForbiddenError } from '../../platform/errors.ts';
import { type Actor, SYSTEM } from '../access/policy.ts';
import { arrearsAgeing, arrearsWorklist, arrearsXlsx } from './arrears.ts';
import { recordPayment } from './payments.ts';
import { employerStatement, employerStatementXlsx, participantStatement } from './statements.ts';

const AS_OF = '2026-06-30';
const clock = fixedClock('2026-06-30T08:00:00Z');

describe('arrears and statements', () => {
  let t: TestDb;
  let a: { id: number; npp: string };
  let b: { id: number; npp: string };
  let worker: { id: number };
  let officer19: Actor;
  let pemda32: Actor;

  before(async () => {
    t = await createTestDb();
    const branch = await sql<{ id: number }>`insert into branch_offices (code, name, province_code)
      values ('BDG1', 'Bandung Suci', '32') returning id`.execute(t.db);
    a = await makeEmployer(t.db, { village_code: '32.73.05.1001', branch_office_id: branch.rows[0]!.id });
    b = await makeEmployer(t.db, { village_code: '19.71.01.1004' });
    worker = await makeParticipant(t.db, { registered_on: '2026-01-02' });
    const bill = (payerId: number, period: string, amount: number) =>
      makeInvoice(t.db, {
        payerKind: 'employer',
        payerId,
        period,
        lines: [{ participant_id: worker.id, amount }],
      });
    // Due dates: Jan → 18 Feb, Mar → 15 Apr, Apr → 18 May, May → 15 Jun, Jun → 15 Jul 2026.
    const jan = await bill(a.id, '2026-01', 500_000); // 132 days past due on 30 June
    await bill(a.id, '2026-03', 400_000); // 76 days
    await bill(a.id, '2026-04', 300_000); // 43 days
    await bill(a.id, '2026-05', 200_000); // 15 days
    await bill(a.id, '2026-06', 100_000); // not yet due
    await sql`insert into fines (invoice_id, month_no, base, rate, amount) values (${jan.id}, 1, 500000, 0.02, 10000)`.execute(
      t.db,
    );
    await bill(b.id, '2026-05', 200_000);
    await recordPayment(
      t.db,
      {
        reference: 'AR-1',
        payer_kind: 'employer',
        payer_id: b.id,
        amount: 50_000,
        paid_on: '2026-06-20',
        source: 'api',
      },
      SYSTEM,
      clock,
    );
    officer19 = await makeActor(t.db, 'cabang19', 'branch_officer', { region_codes: ['19'] });
    pemda32 = await makeActor(t.db, 'pemda32', 'regional_government', { region_codes: ['32'] });
    await makeActor(t.db, 'hr-b', 'employer', { employer_id: b.id });
  });
  after(() => t.close());

  test('ageing buckets per employer, by days past due', async () => {
    const rows = await arrearsAgeing(t.db, SYSTEM, { level: 'employer', asOf: AS_OF });
    assert.deepEqual(rows[0], {
      key: a.npp,
      name: rows[0]!.name,
      employers: 1,
      invoices: 5,
      current: 100_000,
      d1_30: 200_000,
      d31_60: 300_000,
      d61_90: 400_000,
      d90_plus: 500_000,
      fines: 10_000,
      total: 1_510_000,
    });
    assert.deepEqual([rows[1]!.key, rows[1]!.d1_30, rows[1]!.total], [b.npp, 150_000, 150_000]);
  });

  test('per branch office and per region', async () => {
    const branches = await arrearsAgeing(t.db, SYSTEM, { level: 'branch', asOf: AS_OF });
    assert.deepEqual(
      branches.map((r) => [r.key, r.total]),
      [
        ['BDG1', 1_510_000],
        ['-', 150_000],
      ],
    );
    const prov = await arrearsAgeing(t.db, SYSTEM, { level: 'province', asOf: AS_OF });
    assert.deepEqual(
      prov.map((r) => [r.key, r.employers, r.total]),
      [
        ['32', 1, 1_510_000],
        ['19', 1, 150_000],
      ],
    );
    const reg = await arrearsAgeing(t.db, SYSTEM, { level: 'regency', asOf: AS_OF });
    assert.deepEqual(
      reg.map((r) => r.key),
      ['32.73', '19.71'],
    );
  });

  test('regional governments see aggregates of their region only', async () => {
    const prov = await arrearsAgeing(t.db, pemda32, { level: 'province', asOf: AS_OF });
    assert.deepEqual(
      prov.map((r) => r.key),
      ['32'],
    );
    await assert.rejects(arrearsAgeing(t.db, pemda32, { level: 'employer', asOf: AS_OF }), ForbiddenError);
    await assert.rejects(arrearsWorklist(t.db, pemda32, { asOf: AS_OF }), ForbiddenError);
  });

  test("the worklist holds the officer's regions, largest and oldest first, with contacts", async () => {
    const mine = await arrearsWorklist(t.db, officer19, { asOf: AS_OF });
    assert.equal(mine.length, 1);
    assert.deepEqual(
      [mine[0]!.npp, mine[0]!.overdue, mine[0]!.days_past_due, mine[0]!.oldest_due, mine[0]!.last_payment_on],
      [b.npp, 150_000, 15, '2026-06-15', '2026-06-20'],
    );
    assert.deepEqual(mine[0]!.contacts, ['hr-b (hr-b)']);
    assert.match(mine[0]!.province, /BANGKA|Bangka/i);
    const all = await arrearsWorklist(t.db, SYSTEM, { asOf: AS_OF });
    assert.deepEqual(
      all.map((r) => [r.npp, r.months_overdue, r.overdue, r.fines]),
      [
        [a.npp, 4, 1_400_000, 10_000],
        [b.npp, 1, 150_000, 0],
      ],
    );
  });

  test('the XLSX export has the worklist and the ageing sheets', async () => {
    const buf = await arrearsXlsx(t.db, SYSTEM, AS_OF);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    assert.deepEqual(
      wb.worksheets.map((w) => w.name),
      ['Daftar kerja', 'Umur tunggakan'],
    );
    const sheet = wb.getWorksheet('Daftar kerja')!;
    assert.equal(sheet.getRow(5).getCell(1).value, a.npp);
    assert.equal(sheet.getRow(5).getCell(12).value, 1_410_000);
  });

  test('employer statement: invoices, fines, payments, credit and balance', async () => {
    const s = await employerStatement(t.db, SYSTEM, a.id);
    assert.equal(s.invoices.length, 5);
    assert.deepEqual(
      [s.invoices[0]!.period, s.invoices[0]!.fines, s.invoices[0]!.outstanding],
      ['2026-01', 10_000, 510_000],
    );
    assert.deepEqual([s.owed, s.credit, s.balance], [1_510_000, 0, 1_510_000]);
    const hr = { ...SYSTEM, role: 'employer' as const, employerId: b.id, userId: null };
    await assert.rejects(employerStatement(t.db, hr, a.id), /not found/);
    const xlsx = await employerStatementXlsx(s);
    assert.ok(xlsx.length > 1000);
  });

  test('participant statement: months with programs, paid or not, and status', async () => {
    const s = await participantStatement(t.db, SYSTEM, worker.id, AS_OF);
    assert.deepEqual(
      s.months.map((m) => [m.period, m.total, m.paid, m.status]),
      [
        ['2026-01', 500_000, false, 'inactive'],
        ['2026-02', 0, false, 'inactive'],
        ['2026-03', 400_000, false, 'inactive'],
        ['2026-04', 300_000, false, 'inactive'],
        ['2026-05', 400_000, false, 'inactive'],
        ['2026-06', 100_000, false, 'grace'],
      ],
    );
    assert.deepEqual(
      s.months[0]!.lines.map((l) => [l.program, l.payer, l.amount]),
      [['JHT', 'employer', 500_000]],
    );
  });
});
