/** Pure registry rules. */
export { type Program, SEGMENTS, type Segment } from '../rules/lines.ts';
export type SizeClass = 'micro' | 'small' | 'medium' | 'large';
export const SIZE_CLASSES: SizeClass[] = ['micro', 'small', 'medium', 'large'];

// Which programs a participant is enrolled in is the SQL function enrolled_programs()
// (db/migrations/20261121T1005_create_enrolment_rule.sql), shared by registration, imports and seeding.

export function ageOn(birthDate: string, onDate: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = onDate.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}
