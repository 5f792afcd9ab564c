import { type RawBuilder, sql } from 'kysely';
import { ForbiddenError } from '../../platform/errors.ts';
import { type Actor, assertCanWrite, can, regionIn } from '../access/policy.ts';

/**
 * Who sees which claims: head office and auditors all; a branch officer the claims of people
 * domiciled in its regions (claims.region_code is the participant's village at intake); an employer
 * the accident reports it filed for its workers; partners and regional governments none (personal data).
 */
export function claimScope(actor: Actor, alias = 'c'): RawBuilder<boolean> {
  const region = sql.ref(`${alias}.region_code`);
  switch (actor.role) {
    case 'system':
    case 'admin':
    case 'auditor':
      return sql<boolean>`true`;
    case 'branch_officer':
      return regionIn(region, actor.regionCodes);
    case 'employer':
      // Its own accident reports only: other claims of its workers are the worker's personal data.
      return actor.employerId
        ? sql<boolean>`(${sql.ref(`${alias}.employer_id`)} = ${actor.employerId} and ${sql.ref(`${alias}.filed_by_kind`)} = 'employer')`
        : sql<boolean>`false`;
    default:
      return sql<boolean>`false`;
  }
}

/** Intake, verification and decisions: branch officers and head office. */
export function assertOfficer(actor: Actor): void {
  assertCanWrite(actor);
  if (!['admin', 'system', 'branch_officer'].includes(actor.role))
    throw new ForbiddenError('Hanya petugas cabang atau kantor pusat / Branch officers or head office only');
}

/** Payment batches and bank results: head office. */
export function assertHeadOffice(actor: Actor): void {
  if (!can(actor, 'headoffice.operate')) throw new ForbiddenError('Hanya kantor pusat / Head office only');
}

/** Reading batches, bank results and reconciliations: head office and the auditor. */
export function assertHeadOfficeRead(actor: Actor): void {
  if (!can(actor, 'headoffice.read')) throw new ForbiddenError('Hanya kantor pusat / Head office only');
}
