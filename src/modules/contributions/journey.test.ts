import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { billingScenario } from '../../../test/fixtures/billing-scenario.ts';
import { fixedClock } from '../../platform/clock.ts';
import { SYSTEM } from '../access/policy.ts';
import { runBilling } from './billing.ts';
import { assessFines } from './fines.ts';
import { recordPayment } from './payments.ts';
import { participantStatus } from './status.ts';

// The "done when": an employer is billed, pays late, sees its fine, and its workers turn active.
let t: TestDb;
before(async () => {
  t = await createTestDb();
  await billingScenario(t.db, 5);
});
after(() => t.close());

test('billed, paid late, fined, and the workers active for the month', async () => {
  await runBilling(t.handle, { period: '2026-03' });
  const inv = await sql<{ id: number; payer_id: number; amount: number; due_date: string }>`
    select id, payer_id, amount, to_char(due_date, 'YYYY-MM-DD') as due_date from invoices
    where payer_kind = 'employer' and period = '2026-03' order by payer_id limit 1`.execute(t.db);
  const invoice = inv.rows[0]!;
  // 15 April 2026 is a Wednesday and not a holiday: due that day (docs/rules-reference.md §2.7).
  assert.equal(invoice.due_date, '2026-04-15');
  const worker = await sql<{
    participant_id: number;
  }>`select participant_id from contribution_lines where invoice_id = ${invoice.id} limit 1`.execute(t.db);
  const pid = worker.rows[0]!.participant_id;
  assert.equal((await participantStatus(t.db, pid, '2026-03-31')).status, 'grace');
  assert.equal((await participantStatus(t.db, pid, '2026-05-01')).status, 'inactive');

  // Two started months of delay by 20 May: 2% of the contribution owed, twice.
  const fines = await assessFines(t.db, '2026-05-20', fixedClock('2026-05-20T09:00:00Z'));
  assert.ok(fines.created >= 2);
  const f = await sql<{
    month_no: number;
    amount: number;
  }>`select month_no, amount from fines where invoice_id = ${invoice.id} order by month_no`.execute(t.db);
  const twoPct = Math.round(invoice.amount * 0.02);
  assert.deepEqual(f.rows, [
    { month_no: 1, amount: twoPct },
    { month_no: 2, amount: twoPct },
  ]);

  await recordPayment(
    t.db,
    {
      reference: 'TRF-2026-05-20-001',
      payer_kind: 'employer',
      payer_id: invoice.payer_id,
      amount: invoice.amount + 2 * twoPct,
      paid_on: '2026-05-20',
      source: 'api',
    },
    SYSTEM,
    fixedClock('2026-05-20T09:00:00Z'),
  );
  const paid = await sql<{ status: string }>`select status from invoices where id = ${invoice.id}`.execute(
    t.db,
  );
  assert.equal(paid.rows[0]!.status, 'paid');
  const fp = await sql<{
    paid: number;
  }>`select sum(paid)::int as paid from fines where invoice_id = ${invoice.id}`.execute(t.db);
  assert.equal(fp.rows[0]!.paid, 2 * twoPct);
  assert.equal((await participantStatus(t.db, pid, '2026-03-31')).status, 'active');
});
