import { hasCitus } from '../../platform/citus.ts';
import type { Clock } from '../../platform/clock.ts';
import type { DbHandle } from '../../platform/db.ts';
import { SYSTEM } from '../access/policy.ts';
import { registerParticipant } from '../workers/actions.ts';
import { refreshQuality } from './quality.ts';

/**
 * The registry's demo: one person registered twice in Pangkal Pinang (the demo branch officer's
 * region), the second time with the last two NIK digits swapped, so the review queue has a planted
 * pair to merge (the second registration finds it, as every registration does). Then the
 * data-quality scores are computed once, so the quality page and its map have figures before the
 * nightly job runs. Idempotent: the pair is planted once; the scores are recomputed.
 */
export const DEMO_DUPLICATE = {
  full_name: 'Sri Wahyuni Lestari',
  birth_date: '1987-03-12',
  sex: 'F' as const,
  village_code: '19.71.01.1004',
  /** District 19.71.01, day 12 + 40 (a woman), March 1987, serial 0417; the copy has serial 0471. */
  nik: '1971015203870417',
  copyNik: '1971015203870471',
};

export async function seedRegistryDemo(
  h: DbHandle,
  clock: Clock,
  log: (line: string) => void,
): Promise<void> {
  const db = h.db;
  const known = await db
    .selectFrom('participants')
    .select('id')
    .where('nik', 'in', [DEMO_DUPLICATE.nik, DEMO_DUPLICATE.copyNik])
    .execute();
  if (!known.length) {
    const { nik, copyNik, ...person } = DEMO_DUPLICATE;
    for (const n of [nik, copyNik])
      await registerParticipant(db, { ...person, nik: n, segment: 'BPU', wage: 2_500_000 }, SYSTEM, clock);
    log('registri / registry: pasangan calon duplikat / a planted duplicate pair');
  }
  // The quality scores join the registry on columns Citus does not co-locate (issue 11): on a Citus
  // coordinator the demo leaves them to be computed once that works, and says so.
  if (await hasCitus(h)) {
    log(
      'registri / registry: skor kualitas data belum dihitung di Citus / data-quality scores not computed on Citus yet',
    );
    return;
  }
  const q = await refreshQuality(db, clock);
  log(`registri / registry: kualitas data / data quality (${JSON.stringify(q)})`);
}
