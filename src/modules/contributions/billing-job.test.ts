import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { billingScenario } from '../../../test/fixtures/billing-scenario.ts';
import '../../jobs.ts';
import { fixedClock } from '../../platform/clock.ts';
import { loadConfig } from '../../platform/config.ts';
import type { Database } from '../../platform/db.ts';
import { enqueue, startWorkers, waitForJob } from '../../platform/jobs.ts';
import { runBilling } from './billing.ts';
import { billingJob } from './jobs.ts';

const PERIOD = '2026-03';

async function snapshot(db: Database) {
  const inv = await sql<{
    k: string;
  }>`select payer_kind || ':' || payer_id || ':' || amount || ':' || adjustments
    || ':' || due_date as k from invoices order by 1`.execute(db);
  const lines = await sql<{
    k: string;
  }>`select l.participant_id || ':' || l.program || ':' || l.payer || ':' || l.amount
    || ':' || i.payer_kind || ':' || i.payer_id as k from contribution_lines l join invoices i on i.id = l.invoice_id order by 1`.execute(
    db,
  );
  const run = await db
    .selectFrom('billing_runs')
    .select(['status', 'invoices', 'lines'])
    .executeTakeFirstOrThrow();
  return { invoices: inv.rows.map((r) => r.k), lines: lines.rows.map((r) => r.k), run };
}

describe('billing as a job: the employers phase fanned out over parallel range jobs', () => {
  let direct: TestDb;
  let fanned: TestDb;
  before(async () => {
    [direct, fanned] = await Promise.all([createTestDb(), createTestDb()]);
    await billingScenario(direct.db);
    await billingScenario(fanned.db);
  });
  after(async () => {
    await direct.close();
    await fanned.close();
  });

  test('gives exactly the invoices and lines of one sequential run, with the run counts right', async () => {
    await runBilling(direct.handle, { period: PERIOD, chunkSize: 7 });
    const deps = {
      handle: fanned.handle,
      db: fanned.db,
      clock: fixedClock('2026-04-02T01:00:00Z'),
      config: loadConfig({}),
    };
    const job = await enqueue(
      fanned.db,
      billingJob.kind,
      { period: PERIOD, chunk_size: 3, parts: 4 },
      { userId: null, username: 'uji' },
    );
    const workers = await startWorkers(deps, { concurrency: 2 });
    try {
      const end = await waitForJob(fanned.db, job.id, () => {}, 100);
      assert.equal(end.status, 'done', end.error ?? '');
      assert.equal((end.result as { parts: number }).parts, 4);
      const kids = await fanned.db
        .selectFrom('jobs')
        .select(['kind', 'status'])
        .where('parent_id', '=', job.id)
        .execute();
      assert.deepEqual(
        kids.map((k) => `${k.kind}:${k.status}`),
        Array(4).fill('billing.employers:done'),
      );
    } finally {
      await workers.stop();
    }
    const want = await snapshot(direct.db);
    const got = await snapshot(fanned.db);
    assert.ok(want.lines.length > 30);
    assert.deepEqual(got, want);
  });
});
