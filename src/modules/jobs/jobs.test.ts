import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { testApp } from '../../../test/app.ts';
import { createTestDatabase, createTestDb, type TestDb } from '../../../test/db.ts';
import { makeEmployer } from '../../../test/factories.ts';

describe('jobs over HTTP: started at once (202), followed, owned, cancelled, scheduled', () => {
  let t: TestDb;
  let h: Awaited<ReturnType<typeof testApp>>;
  before(async () => {
    t = await createTestDb();
    h = await testApp(t);
    const emp = await makeEmployer(t.db);
    await h.user('pusat', 'admin');
    await h.user('hr', 'employer', { employer_id: emp.id });
  });
  after(() => t.close());

  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, who: string, payload?: unknown) =>
    h.app.inject({ method, url, headers: h.as(who), payload: payload as object });

  test('billing answers 202 with a queued job; the job finishes on a worker with the run result', async () => {
    const res = await call('POST', '/api/billing/runs', 'pusat', { period: '2026-10' });
    assert.equal(res.statusCode, 202, res.body);
    assert.equal(res.json().job.status, 'queued');
    assert.equal(res.json().job.created_by_name, 'pusat');
    const job = await h.settle(res);
    assert.equal(job.status, 'done', job.error ?? '');
    assert.equal((job.result as { period: string }).period, '2026-10');
    const audit = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'job.start').execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]?.actor, 'pusat');
  });

  test('a job is seen by its owner and the admin only; anyone else gets 404', async () => {
    const mine = (await call('GET', '/api/jobs', 'pusat')).json().items;
    assert.equal(mine.length, 1);
    assert.deepEqual((await call('GET', '/api/jobs', 'hr')).json().items, []);
    assert.equal((await call('GET', `/api/jobs/${mine[0].id}`, 'hr')).statusCode, 404);
    assert.equal((await call('POST', `/api/jobs/${mine[0].id}/cancel`, 'hr')).statusCode, 404);
    assert.equal((await h.app.inject({ method: 'GET', url: '/api/jobs' })).statusCode, 401);
  });

  test('a queued job can be cancelled, then retried; an ended one cannot be cancelled', async () => {
    const res = await call('POST', '/api/coverage/refresh', 'pusat', {});
    assert.equal(res.statusCode, 202, res.body);
    const id = res.json().job.id;
    const c = await call('POST', `/api/jobs/${id}/cancel`, 'pusat');
    assert.equal(c.statusCode, 200, c.body);
    assert.equal(c.json().job.status, 'cancelled');
    assert.equal((await call('POST', `/api/jobs/${id}/cancel`, 'pusat')).statusCode, 400);
    const r = await call('POST', `/api/jobs/${id}/retry`, 'pusat');
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().job.status, 'queued');
  });

  test('schedules: an admin switches one off; other roles may not', async () => {
    await t.db
      .insertInto('job_schedules')
      .values({ name: 'billing-monthly', pattern: '0 18 * * *' })
      .onConflict((oc) => oc.doNothing())
      .execute();
    assert.equal((await call('GET', '/api/schedules', 'hr')).statusCode, 403);
    assert.equal(
      (await call('PATCH', '/api/schedules/billing-monthly', 'hr', { enabled: false })).statusCode,
      403,
    );
    const off = await call('PATCH', '/api/schedules/billing-monthly', 'pusat', { enabled: false });
    assert.equal(off.statusCode, 200, off.body);
    assert.equal(off.json().schedule.enabled, false);
    assert.equal((await call('PATCH', '/api/schedules/nope', 'pusat', { enabled: false })).statusCode, 404);
  });
});

describe('lindung db backup / db restore', () => {
  test('a backup restored into an empty database gives the same rows', async () => {
    const src = await createTestDb();
    const dst = await createTestDatabase();
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lindung-backup-')), 'cadangan.dump');
    try {
      await makeEmployer(src.db, { name: 'PT Cadangan Sejahtera' });
      const cli = (url: string, ...args: string[]) =>
        execFileSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
          env: { ...process.env, DATABASE_URL: url },
          encoding: 'utf8',
        });
      assert.match(cli(src.url, 'db', 'backup', file), /backup/);
      assert.ok(fs.statSync(file).size > 10_000);
      // The target starts empty of Lindung's data: drop what the template gave it.
      const c = new pg.Client({ connectionString: dst.url });
      await c.connect();
      await c.query(
        'drop schema public cascade; create schema public; drop schema if exists graphile_worker cascade',
      );
      await c.end();
      cli(dst.url, 'db', 'restore', file);
      const check = new pg.Client({ connectionString: dst.url });
      await check.connect();
      const names = (await check.query(`select name from employers order by id`)).rows.map((r) => r.name);
      const regions = (await check.query('select count(*)::int as n from regions')).rows[0].n;
      await check.end();
      const want = (await sql<{ name: string }>`select name from employers order by id`.execute(src.db)).rows;
      assert.deepEqual(
        names,
        want.map((r) => r.name),
      );
      assert.ok(names.includes('PT Cadangan Sejahtera'));
      assert.ok(regions > 90_000);
    } finally {
      await src.close();
      await dst.drop();
    }
  });
});
