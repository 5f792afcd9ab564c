/**
 * The DCI Social Registry API under /api/dci (client systems, bearer tokens from `lindung dci
 * clients add`), and the staff bulk match under /api/match (staff sessions). Decision 0012.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../platform/deps.ts';
import { ForbiddenError, UnauthorizedError, ValidationError } from '../../platform/errors.ts';
import type { Http } from '../../platform/http.ts';
import { rowId } from '../../platform/input.ts';
import { assertCan } from '../access/policy.ts';
import { requireActor } from '../access/routes.ts';
import { answer, type DciAction, type Envelope, receive } from './actions.ts';
import { clientForToken, takeRate } from './clients.ts';
import { getMatch, parseNikCsv, requestMatch } from './match.ts';
import { type ClientScope, checkSignature, DciError, senderUriAllowed } from './rules.ts';
import {
  issuesLine,
  matchBody,
  searchEnvelope,
  subscribeEnvelope,
  txnStatusEnvelope,
  unsubscribeEnvelope,
} from './schemas.ts';

declare module 'fastify' {
  interface FastifyRequest {
    dciClient: ClientScope | null;
  }
}

function errBody(code: string, message: string, now: Date) {
  return {
    errors: [{ code, message }],
    message: {
      ack_status: 'ERR',
      timestamp: now.toISOString(),
      correlation_id: '',
      error: { code, message },
    },
  };
}

const envelopes = {
  search: searchEnvelope,
  subscribe: subscribeEnvelope,
  unsubscribe: unsubscribeEnvelope,
  'txn-status': txnStatusEnvelope,
} as const;

const OPERATION_OF: Record<DciAction, string | null> = {
  search: 'search',
  subscribe: 'subscribe',
  unsubscribe: 'subscribe',
  'txn-status': null,
};

// Documented shape only; the DCI schemas (schemas.ts) validate inside the handler so errors come back as DCI ERR envelopes.
const dciBody = z.looseObject({
  signature: z.unknown().optional(),
  header: z.unknown().optional(),
  message: z.unknown().optional(),
});

/** The client system of a DCI request (set by the bearer-token hook; never a staff identity). */
function requireClient(req: FastifyRequest): ClientScope {
  if (!req.dciClient) throw new UnauthorizedError();
  return req.dciClient;
}

/** Every DCI route says it is a client-system route: the access module's hook leaves it to ours. */
const CLIENT_SYSTEM = { clientSystem: true } as const;

export async function dciRoutes(app: Http, deps: Deps): Promise<void> {
  await app.register(
    async (dci) => {
      dci.decorateRequest('dciClient', null);
      dci.addContentTypeParser('text/csv', { parseAs: 'string' }, (_req, body, done) => done(null, body));
      // DCI bearer tokens only: staff session cookies and tokens are not accepted here. The access
      // module's central hook let these routes through to this one (access/routes.ts isClientSystemRoute).
      dci.addHook('onRequest', async (req, reply) => {
        const now = deps.clock.now();
        const auth = req.headers.authorization;
        const token = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : null;
        const client = token ? await clientForToken(deps.db, token) : null;
        if (!client) {
          return reply
            .status(401)
            .header('www-authenticate', 'Bearer realm="lindung-dci"')
            .send(
              errBody(
                'err.request.unauthorized',
                token
                  ? 'Token tidak valid atau dicabut / Invalid or revoked token'
                  : 'Header Authorization: Bearer wajib / Authorization: Bearer header required',
                now,
              ),
            );
        }
        if (!(await takeRate(deps.db, client, now))) {
          return reply
            .status(429)
            .header('retry-after', '60')
            .send(
              errBody(
                'err.request.too_many_requests',
                `Batas ${client.ratePerMinute} permintaan per menit terlampaui / rate of ${client.ratePerMinute} requests per minute exceeded`,
                now,
              ),
            );
        }
        req.dciClient = client;
      });

      const handle =
        (action: DciAction, mode: 'sync' | 'async') => async (req: FastifyRequest, reply: FastifyReply) => {
          const client = requireClient(req);
          const now = deps.clock.now();
          try {
            const raw = (req.body ?? {}) as { signature?: unknown };
            checkSignature(raw.signature);
            const parsed = envelopes[action].safeParse(req.body);
            if (!parsed.success)
              throw new DciError(
                'err.request.bad',
                `Pesan tidak valid / Invalid message — ${issuesLine(parsed.error)}`,
                400,
              );
            const env = parsed.data as Envelope<{ transaction_id: string }>;
            if (env.header.version && env.header.version !== '1.0.0')
              throw new DciError(
                'err.version.not_supported',
                `Versi ${env.header.version} tidak didukung; gunakan 1.0.0 / version not supported; use 1.0.0`,
                400,
              );
            if (env.header.sender_id !== client.name)
              throw new DciError(
                'err.sender_id.invalid',
                `header.sender_id harus "${client.name}" untuk token ini / must be "${client.name}" for this token`,
                403,
              );
            const op = OPERATION_OF[action];
            if (op && !client.operations.includes(op))
              throw new DciError(
                'err.request.forbidden',
                `Klien tidak berwenang untuk ${op} / client is not allowed to ${op}`,
                403,
              );
            if (
              mode === 'async' &&
              env.header.sender_uri &&
              !senderUriAllowed(env.header.sender_uri, client.callbackPrefixes)
            )
              throw new DciError(
                'err.sender_uri.invalid',
                'header.sender_uri tidak terdaftar untuk klien ini / sender_uri is not registered for this client',
                400,
              );
            const t = await receive(deps.db, client, action, mode, env);
            if (mode === 'sync') return reply.status(200).send(await answer(deps, t.id));
            // answered by the dci.deliver job that receive() queued
            return reply.status(202).send({
              message: { ack_status: 'ACK', timestamp: now.toISOString(), correlation_id: t.correlationId },
            });
          } catch (e) {
            if (e instanceof DciError)
              return reply.status(e.httpStatus).send(errBody(e.code, e.message, now));
            throw e;
          }
        };

      const route = (path: string, action: DciAction, mode: 'sync' | 'async', summary: string) =>
        dci.post(
          path,
          { schema: { tags: ['dci'], summary, body: dciBody }, config: CLIENT_SYSTEM },
          handle(action, mode),
        );
      route(
        '/registry/search',
        'search',
        'async',
        'DCI: pencarian asinkron (ACK, lalu on-search ke sender_uri) / async search',
      );
      route('/registry/sync/search', 'search', 'sync', 'DCI: pencarian sinkron / sync search');
      route(
        '/registry/subscribe',
        'subscribe',
        'async',
        'DCI: berlangganan peristiwa registri / subscribe to registry events',
      );
      route('/registry/unsubscribe', 'unsubscribe', 'async', 'DCI: berhenti berlangganan / unsubscribe');
      route(
        '/registry/txn/status',
        'txn-status',
        'async',
        'DCI: status transaksi asinkron / async transaction status',
      );
      route(
        '/registry/sync/txn/status',
        'txn-status',
        'sync',
        'DCI: status transaksi sinkron / sync transaction status',
      );

      dci.post(
        '/match',
        {
          config: CLIENT_SYSTEM,
          schema: {
            tags: ['dci'],
            summary:
              'Pencocokan massal NIK (JSON {niks} atau CSV dengan kolom nik), sebagai pekerjaan latar / bulk NIK match, as a background job',
          },
        },
        async (req, reply) => {
          const client = requireClient(req);
          if (!client.operations.includes('match'))
            throw new ForbiddenError(
              'Klien tidak berwenang untuk pencocokan / client is not allowed to match',
            );
          const r = await requestMatch(deps, { kind: 'client', client }, niksOf(req.body));
          return reply.status(202).send(r);
        },
      );
      dci.get(
        '/match/:id',
        {
          config: CLIENT_SYSTEM,
          schema: {
            tags: ['dci'],
            summary: 'Hasil pencocokan massal / bulk match result (status, summary, per NIK)',
            params: z.object({ id: rowId }),
          },
        },
        async (req) =>
          getMatch(
            deps.db,
            { kind: 'client', client: requireClient(req) },
            (req.params as { id: number }).id,
          ),
      );
    },
    { prefix: '/dci' },
  );

  // Staff: the same bulk match with a session (access policy matchScope: a regional government its own regions).
  await app.register(async (staff) => {
    staff.addContentTypeParser('text/csv', { parseAs: 'string' }, (_req, body, done) => done(null, body));
    staff.post(
      '/match/coverage',
      {
        schema: {
          tags: ['dci'],
          summary:
            'Pencocokan daftar NIK dengan kepesertaan (JSON {niks} atau CSV), sebagai pekerjaan latar / match a NIK list against coverage, as a background job',
        },
      },
      async (req, reply) => {
        const actor = requireActor(req);
        assertCan(actor, 'coverage.match'); // before the list is read
        const r = await requestMatch(deps, { kind: 'staff', actor }, niksOf(req.body));
        return reply.status(202).send(r);
      },
    );
    staff.get(
      '/match/coverage/:id',
      {
        schema: {
          tags: ['dci'],
          summary: 'Hasil pencocokan daftar NIK / NIK list match result (only for who asked)',
          params: z.object({ id: rowId }),
        },
      },
      async (req) => {
        const actor = requireActor(req);
        assertCan(actor, 'coverage.match');
        return getMatch(deps.db, { kind: 'staff', actor }, (req.params as { id: number }).id);
      },
    );
  });
}

function niksOf(body: unknown): string[] {
  if (typeof body === 'string') return parseNikCsv(body);
  const r = matchBody.safeParse(body);
  if (!r.success) throw new ValidationError(`Data tidak valid / Invalid input — ${issuesLine(r.error)}`);
  return r.data.niks;
}
