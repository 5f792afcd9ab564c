/**
 * Who may see which coverage figures, from the access policy: the capability `aggregates.read`, the
 * policy's `aggregateScope` (registryScope, plus a regional government's own regions) and
 * `aggregates.unsuppressed`:
 * - admin, auditor, system: everything, no suppression;
 * - branch officers: their regions, no suppression (they handle the people behind the counts);
 * - regional governments: their regions, aggregates only, small cells suppressed;
 * - employers and partners: no coverage figures (their own members are shown elsewhere).
 */
import { ForbiddenError } from '../../platform/errors.ts';
import { type Actor, aggregateScope, can, regionInScope, scopeRegions } from '../access/policy.ts';

export interface CoverageScope {
  /** null = every region. */
  codes: string[] | null;
  /** Hide cells below this many people (0 = show all). */
  minCell: number;
  /** May see employer names in breakdowns. */
  names: boolean;
}

export function coverageScope(actor: Actor, minCellSize: number): CoverageScope {
  if (!can(actor, 'aggregates.read'))
    throw new ForbiddenError(
      'Angka cakupan hanya untuk kantor pusat, kantor cabang, pemerintah daerah dan auditor / ' +
        'Coverage figures are for head office, branch offices, regional governments and auditors',
    );
  const unsuppressed = can(actor, 'aggregates.unsuppressed');
  return {
    codes: scopeRegions(aggregateScope(actor)),
    minCell: unsuppressed ? 0 : minCellSize,
    names: unsuppressed,
  };
}

/** Whether the region itself (and so everything below it) is visible. */
export function canSeeRegion(scope: CoverageScope, code: string | null): boolean {
  if (scope.codes === null) return true;
  if (code === null) return false;
  return regionInScope(code, scope.codes);
}

export function assertCanSeeRegion(scope: CoverageScope, code: string | null): void {
  if (!canSeeRegion(scope, code))
    throw new ForbiddenError(
      `Wilayah ${code ?? 'nasional'} di luar wilayah Anda / Region ${code ?? 'national'} is outside your regions`,
    );
}
