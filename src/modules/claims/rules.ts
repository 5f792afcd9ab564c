/** Pure claim rules: benefits, kinds, the document checklist, states and who may do what. */

export const CLAIM_BENEFITS = ['JKP', 'JHT', 'JKM', 'BEASISWA', 'JKK', 'JP'] as const;
export type ClaimBenefit = (typeof CLAIM_BENEFITS)[number];
/** Benefits a claim can be assessed for (every one, decision 0011). */
export const ASSESSED_BENEFITS: readonly ClaimBenefit[] = ['JKP', 'JHT', 'JKM', 'BEASISWA', 'JKK', 'JP'];

export const JHT_KINDS = ['full', 'partial_housing', 'partial_other'] as const;
export { JP_KINDS } from '../rules/savings.ts';
/** JP benefit types paid to an heir (the payee is a related person). */
export const JP_SURVIVOR_KINDS = ['spouse', 'child', 'parent'] as const;

/** Lindung's codes for why employment ended (JKP); the excluded ones are a rules parameter. */
export const TERMINATION_REASONS = [
  'dismissal',
  'redundancy',
  'employer_closed',
  'pkwt_early_end',
  'resignation',
  'retirement',
  'ctt',
  'death',
  'pkwt_end',
] as const;

export const CLAIM_STATUSES = [
  'submitted',
  'verified',
  'approved',
  'rejected',
  'in_payment',
  'paid',
] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

export interface DocumentSpec {
  code: string;
  required: boolean;
}

/**
 * The documents each benefit needs (BPJS Ketenagakerjaan claim checklists). Codes are shown through
 * the web dictionary (claims.doc.*).
 */
export const DOCUMENTS: Record<ClaimBenefit, DocumentSpec[]> = {
  JKP: [
    { code: 'ktp', required: true },
    { code: 'kpj_card', required: true },
    { code: 'termination_proof', required: true },
    { code: 'bank_book', required: true },
    { code: 'jkn_card', required: false },
  ],
  JHT: [
    { code: 'ktp', required: true },
    { code: 'kpj_card', required: true },
    { code: 'exit_letter', required: true },
    { code: 'bank_book', required: true },
    { code: 'family_card', required: false },
  ],
  JKM: [
    { code: 'death_certificate', required: true },
    { code: 'kpj_card', required: true },
    { code: 'heir_ktp', required: true },
    { code: 'family_card', required: true },
    { code: 'heir_statement', required: true },
    { code: 'bank_book', required: true },
  ],
  BEASISWA: [
    { code: 'death_certificate', required: true },
    { code: 'family_card', required: true },
    { code: 'child_birth_certificate', required: true },
    { code: 'school_statement', required: true },
    { code: 'bank_book', required: true },
  ],
  JKK: [
    { code: 'accident_report', required: true },
    { code: 'ktp', required: true },
    { code: 'kpj_card', required: true },
    { code: 'medical_certificate', required: true },
    { code: 'bank_book', required: true },
  ],
  JP: [
    { code: 'ktp', required: true },
    { code: 'kpj_card', required: true },
    { code: 'family_card', required: true },
    { code: 'bank_book', required: true },
  ],
};

/**
 * JP's checklist depends on the benefit type: the member's own pension needs the member's papers (and
 * a doctor's certificate for disability); a survivor's pension needs the death certificate and the
 * heir's papers (and the child's birth certificate for a child's pension).
 */
export const JP_DOCUMENTS: Record<string, DocumentSpec[]> = {
  old_age: DOCUMENTS.JP,
  disability: [...DOCUMENTS.JP, { code: 'medical_certificate', required: true }],
  spouse: [
    { code: 'death_certificate', required: true },
    { code: 'kpj_card', required: true },
    { code: 'heir_ktp', required: true },
    { code: 'family_card', required: true },
    { code: 'bank_book', required: true },
    { code: 'heir_statement', required: false },
  ],
  child: [
    { code: 'death_certificate', required: true },
    { code: 'kpj_card', required: true },
    { code: 'family_card', required: true },
    { code: 'child_birth_certificate', required: true },
    { code: 'bank_book', required: true },
    { code: 'heir_statement', required: false },
  ],
  parent: DOCUMENTS.JKM, // a parent as heir brings what every JKM heir brings
};

/** The checklist of a claim: by benefit, and for JP by benefit type. */
export function documentsFor(benefit: ClaimBenefit, kind: string | null): DocumentSpec[] {
  if (benefit === 'JP') return JP_DOCUMENTS[kind ?? 'old_age'] ?? DOCUMENTS.JP;
  return DOCUMENTS[benefit];
}

export function missingDocuments(
  docs: Array<{ code: string; required: boolean; received: boolean }>,
): string[] {
  return docs.filter((d) => d.required && !d.received).map((d) => d.code);
}

/** Whole years between two ISO dates (age on a date). */
export function ageOn(birth: string, on: string): number {
  const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** Whole months between two ISO dates (membership length). */
export function monthsOn(from: string, on: string): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return (y - fy) * 12 + (m - fm) - (d < fd ? 1 : 0);
}

/** Which moves are allowed from each state. */
export const NEXT: Record<ClaimStatus, ClaimStatus[]> = {
  submitted: ['verified', 'rejected'],
  verified: ['approved', 'rejected'],
  approved: ['in_payment'],
  rejected: [],
  in_payment: ['paid', 'in_payment'],
  paid: [],
};
