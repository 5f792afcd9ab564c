import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { makeEmployer, makeInvoice, makeParticipant } from '../../../test/kits/contributions.ts';
import { participantStatus } from '../contributions/status.ts';
import { activeExpr, asOfDate } from './queries.ts';

/** The set-based `active` of the DCI records and bulk match agrees with decision 0005 (participantStatus). */
describe('DCI active status = decision 0005', () => {
  let t: TestDb;
  const ids: Record<string, number> = {};

  before(async () => {
    t = await createTestDb();
    const emp = await makeEmployer(t.db);
    const span = (id: number, from: string, to: string) =>
      sql`insert into coverage_spans (participant_id, from_period, to_period) values (${id}, ${from}, ${to})`.execute(
        t.db,
      );
    const bill = (id: number, period: string, segment = 'PU') =>
      makeInvoice(t.db, {
        payerKind: segment === 'BPU' ? 'participant' : 'employer',
        payerId: segment === 'BPU' ? id : emp.id,
        period,
        lines: [{ participant_id: id, amount: 10_000 }],
      });
    ids.paidNov = (await makeParticipant(t.db)).id;
    await span(ids.paidNov, '2026-06', '2026-11');
    ids.billedNovUnpaid = (await makeParticipant(t.db)).id;
    await span(ids.billedNovUnpaid, '2026-06', '2026-10');
    await bill(ids.billedNovUnpaid, '2026-11');
    ids.paidOctNotBilledNov = (await makeParticipant(t.db)).id;
    await span(ids.paidOctNotBilledNov, '2026-01', '2026-10');
    ids.octBilledUnpaid = (await makeParticipant(t.db)).id;
    await bill(ids.octBilledUnpaid, '2026-10');
    ids.registeredNov = (await makeParticipant(t.db, { registered_on: '2026-11-03' })).id;
    ids.bpuPaidOct = (await makeParticipant(t.db, { segment: 'BPU' })).id;
    await span(ids.bpuPaidOct, '2026-01', '2026-10');
    ids.bpuBilledNov = (await makeParticipant(t.db, { segment: 'BPU' })).id;
    await bill(ids.bpuBilledNov, '2026-11', 'BPU');
    ids.nothing = (await makeParticipant(t.db)).id;
  });
  after(() => t.close());

  for (const date of [
    '2026-11-05',
    '2026-11-14',
    '2026-11-20',
    '2026-11-30',
    '2026-12-03',
    '2026-12-16',
    '2027-01-10',
  ]) {
    test(`on ${date}`, async () => {
      const asOf = asOfDate(new Date(`${date}T03:00:00Z`));
      const rows = await sql<{ id: number; active: boolean }>`select p.id, ${activeExpr(asOf)} as active
        from participants p where p.id = any(${Object.values(ids)}::bigint[])`.execute(t.db);
      const got = Object.fromEntries(rows.rows.map((r) => [r.id, r.active]));
      const expected: Record<string, boolean> = {};
      const actual: Record<string, boolean> = {};
      for (const [name, id] of Object.entries(ids)) {
        expected[name] = (await participantStatus(t.db, id, date)).active;
        actual[name] = got[id]!;
      }
      assert.deepEqual(actual, expected);
    });
  }

  test('the cases differ from each other (the comparison is not trivially all-false)', async () => {
    const asOf = asOfDate(new Date('2026-11-20T03:00:00Z'));
    const rows = await sql<{ active: boolean }>`select ${activeExpr(asOf)} as active from participants p
      where p.id = any(${Object.values(ids)}::bigint[])`.execute(t.db);
    const n = rows.rows.filter((r) => r.active).length;
    assert.ok(n > 0 && n < rows.rows.length, `active ${n} of ${rows.rows.length}`);
  });
});
