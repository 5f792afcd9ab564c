import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { makeEmployer, makeInvoice, makeParticipant } from '../../../test/kits/contributions.ts';
import { fixedClock } from '../../platform/clock.ts';
import { SYSTEM } from '../access/policy.ts';
import { recordPayment } from './payments.ts';
import { activeCount, participantStatus, statusHistory } from './status.ts';

const clock = fixedClock('2026-07-01T08:00:00Z');

describe('participant status and the grace rule', () => {
  let t: TestDb;
  let emp: { id: number };
  let w: { id: number };
  const statusOn = async (id: number, date: string) => {
    const s = await participantStatus(t.db, id, date);
    return [s.status, s.grace_until];
  };

  before(async () => {
    t = await createTestDb();
    emp = await makeEmployer(t.db);
    w = await makeParticipant(t.db, { registered_on: '2026-02-10' });
    // February is paid; March is billed (due 15 April) and not paid.
    for (const period of ['2026-02', '2026-03']) {
      await makeInvoice(t.db, {
        payerKind: 'employer',
        payerId: emp.id,
        period,
        lines: [{ participant_id: w.id, amount: 100_000 }],
      });
    }
    await recordPayment(
      t.db,
      {
        reference: 'S-1',
        payer_kind: 'employer',
        payer_id: emp.id,
        amount: 100_000,
        paid_on: '2026-03-12',
        source: 'api',
      },
      SYSTEM,
      clock,
    );
  });
  after(() => t.close());

  test('a paid month is active', async () => {
    assert.deepEqual(await statusOn(w.id, '2026-02-20'), ['active', null]);
  });

  test('an unpaid month is in grace until its due date, then inactive', async () => {
    assert.deepEqual(await statusOn(w.id, '2026-03-31'), ['grace', '2026-04-15']);
    // April is not billed yet: it carries March's grace while March is not overdue…
    assert.deepEqual(await statusOn(w.id, '2026-04-10'), ['grace', '2026-05-18']);
    // …and not after (March overdue since 16 April).
    assert.deepEqual(await statusOn(w.id, '2026-04-16'), ['inactive', null]);
    assert.equal((await participantStatus(t.db, w.id, '2026-04-16')).active, false);
  });

  test('paying late makes the month active again', async () => {
    await recordPayment(
      t.db,
      {
        reference: 'S-2',
        payer_kind: 'employer',
        payer_id: emp.id,
        amount: 100_000,
        paid_on: '2026-04-20',
        source: 'api',
      },
      SYSTEM,
      clock,
    );
    assert.deepEqual(await statusOn(w.id, '2026-03-31'), ['active', null]);
    // April, not billed, follows a paid March until April's own deadline.
    assert.deepEqual(await statusOn(w.id, '2026-04-30'), ['grace', '2026-05-18']);
    assert.deepEqual(await statusOn(w.id, '2026-05-19'), ['inactive', null]);
  });

  test('the month of registration is in grace before the first bill', async () => {
    const fresh = await makeParticipant(t.db, { registered_on: '2026-06-03' });
    assert.deepEqual(await statusOn(fresh.id, '2026-06-10'), ['grace', '2026-07-15']);
    assert.deepEqual(await statusOn(fresh.id, '2026-01-10'), ['inactive', null]);
  });

  test("a self-paying BPU's grace ends on the 15th of the month itself", async () => {
    const bpu = await makeParticipant(t.db, { segment: 'BPU', registered_on: '2026-01-05' });
    await makeInvoice(t.db, {
      payerKind: 'participant',
      payerId: bpu.id,
      period: '2026-05',
      lines: [{ participant_id: bpu.id, amount: 16_800, payer: 'participant' }],
    });
    assert.deepEqual(await statusOn(bpu.id, '2026-05-18'), ['grace', '2026-05-18']); // Fri 15th cuti bersama
    assert.deepEqual(await statusOn(bpu.id, '2026-05-19'), ['inactive', null]);
  });

  test('history lists every month judged as of a date, with runs merged', async () => {
    const h = await statusHistory(t.db, w.id, { asOf: '2026-05-20' });
    assert.deepEqual(
      h.months.map((m) => [m.period, m.status]),
      [
        ['2026-02', 'active'],
        ['2026-03', 'active'],
        ['2026-04', 'inactive'],
        ['2026-05', 'inactive'],
      ],
    );
    assert.deepEqual(h.spans, [
      { from_period: '2026-02', to_period: '2026-03', status: 'active' },
      { from_period: '2026-04', to_period: '2026-05', status: 'inactive' },
    ]);
  });

  test('activeCount counts paid months only', async () => {
    assert.equal(await activeCount(t.db, '2026-03'), 1);
    assert.equal(await activeCount(t.db, '2026-05'), 0);
  });
});
