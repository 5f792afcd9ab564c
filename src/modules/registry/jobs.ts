import { z } from 'zod';
import { defineJob } from '../../platform/jobs.ts';
import { withUploadFile } from '../../platform/upload-file.ts';
import { recordAudit } from '../access/audit.ts';
import type { Actor } from '../access/policy.ts';
import { applyDueChanges } from './corrections.ts';
import { detectAll } from './duplicates.ts';
import { findRetirementAge } from './life-events.ts';
import { refreshQuality } from './quality.ts';
import { applyWageReport } from './wage-report.ts';

/** (done, total) callbacks of the registry's long work, onto the job row. */
const onJob = (ctx: { progress(done: number, total?: number | null): Promise<void> }) => ({
  progress: (done: number, total: number) => void ctx.progress(done, total),
});

/** Duplicate candidates over the whole registry; a retried attempt re-finds nothing already stored. */
export const duplicatesJob = defineJob({
  kind: 'registry.duplicates',
  params: z.object({ chunk: z.number().int().min(1000).max(1_000_000).optional() }),
  queue: () => 'registry.duplicates',
  async run(ctx) {
    const r = await detectAll(ctx.deps.db, { chunk: ctx.params.chunk }, onJob(ctx));
    await recordAudit(
      ctx.deps.db,
      ctx.actor as unknown as Actor,
      'detect',
      'duplicate_candidates',
      null,
      null,
      r,
    );
    return r;
  },
});

/** Data-quality issues and scores; resumes by province (quality_runs). Audited by refreshQuality. */
export const qualityJob = defineJob({
  kind: 'registry.quality',
  params: z.object({}),
  queue: () => 'registry.quality',
  async run(ctx) {
    return refreshQuality(ctx.deps.db, ctx.deps.clock, {
      ...onJob(ctx),
      actor: ctx.actor as unknown as Actor,
    });
  },
});

/** Participants who reached the pension age; one life event each, idempotent. */
export const retirementJob = defineJob({
  kind: 'registry.retirement',
  params: z.object({}),
  queue: () => 'registry.retirement',
  async run(ctx) {
    return findRetirementAge(ctx.deps.db, ctx.deps.clock, onJob(ctx));
  },
});

/** Approved changes whose effective date has come (each applied and audited in its own transaction). */
export const applyDueChangesJob = defineJob({
  kind: 'registry.apply_due_changes',
  params: z.object({}),
  queue: () => 'registry.apply_due_changes',
  async run(ctx) {
    return applyDueChanges(ctx.deps.db, ctx.actor as unknown as Actor, ctx.deps.clock, onJob(ctx));
  },
});

/**
 * An employer's monthly wage report, uploaded first (platform/uploads.ts) and applied here, line by
 * line with its outcome (wage_report_lines). A retried attempt finds the report by the file's
 * SHA-256 and resumes after the last recorded line; the same file for the same month, once done,
 * changes nothing. One queue per employer: two reports of one workforce never run at once (exits are
 * decided by difference). The result is the counts; the lines are read from the report.
 */
export const wageReportJob = defineJob({
  kind: 'registry.wage_report',
  params: z.object({
    upload_id: z.number().int(),
    period: z.string(),
    employer_npp: z.string(),
  }),
  queue: (p) => `registry.wage_report:${p.employer_npp}`,
  async run(ctx) {
    const { db, clock } = ctx.deps;
    return withUploadFile(db, ctx.params.upload_id, async (file, fileName) => {
      const { lines, ...counts } = await applyWageReport(
        db,
        { file, fileName, period: ctx.params.period, employerNpp: ctx.params.employer_npp },
        ctx.actor as unknown as Actor,
        clock,
        onJob(ctx),
      );
      return { ...counts, lineCount: lines.length };
    });
  },
});
