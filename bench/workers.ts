// `npm run bench -- workers [--participants N] [--db=embedded|postgres] [--workers 1,2]`: the same
// month billed, and the same programme screened, as jobs on 1 and on 2 workers, on one seeded sample.
// Both jobs fan their main phase out over range child jobs (2 per worker): billing by employer id,
// screening by participant id.
import { sql } from 'kysely';
import '../src/jobs.ts';
import { SYSTEM } from '../src/modules/access/policy.ts';
import { billingJob } from '../src/modules/contributions/jobs.ts';
import { seedDemo } from '../src/modules/demo/actions.ts';
import { seedSubsidyDemo } from '../src/modules/subsidy/demo.ts';
import { screeningJob } from '../src/modules/subsidy/jobs.ts';
import { getProgramme } from '../src/modules/subsidy/programmes.ts';
import { systemClock } from '../src/platform/clock.ts';
import { loadConfig } from '../src/platform/config.ts';
import { enqueue, startWorkers, waitForJob } from '../src/platform/jobs.ts';
import { createProgress } from '../src/platform/progress.ts';
import { benchDb, intArg, machine, targets, timed } from './common.ts';

const PERIOD = '2026-10';

export async function benchWorkers(args: string[]): Promise<void> {
  const n = intArg(args, 'participants', 1_000_000);
  const at = args.indexOf('--workers');
  const counts = (at >= 0 ? (args[at + 1] ?? '1,2') : '1,2').split(',').map(Number);
  console.log(`workers benchmark: ${n} participants, workers ${counts.join(' and ')} — ${machine()}`);
  for (const target of targets(args)) {
    const { handle, drop } = await benchDb(target);
    const who = { ...SYSTEM, username: 'bench' };
    try {
      await seedDemo(handle, { participants: n, progress: createProgress(`seed ${target}`) });
      await seedSubsidyDemo(handle, { log: () => {} });
      await sql`analyze`.execute(handle.db);
      const programme = await getProgramme(handle.db, 'bsu-2025');
      for (const w of counts) {
        const deps = { handle, db: handle.db, clock: systemClock, config: { ...loadConfig({}), workers: w } };
        await sql`truncate contribution_lines, project_lines, payment_allocations, fines, invoices, billing_runs cascade`.execute(
          handle.db,
        );
        const workers = await startWorkers(deps, { concurrency: w });
        try {
          const [bill, billSecs] = await timed(async () => {
            const j = await enqueue(handle.db, billingJob.kind, { period: PERIOD, parts: 2 * w }, who);
            return waitForJob(handle.db, j.id, () => {}, 200);
          });
          const r = bill.result as { invoices: number; lines: number };
          console.log(
            `[${target}] billing, ${w} worker(s): ${r.lines} lines, ${r.invoices} invoices in ${billSecs.toFixed(1)} s = ${Math.round(r.lines / billSecs)} lines/s (${bill.status})`,
          );
          const [scr, scrSecs] = await timed(async () => {
            const j = await enqueue(
              handle.db,
              screeningJob.kind,
              { programme_id: programme.id, parts: 2 * w },
              who,
            );
            return waitForJob(handle.db, j.id, () => {}, 200);
          });
          if (scr.status !== 'done') throw new Error(`screening ${scr.status}: ${scr.error}`);
          const s = scr.result as { screened: number; eligible: number };
          console.log(
            `[${target}] screening, ${w} worker(s), ${2 * w} range jobs: ${s.screened} screened, ${s.eligible} eligible in ${scrSecs.toFixed(1)} s (${scr.status})`,
          );
        } finally {
          await workers.stop();
        }
      }
    } finally {
      await drop();
    }
  }
}
