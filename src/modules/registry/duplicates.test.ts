import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { testApp } from '../../../test/app.ts';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { makeEmployer, makeNik } from '../../../test/factories.ts';
import { makeActor } from '../../../test/kits/contributions.ts';
import { fixedClock } from '../../platform/clock.ts';
import { type Actor, SYSTEM } from '../access/policy.ts';
import { registerParticipant } from '../workers/actions.ts';
import { detectAll, markNotDuplicate, mergeCandidate, reverseDecision, reviewQueue } from './duplicates.ts';
import { nikNearness } from './rules.ts';

const clock = fixedClock('2026-11-21T09:00:00Z');
const BIRTH = '1990-10-20';
const person = (nik: string, full_name: string, village = '32.73.05.1001', birth = BIRTH) => ({
  nik,
  full_name,
  birth_date: birth,
  sex: 'F' as const,
  village_code: village,
  segment: 'BPU' as const,
});

describe('duplicate candidates, review queue and merge', () => {
  let t: TestDb;
  let h: Awaited<ReturnType<typeof testApp>>;
  let officer: Actor;
  let outsider: Actor;
  let admin: Actor;
  const nikA = makeNik('32.73.05', BIRTH, 'F', 12);
  const nikB = makeNik('32.73.05', BIRTH, 'F', 21); // serial digits swapped: a transposition of A
  const nikC = makeNik('32.73.05', BIRTH, 'F', 3456);
  const nikD = makeNik('32.73.05', BIRTH, 'F', 7777);
  const ids: Record<string, number> = {};

  before(async () => {
    t = await createTestDb();
    h = await testApp(t, clock);
    await makeEmployer(t.db);
    officer = await makeActor(t.db, 'cabang', 'branch_officer', { region_codes: ['32'] });
    outsider = await makeActor(t.db, 'cabang19', 'branch_officer', { region_codes: ['19'] });
    admin = await makeActor(t.db, 'admin', 'admin');
    await h.user('cabang-web', 'branch_officer', { region_codes: ['32'] });
    for (const [k, nik, name] of [
      ['A', nikA, 'Siti Rahayu'],
      ['B', nikB, 'Siti Rahayu'],
      ['C', nikC, 'Siti Rahayuu'],
      ['D', nikD, 'Budi Santoso'],
    ] as const)
      ids[k] = (await registerParticipant(t.db, person(nik, name), SYSTEM, clock)).id;
  });
  after(() => t.close());

  test('the SQL NIK test agrees with the pure one', async () => {
    const pairs: Array<[string, string]> = [
      [nikA, nikB],
      [nikA, nikA],
      [nikA, `${nikA.slice(0, 15)}9`],
      [nikA, nikC],
      ['1234567890123456', '2134567890123456'],
      ['1234567890123456', '1324567890123465'],
    ];
    for (const [a, b] of pairs) {
      const r = await sql<{ near: boolean }>`select nik_near(${a}, ${b}) as near`.execute(t.db);
      const pure = nikNearness(a, b);
      assert.equal(r.rows[0]!.near, pure === 'one_digit' || pure === 'transposition', `${a} ${b}`);
    }
  });

  test('registration finds NIK typos and similar names, not different people', async () => {
    const rows = await t.db
      .selectFrom('duplicate_candidates')
      .select(['a_id', 'b_id', 'rule'])
      .orderBy('a_id')
      .orderBy('b_id')
      .execute();
    const key = (x: number, y: number) => [Math.min(x, y), Math.max(x, y)].join('-');
    const got = new Map(rows.map((r) => [key(r.a_id, r.b_id), r.rule]));
    assert.equal(got.get(key(ids.A!, ids.B!)), 'nik_typo');
    assert.equal(got.get(key(ids.A!, ids.C!)), 'name_birth_village');
    assert.equal(got.get(key(ids.B!, ids.C!)), 'name_birth_village');
    assert.equal([...got.keys()].filter((k) => k.split('-').includes(String(ids.D))).length, 0);
    assert.equal(got.size, 3);
    // A full run finds nothing new: every pair is already stored.
    assert.equal((await detectAll(t.db, { chunk: 2 })).found, 0);
  });

  test('the queue is scoped: the officer of another province sees nothing', async () => {
    const mine = await reviewQueue(t.db, officer, { page: 1, pageSize: 50 });
    assert.equal(mine.total, 3);
    const ab = mine.items.find((i) => i.rule === 'nik_typo')!;
    assert.equal(ab.evidence.nik, 'transposition');
    assert.equal(ab.evidence.birth_date, true);
    assert.equal(ab.a.full_name, 'Siti Rahayu');
    const theirs = await reviewQueue(t.db, outsider, { page: 1, pageSize: 50 });
    assert.equal(theirs.total, 0);
    assert.equal(theirs.items.length, 0);
  });

  test('merge: the other record points at the survivor, a search by its NIK leads there; admin reverses', async () => {
    const q = await reviewQueue(t.db, officer, { page: 1, pageSize: 50 });
    const ab = q.items.find((i) => i.rule === 'nik_typo')!;
    await mergeCandidate(t.db, ab.id, { survivorId: ids.A! }, officer, clock);
    const b = await t.db
      .selectFrom('participants')
      .selectAll()
      .where('id', '=', ids.B!)
      .executeTakeFirstOrThrow();
    assert.equal(b.merged_into, ids.A);
    assert.equal(b.status, 'closed');
    // Pairs involving the merged record leave the open queue.
    const after = await reviewQueue(t.db, officer, { page: 1, pageSize: 50 });
    assert.equal(after.total, 1);
    const res = await h.app.inject({ url: `/api/participants?q=${nikB}`, headers: h.as('cabang-web') });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().items[0].merged_into, ids.A);
    await assert.rejects(reverseDecision(t.db, ab.id, 'salah gabung', officer, clock), /tidak berwenang/);
    await reverseDecision(t.db, ab.id, 'salah gabung', admin, clock);
    const b2 = await t.db
      .selectFrom('participants')
      .selectAll()
      .where('id', '=', ids.B!)
      .executeTakeFirstOrThrow();
    assert.equal(b2.merged_into, null);
    assert.equal(b2.status, 'active');
    const audits = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'in', ['merge', 'reverse_duplicate_decision'])
      .execute();
    assert.equal(audits.length, 2);
  });

  test('"not a duplicate" closes the pair and is not re-found', async () => {
    const q = await reviewQueue(t.db, officer, { page: 1, pageSize: 50 });
    const bc = q.items.find(
      (i) => i.a_id === Math.min(ids.B!, ids.C!) && i.b_id === Math.max(ids.B!, ids.C!),
    )!;
    await markNotDuplicate(t.db, bc.id, 'kembar', officer, clock);
    await assert.rejects(markNotDuplicate(t.db, bc.id, 'lagi', officer, clock), /sudah diputuskan/);
    await detectAll(t.db);
    const row = await t.db
      .selectFrom('duplicate_candidates')
      .selectAll()
      .where('id', '=', bc.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.status, 'not_duplicate');
    await assert.rejects(
      mergeCandidate(t.db, bc.id, { survivorId: ids.B! }, outsider, clock),
      /tidak ditemukan/,
    );
  });
});
