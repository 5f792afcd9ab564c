// `npm run bench -- servers --a URL --b URL [--seconds S] [--connections C] [--rounds R]`:
// participant lookups by id (GET /api/participants/:id, random ids, Debian's `wrk`) against two
// servers that are already running with the same demo data, in alternating rounds so both sides
// see the same machine. Used for "before and after": an older checkout's `npm start` on one port,
// this one's on another (README, Benchmarks).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { intArg, machine } from './common.ts';

const strArg = (args: string[], name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};

async function prepare(base: string): Promise<{ lua: string; total: number }> {
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'admin123' }),
  });
  if (login.status !== 200) throw new Error(`${base}: login answered ${login.status}`);
  const { token } = (await login.json()) as { token: string };
  const list = await fetch(`${base}/api/participants?pageSize=1`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const { total } = (await list.json()) as { total: number };
  const lua = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lindung-wrk-')), 'ids.lua');
  fs.writeFileSync(
    lua,
    `math.randomseed(7)\nrequest = function() return wrk.format("GET", "/api/participants/" .. math.random(1, ${total}), {["authorization"] = "Bearer ${token}"}) end\n`,
  );
  return { lua, total };
}

export async function benchServers(args: string[]): Promise<void> {
  const a = strArg(args, 'a');
  const b = strArg(args, 'b');
  if (!a || !b) throw new Error('usage: npm run bench -- servers --a URL --b URL');
  const seconds = intArg(args, 'seconds', 15);
  const connections = intArg(args, 'connections', 16);
  const rounds = intArg(args, 'rounds', 3);
  console.log(`Participant lookups, two running servers — ${machine()}`);
  const sides = [
    { name: strArg(args, 'label-a') ?? a, base: a, ...(await prepare(a)), rps: [] as number[] },
    { name: strArg(args, 'label-b') ?? b, base: b, ...(await prepare(b)), rps: [] as number[] },
  ];
  for (const s of sides) console.log(`  ${s.name}: ${s.base}, ${s.total} participants visible`);
  for (let round = 1; round <= rounds; round++) {
    for (const s of sides) {
      const { stdout } = await promisify(execFile)(
        'wrk',
        ['-t2', `-c${connections}`, `-d${seconds}s`, '--latency', '-s', s.lua, s.base],
        { encoding: 'utf8' },
      );
      const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1]);
      const p = (q: string) => new RegExp(`\\s${q}%\\s+([\\d.]+\\w+)`).exec(stdout)?.[1];
      const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? '0';
      // Refused answers (a rate limit, an expired token) are not lookups: do not count them.
      if (non2xx !== '0')
        throw new Error(
          `${s.name}: ${non2xx} answers were not 2xx; lift its rate limit (LINDUNG_API_RATE=0)`,
        );
      s.rps.push(rps);
      console.log(
        `round ${round} ${s.name}: ${rps.toFixed(0)} req/s, p50 ${p('50')}, p99 ${p('99')}, non-2xx ${non2xx}`,
      );
    }
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  const [ma, mb] = sides.map((s) => median(s.rps)) as [number, number];
  console.log(
    `median: ${sides[0]!.name} ${ma.toFixed(0)} req/s, ${sides[1]!.name} ${mb.toFixed(0)} req/s — ratio ${(mb / ma).toFixed(2)}×`,
  );
}
