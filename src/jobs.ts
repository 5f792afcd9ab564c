/**
 * Every job kind and every schedule, assembled in one place (like app.ts for routes). Importing
 * this module registers the kinds with the engine (src/platform/jobs.ts).
 */
import { auditExportJob, sessionCleanupJob } from './modules/access/jobs.ts';
import {
  jhtCreditJob,
  jhtDevelopmentJob,
  pensionBankResultsJob,
  pensionRunJob,
} from './modules/benefits/jobs.ts';
import { claimsBankResultsJob } from './modules/claims/jobs.ts';
import {
  arrearsExportJob,
  bankStatementJob,
  billingJob,
  billingRangeJob,
  finesJob,
  firstWorkingDay,
} from './modules/contributions/jobs.ts';
import { coverageRefreshJob } from './modules/coverage/jobs.ts';
import { DCI_SCHEDULES, dciDeliverJob, dciExclusionImportJob, dciMatchJob } from './modules/dci/jobs.ts';
import { demoSeedJob } from './modules/demo/jobs.ts';
import { importCommitJob, workerImportJob } from './modules/imports/jobs.ts';
import { agentCommissionJob, agentCommissionResultsJob, nonAsnImportJob } from './modules/regional/jobs.ts';
import {
  applyDueChangesJob,
  duplicatesJob,
  qualityJob,
  retirementJob,
  wageReportJob,
} from './modules/registry/jobs.ts';
import { bankResultsJob, rebatchJob, screeningJob, screeningRangeJob } from './modules/subsidy/jobs.ts';
import { isoDateWib } from './platform/clock.ts';
import { type CronEntry, type JobDefinition, registerJobs } from './platform/jobs.ts';

export const JOB_KINDS = [
  billingJob,
  billingRangeJob,
  finesJob,
  bankStatementJob,
  workerImportJob,
  importCommitJob,
  coverageRefreshJob,
  screeningJob,
  screeningRangeJob,
  rebatchJob,
  bankResultsJob,
  demoSeedJob,
  sessionCleanupJob,
  arrearsExportJob,
  auditExportJob,
  agentCommissionJob,
  agentCommissionResultsJob,
  nonAsnImportJob,
  duplicatesJob,
  qualityJob,
  retirementJob,
  applyDueChangesJob,
  wageReportJob,
  jhtCreditJob,
  jhtDevelopmentJob,
  claimsBankResultsJob,
  pensionRunJob,
  pensionBankResultsJob,
  // DCI (issue 16)
  dciDeliverJob,
  dciMatchJob,
  dciExclusionImportJob,
] as unknown as JobDefinition<never>[];

registerJobs(JOB_KINDS);

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
      const today = isoDateWib(at);
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
    // 00:05 WIB: approved registry changes dated today (a risk class from the 1st), then pension ages.
    name: 'registry-apply-due-changes',
    pattern: '5 17 * * *',
    plan: async () => ({ kind: applyDueChangesJob.kind, params: {} }),
  },
  {
    name: 'registry-retirement-age',
    pattern: '30 17 * * *',
    plan: async () => ({ kind: retirementJob.kind, params: {} }),
  },
  {
    // 04:00 WIB, after the coverage refresh: duplicates, then the data-quality scores that count them.
    name: 'registry-duplicates',
    pattern: '0 21 * * *',
    plan: async () => ({ kind: duplicatesJob.kind, params: {} }),
  },
  {
    name: 'registry-quality',
    pattern: '0 22 * * *',
    plan: async () => ({ kind: qualityJob.kind, params: {} }),
  },
  {
    // 06:00 WIB on the 25th: the month's JP pensions (a rerun of a month pays nothing twice).
    name: 'pensions-monthly',
    pattern: '0 23 24 * *',
    plan: async (_deps, at) => ({ kind: pensionRunJob.kind, params: { period: isoDateWib(at).slice(0, 7) } }),
  },
  {
    name: 'sessions-cleanup',
    pattern: '15 * * * *',
    plan: async () => ({ kind: sessionCleanupJob.kind, params: {} }),
  },
  // DCI (issue 16): answers, notify messages and retries, every minute when something waits.
  ...DCI_SCHEDULES,
];
