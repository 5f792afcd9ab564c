import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { clock, partnerIdOf, person } from '../../../test/kits/partnerships.ts';
import { SYSTEM } from '../access/policy.ts';
import { createAgreement } from './actions.ts';
import { checkFraud, listFlags, reviewFlag } from './fraud.ts';
import { attributeMembers } from './members.ts';

/** Each rule against its case and a near miss: one flag per rule, on the right subject. */
describe('fraud checks', () => {
  let t: TestDb;
  const who: Record<string, number> = {};
  const agreements: Record<string, number> = {};

  const agreement = async (number: string, acronym: string, extra: object = {}) =>
    (
      await createAgreement(
        t.db,
        {
          number,
          kind: 'pks',
          title: number,
          partner_id: await partnerIdOf(t.db, acronym),
          starts_on: '2025-01-01',
          state: 'active',
          ...extra,
        },
        SYSTEM,
      )
    ).id;
  const attribute = (agreementId: number, ids: number[], on: string) =>
    attributeMembers(t.db, agreementId, { via: 'officer', participantIds: ids, on }, SYSTEM, clock);

  before(async () => {
    t = await createTestDb();
    const aspekti = await partnerIdOf(t.db, 'ASPEKTI');
    const babel = await partnerIdOf(t.db, 'Pemprov Babel');
    // Two sponsors at once, and two sponsors one after the other (legitimate).
    who.twice = (await person(t.db, { nikSerial: 11, birth: '1970-01-01' })).id;
    who.oneAfterOther = (await person(t.db, { nikSerial: 21, birth: '1971-01-01' })).id;
    await sql`insert into sponsorships (participant_id, partner_id, from_period, to_period) values
      (${who.twice}, ${babel}, '2026-01', null), (${who.twice}, ${aspekti}, '2026-06', '2026-12'),
      (${who.oneAfterOther}, ${babel}, '2025-01', '2025-12'), (${who.oneAfterOther}, ${aspekti}, '2026-01', null)`.execute(
      t.db,
    );
    // Enrolled after the agreement ended (and one on its last day).
    agreements.ended = await agreement('PKS/ENDED', 'AKIDA', { ends_on: '2025-12-31' });
    who.late = (await person(t.db, { nikSerial: 31, birth: '1972-01-01' })).id;
    who.lastDay = (await person(t.db, { nikSerial: 41, birth: '1973-01-01' })).id;
    await attribute(agreements.ended, [who.late], '2026-01-15');
    await attribute(agreements.ended, [who.lastDay], '2025-12-31');
    // A burst of 5 with consecutive NIKs 7001–7005 under one agreement on one day.
    agreements.seq = await agreement('PKS/SEQ', 'ABADI');
    const seq = [];
    for (const s of [7001, 7002, 7003, 7004, 7005])
      seq.push((await person(t.db, { nikSerial: s, birth: '1980-03-03' })).id);
    await attribute(agreements.seq, seq, '2026-05-05');
    // A burst of 5 scattered NIKs, three of them with one phone.
    agreements.phone = await agreement('PKS/PHONE', 'AKTI');
    const ph = [];
    for (const [s, phone] of [
      [10, '081200000001'],
      [30, '081200000001'],
      [50, '081200000001'],
      [70, '081211111111'],
      [90, undefined],
    ] as const)
      ph.push((await person(t.db, { nikSerial: s, birth: '1981-04-04', phone })).id);
    await attribute(agreements.phone, ph, '2026-05-05');
    // Near miss: 4 consecutive NIKs sharing a phone on one day is not a burst (burstMin 5).
    agreements.small = await agreement('PKS/SMALL', 'IFICA');
    const small = [];
    for (const s of [8001, 8002, 8003, 8004])
      small.push((await person(t.db, { nikSerial: s, birth: '1982-05-05', phone: '081299999999' })).id);
    await attribute(agreements.small, small, '2026-05-05');
  });
  after(() => t.close());

  test('each rule flags its case and only its case', async () => {
    await checkFraud(t.db);
    const flags = await listFlags(t.db, {});
    const got = flags.map((f) => `${f.kind}|${f.agreement_id ?? ''}|${f.participant_id ?? ''}`).sort();
    assert.deepEqual(
      got,
      [
        `burst_sequential_nik|${agreements.seq}|`,
        `burst_shared_phone|${agreements.phone}|`,
        `enrolled_after_end|${agreements.ended}|${who.late}`,
        `nik_two_sponsors||${who.twice}`,
      ].sort(),
    );
    const seq = flags.find((f) => f.kind === 'burst_sequential_nik')!.evidence as { count: number };
    assert.equal(seq.count, 5);
    const phone = flags.find((f) => f.kind === 'burst_shared_phone')!.evidence as {
      count: number;
      phone: string;
    };
    assert.deepEqual([phone.count, phone.phone], [3, '081200000001']);
  });

  test('re-running is idempotent and keeps reviews', async () => {
    const [flag] = await listFlags(t.db, { kind: 'nik_two_sponsors' });
    await reviewFlag(
      t.db,
      { id: flag!.id, status: 'cleared', note: 'Dua program berbeda, sudah dicek' },
      { ...SYSTEM, role: 'admin' },
      clock,
    );
    const again = await checkFraud(t.db);
    assert.deepEqual(again, {
      nik_two_sponsors: 0,
      enrolled_after_end: 0,
      burst_sequential_nik: 0,
      burst_shared_phone: 0,
    });
    const [kept] = await listFlags(t.db, { kind: 'nik_two_sponsors' });
    assert.equal(kept!.status, 'cleared');
  });

  test('flagged people are still enrolled: nothing is dropped', async () => {
    const n = await sql<{
      n: number;
    }>`select count(*)::int as n from agreement_members where agreement_id = ${agreements.ended}`.execute(
      t.db,
    );
    assert.equal(n.rows[0]!.n, 2);
  });
});
