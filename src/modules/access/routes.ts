import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../app.ts';
import { UnauthorizedError } from '../../platform/errors.ts';
import type { Http } from '../../platform/http.ts';
import { actorOf, login, logout, type SessionUser, userForToken } from './actions.ts';
import type { Actor } from './policy.ts';
import { decideReview, listReviews } from './reviews.ts';
import { isoDate } from '../../platform/clock.ts';

export const SESSION_COOKIE = 'lindung_session';

declare module 'fastify' {
  interface FastifyRequest {
    user: SessionUser | null;
  }
}

/** The acting user of a request; 401 when nobody is logged in. */
export function requireActor(req: FastifyRequest): Actor {
  if (!req.user) throw new UnauthorizedError();
  return actorOf(req.user);
}

function tokenOf(req: FastifyRequest): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7);
  return req.cookies[SESSION_COOKIE];
}

const userSchema = z.object({
  id: z.number(),
  username: z.string(),
  full_name: z.string(),
  role: z.string(),
  locale: z.string(),
});

export async function accessRoutes(app: Http, deps: Deps): Promise<void> {
  app.decorateRequest('user', null);
  app.addHook('onRequest', async (req) => {
    const token = tokenOf(req);
    req.user = token ? await userForToken(deps.db, token, deps.clock) : null;
  });

  app.post(
    '/auth/login',
    {
      schema: {
        tags: ['access'],
        summary: 'Masuk / Log in (sets the session cookie; the token is also returned for API clients)',
        body: z.object({ username: z.string().min(1), password: z.string().min(1) }),
        response: { 200: z.object({ user: userSchema, token: z.string(), expires_at: z.string() }) },
      },
    },
    async (req, reply) => {
      const s = await login(deps.db, req.body, { clock: deps.clock, sessionHours: deps.config.sessionHours });
      reply.setCookie(SESSION_COOKIE, s.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        expires: s.expiresAt,
      });
      return { user: s.user, token: s.token, expires_at: s.expiresAt.toISOString() };
    },
  );
  app.post(
    '/auth/logout',
    { schema: { tags: ['access'], summary: 'Keluar / Log out' } },
    async (req, reply) => {
      const token = tokenOf(req);
      if (token) await logout(deps.db, token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true };
    },
  );
  app.get(
    '/reviews',
    {
      schema: {
        tags: ['access'],
        summary: 'Antrean tinjauan kantor cabang / Branch office review queue',
        querystring: z.object({
          status: z.enum(['open', 'confirmed', 'rejected']).optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(200),
        }),
      },
    },
    async (req) => ({ items: await listReviews(deps.db, requireActor(req), req.query) }),
  );
  app.post(
    '/reviews/:id/decide',
    {
      schema: {
        tags: ['access'],
        summary: 'Putuskan tinjauan / Decide a review (confirm: enrol or hire; reject)',
        params: z.object({ id: z.coerce.number().int().positive() }),
        body: z.object({ decision: z.enum(['confirm', 'reject']), note: z.string().max(2000).nullish() }),
      },
    },
    async (req) =>
      decideReview(deps.db, req.params.id, req.body, requireActor(req), isoDate(deps.clock.now())),
  );
  app.get(
    '/auth/me',
    {
      schema: {
        tags: ['access'],
        summary: 'Pengguna yang sedang masuk / Current user',
        response: { 200: z.object({ user: userSchema }) },
      },
    },
    async (req) => {
      if (!req.user) throw new UnauthorizedError();
      return { user: req.user };
    },
  );
}
