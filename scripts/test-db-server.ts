// `npm test` helper: starts (or stops) a throwaway embedded PostgreSQL 15 for the test tier when
// no TEST_DATABASE_URL is given, and prints its URL. The server runs detached (pg_ctl), so it
// outlives this process; `stop DIR` ends it.
import { ensureEmbeddedServer, stopEmbeddedServer } from '../src/platform/embedded.ts';

const [cmd, dir] = process.argv.slice(2);
if (!dir || (cmd !== 'start' && cmd !== 'stop')) {
  console.error('usage: test-db-server.ts start|stop DIR');
  process.exit(2);
}
process.env.LINDUNG_PG_FSYNC ??= 'off';
if (cmd === 'start') {
  const server = await ensureEmbeddedServer(dir);
  process.stdout.write(`${server.url}\n`);
} else {
  await stopEmbeddedServer(dir, { remove: true });
}
