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
  applyDueChanges,
  decideChange,
  recordHistory,
  requestChange,
  requestWageCorrection,
} from './corrections.ts';
import { needsApproval } from './rules.ts';

const clock = fixedClock('2026-11-21T09:00:00Z');

describe('corrections with history', () => {
  let t: TestDb;
  let officer: Actor;
  let second: Actor;
  let hr: Actor;
  let outsider: Actor;
  let employer: { id: number; npp: string };
  let pid: number;

  before(async () => {
    t = await createTestDb();
    employer = await makeEmployer(t.db, { size_class: 'medium', risk_class: 3 });
    officer = await makeActor(t.db, 'cabang', 'branch_officer', { region_codes: ['32'] });
    second = await makeActor(t.db, 'kepala', 'branch_officer', { region_codes: ['32.73'] });
    outsider = await makeActor(t.db, 'cabang19', 'branch_officer', { region_codes: ['19'] });
    hr = await makeActor(t.db, 'hr', 'employer', { employer_id: employer.id });
    const p = await registerParticipant(
      t.db,
      {
        nik: makeNik('32.73.05', '1990-10-20', 'F', 1),
        full_name: 'Siti Rahayu',
        birth_date: '1990-10-20',
        sex: 'F',
        village_code: '32.73.05.1001',
        segment: 'PU',
        employer_npp: employer.npp,
        wage: 5_000_000,
        start_date: '2026-01-05',
      },
      SYSTEM,
      clock,
    );
    pid = p.id;
  });
  after(() => t.close());

  test('which changes need a second person', () => {
    assert.equal(needsApproval('participant', ['phone'], { today: '2026-11-21' }), false);
    assert.equal(needsApproval('participant', ['phone', 'nik'], { today: '2026-11-21' }), true);
    assert.equal(needsApproval('employer', ['risk_class'], { today: '2026-11-21' }), true);
    assert.equal(
      needsApproval('participant', ['wage'], { wageEffectiveOn: '2026-11-01', today: '2026-11-21' }),
      false,
    );
    assert.equal(
      needsApproval('participant', ['wage'], { wageEffectiveOn: '2026-10-31', today: '2026-11-21' }),
      true,
    );
  });

  test('a phone change applies at once and both versions are kept', async () => {
    const cr = await requestChange(
      t.db,
      { entity: 'participant', entityId: pid, changes: { phone: '081234567890' }, reason: 'nomor baru' },
      hr,
      clock,
    );
    assert.equal(cr.status, 'applied');
    const h = await recordHistory(t.db, officer, 'participant', pid);
    assert.deepEqual(
      h.versions.map((v) => [v.version, (v.data as { phone: string | null }).phone]),
      [
        [2, '081234567890'],
        [1, null],
      ],
    );
    await assert.rejects(recordHistory(t.db, outsider, 'participant', pid), /tidak ditemukan/);
  });

  test('birth date and NIK wait for a second person, never the requester', async () => {
    const nik = makeNik('32.73.05', '1990-10-21', 'F', 1);
    await assert.rejects(
      requestChange(
        t.db,
        {
          entity: 'participant',
          entityId: pid,
          changes: { birth_date: '1990-10-21' },
          reason: 'salah ketik',
        },
        officer,
        clock,
      ),
      /tidak sesuai NIK/,
    );
    const cr = await requestChange(
      t.db,
      {
        entity: 'participant',
        entityId: pid,
        changes: { birth_date: '1990-10-21', nik },
        reason: 'sesuai KTP',
      },
      officer,
      clock,
    );
    assert.equal(cr.status, 'pending');
    const before = await t.db
      .selectFrom('participants')
      .select('nik')
      .where('id', '=', pid)
      .executeTakeFirstOrThrow();
    assert.notEqual(before.nik, nik);
    await assert.rejects(decideChange(t.db, cr.id, { approve: true }, officer, clock), /orang lain/);
    await assert.rejects(decideChange(t.db, cr.id, { approve: true }, outsider, clock), /tidak ditemukan/);
    const done = await decideChange(t.db, cr.id, { approve: true }, second, clock);
    assert.equal(done.status, 'applied');
    const p = await t.db
      .selectFrom('participants')
      .selectAll()
      .where('id', '=', pid)
      .executeTakeFirstOrThrow();
    assert.equal(p.nik, nik);
    assert.equal(p.birth_date, '1990-10-21');
    const h = await recordHistory(t.db, officer, 'participant', pid);
    assert.equal(h.versions.length, 3);
  });

  test('a backdated wage correction, once approved, becomes adjustment lines on the next bill', async () => {
    await runBilling(t.handle, { period: '2026-09' });
    const cr = await requestWageCorrection(
      t.db,
      {
        participantId: pid,
        employerId: employer.id,
        effectiveOn: '2026-09-01',
        wage: 6_000_000,
        reason: 'kenaikan terlambat dilaporkan',
      },
      hr,
      clock,
    );
    assert.equal(cr.status, 'pending');
    await decideChange(t.db, cr.id, { approve: true }, officer, clock);
    await runBilling(t.handle, { period: '2026-10' });
    const r = await sql<{ for_period: string; adjustment: boolean; amount: number }>`
      select for_period, adjustment, sum(amount)::bigint as amount from contribution_lines
      where participant_id = ${pid} group by 1, 2 order by 1, 2`.execute(t.db);
    const by = Object.fromEntries(
      r.rows.map((x) => [`${x.for_period}${x.adjustment ? '+adj' : ''}`, Number(x.amount)]),
    );
    // September was billed on 5,000,000; October on 6,000,000; the adjustment is the difference.
    assert.ok(by['2026-09+adj']! > 0);
    assert.equal(by['2026-09']! + by['2026-09+adj']!, by['2026-10']);
  });

  test('a risk class change is approved, then applies from its date', async () => {
    await assert.rejects(
      requestChange(
        t.db,
        {
          entity: 'employer',
          entityId: employer.id,
          changes: { risk_class: 4 },
          effectiveOn: '2026-10-01',
          reason: 'x',
        },
        officer,
        clock,
      ),
      /bulan berjalan/,
    );
    await assert.rejects(
      requestChange(
        t.db,
        { entity: 'employer', entityId: employer.id, changes: { risk_class: 4 }, reason: 'x' },
        hr,
        clock,
      ),
      /petugas/,
    );
    const cr = await requestChange(
      t.db,
      {
        entity: 'employer',
        entityId: employer.id,
        changes: { risk_class: 4 },
        effectiveOn: '2026-12-01',
        reason: 'survei K3',
      },
      officer,
      clock,
    );
    const approved = await decideChange(t.db, cr.id, { approve: true }, second, clock);
    assert.equal(approved.status, 'approved');
    assert.equal((await applyDueChanges(t.db, SYSTEM, clock)).applied, 0);
    const e0 = await t.db
      .selectFrom('employers')
      .select('risk_class')
      .where('id', '=', employer.id)
      .executeTakeFirstOrThrow();
    assert.equal(e0.risk_class, 3);
    assert.equal((await applyDueChanges(t.db, SYSTEM, fixedClock('2026-12-01T01:00:00Z'))).applied, 1);
    const e1 = await t.db
      .selectFrom('employers')
      .select('risk_class')
      .where('id', '=', employer.id)
      .executeTakeFirstOrThrow();
    assert.equal(e1.risk_class, 4);
    const h = await recordHistory(t.db, officer, 'employer', employer.id);
    assert.deepEqual(
      h.versions.map((v) => [(v.data as { risk_class: number }).risk_class, v.valid_from]),
      [
        [4, '2026-12-01'],
        [3, '2024-01-15'],
      ],
    );
    const audits = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'employer')
      .where('action', 'in', ['request_change', 'approve_change', 'apply_change'])
      .execute();
    assert.equal(audits.length, 3);
  });
});
