import { z } from 'zod';

// What the import routes answer (the OpenAPI document and web/src/api/schema.d.ts are made from these).

/** An `import_jobs` row: one uploaded worker list and its counts. */
export const importJobSchema = z.object({
  id: z.number(),
  kind: z.string(),
  file_name: z.string(),
  file_sha256: z.string(),
  employer_id: z.number().nullable(),
  partner_id: z.number().nullable(),
  dry_run: z.boolean(),
  status: z.string(),
  total_rows: z.number(),
  accepted_rows: z.number(),
  unchanged_rows: z.number(),
  rejected_rows: z.number(),
  created_by: z.number().nullable(),
  created_at: z.date(),
  finished_at: z.date().nullable(),
  message: z.string().nullable(),
  agreement_id: z.number().nullable(),
});

/** One refused cell of an import, in both languages. */
export const importErrorSchema = z.object({
  line: z.number(),
  column: z.string(),
  code: z.string(),
  message_id: z.string(),
  message_en: z.string(),
  value: z.string().nullable(),
});
