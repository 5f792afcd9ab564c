import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { makeEmployer, makeNik } from '../../../test/factories.ts';
import { fixedClock } from '../../platform/clock.ts';
import { SYSTEM } from '../access/policy.ts';
import { importWorkers } from './actions.ts';

const clock = fixedClock('2026-11-21T09:00:00Z');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lindung-import-'));
const HEADER = 'nik,nama,tanggal_lahir,jenis_kelamin,kode_desa,telepon,segmen,tanggal_mulai,upah';

function csv(name: string, lines: string[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, [HEADER, ...lines].join('\n'));
  return file;
}

const good1 = makeNik('32.73.05', '1990-10-20', 'F', 9);
const good2 = makeNik('32.73.05', '1985-03-01', 'M', 1);
const good3 = makeNik('19.71.01', '2001-12-31', 'M', 2);

describe('worker import', () => {
  let t: TestDb;
  let npp: string;
  before(async () => {
    t = await createTestDb();
    npp = (await makeEmployer(t.db)).npp;
  });
  after(() => t.close());

  test('valid rows are registered, each bad row is reported by line and column', async () => {
    const file = csv('mixed.csv', [
      `${good1},Siti Rahayu,1990-10-20,P,32.73.05.1001,0811,PU,2026-01-02,4500000`, // line 2 ok
      `${good2},Budi Santoso,20/03/1985,L,32.73.05.1002,,PU,2026-01-02,5000000`, // line 3: birth date contradicts NIK (01 Mar)
      `${good3},Andi,2001-12-31,P,19.71.01.1004,,PU,,4000000`, // line 4: sex contradicts NIK
      `12345,Salah,1990-01-01,L,32.73.05.1001,,PU,,4000000`, // line 5: malformed NIK
      `${makeNik('32.73.05', '1992-02-02', 'M', 3)},Dodi,1992-02-02,L,99.99.99.9999,,PU,,4000000`, // line 6: unknown village
      `${good1},Siti Rahayu,1990-10-20,P,32.73.05.1001,,PU,,4500000`, // line 7: duplicate of line 2
      `${makeNik('32.73.05', '1993-03-03', 'M', 4)},Eko,1993-03-03,L,32.73.05.1001,,PU,,-5`, // line 8: negative wage
      `${makeNik('32.73.05', '1994-04-04', 'M', 5)},,1994-04-04,L,32.73.05.1001,,PU,,4000000`, // line 9: missing name
      `${makeNik('32.73.05', '1995-05-05', 'M', 6)},Fajar,1995-05-05,L,32.73.05.1001,,PU,,90000000000`, // line 10: absurd wage
    ]);
    const r = await importWorkers(t.handle, { file, employerNpp: npp }, SYSTEM, clock);
    assert.equal(r.total, 9);
    assert.equal(r.accepted, 1);
    assert.equal(r.rejected, 8);
    const codes = r.errors.map((e) => `${e.line}:${e.column}:${e.code}`);
    assert.deepEqual(codes, [
      '3:tanggal_lahir:birth_date_mismatch',
      '4:jenis_kelamin:sex_mismatch',
      '5:nik:nik_format',
      '6:kode_desa:village_unknown',
      '7:nik:nik_duplicate_in_file',
      '8:upah:wage_negative',
      '9:nama:required',
      '10:upah:wage_absurd',
    ]);
    assert.match(r.errors.find((e) => e.line === 7)!.message_id, /baris 2/);
    const p = await t.db
      .selectFrom('participants')
      .selectAll()
      .where('nik', '=', good1)
      .executeTakeFirstOrThrow();
    assert.equal(p.sex, 'F');
    assert.equal(p.province_code, '32');
    assert.deepEqual(p.programs, ['JKK', 'JKM', 'JHT', 'JP', 'JKP']);
    const emp = await t.db
      .selectFrom('employments')
      .selectAll()
      .where('participant_id', '=', p.id)
      .executeTakeFirstOrThrow();
    assert.equal(emp.wage, 4500000);
    assert.equal(emp.started_on, '2026-01-02');
  });

  test('re-importing the same file changes nothing', async () => {
    const file = csv('twice.csv', [`${good3},Andi,2001-12-31,L,19.71.01.1004,,PU,,4000000`]);
    const first = await importWorkers(t.handle, { file, employerNpp: npp }, SYSTEM, clock);
    assert.equal(first.accepted, 1);
    const count = async () =>
      (
        await sql<{
          n: number;
        }>`select (select count(*) from participants) + (select count(*) from employment_events) as n`.execute(
          t.db,
        )
      ).rows[0]!.n;
    const before = await count();
    const again = await importWorkers(t.handle, { file, employerNpp: npp }, SYSTEM, clock);
    assert.equal(again.alreadyImportedAs, first.importId);
    // The same rows in another file are recognised row by row as unchanged.
    const copy = csv('copy.csv', [`${good3},Andi,2001-12-31,L,19.71.01.1004,,PU,,4000000`, '']);
    const third = await importWorkers(t.handle, { file: copy, employerNpp: npp }, SYSTEM, clock);
    assert.equal(third.unchanged, 1);
    assert.equal(third.accepted, 0);
    assert.equal(await count(), before);
  });

  test('a NIK registered at another employer is rejected', async () => {
    const other = await makeEmployer(t.db);
    const file = csv('other.csv', [`${good3},Andi,2001-12-31,L,19.71.01.1004,,PU,,4000000`]);
    const r = await importWorkers(t.handle, { file, employerNpp: other.npp }, SYSTEM, clock);
    assert.equal(r.rejected, 1);
    assert.equal(r.errors[0]!.code, 'nik_registered');
  });

  test('a dry run writes nothing', async () => {
    const nik = makeNik('32.73.05', '1980-06-15', 'M', 7);
    const file = csv('dry.csv', [
      `${nik},Gita,1980-06-15,L,32.73.05.1003,,PU,,6000000`,
      `123,X,1980-06-15,L,32.73.05.1003,,PU,,6000000`,
    ]);
    const snapshot = async () =>
      (
        await sql<{
          s: string;
        }>`select (select count(*) from participants) || '/' || (select count(*) from import_jobs) || '/' || (select count(*) from import_errors) || '/' || (select count(*) from import_rows) as s`.execute(
          t.db,
        )
      ).rows[0]!.s;
    const before = await snapshot();
    const r = await importWorkers(t.handle, { file, employerNpp: npp, dryRun: true }, SYSTEM, clock);
    assert.equal(r.accepted, 1);
    assert.equal(r.rejected, 1);
    assert.equal(await snapshot(), before);
  });

  test('XLSX: streamed from the first sheet; a NIK typed as a number is caught', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Peserta');
    ws.addRow(['NIK', 'Nama', 'Tanggal Lahir', 'Jenis Kelamin', 'Kode Desa', 'Segmen', 'Upah']);
    const nik = makeNik('32.73.05', '1988-08-08', 'F', 11);
    ws.addRow([nik, 'Wulan', new Date(Date.UTC(1988, 7, 8)), 'P', '32.73.05.1003', 'PU', 5_100_000]);
    // 9,6e15 is past 2^53: Excel keeps a rounded number, not the NIK.
    ws.addRow([Number('9673056010900009'), 'Angka', '1990-10-20', 'P', '32.73.05.1003', 'PU', 5_100_000]);
    wb.addWorksheet('Petunjuk').addRow(['ignored']);
    const file = path.join(dir, 'list.xlsx');
    await wb.xlsx.writeFile(file);
    const r = await importWorkers(t.handle, { file, employerNpp: npp }, SYSTEM, clock);
    assert.equal(r.accepted, 1);
    assert.deepEqual(
      r.errors.map((e) => `${e.line}:${e.column}:${e.code}`),
      ['3:nik:nik_number_cell'],
    );
    const p = await t.db
      .selectFrom('participants')
      .select(['birth_date', 'sex'])
      .where('nik', '=', nik)
      .executeTakeFirstOrThrow();
    assert.deepEqual(p, { birth_date: '1988-08-08', sex: 'F' });
  });

  test('a malformed CSV line (an unclosed quote, binary junk) is reported by its line; the rest is read', async () => {
    const a = makeNik('32.73.05', '1981-01-11', 'M', 21);
    const b = makeNik('32.73.05', '1982-02-12', 'M', 22);
    const c = makeNik('32.73.05', '1983-03-13', 'M', 23);
    const file = csv('malformed.csv', [
      `${a},Agus,1981-01-11,L,32.73.05.1001,,PU,,4000000`, // line 2 ok
      `${makeNik('32.73.05', '1984-04-14', 'M', 24)},"Bambang,1984-04-14,L,32.73.05.1001,,PU,,4000000`, // line 3: quote never closed
      `\u0000\u0001\u0002PK\u0003\u0004 junk`, // line 4: binary
      `${b},"Cahyo, S.E.",1982-02-12,L,32.73.05.1001,,PU,,4000000`, // line 5 ok (a quoted comma)
      `${c},Dedi,1983-03-13,L,32.73.05.1001,,PU,,4000000`, // line 6 ok
    ]);
    const r = await importWorkers(t.handle, { file, employerNpp: npp }, SYSTEM, clock);
    assert.equal(r.total, 5);
    assert.equal(r.accepted, 3);
    assert.deepEqual(
      r.errors.map((e) => `${e.line}:${e.column}:${e.code}`),
      ['3:baris:malformed', '4:baris:malformed'],
    );
    assert.match(r.errors[0]!.message_id, /tanda kutip/);
    assert.match(r.errors[1]!.message_en, /binary/);
    const names = await t.db
      .selectFrom('participants')
      .select('full_name')
      .where('nik', 'in', [a, b, c])
      .execute();
    assert.deepEqual(names.map((n) => n.full_name).sort(), ['Agus', 'Cahyo, S.E.', 'Dedi']);
  });

  test('a CSV saved by Excel as Windows-1252 or as UTF-16 is read as written, not as "Jos\ufffd M\ufffdller"', async () => {
    const n1 = makeNik('32.73.05', '1970-07-07', 'M', 31);
    const n2 = makeNik('32.73.05', '1971-07-08', 'F', 32);
    const lines = (nik: string, name: string, birth: string, sex: string) =>
      [HEADER, `${nik},${name},${birth},${sex},32.73.05.1001,,PU,,4000000`].join('\r\n');
    const ansi = path.join(dir, 'ansi.csv');
    fs.writeFileSync(ansi, Buffer.from(lines(n1, 'José Müller', '1970-07-07', 'L'), 'latin1'));
    const utf16 = path.join(dir, 'unicode.csv');
    fs.writeFileSync(
      utf16,
      Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from(lines(n2, 'Zoë Çelik', '1971-07-08', 'P'), 'utf16le'),
      ]),
    );
    for (const file of [ansi, utf16]) {
      const r = await importWorkers(t.handle, { file, employerNpp: npp }, SYSTEM, clock);
      assert.equal(r.accepted, 1, JSON.stringify(r.errors));
    }
    const names = await t.db
      .selectFrom('participants')
      .select('full_name')
      .where('nik', 'in', [n1, n2])
      .orderBy('nik')
      .execute();
    assert.deepEqual(names.map((n) => n.full_name).sort(), ['José Müller', 'Zoë Çelik']);
  });

  test('a file without the required columns is refused as a whole', async () => {
    const file = path.join(dir, 'bad-header.csv');
    fs.writeFileSync(file, 'foo,bar\n1,2\n');
    await assert.rejects(importWorkers(t.handle, { file, employerNpp: npp }, SYSTEM, clock), /nik, nama/);
  });
});
