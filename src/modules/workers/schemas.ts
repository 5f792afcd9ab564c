import { z } from 'zod';

// What the participant routes answer (the OpenAPI document and web/src/api/schema.d.ts are made from
// these). Dates are 'YYYY-MM-DD' strings, timestamps Date objects sent as ISO strings.

/** One row of the participant search. */
export const participantRowSchema = z.object({
  id: z.number(),
  nik: z.string(),
  kpj: z.string(),
  full_name: z.string(),
  birth_date: z.string(),
  sex: z.string(),
  segment: z.string(),
  province_name: z.string(),
  status: z.string(),
  /** Set when this record was merged: the id of the record that survives it. */
  merged_into: z.number().nullable(),
});

/** A `participants` row as stored. */
export const participantRecordSchema = z.object({
  id: z.number(),
  nik: z.string(),
  kpj: z.string(),
  full_name: z.string(),
  birth_date: z.string(),
  sex: z.string(),
  village_code: z.string(),
  regency_code: z.string(),
  province_code: z.string(),
  phone: z.string().nullable(),
  segment: z.string(),
  programs: z.array(z.string()),
  is_non_asn: z.boolean(),
  is_vulnerable: z.boolean(),
  registered_on: z.string(),
  status: z.string(),
  import_id: z.number().nullable(),
  created_at: z.date(),
  declared_income: z.number().nullable(),
  is_transport: z.boolean(),
  pmi_contract_months: z.number().nullable(),
  merged_into: z.number().nullable(),
});

/** A participant with the names of the regions of their address. */
export const participantSchema = participantRecordSchema.extend({
  village_name: z.string(),
  regency_name: z.string(),
  province_name: z.string(),
});

export const participantEmploymentSchema = z.object({
  employer_id: z.number(),
  npp: z.string(),
  employer_name: z.string(),
  started_on: z.string(),
  ended_on: z.string().nullable(),
  wage: z.number(),
});

/** A hire, wage change or exit; `reported_at` an ISO timestamp. */
export const participantEventSchema = z.object({
  id: z.number(),
  kind: z.string(),
  effective_on: z.string(),
  wage: z.number().nullable(),
  employer_id: z.number(),
  employer_name: z.string(),
  reported_at: z.union([z.string(), z.date()]),
});

export const participantSearchSchema = z.object({ items: z.array(participantRowSchema), total: z.number() });

export const participantDetailSchema = z.object({
  participant: participantSchema,
  employments: z.array(participantEmploymentSchema),
  events: z.array(participantEventSchema),
});

export const nikResultSchema = z.discriminatedUnion('valid', [
  z.object({
    valid: z.literal(true),
    province_code: z.string(),
    regency_code: z.string(),
    district_code: z.string(),
    sex: z.string(),
    birth_date: z.string(),
    serial: z.string(),
  }),
  z.object({
    valid: z.literal(false),
    code: z.enum(['nik_format', 'nik_region', 'nik_birth_date', 'nik_serial']),
    message_id: z.string(),
    message_en: z.string(),
  }),
]);
