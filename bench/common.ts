import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ensureReferenceData } from '../src/modules/regions/actions.ts';
import { type DbHandle, openDatabase } from '../src/platform/db.ts';
import { ensureEmbeddedServer, stopEmbeddedServer } from '../src/platform/embedded.ts';
import { migrate } from '../src/platform/migrate.ts';

export type BenchTarget = 'embedded' | 'postgres';

/**
 * A fresh database for one benchmark run: on the embedded PostgreSQL (a throwaway server in a
 * temporary directory, started the way `npm start` starts it) or on the server at
 * BENCH_DATABASE_URL / TEST_DATABASE_URL (default the machine's 127.0.0.1:5432).
 */
export async function benchDb(target: BenchTarget): Promise<{ handle: DbHandle; drop(): Promise<void> }> {
  let base: string;
  let stopEmbedded = async () => {};
  if (target === 'embedded') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lindung-bench-pg-'));
    base = (await ensureEmbeddedServer(dir)).url;
    stopEmbedded = async () => {
      await stopEmbeddedServer(dir, { remove: true });
      fs.rmSync(dir, { recursive: true, force: true });
    };
  } else {
    base =
      process.env.BENCH_DATABASE_URL ??
      process.env.TEST_DATABASE_URL ??
      'postgres://postgres@127.0.0.1:5432/test';
  }
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
  const handle = await openDatabase({ databaseUrl: u.toString(), poolSize: 12 });
  await migrate(handle);
  await ensureReferenceData(handle);
  return {
    handle,
    drop: async () => {
      await handle.close();
      await admin(`drop database ${name}`);
      await stopEmbedded();
    },
  };
}

export function targets(args: string[]): BenchTarget[] {
  const t = args.find((a) => a.startsWith('--db='))?.slice(5);
  return t === 'embedded' || t === 'postgres' ? [t] : ['embedded', 'postgres'];
}

/** A count written as 250000, 250_000, 250k, 10M or 1e7. */
export function parseCount(text: string, what: string): number {
  const m = /^(\d+(?:\.\d+)?(?:e\d+)?)([kKmM]?)$/.exec(text.replace(/_/g, ''));
  const n = m ? Number(m[1]) * (m[2] ? (m[2].toLowerCase() === 'k' ? 1e3 : 1e6) : 1) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1)
    throw new Error(`--${what}: expected a count such as 100000, 250k or 10M (got "${text}")`);
  return n;
}

/** `--name N` or `--name=N`; N may be written 250k or 10M. */
export function intArg(args: string[], name: string, dflt: number): number {
  const eq = args.find((a) => a.startsWith(`--${name}=`));
  if (eq) return parseCount(eq.slice(name.length + 3), name);
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? parseCount(String(args[i + 1]), name) : dflt;
}

/**
 * The runner's scale option: `--scale 10M` (or `--scale=10M`) sets a benchmark's main count
 * (accounts, participants, rows) and overrides its own option for it when both are given.
 */
export function scaleArg(args: string[], name: string, dflt: number): number {
  return intArg(args, 'scale', intArg(args, name, dflt));
}

export async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const r = await fn();
  return [r, (performance.now() - t0) / 1000];
}

export const machine = () =>
  `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;

/** The 1-minute load average, printed next to a timing (the machine may be shared). */
export const load = () => `load ${os.loadavg()[0]!.toFixed(2)}`;
