import { type RawBuilder, sql } from 'kysely';
import { ForbiddenError } from '../../platform/errors.ts';
import type { Actor } from '../access/policy.ts';

/**
 * Who sees what of a screening run, applied inside the SQL on the frozen snapshot (alias s):
 * head office and auditors everything; branch officers the people domiciled in their regions;
 * employers the people whose main job on the wage date was with them; regional governments only
 * counts for their regions; partners nothing.
 */
function regionFilter(codes: string[]): RawBuilder<boolean> {
  if (!codes.length) return sql`false`;
  return sql`(${sql.join(
    codes.map((c) => sql`(s.village_code = ${c} or s.village_code like ${`${c}.%`})`),
    sql` or `,
  )})`;
}

export function personScope(a: Actor): RawBuilder<boolean> {
  switch (a.role) {
    case 'system':
    case 'admin':
    case 'auditor':
      return sql`true`;
    case 'branch_officer':
      return regionFilter(a.regionCodes);
    case 'employer':
      return a.employerId ? sql`s.employer_id = ${a.employerId}::bigint` : sql`false`;
    default:
      return sql`false`;
  }
}

/** Aggregates: as personScope, plus regional governments for their own regions. */
export function aggregateScope(a: Actor): RawBuilder<boolean> {
  if (a.role === 'regional_government') return regionFilter(a.regionCodes);
  return personScope(a);
}

export function isWholeBase(a: Actor): boolean {
  return a.role === 'system' || a.role === 'admin' || a.role === 'auditor';
}

export function assertCanSeePersons(a: Actor): void {
  if (a.role === 'regional_government' || a.role === 'partner') {
    throw new ForbiddenError('Peran ini hanya melihat angka agregat / This role sees aggregates only');
  }
}

export function assertCanSeeAggregates(a: Actor): void {
  if (a.role === 'partner') throw new ForbiddenError();
}

/** Screening, batches and bank results are head-office work. */
export function assertHeadOffice(a: Actor): void {
  if (a.role !== 'admin' && a.role !== 'system') {
    throw new ForbiddenError('Hanya kantor pusat / Head office only');
  }
}

/** An upheld appeal makes a person eligible in that run without rewriting the decision. */
export const effectiveEligible = sql<boolean>`(d.eligible or exists (select 1 from subsidy_appeals ap
  where ap.run_id = d.run_id and ap.participant_id = d.participant_id and ap.status = 'upheld'))`;
