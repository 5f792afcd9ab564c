import { sql } from 'kysely';
import type { Database } from '../../platform/db.ts';
import { NotFoundError } from '../../platform/errors.ts';
import type { JobRow } from '../../platform/jobs.ts';
import { type Actor, can } from '../access/policy.ts';

/** A job as people see it: a parent's progress is the sum of its children's. */
export interface JobView extends Omit<JobRow, 'params'> {
  params: unknown;
  children: { total: number; done: number; failed: number } | null;
}

const COLUMNS = sql`j.id, j.kind, j.params, j.status, j.parent_id, j.created_by, j.created_by_name, j.schedule,
  j.result, j.error, j.attempts, j.cancel_requested, j.created_at, j.started_at, j.finished_at, j.heartbeat_at,
  coalesce(c.done, j.progress_done) as progress_done,
  coalesce(c.total, j.progress_total) as progress_total,
  case when c.n is null then j.rate
       else round((c.done / greatest(extract(epoch from (coalesce(j.finished_at, now()) - j.started_at)), 0.001))::numeric, 1)::float8 end as rate,
  case when c.n is null then null
       else json_build_object('total', c.n, 'done', c.finished, 'failed', c.failed) end as children`;

const CHILDREN = sql`left join lateral (
    select count(*)::int as n, sum(progress_done)::bigint as done,
      case when bool_and(progress_total is not null) then sum(progress_total)::bigint end as total,
      count(*) filter (where status = 'done')::int as finished,
      count(*) filter (where status = 'failed')::int as failed
    from jobs k where k.parent_id = j.id having count(*) > 0) c on true`;

/** Admins (and auditors) see every job; everyone else the jobs they started. */
function ownerFilter(actor: Actor) {
  if (can(actor, 'jobs.all')) return sql`true`;
  return sql`j.created_by = ${actor.userId ?? -1}`;
}

type JobFilter = { status?: string; kind?: string; before?: number };

function jobsWhere(actor: Actor, f: JobFilter) {
  return sql`j.parent_id is null and ${ownerFilter(actor)}
      and (${f.status ?? null}::text is null or j.status = ${f.status ?? null})
      and (${f.kind ?? null}::text is null or j.kind = ${f.kind ?? null})
      and (${f.before ?? null}::bigint is null or j.id < ${f.before ?? null})`;
}

/** Newest first; `before` is the keyset cursor (the CLI), `offset` the web's page. */
export async function listJobs(
  db: Database,
  actor: Actor,
  f: JobFilter & { limit?: number; offset?: number } = {},
): Promise<JobView[]> {
  const r = await sql<JobView>`select ${COLUMNS} from jobs j ${CHILDREN}
    where ${jobsWhere(actor, f)}
    order by j.id desc limit ${f.limit ?? 50} offset ${f.offset ?? 0}`.execute(db);
  return r.rows;
}

/** One page of the jobs list with its total (the web's list and its CSV/XLSX). */
export async function pageJobs(
  db: Database,
  actor: Actor,
  f: JobFilter & { page: number; pageSize: number },
) {
  const total = await sql<{
    n: number;
  }>`select count(*)::int as n from jobs j where ${jobsWhere(actor, f)}`.execute(db);
  const items = await listJobs(db, actor, { ...f, limit: f.pageSize, offset: (f.page - 1) * f.pageSize });
  return { items, total: total.rows[0]?.n ?? 0 };
}

export async function visibleJob(db: Database, id: number, actor: Actor): Promise<JobView> {
  const r = await sql<JobView>`select ${COLUMNS} from jobs j ${CHILDREN}
    where j.id = ${id} and ${ownerFilter(actor)}`.execute(db);
  if (!r.rows[0]) throw new NotFoundError(`Pekerjaan #${id} tidak ditemukan / Job #${id} not found`);
  return r.rows[0];
}

export async function listSchedules(db: Database) {
  return db.selectFrom('job_schedules').selectAll().orderBy('name').execute();
}
