import fastifyCookie from '@fastify/cookie';
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
import { AppError } from './errors.ts';

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
export async function createHttp(opts: { logger?: FastifyBaseLogger } = {}): Promise<Http> {
  const app = Fastify({
    ...(opts.logger ? { loggerInstance: opts.logger } : { logger: false }),
    bodyLimit: 512 * 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>() as unknown as Http;

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
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
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

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
