// `npm run bench -- api [--participants N] [--db=embedded|postgres] [--seconds S] [--connections C]`:
// the API under load on a real server with its job workers. (1) participant lookups by id with wrk
// (Debian's `wrk`): requests/s and latency percentiles; (2) while a billing run for the whole sample
// runs as a job, another user's list request (an employer listing its workers) sent twice a second
// the whole time: p50/p95/max, next to the same request with nothing running.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { createApp } from '../src/app.ts';
import { seedDemo } from '../src/modules/demo/actions.ts';
import { systemClock } from '../src/platform/clock.ts';
import { loadConfig } from '../src/platform/config.ts';
import { startWorkers } from '../src/platform/jobs.ts';
import { createProgress } from '../src/platform/progress.ts';
import { benchDb, intArg, machine, targets } from './common.ts';

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};

async function login(base: string, username: string, password: string): Promise<string> {
  const r = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  return ((await r.json()) as { token: string }).token;
}

async function sampleLatencies(
  url: string,
  token: string,
  until: () => boolean,
  minCount = 20,
): Promise<number[]> {
  const out: number[] = [];
  while (!until() || out.length < minCount) {
    const t0 = performance.now();
    const r = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`${url}: ${r.status}`);
    out.push(performance.now() - t0);
    await new Promise((ok) => setTimeout(ok, 500));
  }
  return out;
}

export async function benchApi(args: string[]): Promise<void> {
  const n = intArg(args, 'participants', 200_000);
  const seconds = intArg(args, 'seconds', 15);
  const connections = intArg(args, 'connections', 16);
  console.log(`API benchmark: ${n} participants — ${machine()}`);
  for (const target of targets(args)) {
    const { handle, drop } = await benchDb(target);
    // No API rate limit: the benchmark is the load.
    const deps = {
      handle,
      db: handle.db,
      clock: systemClock,
      config: { ...loadConfig({}), apiRateLimit: 0 },
    };
    const workers = await startWorkers(deps, { concurrency: os.availableParallelism() });
    const app = await createApp(deps);
    try {
      await seedDemo(handle, { participants: n, progress: createProgress(`seed ${target}`) });
      await sql`analyze`.execute(handle.db);
      const base = await app.listen({ port: 0, host: '127.0.0.1' });
      const admin = await login(base, 'admin', 'admin123');
      const hr = await login(base, 'pemberi', 'pemberi123');
      const max = (await sql<{ m: number }>`select max(id) as m from participants`.execute(handle.db))
        .rows[0]!.m;
      const lua = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lindung-wrk-')), 'ids.lua');
      fs.writeFileSync(
        lua,
        `math.randomseed(7)\nrequest = function() return wrk.format("GET", "/api/participants/" .. math.random(1, ${max}), {["authorization"] = "Bearer ${admin}"}) end\n`,
      );
      // Asynchronously: the server answers from this very process.
      const { stdout: wrk } = await promisify(execFile)(
        'wrk',
        ['-t2', `-c${connections}`, `-d${seconds}s`, '--latency', '-s', lua, base],
        { encoding: 'utf8' },
      );
      const rps = /Requests\/sec:\s+([\d.]+)/.exec(wrk)?.[1];
      if (!Number(rps)) console.log(wrk);
      const p = (q: string) => new RegExp(`\\s${q}%\\s+([\\d.]+\\w+)`).exec(wrk)?.[1];
      const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(wrk)?.[1] ?? '0';
      console.log(
        `[${target}] participant lookup, ${connections} connections, ${seconds}s: ${rps} req/s, p50 ${p('50')}, p90 ${p('90')}, p99 ${p('99')}, non-2xx ${non2xx}`,
      );

      // The floor on the same machine in the same run: the same authenticated request path (session
      // lookup, hooks, one small query) on /api/meta. On a shared machine the ratio is steadier than rps.
      const metaLua = path.join(path.dirname(lua), 'meta.lua');
      fs.writeFileSync(
        metaLua,
        `request = function() return wrk.format("GET", "/api/meta", {["authorization"] = "Bearer ${admin}"}) end\n`,
      );
      const { stdout: wrkMeta } = await promisify(execFile)(
        'wrk',
        ['-t2', `-c${connections}`, `-d${seconds}s`, '--latency', '-s', metaLua, base],
        { encoding: 'utf8' },
      );
      const metaRps = /Requests\/sec:\s+([\d.]+)/.exec(wrkMeta)?.[1];
      const pm = (q: string) => new RegExp(`\\s${q}%\\s+([\\d.]+\\w+)`).exec(wrkMeta)?.[1];
      console.log(
        `[${target}] floor, authenticated /api/meta (session lookup + one query), same run: ${metaRps} req/s, p50 ${pm('50')}, p99 ${pm('99')}; lookup/floor throughput ${(Number(rps) / Number(metaRps)).toFixed(2)}`,
      );

      const list = `${base}/api/participants?pageSize=50`;
      const idle = await sampleLatencies(list, hr, () => true, 20);
      console.log(
        `[${target}] employer list, idle: p50 ${pct(idle, 50).toFixed(0)} ms, p95 ${pct(idle, 95).toFixed(0)} ms, max ${Math.max(...idle).toFixed(0)} ms (${idle.length} requests)`,
      );
      const t0 = performance.now();
      const start = await fetch(`${base}/api/billing/runs`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: JSON.stringify({ period: '2026-10' }),
      });
      const answered = performance.now() - t0;
      const jobId = ((await start.json()) as { job: { id: number } }).job.id;
      let done = false;
      const watch = (async () => {
        for (;;) {
          const j = await handle.db
            .selectFrom('jobs')
            .select('status')
            .where('id', '=', jobId)
            .executeTakeFirstOrThrow();
          if (j.status !== 'queued' && j.status !== 'running') break;
          await new Promise((ok) => setTimeout(ok, 200));
        }
        done = true;
      })();
      const busy = await sampleLatencies(list, hr, () => done, 1);
      await watch;
      const billSecs = (performance.now() - t0) / 1000;
      const lines = (
        await sql<{ n: number }>`select count(*)::int as n from contribution_lines`.execute(handle.db)
      ).rows[0]!.n;
      console.log(
        `[${target}] billing start answered ${start.status} in ${answered.toFixed(0)} ms; the job billed ${lines} lines in ${billSecs.toFixed(1)} s`,
      );
      console.log(
        `[${target}] employer list during billing: p50 ${pct(busy, 50).toFixed(0)} ms, p95 ${pct(busy, 95).toFixed(0)} ms, max ${Math.max(...busy).toFixed(0)} ms (${busy.length} requests)`,
      );
    } finally {
      await app.close();
      await workers.stop();
      await drop();
    }
  }
}
