/**
 * Client systems and the one access policy (issue 16 after issue 12): a DCI client is a policy actor
 * (role client_system) whose scope and NIK masking come from policy.ts, and the central access hook
 * lets /api/dci/* through only to the DCI bearer-token hook.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { fixedClock } from '../../platform/clock.ts';
import { loadConfig } from '../../platform/config.ts';
import { createHttp, type Http } from '../../platform/http.ts';
import { createUser } from '../access/actions.ts';
import { type Actor, can, canSeeNik, inScope, matchScope, registryScope, SYSTEM } from '../access/policy.ts';
import { accessRoutes } from '../access/routes.ts';
import { clientActor } from './rules.ts';

const staff = (role: Actor['role'], regionCodes: string[] = []): Actor => ({
  ...SYSTEM,
  userId: 7,
  username: role,
  role,
  regionCodes,
});

describe('client systems in the access policy', () => {
  test('scope: its regions, or the whole registry when registered without any', () => {
    const west = clientActor({ id: 1, name: 'jabar', masked: ['nik'], regionCodes: ['32'] });
    assert.deepEqual(registryScope(west), { kind: 'regions', codes: ['32'] });
    const national = clientActor({ id: 2, name: 'kemnaker', masked: [], regionCodes: [] });
    assert.deepEqual(registryScope(national), { kind: 'all' });
    // an actor claiming the role without a registration sees nothing
    assert.deepEqual(registryScope({ ...national, client: undefined }), { kind: 'none' });
  });

  test('NIKs: full only when the client was registered unmasked; it writes nothing', () => {
    const masked = clientActor({ id: 1, name: 'a', masked: ['nik'], regionCodes: [] });
    const open = clientActor({ id: 2, name: 'b', masked: ['name'], regionCodes: [] });
    assert.equal(canSeeNik(masked), false);
    assert.equal(canSeeNik(open), true);
    for (const cap of ['write', 'registry.write', 'audit.read', 'review.handle'] as const)
      assert.equal(can(open, cap), false, cap);
    assert.equal(can(open, 'registry.read'), true);
  });

  test('match scope: a regional government its own regions; roles without the capability none', () => {
    assert.deepEqual(matchScope(staff('regional_government', ['19'])), { kind: 'regions', codes: ['19'] });
    assert.deepEqual(matchScope(staff('regional_government')), { kind: 'none' });
    assert.deepEqual(matchScope(staff('branch_officer', ['19.71'])), { kind: 'regions', codes: ['19.71'] });
    assert.deepEqual(matchScope(staff('admin')), { kind: 'all' });
    assert.deepEqual(matchScope(staff('employer')), { kind: 'none' });
    assert.deepEqual(matchScope(staff('partner')), { kind: 'none' });
    assert.deepEqual(matchScope(staff('agent')), { kind: 'none' });
    // the DCI queries use the policy's own SQL helper for that scope
    assert.ok(inScope(matchScope(staff('regional_government', ['19'])), 'participant', 'p'));
  });
});

describe('the central access hook and /api/dci', () => {
  let t: TestDb;
  let app: Http;
  let staffToken: string;

  before(async () => {
    t = await createTestDb();
    const deps = {
      handle: t.handle,
      db: t.db,
      clock: fixedClock('2026-11-21T09:00:00Z'),
      config: loadConfig({}),
    };
    app = await createHttp({});
    await app.register(
      async (api) => {
        await accessRoutes(api, deps);
        // a route under /api/dci that did not declare itself a client-system route
        api.get('/dci/rogue', async () => ({ leaked: true }));
        // one that did, and whose own hook (here: none) would authenticate
        api.get('/dci/declared', { config: { clientSystem: true } }, async (req) => ({ user: req.user }));
      },
      { prefix: '/api' },
    );
    await createUser(t.db, { username: 'ani', password: 'ani-password', full_name: 'Ani', role: 'admin' });
    const r = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'ani', password: 'ani-password' },
    });
    staffToken = r.json().token;
  });
  after(async () => {
    await app.close();
    await t.close();
  });

  test('an undeclared /api/dci route is refused, even to a signed-in admin', async () => {
    for (const headers of [{}, { authorization: `Bearer ${staffToken}` }]) {
      const r = await app.inject({ method: 'GET', url: '/api/dci/rogue', headers });
      assert.equal(r.statusCode, 401, r.body);
      assert.ok(!r.body.includes('leaked'));
    }
  });

  test('a declared client-system route never sees the staff session', async () => {
    const r = await app.inject({
      method: 'GET',
      url: '/api/dci/declared',
      headers: { authorization: `Bearer ${staffToken}` },
    });
    assert.equal(r.statusCode, 200);
    assert.deepEqual(r.json(), { user: null });
  });
});
