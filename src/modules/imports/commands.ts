import type { Command } from 'commander';
import { type CliContext, ExitCode } from '../../cli.ts';
import { createProgress } from '../../platform/progress.ts';
import { SYSTEM } from '../access/policy.ts';
import { importWorkers } from './actions.ts';
import { writeErrorReport } from './report.ts';

export function registerImportCommands(program: Command, ctx: CliContext): void {
  const imp = program.command('import').description('Impor daftar dari CSV/XLSX / bulk imports');
  imp
    .command('workers <file>')
    .description(
      'Import a worker list (CSV or XLSX). Exit 0: all rows accepted; 1: some rejected; 2: usage or file error',
    )
    .option('--employer <npp>', 'register every PU row at this employer')
    .option('--dry-run', 'validate and report only; writes nothing')
    .option('--report <file>', 'write the error report (.csv or .xlsx)')
    .action(async (file: string, o: { employer?: string; dryRun?: boolean; report?: string }) => {
      const deps = await ctx.open();
      try {
        const r = await importWorkers(
          deps.handle,
          { file, employerNpp: o.employer, dryRun: o.dryRun, progress: createProgress('impor') },
          SYSTEM,
          deps.clock,
        );
        if (r.alreadyImportedAs)
          ctx.out(
            `Berkas ini sudah diimpor (impor #${r.alreadyImportedAs}); tidak ada perubahan. / Already imported; nothing changed.`,
          );
        ctx.out(
          `${r.dryRun ? '[uji coba / dry run] ' : ''}baris ${r.total}: diterima ${r.accepted}, tidak berubah ${r.unchanged}, ditolak ${r.rejected}`,
        );
        for (const e of r.errors.slice(0, 20))
          ctx.out(`  baris ${e.line}, kolom ${e.column} [${e.code}]: ${e.message_id} / ${e.message_en}`);
        if (r.errors.length > 20)
          ctx.out(
            `  … dan ${r.errors.length - 20} galat lainnya${o.report ? '' : ' (gunakan --report FILE)'}`,
          );
        if (o.report) {
          await writeErrorReport(o.report, r.errors);
          ctx.out(`laporan galat / error report: ${o.report}`);
        }
        if (r.rejected > 0) throw new ExitCode(1);
      } finally {
        await deps.handle.close();
      }
    });
}
