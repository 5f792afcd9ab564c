import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { lockDataDir, openDatabase } from './db.ts';

test('a PGlite data directory held by another live process is refused with a clear message', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lindung-lock-'));
  const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
  try {
    fs.writeFileSync(path.join(dir, 'lindung.lock'), String(other.pid));
    await assert.rejects(
      openDatabase({ dataDir: dir }),
      /sedang dipakai proses lain.*in use by another process/s,
    );
  } finally {
    other.kill();
  }
});

test('a stale lock (dead process) is taken over, and released on close', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lindung-lock-'));
  fs.writeFileSync(path.join(dir, 'lindung.lock'), '999999999');
  const release = lockDataDir(dir);
  assert.equal(fs.readFileSync(path.join(dir, 'lindung.lock'), 'utf8'), String(process.pid));
  release();
  assert.equal(fs.existsSync(path.join(dir, 'lindung.lock')), false);
});

test('the same process cannot open a directory twice', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lindung-lock-'));
  const h = await openDatabase({ dataDir: dir });
  try {
    // Our own pid in the lock is not "another process": the lock file itself still refuses a second writer.
    assert.throws(() => lockDataDir(dir), /in use|already/);
  } finally {
    await h.close();
  }
});
