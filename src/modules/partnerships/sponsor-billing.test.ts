import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { SYSTEM } from '../access/policy.ts';
import { runBilling } from '../contributions/billing.ts';
import { createAgreement, createPartner } from './actions.ts';
import { attributeMembers } from './members.ts';
import { clock, partnerIdOf, person } from './test-fixtures.ts';

// May 2026 is inside the PP 50/2025 window for non-transport BPU (2026-04-01 .. 2026-12-31, 50% off JKK+JKM).
// A BPU on the minimum income base Rp1,000,000 with JHT: JKK 1% = 10,000, JKM 6,800, JHT 2% = 20,000.
// Discounted (not paid from APBN/APBD): JKK 5,000, JKM 3,400.
const PERIOD = '2026-05';

describe('sponsored billing: per-program shares and the budget-funded flag', () => {
  let t: TestDb;
  let babel: number;
  let baznas: number;
  let desa: number;
  const who: Record<string, number> = {};

  const lines = async (payerKind: string, payerId: number) =>
    (
      await sql<{ k: string }>`
        select l.participant_id || ':' || l.program || '=' || l.amount as k from contribution_lines l
        join invoices i on i.id = l.invoice_id
        where i.payer_kind = ${payerKind} and i.payer_id = ${payerId} and i.period = ${PERIOD}
        order by 1`.execute(t.db)
    ).rows.map((r) => r.k);

  before(async () => {
    t = await createTestDb();
    babel = await partnerIdOf(t.db, 'Pemprov Babel');
    baznas = (
      await createPartner(t.db, { name: 'Badan Amil Zakat Uji', acronym: 'BAZ-UJI', type: 'zakat' }, SYSTEM)
    ).id;
    desa = (
      await createPartner(t.db, { name: 'Desa Uji (dana desa)', acronym: 'DESA-UJI', type: 'village' }, SYSTEM)
    ).id;
    const agreement = async (n: string, partner: number, shares: Record<string, number>) =>
      (
        await createAgreement(
          t.db,
          {
            number: `PKS/UJI/${n}`,
            kind: 'pks',
            title: `Iuran ${n}`,
            partner_id: partner,
            starts_on: '2026-01-01',
            ends_on: '2026-12-31',
            payer: 'sponsor',
            sponsor_shares: shares,
            segments: ['BPU'],
            state: 'active',
          },
          SYSTEM,
        )
      ).id;
    const apbd = await agreement('APBD', babel, { JKK: 100, JKM: 100 });
    const zakat = await agreement('ZAKAT', baznas, { JKK: 100, JKM: 100 });
    const half = await agreement('DESA-60', desa, { JKK: 60, JKM: 60 });
    const zakatHalf = await agreement('ZAKAT-40', baznas, { JKK: 40, JKM: 40 });
    for (const name of ['apbd', 'zakat', 'shared']) {
      const p = await person(t.db, { vulnerable: true });
      await sql`update participants set programs = array['JKK','JKM','JHT'] where id = ${p.id}`.execute(t.db);
      who[name] = p.id;
    }
    const attr = (a: number, id: number) =>
      attributeMembers(t.db, a, { via: 'officer', participantIds: [id], on: '2026-01-10' }, SYSTEM, clock);
    await attr(apbd, who.apbd!);
    await attr(zakat, who.zakat!);
    await attr(half, who.shared!);
    await attr(zakatHalf, who.shared!);
    await runBilling(t.handle, { period: PERIOD });
  });
  after(() => t.close());

  test('an APBD sponsor pays only its programs, without the PP 50/2025 discount; the member pays JHT', async () => {
    assert.deepEqual(await lines('sponsor', babel), [`${who.apbd}:JKK=10000`, `${who.apbd}:JKM=6800`].sort());
    assert.deepEqual(await lines('participant', who.apbd!), [`${who.apbd}:JHT=20000`]);
  });

  test('a zakat sponsor is not budget-funded: its members keep the discount', async () => {
    assert.deepEqual(await lines('sponsor', baznas), [
      ...[`${who.shared}:JKK=4000`, `${who.shared}:JKM=2720`],
      ...[`${who.zakat}:JKK=5000`, `${who.zakat}:JKM=3400`],
    ].sort());
    assert.deepEqual(await lines('participant', who.zakat!), [`${who.zakat}:JHT=20000`]);
  });

  test('two sponsors share a program; one is a village fund, so nobody gets the discount on it', async () => {
    // Village fund (APBDes, public money) 60% + zakat 40% of the undiscounted 10,000 and 6,800.
    assert.deepEqual(await lines('sponsor', desa), [`${who.shared}:JKK=6000`, `${who.shared}:JKM=4080`].sort());
    assert.deepEqual(await lines('participant', who.shared!), [`${who.shared}:JHT=20000`]);
  });
});
