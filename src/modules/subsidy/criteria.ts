/**
 * A wage-subsidy programme as data: who qualifies (criteria), how much is paid in which tranches,
 * through which channels, with the legal basis and sources. The criteria vocabulary is small on
 * purpose: each key maps to one reason code (reasons.ts) and one SQL predicate (evaluate-sql.ts).
 *
 * | key                           | meaning                                                      | reason code          |
 * |-------------------------------|--------------------------------------------------------------|----------------------|
 * | citizen_nik                   | NIK valid as a citizen's NIK (subsidy_nik_valid)              | nik_invalid          |
 * | segments                      | participant segment in the list                               | segment_not_covered  |
 * | active_at                     | registered on or before this date, and not closed             | not_registered, participant_closed |
 * | wage_on                       | date the wage is read (default active_at); no job → no_wage   | no_wage              |
 * | wage_below / wage_at_most     | total reported wage < / ≤ the threshold                       | wage_too_high        |
 * | wage_threshold_or_ump         | threshold = max(threshold, UMP of the work province)          | wage_too_high        |
 * | paid_through                  | contributions paid for this month (coverage_spans)            | contributions_unpaid |
 * | exclude_employer_legal_forms  | no job at an employer of these legal forms                    | employer_excluded    |
 * | exclude_state_bodies          | no job at a state body (employers.is_state_body)              | employer_excluded    |
 * | except_non_asn                | non-ASN staff keep eligibility despite the two above          | —                    |
 * | sectors                       | main employer's sector in the list                            | sector_not_covered   |
 * | regions_list                  | workplace regency inside a region list (codes by prefix)      | region_not_covered   |
 * | exclude_lists                 | NIK on none of these exclusion lists                          | on_exclusion_list    |
 * | bank_account                  | a verified account at one of channels.banks                   | no_bank_account      |
 * | quota (top level)             | at most this many eligible, lowest wage first, then id        | over_quota           |
 */
import { z } from 'zod';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'format YYYY-MM-DD');
const period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'format YYYY-MM');
const listCode = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'kode huruf kecil, angka, tanda hubung');
const bank = z.string().regex(/^[A-Z]{2,10}$/, 'kode bank huruf besar');

export const LEGAL_FORMS = [
  'PT',
  'CV',
  'Firma',
  'Koperasi',
  'Yayasan',
  'Perorangan',
  'BUMN',
  'BUMD',
  'Instansi',
] as const;
export const SEGMENTS = ['PU', 'BPU', 'JAKON', 'PMI'] as const;

export const criteriaSchema = z
  .object({
    citizen_nik: z.boolean().optional(),
    segments: z.array(z.enum(SEGMENTS)).min(1).optional(),
    active_at: date,
    wage_on: date.optional(),
    wage_below: z.number().int().positive().optional(),
    wage_at_most: z.number().int().positive().optional(),
    wage_threshold_or_ump: z.boolean().optional(),
    paid_through: period.optional(),
    exclude_employer_legal_forms: z.array(z.enum(LEGAL_FORMS)).optional(),
    exclude_state_bodies: z.boolean().optional(),
    except_non_asn: z.boolean().optional(),
    sectors: z.array(z.string().min(1)).min(1).optional(),
    regions_list: listCode.optional(),
    exclude_lists: z.array(listCode).optional(),
    bank_account: z.boolean().optional(),
  })
  .strict()
  .refine((c) => !(c.wage_below && c.wage_at_most), {
    message: 'wage_below dan wage_at_most tidak boleh keduanya / not both wage_below and wage_at_most',
  })
  .refine((c) => !c.wage_threshold_or_ump || c.wage_below || c.wage_at_most, {
    message: 'wage_threshold_or_ump perlu ambang upah / needs a wage threshold',
  });

export const trancheSchema = z.object({
  no: z.number().int().min(1),
  amount: z.number().int().positive(),
  label: z.string().optional(),
});

export const programmeSchema = z
  .object({
    code: listCode,
    name: z.string().min(3),
    name_en: z.string().min(3),
    year: z.number().int().min(2000).max(2100),
    legal_basis: z.string().min(3),
    monthly_amount: z.number().int().positive().optional(),
    months: z.number().int().positive().optional(),
    amount_total: z.number().int().positive(),
    tranches: z.array(trancheSchema).min(1),
    quota: z.number().int().positive().nullable(),
    criteria: criteriaSchema,
    channels: z.object({
      banks: z.array(bank).min(1),
      // Where people without an accepted account are paid (PT Pos from 2022); null = nowhere.
      fallback: bank.nullable(),
      batch_max: z.number().int().min(1).max(1_000_000).default(50_000),
    }),
    sources: z.array(z.string()).default([]),
    unconfirmed: z.array(z.string()).default([]),
    notes: z.string().optional(),
  })
  .strict()
  .refine((p) => p.tranches.reduce((s, t) => s + t.amount, 0) === p.amount_total, {
    message: 'jumlah tahap harus sama dengan amount_total / tranches must add up to amount_total',
  })
  .refine((p) => new Set(p.tranches.map((t) => t.no)).size === p.tranches.length, {
    message: 'nomor tahap harus unik / tranche numbers must be unique',
  });

export type Criteria = z.infer<typeof criteriaSchema>;
export type ProgrammeDefinition = z.infer<typeof programmeSchema>;

/**
 * What a run resolves from reference tables when it starts, frozen with the definition so that a
 * re-run evaluates exactly the same thresholds and region codes.
 */
export interface Resolved {
  /** Floor of the provincial minimum wage for the cut-off year, by province code. */
  ump: Record<string, number>;
  /** Region codes of criteria.regions_list (matched by prefix). */
  region_codes: string[];
  /** Entries per exclusion list when the run started. */
  lists: Record<string, number>;
}

export interface FrozenDefinition extends ProgrammeDefinition {
  resolved: Resolved;
}

export function wageDate(c: Criteria): string {
  return c.wage_on ?? c.active_at;
}

export function trancheAmount(def: ProgrammeDefinition, tranche: number): number | null {
  return def.tranches.find((t) => t.no === tranche)?.amount ?? null;
}
