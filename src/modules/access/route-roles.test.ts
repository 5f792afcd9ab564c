/**
 * Every route × every identity, from the OpenAPI document, against the table in route-roles.ts (issue 12).
 * A route that the document lists and the table does not fails here: add its entry when you add a route.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import {
  buildWorld,
  classify,
  IDENTITIES,
  type Identity,
  type Outcome,
  READ_ONLY,
  type World,
} from './matrix.ts';
import { ROUTE_ROLES } from './route-roles.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** What the table says, with the two rules that hold for every route. */
export function expected(route: string, who: Identity): Outcome {
  const e = ROUTE_ROLES[route]!;
  const [method, path] = route.split(' ') as [string, string];
  if (who === 'anon') return e.public ? (e.anon ?? e.all) : 'unauth';
  // Read-only roles are refused every write, unless the entry names them (a regional government funding its sponsorships).
  if (READ_ONLY.includes(who) && !SAFE.has(method) && !e.public && e[who] === undefined) return 'forbidden';
  void path;
  return e[who] ?? e.all;
}

describe('route × role', () => {
  let t: TestDb;
  let w: World;
  let routes: Array<{ key: string; method: string; path: string }>;

  before(async () => {
    t = await createTestDb();
    w = await buildWorld(t);
    const doc = (await w.app.inject({ url: '/api/openapi.json' })).json() as {
      paths: Record<string, object>;
    };
    routes = Object.entries(doc.paths)
      .flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => ({ key: `${m.toUpperCase()} ${path}`, method: m.toUpperCase(), path })),
      )
      // Logging out ends the identities' sessions: last.
      .sort((a, b) => Number(a.path === '/api/auth/logout') - Number(b.path === '/api/auth/logout'));
  });
  after(() => t.close());

  test('every route in the OpenAPI document has an entry, and every entry is a route', () => {
    const keys = new Set(routes.map((r) => r.key));
    const missing = [...keys].filter((k) => !ROUTE_ROLES[k]);
    assert.deepEqual(missing, [], 'add these routes to src/modules/access/route-roles.ts');
    const stale = Object.keys(ROUTE_ROLES).filter((k) => !keys.has(k));
    assert.deepEqual(stale, [], 'these entries name no route');
    assert.ok(routes.length >= 100, `${routes.length} routes`);
  });

  test('each identity gets the expected outcome on each route, and nothing answers 5xx', async () => {
    const wrong: string[] = [];
    let calls = 0;
    for (const r of routes) {
      if (!ROUTE_ROLES[r.key]) continue;
      for (const who of IDENTITIES) {
        const res = await w.app.inject({
          method: r.method as 'GET',
          url: w.url(r.path),
          headers: w.headers(who),
          ...(SAFE.has(r.method) ? {} : { payload: {} }),
        });
        calls++;
        const got = classify(res.statusCode);
        const want = expected(r.key, who);
        if (got !== want)
          wrong.push(`${r.key} as ${who}: expected ${want}, got ${res.statusCode} ${res.body.slice(0, 120)}`);
      }
    }
    assert.deepEqual(wrong, []);
    assert.equal(calls, routes.length * IDENTITIES.length);
    console.log(`route × role: ${routes.length} routes × ${IDENTITIES.length} identities = ${calls} calls`);
  });
});
