/**
 * Issue 12: bad input on the terminal gives a message in both languages, never a stack trace, and a
 * file that cannot be read is refused once (a broken file is the same on every attempt: no retries).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createTestDb, type TestDb } from '../../../test/db.ts';

describe('lindung import workers with a broken file', () => {
  let t: TestDb;
  let dir: string;
  before(async () => {
    t = await createTestDb();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lindung-broken-'));
  });
  after(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  const cli = (file: string) => {
    const r = spawnSync(process.execPath, ['bin/lindung.mjs', 'import', 'workers', file], {
      env: { ...process.env, DATABASE_URL: t.url, NO_COLOR: '1' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    return { status: r.status, text: `${r.stdout}${r.stderr}` };
  };
  const noStack = (text: string) => {
    assert.ok(!/^\s+at .+(:\d+:\d+\)?|\(node:)/m.test(text), `a stack trace:\n${text}`);
    assert.ok(!/\b(TypeError|RangeError|Error):/.test(text), `a raw error:\n${text}`);
  };

  test('random bytes named .xlsx: refused in both languages, once, exit 2', async () => {
    const file = path.join(dir, 'acak.xlsx');
    fs.writeFileSync(file, Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919 + 13) % 256)));
    const r = cli(file);
    noStack(r.text);
    assert.equal(r.status, 2, r.text);
    assert.match(r.text, /berkas XLSX rusak atau bukan XLSX .* \/ the file is not a readable XLSX workbook/);
    const job = await t.db
      .selectFrom('jobs')
      .select(['status', 'attempts'])
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    assert.deepEqual(job, { status: 'failed', attempts: 1 });
  });

  test('a CSV with binary junk and an unclosed quote: the bad lines are reported, no stack trace', () => {
    const file = path.join(dir, 'rusak.csv');
    fs.writeFileSync(
      file,
      Buffer.concat([
        Buffer.from('nik,nama,tanggal_lahir,jenis_kelamin,kode_desa,segmen\n'),
        Buffer.from('3273050101900001,"Tanpa Tutup,1990-01-01,L,32.73.05.1001,BPU\n'),
        Buffer.from([0, 1, 2, 0xff, 0xfe, 10]),
      ]),
    );
    const r = cli(file);
    noStack(r.text);
    assert.ok(r.status === 1 || r.status === 2, r.text);
    assert.match(r.text, /galat \/ error|ditolak/);
  });

  test('a missing file and an empty file: a message, exit 2', () => {
    for (const file of [path.join(dir, 'tidak-ada.csv'), path.join(dir, 'kosong.csv')]) {
      if (file.endsWith('kosong.csv')) fs.writeFileSync(file, '');
      const r = cli(file);
      noStack(r.text);
      assert.equal(r.status, 2, r.text);
      assert.match(r.text, /galat \/ error: .+ \/ /);
    }
  });
});
