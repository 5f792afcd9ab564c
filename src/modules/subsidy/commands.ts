import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { CliContext } from '../../platform/cli-context.ts';
import { ExitCode, withDeps as openDeps } from '../../platform/cli-context.ts';
import { ValidationError } from '../../platform/errors.ts';
import { SYSTEM } from '../access/policy.ts';
import { bankResultsCommand } from '../disbursement/commands.ts';
import { reportJob, runJobFromCli } from '../jobs/cli.ts';
import { batchFile } from './bank-file.ts';
import type { RowError } from './bank-results.ts';
import { createBatches, rebatchFailures } from './batches.ts';
import { compareRuns } from './compare.ts';
import { seedSubsidyDemo } from './demo.ts';
import { bankResultsJob, screeningJob } from './jobs.ts';
import { importExclusionList } from './lists.ts';
import {
  ensureProgrammes,
  getProgramme,
  listProgrammes,
  loadRegionCodes,
  regionCodesFromCsv,
} from './programmes.ts';
import { reasonCounts } from './queries.ts';
import type { ScreenResult } from './screening.ts';
import { tieOut } from './tieout.ts';

const int = (v: string, name: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1)
    throw new ValidationError(`${name}: harus bilangan bulat positif / must be a positive whole number`);
  return n;
};
const rp = (n: number) => `Rp${n.toLocaleString('id-ID')}`;

function printErrors(ctx: CliContext, errors: RowError[]): void {
  for (const e of errors.slice(0, 20))
    ctx.out(
      `  baris ${e.line}, kolom ${e.column} [${e.code}]: ${e.message_id} / ${e.message_en}${e.value ? ` (${e.value})` : ''}`,
    );
  if (errors.length > 20) ctx.out(`  … dan ${errors.length - 20} galat lainnya / more errors`);
}

/** Runs `work` on an opened database (programmes loaded), closing it afterwards. */
function withDeps<T>(
  ctx: CliContext,
  work: (deps: Awaited<ReturnType<CliContext['open']>>) => Promise<T>,
): Promise<T> {
  return openDeps(ctx, async (deps) => {
    await ensureProgrammes(deps.db);
    return work(deps);
  });
}

function registerScreen(sub: Command, ctx: CliContext): void {
  sub
    .command('screen')
    .description(
      'Screen every participant against a programme: frozen snapshot + one decision each, with reasons. Resumable',
    )
    .option('--programme <id|code>', 'programme id or code, e.g. bsu-2020')
    .option('--rerun <run>', 're-evaluate the frozen snapshot and definition of an earlier run')
    .option('--resume <run>', 'continue an interrupted run')
    .option('--quota <n>', 'override the programme quota for this run')
    .option('--chunk <n>', 'participants per committed chunk', '100000')
    .option('--parts <n>', 'participant-key ranges run as parallel child jobs (default: 2 per worker)')
    .option('--detach', 'queue the job and print its id instead of waiting')
    .action(
      async (o: {
        programme?: string;
        rerun?: string;
        resume?: string;
        quota?: string;
        chunk: string;
        parts?: string;
        detach?: boolean;
      }) =>
        withDeps(ctx, async (deps) => {
          if (!o.programme && !o.rerun && !o.resume)
            throw new ValidationError('--programme, --rerun atau --resume wajib / one of them is required');
          const programme = o.programme && /^\d+$/.test(o.programme) ? Number(o.programme) : o.programme;
          const programmeId =
            typeof programme === 'string'
              ? (
                  await deps.db
                    .selectFrom('subsidy_programmes')
                    .select('id')
                    .where('code', '=', programme)
                    .executeTakeFirst()
                )?.id
              : programme;
          if (o.programme && programmeId === undefined)
            throw new ValidationError(`programme: tidak dikenal / unknown programme ${o.programme}`);
          const job = await runJobFromCli(
            ctx,
            deps,
            screeningJob.kind,
            {
              programme_id: programmeId,
              rerun_of: o.rerun ? int(o.rerun, 'rerun') : undefined,
              resume: o.resume ? int(o.resume, 'resume') : undefined,
              quota: o.quota ? int(o.quota, 'quota') : undefined,
              chunk_size: int(o.chunk, 'chunk'),
              parts: o.parts ? int(o.parts, 'parts') : undefined,
            },
            { label: 'penyaringan BSU', detach: o.detach },
          );
          if (o.detach) return;
          const r = (await reportJob(ctx, deps, job, 2)) as ScreenResult;
          for (const w of r.warnings) ctx.err(`peringatan / warning: ${w}`);
          ctx.out(
            `run #${r.runId}: disaring / screened ${r.screened}, layak / eligible ${r.eligible}, tidak layak / excluded ${r.excluded} (${r.seconds.toFixed(1)} s)`,
          );
          for (const x of (await reasonCounts(deps.db, SYSTEM, r.runId)).filter((x) => x.count > 0)) {
            ctx.out(`  ${x.code.padEnd(22)} ${String(x.count).padStart(10)}  ${x.label_id} / ${x.label_en}`);
          }
        }),
    );
}

function registerPayments(sub: Command, ctx: CliContext): void {
  sub
    .command('batches <run>')
    .description(
      'Create bank batches for the eligible (after appeals) not yet batched in a tranche, and write every new batch file to DIR',
    )
    .requiredOption('--out <dir>', 'directory for the batch files')
    .option('--tranche <n>', 'tranche number', '1')
    .option('--max <n>', 'rows per file (default: the programme’s batch_max)')
    .option('--rebatch', 're-batch failed, returned and account_invalid payments instead')
    .action(async (run: string, o: { out: string; tranche: string; max?: string; rebatch?: boolean }) =>
      withDeps(ctx, async (deps) => {
        const opts = { tranche: int(o.tranche, 'tranche'), maxSize: o.max ? int(o.max, 'max') : undefined };
        const r = o.rebatch
          ? await rebatchFailures(deps.db, SYSTEM, int(run, 'run'), opts)
          : await createBatches(deps.db, SYSTEM, int(run, 'run'), opts);
        fs.mkdirSync(o.out, { recursive: true });
        for (const b of r.batches) {
          const f = await batchFile(deps.db, b.id);
          fs.writeFileSync(path.join(o.out, f.fileName), f.content);
          ctx.out(`${f.fileName}: ${f.count} baris / rows, ${rp(f.total)}`);
        }
        ctx.out(
          `tahap / tranche ${r.tranche}: ${r.batches.length} batch, ${r.people} orang / people${r.unbatchable ? `, ${r.unbatchable} tanpa saluran bayar / without a paying channel` : ''}`,
        );
      }),
    );

  bankResultsCommand(sub, ctx, {
    name: 'bank-result',
    description:
      'Import a bank result file (reference, status, paid_on?, amount?, note?). Exit 1 when rows were rejected',
    kind: bankResultsJob.kind,
    before: (deps) => ensureProgrammes(deps.db),
  });

  sub
    .command('tieout <run>')
    .description(
      'Check that the totals tie out (screened = eligible + excluded; eligible = paid + failed + pending). Exit 1 when not',
    )
    .action(async (run: string) =>
      withDeps(ctx, async (deps) => {
        const t = await tieOut(deps.db, int(run, 'run'));
        ctx.out(
          `run #${t.run_id}: disaring ${t.screened} = layak ${t.eligible} (termasuk ${t.appeals_upheld} sanggahan diterima) + tidak layak ${t.excluded}`,
        );
        for (const x of t.tranches)
          ctx.out(
            `  tahap ${x.tranche} (${rp(x.amount)}): dibayar ${x.paid} (${rp(x.paid_amount)}), gagal ${x.failed}, tertunda ${x.pending}`,
          );
        for (const c of t.checks) ctx.out(`  ${c.ok ? 'OK   ' : 'BEDA '} ${c.name}: ${c.left} / ${c.right}`);
        if (!t.ok) throw new ExitCode(1);
      }),
    );
}

function registerData(sub: Command, ctx: CliContext): void {
  sub
    .command('list-import <list> <file>')
    .description(
      'Import NIKs (column nik) onto an exclusion list: prakerja, pkh, bpum, asn, tni-polri. Exit 1 when rows were rejected',
    )
    .action(async (list: string, file: string) =>
      withDeps(ctx, async (deps) => {
        const r = await importExclusionList(deps.db, SYSTEM, list, file, path.basename(file));
        if (r.alreadyImportedAs)
          ctx.out(`Berkas ini sudah diimpor (#${r.alreadyImportedAs}) / already imported`);
        ctx.out(
          `${list}: baris ${r.total}, diterima ${r.accepted}, sudah ada ${r.unchanged}, ditolak ${r.rejected}`,
        );
        printErrors(ctx, r.errors);
        if (r.rejected > 0) throw new ExitCode(1);
      }),
    );

  sub
    .command('region-list <code> <file>')
    .description(
      'Replace the region codes of a region list (CSV, first column region_code), e.g. the official PPKM 2021 list',
    )
    .action(async (code: string, file: string) =>
      withDeps(ctx, async (deps) => {
        const n = await loadRegionCodes(deps.db, code, regionCodesFromCsv(fs.readFileSync(file, 'utf8')));
        ctx.out(`${code}: ${n} kode wilayah / region codes`);
      }),
    );

  sub
    .command('demo')
    .description(
      'Demo data for screening: bank accounts, synthetic exclusion lists, paid history (when coverage_spans is empty)',
    )
    .action(async () =>
      withDeps(ctx, async (deps) => void (await seedSubsidyDemo(deps.handle, { log: ctx.out }))),
    );
}

export function registerSubsidyCommands(program: Command, ctx: CliContext): void {
  const sub = program
    .command('subsidy')
    .description('Bantuan subsidi upah (BSU) / wage subsidy screening and payment');
  sub
    .command('programmes')
    .description(
      'List the programmes (shipped: bsu-2020, bsu-2021, bsu-2022, bsu-2025) with their UNCONFIRMED points',
    )
    .action(async () =>
      withDeps(ctx, async (deps) => {
        for (const p of await listProgrammes(deps.db)) {
          const def = (await getProgramme(deps.db, p.id)).definition;
          ctx.out(
            `${String(p.id).padStart(3)}  ${p.code.padEnd(10)} ${p.legal_basis}: ${rp(def.amount_total)} in ${def.tranches.length} tahap, kuota ${def.quota ?? '—'}, run ${p.runs}`,
          );
          for (const u of def.unconfirmed) ctx.out(`       UNCONFIRMED ${u}`);
        }
      }),
    );
  registerScreen(sub, ctx);
  sub
    .command('compare <runA> <runB>')
    .description('Who entered and who left between two runs, by reason, with the changed inputs of a sample')
    .action(async (a: string, b: string) =>
      withDeps(ctx, async (deps) => {
        const c = await compareRuns(deps.db, SYSTEM, int(a, 'runA'), int(b, 'runB'), 10);
        ctx.out(
          `run #${c.a.id} (${c.a.eligible} layak) → run #${c.b.id} (${c.b.eligible} layak): masuk / entered ${c.entered}, keluar / left ${c.left}`,
        );
        for (const r of c.by_reason)
          ctx.out(`  ${r.change === 'left' ? 'keluar' : 'masuk '} ${r.reason.padEnd(22)} ${r.count}`);
        for (const s of c.sample)
          ctx.out(
            `  peserta ${s.participant_id} ${s.change}: ${s.changed_inputs.map((d) => `${d.field} ${JSON.stringify(d.before)}→${JSON.stringify(d.after)}`).join(', ') || 'input sama / same inputs'}`,
          );
      }),
    );
  registerPayments(sub, ctx);
  registerData(sub, ctx);
}
