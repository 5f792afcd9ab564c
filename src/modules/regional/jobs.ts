import { z } from 'zod';
import { defineJob, jobProgress } from '../../platform/jobs.ts';
import { withUploadFile } from '../../platform/upload-file.ts';
import type { Actor } from '../access/policy.ts';
import { runAgentCommission } from './agents.ts';
import { importNonAsn } from './non-asn.ts';

const period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);

/** The monthly agent commission: resumable by its run row's watermark, so a retry continues. */
export const agentCommissionJob = defineJob({
  kind: 'agents.commission',
  params: z.object({ period, chunk_size: z.number().int().positive().optional() }),
  queue: (p) => `agents-commission:${p.period}`,
  async run(ctx) {
    return runAgentCommission(
      ctx.deps.db,
      { period: ctx.params.period, chunkSize: ctx.params.chunk_size },
      {
        progress: jobProgress(ctx),
        onChunk: () => {
          if (ctx.signal.aborted) throw new Error('cancelled');
        },
      },
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
