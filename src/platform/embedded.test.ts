import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import pg from 'pg';
import { ensureEmbeddedServer, moveLegacyPglite, stopEmbeddedServer } from './embedded.ts';

const isRoot = process.getuid?.() === 0;
const dirs: string[] = [];

/** A data directory inside a directory only its owner may enter (like /root on these machines). */
function privateDataDir(): string {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lindung-home-'));
  fs.chmodSync(home, 0o700);
  dirs.push(home);
  return path.join(home, 'checkout', 'data');
}

async function scalar(url: string, q: string): Promise<unknown> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return Object.values((await c.query(q)).rows[0] ?? {})[0];
  } finally {
    await c.end();
  }
}

after(async () => {
  for (const home of dirs) {
    await stopEmbeddedServer(path.join(home, 'checkout', 'data'), { remove: true }).catch(() => {});
    fs.rmSync(home, { recursive: true, force: true });
  }
});

describe('embedded PostgreSQL', () => {
  test('starts in a data directory only root can reach, as an unprivileged user; a second process joins it', async () => {
    const dir = privateDataDir();
    const first = await ensureEmbeddedServer(dir);
    assert.equal(first.started, true);
    assert.equal(await scalar(first.url, 'select 1 + 1'), 2);
    assert.match(String(await scalar(first.url, 'select version()')), /^PostgreSQL 15\./);
    // Listens on the loopback address only.
    assert.equal(await scalar(first.url, "select current_setting('listen_addresses')"), '127.0.0.1');
    if (isRoot) {
      // The server process does not run as root, and the cluster is reached through ./data/pg.
      assert.equal(fs.lstatSync(path.join(dir, 'pg')).isSymbolicLink(), true);
      const pid = Number(fs.readFileSync(path.join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
      const uid = Number(/^Uid:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
      assert.notEqual(uid, 0);
    }
    const second = await ensureEmbeddedServer(dir);
    assert.equal(second.started, false);
    assert.equal(second.port, first.port);
    await stopEmbeddedServer(dir);
    // Started again after a clean stop: same cluster, data kept.
    const again = await ensureEmbeddedServer(dir);
    assert.equal(again.started, true);
    await scalar(again.url, 'create table kept (x int)');
    await stopEmbeddedServer(dir);
    const third = await ensureEmbeddedServer(dir);
    assert.equal(await scalar(third.url, "select to_regclass('kept') is not null"), true);
    await stopEmbeddedServer(dir);
  });

  test('a stale postmaster.pid naming a live process that is not PostgreSQL (PID 1 in a container) never blocks a start', async () => {
    const dir = privateDataDir();
    const s = await ensureEmbeddedServer(dir);
    await stopEmbeddedServer(dir);
    // What a kill -9 leaves behind, with the pid of a live process that is not a postmaster.
    const decoy = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)']);
    try {
      const cluster = fs.realpathSync(path.join(dir, 'pg'));
      fs.writeFileSync(
        path.join(cluster, 'postmaster.pid'),
        `${decoy.pid}\n${cluster}\n1796000000\n${s.port}\n\n127.0.0.1\n  5432001 0\nready\n`,
      );
      const restarted = await ensureEmbeddedServer(dir);
      assert.equal(restarted.started, true);
      assert.equal(await scalar(restarted.url, 'select 3'), 3);
    } finally {
      decoy.kill();
      await stopEmbeddedServer(dir);
    }
  });

  test('a data directory deleted while its cluster lives on (rm -rf data as root) starts afresh; the old cluster is moved aside with a message', {
    skip: !isRoot && 'the cluster lives inside the data directory when not root',
  }, async () => {
    const dir = privateDataDir();
    const first = await ensureEmbeddedServer(dir);
    await scalar(first.url, 'create table old_data (x int)');
    const cluster = fs.realpathSync(path.join(dir, 'pg'));
    await first.release(); // whatever else still runs, the data directory goes
    fs.rmSync(dir, { recursive: true, force: true });
    const lines: string[] = [];
    const fresh = await ensureEmbeddedServer(dir, (l) => lines.push(l));
    try {
      assert.equal(fresh.started, true);
      assert.equal(await scalar(fresh.url, "select to_regclass('old_data') is null"), true);
      assert.match(lines.join('\n'), /dipindahkan ke .*-lama-.*moved to/s);
      const aside = fs
        .readdirSync(path.dirname(cluster))
        .find((f) => f.startsWith(`${path.basename(cluster)}-lama-`));
      assert.ok(aside && fs.existsSync(path.join(path.dirname(cluster), aside, 'PG_VERSION')));
      fs.rmSync(path.join(path.dirname(cluster), aside), { recursive: true, force: true });
    } finally {
      await stopEmbeddedServer(dir);
    }
  });

  test('a data directory left by the PGlite version is moved aside with a message, never ignored', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lindung-pglite-'));
    dirs.push(dir);
    for (const d of ['base', 'global']) fs.mkdirSync(path.join(dir, d));
    fs.writeFileSync(path.join(dir, 'PG_VERSION'), '17');
    const msg = moveLegacyPglite(dir);
    assert.match(msg ?? '', /PGlite.*dipindahkan.*moved/s);
    assert.equal(fs.existsSync(path.join(dir, 'PG_VERSION')), false);
    const aside = fs.readdirSync(dir).find((f) => f.startsWith('pglite-lama-'));
    assert.ok(aside && fs.existsSync(path.join(dir, aside, 'PG_VERSION')));
    assert.equal(moveLegacyPglite(dir), undefined);
  });
});
