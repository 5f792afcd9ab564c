import type { Clock } from '../../platform/clock.ts';
import type { DbHandle } from '../../platform/db.ts';
import { createProgress } from '../../platform/progress.ts';
import { seedClaimsDemo } from '../claims/demo.ts';
import { seedCoverageDemo } from '../coverage/seed.ts';
import { seedGovernmentDemo } from '../government/seed.ts';
import { seedPartnershipsDemo } from '../partnerships/demo.ts';
import { seedRegistryDemo } from '../registry/demo.ts';
import { seedSubsidyDemo } from '../subsidy/demo.ts';

/**
 * The other modules' demo data, built on the synthetic sample: agreements and sponsorships, bank
 * accounts, exclusion lists and a paid history, then coverage targets, Inpres 2/2021 addressees and the
 * rollups, and the registry's planted duplicate pair and data-quality scores. Each step is idempotent. Used by `npm start` on first start and by `lindung demo seed`.
 */
export async function seedModuleDemos(h: DbHandle, clock: Clock, log: (line: string) => void): Promise<void> {
  await seedPartnershipsDemo(h, clock);
  await seedSubsidyDemo(h, { log });
  await seedClaimsDemo(h, log);
  await seedGovernmentDemo(h);
  await seedCoverageDemo(h, { progress: createProgress('cakupan / coverage') });
  // Last: the data-quality scores count what the other demos wrote.
  await seedRegistryDemo(h, clock, log);
}
