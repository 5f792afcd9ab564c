import { z } from 'zod';

// What the region routes answer (the OpenAPI document and web/src/api/schema.d.ts are made from these).

/** A Kemendagri region: level 1 province, 2 regency/city, 3 district, 4 village. */
export const regionSchema = z.object({
  code: z.string(),
  name: z.string(),
  level: z.number(),
  kind: z.string(),
});

/** A child region with its participants and employers; null where the cell is too small to show. */
export const regionChildSchema = regionSchema.extend({
  participants: z.number().nullable(),
  employers: z.number().nullable(),
});

/** The province's workforce baseline (numeric shares as decimal strings). */
export const workforceSchema = z.object({
  note: z.string().nullable(),
  province_code: z.string(),
  period: z.string(),
  employed_population: z.number(),
  formal_share_pct: z.string().nullable(),
  formal_count: z.number().nullable(),
  informal_count: z.number().nullable(),
  source_url: z.string(),
});

/** The province's minimum wage (UMP) of the latest year, rupiah as a decimal string. */
export const minimumWageSchema = z.object({
  note: z.string().nullable(),
  province_code: z.string(),
  source_url: z.string(),
  year: z.number(),
  ump_rupiah: z.string(),
});

export const regionsAnswerSchema = z.object({
  region: regionSchema.extend({ parent_code: z.string().nullable() }).nullable(),
  path: z.array(regionSchema),
  children: z.array(regionChildSchema),
  workforce: workforceSchema.nullable(),
  minimum_wage: minimumWageSchema.nullable(),
});

/** A picker row with its parents' names ("Jawa Barat › Kota Bandung › Cicendo"). */
export const regionOptionSchema = regionSchema.extend({ path: z.string() });

export const branchOfficeSchema = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  province_code: z.string(),
  regency_code: z.string().nullable(),
});
