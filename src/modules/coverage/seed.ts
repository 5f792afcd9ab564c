/**
 * Everything coverage and government need in a database, idempotent, for the server start after
 * `seedDemo`: sourced targets, Inpres 2/2021 addressees, real evidence, synthetic evidence (demo sample
 * only, labelled), and an incremental rollup refresh.
 */
import type { DbHandle } from '../../platform/db.ts';
import { type Progress, silentProgress } from '../../platform/progress.ts';
import { ensureAddressees, ensureRealEvidence, seedSyntheticEvidence } from '../government/seed.ts';
import { type RefreshResult, refreshCoverage } from './refresh.ts';
import { ensureTargets } from './targets.ts';

export async function ensureCoverageReference(h: DbHandle): Promise<void> {
  await ensureTargets(h.db);
  await ensureAddressees(h.db);
  await ensureRealEvidence(h.db);
}

export async function seedCoverageDemo(
  h: DbHandle,
  opts: { now?: Date; progress?: Progress } = {},
): Promise<RefreshResult> {
  const now = opts.now ?? new Date();
  await ensureCoverageReference(h);
  const demo = await h.db.selectFrom('demo_meta').select('reference_period').executeTakeFirst();
  if (demo) await seedSyntheticEvidence(h.db, Number(demo.reference_period.slice(0, 4)));
  return refreshCoverage(h.db, { now, progress: opts.progress ?? silentProgress });
}
