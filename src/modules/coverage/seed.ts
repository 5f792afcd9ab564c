/**
 * What coverage needs in a database, idempotent, for the server start after `seedDemo`: sourced targets
 * and an incremental rollup refresh. The Inpres 2/2021 addressees and evidence are government's
 * (`government/seed.ts`), which builds on coverage, not the other way round.
 */
import type { DbHandle } from '../../platform/db.ts';
import { type Progress, silentProgress } from '../../platform/progress.ts';
import { type RefreshResult, refreshCoverage } from './refresh.ts';
import { ensureTargets } from './targets.ts';

export async function ensureCoverageReference(h: DbHandle): Promise<void> {
  await ensureTargets(h.db);
}

export async function seedCoverageDemo(
  h: DbHandle,
  opts: { now?: Date; progress?: Progress } = {},
): Promise<RefreshResult> {
  const now = opts.now ?? new Date();
  await ensureCoverageReference(h);
  return refreshCoverage(h.db, { now, progress: opts.progress ?? silentProgress });
}
