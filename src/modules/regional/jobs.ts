import { z } from 'zod';
import { defineJob, jobProgress } from '../../platform/jobs.ts';
import { withUploadFile } from '../../platform/upload-file.ts';
import type { Actor } from '../access/policy.ts';
import { runAgentCommission } from './agents.ts';
import { batchCommissionRun, importCommissionResults } from './commission-pay.ts';
import { importNonAsn } from './non-asn.ts';

const period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);

/**
 * The monthly agent commission: the run (resumable by its run row's watermark, so a retry continues),
 * then its payables as disbursement batches (unique per run and agent, so a retry never pays twice).
 */
export const agentCommissionJob = defineJob({
  kind: 'agents.commission',
  params: z.object({ period, chunk_size: z.number().int().positive().optional() }),
  queue: (p) => `agents-commission:${p.period}`,
  async run(ctx) {
    const run = await runAgentCommission(
      ctx.deps.db,
      { period: ctx.params.period, chunkSize: ctx.params.chunk_size },
      {
        progress: jobProgress(ctx),
        onChunk: () => {
          if (ctx.signal.aborted) throw new Error('cancelled');
        },
      },
    );
    const paid = await batchCommissionRun(ctx.deps.db, ctx.actor as unknown as Actor, ctx.params.period);
    return {
      ...run,
      payments: paid.payments,
      paid_amount: paid.amount,
      batches: paid.batches.map((b) => b.id),
      without_account: paid.without_account,
    };
  },
});

/** A bank's result file for commission payments, uploaded first, applied by a worker. */
export const agentCommissionResultsJob = defineJob({
  kind: 'agents.commission_results',
  params: z.object({ upload_id: z.number().int() }),
  queue: () => 'agents-commission-results',
  async run(ctx) {
    return withUploadFile(ctx.deps.db, ctx.params.upload_id, (file, name) =>
      importCommissionResults(ctx.deps.db, ctx.actor as unknown as Actor, file, name),
    );
  },
});

/**
 * A government employer's non-ASN staff list: the worker import (resumable, idempotent by file) and
 * the registrations (unique per employer and person), so a retry adds nothing twice.
 */
export const nonAsnImportJob = defineJob({
  kind: 'regional.non_asn_import',
  params: z.object({ upload_id: z.number().int(), employer_npp: z.string().optional() }),
  async run(ctx) {
    return withUploadFile(ctx.deps.db, ctx.params.upload_id, async (file, fileName) => {
      const r = await importNonAsn(
        ctx.deps.handle,
        { file, fileName, employerNpp: ctx.params.employer_npp },
        ctx.actor as unknown as Actor,
        ctx.deps.clock,
      );
      const { errors, ...summary } = r;
      return { ...summary, errorCount: errors.length };
    });
  },
});
