/** The CLI side of bank results, shared by claims, JP pensions, the wage subsidy and agent commissions. */
import type { Command } from 'commander';
import { type CliContext, ExitCode, withDeps } from '../../platform/cli-context.ts';
import type { Deps } from '../../platform/deps.ts';
import { runUploadJobFromCli } from '../jobs/cli.ts';
import type { BankResultSummary } from './results.ts';

/**
 * `<name> <file>`: a bank result CSV (reference,status,paid_on,amount,note) imported by the job `kind`
 * like a web upload; prints the counts and the first rejected rows, exit 1 when rows were rejected.
 */
export function bankResultsCommand(
  parent: Command,
  ctx: CliContext,
  o: {
    name: string;
    description: string;
    kind: string;
    before?: (deps: Deps) => Promise<void>;
  },
): void {
  parent
    .command(`${o.name} <file>`)
    .description(o.description)
    .option('--detach', 'queue the import and print the job id instead of waiting')
    .action((file: string, opts: { detach?: boolean }) =>
      withDeps(ctx, async (deps) => {
        await o.before?.(deps);
        const r = await runUploadJobFromCli<BankResultSummary>(ctx, deps, file, o.kind, {
          detach: opts.detach,
          label: 'hasil bank / bank results',
        });
        if (!r) return;
        if (r.alreadyImportedAs)
          ctx.out(
            `Berkas ini sudah diimpor (#${r.alreadyImportedAs}); tidak ada perubahan / already imported; nothing changed`,
          );
        ctx.out(
          `${r.total} baris: ${r.applied} diterapkan / applied, ${r.unchanged} tetap / unchanged, ${r.rejected} ditolak / rejected`,
        );
        for (const e of r.errors.slice(0, 20))
          ctx.out(
            `  baris ${e.line}, kolom ${e.column}: ${e.message_id} / ${e.message_en}${e.value ? ` (${e.value})` : ''}`,
          );
        if (r.errors.length > 20) ctx.out(`  … dan ${r.errors.length - 20} galat lainnya / more errors`);
        if (r.rejected) throw new ExitCode(1);
      }),
    );
}
