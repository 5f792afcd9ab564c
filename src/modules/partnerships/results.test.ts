import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { clock, partnerIdOf, person, TODAY } from '../../../test/kits/partnerships.ts';
import { SYSTEM } from '../access/policy.ts';
import { createAgreement } from './actions.ts';
import { attributeMembers } from './members.ts';
import { getAgreement } from './queries.ts';
import { agreementResults, agreementSeries } from './results.ts';

/** Registered, active, churned and pace of one agreement, computed by hand. */
describe('agreement results', () => {
  let t: TestDb;
  let id: number;
  const p: number[] = [];

  before(async () => {
    t = await createTestDb();
    ({ id } = await createAgreement(
      t.db,
      {
        number: 'PKS/HASIL',
        kind: 'pks',
        title: 'Hasil',
        state: 'active',
        partner_id: await partnerIdOf(t.db, 'APKLINDO'),
        starts_on: '2026-01-10',
        target_people: 10,
        target_by: '2026-12-31',
      },
      SYSTEM,
    ));
    // p0, p1 active; p2 inactive; p3 active but registered in 2025; p4 attributed in the future (not counted yet).
    p.push(
      (await person(t.db, {})).id,
      (await person(t.db, {})).id,
      (await person(t.db, { status: 'inactive' })).id,
    );
    p.push((await person(t.db, { registeredOn: '2025-01-05' })).id, (await person(t.db, {})).id);
    for (const [k, on] of [
      [0, '2026-02-01'],
      [1, '2026-02-01'],
      [2, '2026-03-01'],
      [3, '2026-02-01'],
      [4, '2026-12-01'],
    ] as const)
      await attributeMembers(t.db, id, { via: 'officer', participantIds: [p[k]!], on }, SYSTEM, clock);
  });
  after(() => t.close());

  const results = async () => {
    const a = await getAgreement(t.db, { kind: 'all' }, TODAY, { id });
    return (await agreementResults(t.db, [a], TODAY)).get(id)!;
  };

  test('on the registrations basis (no paid months on file): status decides, and the basis says so', async () => {
    const r = await results();
    assert.equal(r.basis, 'registrations');
    assert.match(r.basis_note_en, /not yet from paid contributions/);
    // 4 attributed by today (p4 only in December); p0, p1, p3 active; p2 inactive → churned.
    assert.deepEqual([r.registered, r.active, r.churned, r.never_active], [4, 3, 1, 0]);
    // Window Jan–Dec 2026, 11 months begun: ceil(10 × 11/12) = 10 expected; 6 missing in 1 month left.
    assert.deepEqual(
      [
        r.pace.expectedByNow,
        r.pace.gapToTarget,
        r.pace.gapToPace,
        r.pace.neededPerMonth,
        r.pace.actualPerMonth,
      ],
      [10, 6, 6, 6, 0.4],
    );
  });

  test('on the contributions basis: paid months decide active and churned', async () => {
    // p0 paid Feb→ (open): active. p1 paid Feb–Jun: churned. p2 never paid. p3 paid only in 2025, before
    // attribution (Feb 2026): not active since the agreement, so never active under it.
    await sql`insert into coverage_spans (participant_id, from_period, to_period) values
      (${p[0]!}, '2026-02', null), (${p[1]!}, '2026-02', '2026-06'), (${p[3]!}, '2025-01', '2025-06')`.execute(
      t.db,
    );
    const r = await results();
    assert.equal(r.basis, 'contributions');
    assert.deepEqual([r.registered, r.active, r.churned, r.never_active], [4, 1, 1, 2]);
    const series = await agreementSeries(
      t.db,
      await getAgreement(t.db, { kind: 'all' }, TODAY, { id }),
      TODAY,
    );
    const at = (period: string) => series.find((s) => s.period === period);
    assert.deepEqual(at('2026-01'), { period: '2026-01', registered: 0, active: 0, target: 1 });
    // March: p0, p1, p3 (Feb) + p2 (Mar) registered; p0 and p1 paying.
    assert.deepEqual(at('2026-03'), { period: '2026-03', registered: 4, active: 2, target: 3 });
    assert.deepEqual(at('2026-11'), { period: '2026-11', registered: 4, active: 1, target: 10 });
  });

  test('sponsor money: lines of its sponsorships, and the invoice payment shared pro rata', async () => {
    const partner = await partnerIdOf(t.db, 'APKLINDO');
    await sql`insert into sponsorships (participant_id, partner_id, from_period, agreement_id) values
      (${p[0]!}, ${partner}, '2026-02', ${id}), (${p[1]!}, ${partner}, '2026-02', null)`.execute(t.db);
    const inv = await sql<{
      id: number;
    }>`insert into invoices (period, payer_kind, payer_id, due_date, amount, paid)
      values ('2026-03', 'sponsor', ${partner}, '2026-04-15', 33600, 20000) returning id`.execute(t.db);
    for (const who of [p[0]!, p[1]!])
      await sql`insert into contribution_lines (invoice_id, participant_id, program, payer, for_period, base, amount)
        values (${inv.rows[0]!.id}, ${who}, 'JKK', 'participant', '2026-03', 10000, 10000),
               (${inv.rows[0]!.id}, ${who}, 'JKM', 'participant', '2026-03', 6800, 6800)`.execute(t.db);
    const r = await results();
    // Billed: p0's 16,800 only. Paid: floor(20,000 × 16,800 / 33,600) = 10,000.
    assert.deepEqual([r.budget_billed, r.budget_paid], [16_800, 10_000]);
  });
});
