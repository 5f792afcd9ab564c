import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { type CliContext, ExitCode } from '../../platform/cli-context.ts';
import { storeUpload } from '../../platform/uploads.ts';
import { reportJob, runJobFromCli } from '../jobs/cli.ts';
import { type ImportResult, listErrors } from './actions.ts';
import { workerImportJob } from './jobs.ts';
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
      if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
        ctx.err(`galat / error: berkas tidak ada / no such file: ${file}`);
        throw new ExitCode(2);
      }
      const deps = await ctx.open();
      try {
        // The import runs as a job (the same one the web starts); the file goes into the database first.
        const upload = await storeUpload(deps.db, path.basename(file), fs.createReadStream(file), null);
        const job = await runJobFromCli(
          ctx,
          deps,
          workerImportJob.kind,
          { upload_id: upload, employer_npp: o.employer, dry_run: !!o.dryRun },
          { label: 'impor' },
        );
        const summary = (await reportJob(ctx, deps, job, 2)) as Omit<ImportResult, 'errors'>;
        const r = {
          ...summary,
          errors: summary.importId ? await listErrors(deps.db, summary.importId, 10_000_000) : [],
        };
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
