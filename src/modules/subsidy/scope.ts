import { type RawBuilder, sql } from 'kysely';
import { ForbiddenError } from '../../platform/errors.ts';
import {
  type Actor,
  can,
  inScope,
  aggregateScope as policyAggregateScope,
  registryScope,
  type Scope,
} from '../access/policy.ts';

/**
 * Who sees what of a screening run, applied inside the SQL on the frozen snapshot (alias s), from the
 * access policy: `screening.persons` inside `registryScope` (head office and auditors everything;
 * branch officers the people domiciled in their regions; employers the people whose main job on the
 * wage date was with them), `screening.aggregates` inside `aggregateScope` (also regional governments,
 * counts for their regions only); partners nothing.
 */
function snapshotScope(scope: Scope): RawBuilder<boolean> {
  switch (scope.kind) {
    case 'employer':
      return sql<boolean>`s.employer_id = ${scope.employerId}::bigint`;
    case 'partner':
      // A partner's people are not the snapshot's business: partners see no screening at all.
      return sql<boolean>`false`;
    default:
      return inScope(scope, 'village', sql.ref('s.village_code'));
  }
}

export function personScope(a: Actor): RawBuilder<boolean> {
  return can(a, 'screening.persons') ? snapshotScope(registryScope(a)) : sql<boolean>`false`;
}

/** Aggregates: as personScope, plus regional governments for their own regions. */
export function aggregateScope(a: Actor): RawBuilder<boolean> {
  return can(a, 'screening.aggregates') ? snapshotScope(policyAggregateScope(a)) : sql<boolean>`false`;
}

export function isWholeBase(a: Actor): boolean {
  return can(a, 'screening.persons') && registryScope(a).kind === 'all';
}

export function assertCanSeePersons(a: Actor): void {
  if (!can(a, 'screening.persons'))
    throw new ForbiddenError('Peran ini hanya melihat angka agregat / This role sees aggregates only');
}

export function assertCanSeeAggregates(a: Actor): void {
  if (!can(a, 'screening.aggregates')) throw new ForbiddenError();
}

/** Screening, batches and bank results are head-office work. */
export function assertHeadOffice(a: Actor): void {
  if (!can(a, 'headoffice.operate')) throw new ForbiddenError('Hanya kantor pusat / Head office only');
}

/** An upheld appeal makes a person eligible in that run without rewriting the decision. */
export const effectiveEligible = sql<boolean>`(d.eligible or exists (select 1 from subsidy_appeals ap
  where ap.run_id = d.run_id and ap.participant_id = d.participant_id and ap.status = 'upheld'))`;
