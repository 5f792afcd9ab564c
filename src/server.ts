import os from 'node:os';
import type { Logger } from 'pino';
import { createApp } from './app.ts';
import { SCHEDULES } from './jobs.ts';
import { assertSafeToListen } from './modules/access/actions.ts';
import { SYSTEM } from './modules/access/policy.ts';
import { DEMO_LOGINS, isSeeded } from './modules/demo/actions.ts';
import { demoSeedJob } from './modules/demo/jobs.ts';
import { ensureGovernmentReference } from './modules/government/seed.ts';
import { startJob } from './modules/jobs/actions.ts';
import { ensureReferenceData } from './modules/regions/actions.ts';
import { systemClock } from './platform/clock.ts';
import { loadConfig } from './platform/config.ts';
import { type DbHandle, openDatabase } from './platform/db.ts';
import type { Deps } from './platform/deps.ts';
import { ConfigError } from './platform/errors.ts';
import { startWorkers, waitForJob } from './platform/jobs.ts';
import { createLogger } from './platform/logger.ts';
import { migrate } from './platform/migrate.ts';

export interface StartOptions {
  handle: DbHandle;
  port: number;
  host?: string;
  /** Seed the synthetic national sample (as a background job) when the database holds no participants. */
  seedDemo?: { participants?: number; scaleDenominator?: number } | false;
  /** Wait for the demo seed job before answering (tests). */
  waitForSeed?: boolean;
  /** Job workers in this process (default: one per core; 0 for none). */
  workers?: number;
  logger?: Logger;
  log?: (line: string) => void;
}

/** Migrates, loads reference data, starts the job workers and the schedules, and listens. */
export async function startServer(o: StartOptions): Promise<{ url: string; close(): Promise<void> }> {
  const log = o.log ?? (() => {});
  const config = { ...loadConfig(), port: o.port };
  await migrate(o.handle, log);
  await ensureReferenceData(o.handle);
  // Coverage targets, Inpres 2/2021 addressees and their real evidence (idempotent).
  await ensureGovernmentReference(o.handle);
  const deps: Deps = { handle: o.handle, db: o.handle.db, clock: systemClock, config };
  const workerCount = o.workers ?? config.workers;
  const workers =
    workerCount > 0
      ? await startWorkers(deps, {
          concurrency: workerCount,
          schedules: SCHEDULES,
          onError: (e, meta) => o.logger?.error({ err: e, ...meta }, 'job failed'),
        })
      : undefined;
  const host = o.host ?? '127.0.0.1';
  const loopback = host === 'localhost' || host === '::1' || host.startsWith('127.');
  if (o.seedDemo && !loopback && !(await isSeeded(o.handle.db)))
    throw new ConfigError(
      `Data demo (dengan kata sandi yang diterbitkan) hanya dibuat bila server mendengar di 127.0.0.1, bukan ${host}. / ` +
        `The demo data (with its published passwords) is only created when the server listens on 127.0.0.1, not ${host}: ` +
        'unset HOST, or set LINDUNG_DEMO=0.',
    );
  if (o.seedDemo && !(await isSeeded(o.handle.db))) {
    const pending = await o.handle.db
      .selectFrom('jobs')
      .select('id')
      .where('kind', '=', demoSeedJob.kind)
      .where('status', 'in', ['queued', 'running'])
      .executeTakeFirst();
    const id =
      pending?.id ??
      (
        await startJob(
          deps,
          demoSeedJob.kind,
          { participants: o.seedDemo.participants, scale_denominator: o.seedDemo.scaleDenominator },
          SYSTEM,
        )
      ).id;
    log(
      `Membuat data demo sintetis di latar belakang (pekerjaan #${id}) / seeding the synthetic demo sample in the background (job #${id})…`,
    );
    if (o.waitForSeed) {
      const done = await waitForJob(o.handle.db, id);
      if (done.status !== 'done') throw new Error(`demo seed ${done.status}: ${done.error}`);
    }
  }
  // Never on another interface while the demo logins keep their published passwords.
  await assertSafeToListen(o.handle.db, host, DEMO_LOGINS);
  const app = await createApp(deps, { logger: o.logger });
  const address = await app.listen({ port: o.port, host });
  const url = address.replace('0.0.0.0', 'localhost').replace('[::]', 'localhost');
  return {
    url,
    close: async () => {
      await app.close();
      await workers?.stop();
    },
  };
}

/** `lindung serve` / `npm start`. */
export async function serve(): Promise<void> {
  const t0 = Date.now();
  const config = loadConfig();
  const logger = createLogger({ dataDir: config.dataDir });
  const log = (l: string) => process.stdout.write(`${l}\n`);
  const handle = await openDatabase({
    databaseUrl: config.databaseUrl,
    readDatabaseUrl: config.readDatabaseUrl,
    dataDir: config.dataDir,
    log,
  });
  log(`Basis data / database: ${handle.describe}`);
  // The demo sample goes into an empty embedded database; into a server database only when asked (LINDUNG_DEMO=1).
  const demo = process.env.LINDUNG_DEMO ? process.env.LINDUNG_DEMO === '1' : !config.databaseUrl;
  const server = await startServer({
    handle,
    port: config.port,
    host: config.host,
    seedDemo: demo ? {} : false,
    logger,
    log,
  });
  log(
    `\nLindung berjalan di / is running at ${server.url} (${((Date.now() - t0) / 1000).toFixed(1).replace('.', ',')} dtk / s)`,
  );
  log(`Dokumentasi API / API docs: ${server.url}/api/docs`);
  log(`Pekerja latar / job workers: ${config.workers} · log: ${config.dataDir}/logs\n`);
  if (demo) {
    log('Akun demo / demo logins:');
    for (const l of DEMO_LOGINS)
      log(`  ${l.username.padEnd(10)} ${l.password.padEnd(12)} ${l.description_id}`);
  }
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.close();
    await handle.close();
    logger.flush();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** `lindung worker`: job workers alone, so more machines can share the load against one database. */
export async function runWorker(concurrency?: number): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ dataDir: config.databaseUrl ? undefined : config.dataDir });
  const handle = await openDatabase({
    databaseUrl: config.databaseUrl,
    readDatabaseUrl: config.readDatabaseUrl,
    dataDir: config.dataDir,
  });
  await migrate(handle);
  const deps: Deps = { handle, db: handle.db, clock: systemClock, config };
  const n = concurrency ?? config.workers;
  const workers = await startWorkers(deps, {
    concurrency: n,
    onError: (e, meta) => logger.error({ err: e, ...meta }, 'job failed'),
  });
  process.stdout.write(
    `Pekerja latar berjalan / job workers running: ${n} on ${handle.describe} (${os.hostname()})\n`,
  );
  const stop = async () => {
    await workers.stop();
    await handle.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
