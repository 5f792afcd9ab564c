import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { createTestDb } from '../../test/db.ts';
import { migrate } from './migrate.ts';

test('a migration edited after it was applied is refused with its name; an untouched set migrates to nothing', async () => {
  const t = await createTestDb();
  try {
    assert.deepEqual(await migrate(t.handle), []);
    const first = (
      await sql<{ name: string }>`select name from schema_migrations order by name limit 1`.execute(t.db)
    ).rows[0]!.name;
    // What an edited file looks like from the database's side: a different recorded checksum.
    await sql`update schema_migrations set checksum = 'deadbeef' where name = ${first}`.execute(t.db);
    await assert.rejects(migrate(t.handle), new RegExp(`${first}.*changed after it was applied`));
  } finally {
    await t.close();
  }
});
