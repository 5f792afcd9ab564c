import { Command, CommanderError } from 'commander';
import type { Deps } from './app.ts';
import { registerClaimsCommands } from './modules/claims/commands.ts';
import './jobs.ts';
import { registerBillingCommands } from './modules/contributions/billing-commands.ts';
import { registerPaymentCommands } from './modules/contributions/payments-commands.ts';
import { registerCoverageCommands } from './modules/coverage/commands.ts';
import { registerDciCommands } from './modules/dci/commands.ts';
import { registerDemoCommands } from './modules/demo/commands.ts';
import { registerGovernmentCommands } from './modules/government/commands.ts';
import { registerImportCommands } from './modules/imports/commands.ts';
import { registerBackupCommands, registerJobCommands } from './modules/jobs/commands.ts';
import { registerPartnershipCommands } from './modules/partnerships/commands.ts';
import { registerRegionalCommands } from './modules/regional/commands.ts';
import { registerRegistryCommands } from './modules/registry/commands.ts';
import { registerRulesCommands } from './modules/rules/commands.ts';
import { registerSubsidyCommands } from './modules/subsidy/commands.ts';
import { registerWorkerCommands } from './modules/workers/commands.ts';
import { type CliContext, ExitCode } from './platform/cli-context.ts';
import { systemClock } from './platform/clock.ts';
import { loadConfig } from './platform/config.ts';
import { openDatabase } from './platform/db.ts';
import { AppError, ValidationError } from './platform/errors.ts';
import { migrate } from './platform/migrate.ts';

export { type CliContext, ExitCode } from './platform/cli-context.ts';

export function buildCli(ctx: CliContext): Command {
  const program = new Command('lindung')
    .description('Lindung — jaminan sosial ketenagakerjaan / employment social security')
    .exitOverride()
    .configureOutput({ writeErr: (s) => ctx.err(s.trimEnd()) });

  program
    .command('serve')
    .description('Serve the web app and API (PORT, DATABASE_URL, LINDUNG_DATA_DIR)')
    .action(async () => {
      const { serve } = await import('./server.ts');
      await serve();
    });

  const dbCmd = program.command('db').description('Database maintenance');
  dbCmd
    .command('migrate')
    .description('Apply pending migrations and load reference data')
    .action(async () => {
      const deps = await ctx.open({ migrate: true });
      ctx.out(`database up to date: ${deps.handle.describe}`);
      await deps.handle.close();
    });
  registerBackupCommands(dbCmd, ctx);
  registerJobCommands(program, ctx);

  registerWorkerCommands(program, ctx);
  registerImportCommands(program, ctx);
  registerRulesCommands(program, ctx);
  registerDemoCommands(program, ctx);
  registerCoverageCommands(program, ctx);
  registerGovernmentCommands(program, ctx);
  registerRegionalCommands(program, ctx);
  registerBillingCommands(program, ctx);
  registerPaymentCommands(program, ctx);
  registerPartnershipCommands(program, ctx);
  registerSubsidyCommands(program, ctx);
  registerRegistryCommands(program, ctx);
  registerClaimsCommands(program, ctx);
  registerDciCommands(program, ctx);
  return program;
}

export async function runCli(argv: string[]): Promise<number> {
  const config = loadConfig();
  const ctx: CliContext = {
    out: (l) => process.stdout.write(`${l}\n`),
    err: (l) => process.stderr.write(`${l}\n`),
    async open({ migrate: doMigrate = true } = {}) {
      const handle = await openDatabase({
        databaseUrl: config.databaseUrl,
        readDatabaseUrl: config.readDatabaseUrl,
        dataDir: config.dataDir,
      });
      if (doMigrate) {
        await migrate(handle);
        const { ensureReferenceData } = await import('./modules/regions/actions.ts');
        await ensureReferenceData(handle);
      }
      return { handle, db: handle.db, clock: systemClock, config };
    },
  };
  try {
    await buildCli(ctx).parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof ExitCode) return e.code;
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof ValidationError) {
      ctx.err(`galat / error: ${e.message}`);
      return 2;
    }
    if (e instanceof AppError) {
      ctx.err(`galat / error: ${e.message}`);
      return 2;
    }
    ctx.err(e instanceof Error ? (e.stack ?? e.message) : String(e));
    return 2;
  }
}

const isMain = process.argv[1] && /cli\.ts$|lindung(\.mjs)?$/.test(process.argv[1]);
if (isMain) {
  runCli(process.argv.slice(2)).then((code) => {
    // `serve` keeps running; everything else exits with its code.
    if (!((process.argv[2] === 'serve' || process.argv[2] === 'worker') && code === 0)) process.exit(code);
  });
}
