/**
 * Property-based fuzz over every route of the OpenAPI document (issue 12): random path values, query
 * strings and JSON bodies (odd dates, NUL bytes, huge numbers, booleans for ids), as admin and as a
 * partner. Zero 5xx. Bounded to about 45 s.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { buildWorld, type World } from './matrix.ts';

const nasty = fc.oneof(
  fc.constantFrom(
    '2024-02-30',
    '9999-12-31',
    '0000-00-00',
    '2024-13-01',
    '1e309',
    '-1',
    '0',
    'true',
    '\u0000',
    'a\u0000b',
    "'; drop table x;--",
    '=1+1',
    '19',
    '19.71.01.1004',
    '2026-10',
  ),
  fc.string({ maxLength: 40 }),
  fc.integer().map(String),
);
const value: fc.Arbitrary<unknown> = fc.oneof(
  nasty,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(nasty, fc.integer()), { maxLength: 4 }),
);

describe('fuzz: no route answers 5xx', () => {
  let t: TestDb;
  let w: World;
  let routes: Array<{ method: string; path: string; fields: string[]; query: string[] }>;

  before(async () => {
    t = await createTestDb();
    w = await buildWorld(t);
    const doc = (await w.app.inject({ url: '/api/openapi.json' })).json() as {
      paths: Record<
        string,
        Record<
          string,
          {
            parameters?: Array<{ in: string; name: string }>;
            requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> };
          }
        >
      >;
    };
    routes = Object.entries(doc.paths)
      .filter(([p]) => p !== '/api/auth/logout')
      .flatMap(([path, ops]) =>
        Object.entries(ops).map(([m, op]) => ({
          method: m.toUpperCase(),
          path,
          fields: Object.keys(op.requestBody?.content?.['application/json']?.schema?.properties ?? {}),
          query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
        })),
      );
  });
  after(() => t.close());

  test('random input on every route', async () => {
    let runs = 0;
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: 10_000 }),
        fc.constantFrom('admin', 'partner', 'officer_regency') as fc.Arbitrary<
          'admin' | 'partner' | 'officer_regency'
        >,
        nasty,
        fc.dictionary(fc.string({ maxLength: 8 }), value, { maxKeys: 3 }),
        fc.array(value, { minLength: 8, maxLength: 8 }),
        async (i, who, pathValue, extra, vals) => {
          const r = routes[i % routes.length]!;
          runs++;
          const url = r.path.replace(/\{\w+\}/g, () => encodeURIComponent(pathValue));
          const qs = new URLSearchParams(
            r.query.map((q, k) => [q, String(vals[k % vals.length])]),
          ).toString();
          const body = {
            ...extra,
            ...Object.fromEntries(r.fields.map((f, k) => [f, vals[k % vals.length]])),
          };
          const res = await w.app.inject({
            method: r.method as 'GET',
            url: qs ? `${url}?${qs}` : url,
            headers: w.headers(who),
            ...(r.method === 'GET' ? {} : { payload: body }),
          });
          if (res.statusCode >= 500)
            failures.push(`${r.method} ${url}?${qs} ${JSON.stringify(body)} → ${res.statusCode}`);
          return res.statusCode < 500;
        },
      ),
      { numRuns: 2000, interruptAfterTimeLimit: 45_000, seed: 12 },
    );
    console.log(`fuzz: ${runs} runs over ${routes.length} routes`);
    assert.deepEqual(failures, []);
    assert.ok(runs >= routes.length, `${runs} runs`);
  });
});
