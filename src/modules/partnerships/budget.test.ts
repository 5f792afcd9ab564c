import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { clock, partnerIdOf, person } from '../../../test/kits/partnerships.ts';
import { SYSTEM } from '../access/policy.ts';
import { createAgreement } from './actions.ts';
import { budgetDecisions, decideSponsorships } from './budget.ts';
import { attributeMembers } from './members.ts';
import { agreementMembers } from './queries.ts';

// A budget-funded BPU on the minimum income base: JKK 1% of Rp1,000,000 + JKM Rp6,800 = Rp16,800 a month
// (no PP 50/2025 discount for APBD-funded participants; billing.test.ts checks the same amount).
const COST = 16_800;

describe('sponsor budget ceiling', () => {
  let t: TestDb;
  let agreementId: number;
  let partnerId: number;
  const p: Array<{ id: number; nik: string }> = [];

  before(async () => {
    t = await createTestDb();
    partnerId = await partnerIdOf(t.db, 'Pemprov Babel');
    // Room for two people this month and a bit: the third in attribution order is left out, and all after it.
    ({ id: agreementId } = await createAgreement(
      t.db,
      {
        number: 'PKS/RENTAN/1',
        kind: 'pks',
        title: 'Iuran pekerja rentan',
        partner_id: partnerId,
        starts_on: '2026-01-01',
        ends_on: '2026-12-31',
        payer: 'sponsor',
        budget_ceiling: 2 * COST + 5_000,
        segments: ['BPU'],
        state: 'active',
      },
      SYSTEM,
    ));
    for (let i = 0; i < 4; i++) p.push(await person(t.db, { vulnerable: true }));
    // Attribution order (not id order) decides who is covered first: p3, p0, p1, p2.
    for (const [k, on] of [
      [3, '2026-01-10'],
      [0, '2026-01-11'],
      [1, '2026-01-12'],
      [2, '2026-01-13'],
    ] as const)
      await attributeMembers(
        t.db,
        agreementId,
        { via: 'officer', participantIds: [p[k]!.id], on },
        SYSTEM,
        clock,
      );
    // A sponsorship outside any agreement is not subject to a ceiling.
    const other = await person(t.db, { vulnerable: true });
    p.push(other);
    await sql`insert into sponsorships (participant_id, partner_id, from_period) values (${other.id}, ${partnerId}, '2026-01')`.execute(
      t.db,
    );
  });
  after(() => t.close());

  const billable = async (period: string) =>
    (
      await sql<{
        participant_id: number;
      }>`select participant_id from billable_sponsorships(${period}) order by participant_id`.execute(t.db)
    ).rows.map((r) => r.participant_id);

  test('attribution under a sponsor agreement creates the sponsorships', async () => {
    const n = await sql<{
      n: number;
    }>`select count(*)::int as n from sponsorships where agreement_id = ${agreementId}`.execute(t.db);
    assert.equal(n.rows[0]!.n, 4);
  });

  test('the ceiling leaves out the people beyond it, in attribution order, and tells them', async () => {
    const r = await decideSponsorships(t.db, '2026-03');
    assert.deepEqual(r, { billable: 2, overBudget: 2 });
    const d = await budgetDecisions(t.db, agreementId, '2026-03');
    const status = Object.fromEntries(d.map((x) => [x.participant_id, [x.status, x.cost, x.notified]]));
    assert.deepEqual(status, {
      [p[3]!.id]: ['billable', COST, false],
      [p[0]!.id]: ['billable', COST, false],
      [p[1]!.id]: ['over_budget', COST, true],
      [p[2]!.id]: ['over_budget', COST, true],
    });
    // What the billing run bills to the sponsor: the two within budget and the sponsorship without a ceiling.
    assert.deepEqual(
      await billable('2026-03'),
      [p[3]!.id, p[0]!.id, p[4]!.id].sort((a, b) => a - b),
    );
    const notice = await t.db
      .selectFrom('sponsorship_notices')
      .selectAll()
      .where('participant_id', '=', p[1]!.id)
      .executeTakeFirstOrThrow();
    assert.match(notice.message_id, /Anggaran .* telah habis/);
    const members = await agreementMembers(t.db, agreementId, sql<boolean>`true`, { page: 1, pageSize: 10 });
    assert.equal(
      members.items.find((m) => m.participant_id === p[1]!.id)?.sponsorship_status,
      'suspended_budget',
    );
    assert.equal(members.items.find((m) => m.participant_id === p[3]!.id)?.sponsorship_status, 'sponsored');
  });

  test('deciding again changes nothing', async () => {
    assert.deepEqual(await decideSponsorships(t.db, '2026-03'), { billable: 2, overBudget: 2 });
    const n = await sql<{ n: number }>`select count(*)::int as n from sponsorship_notices`.execute(t.db);
    assert.equal(n.rows[0]!.n, 2);
  });

  test('money already billed counts against the ceiling in later months', async () => {
    // The sponsor's March invoice as the billing run writes it: a line per billable person and program.
    const inv = await sql<{
      id: number;
    }>`insert into invoices (period, payer_kind, payer_id, due_date, amount)
      values ('2026-03', 'sponsor', ${partnerId}, '2026-04-15', ${2 * COST}) returning id`.execute(t.db);
    for (const who of [p[3]!, p[0]!])
      await sql`insert into contribution_lines (invoice_id, participant_id, program, payer, for_period, base, amount)
        values (${inv.rows[0]!.id}, ${who.id}, 'JKK', 'participant', '2026-03', 10000, 10000),
               (${inv.rows[0]!.id}, ${who.id}, 'JKM', 'participant', '2026-03', 6800, 6800)`.execute(t.db);
    // 33,600 used of 38,600: nobody fits in April.
    assert.deepEqual(await decideSponsorships(t.db, '2026-04'), { billable: 0, overBudget: 4 });
    assert.deepEqual(await billable('2026-04'), [p[4]!.id]);
  });
});
