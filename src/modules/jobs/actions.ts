import type { Deps } from '../../platform/deps.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { enqueue, type JobRow, requestCancel, retry } from '../../platform/jobs.ts';
import { recordAudit } from '../access/audit.ts';
import type { Actor } from '../access/policy.ts';
import { visibleJob } from './queries.ts';

/** Starts a background job for a person (or the CLI/system) and records who started it. */
export async function startJob(deps: Deps, kind: string, params: unknown, actor: Actor): Promise<JobRow> {
  return deps.db.transaction().execute(async (trx) => {
    const job = await enqueue(trx, kind, params, { ...actor });
    await recordAudit(trx, actor, 'job.start', 'job', String(job.id), null, { kind, params: job.params });
    return job;
  });
}

export async function cancelJob(deps: Deps, id: number, actor: Actor): Promise<JobRow> {
  const job = await visibleJob(deps.db, id, actor);
  if (job.status !== 'queued' && job.status !== 'running')
    throw new ValidationError('Pekerjaan ini sudah selesai / This job has already ended');
  return deps.db.transaction().execute(async (trx) => {
    const after = await requestCancel(trx, id);
    await recordAudit(trx, actor, 'job.cancel', 'job', String(id), { status: job.status }, null);
    if (!after) throw new NotFoundError('Pekerjaan tidak ditemukan / Job not found');
    return after;
  });
}

export async function retryJob(deps: Deps, id: number, actor: Actor): Promise<JobRow> {
  const job = await visibleJob(deps.db, id, actor);
  if (job.status !== 'failed' && job.status !== 'cancelled')
    throw new ValidationError(
      'Hanya pekerjaan yang gagal atau dibatalkan yang dapat diulang / Only a failed or cancelled job can be retried',
    );
  return deps.db.transaction().execute(async (trx) => {
    const after = await retry(trx, id);
    await recordAudit(trx, actor, 'job.retry', 'job', String(id), { status: job.status }, null);
    if (!after) throw new NotFoundError('Pekerjaan tidak ditemukan / Job not found');
    return after;
  });
}

export async function setScheduleEnabled(deps: Deps, name: string, enabled: boolean, actor: Actor) {
  return deps.db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('job_schedules')
      .selectAll()
      .where('name', '=', name)
      .executeTakeFirst();
    if (!before) throw new NotFoundError(`Jadwal tidak ditemukan / Schedule not found: ${name}`);
    const after = await trx
      .updateTable('job_schedules')
      .set({ enabled, updated_at: new Date(), updated_by: actor.username })
      .where('name', '=', name)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, 'schedule.update', 'job_schedule', name, before, after);
    return after;
  });
}
