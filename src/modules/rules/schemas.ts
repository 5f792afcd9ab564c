import { z } from 'zod';
import { isoDay, isoPeriod } from '../../platform/input.ts';

/**
 * Request bodies for the public calculators: the CLI flags' names in snake_case, like the rest of
 * the API (and the web calculator). Routes map them to the calculators' camelCase inputs.
 */

const rupiah = z.number().int().nonnegative().describe('whole rupiah');
const period = isoPeriod;
const day = isoDay;
const percent = z.union([z.string(), z.number().nonnegative()]).describe('percent, e.g. "12.5"');

export const contributionBody = z.object({
  segment: z.enum(['PU', 'BPU', 'JAKON', 'PMI']),
  period: period.describe('contribution month YYYY-MM'),
  wage: rupiah.optional().describe('PU; Jakon when wages are known'),
  risk_class: z.number().int().min(1).max(5).optional().describe('PU: JKK risk class 1–5'),
  labour_intensive: z
    .boolean()
    .optional()
    .describe('PU: eligible for the PP 7/2025 & PP 36/2025 JKK discount'),
  income: rupiah.optional().describe('BPU: declared monthly income'),
  jht: z.boolean().optional().describe('BPU: also pay the optional JHT'),
  transport: z.boolean().optional().describe('BPU: transport-sector occupation (PP 50/2025)'),
  budget_funded: z
    .boolean()
    .optional()
    .describe('BPU: contributions paid from APBN/APBD (no PP 50/2025 discount)'),
  contract_value: rupiah.optional().describe('Jakon: contract value when wages are not known'),
  contract_months: z.number().int().min(1).max(240).optional().describe('PMI: contract length in months'),
  jht_amount: rupiah.optional().describe('PMI: optional monthly JHT choice'),
  months_late: z
    .number()
    .int()
    .min(0)
    .max(600)
    .optional()
    .describe('months of delay, to add the late-payment fine'),
});

export const ratesQuery = z.object({
  period,
  risk_class: z.coerce.number().int().min(1).max(5),
  labour_intensive: z.enum(['true', 'false']).optional(),
});

export const jkmBody = z.object({
  date: day.describe('date of death'),
  segment: z.enum(['PU', 'BPU']).optional(),
  membership_months: z.number().int().min(0).optional(),
});

export const beasiswaBody = z.object({
  date: day.describe('date of death or total permanent disability'),
  cause: z.enum(['JKM', 'JKK']),
  contribution_months: z.number().int().min(0).optional(),
  children: z
    .array(
      z.object({
        level: z.enum(['BELUM', 'TK', 'SD', 'SMP', 'SMA', 'PT']),
        year: z.number().int().min(1).max(6).optional(),
        age: z.number().int().min(0).optional(),
      }),
    )
    .min(1),
});

export const jkkBody = z.object({
  date: day.describe('date of the work accident'),
  wage: rupiah,
  kind: z.enum(['stmb', 'anatomical', 'function', 'ctt', 'death']),
  months: z.number().int().min(1).max(240).optional().describe('stmb: months unable to work'),
  disability_percent: percent.optional().describe('anatomical/function: table percentage'),
  function_loss_percent: percent.optional().describe('function: percentage of function lost'),
  transport_land: rupiah.optional(),
  transport_sea: rupiah.optional(),
  transport_air: rupiah.optional(),
  homecare: rupiah.optional(),
});

export const jhtBody = z.object({
  wage: rupiah,
  from: period,
  to: period,
  opening_balance: rupiah.optional(),
  returns: z
    .record(z.string().regex(/^\d{4}$/), z.string())
    .optional()
    .describe('yearly return overrides, e.g. {"2021":"0.0555"}'),
});

export const jpBody = z.object({
  claim_date: day,
  birth_date: day,
  months: z.number().int().min(0).max(720).describe('contribution months'),
  average_wage: rupiah.describe('indexed average monthly wage over the contribution period'),
});

export const jkpBody = z.object({
  job_loss_date: day,
  wage: rupiah.describe('last wage reported to BPJS'),
  months_paid: z.number().int().min(0).max(24).optional().describe('contribution months within the last 24'),
  consecutive_months: z.number().int().min(0).max(24).optional(),
});

export const ruleNameParams = z.object({ name: z.string() });
export const asOfQuery = z.object({ asOf: day.optional(), as_of: day.optional() });

type SnakeToCamel<S extends string> = S extends `${infer H}_${infer T}`
  ? `${H}${Capitalize<SnakeToCamel<T>>}`
  : S;
export type CamelKeys<T> = { [K in keyof T as SnakeToCamel<K & string>]: T[K] };

/** Top-level snake_case body keys → the calculators' camelCase input (nested records are left alone). */
export function camel<T extends object>(body: T): CamelKeys<T> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body))
    out[k.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase())] = v;
  return out as CamelKeys<T>;
}
