import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { makeEmployer, makeNik } from '../../../test/factories.ts';
import '../../jobs.ts';
import { fixedClock } from '../../platform/clock.ts';
import { loadConfig } from '../../platform/config.ts';
import type { Database } from '../../platform/db.ts';
import { enqueue, getJob, startWorkers, waitForJob } from '../../platform/jobs.ts';
import { storeUpload } from '../../platform/uploads.ts';
import { SYSTEM } from '../access/policy.ts';
import { visibleJob } from '../jobs/queries.ts';
import { importWorkers } from './actions.ts';
import { workerImportJob } from './jobs.ts';

const clock = fixedClock('2026-11-21T09:00:00Z');
const WHO = { ...SYSTEM, username: 'uji' };
const HEADER = 'nik,nama,tanggal_lahir,jenis_kelamin,kode_desa,telepon,segmen,tanggal_mulai,upah';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lindung-import-job-'));

/** 30 data lines (lines 2–31): valid people, and a few bad rows spread over the chunks. */
function workerList(): string {
  const lines: string[] = [];
  for (let i = 0; i < 30; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    const birth = `1990-03-${day}`;
    const nik = makeNik('32.73.05', birth, i % 2 ? 'F' : 'M', 100 + i);
    const sex = i % 2 ? 'P' : 'L';
    if (i === 7) lines.push(`12345,Salah ${i},${birth},${sex},32.73.05.1001,,PU,,4000000`);
    else if (i === 13) lines.push(`${nik},Desa ${i},${birth},${sex},99.99.99.9999,,PU,,4000000`);
    else if (i === 21)
      lines.push(lines[2]!); // a duplicate of line 4
    else
      lines.push(
        `${nik},Pekerja ${i},${birth},${sex},32.73.05.1001,,PU,2026-01-02,${3_000_000 + i * 10_000}`,
      );
  }
  const file = path.join(dir, 'daftar.csv');
  fs.writeFileSync(file, [HEADER, ...lines].join('\n'));
  return file;
}

/** The registry an import leaves, without generated ids and numbers. */
async function registry(db: Database) {
  const people = await sql<{
    k: string;
  }>`select p.nik || ':' || p.full_name || ':' || p.birth_date || ':' || p.sex || ':' || p.village_code || ':' || p.segment
      || ':' || array_to_string(p.programs, ',') || ':' || p.registered_on as k from participants p
      where p.import_id is not null order by 1`.execute(db);
  const jobs = await sql<{
    k: string;
  }>`select p.nik || ':' || m.started_on || ':' || m.wage as k from employments m join participants p on p.id = m.participant_id
      where p.import_id is not null order by 1`.execute(db);
  const events = await sql<{
    k: string;
  }>`select p.nik || ':' || v.kind || ':' || v.effective_on || ':' || v.wage as k from employment_events v
      join participants p on p.id = v.participant_id where p.import_id is not null order by 1`.execute(db);
  const rows = await sql<{
    k: string;
  }>`select line || ':' || status as k from import_rows order by line`.execute(db);
  const errors = await sql<{
    k: string;
  }>`select line || ':' || "column" || ':' || code as k from import_errors order by line, "column"`.execute(
    db,
  );
  return {
    people: people.rows.map((r) => r.k),
    jobs: jobs.rows.map((r) => r.k),
    events: events.rows.map((r) => r.k),
    rows: rows.rows.map((r) => r.k),
    errors: errors.rows.map((r) => r.k),
  };
}

const depsOf = (t: TestDb) => ({ handle: t.handle, db: t.db, clock, config: loadConfig({}) });

async function enqueueImport(t: TestDb, file: string, npp: string, extra: Record<string, unknown>) {
  const upload = await storeUpload(t.db, 'daftar.csv', fs.createReadStream(file), null);
  return enqueue(
    t.db,
    workerImportJob.kind,
    { upload_id: upload, employer_npp: npp, commit_lines: 4, ...extra },
    WHO,
  );
}

describe('worker import as a job: the commit in line-range child jobs', () => {
  let direct: TestDb;
  let fanned: TestDb;
  let want: Awaited<ReturnType<typeof registry>>;
  let wantCounts: { total: number; accepted: number; unchanged: number; rejected: number };
  const file = workerList();
  before(async () => {
    [direct, fanned] = await Promise.all([createTestDb(), createTestDb()]);
    const npp = (await makeEmployer(direct.db)).npp;
    const r = await importWorkers(direct.handle, { file, employerNpp: npp }, SYSTEM, clock);
    wantCounts = { total: r.total, accepted: r.accepted, unchanged: r.unchanged, rejected: r.rejected };
    want = await registry(direct.db);
  });
  after(async () => {
    await direct.close();
    await fanned.close();
  });

  test('registers exactly what one in-process import registers; the parent sums the ranges', async () => {
    assert.equal(wantCounts.accepted, 27);
    assert.equal(wantCounts.rejected, 3);
    const npp = (await makeEmployer(fanned.db)).npp;
    const job = await enqueueImport(fanned, file, npp, { parts: 3 });
    const workers = await startWorkers(depsOf(fanned), { concurrency: 2 });
    let end: Awaited<ReturnType<typeof waitForJob>>;
    try {
      end = await waitForJob(fanned.db, job.id, () => {}, 100);
    } finally {
      await workers.stop();
    }
    assert.equal(end.status, 'done', end.error ?? '');
    const r = end.result as typeof wantCounts & { errorCount: number };
    assert.deepEqual(
      { total: r.total, accepted: r.accepted, unchanged: r.unchanged, rejected: r.rejected },
      wantCounts,
    );
    assert.equal(r.errorCount, 3);
    assert.deepEqual(await registry(fanned.db), want);
    const kids = await fanned.db
      .selectFrom('jobs')
      .select(['kind', 'status', 'params'])
      .where('parent_id', '=', job.id)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      kids.map((k) => `${k.kind}:${k.status}`),
      Array(3).fill('imports.commit:done'),
    );
    // 31 lines in chunks of 4 (8 chunks) over 3 ranges, each a whole number of chunks.
    assert.deepEqual(
      kids.map((k) => `${(k.params as { from: number }).from}-${(k.params as { to: number }).to}`),
      ['0-8', '8-20', '20-31'],
    );
    const view = await visibleJob(fanned.db, job.id, SYSTEM);
    assert.equal(Number(view.progress_done), 31);
    assert.equal(Number(view.progress_total), 31);
    const imp = await fanned.db
      .selectFrom('import_jobs')
      .select(['status', 'accepted_rows'])
      .executeTakeFirstOrThrow();
    assert.deepEqual(imp, { status: 'done', accepted_rows: 27 });
  });
});

describe('worker import as a job: a worker killed (-9) mid-commit, then another worker takes over', () => {
  test('resumes the range, registers nobody and writes no hire event twice, and ends as one import', async () => {
    const reference = await createTestDb();
    const file = workerList();
    const refNpp = (await makeEmployer(reference.db)).npp;
    await importWorkers(reference.handle, { file, employerNpp: refNpp }, SYSTEM, clock);
    const want = await registry(reference.db);
    await reference.close();

    const t = await createTestDb();
    try {
      const npp = (await makeEmployer(t.db)).npp;
      const job = await enqueueImport(t, file, npp, { parts: 2 });
      const child = spawnSync(
        process.execPath,
        ['--import', 'tsx', 'test/fixtures/job-crash.ts', String(job.id), 'imports.commit', '2'],
        { env: { ...process.env, DATABASE_URL: t.url, TEST_NOW: '2026-11-21T09:00:00Z' }, encoding: 'utf8' },
      );
      assert.equal(child.signal, 'SIGKILL', child.stdout + child.stderr);
      assert.equal((await getJob(t.db, job.id))?.status, 'running');
      const mid = await sql<{
        n: number;
      }>`select count(*)::int as n from import_rows where status = 'accepted'`.execute(t.db);
      assert.ok(mid.rows[0]!.n > 0 && mid.rows[0]!.n < 27, `accepted before the kill: ${mid.rows[0]!.n}`);

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
      assert.equal((end.result as { accepted: number }).accepted, 27);
      assert.deepEqual(await registry(t.db), want);
      const kids = await t.db
        .selectFrom('jobs')
        .select(['status', 'attempts'])
        .where('parent_id', '=', job.id)
        .orderBy('id')
        .execute();
      assert.deepEqual(
        kids.map((k) => `${k.status}:${k.attempts}`),
        ['done:2', 'done:1'],
      );
    } finally {
      await t.close();
    }
  });
});
