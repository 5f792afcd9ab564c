/**
 * Every job kind and every schedule, assembled in one place (like app.ts for routes). Importing
 * this module registers the kinds with the engine (src/platform/jobs.ts).
 */
import { sessionCleanupJob } from './modules/access/jobs.ts';
import { jhtCreditJob, jhtDevelopmentJob } from './modules/benefits/jobs.ts';
import { bankStatementJob, billingJob, finesJob, firstWorkingDay } from './modules/contributions/jobs.ts';
import { coverageRefreshJob } from './modules/coverage/jobs.ts';
import { demoSeedJob } from './modules/demo/jobs.ts';
import { workerImportJob } from './modules/imports/jobs.ts';
import { bankResultsJob, rebatchJob, screeningJob } from './modules/subsidy/jobs.ts';
import { type CronEntry, type JobDefinition, registerJobs } from './platform/jobs.ts';

export const JOB_KINDS = [
  billingJob,
  finesJob,
  bankStatementJob,
  workerImportJob,
  coverageRefreshJob,
  screeningJob,
  rebatchJob,
  bankResultsJob,
  demoSeedJob,
  sessionCleanupJob,
  jhtCreditJob,
  jhtDevelopmentJob,
] as unknown as JobDefinition<never>[];

registerJobs(JOB_KINDS);

/** The WIB calendar date of a moment. */
function wibDate(at: Date): string {
  return new Date(at.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}

function previousMonth(date: string): string {
  const d = new Date(`${date.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return d.toISOString().slice(0, 7);
}

/** Cron patterns are UTC: 18:00 UTC is 01:00 WIB the next day. */
export const SCHEDULES: CronEntry[] = [
  {
    // Every day at 01:00 WIB; on the month's first working day it bills the month before.
    name: 'billing-monthly',
    pattern: '0 18 * * *',
    plan: async (_deps, at) => {
      const today = wibDate(at);
      if (today !== firstWorkingDay(today.slice(0, 7))) return null;
      return { kind: billingJob.kind, params: { period: previousMonth(today) } };
    },
  },
  {
    // Every day at 02:00 WIB: fines on whatever fell due (assessment is idempotent).
    name: 'fines-daily',
    pattern: '0 19 * * *',
    plan: async () => ({ kind: finesJob.kind, params: {} }),
  },
  {
    name: 'coverage-nightly',
    pattern: '0 20 * * *',
    plan: async () => ({ kind: coverageRefreshJob.kind, params: {} }),
  },
  {
    name: 'sessions-cleanup',
    pattern: '15 * * * *',
    plan: async () => ({ kind: sessionCleanupJob.kind, params: {} }),
  },
];
