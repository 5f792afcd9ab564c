import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyBaseLogger } from 'fastify';
import './jobs.ts';
import { accessRoutes } from './modules/access/routes.ts';
import { claimsRoutes } from './modules/claims/routes.ts';
import { billingRoutes } from './modules/contributions/billing-routes.ts';
import { contributionPaymentRoutes } from './modules/contributions/payments-routes.ts';
import { coverageRoutes } from './modules/coverage/routes.ts';
import { dciRoutes } from './modules/dci/routes.ts';
import { demoRoutes } from './modules/demo/routes.ts';
import { employersRoutes } from './modules/employers/routes.ts';
import { governmentRoutes } from './modules/government/routes.ts';
import { importsRoutes } from './modules/imports/routes.ts';
import { jobsRoutes } from './modules/jobs/routes.ts';
import { partnershipsRoutes } from './modules/partnerships/routes.ts';
import { regionalRoutes } from './modules/regional/routes.ts';
import { regionsRoutes } from './modules/regions/routes.ts';
import { registryRoutes } from './modules/registry/routes.ts';
import { rulesRoutes } from './modules/rules/routes.ts';
import { subsidyRoutes } from './modules/subsidy/routes.ts';
import { workersRoutes } from './modules/workers/routes.ts';
import type { Deps } from './platform/deps.ts';
import { createHttp, type Http } from './platform/http.ts';

export type { Deps } from './platform/deps.ts';

const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../web/dist');

/** Hashed build output is immutable; everything else (index.html, favicon) is revalidated. */
export function cacheControlFor(filePath: string, root: string = WEB_DIST): string {
  const rel = path.relative(root, filePath).split(path.sep).join('/');
  return rel.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
}

export async function createApp(
  deps: Deps,
  opts: { logger?: FastifyBaseLogger; webDist?: string } = {},
): Promise<Http> {
  const webDist = opts.webDist ?? WEB_DIST;
  const app = await createHttp({
    ...(opts.logger ? { logger: opts.logger } : {}),
    bodyLimit: deps.config.bodyLimit,
    hsts: deps.config.hsts,
    rateLimit: deps.config.apiRateLimit,
  });
  await app.register(
    async (api) => {
      // access first: its hook identifies the user for every route after it.
      await accessRoutes(api, deps);
      for (const routes of [
        demoRoutes,
        regionsRoutes,
        employersRoutes,
        workersRoutes,
        importsRoutes,
        registryRoutes,
        partnershipsRoutes,
        subsidyRoutes,
        rulesRoutes,
        coverageRoutes,
        governmentRoutes,
        billingRoutes,
        contributionPaymentRoutes,
        claimsRoutes,
        jobsRoutes,
        regionalRoutes,
        dciRoutes,
      ]) {
        await routes(api, deps);
      }
    },
    { prefix: '/api' },
  );
  if (fs.existsSync(webDist)) {
    // Vite writes .br/.gz beside each text asset (web/vite.config.ts); hashed files under assets/
    // never change, so they are cached for a year; index.html is revalidated on every load so a
    // new build is picked up at once.
    await app.register(fastifyStatic, {
      root: webDist,
      preCompressed: true,
      cacheControl: false,
      setHeaders: (reply, filePath) => {
        reply.header('cache-control', cacheControlFor(filePath, webDist));
      },
    });
    // The SPA owns every non-API path.
    app.setNotFoundHandler((req, reply) => {
      if (req.url.startsWith('/api/')) {
        return reply
          .status(404)
          .send({ error: { code: 'not_found', message: `Tidak ditemukan / Not found: ${req.url}` } });
      }
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    });
  }
  return app;
}
