import type { Database } from '../../platform/db.ts';

/** Reason codes, in the order a decision lists them; labels live in subsidy_reasons (the migration). */
export const REASON_CODES = [
  'nik_invalid',
  'segment_not_covered',
  'not_registered',
  'participant_closed',
  'no_wage',
  'wage_too_high',
  'contributions_unpaid',
  'employer_excluded',
  'sector_not_covered',
  'region_not_covered',
  'on_exclusion_list',
  'no_bank_account',
  'over_quota',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export interface ReasonLabel {
  code: string;
  criterion: string;
  label_id: string;
  label_en: string;
}

export async function listReasons(db: Database): Promise<ReasonLabel[]> {
  return db
    .selectFrom('subsidy_reasons')
    .select(['code', 'criterion', 'label_id', 'label_en'])
    .orderBy('sort')
    .execute();
}
