import os from 'node:os';
import type { CliContext } from '../../platform/cli-context.ts';
import { ExitCode } from '../../platform/cli-context.ts';
import type { Deps } from '../../platform/deps.ts';
import { type JobRow, startWorkers } from '../../platform/jobs.ts';
import { createProgress } from '../../platform/progress.ts';
import { type Actor, SYSTEM } from '../access/policy.ts';
import { startJob } from './actions.ts';
import { visibleJob } from './queries.ts';

/** The CLI acts as the system, named after the person at the terminal in the audit log. */
export function cliActor(): Actor {
  return { ...SYSTEM, username: `cli:${os.userInfo().username}` };
}

/**
 * Starts a job from a command. By default it waits, showing progress, and runs workers in this
 * process meanwhile (so the command works with or without a running server; a server's workers
 * may take chunks too). `--detach` prints the job id and returns at once.
 */
export async function runJobFromCli(
  ctx: CliContext,
  deps: Deps,
  kind: string,
  params: unknown,
  o: { detach?: boolean; label: string },
): Promise<JobRow> {
  const job = await startJob(deps, kind, params, cliActor());
  if (o.detach) {
    ctx.out(`pekerjaan / job #${job.id} (${kind}) dalam antrean / queued`);
    return job;
  }
  const workers = await startWorkers(deps, {
    concurrency: Number(process.env.LINDUNG_WORKERS ?? os.availableParallelism()),
    onError: (e) => ctx.err(`galat / error: ${e instanceof Error ? e.message : String(e)}`),
  });
  const bar = createProgress(o.label);
  let total = -1;
  let done = 0;
  try {
    for (;;) {
      const v = await visibleJob(deps.db, job.id, cliActor());
      if (v.progress_total !== null && v.progress_total !== total) {
        total = v.progress_total;
        bar.total(total);
      }
      if (v.progress_done > done) {
        bar.tick(v.progress_done - done);
        done = v.progress_done;
      }
      if (v.status === 'done' || v.status === 'failed' || v.status === 'cancelled')
        return v as unknown as JobRow;
      await new Promise((r) => setTimeout(r, 300));
    }
  } finally {
    bar.done();
    await workers.stop();
  }
}

/** Prints a finished job's outcome; exit code 1 when it failed or was cancelled. */
export async function reportJob(ctx: CliContext, deps: Deps, job: JobRow): Promise<unknown> {
  const v = await visibleJob(deps.db, job.id, cliActor());
  if (v.status === 'failed') {
    ctx.err(`pekerjaan / job #${v.id} gagal / failed: ${v.error}`);
    throw new ExitCode(1);
  }
  if (v.status === 'cancelled') {
    ctx.err(`pekerjaan / job #${v.id} dibatalkan / cancelled`);
    throw new ExitCode(1);
  }
  return v.result;
}
