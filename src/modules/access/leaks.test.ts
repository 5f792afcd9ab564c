/**
 * Issue 12: every leak of personal data and every out-of-scope write found by the attack, refused.
 * Each test here failed on the code before the fix (written first, watched failing).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testApp } from '../../../test/app.ts';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { makeEmployer, makeNik } from '../../../test/factories.ts';
import { fixedClock } from '../../platform/clock.ts';
import { createAgreement } from '../partnerships/actions.ts';
import { registerParticipant } from '../workers/actions.ts';
import { SYSTEM } from './policy.ts';

const clock = fixedClock('2026-11-21T09:00:00Z');

describe('issue 12: leaks and out-of-scope writes', () => {
  let t: TestDb;
  let h: Awaited<ReturnType<typeof testApp>>;
  let babelEmp: { id: number; npp: string };
  let jabarEmp: { id: number; npp: string };
  let memberEmp: { id: number; npp: string };
  let outsider: { id: number; nik: string; kpj: string };
  let worker: { id: number; nik: string };
  let ownAgreement: number;
  const partnerId = 1; // ASPEKTI

  before(async () => {
    t = await createTestDb();
    h = await testApp(t, clock);
    babelEmp = await makeEmployer(t.db, { village_code: '19.71.01.1004' });
    jabarEmp = await makeEmployer(t.db, { village_code: '32.73.05.1001' });
    memberEmp = await makeEmployer(t.db, { village_code: '19.71.01.1004' });
    await t.db
      .insertInto('employer_memberships')
      .values({ employer_id: memberEmp.id, partner_id: partnerId, since: '2024-01-01' })
      .execute();
    const o = await registerParticipant(
      t.db,
      {
        nik: makeNik('32.73.05', '1980-03-04', 'M', 1),
        full_name: 'Orang Luar',
        birth_date: '1980-03-04',
        sex: 'M',
        village_code: '32.73.05.1001',
        segment: 'PU',
        employer_npp: jabarEmp.npp,
        wage: 7_000_000,
        start_date: '2025-01-06',
        phone: '0811111111',
      },
      SYSTEM,
      clock,
    );
    outsider = { id: o.id, nik: o.nik, kpj: o.kpj };
    // A worker of the Babel employer who also worked (and still works) at the Jabar employer.
    const w = await registerParticipant(
      t.db,
      {
        nik: makeNik('19.71.01', '1991-07-08', 'F', 1),
        full_name: 'Pekerja Dua Tempat',
        birth_date: '1991-07-08',
        sex: 'F',
        village_code: '19.71.01.1004',
        segment: 'PU',
        employer_npp: babelEmp.npp,
        wage: 4_000_000,
        start_date: '2025-02-03',
      },
      SYSTEM,
      clock,
    );
    worker = { id: w.id, nik: w.nik };
    await h.app.inject({ method: 'GET', url: '/api/auth/me' });
    await h.user('admin', 'admin');
    await h.user('cabang', 'branch_officer', { region_codes: ['19'] });
    await h.user('cabang-kota', 'branch_officer', { region_codes: ['19.71'] });
    await h.user('hr', 'employer', { employer_id: babelEmp.id });
    await h.user('mitra', 'partner', { partner_id: partnerId });
    await h.user('pemda', 'regional_government', { region_codes: ['19'] });
    await h.user('audit', 'auditor');
    const r = await h.app.inject({
      method: 'POST',
      url: `/api/participants/${worker.id}/events`,
      headers: h.as('admin'),
      payload: { kind: 'hire', employer_npp: jabarEmp.npp, effective_on: '2025-06-02', wage: 9_100_000 },
    });
    assert.equal(r.statusCode, 201, r.body);
    ownAgreement = (
      await createAgreement(
        t.db,
        {
          number: 'PKS/UJI/001',
          kind: 'pks',
          partner_id: partnerId,
          title: 'PKS uji akses',
          starts_on: '2026-01-01',
          state: 'active',
        },
        SYSTEM,
      )
    ).id;
  });
  after(() => t.close());

  const inject = (who: string | null, method: 'GET' | 'POST', url: string, payload?: object) =>
    h.app.inject({ method, url, headers: who ? h.as(who) : {}, payload });

  test('a partner cannot add any participant to its own agreement and then read them', async () => {
    const add = await inject('mitra', 'POST', `/api/agreements/${ownAgreement}/members`, {
      participant_ids: [outsider.id],
    });
    assert.ok(add.statusCode < 500, add.body);
    const read = await inject('mitra', 'GET', `/api/participants/${outsider.id}`);
    assert.equal(read.statusCode, 404, read.body);
    const members = await inject('mitra', 'GET', `/api/agreements/${ownAgreement}/members`);
    assert.ok(!members.body.includes(outsider.nik), 'the outsider is not a member');
  });

  test('a partner learns the same for a registered-elsewhere NIK and an unregistered one', async () => {
    const unknownNik = makeNik('32.73.05', '1970-01-01', 'M', 99);
    const a = await inject('mitra', 'POST', `/api/agreements/${ownAgreement}/members`, {
      niks: [outsider.nik],
    });
    const b = await inject('mitra', 'POST', `/api/agreements/${ownAgreement}/members`, {
      niks: [unknownNik],
    });
    assert.equal(a.statusCode, b.statusCode);
    assert.deepEqual(a.json(), b.json());
    assert.ok(!a.body.includes(outsider.kpj));
  });

  test('an employer registering a NIK registered elsewhere learns no KPJ', async () => {
    const r = await inject('hr', 'POST', '/api/participants', {
      nik: outsider.nik,
      full_name: 'Orang Luar',
      birth_date: '1980-03-04',
      sex: 'M',
      village_code: '32.73.05.1001',
      segment: 'PU',
      employer_npp: babelEmp.npp,
      wage: 5_000_000,
    });
    assert.ok(r.statusCode < 500, r.body);
    assert.ok(!r.body.includes(outsider.kpj), r.body);
    assert.ok(!r.body.includes('Orang Luar') || r.statusCode !== 201);
  });

  test('an employer sees only its own employment rows of its workers', async () => {
    const r = await inject('hr', 'GET', `/api/participants/${worker.id}`);
    assert.equal(r.statusCode, 200, r.body);
    const body = r.json();
    assert.ok(body.employments.length > 0);
    for (const e of body.employments) assert.equal(e.employer_id, babelEmp.id);
    for (const e of body.events) assert.equal(e.employer_id, babelEmp.id);
    assert.ok(!r.body.includes('9100000'));
  });

  test('import error reports are not readable by regional government or other regions', async () => {
    const job = await t.db
      .insertInto('import_jobs')
      .values({ kind: 'workers', file_name: 'x.csv', file_sha256: 'x', employer_id: jabarEmp.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('import_errors')
      .values({
        import_id: job.id,
        line: 2,
        column: 'nik',
        code: 'nik_registered',
        message_id: 'x',
        message_en: 'x',
        value: outsider.nik,
      } as never)
      .execute();
    for (const who of ['pemda', 'cabang']) {
      const e = await inject(who, 'GET', `/api/imports/${job.id}/errors`);
      assert.ok([403, 404].includes(e.statusCode), `${who}: ${e.statusCode}`);
      const l = await inject(who, 'GET', '/api/imports');
      assert.ok(!l.body.includes(`"id":${job.id},`) || l.statusCode >= 400, `${who} lists the import`);
    }
    const a = await inject('audit', 'GET', `/api/imports/${job.id}/errors`);
    assert.equal(a.statusCode, 200, a.body);
    assert.ok(!a.body.includes(outsider.nik), 'the auditor sees masked NIKs in error reports');
  });

  test('/regions applies the small-cell suppression to roles that see suppressed coverage', async () => {
    const r = await inject('pemda', 'GET', '/api/regions?parent=32.73.05');
    assert.equal(r.statusCode, 200, r.body);
    const v = r.json().children.find((c: { code: string }) => c.code === '32.73.05.1001');
    assert.equal(v.participants, null, 'a cell of 1 is suppressed');
    const adm = await inject('admin', 'GET', '/api/regions?parent=32.73.05');
    assert.equal(
      adm.json().children.find((c: { code: string }) => c.code === '32.73.05.1001').participants,
      1,
    );
  });

  test('the auditor sees masked NIKs', async () => {
    const r = await inject('audit', 'GET', `/api/participants/${outsider.id}`);
    assert.equal(r.statusCode, 200, r.body);
    assert.ok(!r.body.includes(outsider.nik));
    const s = await inject('audit', 'GET', `/api/participants?q=${outsider.kpj}`);
    assert.ok(!s.body.includes(outsider.nik));
  });

  test('the regional government does not see officers names', async () => {
    const v = await inject('cabang', 'POST', '/api/outreach/visits', {
      region_code: '19.71.01.1004',
      visited_on: '2026-11-02',
      reached: 5,
    });
    assert.equal(v.statusCode, 201, v.body);
    for (const url of ['/api/outreach', '/api/outreach/conversion?by=officer']) {
      const r = await inject('pemda', 'GET', url);
      assert.ok(r.statusCode < 500, r.body);
      assert.ok(!r.body.includes('"cabang"'), `${url}: ${r.body}`);
    }
  });

  const person = (nik: string, village: string, extra: object = {}) => ({
    nik,
    full_name: 'Baru',
    birth_date: '1990-01-01',
    sex: 'M',
    village_code: village,
    segment: 'BPU',
    ...extra,
  });

  test('a Babel branch officer cannot register a participant or employer outside Babel', async () => {
    const p = await inject(
      'cabang',
      'POST',
      '/api/participants',
      person(makeNik('32.73.05', '1990-01-01', 'M', 5), '32.73.05.1002'),
    );
    assert.equal(p.statusCode, 403, p.body);
    const e = await inject('cabang', 'POST', '/api/employers', {
      name: 'PT Aceh',
      legal_form: 'PT',
      sector: 'Jasa',
      size_class: 'small',
      risk_class: 1,
      village_code: '32.73.05.1001',
    });
    assert.equal(e.statusCode, 403, e.body);
  });

  test('a regency officer cannot register in another regency of the same province', async () => {
    const p = await inject(
      'cabang-kota',
      'POST',
      '/api/participants',
      person(makeNik('19.01.01', '1990-01-01', 'M', 6), '19.01.01.1001'),
    );
    assert.equal(p.statusCode, 403, p.body);
  });

  test('a Babel branch officer cannot log a visit outside Babel', async () => {
    const v = await inject('cabang', 'POST', '/api/outreach/visits', {
      region_code: '32.73.05.1001',
      visited_on: '2026-11-02',
      reached: 5,
    });
    assert.equal(v.statusCode, 403, v.body);
  });

  test('a Babel branch officer cannot hire someone at an employer outside Babel', async () => {
    const r = await inject('cabang', 'POST', `/api/participants/${worker.id}/events`, {
      kind: 'wage_change',
      employer_npp: jabarEmp.npp,
      effective_on: '2026-01-05',
      wage: 9_500_000,
    });
    assert.ok([403, 404].includes(r.statusCode), r.body);
  });

  test('a Babel branch officer cannot import rows into an employer outside Babel', async () => {
    const boundary = 'x-boundary';
    const csv = `nik,nama,tanggal_lahir,jenis_kelamin,kode_desa,telepon,segmen,rentan,upah\n${makeNik('19.71.01', '1992-02-02', 'M', 7)},Andi,1992-02-02,L,19.71.01.1004,,PU,,4000000\n`;
    const payload =
      `--${boundary}\r\nContent-Disposition: form-data; name="employer_npp"\r\n\r\n${jabarEmp.npp}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="w.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`;
    const r = await h.app.inject({
      method: 'POST',
      url: '/api/imports/workers',
      headers: { ...h.as('cabang'), 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    });
    assert.ok([403, 404].includes(r.statusCode), r.body);
  });

  test('a partner cannot hire its member at an employer that is not its member', async () => {
    const m = await registerParticipant(
      t.db,
      {
        nik: makeNik('19.71.01', '1993-04-05', 'M', 3),
        full_name: 'Anggota Mitra',
        birth_date: '1993-04-05',
        sex: 'M',
        village_code: '19.71.01.1004',
        segment: 'PU',
        employer_npp: memberEmp.npp,
        wage: 4_000_000,
        start_date: '2025-02-03',
      },
      SYSTEM,
      clock,
    );
    const seen = await inject('mitra', 'GET', `/api/participants/${m.id}`);
    assert.equal(seen.statusCode, 200, "the member is the partner's");
    const r = await inject('mitra', 'POST', `/api/participants/${m.id}/events`, {
      kind: 'hire',
      employer_npp: babelEmp.npp,
      effective_on: '2026-03-02',
      wage: 4_500_000,
    });
    assert.ok([403, 404].includes(r.statusCode), r.body);
  });

  test('an enrolment request reaches the branch office of the person, which confirms it', async () => {
    const q = await inject('cabang', 'GET', '/api/reviews?status=open');
    assert.equal(q.statusCode, 200, q.body);
    assert.ok(!q.body.includes(outsider.nik), 'a Jabar person is not in the Babel queue');
    const queue = await inject('admin', 'GET', '/api/reviews?status=open');
    const req = queue
      .json()
      .items.find(
        (r: { kind: string; participant_id: number | null }) =>
          r.kind === 'enrolment_request' && r.participant_id === outsider.id,
      );
    assert.ok(req, queue.body);
    for (const who of ['mitra', 'hr', 'pemda', 'audit']) {
      const r = await inject(who, 'POST', `/api/reviews/${req.id}/decide`, { decision: 'confirm' });
      assert.equal(r.statusCode, 403, `${who}: ${r.body}`);
    }
    const other = await inject('cabang', 'POST', `/api/reviews/${req.id}/decide`, { decision: 'confirm' });
    assert.equal(other.statusCode, 404, "another region's officer cannot decide it");
    const ok = await inject('admin', 'POST', `/api/reviews/${req.id}/decide`, { decision: 'confirm' });
    assert.equal(ok.statusCode, 200, ok.body);
    const read = await inject('mitra', 'GET', `/api/participants/${outsider.id}`);
    assert.equal(read.statusCode, 200, "after confirmation the person is the partner's member");
    const again = await inject('admin', 'POST', `/api/reviews/${req.id}/decide`, { decision: 'reject' });
    assert.equal(again.statusCode, 409);
  });

  test('a registration elsewhere goes to the review queue, and a dry-run import tells nothing', async () => {
    const queue = await inject('admin', 'GET', '/api/reviews?status=open');
    assert.ok(
      queue
        .json()
        .items.some(
          (r: { kind: string; nik: string }) => r.kind === 'registered_elsewhere' && r.nik === outsider.nik,
        ),
      queue.body,
    );
    const boundary = 'y-boundary';
    const fresh = makeNik('19.71.01', '1994-04-04', 'M', 8);
    const upload = async (nik: string) => {
      const csv = `nik,nama,tanggal_lahir,jenis_kelamin,kode_desa,telepon,segmen,rentan,upah\n${nik},Orang Luar,${nik === outsider.nik ? '1980-03-04' : '1994-04-04'},L,19.71.01.1004,,PU,,4000000\n`;
      const payload =
        `--${boundary}\r\nContent-Disposition: form-data; name="dry_run"\r\n\r\ntrue\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="w.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`;
      const r = await h.app.inject({
        method: 'POST',
        url: '/api/imports/workers',
        headers: { ...h.as('hr'), 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload,
      });
      const job = await h.settle(r);
      assert.equal(job.status, 'done', job.error ?? '');
      const importId = (job.result as { importId: number }).importId;
      const j = await inject('hr', 'GET', `/api/imports/${importId}`);
      const e = await inject('hr', 'GET', `/api/imports/${importId}/errors`);
      return {
        accepted: j.json().job.accepted_rows,
        rejected: j.json().job.rejected_rows,
        errors: e.json().errors,
      };
    };
    const a = await upload(outsider.nik);
    const b = await upload(fresh);
    assert.deepEqual(a, b);
    assert.equal(a.accepted, 1);
  });
});
