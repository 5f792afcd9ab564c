/**
 * Issue 12: every job and every write records the person who caused it. A billing run names who started
 * it (its invoices name the run, its lines their invoice), the fines it assesses name that person, and
 * the audit entries of the run are theirs, not "system". A scheduled job is named after its schedule.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { billingScenario } from '../../../test/fixtures/billing-scenario.ts';
import '../../jobs.ts';
import { makeActor } from '../../../test/kits/contributions.ts';
import { fixedClock } from '../../platform/clock.ts';
import { loadConfig } from '../../platform/config.ts';
import { enqueue, scheduleActor, startWorkers, waitForJob } from '../../platform/jobs.ts';
import type { Actor } from '../access/policy.ts';
import { billingJob, finesJob } from './jobs.ts';

const PERIOD = '2026-03';

describe('a billing run and its fines name the person who started them', () => {
  let t: TestDb;
  let admin: Actor;
  before(async () => {
    t = await createTestDb();
    await billingScenario(t.db);
    admin = await makeActor(t.db, 'kepala-iuran', 'admin');
  });
  after(() => t.close());

  async function runJob(kind: string, params: object, actor: object, at: string) {
    const deps = { handle: t.handle, db: t.db, clock: fixedClock(at), config: loadConfig({}) };
    const job = await enqueue(t.db, kind, params, actor as never);
    const workers = await startWorkers(deps, { concurrency: 2 });
    try {
      const end = await waitForJob(t.db, job.id, () => {}, 100);
      assert.equal(end.status, 'done', end.error ?? '');
      return end;
    } finally {
      await workers.stop();
    }
  }

  test('a late billing run: the run, its invoices, lines and fines lead to the admin who started it', async () => {
    // March is due mid-April; billed on 20 May it is overdue, so the run fines it at once.
    await runJob(billingJob.kind, { period: PERIOD, parts: 2 }, admin, '2026-05-20T03:00:00Z');
    const run = await t.db
      .selectFrom('billing_runs')
      .select(['id', 'started_by', 'started_by_name', 'status'])
      .where('period', '=', PERIOD)
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      { by: run.started_by, name: run.started_by_name, status: run.status },
      { by: admin.userId, name: 'kepala-iuran', status: 'done' },
    );
    // Every invoice and every line of the period leads to that run, and so to that person.
    const orphans = await sql<{ invoices: number; lines: number; billed: number }>`
      select (select count(*)::int from invoices i where i.period = ${PERIOD}
                and i.run_id is distinct from ${run.id}::bigint) as invoices,
             (select count(*)::int from contribution_lines l join invoices i on i.id = l.invoice_id
                left join billing_runs r on r.id = i.run_id
                where i.period = ${PERIOD} and r.started_by is distinct from ${admin.userId}::integer) as lines,
             (select count(*)::int from contribution_lines l join invoices i on i.id = l.invoice_id
                where i.period = ${PERIOD}) as billed`.execute(t.db);
    assert.ok(orphans.rows[0]!.billed > 30, 'the scenario was billed');
    assert.deepEqual({ ...orphans.rows[0], billed: 0 }, { invoices: 0, lines: 0, billed: 0 });
    const fines = await sql<{ by: number | null; name: string | null; n: number }>`
      select created_by as by, created_by_name as name, count(*)::int as n from fines group by 1, 2`.execute(
      t.db,
    );
    assert.equal(fines.rows.length, 1, JSON.stringify(fines.rows));
    assert.ok(fines.rows[0]!.n > 0, 'the overdue run assessed fines');
    assert.deepEqual([fines.rows[0]!.by, fines.rows[0]!.name], [admin.userId, 'kepala-iuran']);
    const audit = await sql<{ action: string; entity: string; actor: string; user_id: number | null }>`
      select action, entity, actor, user_id from audit_log
      where entity in ('billing_run', 'fines') order by id`.execute(t.db);
    assert.deepEqual(audit.rows, [
      { action: 'assess', entity: 'fines', actor: 'kepala-iuran', user_id: admin.userId },
      { action: 'bill', entity: 'billing_run', actor: 'kepala-iuran', user_id: admin.userId },
    ]);
  });

  test('the nightly fines schedule runs (it may assess fines) and names itself on what it writes', async () => {
    // A month later the same invoices owe another month of fines.
    const end = await runJob(
      finesJob.kind,
      { as_of: '2026-06-20' },
      scheduleActor('fines-daily'),
      '2026-06-20T03:00:00Z',
    );
    assert.ok((end.result as { created: number }).created > 0, JSON.stringify(end.result));
    const named = await sql<{ name: string | null; by: number | null }>`
      select distinct created_by_name as name, created_by as by from fines
      where created_at = (select max(created_at) from fines)`.execute(t.db);
    assert.deepEqual(named.rows, [{ name: 'jadwal:fines-daily', by: null }]);
    const audit = await sql<{ actor: string }>`
      select actor from audit_log where entity = 'fines' order by id desc limit 1`.execute(t.db);
    assert.equal(audit.rows[0]!.actor, 'jadwal:fines-daily');
  });
});
