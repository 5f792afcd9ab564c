#!/usr/bin/env node
// `npm test`: every test tier this machine can run, saying what it skipped and why.
//   1. all *.test.ts under src/, test/ and web/src/ — pure tests and database tests on PostgreSQL 15: the
//      server at TEST_DATABASE_URL (CI: the machine's server), or else an embedded server that this
//      script starts in a temporary directory. Files run in parallel, one process per core; each
//      database test file gets its own database cloned from a migrated template (test/db.ts).
//   2. browser journeys (e2e/) in Debian's Chromium, when /usr/bin/chromium exists
// With CI=true (or LINDUNG_STRICT=1) a skipped tier is a failure.
// `--unit` runs tier 1 only. Extra arguments filter files by substring.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const args = process.argv.slice(2);
const unitOnly = args.includes('--unit');
const filters = args.filter((a) => !a.startsWith('--'));
const strict = process.env.CI === 'true' || process.env.LINDUNG_STRICT === '1';
const chromium = process.env.LINDUNG_CHROMIUM ?? '/usr/bin/chromium';
const cores = Number(process.env.LINDUNG_TEST_CONCURRENCY ?? os.availableParallelism());

function walk(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : walk(p);
    return e.name.endsWith('.test.ts') ? [p] : [];
  });
}
const pick = (files) => files.filter((f) => !filters.length || filters.some((s) => f.includes(s))).sort();

const totals = { pass: 0, fail: 0, skipped: 0 };
const skippedTiers = [];
const tsx = ['--import', 'tsx'];

function run(label, files, env, concurrency) {
  if (!files.length) return;
  console.log(`\n=== ${label}: ${files.length} file(s), ${concurrency} at a time ===`);
  const tap = path.join(os.tmpdir(), `lindung-tap-${process.pid}-${Date.now()}.txt`);
  const res = spawnSync(
    process.execPath,
    [
      ...tsx,
      '--test',
      `--test-concurrency=${concurrency}`,
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${tap}`,
      ...files,
    ],
    { stdio: 'inherit', env: { ...process.env, TZ: 'UTC', ...env } },
  );
  const out = fs.existsSync(tap) ? fs.readFileSync(tap, 'utf8') : '';
  fs.rmSync(tap, { force: true });
  const num = (k) => Number(new RegExp(`^# ${k} (\\d+)`, 'm').exec(out)?.[1] ?? 0);
  totals.pass += num('pass');
  totals.fail += num('fail') + num('cancelled');
  totals.skipped += num('skipped');
  if (res.status !== 0 && num('fail') + num('cancelled') === 0) totals.fail += 1;
}

// The database: the given server, or an embedded one for this run.
let databaseUrl = process.env.TEST_DATABASE_URL;
let embeddedDir;
if (!databaseUrl) {
  embeddedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lindung-test-pg-'));
  const r = spawnSync(process.execPath, [...tsx, 'scripts/test-db-server.ts', 'start', embeddedDir], {
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    console.error(r.stderr);
    process.exit(1);
  }
  databaseUrl = r.stdout.trim().split('\n').pop();
  console.log(`Test database: embedded PostgreSQL in ${embeddedDir}`);
} else {
  console.log(`Test database: ${databaseUrl.replace(/\/\/[^@]*@/, '//')}`);
}
const env = { TEST_DATABASE_URL: databaseUrl };

try {
  run(
    'tier 1: unit and database tests on PostgreSQL 15',
    pick([...walk('src'), ...walk('test'), ...walk('web/src')]),
    env,
    cores,
  );
  if (!unitOnly) {
    const e2eFiles = pick(walk('e2e'));
    if (fs.existsSync(chromium)) {
      run('tier 2: browser journeys in Chromium', e2eFiles, { ...env, LINDUNG_CHROMIUM: chromium }, 1);
    } else {
      skippedTiers.push(`tier 2 (browser journeys): no Chromium at ${chromium} (apt-get install chromium)`);
    }
  }
} finally {
  if (embeddedDir) {
    spawnSync(process.execPath, [...tsx, 'scripts/test-db-server.ts', 'stop', embeddedDir], {
      stdio: 'inherit',
    });
    fs.rmSync(embeddedDir, { recursive: true, force: true });
  }
}

console.log('');
for (const s of skippedTiers) console.log(`SKIPPED ${s}`);
if (strict && skippedTiers.length) {
  console.log('FAILED: a test tier was skipped and CI/LINDUNG_STRICT requires every tier');
  totals.fail += skippedTiers.length;
}
console.log(`${totals.pass} passed, ${totals.fail} failed, ${totals.skipped} skipped`);
process.exit(totals.fail ? 1 : 0);
