import type { Clock } from '../../platform/clock.ts';
import type { DbHandle } from '../../platform/db.ts';
import { createProgress } from '../../platform/progress.ts';
import { seedClaimsDemo } from '../claims/demo.ts';
import { seedCoverageDemo } from '../coverage/seed.ts';
import { seedPartnershipsDemo } from '../partnerships/demo.ts';
import { seedSubsidyDemo } from '../subsidy/demo.ts';

/**
 * The other modules' demo data, built on the synthetic sample: agreements and sponsorships, bank
 * accounts, exclusion lists and a paid history, then coverage targets, Inpres 2/2021 addressees and the
 * rollups. Each step is idempotent. Used by `npm start` on first start and by `lindung demo seed`.
 */
export async function seedModuleDemos(h: DbHandle, clock: Clock, log: (line: string) => void): Promise<void> {
  await seedPartnershipsDemo(h, clock);
  await seedSubsidyDemo(h, { log });
  await seedClaimsDemo(h, log);
  await seedCoverageDemo(h, { progress: createProgress('cakupan / coverage') });
}
