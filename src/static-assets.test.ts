/** Built assets (issue 14): served precompressed when the client accepts it, hashed files immutable, index.html revalidated. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import zlib from 'node:zlib';
import { createTestDb, type TestDb } from '../test/db.ts';
import { createApp } from './app.ts';
import { fixedClock } from './platform/clock.ts';
import { loadConfig } from './platform/config.ts';
import type { Http } from './platform/http.ts';

describe('built assets', () => {
  let t: TestDb;
  let app: Http;
  let dist: string;
  const js = `console.log(${JSON.stringify('lindung '.repeat(400))});\n`;

  before(async () => {
    // A build as web/vite.config.ts writes it: hashed files under assets/ with .br and .gz beside them.
    dist = fs.mkdtempSync(path.join(os.tmpdir(), 'lindung-dist-'));
    fs.mkdirSync(path.join(dist, 'assets'));
    fs.writeFileSync(
      path.join(dist, 'index.html'),
      '<!doctype html><title>Lindung</title><div id="root"></div>',
    );
    const file = path.join(dist, 'assets', 'index-AbC123xy.js');
    fs.writeFileSync(file, js);
    fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(js));
    fs.writeFileSync(`${file}.gz`, zlib.gzipSync(js));
    t = await createTestDb();
    app = await createApp(
      { handle: t.handle, db: t.db, clock: fixedClock('2026-11-21T09:00:00Z'), config: loadConfig({}) },
      { webDist: dist },
    );
  });
  after(async () => {
    await app?.close();
    await t?.close();
    fs.rmSync(dist, { recursive: true, force: true });
  });

  test('a hashed script is sent as Brotli, then gzip, then plain, always immutable', async () => {
    const url = '/assets/index-AbC123xy.js';
    const br = await app.inject({ url, headers: { 'accept-encoding': 'br, gzip' } });
    assert.equal(br.statusCode, 200);
    assert.equal(br.headers['content-encoding'], 'br');
    assert.match(String(br.headers['content-type']), /javascript/);
    assert.equal(br.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.match(String(br.headers.vary), /accept-encoding/i);
    assert.equal(zlib.brotliDecompressSync(br.rawPayload).toString(), js);
    assert.ok(br.rawPayload.length < js.length / 4, `${br.rawPayload.length} bytes`);

    const gz = await app.inject({ url, headers: { 'accept-encoding': 'gzip' } });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.equal(zlib.gunzipSync(gz.rawPayload).toString(), js);
    assert.equal(gz.headers['cache-control'], 'public, max-age=31536000, immutable');

    const plain = await app.inject({ url, headers: { 'accept-encoding': 'identity' } });
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.body, js);
  });

  test('index.html and the SPA fallback are revalidated on every load', async () => {
    for (const url of ['/', '/index.html', '/peserta/12']) {
      const res = await app.inject({ url, headers: { 'accept-encoding': 'br, gzip' } });
      assert.equal(res.statusCode, 200, url);
      assert.match(res.body, /<div id="root">/, url);
      assert.equal(res.headers['cache-control'], 'no-cache', url);
    }
  });

  test('an API 404 is still JSON, not the SPA', async () => {
    const res = await app.inject({ url: '/api/nothing-here' });
    assert.equal(res.statusCode, 404);
    assert.match(res.body, /Tidak ditemukan/);
  });
});
