import { createApp } from './app.ts';
import { seedCoverageDemo } from './modules/coverage/seed.ts';
import { DEMO_LOGINS, isSeeded, seedDemo } from './modules/demo/actions.ts';
import { seedModuleDemos } from './modules/demo/modules.ts';
import { ensureReferenceData } from './modules/regions/actions.ts';
import { systemClock } from './platform/clock.ts';
import { loadConfig } from './platform/config.ts';
import { type DbHandle, openDatabase } from './platform/db.ts';
import { migrate } from './platform/migrate.ts';
import { createProgress } from './platform/progress.ts';

export interface StartOptions {
  handle: DbHandle;
  port: number;
  host?: string;
  /** Seed the synthetic national sample when the database holds no participants. */
  seedDemo?: { participants?: number; scaleDenominator?: number } | false;
  logger?: boolean;
  log?: (line: string) => void;
}

/** Migrates, loads reference data, seeds the demo on first start, and listens. */
export async function startServer(o: StartOptions): Promise<{ url: string; close(): Promise<void> }> {
  const log = o.log ?? (() => {});
  const config = { ...loadConfig(), port: o.port };
  await migrate(o.handle, log);
  await ensureReferenceData(o.handle);
  if (o.seedDemo && !(await isSeeded(o.handle.db))) {
    log('Membuat data demo sintetis (sekali saja) / seeding the synthetic demo sample (first start only)…');
    await seedDemo(o.handle, { ...o.seedDemo, progress: createProgress('demo') });
    await seedModuleDemos(o.handle, systemClock, log);
  } else if (o.seedDemo) {
    // Later starts: an incremental coverage refresh picks up what changed (milliseconds when nothing did).
    await seedCoverageDemo(o.handle, { progress: createProgress('cakupan / coverage') });
  }
  const app = await createApp(
    { handle: o.handle, db: o.handle.db, clock: systemClock, config },
    { logger: o.logger },
  );
  const address = await app.listen({ port: o.port, host: o.host ?? '127.0.0.1' });
  const url = address.replace('0.0.0.0', 'localhost').replace('[::]', 'localhost');
  return { url, close: () => app.close() };
}

/** `lindung serve` / `npm start`. */
export async function serve(): Promise<void> {
  const config = loadConfig();
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const log = (l: string) => process.stdout.write(`${l}\n`);
  log(`Basis data / database: ${handle.describe}`);
  // The demo sample goes into an empty embedded database; into a server database only when asked (LINDUNG_DEMO=1).
  const demo = process.env.LINDUNG_DEMO ? process.env.LINDUNG_DEMO === '1' : !config.databaseUrl;
  const server = await startServer({
    handle,
    port: config.port,
    host: config.host,
    seedDemo: demo ? {} : false,
    log,
  });
  log(`\nLindung berjalan di / is running at ${server.url.replace(/:\/\/[^:]+:/, '://localhost:')}`);
  log(`Dokumentasi API / API docs: ${server.url.replace(/:\/\/[^:]+:/, '://localhost:')}/api/docs\n`);
  if (demo) {
    log('Akun demo / demo logins:');
    for (const l of DEMO_LOGINS)
      log(`  ${l.username.padEnd(10)} ${l.password.padEnd(12)} ${l.role.padEnd(20)} ${l.description_id}`);
  }
  const stop = async () => {
    await server.close();
    await handle.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
