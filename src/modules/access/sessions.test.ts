/** Sessions and the edges of the HTTP app (issue 12): login, logout, expiry, idle, inactive, Bearer vs cookie, throttling, CSRF, headers, limits. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { createApp } from '../../app.ts';
import type { Clock } from '../../platform/clock.ts';
import { loadConfig } from '../../platform/config.ts';
import type { Http } from '../../platform/http.ts';
import { DEMO_LOGINS } from '../demo/logins.ts';
import { assertSafeToListen, createUser, deleteExpiredSessions } from './actions.ts';

describe('sessions and edges', () => {
  let t: TestDb;
  let app: Http;
  let now = new Date('2026-11-21T09:00:00Z').getTime();
  const clock: Clock = { now: () => new Date(now) };
  const minutes = (m: number) => {
    now += m * 60_000;
  };

  before(async () => {
    t = await createTestDb();
    app = await createApp({
      handle: t.handle,
      db: t.db,
      clock,
      config: loadConfig({ LINDUNG_COOKIE_SECURE: '1' }),
    });
    await createUser(t.db, { username: 'ani', password: 'ani-password', full_name: 'Ani', role: 'admin' });
    await createUser(t.db, {
      username: 'budi',
      password: 'budi-password',
      full_name: 'Budi',
      role: 'auditor',
    });
  });
  after(() => t.close());

  const login = (username: string, password: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, headers });
  const me = (headers: Record<string, string>) => app.inject({ url: '/api/auth/me', headers });

  test('login sets an httpOnly, SameSite, Secure cookie; both cookie and Bearer work; logout ends it', async () => {
    const r = await login('ani', 'ani-password');
    assert.equal(r.statusCode, 200, r.body);
    const cookie = String(r.headers['set-cookie']);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    assert.match(cookie, /Secure/);
    const token = r.json().token;
    assert.equal((await me({ authorization: `Bearer ${token}` })).statusCode, 200);
    assert.equal((await me({ cookie: `lindung_session=${token}` })).statusCode, 200);
    assert.equal((await me({ authorization: 'Bearer nonsense' })).statusCode, 401);
    assert.equal((await me({})).statusCode, 401);
    const out = await app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(out.statusCode, 200);
    assert.equal((await me({ authorization: `Bearer ${token}` })).statusCode, 401);
  });

  test('a session expires after its hours, and idles out after the idle timeout', async () => {
    const token = (await login('ani', 'ani-password')).json().token;
    const h = { authorization: `Bearer ${token}` };
    minutes(29);
    assert.equal((await me(h)).statusCode, 200, 'used within the idle time');
    minutes(29);
    assert.equal((await me(h)).statusCode, 200, 'each use moves the idle clock');
    minutes(31);
    assert.equal((await me(h)).statusCode, 401, 'idle for 31 minutes');
    const t2 = (await login('ani', 'ani-password')).json().token;
    for (let i = 0; i < 17; i++) {
      minutes(29);
      await me({ authorization: `Bearer ${t2}` });
    }
    assert.equal((await me({ authorization: `Bearer ${t2}` })).statusCode, 401, 'past 8 hours');
  });

  test('an inactive user cannot log in and its sessions stop working', async () => {
    const token = (await login('budi', 'budi-password')).json().token;
    await t.db.updateTable('users').set({ active: false }).where('username', '=', 'budi').execute();
    assert.equal((await me({ authorization: `Bearer ${token}` })).statusCode, 401);
    assert.equal((await login('budi', 'budi-password')).statusCode, 401);
    await t.db.updateTable('users').set({ active: true }).where('username', '=', 'budi').execute();
  });

  test('deleteExpiredSessions removes expired and idle sessions only', async () => {
    await login('ani', 'ani-password');
    minutes(60);
    const fresh = (await login('ani', 'ani-password')).json().token;
    const n = await deleteExpiredSessions(t.db, { clock, idleMinutes: 30 });
    assert.ok(n >= 1);
    const left = await t.db.selectFrom('sessions').select('token_hash').execute();
    assert.equal(left.length, 1);
    assert.equal((await me({ authorization: `Bearer ${fresh}` })).statusCode, 200);
  });

  test('wrong passwords lock the username (known or not) after 5 tries; unknown users cost a hash too', async () => {
    for (const name of ['ani', 'nobody-here']) {
      const codes = [];
      for (let i = 0; i < 6; i++) codes.push((await login(name, 'wrong-password')).statusCode);
      assert.deepEqual(codes, [401, 401, 401, 401, 401, 429], name);
    }
    assert.equal((await login('ani', 'ani-password')).statusCode, 429, 'locked even with the right password');
    minutes(16);
    assert.equal((await login('ani', 'ani-password')).statusCode, 200, 'unlocked after 15 minutes');
    const time = async (name: string) => {
      const s = process.hrtime.bigint();
      await login(name, 'wrong-password-x');
      return Number(process.hrtime.bigint() - s) / 1e6;
    };
    await time('budi');
    const known = (await time('budi')) + (await time('budi'));
    const unknown = (await time('ghost-1')) + (await time('ghost-2'));
    assert.ok(unknown > known / 3, `unknown ${unknown} ms vs known ${known} ms`);
  });

  test('cookie-authenticated writes from another site are refused; Bearer and same-origin pass', async () => {
    minutes(20);
    const token = (await login('ani', 'ani-password')).json().token;
    const write = (headers: Record<string, string>) =>
      app.inject({ method: 'POST', url: '/api/auth/logout', headers: { host: 'lindung.test', ...headers } });
    assert.equal(
      (await write({ cookie: `lindung_session=${token}`, origin: 'https://evil.example' })).statusCode,
      403,
    );
    assert.equal(
      (await write({ cookie: `lindung_session=${token}`, 'sec-fetch-site': 'cross-site' })).statusCode,
      403,
    );
    assert.equal(
      (await login('ani', 'ani-password', { origin: 'https://evil.example', host: 'lindung.test' }))
        .statusCode,
      403,
      'login CSRF',
    );
    assert.equal(
      (await write({ authorization: `Bearer ${token}`, origin: 'https://evil.example' })).statusCode,
      200,
      'Bearer clients are not riding on a cookie',
    );
    const t2 = (await login('ani', 'ani-password')).json().token;
    assert.equal(
      (
        await write({
          cookie: `lindung_session=${t2}`,
          origin: 'http://lindung.test',
          'sec-fetch-site': 'same-origin',
        })
      ).statusCode,
      200,
    );
  });

  test('security headers, a small JSON body limit before authentication', async () => {
    const r = await app.inject({ url: '/api/auth/me' });
    const csp = String(r.headers['content-security-policy']);
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
    assert.equal(r.headers['referrer-policy'], 'same-origin');
    assert.equal(r.headers['strict-transport-security'], undefined, 'HSTS only when asked');
    const big = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ username: 'x', password: 'y'.repeat(10_000) }),
    });
    assert.equal(big.statusCode, 413);
    const huge = (headers: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url: '/api/participants',
        headers: { 'content-type': 'application/json', ...headers },
        payload: JSON.stringify({ full_name: 'y'.repeat(2 * 1024 * 1024) }),
      });
    assert.equal((await huge({})).statusCode, 401, 'refused before the body is read');
    const token = (await login('ani', 'ani-password')).json().token;
    assert.equal((await huge({ authorization: `Bearer ${token}` })).statusCode, 413);
  });

  test('the server refuses a public interface while demo logins have their published passwords', async () => {
    const demo = DEMO_LOGINS[0]!;
    await createUser(t.db, {
      username: demo.username,
      password: demo.password,
      full_name: 'Demo',
      role: 'admin',
    });
    await assertSafeToListen(t.db, '127.0.0.1', DEMO_LOGINS);
    await assert.rejects(() => assertSafeToListen(t.db, '0.0.0.0', DEMO_LOGINS), /demo/);
    await t.db.updateTable('users').set({ active: false }).where('username', '=', demo.username).execute();
    await assertSafeToListen(t.db, '0.0.0.0', DEMO_LOGINS);
    assert.equal(loadConfig({}).host, '127.0.0.1');
  });
});
