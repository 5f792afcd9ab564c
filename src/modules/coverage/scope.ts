/**
 * Who may see which coverage figures. Coverage is aggregate data, so it follows its own scope rather than
 * registryScope (which gives regional governments no registry rows at all):
 * - admin, auditor, system: everything, no suppression;
 * - branch officers: their regions, no suppression (they handle the people behind the counts);
 * - regional governments: their regions, aggregates only, small cells suppressed;
 * - employers and partners: no coverage figures (their own members are shown elsewhere).
 */
import { ForbiddenError } from '../../platform/errors.ts';
import { type Actor, regionInScope } from '../access/policy.ts';

export interface CoverageScope {
  /** null = every region. */
  codes: string[] | null;
  /** Hide cells below this many people (0 = show all). */
  minCell: number;
  /** May see employer names in breakdowns. */
  names: boolean;
}

export function coverageScope(actor: Actor, minCellSize: number): CoverageScope {
  switch (actor.role) {
    case 'system':
    case 'admin':
    case 'auditor':
      return { codes: null, minCell: 0, names: true };
    case 'branch_officer':
      return { codes: actor.regionCodes, minCell: 0, names: true };
    case 'regional_government':
      return { codes: actor.regionCodes, minCell: minCellSize, names: false };
    default:
      throw new ForbiddenError(
        'Angka cakupan hanya untuk kantor pusat, kantor cabang, pemerintah daerah dan auditor / ' +
          'Coverage figures are for head office, branch offices, regional governments and auditors',
      );
  }
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
