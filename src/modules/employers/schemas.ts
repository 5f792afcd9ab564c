import { z } from 'zod';

// What the employer routes answer (the OpenAPI document and web/src/api/schema.d.ts are made from these).

/** An `employers` row as stored. */
export const employerRecordSchema = z.object({
  id: z.number(),
  npp: z.string(),
  name: z.string(),
  legal_form: z.string(),
  sector: z.string(),
  size_class: z.string(),
  risk_class: z.number(),
  village_code: z.string(),
  regency_code: z.string(),
  province_code: z.string(),
  branch_office_id: z.number().nullable(),
  is_state_body: z.boolean(),
  status: z.string(),
  registered_on: z.string(),
  created_at: z.date(),
  labour_intensive: z.boolean(),
});

/** One row of the employer search, with its current workers. */
export const employerRowSchema = employerRecordSchema
  .pick({
    id: true,
    npp: true,
    name: true,
    legal_form: true,
    sector: true,
    size_class: true,
    risk_class: true,
    province_code: true,
    status: true,
  })
  .extend({ province_name: z.string(), regency_name: z.string(), workers: z.number() });

export const employerMembershipSchema = z.object({
  partner_id: z.number(),
  name: z.string(),
  acronym: z.string().nullable(),
  since: z.string().nullable(),
});

/** An employer with its region names, branch office and association memberships. */
export const employerSchema = employerRecordSchema.extend({
  village_name: z.string(),
  province_name: z.string(),
  regency_name: z.string(),
  /** The branch office's name. */
  branch_office: z.string().nullable(),
  memberships: z.array(employerMembershipSchema),
});

/** A current worker of an employer. */
export const employerWorkerSchema = z.object({
  participant_id: z.number(),
  kpj: z.string(),
  nik: z.string(),
  full_name: z.string(),
  started_on: z.string(),
  wage: z.number(),
});

export const employerSearchSchema = z.object({ items: z.array(employerRowSchema), total: z.number() });

export const employerDetailSchema = z.object({
  employer: employerSchema,
  workers: z.array(employerWorkerSchema),
  workers_total: z.number(),
  workers_page: z.number(),
  workers_page_size: z.number(),
});
