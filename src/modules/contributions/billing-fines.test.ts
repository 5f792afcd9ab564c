import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { sql } from 'kysely';
import { testApp } from '../../../test/app.ts';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { billingScenario } from '../../../test/fixtures/billing-scenario.ts';
import { fixedClock } from '../../platform/clock.ts';

/**
 * Issue 14: a month billed after its due date showed Rp0 fines until the next night's schedule ran.
 * The billing job now assesses fines itself when the month it billed is already overdue.
 */
async function billAt(at: string, period: string) {
  const t = await createTestDb();
  await billingScenario(t.db, 6);
  const a = await testApp(t, fixedClock(at));
  await a.user('pusat', 'admin');
  const job = await a.settle(
    await a.app.inject({
      method: 'POST',
      url: '/api/billing/runs',
      headers: a.as('pusat'),
      payload: { period },
    }),
  );
  const fines = await sql<{ n: number; amount: number | null; late: number }>`
    select count(*)::int as n, sum(f.amount)::bigint as amount,
      count(distinct f.invoice_id)::int as late
    from fines f`.execute(t.db);
  const overdue = await sql<{ n: number }>`select count(*)::int as n from invoices
    where period = ${period} and payer_kind = 'employer' and due_date < ${at.slice(0, 10)}::date`.execute(
    t.db,
  );
  return { t, a, job, fines: fines.rows[0]!, overdue: overdue.rows[0]!.n };
}

describe('billing a month after its due date', () => {
  const open: TestDb[] = [];
  after(async () => {
    for (const t of open) await t.close();
  });

  test('fines the overdue employer bills in the same job (75 days late: three started months)', async () => {
    // March 2026 is due in mid-April; 30 June 2026 is some 75 days later.
    const r = await billAt('2026-06-30T05:00:00Z', '2026-03');
    open.push(r.t);
    assert.equal(r.job.status, 'done');
    assert.ok(r.overdue > 0, 'the scenario bills employers');
    assert.equal(r.fines.late, r.overdue, 'every overdue employer bill is fined');
    assert.ok(Number(r.fines.amount) > 0);
    const result = r.job.result as { fines?: { created: number; amount: number } };
    assert.equal(result.fines?.created, r.fines.n);
    assert.equal(result.fines?.amount, Number(r.fines.amount));
    // Three started months of delay per bill: mid-April, mid-May, mid-June.
    const months = await sql<{ m: number }>`select max(month_no)::int as m from fines`.execute(r.t.db);
    assert.equal(months.rows[0]!.m, 3);
    // The invoice page shows them.
    const inv = await sql<{
      id: number;
    }>`select id from invoices where payer_kind = 'employer' limit 1`.execute(r.t.db);
    const detail = await r.a.app.inject({
      url: `/api/invoices/${inv.rows[0]!.id}`,
      headers: r.a.as('pusat'),
    });
    assert.equal(detail.statusCode, 200);
    assert.ok(Number(detail.json().invoice.fines_owed) > 0, detail.body.slice(0, 300));
  });

  test('a month billed before its due date has no fines yet', async () => {
    const r = await billAt('2026-04-02T01:00:00Z', '2026-03');
    open.push(r.t);
    assert.equal(r.job.status, 'done');
    assert.equal(r.overdue, 0);
    assert.equal(r.fines.n, 0);
    assert.equal((r.job.result as { fines?: unknown }).fines, undefined);
  });
});
