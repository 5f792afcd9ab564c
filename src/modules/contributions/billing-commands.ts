import type { Command } from 'commander';
import type { CliContext } from '../../platform/cli-context.ts';
import { reportJob, runJobFromCli } from '../jobs/cli.ts';
import type { BillingResult } from './billing.ts';
import { billingJob } from './jobs.ts';

export function registerBillingCommands(program: Command, ctx: CliContext): void {
  const billing = program.command('billing').description('Penagihan iuran bulanan / monthly billing');
  billing
    .command('run')
    .description(
      'Bill a period: one invoice per payer. Resumes an interrupted run; a finished run is not repeated',
    )
    .requiredOption('--period <YYYY-MM>', 'contribution month')
    .option('--chunk <n>', 'employers or participants per committed chunk', '2000')
    .option('--detach', 'queue the job and print its id instead of waiting')
    .action(async (o: { period: string; chunk: string; detach?: boolean }) => {
      const deps = await ctx.open();
      try {
        const job = await runJobFromCli(
          ctx,
          deps,
          billingJob.kind,
          { period: o.period, chunk_size: Number(o.chunk) },
          { detach: o.detach, label: `tagihan ${o.period}` },
        );
        if (o.detach) return;
        const r = (await reportJob(ctx, deps, job)) as BillingResult;
        if (r.alreadyDone) ctx.out(`Periode ${r.period} sudah ditagih (run #${r.runId}) / already billed.`);
        else if (r.resumed)
          ctx.out(`Melanjutkan run #${r.runId} yang terhenti / resumed an interrupted run.`);
        ctx.out(`${r.period}: ${r.invoices} tagihan / invoices, ${r.lines} baris iuran / contribution lines`);
      } finally {
        await deps.handle.close();
      }
    });
}
