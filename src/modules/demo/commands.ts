import type { Command } from 'commander';
import type { CliContext } from '../../platform/cli-context.ts';
import { ValidationError } from '../../platform/errors.ts';
import { reportJob, runJobFromCli } from '../jobs/cli.ts';
import { currentPeriod, isSeeded, type SeedResult } from './actions.ts';
import { demoSeedJob } from './jobs.ts';
import { DEFAULT_SCALE, formatScale, parseScale } from './rules.ts';

function positiveInt(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new ValidationError(`${name}: harus bilangan bulat positif / must be a positive whole number`);
  return n;
}

export function registerDemoCommands(program: Command, ctx: CliContext): void {
  const demo = program.command('demo').description('Data demo sintetis / synthetic demo data');
  demo
    .command('seed')
    .description(
      'Generate a synthetic national sample (default 1:200 ≈ 200,000 participants); no-op when participants exist',
    )
    .option('--participants <n>', 'number of participants (the scale is derived from national actives)')
    .option(
      '--scale <1:N>',
      `sample scale, e.g. 1:200 or 1:1 for national size (default ${formatScale(DEFAULT_SCALE)})`,
    )
    .option('--seed <s>', 'random seed: the same seed gives the same sample', '1')
    .option(
      '--period <YYYY-MM>',
      'reference month (wages use its year’s minimum wage; default the current month)',
    )
    .option('--detach', 'queue the job and print its id instead of waiting')
    .action(
      async (o: {
        participants?: string;
        scale?: string;
        seed: string;
        period?: string;
        detach?: boolean;
      }) => {
        // Options are checked before the database is opened (and migrated).
        const participants = o.participants ? positiveInt(o.participants, 'participants') : undefined;
        const scaleDenominator = o.scale ? parseScale(o.scale) : undefined;
        const seed = Number.parseInt(o.seed, 10);
        if (!Number.isInteger(seed))
          throw new ValidationError(`seed: harus bilangan bulat / must be a whole number`);
        const deps = await ctx.open();
        try {
          if (await isSeeded(deps.db)) {
            ctx.err(
              'Basis data sudah berisi peserta; demo seed dilewati / The database already has participants; demo seed skipped',
            );
            return;
          }
          const job = await runJobFromCli(
            ctx,
            deps,
            demoSeedJob.kind,
            {
              participants,
              scale_denominator: scaleDenominator,
              seed,
              reference_period: o.period ?? currentPeriod(deps.clock.now()),
            },
            { detach: o.detach, label: 'demo seed' },
          );
          if (o.detach) return;
          const result = (await reportJob(ctx, deps, job)) as SeedResult;
          if (!result.skipped) {
            ctx.out(
              `Sampel sintetis / synthetic sample ${formatScale(result.scaleDenominator)}: ` +
                `${result.participants} peserta / participants, ${result.employers} pemberi kerja / employers ` +
                `(${deps.handle.describe})`,
            );
          }
        } finally {
          await deps.handle.close();
        }
      },
    );
}
