import os from 'node:os';
import path from 'node:path';

export interface Config {
  port: number;
  /** Interface to listen on: 127.0.0.1 unless HOST says otherwise (see assertSafeToListen). */
  host: string;
  databaseUrl?: string;
  /** A read replica for dashboards and reports (LINDUNG_READ_DATABASE_URL); see DbHandle.read. */
  readDatabaseUrl?: string;
  dataDir: string;
  sessionHours: number;
  /** A session unused for this many minutes ends (idle timeout). */
  idleMinutes: number;
  /** Session cookie only over HTTPS (set behind TLS: LINDUNG_COOKIE_SECURE=1). */
  cookieSecure: boolean;
  /** Send Strict-Transport-Security (only behind TLS: LINDUNG_HSTS=1). */
  hsts: boolean;
  /** Largest JSON body in bytes (uploads go through multipart, with their own limit). */
  bodyLimit: number;
  /** Largest uploaded file in bytes (docs/import-format.md). */
  uploadLimit: number;
  /** Requests per minute per client on the API. */
  apiRateLimit: number;
  /** Cells with fewer people than this are suppressed for public and regional users. */
  minCellSize: number;
  /** Job workers per process (LINDUNG_WORKERS, default one per core). */
  workers: number;
}

const flag = (v: string | undefined) => v === '1' || v === 'true';

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
    readDatabaseUrl: env.LINDUNG_READ_DATABASE_URL || undefined,
    dataDir: path.resolve(env.LINDUNG_DATA_DIR ?? 'data'),
    sessionHours: Number(env.LINDUNG_SESSION_HOURS ?? 8),
    idleMinutes: Number(env.LINDUNG_IDLE_MINUTES ?? 30),
    cookieSecure: flag(env.LINDUNG_COOKIE_SECURE),
    hsts: flag(env.LINDUNG_HSTS),
    bodyLimit: Number(env.LINDUNG_BODY_LIMIT ?? 1024 * 1024),
    uploadLimit: Number(env.LINDUNG_UPLOAD_LIMIT ?? 256 * 1024 * 1024),
    apiRateLimit: Number(env.LINDUNG_API_RATE ?? 1200),
    minCellSize: Number(env.LINDUNG_MIN_CELL ?? 10),
    workers: Number(env.LINDUNG_WORKERS ?? os.availableParallelism()),
  };
}
