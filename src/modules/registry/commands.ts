import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { type CliContext, ExitCode } from '../../platform/cli-context.ts';
import type { Database } from '../../platform/db.ts';
import type { Deps } from '../../platform/deps.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { createProgress } from '../../platform/progress.ts';
import { storeUpload } from '../../platform/uploads.ts';
import { SYSTEM } from '../access/policy.ts';
import { findEmployerByNpp } from '../employers/queries.ts';
import { writeErrorReport } from '../imports/report.ts';
import { cliActor, reportJob, runJobFromCli } from '../jobs/cli.ts';
import { applyDueChanges } from './corrections.ts';
import { detectAll, markNotDuplicate, mergeCandidate, reverseDecision, reviewQueue } from './duplicates.ts';
import { wageReportJob } from './jobs.ts';
import {
  changeSegment,
  exitWithReason,
  findRetirementAge,
  moveEmployer,
  reportDeath,
} from './life-events.ts';
import { qualityReport, qualityXlsx, refreshQuality } from './quality.ts';
import { DEATH_CAUSES, DEATH_SOURCES, EXIT_REASONS } from './rules.ts';
import { parseRupiah, reportResult } from './wage-report.ts';

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

  // ---- life events and duplicate decisions, as the web and the API do them --------------------------
  /** A participant by KPJ or NIK. */
  const person = async (db: Database, key: string): Promise<number> => {
    const p = await db
      .selectFrom('participants')
      .select('id')
      .where((eb) => eb.or([eb('kpj', '=', key), eb('nik', '=', key)]))
      .executeTakeFirst();
    if (!p) throw new NotFoundError(`peserta: KPJ/NIK ${key} tidak ditemukan / participant not found`);
    return p.id;
  };
  const employer = async (db: Database, npp: string, field = 'employer'): Promise<number> => {
    const e = await findEmployerByNpp(db, npp);
    if (!e) throw new NotFoundError(`${field}: NPP ${npp} tidak ditemukan / employer not found`);
    return e.id;
  };
  const pick = <T extends string>(v: string, allowed: readonly T[], what: string): T => {
    if (!(allowed as readonly string[]).includes(v))
      throw new ValidationError(`${what}: salah satu dari / one of ${allowed.join(', ')}`);
    return v as T;
  };
  /** Opens the database, runs one write as the person at the terminal, prints its outcome. */
  const write = (work: (deps: Deps) => Promise<string>) => async () => {
    const deps = await ctx.open();
    try {
      ctx.out(await work(deps));
    } finally {
      await deps.handle.close();
    }
  };

  reg
    .command('death <participant>')
    .description('Report a death (KPJ or NIK): closes the membership, ends open jobs, stops bills')
    .requiredOption('--date <YYYY-MM-DD>', 'date of death')
    .requiredOption('--source <source>', DEATH_SOURCES.join(' | '))
    .option('--cause <cause>', DEATH_CAUSES.join(' | '))
    .option('--document <ref>', 'death certificate number')
    .action((key: string, o: { date: string; source: string; cause?: string; document?: string }) =>
      write(async (deps) => {
        const d = await reportDeath(
          deps.db,
          {
            participantId: await person(deps.db, key),
            diedOn: o.date,
            source: pick(o.source, DEATH_SOURCES, 'source'),
            cause: o.cause ? pick(o.cause, DEATH_CAUSES, 'cause') : undefined,
            documentRef: o.document,
          },
          cliActor(),
          deps.clock,
        );
        return `kematian tercatat / death recorded: ${key}, ${d.died_on}`;
      })(),
    );

  reg
    .command('exit <participant>')
    .description('Report an exit with its reason (JKP pays only after a dismissal)')
    .requiredOption('--employer <npp>', 'the employer left')
    .requiredOption('--date <YYYY-MM-DD>', 'last day of work')
    .requiredOption('--reason <reason>', EXIT_REASONS.join(' | '))
    .action((key: string, o: { employer: string; date: string; reason: string }) =>
      write(async (deps) => {
        await exitWithReason(
          deps.db,
          {
            participantId: await person(deps.db, key),
            employerId: await employer(deps.db, o.employer),
            date: o.date,
            reason: pick(o.reason, EXIT_REASONS, 'reason'),
          },
          cliActor(),
          deps.clock,
        );
        return `keluar tercatat / exit recorded: ${key} (${o.reason})`;
      })(),
    );

  reg
    .command('move <participant>')
    .description('Move to another employer: the exit the day before and the hire, in one step')
    .requiredOption('--from <npp>', 'current employer')
    .requiredOption('--to <npp>', 'new employer')
    .requiredOption('--date <YYYY-MM-DD>', 'first day at the new employer')
    .requiredOption('--wage <rupiah>', 'monthly wage at the new employer')
    .action((key: string, o: { from: string; to: string; date: string; wage: string }) =>
      write(async (deps) => {
        await moveEmployer(
          deps.db,
          {
            participantId: await person(deps.db, key),
            fromEmployerId: await employer(deps.db, o.from, 'from'),
            toEmployerId: await employer(deps.db, o.to, 'to'),
            date: o.date,
            wage: rupiah(o.wage),
          },
          cliActor(),
          deps.clock,
        );
        return `pindah tercatat / move recorded: ${key} ${o.from} → ${o.to}`;
      })(),
    );

  reg
    .command('segment <participant>')
    .description('Change segment PU ↔ BPU (PU→BPU ends the jobs and bills a declared income)')
    .requiredOption('--to <segment>', 'PU | BPU')
    .requiredOption('--date <YYYY-MM-DD>', 'from when')
    .option('--reason <reason>', `PU→BPU: exit reason (${EXIT_REASONS.join(' | ')})`)
    .option('--income <rupiah>', 'PU→BPU: declared monthly income')
    .option('--employer <npp>', 'BPU→PU: the employer hiring')
    .option('--wage <rupiah>', 'BPU→PU: monthly wage')
    .action(
      (
        key: string,
        o: { to: string; date: string; reason?: string; income?: string; employer?: string; wage?: string },
      ) =>
        write(async (deps) => {
          await changeSegment(
            deps.db,
            {
              participantId: await person(deps.db, key),
              to: pick(o.to, ['PU', 'BPU'] as const, 'to'),
              date: o.date,
              exitReason: o.reason ? pick(o.reason, EXIT_REASONS, 'reason') : undefined,
              declaredIncome: o.income ? rupiah(o.income) : undefined,
              employerId: o.employer ? await employer(deps.db, o.employer) : undefined,
              wage: o.wage ? rupiah(o.wage) : undefined,
            },
            cliActor(),
            deps.clock,
          );
          return `segmen diubah / segment changed: ${key} → ${o.to}`;
        })(),
    );

  reg
    .command('queue')
    .description('The duplicate review queue (pairs with the evidence)')
    .option('--status <status>', 'open | merged | not_duplicate', 'open')
    .option('--limit <n>', 'pairs to show', '20')
    .action((o: { status: string; limit: string }) =>
      write(async (deps) => {
        const q = await reviewQueue(deps.db, cliActor(), {
          status: pick(o.status, ['open', 'merged', 'not_duplicate'] as const, 'status'),
          page: 1,
          pageSize: Math.min(500, Math.max(1, Number(o.limit) || 20)),
        });
        const lines = q.items.map(
          (c) =>
            `#${c.id} [${c.rule}] A ${c.a.kpj} ${c.a.nik} ${c.a.full_name} · B ${c.b.kpj} ${c.b.nik} ${c.b.full_name}`,
        );
        return [`pasangan / pairs: ${q.total}`, ...lines].join('\n');
      })(),
    );

  reg
    .command('merge <candidate>')
    .description('Merge a duplicate pair: the survivor stays, the other is "merged into" it (never deleted)')
    .requiredOption('--survivor <participant>', 'KPJ or NIK of the record that stays')
    .option('--note <text>', 'why')
    .action((id: string, o: { survivor: string; note?: string }) =>
      write(async (deps) => {
        const c = await mergeCandidate(
          deps.db,
          Number(id),
          { survivorId: await person(deps.db, o.survivor), note: o.note },
          cliActor(),
          deps.clock,
        );
        return `digabung / merged: pasangan / pair #${c.id}`;
      })(),
    );

  reg
    .command('not-duplicate <candidate>')
    .description('Decide a pair is not a duplicate (it is never proposed again)')
    .option('--note <text>', 'why')
    .action((id: string, o: { note?: string }) =>
      write(async (deps) => {
        const c = await markNotDuplicate(deps.db, Number(id), o.note, cliActor(), deps.clock);
        return `bukan duplikat / not a duplicate: pasangan / pair #${c.id}`;
      })(),
    );

  reg
    .command('reverse <candidate>')
    .description('Reverse a merge or a "not a duplicate" decision (head office)')
    .requiredOption('--note <text>', 'why')
    .action((id: string, o: { note: string }) =>
      write(async (deps) => {
        const c = await reverseDecision(deps.db, Number(id), o.note, cliActor(), deps.clock);
        return `dibatalkan / reversed: pasangan / pair #${c.id}`;
      })(),
    );
}

/** "5.000.000" or 5000000 → 5000000. */
function rupiah(v: string): number {
  const n = parseRupiah(v.trim());
  if (n === null || n <= 0)
    throw new ValidationError(`rupiah: angka rupiah bulat / whole rupiah (got "${v}")`);
  return n;
}
