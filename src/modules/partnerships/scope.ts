import { type RawBuilder, sql } from 'kysely';
import { ForbiddenError } from '../../platform/errors.ts';
import { type Actor, aggregateScope, assertCan, can, ownEmployer, registryScope } from '../access/policy.ts';

/**
 * Which agreements (and partners) an actor may read. Partners see their own; regional governments the
 * agreements of their region, as aggregates only; employers none; everyone else all of them.
 */
export type AgreementScope =
  | { kind: 'all' }
  | { kind: 'partner'; partnerId: number }
  | { kind: 'regions'; codes: string[] }
  | { kind: 'none' };

export function agreementScope(a: Actor): AgreementScope {
  if (can(a, 'agreements.read')) return { kind: 'all' };
  const scope = registryScope(a);
  if (scope.kind === 'partner') return scope;
  if (can(a, 'sponsor.regional')) {
    const regions = aggregateScope(a);
    return regions.kind === 'regions' ? regions : { kind: 'none' };
  }
  return { kind: 'none' };
}

/** A region code list (alias `codes` column) overlaps the scope when one contains the other. */
function regionMatch(column: RawBuilder<unknown>, codes: string[]): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from unnest(${column}) rc, unnest(${codes}::text[]) sc
    where rc = sc or rc like sc || '.%' or sc like rc || '.%')`;
}

/** SQL condition on agreements `a` joined to partners `pt`. */
export function agreementFilter(scope: AgreementScope): RawBuilder<boolean> {
  switch (scope.kind) {
    case 'all':
      return sql<boolean>`true`;
    case 'none':
      return sql<boolean>`false`;
    case 'partner':
      return sql<boolean>`a.partner_id = ${scope.partnerId}`;
    case 'regions':
      return regionMatch(sql`a.region_codes || array_remove(array[pt.region_code], null)`, scope.codes);
  }
}

/** SQL condition on partners `pt`. */
export function partnerFilter(scope: AgreementScope): RawBuilder<boolean> {
  switch (scope.kind) {
    case 'all':
      return sql<boolean>`true`;
    case 'none':
      return sql<boolean>`false`;
    case 'partner':
      return sql<boolean>`pt.id = ${scope.partnerId}`;
    case 'regions':
      return sql<boolean>`(${regionMatch(sql`array_remove(array[pt.region_code], null)`, scope.codes)}
        or exists (select 1 from agreements a where a.partner_id = pt.id and ${agreementFilter(scope)}))`;
  }
}

/** Who manages agreements, attributions and fraud review: head office and branch officers. */
export function assertManager(a: Actor): void {
  assertCan(a, 'agreements.manage');
}

/** Who may enrol people under an agreement: managers, and a partner for its own agreements. */
export function assertCanEnrol(a: Actor, partnerId: number): void {
  const scope = registryScope(a);
  if (scope.kind === 'partner' && scope.partnerId === partnerId) return;
  assertManager(a);
}

/**
 * Person-level data (member lists) is never shown here to an actor that reads aggregates only (a regional
 * government: aggregates without any person's row) or reaches only its own employer's rows (an employer).
 */
export function personLevel(a: Actor): boolean {
  const aggregatesOnly = can(a, 'aggregates.read') && !can(a, 'registry.read');
  return !aggregatesOnly && ownEmployer(a) === null;
}

export function assertPersonLevel(a: Actor): void {
  if (!personLevel(a))
    throw new ForbiddenError(
      'Hanya data agregat untuk peran ini / This role sees aggregates only, not member lists',
    );
}
