import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { Command } from 'commander';
import type { CliContext } from '../../platform/cli-context.ts';
import { ExitCode } from '../../platform/cli-context.ts';
import { ValidationError } from '../../platform/errors.ts';
import { cancelJob, retryJob } from './actions.ts';
import { cliActor } from './cli.ts';
import { listJobs, visibleJob } from './queries.ts';

function jobLine(j: {
  id: number;
  kind: string;
  status: string;
  progress_done: number;
  progress_total: number | null;
  created_by_name: string;
  created_at: Date;
}) {
  const pct = j.progress_total ? ` ${Math.floor((100 * j.progress_done) / j.progress_total)}%` : '';
  return `#${j.id}  ${j.kind.padEnd(24)} ${j.status.padEnd(9)}${pct}  ${j.created_by_name}  ${j.created_at.toISOString()}`;
}

export function registerJobCommands(program: Command, ctx: CliContext): void {
  program
    .command('worker')
    .description('Run job workers only (more machines can share the load against one database)')
    .option('--concurrency <n>', 'jobs at once (default LINDUNG_WORKERS or one per core)')
    .action(async (o: { concurrency?: string }) => {
      const { runWorker } = await import('../../server.ts');
      await runWorker(o.concurrency ? Number(o.concurrency) : undefined);
    });

  const jobs = program.command('jobs').description('Pekerjaan latar belakang / background jobs');
  jobs
    .command('list')
    .option('--status <s>', 'queued, running, done, failed or cancelled')
    .action(async (o: { status?: string }) => {
      const deps = await ctx.open({ migrate: false });
      try {
        for (const j of await listJobs(deps.db, cliActor(), { status: o.status, limit: 50 }))
          ctx.out(jobLine(j));
      } finally {
        await deps.handle.close();
      }
    });
  jobs.command('show <id>').action(async (id: string) => {
    const deps = await ctx.open({ migrate: false });
    try {
      ctx.out(JSON.stringify(await visibleJob(deps.db, Number(id), cliActor()), null, 2));
    } finally {
      await deps.handle.close();
    }
  });
  for (const [name, act] of [
    ['cancel', cancelJob],
    ['retry', retryJob],
  ] as const) {
    jobs.command(`${name} <id>`).action(async (id: string) => {
      const deps = await ctx.open({ migrate: false });
      try {
        ctx.out(jobLine(await act(deps, Number(id), cliActor())));
      } finally {
        await deps.handle.close();
      }
    });
  }
}

/** `lindung db backup FILE` / `db restore FILE`: pg_dump/pg_restore (custom format) of the configured database. */
export function registerBackupCommands(db: Command, ctx: CliContext): void {
  const tool = (name: string) => {
    try {
      execFileSync(name, ['--version'], { stdio: 'ignore' });
      return name;
    } catch {
      throw new ValidationError(
        `${name} tidak ditemukan; pasang postgresql-client-15 / ${name} not found: install postgresql-client-15 (apt-get install postgresql-client-15)`,
      );
    }
  };
  /** The URL without its password (given through PGPASSWORD, never on a command line). */
  const split = (url: string) => {
    const u = new URL(url);
    const password = decodeURIComponent(u.password);
    u.password = '';
    return { url: u.toString(), env: { ...process.env, PGPASSWORD: password } };
  };
  db.command('backup <file>')
    .description('Back the database up to FILE (pg_dump custom format)')
    .action(async (file: string) => {
      const pgDump = tool('pg_dump');
      const deps = await ctx.open({ migrate: false });
      try {
        const c = split(deps.handle.url);
        execFileSync(pgDump, ['--format=custom', '--no-owner', `--file=${file}`, c.url], {
          env: c.env,
          stdio: 'inherit',
        });
        ctx.out(
          `cadangan / backup: ${file} (${fs.statSync(file).size} bytes) dari / of ${deps.handle.describe}`,
        );
      } finally {
        await deps.handle.close();
      }
    });
  db.command('restore <file>')
    .description('Restore FILE (from db backup) into the database, replacing what is there')
    .action(async (file: string) => {
      if (!fs.existsSync(file)) {
        ctx.err(`galat / error: berkas tidak ada / no such file: ${file}`);
        throw new ExitCode(2);
      }
      const pgRestore = tool('pg_restore');
      const deps = await ctx.open({ migrate: false });
      try {
        const c = split(deps.handle.url);
        execFileSync(
          pgRestore,
          ['--clean', '--if-exists', '--no-owner', '--single-transaction', `--dbname=${c.url}`, file],
          { env: c.env, stdio: 'inherit' },
        );
        ctx.out(`dipulihkan / restored ${file} ke / into ${deps.handle.describe}`);
      } finally {
        await deps.handle.close();
      }
    });
}
