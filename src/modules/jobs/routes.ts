import { z } from 'zod';
import type { Deps } from '../../platform/deps.ts';
import type { Http } from '../../platform/http.ts';
import { exportQuery, listOrExport } from '../../platform/list-export.ts';
import { assertCan } from '../access/policy.ts';
import { requireActor } from '../access/request.ts';
import { cancelJob, retryJob, setScheduleEnabled } from './actions.ts';
import { JOB_COLUMNS } from './exports.ts';
import { jobFile } from './files.ts';
import { listSchedules, pageJobs, visibleJob } from './queries.ts';
import { jobViewSchema, scheduleSchema } from './schemas.ts';

const tags = ['jobs'];
const id = z.coerce.number().int().positive();
const STATUSES = ['queued', 'running', 'done', 'failed', 'cancelled'] as const;

export async function jobsRoutes(app: Http, deps: Deps): Promise<void> {
  app.get(
    '/jobs',
    {
      schema: {
        tags,
        summary: 'Pekerjaan latar belakang (admin: semua; lainnya: milik sendiri) / background jobs',
        querystring: z.object({
          status: z.enum(STATUSES).optional(),
          kind: z.string().max(60).optional(),
          before: id.optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          page: z.coerce.number().int().min(1).default(1),
          ...exportQuery,
        }),
        response: { 200: z.object({ items: z.array(jobViewSchema), total: z.number() }) },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const { status, kind, before } = req.query;
      return listOrExport(
        reply,
        { ...req.query, pageSize: req.query.limit },
        {
          name: 'pekerjaan',
          columns: JOB_COLUMNS,
          page: (page, pageSize) => pageJobs(deps.db, actor, { status, kind, before, page, pageSize }),
        },
      );
    },
  );

  app.get(
    '/jobs/:id',
    {
      schema: {
        tags,
        summary: 'Satu pekerjaan dan kemajuannya / one job and its progress',
        params: z.object({ id }),
        response: { 200: z.object({ job: jobViewSchema }) },
      },
    },
    async (req) => ({ job: await visibleJob(deps.db, req.params.id, requireActor(req)) }),
  );

  app.get(
    '/jobs/:id/file',
    {
      schema: {
        tags,
        summary: 'Unduh berkas hasil pekerjaan (ekspor) / download the file a job produced',
        params: z.object({ id }),
      },
    },
    async (req, reply) => {
      const f = await jobFile(deps.db, req.params.id, requireActor(req));
      return reply
        .header('content-disposition', `attachment; filename="${f.name.replace(/[^\w.-]/g, '_')}"`)
        .header('cache-control', 'no-store')
        .type(f.type)
        .send(f.stream);
    },
  );

  app.post(
    '/jobs/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Batalkan pekerjaan / cancel a job',
        params: z.object({ id }),
        response: { 200: z.object({ job: jobViewSchema }) },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      await cancelJob(deps, req.params.id, actor);
      return { job: await visibleJob(deps.db, req.params.id, actor) };
    },
  );

  app.post(
    '/jobs/:id/retry',
    {
      schema: {
        tags,
        summary: 'Ulangi pekerjaan yang gagal / retry a failed job',
        params: z.object({ id }),
        response: { 200: z.object({ job: jobViewSchema }) },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      await retryJob(deps, req.params.id, actor);
      return { job: await visibleJob(deps.db, req.params.id, actor) };
    },
  );

  const schedules = {
    tags,
    summary: 'Jadwal otomatis / schedules (admin)',
    response: { 200: z.object({ items: z.array(scheduleSchema) }) },
  };
  app.get('/schedules', { schema: schedules }, async (req) => {
    assertCan(requireActor(req), 'jobs.all');
    return { items: await listSchedules(deps.db) };
  });

  app.patch(
    '/schedules/:name',
    {
      schema: {
        tags,
        summary: 'Nyalakan atau matikan jadwal / switch a schedule on or off (admin)',
        params: z.object({ name: z.string().max(60) }),
        body: z.object({ enabled: z.boolean() }),
        response: { 200: z.object({ schedule: scheduleSchema }) },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      assertCan(actor, 'headoffice.operate');
      return { schedule: await setScheduleEnabled(deps, req.params.name, req.body.enabled, actor) };
    },
  );
}
