import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { makeEmployer, makeNik } from '../../../test/factories.ts';
import { makeActor } from '../../../test/kits/contributions.ts';
import { fixedClock } from '../../platform/clock.ts';
import { type Actor, SYSTEM } from '../access/policy.ts';
import { runBilling } from '../contributions/billing.ts';
import { registerParticipant } from '../workers/actions.ts';
import { applyWageReport, parseRupiah } from './wage-report.ts';

const clock = fixedClock('2026-11-21T09:00:00Z');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lindung-wage-report-'));
const csv = (name: string, lines: string[]) => {
  const f = path.join(dir, name);
  fs.writeFileSync(f, `${lines.join('\n')}\n`);
  return f;
};

describe('monthly wage report: hires, wage changes and exits by difference', () => {
  let t: TestDb;
  let hr: Actor;
  let employer: { id: number; npp: string };
  const niks: string[] = [];
  const ids: number[] = [];

  before(async () => {
    t = await createTestDb();
    employer = await makeEmployer(t.db, { size_class: 'medium', risk_class: 2 });
    hr = await makeActor(t.db, 'hr', 'employer', { employer_id: employer.id });
    for (let i = 1; i <= 4; i++) {
      const nik = makeNik('32.73.05', `198${i}-02-0${i}`, 'M', i);
      niks.push(nik);
      const p = await registerParticipant(
        t.db,
        {
          nik,
          full_name: `Pekerja ${i}`,
          birth_date: `198${i}-02-0${i}`,
          sex: 'M',
          village_code: '32.73.05.1001',
          segment: 'PU',
          employer_npp: employer.npp,
          wage: 5_000_000,
          start_date: '2026-01-05',
        },
        SYSTEM,
        clock,
      );
      ids.push(p.id);
    }
  });
  after(() => t.close());

  test('rupiah in Indonesian format', () => {
    assert.equal(parseRupiah('5.250.000'), 5_250_000);
    assert.equal(parseRupiah('5250000'), 5_250_000);
    assert.equal(parseRupiah(5_250_000), 5_250_000);
    assert.equal(parseRupiah('5,25'), null);
    assert.equal(parseRupiah('lima juta'), null);
  });

  test('one hire, two wage changes, one exit; the next bill reflects them; the same file again changes nothing', async () => {
    await runBilling(t.handle, { period: '2026-10' });
    const newNik = makeNik('32.73.05', '1995-07-08', 'F', 9);
    const file = csv('upah-2026-11.csv', [
      'nik,nama,upah,tanggal_lahir,jenis_kelamin,kode_desa',
      `${niks[0]},Pekerja 1,6.000.000,,,`,
      `${niks[1]},Pekerja 2,5500000,,,`,
      `${niks[2]},Pekerja 3,5000000,,,`,
      `${newNik},Ani Baru,4800000,1995-07-08,P,32.73.05.1001`,
      `123,Salah,4000000,,,`,
    ]);
    const r = await applyWageReport(t.db, { file, period: '2026-11' }, hr, clock);
    assert.deepEqual(
      {
        hires: r.hires,
        wageChanges: r.wageChanges,
        exits: r.exits,
        unchanged: r.unchanged,
        rejected: r.rejected,
        total: r.total,
      },
      { hires: 1, wageChanges: 2, exits: 1, unchanged: 1, rejected: 1, total: 5 },
    );
    const bad = r.lines.find((l) => l.outcome === 'rejected')!;
    assert.equal(bad.line, 6);
    assert.equal(bad.column_name, 'nik');
    assert.ok(bad.message_id && bad.message_en && bad.message_id !== bad.message_en);
    const exit = r.lines.find((l) => l.outcome === 'exit')!;
    assert.equal(exit.nik, niks[3]);

    await runBilling(t.handle, { period: '2026-11' });
    const bases = await sql<{ nik: string; base: number }>`
      select p.nik, max(l.base)::bigint as base from contribution_lines l join participants p on p.id = l.participant_id
      where l.for_period = '2026-11' and l.program = 'JHT' and not l.adjustment group by p.nik`.execute(t.db);
    const by = Object.fromEntries(bases.rows.map((b) => [b.nik, Number(b.base)]));
    assert.deepEqual(by, {
      [niks[0]!]: 6_000_000,
      [niks[1]!]: 5_500_000,
      [niks[2]!]: 5_000_000,
      [newNik]: 4_800_000,
    });

    const again = await applyWageReport(t.db, { file, period: '2026-11' }, hr, clock);
    assert.equal(again.alreadyReportedAs, r.reportId);
    const events = await sql<{ n: number }>`select count(*)::int as n from employment_events`.execute(t.db);
    const copy = csv(
      'kopi.csv',
      fs.readFileSync(file, 'utf8').trimEnd().split('\n').concat(`${niks[0]},Pekerja 1,6000000,,,`),
    );
    const third = await applyWageReport(t.db, { file: copy, period: '2026-11' }, hr, clock);
    assert.equal(third.hires + third.wageChanges + third.exits, 0);
    assert.equal(third.unchanged, 4);
    assert.equal(third.lines.find((l) => l.code === 'nik_duplicate_in_file')?.line, 7);
    const events2 = await sql<{ n: number }>`select count(*)::int as n from employment_events`.execute(t.db);
    assert.equal(events2.rows[0]!.n, events.rows[0]!.n);
  });

  test('another employer cannot report for this one; a file without the wage column is refused', async () => {
    const other = await makeEmployer(t.db);
    const hr2 = await makeActor(t.db, 'hr2', 'employer', { employer_id: other.id });
    const file = csv('x.csv', ['nik,upah', `${niks[0]},1`]);
    await assert.rejects(
      applyWageReport(t.db, { file, period: '2026-11', employerNpp: employer.npp }, hr2, clock),
      /tidak berwenang/,
    );
    const noWage = csv('y.csv', ['nik,nama', `${niks[0]},A`]);
    await assert.rejects(applyWageReport(t.db, { file: noWage, period: '2026-11' }, hr, clock), /upah/);
  });
});
