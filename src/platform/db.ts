import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DB } from '../schema.ts';
import { APP_NAME, ensureEmbeddedServer } from './embedded.ts';

// int8 and numeric come back as strings from pg; we keep int8 as strings only where
// they may exceed 2^53 (money totals). Row counts and ids stay well below that, so
// parse int8 to number and let money columns be cast explicitly in SQL when needed.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1082, (v) => v); // date stays 'YYYY-MM-DD'

export type Database = Kysely<DB>;

/**
 * One database engine: PostgreSQL 15, reached through one `pg` pool. Either the embedded server
 * Lindung runs itself (no DATABASE_URL; see embedded.ts) or an external server (DATABASE_URL).
 */
export interface DbHandle {
  db: Database;
  /**
   * For dashboards and reports that may lag a little behind writes: a read replica's pool when
   * LINDUNG_READ_DATABASE_URL names one, otherwise the same pool as `db`. Never for a read that
   * decides a write (scope checks before an update, balances before a payment).
   */
  read: Database;
  pool: pg.Pool;
  kind: 'embedded' | 'postgres';
  /** The connection string (for the job engine, pg_dump and child processes). */
  url: string;
  /** Runs a multi-statement SQL script without parameters (migrations, bulk DDL). */
  exec(sql: string): Promise<void>;
  /** Loads CSV text or a stream of CSV chunks (header row included) into a table with COPY. */
  copyCsv(table: string, columns: string[], csv: string | AsyncIterable<string | Buffer>): Promise<void>;
  close(): Promise<void>;
  describe: string;
}

export interface OpenOptions {
  databaseUrl?: string;
  /** Data directory of the embedded server (used when there is no databaseUrl). */
  dataDir?: string;
  /** Pool size (LINDUNG_DB_POOL, default 10). */
  poolSize?: number;
  /** A read replica for `read` (LINDUNG_READ_DATABASE_URL); without it `read` is `db`. */
  readDatabaseUrl?: string;
  log?: (line: string) => void;
}

export async function openDatabase(opts: OpenOptions): Promise<DbHandle> {
  const h = opts.databaseUrl
    ? await openPool(opts.databaseUrl, 'postgres', opts.poolSize)
    : await openEmbedded(opts);
  if (!opts.readDatabaseUrl) return h;
  const replica = await openPool(opts.readDatabaseUrl, 'postgres', opts.poolSize);
  return {
    ...h,
    read: replica.db,
    describe: `${h.describe}, reads: ${replica.describe}`,
    close: async () => {
      await replica.close();
      await h.close();
    },
  };
}

async function openEmbedded(opts: OpenOptions): Promise<DbHandle> {
  if (!opts.dataDir) throw new Error('openDatabase needs a databaseUrl or a dataDir');
  const server = await ensureEmbeddedServer(opts.dataDir, opts.log);
  const h = await openPool(server.url, 'embedded', opts.poolSize);
  return {
    ...h,
    describe: server.describe,
    close: async () => {
      await h.close();
      await server.release();
    },
  };
}

async function openPool(url: string, kind: DbHandle['kind'], poolSize?: number): Promise<DbHandle> {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize ?? Number(process.env.LINDUNG_DB_POOL ?? 10),
    application_name: `${APP_NAME} ${process.pid}`,
  });
  // An idle client's error (server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  const u = new URL(url);
  return {
    db,
    read: db,
    pool,
    kind,
    url,
    describe: `PostgreSQL (${u.host}${u.pathname})`,
    exec: async (sql) => {
      await pool.query(sql);
    },
    copyCsv: async (table, columns, csv) => {
      const client = await pool.connect();
      try {
        const stream = client.query(
          copyFrom(`copy ${table} (${columns.join(', ')}) from stdin with (format csv, header true)`),
        );
        await pipeline(typeof csv === 'string' ? Readable.from([csv]) : Readable.from(csv), stream);
      } finally {
        client.release();
      }
    },
    close: async () => {
      await db.destroy();
    },
  };
}
