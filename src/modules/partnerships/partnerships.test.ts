import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { memberEmployer, memberList, partnerIdOf, person } from '../../../test/kits/partnerships.ts';
import { partnershipsTestApp } from '../../../test/kits/partnerships-app.ts';

/** Multipart body with one CSV file, for inject(). */
function multipart(file: string, fields: Record<string, string> = {}) {
  const boundary = '----lindungtest';
  const parts = Object.entries(fields).map(
    ([k, v]) => `--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
  );
  const body = Buffer.concat([
    Buffer.from(parts.join('')),
    Buffer.from(
      `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="anggota.csv"\r\ncontent-type: text/csv\r\n\r\n`,
    ),
    fs.readFileSync(file),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload: body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('partnerships through the API', () => {
  let t: TestDb;
  let h: Awaited<ReturnType<typeof partnershipsTestApp>>;
  const ids: Record<string, number> = {};
  const niks: Record<string, string> = {};

  before(async () => {
    t = await createTestDb();
    h = await partnershipsTestApp(t);
    const aspekti = await partnerIdOf(t.db, 'ASPEKTI');
    const akida = await partnerIdOf(t.db, 'AKIDA');
    const babel = await partnerIdOf(t.db, 'Pemprov Babel');
    Object.assign(ids, { aspekti, akida, babel });
    const e1 = await memberEmployer(t.db, [aspekti]);
    const e2 = await memberEmployer(t.db, [akida]);
    niks.a1 = (await person(t.db, { segment: 'PU', employerNpp: e1.npp, district: '32.73.05' })).nik;
    niks.a2 = (await person(t.db, { segment: 'PU', employerNpp: e1.npp, district: '32.73.05' })).nik;
    niks.k1 = (await person(t.db, { segment: 'PU', employerNpp: e2.npp, district: '32.73.05' })).nik;
    await h.user('admin', 'admin');
    await h.user('aspekti', 'partner', { partner_id: aspekti });
    await h.user('akida', 'partner', { partner_id: akida });
    await h.user('pemda', 'regional_government', { region_codes: ['19'] });
    await h.user('audit', 'auditor');
    const create = async (number: string, partner_id: number, extra: object = {}) => {
      const r = await h.app.inject({
        method: 'POST',
        url: '/api/agreements',
        headers: h.as('admin'),
        payload: {
          number,
          kind: 'pks',
          title: `PKS ${number}`,
          partner_id,
          starts_on: '2026-01-10',
          ends_on: '2028-01-09',
          target_people: 12,
          target_by: '2026-12-31',
          state: 'active',
          ...extra,
        },
      });
      assert.equal(r.statusCode, 201, r.body);
      return r.json().id as number;
    };
    ids.pksAspekti = await create('PKS/1/ASPEKTI', aspekti);
    ids.pksAkida = await create('PKS/2/AKIDA', akida);
    ids.mouBabel = await create('MOU/3/BABEL', babel, {
      kind: 'mou',
      region_codes: ['19'],
      payer: 'sponsor',
      budget_ceiling: 1_000_000,
    });
    for (const [agreement, npp] of [
      [ids.pksAspekti, e1.npp],
      [ids.pksAkida, e2.npp],
    ] as const) {
      const r = await h.app.inject({
        method: 'POST',
        url: `/api/agreements/${agreement}/members`,
        headers: h.as('admin'),
        payload: { employer_npps: [npp], on: '2026-02-01' },
      });
      assert.equal(r.statusCode, 201, r.body);
    }
  });
  after(() => t.close());

  const get = (who: string, url: string) => h.app.inject({ url, headers: h.as(who) });

  test("a partner sees its agreement's progress against target, and only its own agreements", async () => {
    const list = (await get('aspekti', '/api/agreements')).json();
    assert.deepEqual(
      list.items.map((a: { number: string }) => a.number),
      ['PKS/1/ASPEKTI'],
    );
    const one = await get('aspekti', `/api/agreements/${ids.pksAspekti}`);
    assert.equal(one.statusCode, 200, one.body);
    const r = one.json().results;
    // Jan–Nov 2026 of a Jan–Dec window: 11 of 12 months → ceil(12 × 11/12) = 11 expected; 2 registered.
    assert.equal(r.registered, 2);
    assert.equal(r.active, 2);
    assert.equal(r.pace.expectedByNow, 11);
    assert.equal(r.pace.gapToTarget, 10);
    assert.equal(r.pace.gapToPace, 9);
    assert.equal(r.pace.neededPerMonth, 10);
    assert.equal(one.json().series.at(-1).registered, 2);
    assert.equal((await get('aspekti', `/api/agreements/${ids.pksAkida}`)).statusCode, 404);
    const partners = (await get('aspekti', '/api/partners')).json().items;
    assert.deepEqual(
      partners.map((p: { acronym: string }) => p.acronym),
      ['ASPEKTI'],
    );
  });

  test("other partners' members stay invisible", async () => {
    const mine = (await get('aspekti', `/api/agreements/${ids.pksAspekti}/members`)).json();
    assert.deepEqual(mine.items.map((m: { nik: string }) => m.nik).sort(), [niks.a1, niks.a2].sort());
    assert.equal((await get('aspekti', `/api/agreements/${ids.pksAkida}/members`)).statusCode, 404);
    const theirs = (await get('akida', `/api/agreements/${ids.pksAkida}/members`)).json();
    assert.deepEqual(
      theirs.items.map((m: { nik: string }) => m.nik),
      [niks.k1],
    );
    const convRes = await get('aspekti', '/api/outreach/conversion?by=agreement');
    assert.equal(convRes.statusCode, 200, convRes.body);
    const conv = convRes.json();
    assert.deepEqual(
      conv.rows.map((x: { label: string }) => x.label),
      ['PKS/1/ASPEKTI'],
    );
    assert.equal((await get('aspekti', '/api/fraud-flags')).statusCode, 403);
  });

  test('partners and auditors cannot manage agreements; regional governments see aggregates of their region', async () => {
    const body = {
      number: 'PKS/X',
      kind: 'pks',
      title: 'PKS X',
      partner_id: ids.aspekti,
      starts_on: '2026-01-01',
    };
    for (const who of ['aspekti', 'audit', 'pemda'])
      assert.equal(
        (await h.app.inject({ method: 'POST', url: '/api/agreements', headers: h.as(who), payload: body }))
          .statusCode,
        403,
      );
    const pemda = (await get('pemda', '/api/agreements')).json();
    assert.deepEqual(
      pemda.items.map((a: { number: string }) => a.number),
      ['MOU/3/BABEL'],
    );
    assert.equal((await get('pemda', `/api/agreements/${ids.mouBabel}/members`)).statusCode, 403);
    assert.equal((await get('audit', '/api/agreements')).json().items.length, 3);
  });

  test('a partner imports its member list under its agreement; the people are attributed and only it sees them', async () => {
    const list = memberList('aspekti.csv', [7001, 7002, 7003]);
    const up = multipart(list.file);
    const r = await h.app.inject({
      method: 'POST',
      url: `/api/agreements/${ids.pksAspekti}/imports`,
      headers: { ...h.as('aspekti'), ...up.headers },
      payload: up.payload,
    });
    assert.equal(r.statusCode, 201, r.body);
    assert.equal(r.json().accepted, 3);
    assert.equal(r.json().attributed, 3);
    const mine = (await get('aspekti', `/api/agreements/${ids.pksAspekti}/members?pageSize=10`)).json();
    assert.equal(mine.total, 5);
    for (const nik of list.niks) assert.ok(mine.items.some((m: { nik: string }) => m.nik === nik));
    const up2 = multipart(list.file);
    const other = await h.app.inject({
      method: 'POST',
      url: `/api/agreements/${ids.pksAspekti}/imports`,
      headers: { ...h.as('akida'), ...up2.headers },
      payload: up2.payload,
    });
    assert.equal(other.statusCode, 404);
    const theirs = (await get('akida', `/api/agreements/${ids.pksAkida}/members`)).json();
    assert.equal(theirs.total, 1);
  });

  test('alerts list agreements ending within 90 days; terminate and renew are explicit actions', async () => {
    const soon = await h.app.inject({
      method: 'POST',
      url: '/api/agreements',
      headers: h.as('admin'),
      payload: {
        number: 'PKS/4/AKIDA-LAMA',
        kind: 'pks',
        title: 'PKS lama',
        partner_id: ids.akida,
        starts_on: '2024-01-01',
        ends_on: '2027-01-15',
        state: 'active',
      },
    });
    const id = soon.json().id as number;
    const alerts = (await get('admin', '/api/agreements/alerts')).json().items;
    assert.deepEqual(
      alerts.map((a: { number: string; status: string; days_left: number }) => [
        a.number,
        a.status,
        a.days_left,
      ]),
      [['PKS/4/AKIDA-LAMA', 'expiring', 55]],
    );
    const renew = await h.app.inject({
      method: 'POST',
      url: `/api/agreements/${id}/renew`,
      headers: h.as('admin'),
      payload: { number: 'PKS/4/AKIDA-BARU', starts_on: '2027-01-16', ends_on: '2030-01-15' },
    });
    assert.equal(renew.statusCode, 201, renew.body);
    const old = (await get('admin', `/api/agreements/${id}`)).json();
    assert.equal(old.agreement.status, 'renewed');
    assert.deepEqual(
      old.related.map((r: { number: string; relation: string }) => [r.number, r.relation]),
      [['PKS/4/AKIDA-BARU', 'renewal']],
    );
    const term = await h.app.inject({
      method: 'POST',
      url: `/api/agreements/${ids.pksAkida}/terminate`,
      headers: h.as('admin'),
      payload: { on: '2026-11-01', reason: 'Asosiasi mengundurkan diri' },
    });
    assert.equal(term.json().agreement.status, 'terminated');
    assert.equal((await get('admin', '/api/agreements/alerts')).json().items.length, 0);
  });
});
