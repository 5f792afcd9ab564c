import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import { API_TYPES_FILE, generateApiTypes } from '../scripts/gen-api-types.ts';
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
