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
} from '../../../test/kits/contributions.ts';
import { fixedClock } from '../../platform/clock.ts';
import { ForbiddenError, ValidationError } from '../../platform/errors.ts';
import { type Actor, SYSTEM } from '../access/policy.ts';
import { assessFines, decideWaiver, requestWaiver } from './fines.ts';
import { payerCredit, recordPayment } from './payments.ts';

const clock = fixedClock('2026-06-30T08:00:00Z');

async function finesOf(t: TestDb, invoiceId: number) {
  const r = await sql<{
    month_no: number;
    base: number;
    rate: string;
    amount: number;
    paid: number;
    waived: boolean;
  }>`
    select month_no, base, rate::text as rate, amount, paid, waived from fines where invoice_id = ${invoiceId} order by month_no`.execute(
    t.db,
  );
  return r.rows;
}

describe('fines', () => {
  let t: TestDb;
  let emp: { id: number };
  let worker: { id: number };
  const bill = (period: string, amount: number, payerId = emp.id) =>
    makeInvoice(t.db, {
      payerKind: 'employer',
      payerId,
      period,
      lines: [{ participant_id: worker.id, amount }],
    });
  const pay = (reference: string, amount: number, paid_on: string, payerId = emp.id) =>
    recordPayment(
      t.db,
      { reference, payer_kind: 'employer', payer_id: payerId, amount, paid_on, source: 'api' },
      SYSTEM,
      clock,
    );

  before(async () => {
    t = await createTestDb();
    emp = await makeEmployer(t.db);
    worker = await makeParticipant(t.db);
  });
  after(() => t.close());

  test('2% per started month of delay on what was still owed when each month began', async () => {
    // January 2026 is due Wed 18 Feb 2026 (15th Sunday, 16th cuti bersama, 17th Imlek).
    const jan = await bill('2026-01', 1_000_000);
    assert.equal(jan.due_date, '2026-02-18');
    await pay('F-1', 400_000, '2026-03-10');
    const r = await assessFines(t.db, '2026-04-20', clock);
    // month 1 from 19 Feb: 2% × 1,000,000 = 20,000; months 2 (19 Mar) and 3 (19 Apr): 2% × 600,000 = 12,000.
    assert.deepEqual(
      (await finesOf(t, jan.id)).map((f) => [f.month_no, f.base, f.rate, f.amount]),
      [
        [1, 1_000_000, '0.02', 20_000],
        [2, 600_000, '0.02', 12_000],
        [3, 600_000, '0.02', 12_000],
      ],
    );
    assert.equal(r.created, 3);
    assert.equal(r.amount, 44_000);
    // Idempotent: the same day adds nothing, a later day adds only the months started since.
    assert.equal((await assessFines(t.db, '2026-04-20', clock)).created, 0);
    assert.equal((await assessFines(t.db, '2026-05-18', clock)).created, 0);
    const later = await assessFines(t.db, '2026-05-19', clock);
    assert.deepEqual([later.created, later.amount], [1, 12_000]);
  });

  test('0.5% for contribution months under PP 49/2020, rounded half up per month', async () => {
    const e = await makeEmployer(t.db);
    // September 2020 is due Mon 2 Nov 2020 (30 Oct was cuti bersama). 333,333 × 0.5% = 1,666.665 → 1,667.
    const sep = await bill('2020-09', 333_333, e.id);
    assert.equal(sep.due_date, '2020-11-02');
    // July 2020, before the window: 2% → 333,333 × 2% = 6,666.66 → 6,667. Due Tue 18 Aug 2020.
    const jul = await bill('2020-07', 333_333, e.id);
    await assessFines(t.db, '2021-01-05', clock);
    assert.deepEqual(
      (await finesOf(t, sep.id)).map((f) => [f.month_no, f.rate, f.amount]),
      [
        [1, '0.005', 1_667],
        [2, '0.005', 1_667],
        [3, '0.005', 1_667],
      ],
    );
    // Jul: boundaries 18 Aug, 18 Sep, 18 Oct, 18 Nov, 18 Dec → five months before 5 Jan 2021.
    assert.deepEqual(
      (await finesOf(t, jul.id)).map((f) => f.amount),
      [6_667, 6_667, 6_667, 6_667, 6_667],
    );
  });

  test('self-paying BPU, sponsors and state bodies are not fined', async () => {
    const bpu = await makeParticipant(t.db, { segment: 'BPU' });
    const own = await makeInvoice(t.db, {
      payerKind: 'participant',
      payerId: bpu.id,
      period: '2026-01',
      lines: [{ participant_id: bpu.id, amount: 16_800, payer: 'participant' }],
    });
    const state = await makeEmployer(t.db, { is_state_body: true, legal_form: 'Instansi' });
    const stateInv = await bill('2026-01', 500_000, state.id);
    await assessFines(t.db, '2026-06-01', clock);
    assert.deepEqual(await finesOf(t, own.id), []);
    assert.deepEqual(await finesOf(t, stateInv.id), []);
  });

  test("a month's fine is paid after its own contribution and before the next month's", async () => {
    const e = await makeEmployer(t.db);
    const jan = await bill('2026-01', 1_000_000, e.id);
    const feb = await bill('2026-02', 1_000_000, e.id);
    await assessFines(t.db, '2026-03-01', clock); // January: month 1 started 19 Feb → 20,000
    const r1 = await pay('F-ORD-1', 1_010_000, '2026-03-02', e.id);
    assert.deepEqual(
      r1.allocations.map((x) => [x.invoice_id, x.target, x.amount]),
      [
        [jan.id, 'contribution', 1_000_000],
        [jan.id, 'fine', 10_000],
      ],
    );
    const r2 = await pay('F-ORD-2', 1_010_000, '2026-03-03', e.id);
    assert.deepEqual(
      r2.allocations.map((x) => [x.invoice_id, x.target, x.amount]),
      [
        [jan.id, 'fine', 10_000],
        [feb.id, 'contribution', 1_000_000],
      ],
    );
    assert.deepEqual(
      (await finesOf(t, jan.id)).map((f) => f.paid),
      [20_000],
    );
    assert.equal((await invoiceRow(t.db, feb.id)).status, 'paid');
  });

  test("fines assessed after a late payment are paid from the payer's credit", async () => {
    const e = await makeEmployer(t.db);
    const jan = await bill('2026-01', 100_000, e.id);
    await pay('F-LATE', 150_000, '2026-03-25', e.id); // paid after month 2 began (19 Mar)
    assert.equal(await payerCredit(t.db, 'employer', e.id), 50_000);
    const r = await assessFines(t.db, '2026-04-01', clock);
    assert.ok(r.creditAllocations >= 1);
    assert.deepEqual(
      (await finesOf(t, jan.id)).map((f) => [f.amount, f.paid]),
      [
        [2_000, 2_000],
        [2_000, 2_000],
      ],
    );
    assert.equal(await payerCredit(t.db, 'employer', e.id), 46_000);
  });

  describe('waivers (maker-checker)', () => {
    let maker: Actor;
    let checker: Actor;
    let fineId: number;
    before(async () => {
      maker = await makeActor(t.db, 'maker', 'branch_officer', { region_codes: ['32'] });
      checker = await makeActor(t.db, 'checker', 'admin');
      const e = await makeEmployer(t.db);
      const inv = await bill('2026-03', 1_000_000, e.id);
      await assessFines(t.db, '2026-04-20', clock);
      fineId = (await sql<{ id: number }>`select id from fines where invoice_id = ${inv.id}`.execute(t.db))
        .rows[0]!.id;
    });

    test('needs a reason of 10 characters and a named officer', async () => {
      await assert.rejects(requestWaiver(t.db, fineId, 'banjir', maker), ValidationError);
      await assert.rejects(requestWaiver(t.db, fineId, 'banjir besar di kawasan', SYSTEM), ForbiddenError);
      const hr = await makeActor(t.db, 'hr-w', 'employer', { employer_id: emp.id });
      await assert.rejects(requestWaiver(t.db, fineId, 'banjir besar di kawasan', hr), ForbiddenError);
    });

    test('the requester cannot decide; a second officer can, and the fine stops being owed', async () => {
      const w = await requestWaiver(t.db, fineId, 'Banjir besar melanda kawasan industri', maker);
      assert.equal(w.status, 'pending');
      await assert.rejects(decideWaiver(t.db, w.id, true, maker), /sendiri|own request/);
      // The table refuses it too, whoever writes.
      await assert.rejects(
        sql`update fine_waivers set decided_by = requested_by where id = ${w.id}`.execute(t.db),
        /check/i,
      );
      const d = await decideWaiver(t.db, w.id, true, checker);
      assert.deepEqual([d.status, d.decided_by], ['approved', checker.userId]);
      const f = (await sql<{ waived: boolean }>`select waived from fines where id = ${fineId}`.execute(t.db))
        .rows[0]!;
      assert.equal(f.waived, true);
      await assert.rejects(decideWaiver(t.db, w.id, false, checker), /already decided/);
      const audit = await sql<{
        action: string;
      }>`select action from audit_log where entity = 'fine_waiver' order by id`.execute(t.db);
      assert.deepEqual(
        audit.rows.map((x) => x.action),
        ['request', 'approve'],
      );
    });
  });

  test('"not in the future" is judged on the WIB calendar: at 03:00 WIB today is already the next day', async () => {
    // 2026-06-30T20:00Z is 1 July 2026 03:00 WIB; the UTC date is still 30 June.
    const night = fixedClock('2026-06-30T20:00:00Z');
    assert.equal((await assessFines(t.db, '2026-07-01', night)).asOf, '2026-07-01');
    await assert.rejects(assessFines(t.db, '2026-07-02', night), ValidationError);
  });
});
