import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Database, DbHandle } from './db.ts';

/** What every route, command, job and action may be given. Assembled in app.ts, server.ts and cli.ts only. */
export interface Deps {
  handle: DbHandle;
  db: Database;
  clock: Clock;
  config: Config;
}
