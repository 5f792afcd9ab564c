// `npm run bench -- subsidy [--participants N] [--db=embedded|postgres] [--chunk N] [--parallel N]`: seeds the
// synthetic national sample with bank accounts, paid history and exclusion lists, screens it against the
// BSU 2020 programme through the real run (frozen snapshot + decisions), and, on the same database, times
// one plain SQL count of the same criteria over the same inputs (the lower bound: nothing written).
import { sql } from 'kysely';
import { SYSTEM } from '../src/modules/access/policy.ts';
import { seedDemo } from '../src/modules/demo/actions.ts';
import { seedSubsidyDemo } from '../src/modules/subsidy/demo.ts';
import { eligibleExpr, SNAPSHOT_COLS } from '../src/modules/subsidy/evaluate-sql.ts';
import { getProgramme } from '../src/modules/subsidy/programmes.ts';
import { resolveDefinition, runScreening } from '../src/modules/subsidy/screening.ts';
import { snapshotSelect } from '../src/modules/subsidy/snapshot-sql.ts';
import { createProgress } from '../src/platform/progress.ts';
import { benchDb, intArg, machine, targets, timed } from './common.ts';

const PROGRAMME = 'bsu-2020';

export async function benchSubsidy(args: string[]): Promise<void> {
  const n = intArg(args, 'participants', 1_000_000);
  const chunk = intArg(args, 'chunk', 200_000);
  const parallel = intArg(args, 'parallel', 2);
  console.log(`subsidy screening benchmark: ${n} participants, programme ${PROGRAMME} — ${machine()}`);
  for (const target of targets(args)) {
    const { handle, drop } = await benchDb(target);
    try {
      const [, seedSecs] = await timed(() =>
        seedDemo(handle, { participants: n, progress: createProgress(`seed ${target}`) }),
      );
      const [extra, extraSecs] = await timed(() => seedSubsidyDemo(handle));
      console.log(
        `[${target}] seeded in ${seedSecs.toFixed(1)}s; accounts ${extra.accounts}, paid spans ${extra.spans}, list entries ${extra.listEntries} in ${extraSecs.toFixed(1)}s`,
      );
      await sql`analyze`.execute(handle.db);
      const [r, secs] = await timed(() =>
        runScreening(
          handle,
          { programme: PROGRAMME, chunkSize: chunk, parallel, progress: createProgress(`screen ${target}`) },
          SYSTEM,
        ),
      );
      const run = await handle.db
        .selectFrom('subsidy_runs')
        .select(['timings_ms'])
        .where('id', '=', r.runId)
        .executeTakeFirstOrThrow();
      console.log(
        `[${target}] screening run: ${r.screened} screened, ${r.eligible} eligible, ${r.excluded} excluded in ${secs.toFixed(1)}s = ${Math.round(r.screened / secs)} participants/s; phases ${JSON.stringify(run.timings_ms)}`,
      );
      const p = await getProgramme(handle.db, PROGRAMME);
      const def = { ...p.definition, resolved: (await resolveDefinition(handle.db, p.definition)).resolved };
      const max = Number(
        (await sql<{ m: number }>`select max(id) as m from participants`.execute(handle.db)).rows[0]!.m,
      );
      const [bound, boundSecs] = await timed(async () => {
        await sql`set jit = off`.execute(handle.db);
        return sql<{ screened: number; eligible: number }>`select count(*)::bigint as screened,
          count(*) filter (where ${eligibleExpr(def, SNAPSHOT_COLS)})::bigint as eligible
          from (${snapshotSelect(0, def, 0, max, { inlineHits: true })}) s`.execute(handle.db);
      });
      const b = bound.rows[0]!;
      console.log(
        `[${target}] lower bound, one SELECT count(*) of the same criteria on the same inputs: ${Number(b.screened)} screened, ${Number(b.eligible)} eligible in ${boundSecs.toFixed(1)}s`,
      );
      console.log(
        `[${target}] same eligible count: ${Number(b.eligible) === r.eligible}; run/bound time: ${(secs / boundSecs).toFixed(2)}×`,
      );
      const reasons = await handle.db
        .selectFrom('subsidy_runs')
        .select('reason_counts')
        .where('id', '=', r.runId)
        .executeTakeFirstOrThrow();
      console.log(`[${target}] reasons: ${JSON.stringify(reasons.reason_counts)}`);
    } finally {
      await drop();
    }
  }
}
