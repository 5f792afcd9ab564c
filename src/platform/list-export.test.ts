/**
 * Lists as files (issue 14): `?format=csv|xlsx` on a list route writes the list the JSON shows — the
 * same scope and filters — with Indonesian (or, with lang=en, English) headers, words instead of codes,
 * formulas neutralised, and every page of it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { testApp } from '../../test/app.ts';
import { createTestDb, type TestDb } from '../../test/db.ts';
import { makeEmployer } from '../../test/factories.ts';
import { EXPORT_PAGE } from './list-export.ts';

const HOSTILE = '=HYPERLINK("http://x","klik")';

describe('a list answered as CSV or XLSX', () => {
  let t: TestDb;
  let h: Awaited<ReturnType<typeof testApp>>;

  before(async () => {
    t = await createTestDb();
    h = await testApp(t);
    await h.user('admin', 'admin');
    await h.user('cabang', 'branch_officer', { region_codes: ['32'] });
    await makeEmployer(t.db, { name: HOSTILE, village_code: '32.73.05.1001', size_class: 'large' });
    await makeEmployer(t.db, {
      name: 'PT Jawa Barat Sejahtera',
      village_code: '32.73.05.1001',
      size_class: 'micro',
    });
    await makeEmployer(t.db, { name: 'PT Bangka Timah', village_code: '19.71.01.1004', size_class: 'small' });
  });
  after(() => t.close());

  const csv = async (url: string, who = 'admin') => {
    const r = await h.app.inject({ url, headers: h.as(who) });
    assert.equal(r.statusCode, 200, r.body);
    assert.match(String(r.headers['content-type']), /^text\/csv/);
    assert.match(String(r.headers['content-disposition']), /attachment; filename="pemberi-kerja\.csv"/);
    assert.ok(r.body.startsWith('\ufeff'), 'UTF-8 with BOM');
    return parse(r.body.slice(1), { relax_column_count: true }) as string[][];
  };

  test('CSV: Indonesian headers, words not codes, a formula neutralised', async () => {
    const [header, ...rows] = await csv('/api/employers?format=csv');
    assert.deepEqual(header, [
      'NPP',
      'Nama',
      'Bentuk badan usaha',
      'Sektor',
      'Skala usaha',
      'Kelas risiko',
      'Kabupaten/kota',
      'Provinsi',
      'Tenaga kerja',
      'Status',
    ]);
    assert.equal(rows.length, 3);
    const names = rows.map((r) => r[1]);
    assert.ok(names.includes(`'${HOSTILE}`), 'the formula is written as text');
    assert.ok(!names.includes(HOSTILE));
    const sizes = rows.map((r) => r[4]).sort();
    assert.deepEqual(sizes, ['Besar', 'Kecil', 'Mikro']);
    assert.deepEqual([...new Set(rows.map((r) => r[9]))], ['Aktif']);
  });

  test('English headers and words with lang=en; the JSON filters apply', async () => {
    const [header, ...rows] = await csv('/api/employers?format=csv&lang=en&q=pt%20jawa');
    assert.equal(header?.[1], 'Name');
    assert.equal(header?.[4], 'Size');
    assert.deepEqual(
      rows.map((r) => [r[1], r[4], r[9]]),
      [['PT Jawa Barat Sejahtera', 'Micro', 'Active']],
    );
  });

  test('a branch officer exports only its own region', async () => {
    const json = await h.app.inject({ url: '/api/employers', headers: h.as('cabang') });
    const [, ...rows] = await csv('/api/employers?format=csv', 'cabang');
    assert.equal(rows.length, 2);
    assert.equal(json.json().total, 2);
    assert.ok(
      rows.every((r) => r[7] === 'JAWA BARAT' || /jawa barat/i.test(r[7] ?? '')),
      JSON.stringify(rows),
    );
    assert.ok(!rows.some((r) => r[1] === 'PT Bangka Timah'));
  });

  test('XLSX: the same header, words and neutralised cell', async () => {
    const r = await h.app.inject({ url: '/api/employers?format=xlsx', headers: h.as('admin') });
    assert.equal(r.statusCode, 200, r.body);
    assert.match(String(r.headers['content-type']), /spreadsheetml/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const values = (n: number) => (ws.getRow(n).values as unknown[]).slice(1);
    assert.equal(values(1)[1], 'Nama');
    assert.equal(values(1)[4], 'Skala usaha');
    assert.equal(ws.actualRowCount, 4);
    const body = [2, 3, 4].map(values);
    assert.ok(body.some((v) => v[1] === `'${HOSTILE}`));
    assert.ok(!body.some((v) => v[1] === HOSTILE));
    assert.deepEqual(body.map((v) => v[4]).sort(), ['Besar', 'Kecil', 'Mikro']);
    assert.ok(
      body.every((v) => typeof v[5] === 'number'),
      'numbers stay numbers',
    );
  });

  test('every page is written, not only the first', async () => {
    const n = EXPORT_PAGE + 5;
    // Set-based, like the demo seed: n participants in one statement (ids 1..n give distinct NIK/KPJ).
    await sql`insert into participants (nik, kpj, full_name, birth_date, sex, village_code, regency_code,
        province_code, segment, programs, registered_on)
      select '3273056010' || lpad(g::text, 6, '0'), '9' || lpad(g::text, 10, '0'), 'Massal Peserta',
        '1990-10-20', 'F', '32.73.05.1001', '32.73', '32', 'BPU', '{JKK,JKM}', '2026-01-05'
      from generate_series(1, ${n}) g`.execute(t.db);
    const r = await h.app.inject({ url: '/api/participants?q=massal&format=csv', headers: h.as('admin') });
    assert.equal(r.statusCode, 200, r.body);
    const [header, ...rows] = parse(r.body.slice(1)) as string[][];
    assert.equal(header?.[0], 'Nama');
    assert.equal(rows.length, n);
    assert.equal(new Set(rows.map((x) => x[2])).size, n, 'no row twice');
    assert.equal(rows[0]?.[5], 'Bukan penerima upah (BPU)');
    assert.equal(rows[0]?.[4], 'Perempuan');
  });

  test('the review queue: paged with its total, its export in words and in the officer region', async () => {
    await sql`insert into access_reviews (kind, region_code, nik, requested_at) values
      ('registered_elsewhere', '32.73.05.1001', '3273056010900001', '2026-12-07T18:30:00Z'),
      ('registered_elsewhere', '32.73.05.1001', '3273056010900002', '2026-12-07T18:31:00Z'),
      ('enrolment_request', '19.71.01.1004', '1971014807910001', '2026-12-07T18:32:00Z')`.execute(t.db);
    const page = await h.app.inject({ url: '/api/reviews?pageSize=1', headers: h.as('admin') });
    assert.equal(page.json().total, 3);
    assert.equal(page.json().items.length, 1);
    const r = await h.app.inject({ url: '/api/reviews?status=open&format=csv', headers: h.as('cabang') });
    assert.equal(r.statusCode, 200, r.body);
    const [header, ...rows] = parse(r.body.slice(1)) as string[][];
    assert.deepEqual(header?.slice(0, 4), ['Nomor', 'Jenis', 'Status', 'NIK']);
    assert.equal(rows.length, 2, "only the officer's region");
    assert.ok(rows.every((x) => x[1] === 'Sudah terdaftar di tempat lain' && x[2] === 'Menunggu keputusan'));
    // 18:30 UTC is 01:30 the next day on the WIB clock.
    assert.deepEqual(rows.map((x) => x[8]).sort(), ['2026-12-08 01:30 WIB', '2026-12-08 01:31 WIB']);
  });

  test('partners: type and sector in the partners page words, paged with the total', async () => {
    await sql`insert into partners (name, type, sector) values
      ('Asosiasi Uji', 'association', 'cooperatives and MSMEs'), ('Kadin Uji', 'chamber', null)`.execute(
      t.db,
    );
    const page = await h.app.inject({ url: '/api/partners?pageSize=1', headers: h.as('admin') });
    assert.equal(page.json().items.length, 1);
    const total = page.json().total;
    assert.ok(total >= 2, String(total));
    const r = await h.app.inject({
      url: '/api/partners?type=association&format=csv',
      headers: h.as('admin'),
    });
    const [header, ...rows] = parse(r.body.slice(1)) as string[][];
    assert.deepEqual(header?.slice(0, 4), ['Mitra', 'Singkatan', 'Jenis', 'Sektor']);
    const row = rows.find((x) => x[0] === 'Asosiasi Uji');
    assert.deepEqual(row?.slice(2, 4), ['Asosiasi', 'Koperasi dan UMKM']);
    assert.ok(
      rows.every((x) => x[2] === 'Asosiasi'),
      'the type filter applies',
    );
  });

  test('agreement performance: sorted, cut into pages after the sort, its export in words', async () => {
    const r = await h.app.inject({ url: '/api/agreements/performance?pageSize=1', headers: h.as('admin') });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(typeof r.json().total, 'number');
    assert.ok(r.json().items.length <= 1);
    const f = await h.app.inject({ url: '/api/agreements/performance?format=csv', headers: h.as('admin') });
    assert.equal(f.statusCode, 200, f.body);
    const [header, ...rows] = parse(f.body.slice(1)) as string[][];
    assert.deepEqual(header?.slice(0, 3), ['Nomor', 'Mitra', 'Status']);
    assert.equal(rows.length, r.json().total);
  });
});
