import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testApp } from '../../../test/app.ts';
import { createTestDb, type TestDb } from '../../../test/db.ts';

/** The region picker's options (issue 14): children, search by name with the parents' names, own regions. */
describe('GET /api/regions/options', () => {
  let t: TestDb;
  let a: Awaited<ReturnType<typeof testApp>>;
  before(async () => {
    t = await createTestDb();
    a = await testApp(t);
    await a.user('pusat', 'admin');
    await a.user('cabang-bdg', 'branch_officer', { region_codes: ['32.73'] });
    await t.db
      .insertInto('branch_offices')
      .values([
        { code: 'BDG', name: 'Bandung', province_code: '32', regency_code: '32.73' },
        { code: 'BNA', name: 'Banda Aceh', province_code: '11', regency_code: '11.71' },
      ])
      .execute();
  });
  after(() => t.close());

  const get = async (who: string, qs: string) => {
    const r = await a.app.inject({ url: `/api/regions/options?${qs}`, headers: a.as(who) });
    assert.equal(r.statusCode, 200, r.body);
    return r.json().items as Array<{ code: string; name: string; level: number; path: string }>;
  };

  test('the provinces, then a regency’s districts', async () => {
    const provinces = await get('pusat', '');
    assert.equal(provinces.length, 38);
    assert.ok(provinces.every((p) => p.level === 1));
    const districts = await get('pusat', 'parent=32.73');
    assert.ok(districts.some((d) => d.code === '32.73.05'));
    assert.ok(districts.every((d) => d.code.startsWith('32.73.') && d.level === 3));
    assert.match(districts[0]!.path, /Jawa Barat › Kota Bandung/i);
  });

  test('a village searched by name carries its district, regency and province', async () => {
    const hits = await get('pusat', 'q=pasirkaliki&level=4');
    assert.ok(hits.length > 0);
    assert.ok(hits.every((h) => h.level === 4 && /pasirkaliki/i.test(h.name)));
    const bdg = hits.find((h) => h.code.startsWith('32.73.'));
    assert.ok(bdg, JSON.stringify(hits));
    assert.equal(bdg.path.split(' › ').length, 3);
  });

  test('mine=true offers a branch officer its own regions only, and the way down to them', async () => {
    const provinces = await get('cabang-bdg', 'mine=true');
    assert.deepEqual(
      provinces.map((p) => p.code),
      ['32'],
    );
    const regencies = await get('cabang-bdg', 'mine=true&parent=32');
    assert.deepEqual(
      regencies.map((p) => p.code),
      ['32.73'],
    );
    const outside = await get('cabang-bdg', 'mine=true&q=pasirkaliki&level=4');
    assert.ok(outside.length > 0 && outside.every((h) => h.code.startsWith('32.73.')));
    // Without mine=true the picker may show any region (regions are public reference data).
    assert.ok((await get('cabang-bdg', 'parent=32')).length > 20);
  });

  test('branch offices: a branch officer is offered its own', async () => {
    const all = await a.app.inject({ url: '/api/branch-offices', headers: a.as('pusat') });
    const mine = await a.app.inject({ url: '/api/branch-offices', headers: a.as('cabang-bdg') });
    assert.equal(all.statusCode, 200);
    const names = (r: typeof all) => (r.json().items as Array<{ name: string }>).map((b) => b.name);
    assert.deepEqual(names(all), ['Banda Aceh', 'Bandung']);
    assert.deepEqual(names(mine), ['Bandung']);
  });
});
