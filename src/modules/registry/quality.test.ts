import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { makeEmployer, makeNik } from '../../../test/factories.ts';
import { makeActor, makeParticipant } from '../../../test/kits/contributions.ts';
import { fixedClock } from '../../platform/clock.ts';
import { type Actor, SYSTEM } from '../access/policy.ts';
import { registerParticipant } from '../workers/actions.ts';
import { qualityReport, qualityXlsx, refreshQuality, worklist } from './quality.ts';
import { qualityScore } from './rules.ts';

const clock = fixedClock('2026-11-21T09:00:00Z');

describe('data quality per region', () => {
  let t: TestDb;
  let officer: Actor;
  let outsider: Actor;
  let pemda19: Actor;
  let lowPaid: number;
  let elsewhere: number;
  let silent: { id: number };

  before(async () => {
    t = await createTestDb();
    officer = await makeActor(t.db, 'cabang', 'branch_officer', { region_codes: ['32'] });
    outsider = await makeActor(t.db, 'cabang19', 'branch_officer', { region_codes: ['19'] });
    pemda19 = await makeActor(t.db, 'pemda19', 'regional_government', { region_codes: ['19'] });
    const employer = await makeEmployer(t.db, { village_code: '32.73.05.1001' });
    silent = await makeEmployer(t.db, { village_code: '32.73.05.1001' });
    await makeEmployer(t.db, { village_code: '19.71.01.1004' });
    // Paid under the 2026 West Java UMP, with a phone and a bank account.
    const a = await registerParticipant(
      t.db,
      {
        nik: makeNik('32.73.05', '1990-01-01', 'M', 1),
        full_name: 'Upah Rendah',
        birth_date: '1990-01-01',
        sex: 'M',
        village_code: '32.73.05.1001',
        phone: '081200000001',
        segment: 'PU',
        employer_npp: employer.npp,
        wage: 1_000_000,
        start_date: '2026-01-05',
      },
      SYSTEM,
      clock,
    );
    lowPaid = a.id;
    await sql`insert into participant_bank_accounts (participant_id, bank_code, account_number, holder_name)
              values (${a.id}, 'BRI', '1234567890', 'Upah Rendah')`.execute(t.db);
    // A NIK issued in Pangkalpinang (19.71), living in Bandung.
    const b = await registerParticipant(
      t.db,
      {
        nik: makeNik('19.71.01', '1985-05-05', 'F', 2),
        full_name: 'Pindahan',
        birth_date: '1985-05-05',
        sex: 'F',
        village_code: '32.73.05.1001',
        segment: 'BPU',
      },
      SYSTEM,
      clock,
    );
    elsewhere = b.id;
    // Registered long ago, marked active, never paid.
    await makeParticipant(t.db, { segment: 'BPU', village: '19.71.01.1004', registered_on: '2025-01-01' });
  });
  after(() => t.close());

  test('the score weighs issues per record', () => {
    assert.equal(qualityScore({}, 10, 0), 100);
    assert.equal(qualityScore({ missing_phone: 14 }, 1, 0), 0);
    assert.ok(qualityScore({ wage_below_minimum: 1 }, 10, 0) < qualityScore({ missing_phone: 1 }, 10, 0));
  });

  test('refresh finds each kind of issue and scores each region', async () => {
    await refreshQuality(t.db, clock);
    const issues = await t.db.selectFrom('quality_issues').selectAll().execute();
    const has = (kind: string, id: number) => issues.some((i) => i.kind === kind && i.entity_id === id);
    assert.ok(has('wage_below_minimum', lowPaid));
    assert.equal(has('missing_phone', lowPaid), false);
    assert.equal(has('missing_bank_account', lowPaid), false);
    assert.ok(has('nik_region_mismatch', elsewhere));
    assert.equal(has('nik_region_mismatch', lowPaid), false);
    assert.ok(has('missing_phone', elsewhere));
    assert.ok(has('employer_no_report', silent.id));
    assert.equal(issues.filter((i) => i.kind === 'active_no_contribution').length, 1);
    const r = await qualityReport(t.db, officer, { level: 'province' });
    assert.deepEqual(
      r.rows.map((x) => x.code),
      ['32'],
    );
    assert.equal(Number(r.rows[0]!.participants), 2);
    assert.ok(r.rows[0]!.score < 100);
    const regencies = await qualityReport(t.db, officer, { level: 'regency', province: '32' });
    assert.deepEqual(
      regencies.rows.map((x) => x.code),
      ['32.73'],
    );
    const theirs = await qualityReport(t.db, pemda19, { level: 'province' });
    assert.deepEqual(
      theirs.rows.map((x) => x.code),
      ['19'],
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await qualityXlsx(r.rows)) as unknown as ArrayBuffer);
    assert.equal(wb.worksheets[0]!.getRow(2).getCell(1).value, '32');
  });

  test('the worklist shows only the officer’s own region', async () => {
    const mine = await worklist(t.db, officer, { page: 1, pageSize: 100 });
    assert.ok(mine.items.some((i) => i.entity_id === lowPaid && i.kind === 'wage_below_minimum'));
    assert.ok(mine.items.every((i) => String(i.village_code).startsWith('32.')));
    const theirs = await worklist(t.db, outsider, { page: 1, pageSize: 100, kind: 'wage_below_minimum' });
    assert.equal(theirs.total, 0);
    await assert.rejects(worklist(t.db, pemda19, { page: 1, pageSize: 10 }), /tidak berwenang/);
  });

  test('an interrupted run resumes: finished provinces are not redone', async () => {
    const provinces = (await t.db.selectFrom('regions').select('code').where('level', '=', 1).execute()).map(
      (r) => r.code,
    );
    await t.db
      .insertInto('quality_runs')
      .values({ done_provinces: provinces.filter((p) => p !== '32') })
      .execute();
    await sql`delete from quality_issues`.execute(t.db);
    await refreshQuality(t.db, clock);
    const left = await t.db.selectFrom('quality_issues').select('province_code').distinct().execute();
    assert.deepEqual(
      left.map((l) => l.province_code),
      ['32'],
    );
  });
});
