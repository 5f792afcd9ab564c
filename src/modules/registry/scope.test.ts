import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { testApp } from '../../../test/app.ts';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { makeEmployer, makeNik } from '../../../test/factories.ts';
import { makeActor } from '../../../test/kits/contributions.ts';
import { fixedClock } from '../../platform/clock.ts';
import { registerParticipant } from '../workers/actions.ts';

// Issue 12: scopes applied where the rows are read, not after a limit, and accounts that reach no rows.
describe('registry scopes (issue 12)', () => {
  let t: TestDb;
  let h: Awaited<ReturnType<typeof testApp>>;
  let here: { id: number; npp: string };
  let elsewhere: { id: number; npp: string };

  before(async () => {
    t = await createTestDb();
    h = await testApp(t);
    here = await makeEmployer(t.db, { village_code: '32.73.05.1001' });
    elsewhere = await makeEmployer(t.db, { village_code: '19.71.01.1004' });
    await h.user('cabang', 'branch_officer', { region_codes: ['32'] });
    await h.user('cabang19', 'branch_officer', { region_codes: ['19'] });
    await h.user('auditor', 'auditor');
  });
  after(() => t.close());

  test("a branch officer's wage-report list has its region's reports, however many newer ones are elsewhere", async () => {
    const report = (employerId: number, n: number) =>
      sql`insert into wage_reports (employer_id, period, file_name, file_sha256, status, created_by)
          select ${employerId}, '2026-10', 'upah-' || g || '.csv', md5(${employerId}::text || '-' || g), 'done', 'uji'
          from generate_series(1, ${n}) g`.execute(t.db);
    await report(here.id, 1);
    // 120 newer reports of an employer in another province: the list's limit is 100.
    await report(elsewhere.id, 120);
    const list = async (who: string) => {
      const res = await h.app.inject({ url: '/api/registry/wage-reports', headers: h.as(who) });
      assert.equal(res.statusCode, 200, res.body);
      return res.json().items as Array<{ employer_id: number }>;
    };
    const mine = await list('cabang');
    assert.deepEqual(
      mine.map((r) => Number(r.employer_id)),
      [here.id],
    );
    const theirs = await list('cabang19');
    assert.equal(theirs.length, 100);
    assert.ok(theirs.every((r) => Number(r.employer_id) === elsewhere.id));
    assert.equal((await list('auditor')).length, 100);
  });

  test('an account whose scope reaches no rows registers nobody', async () => {
    const clock = fixedClock('2026-11-21T09:00:00Z');
    // A partner user not linked to any partner: its scope is none.
    const orphan = await makeActor(t.db, 'mitra-tanpa-mitra', 'partner');
    const nik = makeNik('32.73.05', '1990-03-04', 'F', 71);
    await assert.rejects(
      registerParticipant(
        t.db,
        {
          nik,
          full_name: 'Tanpa Lingkup',
          birth_date: '1990-03-04',
          sex: 'F',
          village_code: '32.73.05.1001',
          segment: 'BPU',
          wage: 2_500_000,
        },
        orphan,
        clock,
      ),
      { status: 403 },
    );
    const n = await t.db.selectFrom('participants').select('id').where('nik', '=', nik).execute();
    assert.equal(n.length, 0);
  });
});
