import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { testApp } from '../../../test/app.ts';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { makeActor } from '../../../test/kits/contributions.ts';
import { clock, person } from '../../../test/kits/partnerships.ts';
import { SYSTEM } from '../access/policy.ts';
import { createAgreement, createPartner } from '../partnerships/actions.ts';
import { attributeMembers } from '../partnerships/members.ts';
import { assignVillage, registerAgent } from './agents.ts';

const VILLAGE = '19.71.01.1004';
const OTHER = '19.71.01.1006';

describe('village page and ranking', () => {
  let t: TestDb;
  let api: Awaited<ReturnType<typeof testApp>>;
  before(async () => {
    t = await createTestDb();
    api = await testApp(t);
    await api.user('cabang', 'branch_officer', { region_codes: ['19.71'] });
    await api.user('pemprov', 'regional_government', { region_codes: ['19'] });
    await api.user('cabang-jkt', 'branch_officer', { region_codes: ['31'] });
    const desa = await createPartner(
      t.db,
      { name: 'Pemerintah Desa Semabung Lama', acronym: 'DESA-SL', type: 'village', region_code: VILLAGE },
      SYSTEM,
    );
    const a = await createAgreement(
      t.db,
      {
        number: 'PKS/DESA/SL/2026',
        kind: 'pks',
        title: 'Dana desa untuk pekerja rentan',
        partner_id: desa.id,
        starts_on: '2026-01-01',
        payer: 'sponsor',
        sponsor_shares: { JKK: 100, JKM: 100 },
        state: 'active',
      },
      SYSTEM,
    );
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) ids.push((await person(t.db, { vulnerable: true, village: VILLAGE })).id);
    ids.push((await person(t.db, { vulnerable: true, village: OTHER })).id);
    await attributeMembers(
      t.db,
      a.id,
      { via: 'officer', participantIds: ids, on: '2026-02-01' },
      SYSTEM,
      clock,
    );
    await sql`insert into village_workforce (village_code, year, workforce, source_url) values (${VILLAGE}, 2025, 300, 'https://example.org/prodeskel')`.execute(
      t.db,
    );
    const officer = await makeActor(t.db, 'cabang-x', 'branch_officer', { region_codes: ['19.71'] });
    const ag = await registerAgent(
      t.db,
      {
        code: 'AGN-SL-01',
        full_name: 'Agen Desa',
        nik: '1971015705900002',
        phone: '0812',
        region_code: '19.71',
        registered_on: '2026-01-01',
      },
      officer,
    );
    await assignVillage(t.db, ag.id, { village_code: VILLAGE, from_date: '2026-01-01' }, officer);
  });
  after(() => t.close());

  test('the village page: coverage against the known workforce, the village fund, agents', async () => {
    const r = await api.app.inject({
      url: `/api/villages/${VILLAGE}?period=2026-03`,
      headers: api.as('cabang'),
    });
    assert.equal(r.statusCode, 200, r.body);
    const v = r.json();
    assert.equal(v.coverage.active, 3);
    assert.equal(v.coverage.coverage_pct, 1);
    // The village fund pays for its three residents, not for the one from the next village.
    assert.equal(v.village_fund.sponsored_people, 3);
    assert.deepEqual(
      v.village_fund.agreements.map((a: { people: number }) => a.people),
      [3],
    );
    assert.deepEqual(
      v.agents.map((a: { code: string }) => a.code),
      ['AGN-SL-01'],
    );
  });

  test('a regional government sees small counts suppressed and no agent names; another region is refused', async () => {
    const gov = (
      await api.app.inject({ url: `/api/villages/${VILLAGE}?period=2026-03`, headers: api.as('pemprov') })
    ).json();
    assert.equal(gov.agents, null);
    assert.equal(gov.agents_count, 1);
    assert.equal(gov.coverage.active, null);
    const jkt = await api.app.inject({ url: `/api/villages/${VILLAGE}`, headers: api.as('cabang-jkt') });
    assert.equal(jkt.statusCode, 403);
  });

  test('villages ranked within the regency: known coverage first, then active members', async () => {
    const r = (
      await api.app.inject({ url: '/api/regencies/19.71/villages?period=2026-03', headers: api.as('cabang') })
    ).json();
    assert.equal(r.rows[0].code, VILLAGE);
    assert.equal(r.rows[0].rank, 1);
    assert.equal(r.rows[1].code, OTHER);
    assert.equal(r.rows[1].active, 1);
    assert.equal(r.rows[1].coverage_pct, null);
  });
});
