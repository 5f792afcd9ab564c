import { z } from 'zod';

// What the screening-run routes answer (the OpenAPI document and web/src/api/schema.d.ts are made from
// these). The programme definitions, decisions of one person, payments and appeals are not described yet.

/** A screening run as listed. */
export const runRowSchema = z.object({
  id: z.number(),
  programme_id: z.number(),
  programme_code: z.string(),
  programme_name: z.string(),
  snapshot_run_id: z.number().nullable(),
  rerun_of: z.number().nullable(),
  /** running, done or failed */
  status: z.string(),
  phase: z.string(),
  last_key: z.number(),
  max_participant_id: z.number(),
  screened: z.number(),
  eligible: z.number(),
  excluded: z.number(),
  reason_counts: z.unknown(),
  warnings: z.array(z.string()),
  timings_ms: z.unknown(),
  started_at: z.date(),
  finished_at: z.date().nullable(),
  error: z.string().nullable(),
});

/** One run: its frozen programme definition and how far it has come (`progress` 0–1). */
export const runSchema = runRowSchema.extend({
  snapshot_run_id: z.number(),
  definition: z.unknown(),
  progress: z.number(),
});

/** A decision reason code with its labels in both languages. */
export const reasonSchema = z.object({
  code: z.string(),
  criterion: z.string(),
  label_id: z.string(),
  label_en: z.string(),
});

export const reasonCountSchema = reasonSchema.extend({ count: z.number() });

/** Screened, eligible (after appeals) and excluded in one province or regency/city. */
export const regionCountSchema = z.object({
  code: z.string(),
  name: z.string().nullable(),
  screened: z.number(),
  eligible: z.number(),
  excluded: z.number(),
  appeals_upheld: z.number(),
});

/** One person's decision in a run, as the run's list shows it (NIK masked by role). */
export const decisionRowSchema = z.object({
  participant_id: z.number(),
  nik: z.string(),
  full_name: z.string(),
  province_code: z.string(),
  wage: z.number().nullable(),
  eligible: z.boolean(),
  decided_eligible: z.boolean(),
  reasons: z.array(z.string()),
});
