import { type RawBuilder, sql } from 'kysely';
import { ForbiddenError } from '../../platform/errors.ts';
import { type Actor, assertCanWrite, can, regionIn, registryScope } from '../access/policy.ts';

/**
 * Who sees which claims: head office and auditors all; a branch officer the claims of people
 * domiciled in its regions (claims.region_code is the participant's village at intake); an employer
 * the accident reports it filed for its workers; partners and regional governments none (personal data).
 */
export function claimScope(actor: Actor, alias = 'c'): RawBuilder<boolean> {
  if (!can(actor, 'claims.read')) return sql<boolean>`false`;
  const scope = registryScope(actor);
  switch (scope.kind) {
    case 'all':
      return sql<boolean>`true`;
    case 'regions':
      return regionIn(sql.ref(`${alias}.region_code`), scope.codes);
    case 'employer':
      // Its own accident reports only: other claims of its workers are the worker's personal data.
      return sql<boolean>`(${sql.ref(`${alias}.employer_id`)} = ${scope.employerId} and ${sql.ref(`${alias}.filed_by_kind`)} = 'employer')`;
    default:
      return sql<boolean>`false`;
  }
}

/** Intake, verification and decisions: branch officers and head office. */
export function assertOfficer(actor: Actor): void {
  assertCanWrite(actor);
  if (!can(actor, 'claims.handle'))
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
