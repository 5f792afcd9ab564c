import { sql } from 'kysely';
import { z } from 'zod';
import { isoDate } from '../../platform/clock.ts';
import { defineJob, JobCancelled, jobProgress } from '../../platform/jobs.ts';
import { withUploadFile } from '../../platform/upload-file.ts';
import { recordAudit } from '../access/audit.ts';
import type { Actor } from '../access/policy.ts';
import { saveJobFile } from '../jobs/files.ts';
import { decideSponsorships } from '../partnerships/budget.ts';
import { arrearsXlsx } from './arrears.ts';
import { importBankStatement } from './bank-import.ts';
import { billEmployerRange, employerRanges, finishEmployersPhase, runBilling, startRun } from './billing.ts';
import { nonWorkingReason } from './due.ts';
import { assessFines, assessFinesFor } from './fines.ts';

const period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);

/**
 * A month's billing run. The employers phase (most of the work) fans out as child jobs over
 * employer-id ranges that any worker runs in parallel; when they are all done the run continues
 * with the other phases. Everything is resumable: a retried range redoes nothing already billed.
 */
export const billingJob = defineJob({
  kind: 'billing.run',
  params: z.object({
    period,
    chunk_size: z.number().int().positive().optional(),
    /** Parallel parts for the employers phase (default: 2 per worker of this process). */
    parts: z.number().int().min(1).max(256).optional(),
  }),
  queue: (p) => `billing:${p.period}`,
  resumeAfterChildren: true,
  async run(ctx) {
    const { db } = ctx.deps;
    const actor = ctx.actor as unknown as Actor;
    const run = await startRun(db, ctx.params.period, actor);
    let parts = 0;
    if (run.status !== 'done' && run.phase === 'employers') {
      const kids = await ctx.children();
      if (!kids.length) {
        // Who the sponsors' budgets cover this month is settled before anyone is billed.
        await decideSponsorships(db, ctx.params.period);
        const ranges = await employerRanges(db, ctx.params.parts ?? 2 * ctx.deps.config.workers);
        await ctx.spawnChildren(
          billingRangeJob.kind,
          ranges.map((r) => ({
            period: ctx.params.period,
            run_id: run.id,
            ...r,
            chunk_size: ctx.params.chunk_size,
          })),
        );
        return null; // resumed when every range is billed
      }
      // A retried run whose failed ranges were queued again: it goes on when they are done.
      if (await ctx.childrenPending()) return null;
      parts = kids.length;
      await finishEmployersPhase(db, run.id);
    }
    const r = await runBilling(ctx.deps.handle, {
      period: ctx.params.period,
      chunkSize: ctx.params.chunk_size,
      progress: jobProgress(ctx),
      onChunk: () => {
        if (ctx.signal.aborted) throw new JobCancelled();
      },
    });
    // A month billed after its due date (a late run, a catch-up) is fined at once, not only by the
    // next night's schedule: otherwise a bill weeks overdue shows Rp0 fines until 02:00 WIB (issue 14).
    const today = isoDate(ctx.deps.clock.now());
    const overdue = await sql<{ n: boolean }>`select exists (select 1 from invoices
      where period = ${ctx.params.period} and payer_kind = 'employer' and due_date < ${today}::date) as n`.execute(
      db,
    );
    // Assessed in the name of whoever started the run (starting a billing run is what authorises it).
    const fines = overdue.rows[0]?.n ? await assessFinesFor(db, today, ctx.deps.clock, actor) : null;
    // After a fan-out the run continued by design; it was not interrupted.
    const result = { ...(parts ? { ...r, resumed: false, parts } : r), ...(fines ? { fines } : {}) };
    await recordAudit(db, actor, 'bill', 'billing_run', ctx.params.period, null, {
      run_id: run.id,
      invoices: r.invoices,
      lines: r.lines,
    });
    return result;
  },
});

/** One employer-id range of a billing run's employers phase. */
export const billingRangeJob = defineJob({
  kind: 'billing.employers',
  params: z.object({
    period,
    run_id: z.number().int(),
    lo: z.number().int(),
    hi: z.number().int(),
    chunk_size: z.number().int().positive().optional(),
  }),
  async run(ctx) {
    const total = ctx.params.hi - ctx.params.lo;
    const from = typeof ctx.saved?.done_to === 'number' ? ctx.saved.done_to : ctx.params.lo;
    await ctx.progress(from - ctx.params.lo, total);
    return billEmployerRange(ctx.deps.db, {
      period: ctx.params.period,
      runId: ctx.params.run_id,
      lo: ctx.params.lo,
      hi: ctx.params.hi,
      from,
      chunk: ctx.params.chunk_size,
      onChunk: async (hi) => {
        await ctx.checkpoint({ done_to: hi });
        await ctx.progress(hi - ctx.params.lo, total);
        await ctx.throwIfCancelled();
      },
    });
  },
});

export const finesJob = defineJob({
  kind: 'fines.assess',
  params: z.object({ as_of: z.string().optional() }),
  queue: () => 'fines',
  async run(ctx) {
    return assessFines(ctx.deps.db, ctx.params.as_of, ctx.deps.clock, ctx.actor as unknown as Actor);
  },
});

export const bankStatementJob = defineJob({
  kind: 'payments.bank_statement',
  params: z.object({ upload_id: z.number().int() }),
  async run(ctx) {
    return withUploadFile(ctx.deps.db, ctx.params.upload_id, (file, fileName) =>
      importBankStatement(ctx.deps.db, { file, fileName }, ctx.actor as unknown as Actor, ctx.deps.clock),
    );
  },
});

/** The arrears workbook (worklist and ageing) of what the actor may see, as a file of the job. */
export const arrearsExportJob = defineJob({
  kind: 'arrears.export',
  params: z.object({ as_of: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }),
  maxAttempts: 1,
  async run(ctx) {
    const actor = ctx.actor as unknown as Actor;
    const xlsx = await arrearsXlsx(ctx.deps.db, actor, ctx.params.as_of);
    const file = await saveJobFile(
      ctx.deps.db,
      `tunggakan-${ctx.params.as_of}.xlsx`,
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      xlsx,
      actor.userId,
    );
    return { file };
  },
});

/** The first working day of a month (WIB calendar, national holidays skipped). */
export function firstWorkingDay(month: string): string {
  let d = `${month}-01`;
  while (nonWorkingReason(d)) {
    const next = new Date(`${d}T00:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    d = next.toISOString().slice(0, 10);
  }
  return d;
}
