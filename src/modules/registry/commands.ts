import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { type CliContext, ExitCode } from '../../platform/cli-context.ts';
import { createProgress } from '../../platform/progress.ts';
import { storeUpload } from '../../platform/uploads.ts';
import { SYSTEM } from '../access/policy.ts';
import { writeErrorReport } from '../imports/report.ts';
import { reportJob, runJobFromCli } from '../jobs/cli.ts';
import { applyDueChanges } from './corrections.ts';
import { detectAll } from './duplicates.ts';
import { wageReportJob } from './jobs.ts';
import { findRetirementAge } from './life-events.ts';
import { qualityReport, qualityXlsx, refreshQuality } from './quality.ts';
import { reportResult } from './wage-report.ts';

/** (done, total) callbacks onto a terminal progress bar. */
function bar(label: string) {
  const p = createProgress(label);
  let last = 0;
  let totalSet = false;
  return {
    progress(done: number, total: number) {
      if (!totalSet) {
        p.total(total);
        totalSet = true;
      }
      p.tick(done - last);
      last = done;
    },
    done: (s: string) => p.done(s),
  };
}

export function registerRegistryCommands(program: Command, ctx: CliContext): void {
  const reg = program.command('registry').description('Pemeliharaan registri / registry upkeep');

  reg
    .command('duplicates')
    .description('Find duplicate candidates over the whole registry (resumable; pairs found once)')
    .option('--chunk <n>', 'participant ids per statement', '100000')
    .action(async (o: { chunk: string }) => {
      const deps = await ctx.open();
      try {
        const b = bar('duplikat');
        const r = await detectAll(deps.db, { chunk: Number(o.chunk) }, b);
        b.done(`${r.found} calon duplikat baru / new candidates`);
        ctx.out(`calon duplikat baru / new candidates: ${r.found}`);
      } finally {
        await deps.handle.close();
      }
    });

  reg
    .command('quality')
    .description(
      'Refresh the data-quality issues and scores (resumes by province); --export FILE writes XLSX',
    )
    .option('--export <file>', 'write the province scores as XLSX')
    .option('--level <level>', 'province | regency | branch (for --export)', 'province')
    .action(async (o: { export?: string; level: 'province' | 'regency' | 'branch' }) => {
      const deps = await ctx.open();
      try {
        const b = bar('kualitas data');
        const r = await refreshQuality(deps.db, deps.clock, b);
        b.done(`${r.issues} temuan / issues`);
        ctx.out(`temuan / issues: ${r.issues}`);
        if (o.export) {
          const rep = await qualityReport(deps.db, { ...SYSTEM, role: 'admin' }, { level: o.level });
          fs.writeFileSync(o.export, await qualityXlsx(rep.rows));
          ctx.out(`ekspor / export: ${o.export}`);
        }
      } finally {
        await deps.handle.close();
      }
    });

  reg
    .command('retirement')
    .description('Record participants who reached the pension age (PP 45/2015 Pasal 15); idempotent')
    .action(async () => {
      const deps = await ctx.open();
      try {
        const r = await findRetirementAge(deps.db, deps.clock, bar('usia pensiun'));
        ctx.out(`usia pensiun / pension age ${r.pensionAge}: ${r.found} peserta baru / newly found`);
      } finally {
        await deps.handle.close();
      }
    });

  reg
    .command('apply-due')
    .description('Apply approved changes whose effective date has come (e.g. a risk class from the 1st)')
    .action(async () => {
      const deps = await ctx.open();
      try {
        const r = await applyDueChanges(deps.db, SYSTEM, deps.clock);
        ctx.out(`perubahan diterapkan / changes applied: ${r.applied}`);
      } finally {
        await deps.handle.close();
      }
    });

  reg
    .command('wage-report <file>')
    .description(
      "Apply an employer's monthly wage report (CSV/XLSX). Exit 0: all lines accepted; 1: some rejected; 2: usage or file error",
    )
    .requiredOption('--employer <npp>', 'the employer reporting')
    .requiredOption('--period <YYYY-MM>', 'the month reported')
    .option('--report <file>', 'write the rejected lines (.csv or .xlsx)')
    .option('--detach', 'queue the job and return at once (follow it with `lindung jobs show ID`)')
    .action(
      async (file: string, o: { employer: string; period: string; report?: string; detach?: boolean }) => {
        if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
          ctx.err(`galat / error: berkas tidak ada / no such file: ${file}`);
          throw new ExitCode(2);
        }
        const deps = await ctx.open();
        try {
          // The same job the web and the API start; the file goes into the database first.
          const upload = await storeUpload(deps.db, path.basename(file), fs.createReadStream(file), null);
          const job = await runJobFromCli(
            ctx,
            deps,
            wageReportJob.kind,
            { upload_id: upload, period: o.period, employer_npp: o.employer },
            { label: 'laporan upah', detach: o.detach },
          );
          if (o.detach) return;
          const summary = (await reportJob(ctx, deps, job, 2)) as {
            reportId: number;
            alreadyReportedAs?: number;
          };
          const r = {
            ...(await reportResult(deps.db, summary.reportId)),
            alreadyReportedAs: summary.alreadyReportedAs,
          };
          if (r.alreadyReportedAs)
            ctx.out(
              `Berkas ini sudah diterapkan (laporan #${r.alreadyReportedAs}); tidak ada perubahan. / Already applied; nothing changed.`,
            );
          ctx.out(
            `baris ${r.total}: masuk ${r.hires}, ubah upah ${r.wageChanges}, keluar ${r.exits}, tetap ${r.unchanged}, ditolak ${r.rejected}`,
          );
          const rejected = r.lines.filter((l) => l.outcome === 'rejected');
          for (const l of rejected.slice(0, 20))
            ctx.out(
              `  baris ${l.line}, kolom ${l.column_name} [${l.code}]: ${l.message_id} / ${l.message_en}`,
            );
          if (o.report) {
            await writeErrorReport(
              o.report,
              rejected.map((l) => ({
                line: l.line,
                column: l.column_name ?? '',
                code: l.code ?? '',
                message_id: l.message_id ?? '',
                message_en: l.message_en ?? '',
                value: l.value,
              })),
            );
            ctx.out(`laporan galat / error report: ${o.report}`);
          }
          if (r.rejected > 0) throw new ExitCode(1);
        } finally {
          await deps.handle.close();
        }
      },
    );
}
