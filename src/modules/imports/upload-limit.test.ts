/**
 * Issue 12: the upload limit fits the documented largest file (docs/import-format.md) and holds: a file
 * above it is refused after authentication and nothing of it is kept.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { createApp } from '../../app.ts';
import { fixedClock } from '../../platform/clock.ts';
import { loadConfig } from '../../platform/config.ts';
import type { Http } from '../../platform/http.ts';
import { createUser } from '../access/actions.ts';

/** docs/import-format.md "Largest file": an Excel sheet of rows, every column filled, 60-character names. */
const LARGEST_ROWS = 1_048_575;
const HEADER =
  'nik,nama,tanggal_lahir,jenis_kelamin,kode_desa,telepon,segmen,npp,tanggal_mulai,upah,non_asn,rentan,jht';
const WIDEST_ROW = `3273054501900001,${'N'.repeat(60)},1990-01-05,P,32.73.05.1001,+6281234567890,BPU,12345678901,2026-01-02,Rp10.000.000,tidak,tidak,tidak\r\n`;

function multipart(name: string, content: string) {
  const boundary = 'lindungbatas';
  return {
    body:
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n` +
      `Content-Type: text/csv\r\n\r\n${content}\r\n--${boundary}--\r\n`,
    type: `multipart/form-data; boundary=${boundary}`,
  };
}

describe('the upload limit', () => {
  let t: TestDb;
  let app: Http;
  let token: string;
  const limit = 4096;
  before(async () => {
    t = await createTestDb();
    const config = { ...loadConfig({}), uploadLimit: limit };
    app = await createApp({ handle: t.handle, db: t.db, clock: fixedClock('2026-11-21T09:00:00Z'), config });
    await createUser(t.db, {
      username: 'admin',
      password: 'admin-password',
      full_name: 'Admin',
      role: 'admin',
    });
    token = (
      await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'admin', password: 'admin-password' },
      })
    ).json().token;
  });
  after(() => t.close());

  test('the default limit holds the documented largest file', () => {
    const bytes = HEADER.length + 2 + LARGEST_ROWS * WIDEST_ROW.length;
    assert.ok(bytes <= loadConfig({}).uploadLimit, `${bytes} bytes > ${loadConfig({}).uploadLimit}`);
    assert.ok(bytes / 1024 / 1024 < 180, 'docs/import-format.md says 178 MiB');
  });

  test('a file above the limit is refused and nothing of it is kept; one below it is taken', async () => {
    const count = async () =>
      (await sql<{ n: number }>`select count(*)::int as n from uploads`.execute(t.db)).rows[0]!.n;
    const rows = (n: number) => `${HEADER}\r\n${WIDEST_ROW.repeat(n)}`;
    const send = (content: string) => {
      const m = multipart('daftar.csv', content);
      return app.inject({
        method: 'POST',
        url: '/api/imports/workers',
        headers: { authorization: `Bearer ${token}`, 'content-type': m.type },
        payload: m.body,
      });
    };
    const before = await count();
    const big = await send(rows(Math.ceil((2 * limit) / WIDEST_ROW.length)));
    assert.ok(big.statusCode === 413 || big.statusCode === 422, `${big.statusCode} ${big.body}`);
    assert.match(big.body, /terlalu besar|too large/i);
    assert.equal(await count(), before, 'no upload row is kept');
    const small = await send(rows(2));
    assert.equal(small.statusCode, 202, small.body);
    assert.equal(await count(), before + 1);
  });
});
