import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testApp } from '../../../test/app.ts';
import { createTestDatabase, createTestDb, type TestDb } from '../../../test/db.ts';
import { addEmployer, addPerson, firstVillage } from '../../../test/kits/coverage.ts';
import { openDatabase } from '../../platform/db.ts';
import { refreshCoverage } from './refresh.ts';
import { ensureCoverageReference } from './seed.ts';

describe('coverage API: scope and suppression', () => {
  let t: TestDb;
  let h: Awaited<ReturnType<typeof testApp>>;
  const get = (who: string, url: string) => h.app.inject({ method: 'GET', url, headers: h.as(who) });

  before(async () => {
    t = await createTestDb();
    h = await testApp(t);
    const babel = await firstVillage(t.db, '19.71.01');
    const jakarta = await firstVillage(t.db, '31.71.01');
    const eb = await addEmployer(t.db, babel);
    for (let i = 0; i < 12; i++)
      await addPerson(t.db, { village: babel, segment: 'BPU', registered_on: '2025-06-01' });
    for (let i = 0; i < 3; i++)
      await addPerson(t.db, {
        village: babel,
        segment: 'PU',
        registered_on: '2025-06-01',
        jobs: [{ employer: eb, from: '2025-06-01' }],
      });
    for (let i = 0; i < 20; i++)
      await addPerson(t.db, { village: jakarta, segment: 'BPU', registered_on: '2025-01-01' });
    await ensureCoverageReference(t.handle);
    await refreshCoverage(t.db, { now: new Date('2026-11-21T09:00:00Z') });
    await h.user('admin', 'admin');
    await h.user('pemda', 'regional_government', { region_codes: ['19'] });
    await h.user('cabang', 'branch_officer', { region_codes: ['19'] });
    await h.user('hr', 'employer', { employer_id: eb });
  });
  after(() => t.close());

  test('admin sees every province with a sourced denominator and the active basis label', async () => {
    const r = await get('admin', '/api/coverage');
    assert.equal(r.statusCode, 200, r.body);
    const body = r.json();
    assert.equal(body.rows.length, 38);
    assert.equal(body.meta.active_source.basis, 'registrations');
    assert.equal(body.meta.period, '2026-11');
    assert.equal(body.total.active, 35);
    const babel = body.rows.find((x: { code: string }) => x.code === '19');
    assert.equal(babel.segments.PU.active, 3);
    assert.equal(babel.suppressed, false);
    assert.match(babel.denominator.source_url, /^https:\/\//);
  });

  test('a regional government sees its own region only, with cells under the minimum suppressed', async () => {
    const r = await get('pemda', '/api/coverage');
    assert.equal(r.statusCode, 200, r.body);
    const body = r.json();
    assert.deepEqual(
      body.rows.map((x: { code: string }) => x.code),
      ['19'],
    );
    assert.equal(body.total, null);
    assert.equal(body.meta.min_cell, 10);
    const babel = body.rows[0];
    assert.equal(babel.segments.PU.active, null);
    assert.equal(babel.suppressed, true);
    assert.equal(babel.active, 15);
    const branch = (await get('cabang', '/api/coverage')).json();
    assert.equal(branch.rows[0].segments.PU.active, 3);
  });

  test('a regional government cannot read another region through any endpoint', async () => {
    for (const url of [
      '/api/coverage?parent=31',
      '/api/coverage/series/31',
      '/api/coverage/series/00',
      '/api/coverage/targets/31',
      '/api/coverage/31/breakdown',
      '/api/coverage/report/31',
    ]) {
      const r = await get('pemda', url);
      assert.equal(r.statusCode, 403, `${url}: ${r.body}`);
    }
    assert.equal((await get('pemda', '/api/coverage/series/19')).statusCode, 200);
    assert.equal((await get('hr', '/api/coverage')).statusCode, 403);
  });

  test('breakdown: employer names for agency roles, aggregates for regional governments', async () => {
    const admin = (await get('admin', '/api/coverage/19/breakdown')).json();
    assert.equal(admin.employers.kind, 'named');
    assert.equal(admin.employers.rows[0].active, 3);
    const pemda = (await get('pemda', '/api/coverage/19/breakdown')).json();
    assert.equal(pemda.employers.kind, 'grouped');
    assert.equal(pemda.employers.rows[0].active, null);
  });

  test('ranking, targets (the unconfirmed Babel 55% scenario), export and printable report', async () => {
    const rk = (await get('admin', '/api/coverage/ranking?by=progress')).json();
    assert.equal(rk.rows.length, 38);
    assert.equal(rk.meta.compared_with, '2025-11');
    assert.ok(rk.rows.every((x: { rank: { coverage: number | null } }) => 'coverage' in x.rank));
    const own = (await get('pemda', '/api/coverage/ranking')).json();
    assert.equal(own.rows.length, 1);
    assert.equal(own.meta.total_ranked, 38);
    const tg = (await get('admin', '/api/coverage/targets/19')).json();
    const scenario = tg.targets.find((x: { target: { target_pct: number } }) => x.target.target_pct === 55);
    assert.equal(scenario.target.status, 'unconfirmed');
    assert.equal(scenario.math.deadline, '2026-12');
    assert.ok(scenario.math.gap_people > 0);
    const x = await get('admin', '/api/coverage/export.xlsx');
    assert.equal(x.statusCode, 200);
    assert.equal(x.rawPayload.subarray(0, 2).toString(), 'PK');
    const rep = await get('pemda', '/api/coverage/report/19');
    assert.equal(rep.statusCode, 200);
    assert.match(rep.body, /Cakupan Jaminan Sosial Ketenagakerjaan/);
    // Printed for a governor: words, not the data team's notes, status codes or ISO months.
    const text = rep.body.replace(/<[^>]+>/g, ' ');
    for (const raw of [
      /FALLBACK/,
      /DERIVED/,
      /rules(-reference)?\.md/,
      /\bsourced\b|\bunconfirmed\b/,
      /\b20\d\d-\d\d\b/,
      /\bBPU\b/,
    ])
      assert.doesNotMatch(text, raw);
    assert.match(text, /BELUM TERKONFIRMASI/);
    assert.match(
      text,
      /Periode (Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember) 20\d\d/,
    );
  });

  test('drill-down from the nation to the villages of a district', async () => {
    const reg = (await get('admin', '/api/coverage?parent=19')).json();
    assert.equal(reg.meta.source, 'rollups');
    assert.ok(
      reg.rows.every((r: { denominator: { estimated: boolean } | null }) => r.denominator?.estimated),
    );
    const dist = (await get('admin', '/api/coverage?parent=19.71')).json();
    assert.equal(dist.total.active, 15);
    const vil = await get('pemda', '/api/coverage?parent=19.71.01');
    assert.equal(vil.statusCode, 200, vil.body);
    assert.equal(vil.json().meta.source, 'registry');
    assert.equal(vil.json().total.active, 15);
    assert.equal((await get('admin', '/api/coverage?parent=19.71.01&basis=employer')).statusCode, 400);
  });

  test('the endpoints are in the OpenAPI document', async () => {
    const doc = (await h.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const p of [
      '/api/coverage',
      '/api/coverage/ranking',
      '/api/coverage/targets/{region}',
      '/api/government/ranking',
    ])
      assert.ok(doc.paths[p], p);
  });

  test('dashboards read from the read replica when one is configured (LINDUNG_READ_DATABASE_URL)', async () => {
    // A "replica" that has not caught up: migrated, reference loaded, no participants yet.
    const replica = await createTestDatabase();
    const handle = await openDatabase({ databaseUrl: t.url, readDatabaseUrl: replica.url });
    try {
      assert.notEqual(handle.read, handle.db);
      const r = await handle.read
        .selectNoFrom((eb) => eb.fn<string>('current_database', []).as('d'))
        .executeTakeFirst();
      assert.equal(r?.d, replica.name);
      await ensureCoverageReference({ ...handle, db: handle.read } as typeof handle);
      await refreshCoverage(handle.read, { now: new Date('2026-11-21T09:00:00Z') });
      const app = await testApp({ handle, db: handle.db });
      await app.user('admin2', 'admin');
      const fromReplica = await app.app.inject({ url: '/api/coverage', headers: app.as('admin2') });
      assert.equal(fromReplica.statusCode, 200, fromReplica.body);
      assert.equal(fromReplica.json().total.active, 0);
      // Writes and sessions stay on the primary, which has the 35 active participants.
      const primary = await get('admin', '/api/coverage');
      assert.equal(primary.json().total.active, 35);
    } finally {
      await handle.close();
      await replica.drop();
    }
  });
});
