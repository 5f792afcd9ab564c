import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { ensureReferenceData } from '../src/modules/regions/actions.ts';
import { CITUS_DATABASE_SETTINGS } from '../src/platform/citus.ts';
import { type Database, type DbHandle, openDatabase } from '../src/platform/db.ts';
import { MIGRATIONS_DIR, migrate } from '../src/platform/migrate.ts';

/**
 * A fresh, migrated database with reference data (regions, baselines, partners) for one test file,
 * on the PostgreSQL 15 server at TEST_DATABASE_URL: the machine's server in CI, or the embedded one
 * that `npm test` starts (scripts/test.mjs). Each call makes a new database copied from a template
 * built once per schema version, so test files run in parallel and never see each other's rows.
 */
export interface TestDb {
  handle: DbHandle;
  db: Database;
  /** The database's URL, for a child process to connect to the same database. */
  url: string;
  close(): Promise<void>;
}

function schemaHash(): string {
  const h = crypto.createHash('sha256');
  for (const f of fs.readdirSync(MIGRATIONS_DIR).sort())
    h.update(f).update(fs.readFileSync(path.join(MIGRATIONS_DIR, f)));
  h.update(fs.readFileSync(new URL('../src/modules/regions/reference.ts', import.meta.url)));
  h.update(fs.readFileSync(new URL('../src/platform/citus.ts', import.meta.url)));
  return h.digest('hex').slice(0, 12);
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

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export function testServerUrl(): string {
  const base = process.env.TEST_DATABASE_URL;
  if (!base)
    throw new Error(
      'TEST_DATABASE_URL is not set: run the tests with `npm test` (it starts an embedded PostgreSQL), ' +
        'or point TEST_DATABASE_URL at a PostgreSQL 15 server',
    );
  return base;
}

let templateName: Promise<string> | undefined;

/**
 * On a Citus coordinator (the Citus test tier, scripts/test.mjs) a database lives on every node: the
 * coordinator's holds the metadata, each worker's the shards. A test database is then made on each
 * node from that node's template, with the same name, which clones the cluster's metadata and shards
 * together. `null` on a single server.
 */
let citusNodes: Promise<string[] | null> | undefined;
async function clusterNodes(base: string): Promise<string[] | null> {
  const c = new pg.Client({ connectionString: base });
  await c.connect();
  try {
    const has = (await c.query(`select 1 from pg_extension where extname = 'citus'`)).rowCount;
    if (!has) return null;
    const r = await c.query<{ host: string; port: number }>(
      `select nodename as host, nodeport as port from pg_dist_node where groupid <> 0 and isactive order by nodeid`,
    );
    return r.rows.map((n) => {
      const u = new URL(base);
      u.hostname = n.host;
      u.port = String(n.port);
      return u.toString();
    });
  } finally {
    await c.end();
  }
}

function workerUrls(base: string): Promise<string[] | null> {
  citusNodes ??= clusterNodes(base);
  return citusNodes;
}

/** Runs `q` on the coordinator's server and every worker's (a no-op list on a single server). */
async function onEveryNode(base: string, q: string): Promise<void> {
  const workers = (await workerUrls(base)) ?? [];
  for (const url of [base, ...workers]) await adminQuery(url, q);
}

async function createCitusDatabase(base: string, name: string): Promise<void> {
  const workers = (await workerUrls(base)) ?? [];
  await onEveryNode(base, `create database ${name}`);
  for (const url of [base, ...workers])
    await adminQuery(withDatabase(url, name), 'set client_min_messages = warning; create extension citus');
  const u = new URL(base);
  const setup = [`select citus_set_coordinator_host('${u.hostname}', ${Number(u.port || 5432)})`];
  for (const w of workers) {
    const wu = new URL(w);
    setup.push(`select citus_add_node('${wu.hostname}', ${Number(wu.port || 5432)})`);
  }
  await adminQuery(withDatabase(base, name), setup.join(';'));
}

async function buildTemplate(base: string): Promise<string> {
  const name = `lindung_tpl_${schemaHash()}`;
  const c = new pg.Client({ connectionString: base });
  await c.connect();
  try {
    // One builder at a time across the parallel test processes.
    await c.query('select pg_advisory_lock(20261203)');
    const exists = (await c.query('select 1 from pg_database where datname = $1', [name])).rowCount;
    if (!exists) {
      const building = `${name}_${process.pid}`;
      const citus = await workerUrls(base);
      await onEveryNode(base, `drop database if exists ${building} with (force)`);
      if (citus) await createCitusDatabase(base, building);
      else await c.query(`create database ${building}`);
      const h = await openDatabase({ databaseUrl: withDatabase(base, building) });
      await migrate(h);
      await ensureReferenceData(h);
      await h.close();
      if (citus) {
        // Citus keeps connections to the database (its maintenance daemon, cached connections to
        // the workers); a template must have none, so it takes no new ones and the rest are ended.
        await onEveryNode(
          base,
          `alter database ${building} allow_connections false;
           select pg_terminate_backend(pid) from pg_stat_activity where datname = '${building}'`,
        );
      }
      await onEveryNode(base, `alter database ${building} rename to ${name}`);
    }
  } finally {
    await c.query('select pg_advisory_unlock(20261203)').catch(() => {});
    await c.end();
  }
  return name;
}

/** A new database cloned from the migrated template; its name and URL. */
export async function createTestDatabase(): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const base = testServerUrl();
  templateName ??= buildTemplate(base);
  const template = await templateName;
  const name = `lindung_t_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  // CREATE DATABASE … TEMPLATE fails while another session is connected to the template: retry briefly.
  for (let attempt = 0; ; attempt++) {
    try {
      await onEveryNode(base, `create database ${name} template ${template}`);
      if (await workerUrls(base))
        for (const setting of CITUS_DATABASE_SETTINGS)
          await adminQuery(base, `alter database ${name} ${setting}`);
      break;
    } catch (e) {
      if (attempt > 40 || !/being accessed/.test(String(e))) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    name,
    url: withDatabase(base, name),
    drop: () => onEveryNode(base, `drop database if exists ${name} with (force)`),
  };
}

export async function createTestDb(): Promise<TestDb> {
  const d = await createTestDatabase();
  const handle = await openDatabase({ databaseUrl: d.url });
  return {
    handle,
    db: handle.db,
    url: d.url,
    close: async () => {
      await handle.close();
      await d.drop();
    },
  };
}

/**
 * A new, empty database (not migrated) on the server at `base`: on a Citus coordinator one per node
 * with the extension and the nodes registered, as `lindung db migrate` expects to find it.
 */
export async function createEmptyDatabase(base: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `lindung_e_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  const citus = await clusterNodes(base);
  const nodes = citus ?? [];
  if (citus) await createCitusDatabase(base, name);
  else await adminQuery(base, `create database ${name}`);
  return {
    url: withDatabase(base, name),
    drop: async () => {
      for (const url of [base, ...nodes])
        await adminQuery(url, `drop database if exists ${name} with (force)`);
    },
  };
}
