import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { clock, partnerIdOf, person } from '../../../test/kits/partnerships.ts';
import { SYSTEM } from '../access/policy.ts';
import { runBilling } from '../contributions/billing.ts';
import { createAgreement, createPartner } from './actions.ts';
import { attributeMembers } from './members.ts';
import { addBudgetTopup, budgetStatus, setBudgetYear, sponsorInvoice } from './sponsor.ts';

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
      await createPartner(
        t.db,
        { name: 'Desa Uji (dana desa)', acronym: 'DESA-UJI', type: 'village', region_code: '19.71.01.1004' },
        SYSTEM,
      )
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
    // Not a resident of the village: the village fund may not pay for them (attributed, not sponsored).
    const outsider = await person(t.db, { vulnerable: true, village: '19.71.01.1006' });
    who.outsider = outsider.id;
    await attr(half, outsider.id);
    await runBilling(t.handle, { period: PERIOD });
  });
  after(() => t.close());

  test('an APBD sponsor pays only its programs, without the PP 50/2025 discount; the member pays JHT', async () => {
    assert.deepEqual(await lines('sponsor', babel), [`${who.apbd}:JKK=10000`, `${who.apbd}:JKM=6800`].sort());
    assert.deepEqual(await lines('participant', who.apbd!), [`${who.apbd}:JHT=20000`]);
  });

  test('a zakat sponsor is not budget-funded: its members keep the discount', async () => {
    assert.deepEqual(
      await lines('sponsor', baznas),
      [
        ...[`${who.shared}:JKK=4000`, `${who.shared}:JKM=2720`],
        ...[`${who.zakat}:JKK=5000`, `${who.zakat}:JKM=3400`],
      ].sort(),
    );
    assert.deepEqual(await lines('participant', who.zakat!), [`${who.zakat}:JHT=20000`]);
  });

  test('two sponsors share a program; one is a village fund, so nobody gets the discount on it', async () => {
    // Village fund (APBDes, public money) 60% + zakat 40% of the undiscounted 10,000 and 6,800.
    assert.deepEqual(
      await lines('sponsor', desa),
      [`${who.shared}:JKK=6000`, `${who.shared}:JKM=4080`].sort(),
    );
    assert.deepEqual(await lines('participant', who.shared!), [`${who.shared}:JHT=20000`]);
  });

  test('a village fund pays only for vulnerable residents of its own village', async () => {
    const s = await sql<{
      n: number;
    }>`select count(*)::int as n from sponsorships where participant_id = ${who.outsider}`.execute(t.db);
    assert.equal(s.rows[0]!.n, 0);
    // The outsider pays their own (discounted, not budget-funded) month.
    assert.deepEqual(await lines('participant', who.outsider!), [
      `${who.outsider}:JKK=5000`,
      `${who.outsider}:JKM=3400`,
    ]);
  });
});

describe('sponsor budget years: ceilings, top-ups, carry-over, runway notice, the sponsor invoice', () => {
  let t: TestDb;
  let babel: number;
  let apbd: number;
  let zakat: number;
  let baznas: number;
  const p: number[] = [];

  before(async () => {
    t = await createTestDb();
    babel = await partnerIdOf(t.db, 'Pemprov Babel');
    baznas = (
      await createPartner(t.db, { name: 'Badan Amil Zakat Uji', acronym: 'BAZ-UJI', type: 'zakat' }, SYSTEM)
    ).id;
    const mk = async (n: string, partner: number) =>
      (
        await createAgreement(
          t.db,
          {
            number: `PKS/UJI/${n}`,
            kind: 'pks',
            title: n,
            partner_id: partner,
            starts_on: '2026-01-01',
            ends_on: '2027-12-31',
            payer: 'sponsor',
            sponsor_shares: { JKK: 100, JKM: 100 },
            segments: ['BPU'],
            state: 'active',
          },
          SYSTEM,
        )
      ).id;
    apbd = await mk('APBD-YEARS', babel);
    zakat = await mk('ZAKAT-YEARS', baznas);
    for (let i = 0; i < 3; i++) p.push((await person(t.db, { vulnerable: true })).id);
    for (const [a, id, on] of [
      [apbd, p[0]!, '2026-01-10'],
      [apbd, p[1]!, '2026-01-11'],
      [zakat, p[2]!, '2026-01-10'],
    ] as const)
      await attributeMembers(t.db, a, { via: 'officer', participantIds: [id], on }, SYSTEM, clock);
    // APBD 2026: Rp60,000 + a Rp40,000 top-up (APBD-P) = Rp100,000; two people at Rp16,800 = Rp33,600 a month.
    await setBudgetYear(t.db, apbd, { year: 2026, ceiling: 60_000, reference: 'DPA 2026' }, SYSTEM);
    await addBudgetTopup(t.db, apbd, { year: 2026, amount: 40_000, decided_on: '2026-04-01' }, SYSTEM);
    // Zakat 2026: Rp30,000, what is left carried over into 2027's Rp12,000.
    await setBudgetYear(t.db, zakat, { year: 2026, ceiling: 30_000, carry_over: true }, SYSTEM);
    await setBudgetYear(t.db, zakat, { year: 2027, ceiling: 12_000 }, SYSTEM);
    for (const period of ['2026-05', '2026-06', '2026-07', '2027-01']) await runBilling(t.handle, { period });
  });
  after(() => t.close());

  const decisions = async (period: string) =>
    (
      await sql<{ k: string }>`select participant_id || ':' || status as k from sponsorship_decisions
        where period = ${period} order by participant_id`.execute(t.db)
    ).rows.map((r) => r.k);

  test('the year ceiling plus its top-up pays two people for May and June, one of them in July', async () => {
    assert.deepEqual(await decisions('2026-06'), [
      `${p[0]}:billable`,
      `${p[1]}:billable`,
      `${p[2]}:billable`,
    ]);
    // 33,600 × 2 used; 67,200 + 16,800 = 84,000 fits Rp100,000, the second person (100,800) does not.
    assert.deepEqual(await decisions('2026-07'), [
      `${p[0]}:billable`,
      `${p[1]}:over_budget`,
      `${p[2]}:billable`,
    ]);
  });

  test('a notice is on file when the money lasts fewer than three more months', async () => {
    const n = await sql<{ period: string; months_left: number; remaining: number }>`
      select period, months_left, remaining::int from sponsor_budget_notices where agreement_id = ${apbd} order by period`.execute(
      t.db,
    );
    // After May: 100,000 − 33,600 = 66,400 → 1 month at 33,600. After June: 32,800 → 0.
    assert.deepEqual(n.rows.slice(0, 2), [
      { period: '2026-05', months_left: 1, remaining: 66_400 },
      { period: '2026-06', months_left: 0, remaining: 32_800 },
    ]);
    const s = await budgetStatus(t.db, { kind: 'all' }, apbd, '2026-07');
    assert.equal(s.available, 100_000);
    assert.equal(s.remaining, 100_000 - 84_000);
    assert.equal(s.monthly_cost, 16_800);
    assert.equal(s.months_left, 0);
  });

  test("carry-over: the zakat fund's unused 2026 money pays January 2027", async () => {
    // 2026: May–July at the discounted 8,400 = 25,200 of 30,000: 4,800 left.
    const s = await budgetStatus(t.db, { kind: 'all' }, zakat, '2027-01');
    const y2026 = s.years.find((y) => y.year === 2026)!;
    const y2027 = s.years.find((y) => y.year === 2027)!;
    assert.equal(y2026.remaining, 4_800);
    assert.equal(y2027.carried_in, 4_800);
    // January 2027 (no discount any more) costs 16,800: it fits only with the carried-over money.
    assert.equal(y2027.available, 16_800);
    assert.deepEqual(await decisions('2027-01'), [
      `${p[0]}:over_budget`,
      `${p[1]}:over_budget`,
      `${p[2]}:billable`,
    ]);
  });

  test('one sponsor invoice a month, with its list of covered people; a regional government sees totals only', async () => {
    const full = await sponsorInvoice(t.db, SYSTEM, babel, '2026-07');
    assert.equal(full.people, 1);
    assert.deepEqual(
      full.covered?.map((c) => [c.programs, c.total]),
      [[{ JKK: 10_000, JKM: 6_800 }, 16_800]],
    );
    assert.equal(full.invoice.amount, 16_800);
    const gov = await sponsorInvoice(
      t.db,
      { ...SYSTEM, role: 'regional_government', regionCodes: ['19'] },
      babel,
      '2026-05',
    );
    assert.equal(gov.covered, null);
    assert.deepEqual(gov.programs, [
      { program: 'JKK', people: 2, amount: 20_000 },
      { program: 'JKM', people: 2, amount: 13_600 },
    ]);
  });
});
