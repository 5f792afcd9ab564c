import { z } from 'zod';
import { defineJob, jobProgress } from '../../platform/jobs.ts';
import { withUploadFile } from '../../platform/upload-file.ts';
import type { Actor } from '../access/policy.ts';
import { importBankStatement } from './bank-import.ts';
import { runBilling } from './billing.ts';
import { nonWorkingReason } from './due.ts';
import { assessFines } from './fines.ts';

const period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);

/** A month's billing run: resumable by its own watermark, so a retry continues where it stopped. */
export const billingJob = defineJob({
  kind: 'billing.run',
  params: z.object({ period, chunk_size: z.number().int().positive().optional() }),
  queue: (p) => `billing:${p.period}`,
  async run(ctx) {
    const r = await runBilling(ctx.deps.handle, {
      period: ctx.params.period,
      chunkSize: ctx.params.chunk_size,
      progress: jobProgress(ctx),
      onChunk: () => {
        if (ctx.signal.aborted) throw new Error('cancelled');
      },
    });
    return r;
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
