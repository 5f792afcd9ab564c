import { z } from 'zod';
import { defineJob } from '../../platform/jobs.ts';
import { withUploadFile } from '../../platform/upload-file.ts';
import type { Actor } from '../access/policy.ts';
import { importClaimResults } from './actions.ts';

/** A bank's result file for claim payments, uploaded first (platform/uploads.ts), applied by a worker. */
export const claimsBankResultsJob = defineJob({
  kind: 'claims.bank_results',
  params: z.object({ upload_id: z.number().int() }),
  queue: () => 'claims-payments',
  async run(ctx) {
    return withUploadFile(ctx.deps.db, ctx.params.upload_id, (file, name) =>
      importClaimResults(ctx.deps.db, ctx.actor as unknown as Actor, file, name),
    );
  },
});
