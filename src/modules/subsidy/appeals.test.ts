import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { makeEmployer } from '../../../test/factories.ts';
import { employerOf, person, subsidyTestApp, TEST_PROGRAMME } from '../../../test/kits/subsidy.ts';
import { SYSTEM } from '../access/policy.ts';
import { ensureProgrammes, saveProgramme } from './programmes.ts';

type App = Awaited<ReturnType<typeof subsidyTestApp>>;

describe('subsidy over HTTP: roles, scope, appeals with maker-checker and audit', () => {
  let t: TestDb;
  let h: App;
  let runId: number;
  let worker: number;
  let other: number;
  let acehWorker: number;

  before(async () => {
    t = await createTestDb();
    await ensureProgrammes(t.db);
    await saveProgramme(t.db, TEST_PROGRAMME, SYSTEM);
    const pt = await employerOf(t.db, 'PT');
    const acehVillage = (
      await sql<{
        code: string;
      }>`select code from regions where level = 4 and code like '11.%' order by code limit 1`.execute(t.db)
    ).rows[0]!.code;
    const aceh = (await makeEmployer(t.db, { village_code: acehVillage })).id;
    await person(t.db, pt, {});
    // Excluded for unpaid contributions: the appeal says the employer paid late, not never.
    worker = (await person(t.db, pt, { spans: [['2019-01', '2020-04']] })).id;
    other = (await person(t.db, pt, { spans: [] })).id;
    acehWorker = (await person(t.db, aceh, { villageCode: acehVillage, spans: [] })).id;
    h = await subsidyTestApp(t);
    await h.user('pusat', 'admin');
    await h.user('pusat2', 'admin');
    await h.user('cabang', 'branch_officer', { region_codes: ['32'] });
    await h.user('cabang-aceh', 'branch_officer', { region_codes: ['11'] });
    await h.user('hr', 'employer', { employer_id: pt });
    await h.user('pemda', 'regional_government', { region_codes: ['32'] });
    await h.user('audit', 'auditor');
  });
  after(() => t.close());

  const get = (user: string, url: string) => h.app.inject({ method: 'GET', url, headers: h.as(user) });
  const post = (user: string, url: string, payload: object) =>
    h.app.inject({ method: 'POST', url, headers: h.as(user), payload });

  test('head office starts a run; it finishes in the background', async () => {
    const programmes = await get('pusat', '/api/subsidy/programmes');
    const codes = programmes.json().items.map((p: { code: string }) => p.code);
    for (const c of ['bsu-2020', 'bsu-2021', 'bsu-2022', 'bsu-2025', 'uji-bsu'])
      assert.ok(codes.includes(c), c);
    const id = programmes.json().items.find((p: { code: string }) => p.code === 'uji-bsu').id;
    assert.equal((await post('cabang', '/api/subsidy/runs', { programme_id: id })).statusCode, 403);
    const res = await post('pusat', '/api/subsidy/runs', { programme_id: id });
    const job = await h.settle(res);
    assert.equal(job.status, 'done', job.error ?? '');
    runId = (job.result as { runId: number }).runId;
    const done = (await get('pusat', `/api/subsidy/runs/${runId}`)).json();
    assert.equal(done.run.status, 'done');
    assert.deepEqual([done.run.screened, done.run.eligible, done.run.excluded], [4, 1, 3]);
    assert.equal(done.reasons.find((r: { code: string }) => r.code === 'contributions_unpaid').count, 3);
  });

  test('regional governments see counts for their region only, never people', async () => {
    assert.equal((await get('pemda', `/api/subsidy/runs/${runId}/decisions`)).statusCode, 403);
    assert.equal((await get('pemda', `/api/subsidy/runs/${runId}/decisions/${worker}`)).statusCode, 403);
    const regions = (await get('pemda', `/api/subsidy/runs/${runId}/regions`)).json().items;
    assert.deepEqual(
      regions.map((r: { code: string; screened: number }) => `${r.code}:${r.screened}`),
      ['32:3'],
    );
    assert.equal((await get('pusat', `/api/subsidy/runs/${runId}/regions`)).json().items.length, 2);
  });

  test('branch officers and employers see only their people', async () => {
    assert.equal(
      (await get('cabang-aceh', `/api/subsidy/runs/${runId}/decisions/${worker}`)).statusCode,
      404,
    );
    assert.equal(
      (await get('cabang-aceh', `/api/subsidy/runs/${runId}/decisions/${acehWorker}`)).statusCode,
      200,
    );
    const list = (await get('hr', `/api/subsidy/runs/${runId}/decisions?eligible=false`)).json();
    assert.equal(list.total, 2);
    const d = (await get('cabang', `/api/subsidy/runs/${runId}/decisions/${worker}`)).json();
    assert.deepEqual(
      d.decision.reasons.map((r: { code: string }) => r.code),
      ['contributions_unpaid'],
    );
    const check = d.checks.find((c: { reason: string }) => c.reason === 'contributions_unpaid');
    assert.deepEqual([check.value, check.passed], ['2020-04', false]);
  });

  test('an employer contests; the filer cannot decide; a branch officer upholds; both steps audited', async () => {
    const filed = await post('hr', `/api/subsidy/runs/${runId}/appeals`, {
      participant_id: worker,
      grounds: 'Iuran Mei dan Juni 2020 dibayar terlambat pada Juli 2020; bukti transfer terlampir.',
    });
    assert.equal(filed.statusCode, 201, filed.body);
    const appeal = filed.json().appeal;
    assert.equal(appeal.filed_by_kind, 'employer');
    assert.equal(
      (
        await post('hr', `/api/subsidy/appeals/${appeal.id}/decision`, {
          decision: 'upheld',
          note: 'mencoba memutus sendiri',
        })
      ).statusCode,
      403,
    );
    assert.equal(
      (
        await post('cabang-aceh', `/api/subsidy/appeals/${appeal.id}/decision`, {
          decision: 'upheld',
          note: 'bukan wilayah saya',
        })
      ).statusCode,
      404,
    );
    const evidence = (await get('cabang', `/api/subsidy/appeals/${appeal.id}`)).json();
    assert.equal(evidence.decision.evidence.paid_through, '2020-04');
    const decided = await post('cabang', `/api/subsidy/appeals/${appeal.id}/decision`, {
      decision: 'upheld',
      note: 'Bukti bayar Juni 2020 diterima kantor cabang.',
    });
    assert.equal(decided.statusCode, 200, decided.body);
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'actor', 'before', 'after'])
      .where('entity', '=', 'subsidy_appeal')
      .where('entity_id', '=', String(appeal.id))
      .orderBy('id')
      .execute();
    assert.deepEqual(
      audit.map((a) => `${a.action}:${a.actor}`),
      ['file:hr', 'decide_upheld:cabang'],
    );
    assert.equal((audit[1]!.before as { status: string }).status, 'open');
    assert.equal((audit[1]!.after as { status: string }).status, 'upheld');
    // The decision row stays as it was; the override shows as effective eligibility.
    const row = await t.db
      .selectFrom('subsidy_decisions')
      .select(['eligible', 'reasons'])
      .where('run_id', '=', runId)
      .where('participant_id', '=', worker)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { eligible: false, reasons: ['contributions_unpaid'] });
    const d = (await get('pusat', `/api/subsidy/runs/${runId}/decisions/${worker}`)).json();
    assert.deepEqual([d.decision.eligible, d.decision.effective_eligible], [false, true]);
  });

  test('an officer who recorded an appeal cannot decide it; another officer rejects it', async () => {
    const filed = (
      await post('pusat', `/api/subsidy/runs/${runId}/appeals`, {
        participant_id: other,
        grounds: 'Peserta menyatakan sudah membayar iuran.',
      })
    ).json().appeal;
    assert.equal(filed.filed_by_kind, 'participant');
    assert.equal(
      (
        await post('pusat', `/api/subsidy/appeals/${filed.id}/decision`, {
          decision: 'upheld',
          note: 'diputus oleh pengaju',
        })
      ).statusCode,
      403,
    );
    const r = await post('pusat2', `/api/subsidy/appeals/${filed.id}/decision`, {
      decision: 'rejected',
      note: 'Tidak ada catatan pembayaran iuran sama sekali.',
    });
    assert.equal(r.json().appeal.status, 'rejected');
    assert.equal(
      (
        await post('cabang', `/api/subsidy/runs/${runId}/appeals`, {
          participant_id: worker,
          grounds: 'sanggahan kedua untuk orang yang sama',
        })
      ).statusCode,
      409,
    );
  });

  test('the upheld person is batched and the totals tie out; auditors read but cannot batch', async () => {
    assert.equal((await post('audit', `/api/subsidy/runs/${runId}/batches`, { tranche: 1 })).statusCode, 403);
    const b = await post('pusat', `/api/subsidy/runs/${runId}/batches`, { tranche: 1 });
    assert.equal(b.statusCode, 201, b.body);
    assert.equal(b.json().people, 2);
    const tie = (await get('audit', `/api/subsidy/runs/${runId}/tieout`)).json();
    assert.equal(tie.ok, true);
    assert.deepEqual([tie.screened, tie.eligible, tie.excluded, tie.appeals_upheld], [4, 2, 2, 1]);
    const file = await get('pusat', `/api/subsidy/batches/${b.json().batches[0].id}/file`);
    assert.match(file.body, /^H,1,UJI-BSU,/);
    assert.equal((await get('audit', `/api/subsidy/batches/${b.json().batches[0].id}/file`)).statusCode, 403);
  });
});
