/** Pure rules of registry upkeep: which changes need a second person, NIK near-misses, quality scores. */

export const PARTICIPANT_FIELDS = [
  'full_name',
  'nik',
  'birth_date',
  'sex',
  'village_code',
  'phone',
  'bank_account',
] as const;
export const EMPLOYER_FIELDS = ['name', 'sector', 'village_code', 'size_class', 'risk_class'] as const;
export type ParticipantField = (typeof PARTICIPANT_FIELDS)[number];
export type EmployerField = (typeof EMPLOYER_FIELDS)[number];

/** Fields that decide who a person is or what is paid: a second person approves their change. */
const GUARDED: Record<'participant' | 'employer', readonly string[]> = {
  participant: ['nik', 'birth_date', 'sex'],
  employer: ['risk_class'],
};

/**
 * A change needs a second person's approval when it touches identity or money: NIK, birth date, sex,
 * an employer's risk class, or a wage correction that reaches back before the current month.
 */
export function needsApproval(
  entity: 'participant' | 'employer',
  fields: string[],
  opts: { wageEffectiveOn?: string; today: string } = { today: '' },
): boolean {
  if (fields.some((f) => GUARDED[entity].includes(f))) return true;
  if (fields.includes('wage') && opts.wageEffectiveOn)
    return opts.wageEffectiveOn < `${opts.today.slice(0, 7)}-01`;
  return false;
}

/** Reasons an employment ends; JKP (rules.md 3.6) pays only after a dismissal. */
export const EXIT_REASONS = [
  'dismissal',
  'resignation',
  'contract_end',
  'retirement',
  'death',
  'disability',
  'moved',
  'unreported',
] as const;
export type ExitReason = (typeof EXIT_REASONS)[number];
export const jkpMayApply = (r: ExitReason) => r === 'dismissal';

export const DEATH_SOURCES = ['family', 'employer', 'civil_registry', 'hospital', 'officer'] as const;

export const DEATH_CAUSES = ['non_work', 'work_accident'] as const;
export type DeathCause = (typeof DEATH_CAUSES)[number];

/**
 * How two NIKs differ: 'same', 'one_digit' (one position differs), 'transposition' (two adjacent digits
 * swapped), or null (further apart). The SQL detector implements the same test; tests compare them.
 */
export function nikNearness(a: string, b: string): 'same' | 'one_digit' | 'transposition' | null {
  if (a.length !== b.length) return null;
  const diff: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff.push(i);
  if (diff.length === 0) return 'same';
  if (diff.length === 1) return 'one_digit';
  if (diff.length === 2) {
    const [i, j] = diff as [number, number];
    if (j === i + 1 && a[i] === b[j] && a[j] === b[i]) return 'transposition';
  }
  return null;
}

/**
 * Trigram similarity (pg_trgm) from which two people with the same birth date and village are shown as
 * possible duplicates. An operating threshold, not a legal value: 0.5 catches spelling variants
 * ("Siti Rahayu" / "Siti Rahayuu", "Muhamad" / "Muhammad") while "Siti Aminah" / "Siti Rahayu" stay apart.
 */
export const NAME_SIMILARITY = 0.5;

export const QUALITY_KINDS = [
  'missing_phone',
  'missing_bank_account',
  'nik_region_mismatch',
  'wage_below_minimum',
  'employer_no_report',
  'active_no_contribution',
  'open_duplicate',
] as const;
export type QualityKind = (typeof QUALITY_KINDS)[number];

/**
 * Weights of each issue in the quality score (out of 100 per record). Identity and money problems
 * weigh more than a missing phone. The score is 100 × (1 − weighted issues / (records × total weight)).
 */
export const QUALITY_WEIGHTS: Record<QualityKind, number> = {
  missing_phone: 1,
  missing_bank_account: 1,
  nik_region_mismatch: 1,
  wage_below_minimum: 3,
  employer_no_report: 3,
  active_no_contribution: 2,
  open_duplicate: 3,
};

/** Months without a wage report after which an employer counts as silent. */
export const EMPLOYER_SILENT_MONTHS = 3;
/** Months without a paid contribution after which an 'active' participant is flagged. */
export const NO_CONTRIBUTION_MONTHS = 3;

export function qualityScore(
  counts: Partial<Record<QualityKind, number>>,
  participants: number,
  employers: number,
): number {
  const records = participants + employers;
  if (records === 0) return 100;
  const total = Object.values(QUALITY_WEIGHTS).reduce((a, b) => a + b, 0);
  let weighted = 0;
  for (const k of QUALITY_KINDS) weighted += (counts[k] ?? 0) * QUALITY_WEIGHTS[k];
  const s = 100 * (1 - weighted / (records * total));
  return Math.max(0, Math.round(s * 10) / 10);
}
