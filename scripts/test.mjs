#!/usr/bin/env node
// `npm test`: every test tier this machine can run, saying what it skipped and why.
//   1. all *.test.ts under src/ and test/ on embedded PGlite
//   2. the database tests again on a PostgreSQL server, when TEST_DATABASE_URL is set
//   3. browser journeys (e2e/) in Debian's Chromium, when /usr/bin/chromium exists
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

function run(label, files, env) {
  if (!files.length) return;
  console.log(`\n=== ${label}: ${files.length} file(s) ===`);
  const tap = path.join(os.tmpdir(), `lindung-tap-${process.pid}-${Date.now()}.txt`);
  const res = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--test',
      '--test-concurrency=1',
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

const allFiles = pick([...walk('src'), ...walk('test')]);
run('tier 1: unit and database tests on PGlite', allFiles, { LINDUNG_TEST_DB: 'pglite' });

if (!unitOnly) {
  const dbFiles = allFiles.filter((f) => /from '.*test\/db\.ts'/.test(fs.readFileSync(f, 'utf8')));
  if (process.env.TEST_DATABASE_URL) {
    run('tier 2: database tests on PostgreSQL server', dbFiles, { LINDUNG_TEST_DB: 'postgres' });
  } else {
    skippedTiers.push('tier 2 (PostgreSQL server): TEST_DATABASE_URL is not set');
  }
  const e2eFiles = pick(walk('e2e'));
  if (fs.existsSync(chromium)) {
    run('tier 3: browser journeys in Chromium', e2eFiles, {
      LINDUNG_TEST_DB: 'pglite',
      LINDUNG_CHROMIUM: chromium,
    });
  } else {
    skippedTiers.push(`tier 3 (browser journeys): no Chromium at ${chromium} (apt-get install chromium)`);
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
