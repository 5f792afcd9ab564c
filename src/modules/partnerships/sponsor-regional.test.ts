/**
 * Issue 12: a regional government funds only its own sponsorships. Seeing a sponsor agreement (its region
 * overlaps the government's) is not enough to set its budget: the Kabupaten Bangka government (19.01) sees
 * the Bangka Belitung province's APBD agreement (19) but may not set the province's budget year, and the
 * province may not set the regency's. Before, any regional government that saw the agreement of any
 * regional-government partner could.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { testApp } from '../../../test/app.ts';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { partnerIdOf } from '../../../test/kits/partnerships.ts';
import { SYSTEM } from '../access/policy.ts';
import { createAgreement } from './actions.ts';

describe('a regional government sets the budget of its own APBD agreements only', () => {
  let t: TestDb;
  let h: Awaited<ReturnType<typeof testApp>>;
  let province: number;
  let regency: number;

  const apbd = async (partnerId: number, number: string, region: string) =>
    (
      await createAgreement(
        t.db,
        {
          number,
          kind: 'pks',
          title: `Iuran pekerja rentan dari APBD ${number}`,
          partner_id: partnerId,
          starts_on: '2026-01-01',
          ends_on: '2026-12-31',
          segments: ['BPU'],
          programs: ['JKK', 'JKM'],
          region_codes: [region],
          payer: 'sponsor',
          sponsor_shares: { JKK: 100, JKM: 100 },
          state: 'active',
        },
        SYSTEM,
      )
    ).id;

  before(async () => {
    t = await createTestDb();
    h = await testApp(t);
    const babel = await partnerIdOf(t.db, 'Pemprov Babel');
    const bangka = (
      await sql<{ id: number }>`insert into partners (name, type, region_code)
        values ('Pemerintah Kabupaten Bangka (uji)', 'regional_government', '19.01') returning id`.execute(
        t.db,
      )
    ).rows[0]!.id;
    province = await apbd(babel, 'PKS/BABEL/APBD/2026', '19');
    regency = await apbd(bangka, 'PKS/BANGKA/APBD/2026', '19.01');
    await h.user('pemprov', 'regional_government', { region_codes: ['19'] });
    await h.user('pemkab', 'regional_government', { region_codes: ['19.01'] });
    await h.user('pemprov-jabar', 'regional_government', { region_codes: ['32'] });
  });
  after(() => t.close());

  const setYear = (who: string, agreementId: number) =>
    h.app.inject({
      method: 'PUT',
      url: `/api/agreements/${agreementId}/budget-years/2026`,
      headers: h.as(who),
      payload: { ceiling: 100_000_000, reference: `DPA ${who}` },
    });
  const topUp = (who: string, agreementId: number) =>
    h.app.inject({
      method: 'POST',
      url: `/api/agreements/${agreementId}/budget-topups`,
      headers: h.as(who),
      payload: { year: 2026, amount: 5_000_000, decided_on: '2026-09-01', reference: `APBD-P ${who}` },
    });
  const years = async (agreementId: number) =>
    (
      await sql<{ reference: string }>`select reference from sponsor_budget_years
        where agreement_id = ${agreementId}`.execute(t.db)
    ).rows.map((r) => r.reference);

  test('each government sets and tops up its own agreement', async () => {
    const own = await setYear('pemprov', province);
    assert.equal(own.statusCode, 200, own.body);
    assert.equal((await topUp('pemprov', province)).statusCode, 201);
    const bangka = await setYear('pemkab', regency);
    assert.equal(bangka.statusCode, 200, bangka.body);
    assert.equal((await topUp('pemkab', regency)).statusCode, 201);
  });

  test('the regency sees the province’s agreement but may not fund it, nor the province the regency’s', async () => {
    // Both see the other's agreement: its region overlaps theirs (that is what the refusal must not rely on).
    const seen = await h.app.inject({
      url: `/api/agreements/${province}/budget-status?period=2026-05`,
      headers: h.as('pemkab'),
    });
    assert.equal(seen.statusCode, 200, seen.body);
    const r1 = await setYear('pemkab', province);
    assert.equal(r1.statusCode, 403, r1.body);
    assert.equal((await topUp('pemkab', province)).statusCode, 403);
    const r2 = await setYear('pemprov', regency);
    assert.equal(r2.statusCode, 403, r2.body);
    assert.equal((await topUp('pemprov', regency)).statusCode, 403);
    // Nothing was changed by the refused calls.
    assert.deepEqual(await years(province), ['DPA pemprov']);
    assert.deepEqual(await years(regency), ['DPA pemkab']);
  });

  test('a government of another province does not even see the agreement', async () => {
    assert.equal((await setYear('pemprov-jabar', province)).statusCode, 404);
    assert.equal((await topUp('pemprov-jabar', province)).statusCode, 404);
  });
});
