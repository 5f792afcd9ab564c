import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import '../../jobs.ts';
import { employerOf, person, TEST_PROGRAMME } from '../../../test/kits/subsidy.ts';
import { fixedClock } from '../../platform/clock.ts';
import { loadConfig } from '../../platform/config.ts';
import type { Database } from '../../platform/db.ts';
import { enqueue, getJob, registerJobs, retry, startWorkers, waitForJob } from '../../platform/jobs.ts';
import { SYSTEM } from '../access/policy.ts';
import { visibleJob } from '../jobs/queries.ts';
import { screeningJob, screeningRangeJob } from './jobs.ts';
import { ensureProgrammes, getProgramme, saveProgramme } from './programmes.ts';
import { runScreening, type ScreenResult } from './screening.ts';

const WHO = { ...SYSTEM, username: 'uji' };

/** A run's decisions without its id: participant, eligible, reasons. */
const decisions = async (db: Database, runId: number) =>
  (
    await sql<{
      k: string;
    }>`select participant_id || ':' || eligible || ':' || array_to_string(reasons, ',') as k
    from subsidy_decisions where run_id = ${runId} order by participant_id`.execute(db)
  ).rows.map((r) => r.k);

/** Twenty people, eligible or excluded for different reasons, and a programme to screen them. */
async function scenario(db: Database): Promise<number> {
  await ensureProgrammes(db);
  await saveProgramme(db, TEST_PROGRAMME, SYSTEM);
  const pt = await employerOf(db, 'PT');
  const bumn = await employerOf(db, 'BUMN');
  for (let i = 0; i < 14; i++)
    await person(db, pt, { jobs: [{ employerId: pt, wage: 2_000_000 + i * 150_000 }] });
  await person(db, pt, { jobs: [{ employerId: pt, wage: 6_000_000 }] });
  await person(db, pt, { spans: [['2019-01', '2020-03']] });
  await person(db, bumn, { jobs: [{ employerId: bumn, wage: 3_000_000 }] });
  await person(db, pt, { bank: null });
  await person(db, pt, { segment: 'BPU' });
  await person(db, pt, { lists: ['prakerja'] });
  return (await getProgramme(db, 'uji-bsu')).id;
}

const depsOf = (t: TestDb) => ({
  handle: t.handle,
  db: t.db,
  clock: fixedClock('2026-11-21T09:00:00Z'),
  config: loadConfig({}),
});

async function childJobs(db: Database, parentId: number) {
  return db
    .selectFrom('jobs')
    .select(['id', 'kind', 'status', 'attempts'])
    .where('parent_id', '=', parentId)
    .orderBy('id')
    .execute();
}

describe('screening as a job: key ranges as child jobs that workers run in parallel', () => {
  let t: TestDb;
  let programmeId: number;
  let reference: ScreenResult;
  before(async () => {
    t = await createTestDb();
    programmeId = await scenario(t.db);
    reference = await runScreening(t.handle, { programme: 'uji-bsu', chunkSize: 100, parallel: 1 }, SYSTEM);
  });
  after(() => t.close());

  test('gives the decisions and counts of one sequential run; the parent progress sums its children', async () => {
    const job = await enqueue(
      t.db,
      screeningJob.kind,
      { programme_id: programmeId, chunk_size: 2, parts: 3 },
      WHO,
    );
    const workers = await startWorkers(depsOf(t), { concurrency: 2 });
    let end: Awaited<ReturnType<typeof waitForJob>>;
    try {
      end = await waitForJob(t.db, job.id, () => {}, 100);
      // A rerun of the job's run, as a job too, with other ranges and chunks.
      const r = end.result as ScreenResult;
      const again = await enqueue(
        t.db,
        screeningJob.kind,
        { rerun_of: r.runId, chunk_size: 3, parts: 2 },
        WHO,
      );
      const rerun = await waitForJob(t.db, again.id, () => {}, 100);
      assert.equal(rerun.status, 'done', rerun.error ?? '');
      assert.deepEqual(
        await decisions(t.db, (rerun.result as ScreenResult).runId),
        await decisions(t.db, reference.runId),
      );
    } finally {
      await workers.stop();
    }
    assert.equal(end.status, 'done', end.error ?? '');
    const r = end.result as ScreenResult;
    assert.equal(r.screened, 20);
    assert.deepEqual(
      { screened: r.screened, eligible: r.eligible, excluded: r.excluded },
      { screened: reference.screened, eligible: reference.eligible, excluded: reference.excluded },
    );
    assert.ok(r.eligible > 0 && r.excluded > 0);
    assert.deepEqual(await decisions(t.db, r.runId), await decisions(t.db, reference.runId));
    const kids = await childJobs(t.db, job.id);
    assert.deepEqual(
      kids.map((k) => `${k.kind}:${k.status}`),
      Array(3).fill('subsidy.screen_range:done'),
    );
    const run = await t.db
      .selectFrom('subsidy_runs')
      .select(['status', 'screened', 'eligible', 'reason_counts', 'max_participant_id'])
      .where('id', '=', r.runId)
      .executeTakeFirstOrThrow();
    const ref = await t.db
      .selectFrom('subsidy_runs')
      .select(['reason_counts'])
      .where('id', '=', reference.runId)
      .executeTakeFirstOrThrow();
    assert.equal(run.status, 'done');
    assert.deepEqual(run.reason_counts, ref.reason_counts);
    const view = await visibleJob(t.db, job.id, SYSTEM);
    assert.deepEqual(view.children, { total: 3, done: 3, failed: 0 });
    // Each range's progress is its key span: together the whole key space of the run.
    const min = (await sql<{ m: number }>`select min(id) as m from participants`.execute(t.db)).rows[0]!.m;
    assert.equal(Number(view.progress_total), Number(run.max_participant_id) - Number(min) + 1);
    assert.equal(Number(view.progress_done), Number(view.progress_total));
  });

  test('with a quota: the same people are kept as in one sequential run', async () => {
    const seq = await runScreening(t.handle, { programme: 'uji-bsu', quota: 4 }, SYSTEM);
    const job = await enqueue(
      t.db,
      screeningJob.kind,
      { programme_id: programmeId, quota: 4, chunk_size: 3, parts: 4 },
      WHO,
    );
    const workers = await startWorkers(depsOf(t), { concurrency: 2 });
    try {
      const end = await waitForJob(t.db, job.id, () => {}, 100);
      assert.equal(end.status, 'done', end.error ?? '');
      const r = end.result as ScreenResult;
      assert.equal(r.eligible, 4);
      assert.deepEqual(await decisions(t.db, r.runId), await decisions(t.db, seq.runId));
    } finally {
      await workers.stop();
    }
  });
});

describe('screening as a job: a range that fails for good, then the job retried', () => {
  test('the parent fails with it; retried, it waits for the range and ends with the same decisions', async () => {
    const t = await createTestDb();
    let broken = true;
    // The range job as registered, but failing after its first chunk (one attempt) while `broken`.
    registerJobs([
      {
        ...screeningRangeJob,
        maxAttempts: 1,
        run: (ctx: Parameters<typeof screeningRangeJob.run>[0]) =>
          screeningRangeJob.run({
            ...ctx,
            throwIfCancelled: async () => {
              if (broken && ctx.params.lo > 0) throw new Error('disk full');
            },
          }),
      } as never,
    ]);
    try {
      const programmeId = await scenario(t.db);
      const want = await runScreening(t.handle, { programme: 'uji-bsu' }, SYSTEM);
      const job = await enqueue(
        t.db,
        screeningJob.kind,
        { programme_id: programmeId, chunk_size: 2, parts: 2 },
        WHO,
      );
      const workers = await startWorkers(depsOf(t), { concurrency: 2 });
      try {
        const failed = await waitForJob(t.db, job.id, () => {}, 100);
        assert.equal(failed.status, 'failed');
        assert.match(failed.error ?? '', /disk full/);
        broken = false;
        await retry(t.db, job.id);
        const end = await waitForJob(t.db, job.id, () => {}, 100);
        assert.equal(end.status, 'done', end.error ?? '');
        const r = end.result as ScreenResult;
        assert.equal(r.screened, want.screened);
        assert.deepEqual(await decisions(t.db, r.runId), await decisions(t.db, want.runId));
        assert.deepEqual(
          (await childJobs(t.db, job.id)).map((k) => k.status),
          ['done', 'done'],
        );
      } finally {
        await workers.stop();
      }
    } finally {
      registerJobs([screeningRangeJob as never]);
      await t.close();
    }
  });
});

describe('screening as a job: a worker killed (-9) mid-range, then another worker takes over', () => {
  test('resumes from the committed chunks, writes no decision twice, and ends with the same decisions', async () => {
    const t = await createTestDb();
    try {
      const programmeId = await scenario(t.db);
      const want = await runScreening(t.handle, { programme: 'uji-bsu' }, SYSTEM);
      const job = await enqueue(
        t.db,
        screeningJob.kind,
        { programme_id: programmeId, chunk_size: 2, parts: 2 },
        WHO,
      );
      const child = spawnSync(
        process.execPath,
        ['--import', 'tsx', 'test/fixtures/job-crash.ts', String(job.id), 'subsidy.screen_range', '3'],
        { env: { ...process.env, DATABASE_URL: t.url }, encoding: 'utf8' },
      );
      assert.equal(child.signal, 'SIGKILL', child.stdout + child.stderr);
      const parent = await getJob(t.db, job.id);
      assert.equal(parent?.status, 'running');
      const runId = (parent!.result as { runId: number }).runId;
      const kids = await childJobs(t.db, job.id);
      assert.deepEqual(
        kids.map((k) => k.status),
        ['running', 'queued'],
      );
      // What the killed worker committed: three chunks of the first range, and nothing else.
      const committed = (
        await sql<{
          lo: number;
          x: string;
        }>`select lo, xmin::text as x from subsidy_run_chunks where run_id = ${runId} order by lo`.execute(
          t.db,
        )
      ).rows;
      assert.equal(committed.length, 3);
      const before = await decisions(t.db, runId);
      assert.equal(before.length, 6);

      // The dead worker's heartbeat goes stale; a new worker unlocks its job and carries on.
      await t.db
        .updateTable('jobs')
        .set({ heartbeat_at: new Date(Date.now() - 3_600_000) })
        .execute();
      const workers = await startWorkers(depsOf(t), { concurrency: 2 });
      let end: Awaited<ReturnType<typeof waitForJob>>;
      try {
        end = await waitForJob(t.db, job.id, () => {}, 100);
      } finally {
        await workers.stop();
      }
      assert.equal(end.status, 'done', end.error ?? '');
      const r = end.result as ScreenResult;
      assert.equal(r.runId, runId);
      assert.equal(r.screened, want.screened);
      assert.equal(r.eligible, want.eligible);
      assert.deepEqual(await decisions(t.db, runId), await decisions(t.db, want.runId));
      // The chunks committed before the kill were not screened again (same row versions).
      const kept = (
        await sql<{
          lo: number;
          x: string;
        }>`select lo, xmin::text as x from subsidy_run_chunks where run_id = ${runId} and lo = any(${committed.map((c) => c.lo)}::bigint[]) order by lo`.execute(
          t.db,
        )
      ).rows;
      assert.deepEqual(kept, committed);
      const after = await childJobs(t.db, job.id);
      assert.deepEqual(
        after.map((k) => `${k.status}:${k.attempts}`),
        ['done:2', 'done:1'],
      );
    } finally {
      await t.close();
    }
  });
});
