import type { Command } from 'commander';
import type { CliContext } from '../../cli.ts';
import { createProgress } from '../../platform/progress.ts';
import { runBilling } from './billing.ts';

export function registerBillingCommands(program: Command, ctx: CliContext): void {
  const billing = program.command('billing').description('Penagihan iuran bulanan / monthly billing');
  billing
    .command('run')
    .description(
      'Bill a period: one invoice per payer. Resumes an interrupted run; a finished run is not repeated',
    )
    .requiredOption('--period <YYYY-MM>', 'contribution month')
    .option('--chunk <n>', 'employers or participants per committed chunk', '2000')
    .action(async (o: { period: string; chunk: string }) => {
      const deps = await ctx.open();
      try {
        const r = await runBilling(deps.handle, {
          period: o.period,
          chunkSize: Number(o.chunk),
          progress: createProgress(`tagihan ${o.period}`),
        });
        if (r.alreadyDone) ctx.out(`Periode ${r.period} sudah ditagih (run #${r.runId}) / already billed.`);
        else if (r.resumed)
          ctx.out(`Melanjutkan run #${r.runId} yang terhenti / resumed an interrupted run.`);
        ctx.out(`${r.period}: ${r.invoices} tagihan / invoices, ${r.lines} baris iuran / contribution lines`);
      } finally {
        await deps.handle.close();
      }
    });
}
