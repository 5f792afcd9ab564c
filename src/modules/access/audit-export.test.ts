/** The audit log export runs as a job: every matching entry (paged past 5,000), NIKs masked for the auditor, the file only for who may see the job. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { testApp } from '../../../test/app.ts';
import { createTestDb, type TestDb } from '../../../test/db.ts';

describe('audit log export as a job', () => {
  let t: TestDb;
  let h: Awaited<ReturnType<typeof testApp>>;
  const NIK = '1971014605900011';

  before(async () => {
    t = await createTestDb();
    h = await testApp(t);
    // 12,001 entries of one kind (more than two export pages), one carrying a NIK, and others.
    await sql`insert into audit_log (actor, action, entity, entity_id, after)
      select 'uji', 'update', 'employer', g::text, jsonb_build_object('n', g) from generate_series(1, 12000) g`.execute(
      t.db,
    );
    await sql`insert into audit_log (actor, action, entity, entity_id, after)
      values ('uji', 'update', 'employer', 'nik', ${JSON.stringify({ nik: NIK })}::jsonb),
             ('uji', 'create', 'participant', '1', null)`.execute(t.db);
    await h.user('auditor', 'auditor');
    await h.user('admin', 'admin');
    await h.user('cabang', 'branch_officer', { region_codes: ['19'] });
  });
  after(() => t.close());

  test('the auditor gets every matching entry, newest first, with NIKs masked', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/audit/export',
      headers: h.as('auditor'),
      payload: { entity: 'employer' },
    });
    assert.equal(res.statusCode, 202, res.body);
    const job = await h.settle(res);
    assert.equal(job.status, 'done', job.error ?? '');
    const file = await h.app.inject({ url: `/api/jobs/${job.id}/file`, headers: h.as('auditor') });
    assert.equal(file.statusCode, 200, file.body);
    assert.match(String(file.headers['content-disposition']), /log-audit\.csv/);
    const rows = parse(file.body, { columns: true }) as Array<Record<string, string>>;
    assert.equal(rows.length, 12001);
    assert.equal((job.result as { rows: number }).rows, 12001);
    assert.ok(rows.every((r) => r.entitas === 'employer'));
    const ids = rows.map((r) => Number(r.id));
    assert.deepEqual(
      ids,
      [...ids].sort((a, b) => b - a),
    );
    assert.equal(new Set(ids).size, ids.length);
    assert.ok(!file.body.includes(NIK), 'a full NIK reached the auditor');
    assert.ok(file.body.includes(`${NIK.slice(0, 4)}********${NIK.slice(12)}`));
  });

  test('a branch officer may not export the audit log, nor download another person’s export', async () => {
    const refused = await h.app.inject({
      method: 'POST',
      url: '/api/audit/export',
      headers: h.as('cabang'),
      payload: {},
    });
    assert.equal(refused.statusCode, 403, refused.body);
    const job = await h.settle(
      await h.app.inject({ method: 'POST', url: '/api/audit/export', headers: h.as('auditor'), payload: {} }),
    );
    const other = await h.app.inject({ url: `/api/jobs/${job.id}/file`, headers: h.as('cabang') });
    assert.equal(other.statusCode, 404, other.body);
    const admin = await h.app.inject({ url: `/api/jobs/${job.id}/file`, headers: h.as('admin') });
    assert.equal(admin.statusCode, 200);
    // Unfiltered: the 12,002 entries above plus the ones the logins wrote, exactly as many as the job counted.
    const n = parse(admin.body, { columns: true }).length;
    assert.equal(n, (job.result as { rows: number }).rows);
    assert.ok(n > 12002, String(n));
  });
});
