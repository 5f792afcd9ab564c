import os from 'node:os';
import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  sessionHours: number;
  /** Cells with fewer people than this are suppressed for public and regional users. */
  minCellSize: number;
  /** Job workers per process (LINDUNG_WORKERS, default one per core). */
  workers: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.LINDUNG_DATA_DIR ?? 'data'),
    sessionHours: Number(env.LINDUNG_SESSION_HOURS ?? 8),
    minCellSize: Number(env.LINDUNG_MIN_CELL ?? 10),
    workers: Number(env.LINDUNG_WORKERS ?? os.availableParallelism()),
  };
}
