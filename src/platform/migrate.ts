import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { distribute } from './citus.ts';
import type { DbHandle } from './db.ts';
import { ConfigError } from './errors.ts';
import { migrateJobEngine } from './jobs.ts';

export const MIGRATIONS_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../db/migrations',
);

const checksum = (body: string) => crypto.createHash('sha256').update(body).digest('hex');

/**
 * Applies the plain-SQL migrations in db/migrations in file-name order, each in its own
 * transaction, recording them in schema_migrations with a checksum. Forward-only: a file that
 * changed after it was applied is refused (its checksum no longer matches), never run again.
 */
export async function migrate(h: DbHandle, log: (line: string) => void = () => {}): Promise<string[]> {
  await h.exec(`create table if not exists schema_migrations (name text primary key, applied_at timestamptz not null default now());
    alter table schema_migrations add column if not exists checksum text;`);
  const done = new Map(
    (
      await sql<{
        name: string;
        checksum: string | null;
      }>`select name, checksum from schema_migrations`.execute(h.db)
    ).rows.map((r) => [r.name, r.checksum]),
  );
  const files = fs
    .readdirSync(MIGRATIONS_DIR)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  const applied: string[] = [];
  for (const file of files) {
    const body = fs.readFileSync(path.join(MIGRATIONS_DIR, file), 'utf8');
    const sum = checksum(body);
    if (done.has(file)) {
      const recorded = done.get(file);
      if (recorded === null) {
        // Applied before checksums were recorded: record the file as it is now.
        await sql`update schema_migrations set checksum = ${sum} where name = ${file}`.execute(h.db);
      } else if (recorded !== sum) {
        throw new ConfigError(
          `Migrasi ${file} berubah setelah diterapkan / migration ${file} was changed after it was applied ` +
            `(checksum ${recorded?.slice(0, 12)} ≠ ${sum.slice(0, 12)}). Migrations are forward-only: restore the file ` +
            'and add a new migration for the change.',
        );
      }
      continue;
    }
    const name = file.replace(/'/g, "''");
    await h.exec(
      `begin;\n${body}\n;insert into schema_migrations (name, checksum) values ('${name}', '${sum}');\ncommit;`,
    );
    applied.push(file);
    log(`migrated ${file}`);
  }
  await migrateJobEngine(h);
  // On a Citus coordinator: distribute the large tables, replicate the small ones (no-op elsewhere).
  await distribute(h, log);
  return applied;
}
