import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CliContext } from '../../platform/cli-context.ts';
import { ExitCode } from '../../platform/cli-context.ts';
import type { Deps } from '../../platform/deps.ts';
import { type JobRow, startWorkers } from '../../platform/jobs.ts';
import { createProgress } from '../../platform/progress.ts';
import { storeUpload } from '../../platform/uploads.ts';
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
    // LINDUNG_WORKERS, else the default of startWorkers (the cores; one on a Citus coordinator)
    concurrency: process.env.LINDUNG_WORKERS ? Number(process.env.LINDUNG_WORKERS) : undefined,
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

/**
 * A file given on the command line, processed by a job like a web upload: stored first (uploads),
 * then the job `kind` with `{ upload_id }` runs it, waiting with progress unless `--detach`. The
 * result (or the exit) is the job's, so the CLI, the API and the web apply a file the same way.
 */
export async function runUploadJobFromCli<T>(
  ctx: CliContext,
  deps: Deps,
  file: string,
  kind: string,
  o: { detach?: boolean; label: string },
): Promise<T | null> {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
    ctx.err(`berkas tidak ditemukan / file not found: ${file}`);
    throw new ExitCode(2);
  }
  const upload = await storeUpload(deps.db, path.basename(file), fs.createReadStream(file), null);
  const job = await runJobFromCli(ctx, deps, kind, { upload_id: upload }, o);
  if (o.detach) return null;
  return (await reportJob(ctx, deps, job, 2)) as T;
}

/** A finished job's result; prints why and exits (`failedCode`, default 1) when it failed or was cancelled. */
export async function reportJob(ctx: CliContext, deps: Deps, job: JobRow, failedCode = 1): Promise<unknown> {
  const v = await visibleJob(deps.db, job.id, cliActor());
  if (v.status === 'failed') {
    ctx.err(`galat / error: ${v.error} (pekerjaan / job #${v.id})`);
    throw new ExitCode(failedCode);
  }
  if (v.status === 'cancelled') {
    ctx.err(`pekerjaan / job #${v.id} dibatalkan / cancelled`);
    throw new ExitCode(1);
  }
  return v.result;
}
