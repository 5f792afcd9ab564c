import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { API_TYPES_FILE, generateApiTypes, openApiDocument } from '../scripts/gen-api-types.ts';
import { createTestDb, type TestDb } from './db.ts';

// The web's API types are generated from the routes: a route changed without `npm run api:types`
// fails here, so the web cannot typecheck against an answer the server no longer gives.
let t: TestDb;
before(async () => {
  t = await createTestDb();
});
after(() => t.close());

test('web/src/api/schema.d.ts is what npm run api:types generates from the current routes', async () => {
  const fresh = await generateApiTypes(t.handle);
  const committed = fs.readFileSync(API_TYPES_FILE, 'utf8');
  if (fresh === committed) return;
  const a = committed.split('\n');
  const b = fresh.split('\n');
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  assert.fail(
    `web/src/api/schema.d.ts is out of date with the routes: run \`npm run api:types\` and commit it.\n` +
      `first difference at line ${i + 1}:\n  committed: ${a[i] ?? '(end of file)'}\n  generated: ${b[i] ?? '(end of file)'}`,
  );
});

test('the generation is deterministic', async () => {
  assert.equal(await generateApiTypes(t.handle), await generateApiTypes(t.handle));
});

/**
 * Issue 14 wants a response schema on every route. The routes that have none yet are listed in
 * test/routes-without-response-schema.txt; the list may only shrink: a new route needs a schema,
 * and a route that gets one leaves the list.
 */
const PENDING_FILE = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  'routes-without-response-schema.txt',
);

test('every route has a response schema, except those still listed as pending', async () => {
  const doc = await openApiDocument(t.handle);
  const missing: string[] = [];
  for (const [p, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item as Record<string, { responses?: object }>)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const described = Object.entries(op.responses ?? {}).some(
        ([code, r]) => /^2\d\d$/.test(code) && (code === '204' || (r as { content?: unknown }).content),
      );
      if (!described) missing.push(`${method.toUpperCase()} ${p}`);
    }
  }
  const pending = fs
    .readFileSync(PENDING_FILE, 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'));
  const added = missing.filter((r) => !pending.includes(r));
  const done = pending.filter((r) => !missing.includes(r));
  assert.deepEqual(
    { 'routes without a response schema (add one)': added, 'listed but now described (remove)': done },
    { 'routes without a response schema (add one)': [], 'listed but now described (remove)': [] },
  );
});
