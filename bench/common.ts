import crypto from 'node:crypto';
import os from 'node:os';
import pg from 'pg';
import { ensureReferenceData } from '../src/modules/regions/actions.ts';
import { type DbHandle, openDatabase } from '../src/platform/db.ts';
import { migrate } from '../src/platform/migrate.ts';

/** A fresh database for one benchmark run: PGlite in memory, or a new database on the server. */
export async function benchDb(
  target: 'pglite' | 'postgres',
): Promise<{ handle: DbHandle; drop(): Promise<void> }> {
  if (target === 'pglite') {
    const handle = await openDatabase({});
    await migrate(handle);
    await ensureReferenceData(handle);
    return { handle, drop: () => handle.close() };
  }
  const base =
    process.env.BENCH_DATABASE_URL ??
    process.env.TEST_DATABASE_URL ??
    'postgres://postgres@127.0.0.1:5432/test';
  const name = `lindung_bench_${crypto.randomBytes(4).toString('hex')}`;
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    await c.query(q);
    await c.end();
  };
  await admin(`create database ${name}`);
  const u = new URL(base);
  u.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: u.toString() });
  await migrate(handle);
  await ensureReferenceData(handle);
  return {
    handle,
    drop: async () => {
      await handle.close();
      await admin(`drop database ${name}`);
    },
  };
}

export function targets(args: string[]): Array<'pglite' | 'postgres'> {
  const t = args.find((a) => a.startsWith('--db='))?.slice(5);
  return t === 'pglite' || t === 'postgres' ? [t] : ['pglite', 'postgres'];
}

export function intArg(args: string[], name: string, dflt: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
}

export async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const r = await fn();
  return [r, (performance.now() - t0) / 1000];
}

export const machine = () =>
  `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
