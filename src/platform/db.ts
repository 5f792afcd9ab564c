import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  Kysely,
  PostgresAdapter,
  PostgresDialect,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import pg from 'pg';
import type { DB } from '../schema.ts';
import { ConfigError } from './errors.ts';

// int8 and numeric come back as strings from pg; we keep int8 as strings only where
// they may exceed 2^53 (money totals). Row counts and ids stay well below that, so
// parse int8 to number and let money columns be cast explicitly in SQL when needed.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1082, (v) => v); // date stays 'YYYY-MM-DD'

export type Database = Kysely<DB>;

export interface DbHandle {
  db: Database;
  kind: 'pglite' | 'postgres';
  /** Runs a multi-statement SQL script without parameters (migrations, bulk DDL). */
  exec(sql: string): Promise<void>;
  /** Loads CSV text (header row included) into a table with COPY. */
  copyCsv(table: string, columns: string[], csv: string): Promise<void>;
  close(): Promise<void>;
  describe: string;
}

class PGliteConnection implements DatabaseConnection {
  constructor(private readonly client: PGlite) {}
  async executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    const res = await this.client.query<R>(q.sql, [...q.parameters], {
      parsers: { 20: (v: string) => Number(v), 1082: (v: string) => v },
    });
    return res.affectedRows !== undefined
      ? { rows: res.rows, numAffectedRows: BigInt(res.affectedRows) }
      : { rows: res.rows };
  }
  // biome-ignore lint/correctness/useYield: PGlite has no cursor streaming; not used.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not supported on PGlite');
  }
}

/** PGlite is one connection: callers queue so a transaction never interleaves with another request. */
class PGliteDriver implements Driver {
  private busy = false;
  private readonly waiters: Array<() => void> = [];
  private readonly conn: PGliteConnection;
  constructor(private readonly client: PGlite) {
    this.conn = new PGliteConnection(client);
  }
  async init() {}
  async acquireConnection() {
    if (this.busy) await new Promise<void>((resolve) => this.waiters.push(resolve));
    this.busy = true;
    return this.conn;
  }
  async releaseConnection() {
    const next = this.waiters.shift();
    if (next) next();
    else this.busy = false;
  }
  async beginTransaction(c: DatabaseConnection, s: TransactionSettings) {
    const iso = s.isolationLevel ? ` isolation level ${s.isolationLevel}` : '';
    await c.executeQuery(CompiledQuery.raw(`begin${iso}`));
  }
  async commitTransaction(c: DatabaseConnection) {
    await c.executeQuery(CompiledQuery.raw('commit'));
  }
  async rollbackTransaction(c: DatabaseConnection) {
    await c.executeQuery(CompiledQuery.raw('rollback'));
  }
  async destroy() {}
}

function pgliteDialect(client: PGlite): Dialect {
  return {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new PGliteDriver(client),
    createQueryCompiler: () => new PostgresQueryCompiler(),
    createIntrospector: (db) => new PostgresIntrospector(db),
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A PGlite data directory may be opened by one process only; a second writer would
 * silently corrupt it. The lock file holds the owner's pid; a stale lock (dead pid) is taken over.
 */
export function lockDataDir(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const lock = path.join(dir, 'lindung.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
      return () => {
        try {
          if (fs.readFileSync(lock, 'utf8') === String(process.pid)) fs.unlinkSync(lock);
        } catch {}
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = Number(fs.readFileSync(lock, 'utf8'));
      if (owner === process.pid) {
        throw new ConfigError(
          `Direktori data ${dir} sudah dibuka oleh proses ini / already open in this process`,
        );
      }
      if (owner && isAlive(owner)) {
        throw new ConfigError(
          `Direktori data ${dir} sedang dipakai proses lain (pid ${owner}). / ` +
            `The data directory ${dir} is in use by another process (pid ${owner}). ` +
            'Stop it first, or set LINDUNG_DATA_DIR to another directory, or use DATABASE_URL.',
        );
      }
      fs.unlinkSync(lock);
    }
  }
  throw new ConfigError(`Cannot lock data directory ${dir}`);
}

export interface OpenOptions {
  databaseUrl?: string;
  /** PGlite directory; `memory://` for an in-memory database (tests). */
  dataDir?: string;
  /** A PGlite dump (from dumpDataDir) to start from, for fast test databases. */
  loadDataDir?: Blob;
}

export async function openDatabase(opts: OpenOptions): Promise<DbHandle> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl);
  return openPglite(opts.dataDir ?? 'memory://', opts.loadDataDir);
}

async function openPglite(dataDir: string, loadDataDir?: Blob): Promise<DbHandle> {
  const inMemory = dataDir.startsWith('memory://');
  const unlock = inMemory ? () => {} : lockDataDir(dataDir);
  let client: PGlite;
  try {
    client = await PGlite.create(inMemory ? undefined : dataDir, { loadDataDir });
  } catch (e) {
    unlock();
    throw e;
  }
  const db = new Kysely<DB>({ dialect: pgliteDialect(client) });
  return {
    db,
    kind: 'pglite',
    describe: inMemory ? 'PGlite (in memory)' : `PGlite (${dataDir})`,
    // Raw calls take the driver's single connection first, so they never interleave with a
    // transaction another request holds. Never call them from inside a transaction (it would wait on itself).
    exec: (sql) =>
      db.connection().execute(async () => {
        await client.exec(sql);
      }),
    copyCsv: (table, columns, csv) =>
      db.connection().execute(async () => {
        await client.query(
          `copy ${table} (${columns.join(', ')}) from '/dev/blob' with (format csv, header true)`,
          [],
          { blob: new Blob([csv]) },
        );
      }),
    close: async () => {
      await db.destroy();
      await client.close();
      unlock();
    },
    dump: () => client.dumpDataDir('none'),
  } as DbHandle & { dump: () => Promise<Blob> };
}

async function openPostgres(url: string): Promise<DbHandle> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  const { from } = await import('pg-copy-streams');
  const { pipeline } = await import('node:stream/promises');
  const { Readable } = await import('node:stream');
  return {
    db,
    kind: 'postgres',
    describe: `PostgreSQL (${new URL(url).host}${new URL(url).pathname})`,
    exec: async (sql) => {
      await pool.query(sql);
    },
    copyCsv: async (table, columns, csv) => {
      const client = await pool.connect();
      try {
        const stream = client.query(
          from(`copy ${table} (${columns.join(', ')}) from stdin with (format csv, header true)`),
        );
        await pipeline(Readable.from([csv]), stream);
      } finally {
        client.release();
      }
    },
    close: async () => {
      await db.destroy();
    },
  };
}
