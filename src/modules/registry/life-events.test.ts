import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { makeEmployer, makeNik } from '../../../test/factories.ts';
import { makeActor } from '../../../test/kits/contributions.ts';
import { fixedClock } from '../../platform/clock.ts';
import { type Actor, SYSTEM } from '../access/policy.ts';
import { runBilling } from '../contributions/billing.ts';
import { registerParticipant } from '../workers/actions.ts';
import {
  changeSegment,
  exitWithReason,
  findRetirementAge,
  moveEmployer,
  reportDeath,
} from './life-events.ts';

const clock = fixedClock('2026-11-21T09:00:00Z');

async function linesFor(db: TestDb['db'], participantId: number, period: string) {
  const r = await sql<{ n: number; amount: number }>`
    select count(*)::int as n, coalesce(sum(amount), 0)::bigint as amount from contribution_lines
    where participant_id = ${participantId} and for_period = ${period} and not adjustment`.execute(db);
  return { n: r.rows[0]!.n, amount: Number(r.rows[0]!.amount) };
}

describe('life events', () => {
  let t: TestDb;
  let officer: Actor;
  let employer: { id: number; npp: string };
  let other: { id: number; npp: string };
  let serial = 100;
  const pu = async (birth = '1990-03-04', sex: 'M' | 'F' = 'M') =>
    registerParticipant(
      t.db,
      {
        nik: makeNik('32.73.05', birth, sex, ++serial),
        full_name: `Pekerja ${serial}`,
        birth_date: birth,
        sex,
        village_code: '32.73.05.1001',
        segment: 'PU',
        employer_npp: employer.npp,
        wage: 5_000_000,
        start_date: '2026-01-05',
      },
      SYSTEM,
      clock,
    );

  before(async () => {
    t = await createTestDb();
    employer = await makeEmployer(t.db, { size_class: 'medium', risk_class: 2 });
    other = await makeEmployer(t.db, { size_class: 'small', risk_class: 1 });
    officer = await makeActor(t.db, 'cabang', 'branch_officer', { region_codes: ['32'] });
  });
  after(() => t.close());

  test('a death report closes the membership and stops the bills after the month of death', async () => {
    const dead = await pu();
    const alive = await pu();
    await runBilling(t.handle, { period: '2026-08' });
    assert.ok((await linesFor(t.db, dead.id, '2026-08')).n > 0);
    await reportDeath(
      t.db,
      { participantId: dead.id, diedOn: '2026-08-20', source: 'family' },
      officer,
      clock,
    );
    const p = await t.db
      .selectFrom('participants')
      .selectAll()
      .where('id', '=', dead.id)
      .executeTakeFirstOrThrow();
    assert.equal(p.status, 'closed');
    const ev = await t.db
      .selectFrom('employment_events')
      .selectAll()
      .where('participant_id', '=', dead.id)
      .where('kind', '=', 'exit')
      .executeTakeFirstOrThrow();
    assert.equal(ev.exit_reason, 'death');
    assert.equal(ev.effective_on, '2026-08-20');
    await runBilling(t.handle, { period: '2026-09' });
    assert.equal((await linesFor(t.db, dead.id, '2026-09')).n, 0);
    assert.ok((await linesFor(t.db, alive.id, '2026-09')).n > 0);
    // The month of death stays billed: no adjustment takes August back.
    const adj = await sql<{ n: number }>`select count(*)::int as n from contribution_lines
      where participant_id = ${dead.id} and adjustment`.execute(t.db);
    assert.equal(adj.rows[0]!.n, 0);
    await assert.rejects(
      reportDeath(t.db, { participantId: dead.id, diedOn: '2026-08-20', source: 'family' }, officer, clock),
      /sudah dilaporkan/,
    );
    await assert.rejects(
      reportDeath(t.db, { participantId: alive.id, diedOn: '2027-01-01', source: 'family' }, officer, clock),
      /masa depan/,
    );
    const audit = await t.db.selectFrom('audit_log').select('action').where('action', '=', 'death').execute();
    assert.equal(audit.length, 1);
  });

  test('billing skips a dead participant even if an employment was left open', async () => {
    const p = await pu();
    await sql`insert into participant_deaths (participant_id, died_on, source, reported_by)
              values (${p.id}, '2026-09-10', 'civil_registry', 'test')`.execute(t.db);
    await runBilling(t.handle, { period: '2026-10' });
    assert.equal((await linesFor(t.db, p.id, '2026-10')).n, 0);
    const open = await t.db
      .selectFrom('employments')
      .select('ended_on')
      .where('participant_id', '=', p.id)
      .execute();
    assert.equal(open[0]!.ended_on, null);
  });

  test('exit keeps the JKP reason; a move ends one job the day before the next', async () => {
    const a = await pu();
    await exitWithReason(
      t.db,
      { participantId: a.id, employerId: employer.id, date: '2026-10-31', reason: 'dismissal' },
      officer,
      clock,
    );
    const ev = await t.db
      .selectFrom('employment_events')
      .select('exit_reason')
      .where('participant_id', '=', a.id)
      .where('kind', '=', 'exit')
      .executeTakeFirstOrThrow();
    assert.equal(ev.exit_reason, 'dismissal');
    await assert.rejects(
      exitWithReason(
        t.db,
        { participantId: a.id, employerId: employer.id, date: '2026-10-31', reason: 'bored' },
        officer,
        clock,
      ),
      /alasan keluar tidak dikenal/,
    );
    const b = await pu();
    await moveEmployer(
      t.db,
      {
        participantId: b.id,
        fromEmployerId: employer.id,
        toEmployerId: other.id,
        date: '2026-11-01',
        wage: 4_500_000,
      },
      officer,
      clock,
    );
    const jobs = await t.db
      .selectFrom('employments')
      .select(['employer_id', 'ended_on', 'wage'])
      .where('participant_id', '=', b.id)
      .orderBy('started_on')
      .execute();
    assert.deepEqual(jobs, [
      { employer_id: employer.id, ended_on: '2026-10-31', wage: 5_000_000 },
      { employer_id: other.id, ended_on: null, wage: 4_500_000 },
    ]);
  });

  test('PU → BPU keeps paying on a declared income; BPU → PU hires', async () => {
    const c = await pu();
    await changeSegment(
      t.db,
      {
        participantId: c.id,
        to: 'BPU',
        date: '2026-10-15',
        exitReason: 'dismissal',
        declaredIncome: 2_000_000,
      },
      officer,
      clock,
    );
    const p = await t.db
      .selectFrom('participants')
      .selectAll()
      .where('id', '=', c.id)
      .executeTakeFirstOrThrow();
    assert.equal(p.segment, 'BPU');
    assert.equal(p.declared_income, 2_000_000);
    assert.deepEqual(p.programs, ['JKK', 'JKM', 'JHT']);
    await runBilling(t.handle, { period: '2026-11' });
    const inv = await t.db
      .selectFrom('invoices')
      .selectAll()
      .where('payer_kind', '=', 'participant')
      .where('payer_id', '=', c.id)
      .where('period', '=', '2026-11')
      .executeTakeFirst();
    assert.ok(inv && inv.amount > 0);
    await assert.rejects(
      changeSegment(t.db, { participantId: c.id, to: 'PU', date: '2026-11-20' }, officer, clock),
      /pemberi kerja dan upah wajib/,
    );
    await changeSegment(
      t.db,
      { participantId: c.id, to: 'PU', date: '2026-11-20', employerId: other.id, wage: 4_000_000 },
      officer,
      clock,
    );
    const q = await t.db
      .selectFrom('participants')
      .selectAll()
      .where('id', '=', c.id)
      .executeTakeFirstOrThrow();
    assert.equal(q.segment, 'PU');
    assert.deepEqual(q.programs, ['JKK', 'JKM', 'JHT', 'JKP']);
  });

  test('retirement age: found once, from the dated pension age', async () => {
    const old = await pu('1966-01-10');
    const young = await pu('1970-01-10');
    const r = await findRetirementAge(t.db, clock, { chunk: 3 });
    assert.equal(r.pensionAge, 59);
    const ev = await t.db
      .selectFrom('life_events')
      .selectAll()
      .where('kind', '=', 'retirement_age')
      .execute();
    assert.deepEqual(
      ev.map((e) => [e.participant_id, e.effective_on]),
      [[old.id, '2025-01-10']],
    );
    assert.equal(
      ev.some((e) => e.participant_id === young.id),
      false,
    );
    assert.equal((await findRetirementAge(t.db, clock)).found, 0);
  });
});
