import type { Command } from 'commander';
import type { CliContext } from '../../platform/cli-context.ts';
import { ValidationError } from '../../platform/errors.ts';
import { parsePeriod } from '../../platform/period.ts';
import { SYSTEM } from '../access/policy.ts';
import { reportJob, runJobFromCli } from '../jobs/cli.ts';
import { coverageFigures } from './figures.ts';
import { coverageRefreshJob } from './jobs.ts';
import type { RefreshResult } from './refresh.ts';
import { coverageScope } from './scope.ts';
import { ensureCoverageReference } from './seed.ts';

export function registerCoverageCommands(program: Command, ctx: CliContext): void {
  const cov = program.command('coverage').description('Cakupan kepesertaan / coverage');
  cov
    .command('refresh')
    .description('Refresh the coverage rollups: provinces changed since the last run (all on the first run)')
    .option('--period <YYYY-MM>', 'last month of the window (default: the current month)')
    .option('--months <n>', 'months in the window', '36')
    .option('--full', 'recompute every province')
    .option('--detach', 'queue the job and print its id instead of waiting')
    .action(async (o: { period?: string; months: string; full?: boolean; detach?: boolean }) => {
      const months = Number(o.months);
      if (!Number.isInteger(months) || months < 1 || months > 240)
        throw new ValidationError('months: 1..240');
      const deps = await ctx.open();
      try {
        await ensureCoverageReference(deps.handle);
        const job = await runJobFromCli(
          ctx,
          deps,
          coverageRefreshJob.kind,
          { period: o.period ? parsePeriod(o.period) : undefined, months, full: o.full },
          { detach: o.detach, label: 'cakupan / coverage' },
        );
        if (o.detach) return;
        const r = (await reportJob(ctx, deps, job)) as RefreshResult;
        ctx.out(
          `run #${r.runId} ${r.mode} (${r.activeBasis}) ${r.windowStart}..${r.windowEnd}: ` +
            `${r.provinces.length} provinsi, ${r.deltaRows} delta, ${r.rollupRows} rollup, ` +
            `${r.timingsMs.total} ms (delta ${r.timingsMs.deltas} ms, rollup ${r.timingsMs.rollups} ms)`,
        );
      } finally {
        await deps.handle.close();
      }
    });
  cov
    .command('show')
    .description('Print coverage by province (or by the children of --parent)')
    .option('--period <YYYY-MM>')
    .option('--parent <code>')
    .option('--basis <b>', 'domicile | employer', 'domicile')
    .option('--denominator <d>', 'employed | employed_minus_civil_servants | labour_force', 'employed')
    .action(async (o: { period?: string; parent?: string; basis: string; denominator: string }) => {
      const deps = await ctx.open();
      try {
        const f = await coverageFigures(deps.db, coverageScope(SYSTEM, deps.config.minCellSize), {
          period: o.period,
          parent: o.parent ?? null,
          basis: o.basis === 'employer' ? 'employer' : 'domicile',
          denominator:
            o.denominator === 'labour_force' || o.denominator === 'employed_minus_civil_servants'
              ? o.denominator
              : 'employed',
        });
        const m = f.meta;
        ctx.out(
          `${m.period} · ${m.basis} · ${m.denominator.label_en} · ${m.active_source.basis}${m.synthetic ? ` · SYNTHETIC ${m.scale}` : ''}`,
        );
        for (const r of [...(f.total ? [f.total] : []), ...f.rows]) {
          const d = r.denominator;
          ctx.out(
            `${r.code.padEnd(9)} ${r.name.slice(0, 34).padEnd(34)} ${String(r.active ?? '—').padStart(9)} ` +
              `${String(r.coverage_pct ?? '—').padStart(7)}%  ${d ? `${d.period}${d.estimated ? ' est' : ''}` : 'no denominator'}`,
          );
        }
      } finally {
        await deps.handle.close();
      }
    });
}
