import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isoDate } from '../../platform/clock.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError, ForbiddenError, UnauthorizedError } from '../../platform/errors.ts';
import type { Http } from '../../platform/http.ts';
import { rowId } from '../../platform/input.ts';
import { exportQuery, listOrExport } from '../../platform/list-export.ts';
import { actorOf, login, logout, userForToken } from './actions.ts';
import { auditRoutes } from './audit-routes.ts';
import { REVIEW_COLUMNS } from './exports.ts';
import { assertCan, mayWriteRoute } from './policy.ts';
import { requireActor } from './request.ts';
import { decideReview, listReviews } from './reviews.ts';

export const SESSION_COOKIE = 'lindung_session';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A client-system route (the DCI API): authenticated by its own bearer-token hook, never a session. */
    clientSystem?: boolean;
  }
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
  /** The regions a branch officer works in (forms offer only these); empty for other roles. */
  region_codes: z.array(z.string()).optional(),
  employer_id: z.number().nullable().optional(),
  partner_id: z.number().nullable().optional(),
});

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Routes anyone may call: logging in and out, the demo's meta, the published rules and calculators. */
export function isPublicRoute(route: string): boolean {
  return (
    route === '/api/auth/login' ||
    route === '/api/auth/logout' ||
    route === '/api/meta' ||
    route === '/api/openapi.json' ||
    route.startsWith('/api/docs') ||
    route.startsWith('/api/rules') ||
    route.startsWith('/api/calc/')
  );
}

/**
 * POST routes that change nothing in the scheme's data, open to read-only roles: calculators, a
 * NIK-list match (its list is too long for a URL; its answer is a background job's result), and
 * exports (they start a job that writes a file only its starter may download; each export still
 * checks its own capability).
 */
function isComputation(route: string): boolean {
  return (
    route.startsWith('/api/calc/') || route.startsWith('/api/match/coverage') || route.endsWith('/export')
  );
}

/**
 * The DCI registry API (issue 16, decision 0012): client systems, not staff. Its routes are
 * authenticated only by the DCI module's bearer-token hook (registered for them with
 * `config: { clientSystem: true }`); a staff session opens none of them, and a route under this
 * prefix that does not declare itself a client-system route is refused.
 */
export const CLIENT_SYSTEM_PREFIX = '/api/dci/';
export function isClientSystemRoute(route: string): boolean {
  return route.startsWith(CLIENT_SYSTEM_PREFIX);
}

/**
 * CSRF defence for cookie-authenticated writes (and the login form): a browser says where a request
 * comes from (Sec-Fetch-Site, Origin); a write from another site is refused. Bearer-token clients are
 * not browsers riding on a cookie and are not checked.
 */
export function crossSiteWrite(req: FastifyRequest): boolean {
  if (SAFE_METHODS.has(req.method)) return false;
  if (req.headers.authorization?.startsWith('Bearer ')) return false;
  const site = req.headers['sec-fetch-site'];
  if (site && site !== 'same-origin' && site !== 'none') return true;
  const origin = req.headers.origin;
  if (origin) {
    try {
      return new URL(origin).host !== req.headers.host;
    } catch {
      return true;
    }
  }
  return false;
}

/** Failed logins per username: after LOCK_AFTER failures within LOCK_MINUTES the name is locked that long. */
const LOCK_AFTER = 5;
const LOCK_MINUTES = 15;

export class LoginThrottle {
  private failures = new Map<string, { n: number; first: number; lockedUntil: number }>();
  constructor(private now: () => number) {}
  private key(u: string) {
    return u.trim().toLowerCase();
  }
  /** Locked usernames (known or not: a lockout tells nothing about existence) get 429. */
  check(username: string): void {
    const f = this.failures.get(this.key(username));
    if (f && f.lockedUntil > this.now())
      throw new AppError(
        `Terlalu banyak percobaan masuk; coba lagi dalam ${Math.ceil((f.lockedUntil - this.now()) / 60000)} menit / ` +
          'Too many login attempts; try again later',
        429,
        'login_locked',
      );
  }
  failed(username: string): void {
    const k = this.key(username);
    const now = this.now();
    const f = this.failures.get(k);
    const window = LOCK_MINUTES * 60_000;
    const next = f && now - f.first < window ? { ...f, n: f.n + 1 } : { n: 1, first: now, lockedUntil: 0 };
    if (next.n >= LOCK_AFTER) next.lockedUntil = now + window;
    this.failures.set(k, next);
    if (this.failures.size > 100_000) this.failures.clear();
  }
  succeeded(username: string): void {
    this.failures.delete(this.key(username));
  }
}

export async function accessRoutes(app: Http, deps: Deps): Promise<void> {
  app.decorateRequest('user', null);
  const idle = deps.config.idleMinutes ?? 30;
  app.addHook('onRequest', async (req) => {
    const route = req.routeOptions.url ?? '';
    if (isClientSystemRoute(route)) {
      // No staff identity here: the DCI hook (a child of this scope, so it runs next) authenticates.
      if (req.routeOptions.config.clientSystem !== true) throw new UnauthorizedError();
      return;
    }
    if (crossSiteWrite(req))
      throw new ForbiddenError(
        'Permintaan dari situs lain ditolak / Cross-site request refused (CSRF protection)',
      );
    const token = tokenOf(req);
    req.user = token ? await userForToken(deps.db, token, deps.clock, idle) : null;
    // Authentication and the write capability are checked before any body is parsed or validated.
    if (!route || isPublicRoute(route)) return;
    if (!req.user) throw new UnauthorizedError();
    if (SAFE_METHODS.has(req.method) || isComputation(route)) return;
    const actor = actorOf(req.user);
    if (mayWriteRoute(actor, req.method, route)) return;
    assertCan(actor, 'write');
  });
  const throttle = new LoginThrottle(() => deps.clock.now().getTime());

  app.post(
    '/auth/login',
    {
      schema: {
        tags: ['access'],
        summary: 'Masuk / Log in (sets the session cookie; the token is also returned for API clients)',
        body: z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) }),
        response: { 200: z.object({ user: userSchema, token: z.string(), expires_at: z.string() }) },
      },
      // Per client IP, on top of the per-username lockout.
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      bodyLimit: 4096,
    },
    async (req, reply) => {
      throttle.check(req.body.username);
      let s: Awaited<ReturnType<typeof login>>;
      try {
        s = await login(deps.db, req.body, { clock: deps.clock, sessionHours: deps.config.sessionHours });
      } catch (e) {
        throttle.failed(req.body.username);
        throw e;
      }
      throttle.succeeded(req.body.username);
      reply.setCookie(SESSION_COOKIE, s.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: deps.config.cookieSecure ?? false,
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
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(500).default(50),
          ...exportQuery,
        }),
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      return listOrExport(reply, req.query, {
        name: 'tinjauan',
        columns: REVIEW_COLUMNS,
        page: (page, pageSize) => listReviews(deps.db, actor, { status: req.query.status, page, pageSize }),
      });
    },
  );
  app.post(
    '/reviews/:id/decide',
    {
      schema: {
        tags: ['access'],
        summary: 'Putuskan tinjauan / Decide a review (confirm: enrol or hire; reject)',
        params: z.object({ id: rowId }),
        body: z.object({ decision: z.enum(['confirm', 'reject']), note: z.string().max(2000).nullish() }),
      },
    },
    async (req) =>
      decideReview(deps.db, req.params.id, req.body, requireActor(req), isoDate(deps.clock.now())),
  );
  await auditRoutes(app, deps);
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
