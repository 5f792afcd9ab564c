import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testApp } from '../../../test/app.ts';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { makeEmployer, makeNik } from '../../../test/factories.ts';
import { fixedClock } from '../../platform/clock.ts';
import { loadConfig } from '../../platform/config.ts';
import { getJob, runQueuedJobs } from '../../platform/jobs.ts';

// The long work of issue 18 as job kinds: the commission run and the non-ASN import answer 202.
describe('regional jobs through the API', () => {
  let t: TestDb;
  let api: Awaited<ReturnType<typeof testApp>>;
  const clock = fixedClock('2026-11-02T03:00:00Z');
  before(async () => {
    t = await createTestDb();
    api = await testApp(t, clock);
    await api.user('admin', 'admin');
    await api.user('cabang', 'branch_officer', { region_codes: ['19'] });
  });
  after(() => t.close());
  const deps = () => ({ handle: t.handle, db: t.db, clock, config: loadConfig({}) });

  test('the commission run is a job for head office only, and it finishes', async () => {
    const denied = await api.app.inject({
      method: 'POST',
      url: '/api/agent-commission/2026-10/run',
      headers: api.as('cabang'),
    });
    assert.equal(denied.statusCode, 403);
    const r = await api.app.inject({
      method: 'POST',
      url: '/api/agent-commission/2026-10/run',
      headers: api.as('admin'),
    });
    assert.equal(r.statusCode, 202, r.body);
    const job = r.json().job;
    assert.equal(job.kind, 'agents.commission');
    await runQueuedJobs(deps());
    const end = await getJob(t.db, job.id);
    assert.equal(end?.status, 'done');
    assert.equal((end?.result as { lines: number } | undefined)?.lines, 0);
  });

  test('a non-ASN list upload becomes an import job that registers the staff', async () => {
    const e = await makeEmployer(t.db, { legal_form: 'Instansi', village_code: '19.71.01.1004' });
    const csv = [
      'nik,nama,tanggal_lahir,jenis_kelamin,kode_desa,segmen,tanggal_mulai,upah,non_asn,kategori_non_asn',
      `${makeNik('19.71.01', '1985-03-04', 'M', 31)},Staf Satu,1985-03-04,L,19.71.01.1004,PU,2026-10-01,3900000,ya,honorer`,
    ].join('\n');
    const boundary = 'XBOUNDARY';
    const body =
      `--${boundary}\r\nContent-Disposition: form-data; name="employer_npp"\r\n\r\n${e.npp}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="staf.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`;
    const r = await api.app.inject({
      method: 'POST',
      url: '/api/non-asn/imports',
      headers: { ...api.as('cabang'), 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: body,
    });
    assert.equal(r.statusCode, 202, r.body);
    await runQueuedJobs(deps());
    const end = await getJob(t.db, r.json().job.id);
    assert.equal(end?.status, 'done', end?.error ?? '');
    assert.equal((end?.result as { registered: number } | undefined)?.registered, 1);
  });
});
