import { createApp } from '../../src/app.ts';
import { createUser } from '../../src/modules/access/actions.ts';
import type { Role } from '../../src/modules/access/policy.ts';
import { accessRoutes } from '../../src/modules/access/routes.ts';
import { importsRoutes } from '../../src/modules/imports/routes.ts';
import { partnershipsRoutes } from '../../src/modules/partnerships/routes.ts';
import { workersRoutes } from '../../src/modules/workers/routes.ts';
import { type Clock, fixedClock } from '../../src/platform/clock.ts';
import { loadConfig } from '../../src/platform/config.ts';
import type { Deps } from '../../src/platform/deps.ts';
import { createHttp, type Http } from '../../src/platform/http.ts';
import type { TestDb } from '../db.ts';

/**
 * The HTTP app for the partnerships tests: createApp when app.ts already registers partnershipsRoutes,
 * otherwise the same assembly with the partnerships routes added (until the lead wires them in app.ts).
 */
async function appWithPartnerships(deps: Deps): Promise<Http> {
  const app = await createApp(deps);
  if (app.hasRoute({ method: 'GET', url: '/api/agreements' })) return app;
  await app.close();
  const own = await createHttp();
  await own.register(
    async (api) => {
      await accessRoutes(api, deps);
      await workersRoutes(api, deps);
      await importsRoutes(api, deps);
      await partnershipsRoutes(api, deps);
    },
    { prefix: '/api' },
  );
  return own;
}

/** Like test/app.ts testApp: real logins through the API; `as(user)` gives the headers. */
export async function partnershipsTestApp(t: TestDb, clock: Clock = fixedClock('2026-11-21T09:00:00Z')) {
  const app = await appWithPartnerships({ handle: t.handle, db: t.db, clock, config: loadConfig({}) });
  const tokens = new Map<string, string>();
  return {
    app,
    async login(username: string, password: string) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password },
      });
      if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.body}`);
      tokens.set(username, res.json().token);
    },
    async user(username: string, role: Role, extra: { region_codes?: string[]; partner_id?: number } = {}) {
      await createUser(t.db, {
        username,
        password: `${username}-password`,
        full_name: username,
        role,
        ...extra,
      });
      await this.login(username, `${username}-password`);
    },
    as(username: string) {
      return { authorization: `Bearer ${tokens.get(username)}` };
    },
  };
}
