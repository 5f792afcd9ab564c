import { z } from 'zod';
import { isoDay, isoPeriod, rowId } from '../../platform/input.ts';
import { AGREEMENT_KINDS, PARTNER_TYPES, PAYERS } from './rules.ts';

/** zod schemas shared by the partnerships routes (they also make the OpenAPI document). */
export const date = isoDay;
export const period = isoPeriod;
export const idParam = z.object({ id: rowId });
export const STATUSES = ['draft', 'active', 'expiring', 'expired', 'terminated', 'renewed'] as const;
const PROGRAMS = ['JKK', 'JKM', 'JHT', 'JP', 'JKP'] as const;
const SEGMENTS = ['PU', 'BPU', 'JAKON', 'PMI'] as const;
const regionCode = z.string().regex(/^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/, 'kode wilayah Kemendagri');

export const partnerBody = z.object({
  name: z.string().min(2).max(300),
  acronym: z.string().max(60).nullish(),
  type: z.enum(PARTNER_TYPES),
  sector: z.string().max(300).nullish(),
  region_code: regionCode.nullish(),
  contact_name: z.string().max(200).nullish(),
  contact_email: z.string().email().nullish(),
  contact_phone: z.string().max(30).nullish(),
  source_url: z.string().url().nullish(),
  note: z.string().max(2000).nullish(),
});

const agreementFields = {
  title: z.string().min(3).max(500),
  signed_on: date.nullish(),
  signed_precision: z.enum(['day', 'reported', 'month', 'year']).optional(),
  starts_on: date,
  ends_on: date.nullish(),
  segments: z.array(z.enum(SEGMENTS)).optional(),
  programs: z.array(z.enum(PROGRAMS)).optional(),
  region_codes: z.array(regionCode).optional(),
  member_companies: z.enum(['all', 'listed', 'none']).optional(),
  worker_groups: z.array(z.string().max(60)).optional(),
  target_people: z.number().int().positive().nullish(),
  target_by: date.nullish(),
  payer: z.enum(PAYERS).optional(),
  sponsor_shares: z.record(z.string(), z.number().min(0).max(100)).optional(),
  budget_ceiling: z.number().int().min(0).nullish(),
  source_url: z.string().url().nullish(),
  note: z.string().max(4000).nullish(),
  state: z.enum(['draft', 'active']).optional(),
};

export const agreementBody = z.object({
  number: z.string().min(3).max(120),
  kind: z.enum(AGREEMENT_KINDS),
  partner_id: z.number().int(),
  parent_id: z.number().int().nullish(),
  ...agreementFields,
});

export const agreementPatch = z.object(agreementFields).partial();
