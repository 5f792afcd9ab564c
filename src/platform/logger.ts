import path from 'node:path';
import pino, { type Logger } from 'pino';

/**
 * Structured logs (pino, Fastify's own): JSON lines to stdout and to a rotating file in the data
 * directory (`logs/lindung.N.log`, daily or at 50 MB, 14 files kept). LINDUNG_LOG_LEVEL sets the
 * level (default info; debug shows every 4xx).
 */
export function createLogger(o: { dataDir?: string; level?: string; stdout?: boolean } = {}): Logger {
  const level = o.level ?? process.env.LINDUNG_LOG_LEVEL ?? 'info';
  const targets: pino.TransportTargetOptions[] = [];
  if (o.stdout !== false) targets.push({ target: 'pino/file', options: { destination: 1 }, level });
  if (o.dataDir)
    targets.push({
      target: 'pino-roll',
      options: {
        file: path.join(o.dataDir, 'logs', 'lindung'),
        extension: '.log',
        frequency: 'daily',
        size: '50m',
        mkdir: true,
        limit: { count: 14 },
      },
      level,
    });
  if (!targets.length) return pino({ level: 'silent' });
  return pino({ level, base: { pid: process.pid } }, pino.transport({ targets }));
}
