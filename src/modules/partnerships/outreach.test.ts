import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { partnerIdOf, person } from '../../../test/kits/partnerships.ts';
import { partnershipsTestApp } from '../../../test/kits/partnerships-app.ts';

/** Referral codes, campaigns and visits through the API, and conversion registered → paying. */
describe('outreach and referrals', () => {
  let t: TestDb;
  let h: Awaited<ReturnType<typeof partnershipsTestApp>>;
  let agreementId: number;
  const p: Array<{ id: number; nik: string }> = [];
  const post = (who: string, url: string, payload: object) =>
    h.app.inject({ method: 'POST', url, headers: h.as(who), payload });

  before(async () => {
    t = await createTestDb();
    h = await partnershipsTestApp(t);
    await h.user('admin', 'admin');
    await h.user('cabang', 'branch_officer', { region_codes: ['19'] });
    await h.user('abadi', 'partner', { partner_id: await partnerIdOf(t.db, 'ABADI') });
    const r = await post('admin', '/api/agreements', {
      number: 'PKS/OUT/1',
      kind: 'pks',
      title: 'PKS penjangkauan',
      partner_id: await partnerIdOf(t.db, 'ABADI'),
      starts_on: '2026-01-01',
      state: 'active',
    });
    agreementId = r.json().id;
    for (let i = 0; i < 4; i++) p.push(await person(t.db, { status: i === 3 ? 'inactive' : 'active' }));
  });
  after(() => t.close());

  test("a registration quoting a referral code is attributed to the code's agreement and agent", async () => {
    const code = await post('admin', `/api/agreements/${agreementId}/referral-codes`, {
      code: 'ABADI-RUDI',
      agent_name: 'Rudi',
    });
    assert.equal(code.statusCode, 201, code.body);
    // A partner quoting its code for someone outside its scope only asks: a branch officer confirms
    // (docs/decisions/0010-access-policy.md). The officer registering the person attributes directly.
    const asked = await post('abadi', '/api/referrals', { code: 'abadi-rudi', nik: p[0]!.nik });
    assert.deepEqual([asked.statusCode, asked.json().participants, asked.json().requested], [201, 0, 1]);
    const r = await post('cabang', '/api/referrals', { code: 'abadi-rudi', nik: p[0]!.nik });
    assert.equal(r.statusCode, 201, r.body);
    assert.deepEqual([r.json().agreement_id, r.json().participants], [agreementId, 1]);
    const m = await t.db
      .selectFrom('agreement_members')
      .selectAll()
      .where('participant_id', '=', p[0]!.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual([m.via, m.referral_code], ['referral', 'ABADI-RUDI']);
    assert.equal((await post('abadi', '/api/referrals', { code: 'NOPE-1', nik: p[0]!.nik })).statusCode, 404);
  });

  test('campaigns and visits are logged with the registrations that followed; conversion per source', async () => {
    const c = await post('admin', '/api/outreach/campaigns', {
      kind: 'socialisation',
      title: 'Sosialisasi pasar',
      agreement_id: agreementId,
      region_code: '19.71',
      held_on: '2026-01-03',
      reached: 120,
      registered_niks: [p[1]!.nik, p[3]!.nik],
    });
    assert.equal(c.statusCode, 201, c.body);
    const v = await post('cabang', '/api/outreach/visits', {
      region_code: '19.71.01.1004',
      visited_on: '2026-01-04',
      reached: 9,
      agreement_id: agreementId,
      registered_niks: [p[2]!.nik],
    });
    assert.equal(v.statusCode, 201, v.body);
    assert.equal(
      (
        await post('abadi', '/api/outreach/visits', {
          region_code: '19.71',
          visited_on: '2026-01-04',
          reached: 1,
          agent_name: 'X',
        })
      ).statusCode,
      403,
    );
    const log = (await h.app.inject({ url: '/api/outreach', headers: h.as('abadi') })).json().items;
    assert.deepEqual(
      log.map((e: { type: string; registrations: number }) => [e.type, e.registrations]),
      [
        ['visit', 1],
        ['campaign', 2],
      ],
    );
    const conv = async (by: string) =>
      (await h.app.inject({ url: `/api/outreach/conversion?by=${by}`, headers: h.as('admin') })).json().rows;
    // p3 is inactive: 2 registered after the campaign, 1 paying.
    assert.deepEqual(
      (await conv('campaign')).map((r: { registered: number; paying: number; conversion_pct: number }) => [
        r.registered,
        r.paying,
        r.conversion_pct,
      ]),
      [[2, 1, 50]],
    );
    assert.deepEqual(
      (await conv('officer')).map((r: { label: string; registered: number }) => [r.label, r.registered]),
      [['cabang', 1]],
    );
    assert.deepEqual(
      (await conv('agent')).map((r: { label: string; paying: number }) => [r.label, r.paying]),
      [['Rudi', 1]],
    );
    const n = await sql<{
      n: number;
    }>`select count(*)::int as n from audit_log where entity like 'outreach_%'`.execute(t.db);
    assert.equal(n.rows[0]!.n, 2);
  });
});
