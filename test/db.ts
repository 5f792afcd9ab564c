import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ensureReferenceData } from '../src/modules/regions/actions.ts';
import { type Database, type DbHandle, openDatabase } from '../src/platform/db.ts';
import { MIGRATIONS_DIR, migrate } from '../src/platform/migrate.ts';

/**
 * A fresh, migrated database with reference data (regions, baselines, partners) for one test file.
 * LINDUNG_TEST_DB=postgres uses the server at TEST_DATABASE_URL (a new database per call, copied from a
 * template built once per schema version); otherwise an in-memory PGlite loaded from a cached dump.
 */
export interface TestDb {
  handle: DbHandle;
  db: Database;
  /** The server database's URL (postgres only), for a child process to connect to the same database. */
  url?: string;
  close(): Promise<void>;
}

function schemaHash(): string {
  const h = crypto.createHash('sha256');
  for (const f of fs.readdirSync(MIGRATIONS_DIR).sort())
    h.update(f).update(fs.readFileSync(path.join(MIGRATIONS_DIR, f)));
  h.update(fs.readFileSync(new URL('../src/modules/regions/reference.ts', import.meta.url)));
  return h.digest('hex').slice(0, 12);
}

async function pgliteTemplate(): Promise<Blob> {
  const file = path.join(os.tmpdir(), `lindung-pglite-template-${schemaHash()}.tar`);
  if (!fs.existsSync(file)) {
    const h = await openDatabase({});
    await migrate(h);
    await ensureReferenceData(h);
    const blob = await (h as DbHandle & { dump(): Promise<Blob> }).dump();
    await h.close();
    const tmp = `${file}.${process.pid}`;
    fs.writeFileSync(tmp, Buffer.from(await blob.arrayBuffer()));
    fs.renameSync(tmp, file);
  }
  return new Blob([fs.readFileSync(file)]);
}

async function adminQuery(url: string, q: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(q);
  } finally {
    await c.end();
  }
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function postgresTemplate(base: string): Promise<string> {
  const name = `lindung_tpl_${schemaHash()}`;
  const c = new pg.Client({ connectionString: base });
  await c.connect();
  const exists = (await c.query('select 1 from pg_database where datname = $1', [name])).rowCount;
  await c.end();
  if (!exists) {
    const building = `${name}_${process.pid}`;
    await adminQuery(base, `create database ${building}`);
    const h = await openDatabase({ databaseUrl: withDatabase(base, building) });
    await migrate(h);
    await ensureReferenceData(h);
    await h.close();
    try {
      await adminQuery(base, `alter database ${building} rename to ${name}`);
    } catch {
      await adminQuery(base, `drop database if exists ${building}`); // another process won the race
    }
  }
  return name;
}

export async function createTestDb(): Promise<TestDb> {
  if (process.env.LINDUNG_TEST_DB === 'postgres') {
    const base = process.env.TEST_DATABASE_URL;
    if (!base) throw new Error('LINDUNG_TEST_DB=postgres needs TEST_DATABASE_URL');
    const template = await postgresTemplate(base);
    const name = `lindung_t_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
    await adminQuery(base, `create database ${name} template ${template}`);
    const url = withDatabase(base, name);
    const handle = await openDatabase({ databaseUrl: url });
    return {
      handle,
      db: handle.db,
      url,
      close: async () => {
        await handle.close();
        await adminQuery(base, `drop database if exists ${name}`);
      },
    };
  }
  const handle = await openDatabase({ loadDataDir: await pgliteTemplate() });
  return { handle, db: handle.db, close: () => handle.close() };
}
