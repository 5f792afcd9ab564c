import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from '../../test/db.ts';
import { countJob, failJob, splitJob } from '../../test/fixtures/job-kinds.ts';
import { fixedClock } from './clock.ts';
import { loadConfig } from './config.ts';
import type { Deps } from './deps.ts';
import { enqueue, getJob, requestCancel, retry, runQueuedJobs, startWorkers, waitForJob } from './jobs.ts';

const who = { userId: null, username: 'uji' };

describe('job engine (graphile-worker)', () => {
  let t: TestDb;
  let deps: Deps;
  before(async () => {
    t = await createTestDb();
    deps = { handle: t.handle, db: t.db, clock: fixedClock('2026-12-03T09:00:00Z'), config: loadConfig({}) };
  });
  after(() => t.close());

  test('a job runs to done with its progress and result on the row', async () => {
    const job = await enqueue(t.db, countJob.kind, { total: 50, chunk: 20 }, who);
    assert.equal(job.status, 'queued');
    await runQueuedJobs(deps);
    const end = await getJob(t.db, job.id);
    assert.deepEqual([end?.status, end?.progress_done, end?.progress_total], ['done', 50, 50]);
    assert.deepEqual(end?.result, { rows: 50 });
    assert.ok(end?.started_at && end.finished_at && end.finished_at >= end.started_at);
    await sql`drop table test_counted`.execute(t.db);
  });

  test('a failing job is retried, then marked failed with its error; retry queues it again', async () => {
    const job = await enqueue(t.db, failJob.kind, {}, who);
    await runQueuedJobs(deps);
    // graphile-worker retries with backoff; make the retry due now.
    await sql`update graphile_worker._private_jobs set run_at = now()`.execute(t.db);
    await runQueuedJobs(deps);
    const end = await getJob(t.db, job.id);
    assert.equal(end?.status, 'failed');
    assert.equal(end?.attempts, 2);
    assert.match(end?.error ?? '', /failing on purpose/);
    const again = await retry(t.db, job.id);
    assert.equal(again?.status, 'queued');
  });

  test('a queued job is cancelled at once and never runs', async () => {
    const job = await enqueue(t.db, countJob.kind, { total: 10, chunk: 5 }, who);
    assert.equal((await requestCancel(t.db, job.id))?.status, 'cancelled');
    await runQueuedJobs(deps);
    assert.equal((await getJob(t.db, job.id))?.status, 'cancelled');
    assert.equal(
      (await sql<{ t: string | null }>`select to_regclass('test_counted')::text as t`.execute(t.db)).rows[0]
        ?.t,
      null,
    );
  });

  test('a parent splits its work into child jobs and finishes, once, when they all have', async () => {
    const job = await enqueue(t.db, splitJob.kind, { total: 1000, parts: 4 }, who);
    const workers = await startWorkers(deps, { concurrency: 2 });
    try {
      const end = await waitForJob(t.db, job.id, () => {}, 100);
      assert.equal(end.status, 'done', end.error ?? '');
      assert.deepEqual(end.result, { sum: 500_500, parts: 4 });
      const children = await t.db
        .selectFrom('jobs')
        .select(['status'])
        .where('parent_id', '=', job.id)
        .execute();
      assert.deepEqual(
        children.map((c) => c.status),
        ['done', 'done', 'done', 'done'],
      );
    } finally {
      await workers.stop();
    }
  });

  test('a worker killed mid-job (kill -9): another worker resumes from the committed chunks, no duplicates', async () => {
    const job = await enqueue(t.db, countJob.kind, { total: 100, chunk: 10, crash_after: 3 }, who);
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/job-worker.ts'], {
      env: { ...process.env, DATABASE_URL: t.url, LINDUNG_TEST_CRASH: '1' },
      stdio: 'ignore',
    });
    const signal = await new Promise<string | null>((resolve) => child.on('exit', (_c, s) => resolve(s)));
    assert.equal(signal, 'SIGKILL');
    const mid = await getJob(t.db, job.id);
    assert.equal(mid?.status, 'running');
    const rows = (await sql<{ n: number }>`select count(*)::int as n from test_counted`.execute(t.db)).rows[0]
      ?.n;
    assert.equal(rows, 30);
    // The dead worker's heartbeat is stale: make it look old rather than waiting for it.
    await sql`update jobs set heartbeat_at = now() - interval '10 minutes' where id = ${job.id}`.execute(
      t.db,
    );
    const workers = await startWorkers(deps, { concurrency: 1 });
    try {
      const end = await waitForJob(t.db, job.id, () => {}, 100);
      assert.equal(end.status, 'done', end.error ?? '');
      const r = (
        await sql<{ n: number; d: number; a: number }>`select count(*)::int as n, count(distinct n)::int as d,
          max(attempt)::int as a from test_counted`.execute(t.db)
      ).rows[0];
      assert.deepEqual([r?.n, r?.d], [100, 100]);
      assert.equal(r?.a, 2, 'the second attempt wrote the rest');
    } finally {
      await workers.stop();
    }
  });
});
