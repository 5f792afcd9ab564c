import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { makeEmployer, makeNik } from '../../../test/factories.ts';
import { fixedClock } from '../../platform/clock.ts';
import { SYSTEM } from '../access/policy.ts';
import { registerParticipant } from '../workers/actions.ts';

// The registry's CLI, run as `lindung` is (src/cli.ts): the duplicate queue and a merge, a move, a
// death, and a wage report applied by its job.
describe('lindung registry …', () => {
  let t: TestDb;
  const BIRTH = '1990-10-20';
  const nikA = makeNik('32.73.05', BIRTH, 'F', 21);
  const nikB = makeNik('32.73.05', BIRTH, 'F', 12);
  const nikC = makeNik('32.73.05', '1985-02-03', 'M', 5);
  let from: { id: number; npp: string };
  let to: { id: number; npp: string };
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'registry', ...args], {
      env: { ...process.env, DATABASE_URL: t.url, TEST_NOW: '2026-11-21T09:00:00Z', LINDUNG_WORKERS: '1' },
      encoding: 'utf8',
    });

  before(async () => {
    t = await createTestDb();
    from = await makeEmployer(t.db);
    to = await makeEmployer(t.db);
    const clock = fixedClock('2026-11-21T09:00:00Z');
    for (const nik of [nikA, nikB])
      await registerParticipant(
        t.db,
        {
          nik,
          full_name: 'Ayu Lestari',
          birth_date: BIRTH,
          sex: 'F',
          village_code: '32.73.05.1001',
          segment: 'BPU',
        },
        SYSTEM,
        clock,
      );
    await registerParticipant(
      t.db,
      {
        nik: nikC,
        full_name: 'Bayu Nugroho',
        birth_date: '1985-02-03',
        sex: 'M',
        village_code: '32.73.05.1001',
        segment: 'PU',
        employer_npp: from.npp,
        wage: 4_000_000,
        start_date: '2026-01-01',
      },
      SYSTEM,
      clock,
    );
  });
  after(() => t?.close());

  test('queue, then merge: the other record leads to the survivor', async () => {
    const q = cli('queue');
    assert.equal(q.status, 0, q.stderr);
    const id = /#(\d+) \[nik_typo\]/.exec(q.stdout)?.[1];
    assert.ok(id, q.stdout);
    assert.ok(q.stdout.includes(nikA) && q.stdout.includes(nikB), q.stdout);
    const m = cli('merge', id, '--survivor', nikA, '--note', 'KTP diperiksa');
    assert.equal(m.status, 0, m.stderr);
    const rows = await t.db.selectFrom('participants').select(['id', 'nik', 'merged_into']).execute();
    const a = rows.find((r) => r.nik === nikA)!;
    assert.equal(rows.find((r) => r.nik === nikB)!.merged_into, a.id);
    assert.equal(a.merged_into, null);
    // Decided once: a second merge is refused with a message, not a stack trace.
    const again = cli('merge', id, '--survivor', nikA);
    assert.notEqual(again.status, 0);
    assert.match(again.stderr + again.stdout, /sudah diputuskan/);
  });

  test('move and death', async () => {
    const bad = cli(
      'move',
      nikC,
      '--from',
      from.npp,
      '--to',
      to.npp,
      '--date',
      '2026-11-01',
      '--wage',
      'lima',
    );
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr + bad.stdout, /rupiah/);
    const mv = cli(
      'move',
      nikC,
      '--from',
      from.npp,
      '--to',
      to.npp,
      '--date',
      '2026-11-01',
      '--wage',
      '4.500.000',
    );
    assert.equal(mv.status, 0, mv.stderr);
    const jobs = await t.db
      .selectFrom('employments')
      .select(['employer_id', 'ended_on', 'wage'])
      .orderBy('started_on')
      .execute();
    assert.deepEqual(
      jobs.map((j) => [j.employer_id, j.ended_on, Number(j.wage)]),
      [
        [from.id, '2026-10-31', 4_000_000],
        [to.id, null, 4_500_000],
      ],
    );
    const d = cli('death', nikC, '--date', '2026-11-10', '--source', 'family');
    assert.equal(d.status, 0, d.stderr);
    const p = await t.db
      .selectFrom('participants')
      .select('status')
      .where('nik', '=', nikC)
      .executeTakeFirstOrThrow();
    assert.equal(p.status, 'closed');
    const open = await t.db
      .selectFrom('employments')
      .select('participant_id')
      .where('ended_on', 'is', null)
      .execute();
    assert.equal(open.length, 0);
  });

  test('wage-report runs the job and prints the line outcomes', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lindung-wr-'));
    const file = path.join(dir, 'upah.csv');
    const hire = makeNik('32.73.05', '1999-09-09', 'F', 7);
    fs.writeFileSync(
      file,
      `nik,upah,nama,tanggal_lahir,jenis_kelamin,kode_desa\n${hire},3900000,Rina Baru,1999-09-09,P,32.73.05.1001\n`,
    );
    const r = cli('wage-report', file, '--employer', from.npp, '--period', '2026-11');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /masuk 1, ubah upah 0, keluar 0, tetap 0, ditolak 0/);
    const job = await t.db
      .selectFrom('jobs')
      .select(['kind', 'status'])
      .where('kind', '=', 'registry.wage_report')
      .execute();
    assert.deepEqual(job, [{ kind: 'registry.wage_report', status: 'done' }]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
