import { z } from 'zod';

// What the job routes answer, and the `{ job }` of every route that starts one (202).

export const jobStatusSchema = z.enum(['queued', 'running', 'done', 'failed', 'cancelled']);

/** A `jobs` row without the starter's actor (which only the worker reads). */
export const jobSchema = z.object({
  id: z.number(),
  kind: z.string(),
  params: z.unknown(),
  status: jobStatusSchema,
  parent_id: z.number().nullable(),
  created_by: z.number().nullable(),
  created_by_name: z.string(),
  schedule: z.string().nullable(),
  progress_done: z.number(),
  progress_total: z.number().nullable(),
  rate: z.number().nullable(),
  result: z.unknown(),
  error: z.string().nullable(),
  attempts: z.number(),
  cancel_requested: z.boolean(),
  created_at: z.date(),
  started_at: z.date().nullable(),
  finished_at: z.date().nullable(),
  heartbeat_at: z.date().nullable(),
});

/** The 202 answer of a route that starts a background job; follow it at /api/jobs/{id}. */
export const startedJobSchema = z.object({ job: jobSchema });

/** A job as people see it: a parent's progress is the sum of its children's. */
export const jobViewSchema = jobSchema.extend({
  children: z.object({ total: z.number(), done: z.number(), failed: z.number() }).nullable(),
});

export const scheduleSchema = z.object({
  name: z.string(),
  pattern: z.string(),
  enabled: z.boolean(),
  updated_at: z.date().nullable(),
  updated_by: z.string().nullable(),
});
