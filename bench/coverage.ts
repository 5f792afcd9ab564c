// `npm run bench -- coverage --participants N [--repeat K] [--db=embedded|postgres]`: seeds the synthetic national
// sample, times the rollup refresh (full, incremental, no-op), then the main dashboard answers K times each
// from the rollups, next to the same counts computed from the registry in the same run.
import { SYSTEM } from '../src/modules/access/policy.ts';
import { activeBasis } from '../src/modules/coverage/active.ts';
import { coverageFigures } from '../src/modules/coverage/figures.ts';
import { rawCells } from '../src/modules/coverage/queries.ts';
import { coverageRanking } from '../src/modules/coverage/ranking.ts';
import { markCoverageStale, refreshCoverage } from '../src/modules/coverage/refresh.ts';
import { coverageScope } from '../src/modules/coverage/scope.ts';
import { ensureCoverageReference } from '../src/modules/coverage/seed.ts';
import { regionTargets } from '../src/modules/coverage/trends.ts';
import { seedDemo } from '../src/modules/demo/actions.ts';
import type { Database } from '../src/platform/db.ts';
import { addMonths } from '../src/platform/period.ts';
import { createProgress } from '../src/platform/progress.ts';
import { benchDb, intArg, machine, targets, timed } from './common.ts';

const PERIOD = '2026-11';
const NOW = new Date('2026-11-21T00:00:00Z');

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? 0;
}

async function measure(
  times: number,
  fn: () => Promise<unknown>,
): Promise<{ p50: number; p95: number; n: number }> {
  await fn(); // warm-up: plans cached, pages in memory
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  return { p50: quantile(ms, 0.5), p95: quantile(ms, 0.95), n: times };
}

interface Case {
  name: string;
  rollup: () => Promise<unknown>;
  raw: () => Promise<unknown>;
}

function cases(db: Database, basis: Awaited<ReturnType<typeof activeBasis>>): Case[] {
  const all = coverageScope(SYSTEM, 10);
  const raw = (period: string, level: 1 | 2, parent: string | null = null) =>
    rawCells(db, basis, { period, basis: 'domicile', level, parent });
  return [
    {
      name: 'national by province',
      rollup: () => coverageFigures(db, all, { level: 1 }),
      raw: () => raw(PERIOD, 1),
    },
    {
      name: 'Jawa Barat by regency',
      rollup: () => coverageFigures(db, all, { parent: '32' }),
      raw: () => raw(PERIOD, 2, '32'),
    },
    {
      name: 'ranking of provinces',
      rollup: () => coverageRanking(db, all, { level: 1, by: 'progress' }),
      raw: async () => Promise.all([raw(PERIOD, 1), raw(addMonths(PERIOD, -12), 1)]),
    },
    {
      name: 'ranking of 514 regencies',
      rollup: () => coverageRanking(db, all, { level: 2 }),
      raw: async () => Promise.all([raw(PERIOD, 2), raw(addMonths(PERIOD, -12), 2)]),
    },
    {
      name: 'Babel target (13-month series)',
      rollup: () => regionTargets(db, all, '19'),
      raw: async () => {
        for (let k = 0; k <= 12; k++) await raw(addMonths(PERIOD, -k), 1, '19');
      },
    },
  ];
}

const f = (x: number) => x.toFixed(1).padStart(9);

export async function benchCoverage(args: string[]): Promise<void> {
  const n = intArg(args, 'participants', 100_000);
  const repeat = intArg(args, 'repeat', 50);
  const rawRepeat = intArg(args, 'raw-repeat', Math.max(3, Math.min(repeat, Math.round(2_000_000 / n))));
  console.log(`coverage benchmark: ${n} participants; ${machine()}`);
  for (const target of targets(args)) {
    const { handle, drop } = await benchDb(target);
    try {
      console.log(`\n== ${handle.describe} ==`);
      const [seed, seedS] = await timed(() =>
        seedDemo(handle, { participants: n, referencePeriod: PERIOD, progress: createProgress('seed') }),
      );
      console.log(
        `seed: ${seed.participants} participants, ${seed.employers} employers (1:${seed.scaleDenominator}) in ${seedS.toFixed(1)} s`,
      );
      await ensureCoverageReference(handle);
      const [full, fullS] = await timed(() =>
        refreshCoverage(handle.db, { now: NOW, progress: createProgress('refresh') }),
      );
      console.log(
        `refresh full: ${fullS.toFixed(1)} s (deltas ${full.timingsMs.deltas} ms, rollups ${full.timingsMs.rollups} ms); ` +
          `${full.deltaRows} delta rows, ${full.rollupRows} rollup rows, window ${full.windowStart}..${full.windowEnd}`,
      );
      await markCoverageStale(handle.db, ['19']);
      const [inc, incS] = await timed(() => refreshCoverage(handle.db, { now: NOW }));
      console.log(
        `refresh incremental (1 province, Babel): ${incS.toFixed(2)} s (${inc.rollupRows} rollup rows rebuilt)`,
      );
      const [, noopS] = await timed(() => refreshCoverage(handle.db, { now: NOW }));
      console.log(`refresh no-op: ${(noopS * 1000).toFixed(0)} ms`);
      const basis = await activeBasis(handle.db);
      console.log(
        `\n${'query'.padEnd(32)} ${'rollup p50'.padStart(10)} ${'p95'.padStart(9)}   ${'raw p50'.padStart(9)} ${'p95'.padStart(9)}  (ms; rollup n=${repeat}, raw n=${rawRepeat})`,
      );
      for (const c of cases(handle.db, basis)) {
        const a = await measure(repeat, c.rollup);
        const b = await measure(rawRepeat, c.raw);
        console.log(`${c.name.padEnd(32)} ${f(a.p50)} ${f(a.p95)}   ${f(b.p50)} ${f(b.p95)}`);
      }
    } finally {
      await drop();
    }
  }
}
