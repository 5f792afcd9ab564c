import { z } from 'zod';
import { defineJob, jobProgress } from '../../platform/jobs.ts';
import { withUploadFile } from '../../platform/upload-file.ts';
import type { Actor } from '../access/policy.ts';
import { importWorkers } from './actions.ts';

/**
 * A worker list import. The file is kept in the database (uploads), so any worker can run it; a
 * retried attempt re-reads it and the unique keys make already-committed rows "unchanged".
 */
export const workerImportJob = defineJob({
  kind: 'imports.workers',
  params: z.object({
    upload_id: z.number().int(),
    employer_npp: z.string().optional(),
    dry_run: z.boolean().default(false),
  }),
  async run(ctx) {
    return withUploadFile(ctx.deps.db, ctx.params.upload_id, async (file, fileName) => {
      const r = await importWorkers(
        ctx.deps.handle,
        {
          file,
          fileName,
          employerNpp: ctx.params.employer_npp,
          dryRun: ctx.params.dry_run,
          keepDryRunReport: true,
          progress: jobProgress(ctx),
          onJob: (id) => void ctx.checkpoint({ importId: id }).catch(() => {}),
        },
        ctx.actor as unknown as Actor,
        ctx.deps.clock,
      );
      // The full error list stays in import_errors; the job keeps the counts.
      const { errors, ...summary } = r;
      return { ...summary, errorCount: errors.length };
    });
  },
});
