import { createApp } from '../src/app.ts';
import { createUser } from '../src/modules/access/actions.ts';
import type { Role } from '../src/modules/access/policy.ts';
import { type Clock, fixedClock } from '../src/platform/clock.ts';
import { loadConfig } from '../src/platform/config.ts';
import type { Http } from '../src/platform/http.ts';
import { getJob, type JobRow, runQueuedJobs } from '../src/platform/jobs.ts';
import type { TestDb } from './db.ts';

/** The real HTTP app on a test database, driven with inject(); `user()` creates and logs in, `as()` gives headers. */
export async function testApp(
  t: Pick<TestDb, 'handle' | 'db'>,
  clock: Clock = fixedClock('2026-11-21T09:00:00Z'),
) {
  const deps = { handle: t.handle, db: t.db, clock, config: loadConfig({}) };
  const app: Http = await createApp(deps);
  const tokens = new Map<string, string>();
  return {
    app,
    async user(
      username: string,
      role: Role,
      extra: { region_codes?: string[]; employer_id?: number; partner_id?: number } = {},
    ) {
      const u = await createUser(t.db, {
        username,
        password: `${username}-password`,
        full_name: username,
        role,
        ...extra,
      });
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password: `${username}-password` },
      });
      if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.body}`);
      tokens.set(username, res.json().token);
      return u;
    },
    /** Runs the jobs a 202 answer queued (on this app's clock) and returns the job row as it ended. */
    async settle(res: {
      statusCode: number;
      body: string;
      json(): { job: { id: number } };
    }): Promise<JobRow> {
      if (res.statusCode !== 202) throw new Error(`expected 202, got ${res.statusCode}: ${res.body}`);
      await runQueuedJobs(deps);
      const job = await getJob(t.db, res.json().job.id);
      if (!job) throw new Error('job not found');
      return job;
    },
    as(username: string) {
      return { authorization: `Bearer ${tokens.get(username)}` };
    },
  };
}
