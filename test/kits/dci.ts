/** Test helpers for the DCI module: a real HTTP receiver for callbacks and envelopes to send. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Clock, fixedClock } from '../../src/platform/clock.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { runQueuedJobs } from '../../src/platform/jobs.ts';
import type { TestDb } from '../db.ts';
import '../../src/jobs.ts';

/** Runs every queued job (the dci.deliver runs an async request queued, dci.match …) on the app clock. */
export async function runJobs(
  t: Pick<TestDb, 'handle' | 'db'>,
  clock: Clock = fixedClock('2026-11-21T09:00:00Z'),
): Promise<void> {
  await runQueuedJobs({ handle: t.handle, db: t.db, clock, config: loadConfig({}) });
}

/** A JSON body as received from the wire; tests read into it freely. */
// biome-ignore lint/suspicious/noExplicitAny: JSON bodies from the wire, asserted field by field
export type Wire = any;

export interface Received {
  path: string;
  body: Wire;
}

/** An HTTP server on 127.0.0.1:0 that records every POST; `failFirst` answers 500 that many times. */
export async function receiver(o: { failFirst?: number } = {}) {
  const got: Received[] = [];
  let failures = o.failFirst ?? 0;
  const server = http.createServer((req, res) => {
    let data = '';
    req.on('data', (c) => {
      data += c;
    });
    req.on('end', () => {
      if (failures > 0) {
        failures--;
        res.statusCode = 500;
        res.end('{}');
        return;
      }
      got.push({ path: req.url ?? '', body: JSON.parse(data || '{}') });
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          message: { ack_status: 'ACK', timestamp: new Date().toISOString(), correlation_id: 'x' },
        }),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    got,
    async waitFor(pred: (r: Received) => boolean, ms = 8000): Promise<Received> {
      const until = Date.now() + ms;
      for (;;) {
        const r = got.find(pred);
        if (r) return r;
        if (Date.now() > until)
          throw new Error(`no matching callback in ${ms} ms; got ${JSON.stringify(got.map((g) => g.path))}`);
        await new Promise((x) => setTimeout(x, 50));
      }
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

let seq = 0;
export function envelope<M>(
  action: string,
  sender: string,
  message: M,
  extra: { sender_uri?: string; signature?: string } = {},
) {
  seq++;
  return {
    signature: extra.signature ?? 'unsigned',
    header: {
      version: '1.0.0',
      message_id: `msg-${seq}`,
      message_ts: '2026-11-21T09:00:00Z',
      action,
      sender_id: sender,
      ...(extra.sender_uri ? { sender_uri: extra.sender_uri } : {}),
      total_count: 1,
    },
    message,
  };
}

export function searchMessage(criteria: unknown, ref = `ref-${++seq}`) {
  return {
    transaction_id: `txn-${seq}`,
    search_request: [{ reference_id: ref, timestamp: '2026-11-21T09:00:00Z', search_criteria: criteria }],
  };
}
