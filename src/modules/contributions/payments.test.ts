import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import {
  invoiceRow,
  makeActor,
  makeEmployer,
  makeInvoice,
  makeParticipant,
  spansOf,
} from '../../../test/kits/contributions.ts';
import { fixedClock } from '../../platform/clock.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { SYSTEM } from '../access/policy.ts';
import { applyCredit, payerCredit, recordPayment } from './payments.ts';
import { extendCoverage } from './spans.ts';

const clock = fixedClock('2026-05-01T08:00:00Z');

describe('payments: allocation, credit, idempotency, coverage', () => {
  let t: TestDb;
  let emp: { id: number; npp: string };
  let a: { id: number };
  let b: { id: number };
  const inv: Record<string, number> = {};
  const pay = (reference: string, amount: number, paid_on: string) =>
    recordPayment(
      t.db,
      { reference, payer_kind: 'employer', payer_id: emp.id, amount, paid_on, source: 'api' },
      SYSTEM,
      clock,
    );

  before(async () => {
    t = await createTestDb();
    emp = await makeEmployer(t.db);
    a = await makeParticipant(t.db);
    b = await makeParticipant(t.db);
    for (const period of ['2026-01', '2026-02', '2026-03']) {
      const i = await makeInvoice(t.db, {
        payerKind: 'employer',
        payerId: emp.id,
        period,
        lines: [
          { participant_id: a.id, amount: 60_000 },
          { participant_id: b.id, amount: 40_000 },
        ],
      });
      inv[period] = i.id;
    }
  });
  after(() => t.close());

  test('a partial payment settles the oldest month first', async () => {
    const r = await pay('BNI-0001', 150_000, '2026-02-10');
    assert.equal(r.created, true);
    assert.deepEqual(
      r.allocations.map((x) => [x.invoice_id, x.target, x.amount]),
      [
        [inv['2026-01'], 'contribution', 100_000],
        [inv['2026-02'], 'contribution', 50_000],
      ],
    );
    assert.deepEqual(await invoiceRow(t.db, inv['2026-01']!), {
      paid: 100_000,
      status: 'paid',
      paid_at: '2026-02-10',
    });
    assert.deepEqual(await invoiceRow(t.db, inv['2026-02']!), {
      paid: 50_000,
      status: 'partial',
      paid_at: null,
    });
    assert.equal(r.credit, 0);
    // Only the fully paid month gives coverage.
    assert.deepEqual(await spansOf(t.db, a.id), ['2026-01..2026-01']);
  });

  test('an overpayment pays what is owed and keeps the rest as credit', async () => {
    const r = await pay('BNI-0002', 200_000, '2026-03-20');
    assert.deepEqual(
      r.allocations.map((x) => [x.invoice_id, x.amount]),
      [
        [inv['2026-02'], 50_000],
        [inv['2026-03'], 100_000],
      ],
    );
    assert.equal(r.credit, 50_000);
    assert.equal(await payerCredit(t.db, 'employer', emp.id), 50_000);
    // Contiguous paid months merge into one span per participant.
    assert.deepEqual(await spansOf(t.db, a.id), ['2026-01..2026-03']);
    assert.deepEqual(await spansOf(t.db, b.id), ['2026-01..2026-03']);
  });

  test('the same reference with the same content is a no-op', async () => {
    const before = await sql<{ n: number }>`select count(*)::int as n from payment_allocations`.execute(t.db);
    const r = await pay('BNI-0002', 200_000, '2026-03-20');
    assert.equal(r.created, false);
    assert.equal(r.payment.reference, 'BNI-0002');
    const after = await sql<{ n: number }>`select count(*)::int as n from payment_allocations`.execute(t.db);
    assert.equal(after.rows[0]!.n, before.rows[0]!.n);
    assert.equal(await payerCredit(t.db, 'employer', emp.id), 50_000);
  });

  test('the same reference with different content is a conflict', async () => {
    await assert.rejects(pay('BNI-0002', 210_000, '2026-03-20'), ConflictError);
    await assert.rejects(pay('BNI-0002', 200_000, '2026-03-21'), ConflictError);
  });

  test('credit is spent on a new invoice when the billing run asks for it', async () => {
    const apr = await makeInvoice(t.db, {
      payerKind: 'employer',
      payerId: emp.id,
      period: '2026-04',
      lines: [
        { participant_id: a.id, amount: 48_000 },
        { participant_id: b.id, amount: 32_000 },
      ],
    });
    const allocations = await applyCredit(t.db, 'employer', emp.id);
    assert.deepEqual(
      allocations.map((x) => [x.invoice_id, x.amount]),
      [[apr.id, 50_000]],
    );
    assert.deepEqual(await invoiceRow(t.db, apr.id), { paid: 50_000, status: 'partial', paid_at: null });
    assert.equal(await payerCredit(t.db, 'employer', emp.id), 0);
    assert.deepEqual(await applyCredit(t.db, 'employer', emp.id), []);
    const audit = await sql<{
      n: number;
    }>`select count(*)::int as n from audit_log where entity in ('payment','payer')`.execute(t.db);
    assert.equal(audit.rows[0]!.n, 3);
  });

  test('bad input and foreign payers are refused', async () => {
    await assert.rejects(pay('BNI-0009', 1_000, '2026-05-02'), ValidationError); // future value date
    // 2026-05-01T20:00Z is 2 May 03:00 WIB: a value date of 2 May is today there, 3 May is still future.
    const wibNight = fixedClock('2026-05-01T20:00:00Z');
    const nightPayer = await makeEmployer(t.db);
    const late = (ref: string, paidOn: string) =>
      recordPayment(
        t.db,
        {
          reference: ref,
          payer_kind: 'employer',
          payer_id: nightPayer.id,
          amount: 1_000,
          paid_on: paidOn,
          source: 'api',
        },
        SYSTEM,
        wibNight,
      );
    await assert.rejects(late('BNI-0010', '2026-05-03'), ValidationError);
    assert.equal((await late('BNI-0010', '2026-05-02')).payment.paid_on, '2026-05-02');
    await assert.rejects(pay('BNI-0009', 0, '2026-04-02'), ValidationError);
    const other = await makeEmployer(t.db);
    const hr = await makeActor(t.db, 'hr-pay', 'employer', { employer_id: other.id });
    await assert.rejects(
      recordPayment(
        t.db,
        {
          reference: 'X-1',
          payer_kind: 'employer',
          payer_id: emp.id,
          amount: 1_000,
          paid_on: '2026-04-02',
          source: 'web',
        },
        hr,
        clock,
      ),
      NotFoundError,
    );
    const auditor = await makeActor(t.db, 'aud-pay', 'auditor');
    await assert.rejects(
      recordPayment(
        t.db,
        {
          reference: 'X-2',
          payer_kind: 'employer',
          payer_id: emp.id,
          amount: 1_000,
          paid_on: '2026-04-02',
          source: 'web',
        },
        auditor,
        clock,
      ),
      /read-only/,
    );
  });
});

describe('coverage spans', () => {
  let t: TestDb;
  before(async () => {
    t = await createTestDb();
  });
  after(() => t.close());

  test('a paid month bridging two spans merges them; non-contiguous months stay apart', async () => {
    const emp = await makeEmployer(t.db);
    const p = await makeParticipant(t.db);
    await sql`insert into coverage_spans values (${p.id}, '2025-10', '2025-11'), (${p.id}, '2026-01', '2026-01')`.execute(
      t.db,
    );
    const dec = await makeInvoice(t.db, {
      payerKind: 'employer',
      payerId: emp.id,
      period: '2025-12',
      lines: [
        { participant_id: p.id, amount: 10_000 },
        // An adjustment for an earlier month does not pay for that month.
        { participant_id: p.id, amount: 500, for_period: '2025-06', adjustment: true },
      ],
    });
    const mar = await makeInvoice(t.db, {
      payerKind: 'employer',
      payerId: emp.id,
      period: '2026-03',
      lines: [{ participant_id: p.id, amount: 10_000 }],
    });
    await extendCoverage(t.db, [dec.id, mar.id]);
    assert.deepEqual(await spansOf(t.db, p.id), ['2025-10..2026-01', '2026-03..2026-03']);
    await extendCoverage(t.db, [dec.id, mar.id]);
    assert.deepEqual(await spansOf(t.db, p.id), ['2025-10..2026-01', '2026-03..2026-03']);
  });

  test('an invoice whose adjustments cancel it is settled without money', async () => {
    const emp = await makeEmployer(t.db);
    const p = await makeParticipant(t.db);
    const i = await makeInvoice(t.db, {
      payerKind: 'employer',
      payerId: emp.id,
      period: '2026-02',
      lines: [
        { participant_id: p.id, amount: 10_000 },
        { participant_id: p.id, amount: -10_000, for_period: '2026-01', adjustment: true },
      ],
    });
    await applyCredit(t.db, 'employer', emp.id);
    assert.equal((await invoiceRow(t.db, i.id)).status, 'paid');
    assert.deepEqual(await spansOf(t.db, p.id), ['2026-02..2026-02']);
  });
});
