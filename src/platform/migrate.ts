import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { DbHandle } from './db.ts';
import { migrateJobEngine } from './jobs.ts';

export const MIGRATIONS_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../db/migrations',
);

/**
 * Applies the plain-SQL migrations in db/migrations in file-name order, each in its own
 * transaction, recording them in schema_migrations. Forward-only: files never change after landing.
 */
export async function migrate(h: DbHandle, log: (line: string) => void = () => {}): Promise<string[]> {
  await h.exec(
    'create table if not exists schema_migrations (name text primary key, applied_at timestamptz not null default now())',
  );
  const done = new Set(
    (await sql<{ name: string }>`select name from schema_migrations`.execute(h.db)).rows.map((r) => r.name),
  );
  const files = fs
    .readdirSync(MIGRATIONS_DIR)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  const applied: string[] = [];
  for (const file of files) {
    if (done.has(file)) continue;
    const body = fs.readFileSync(path.join(MIGRATIONS_DIR, file), 'utf8');
    const name = file.replace(/'/g, "''");
    await h.exec(`begin;\n${body}\n;insert into schema_migrations (name) values ('${name}');\ncommit;`);
    applied.push(file);
    log(`migrated ${file}`);
  }
  await migrateJobEngine(h);
  return applied;
}
