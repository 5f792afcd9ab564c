import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { reconcileJht } from '../benefits/jht.ts';
import { seedClaimsDemo } from './demo.ts';

let t: TestDb;
before(async () => {
  t = await createTestDb();
});
after(() => t?.close());

test('demo claims: one in every state, from a real paid history, and a rerun adds nothing', async () => {
  const r = await seedClaimsDemo(t.handle);
  assert.equal(r.claims, 8);
  const s = await sql<{
    status: string;
    n: number;
  }>`select status, count(*)::int as n from claims group by 1 order by 1`.execute(t.db);
  const by = Object.fromEntries(s.rows.map((x) => [x.status, x.n]));
  for (const st of ['submitted', 'verified', 'approved', 'rejected', 'in_payment', 'paid'])
    assert.ok(by[st]! >= 1, `${st}: ${JSON.stringify(by)}`);
  assert.equal((await seedClaimsDemo(t.handle)).claims, 0);
  assert.ok((await reconcileJht(t.db)).ok);
});
