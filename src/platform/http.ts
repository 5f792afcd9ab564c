import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { AppError, dbErrorToAppError } from './errors.ts';
import { badString, MAX_STRING } from './input.ts';

export type Http = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** Fastify with zod validation, OpenAPI at /api/openapi.json, docs at /api/docs, typed errors → HTTP. */
export interface HttpOptions {
  logger?: FastifyBaseLogger;
  /** Largest JSON body before anything else runs (default 1 MiB). Uploads are multipart, limited apart. */
  bodyLimit?: number;
  /** Send Strict-Transport-Security (behind TLS only). */
  hsts?: boolean;
  /** Requests per minute per client IP on the API (0 = no limit). */
  rateLimit?: number;
}

/**
 * The security headers the SPA passes: scripts, styles, images and connections from the same origin
 * only (Vite builds external module scripts; React sets styles through the DOM, which CSP allows),
 * no framing, no MIME sniffing, no referrer across origins.
 */
export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  upgradeInsecureRequests: null,
};

export async function createHttp(opts: HttpOptions = {}): Promise<Http> {
  const app = Fastify({
    ...(opts.logger ? { loggerInstance: opts.logger } : { logger: false }),
    bodyLimit: opts.bodyLimit ?? 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>() as unknown as Http;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: opts.hsts ? { maxAge: 31536000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  });
  await app.register(fastifyRateLimit, {
    // 0 = no API-wide limit: only routes with their own `config.rateLimit` (login) are counted, and
    // the other requests skip the per-IP counter altogether.
    global: !!opts.rateLimit,
    max: opts.rateLimit || Number.MAX_SAFE_INTEGER,
    timeWindow: '1 minute',
    errorResponseBuilder: (_req, ctx) =>
      new AppError(
        `Terlalu banyak permintaan, coba lagi dalam ${Math.ceil(ctx.ttl / 1000)} detik / Too many requests, retry in ${Math.ceil(ctx.ttl / 1000)} s`,
        429,
        'rate_limited',
      ),
  });
  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Lindung API',
        description: 'Registri, aturan, iuran dan cakupan jaminan sosial ketenagakerjaan',
        version: '0.1.0',
      },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'lindung_session' } },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  // Every string of every request: no control characters (NUL breaks PostgreSQL text), bounded length.
  app.addHook('preValidation', async (req) => {
    for (const [where, v] of [
      ['params', req.params],
      ['querystring', req.query],
      ['body', req.body],
    ] as const) {
      const bad = badString(v);
      if (bad) {
        const field = [where, bad.path].filter(Boolean).join('.');
        throw new AppError(
          bad.reason === 'control'
            ? `${field}: karakter kendali tidak diizinkan / control characters are not allowed`
            : `${field}: teks terlalu panjang (maks. ${MAX_STRING}) / text too long (max ${MAX_STRING})`,
          400,
          'validation_error',
          [{ field, message: bad.reason }],
        );
      }
    }
  });

  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      req.log.debug({ err: err.message, url: req.url }, 'invalid input');
      const details = err.validation.map((v) => ({
        field: [err.validationContext, ...String(v.instancePath).split('/').filter(Boolean)].join('.'),
        message: v.message,
      }));
      const summary = details.map((d) => `${d.field}: ${d.message}`).join('; ');
      return reply.status(400).send({
        error: {
          code: 'validation_error',
          message: `Data tidak valid / Invalid input — ${summary}`,
          details,
        },
      } satisfies ErrorBody);
    }
    if (err instanceof AppError && err.status < 500) {
      req.log.debug({ code: err.code, message: err.message, url: req.url }, 'refused');
      return reply
        .status(err.status)
        .send({ error: { code: err.code, message: err.message, details: err.details } } satisfies ErrorBody);
    }
    const mapped = dbErrorToAppError(err);
    if (mapped) {
      return reply.status(mapped.status).send({
        error: { code: mapped.code, message: mapped.message, details: mapped.details },
      } satisfies ErrorBody);
    }
    if (err.statusCode && err.statusCode < 500) {
      req.log.debug({ code: err.code, message: err.message, url: req.url }, 'refused');
      return reply
        .status(err.statusCode)
        .send({ error: { code: err.code ?? 'bad_request', message: err.message } } satisfies ErrorBody);
    }
    req.log.error({ err, url: req.url, method: req.method }, 'server error');
    if (err instanceof AppError)
      return reply
        .status(err.status)
        .send({ error: { code: err.code, message: err.message, details: err.details } } satisfies ErrorBody);
    return reply.status(500).send({
      error: { code: 'internal', message: 'Terjadi kesalahan pada server / Internal server error' },
    } satisfies ErrorBody);
  });
  return app;
}
