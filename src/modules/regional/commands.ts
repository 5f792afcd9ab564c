import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { CliContext } from '../../platform/cli-context.ts';
import { ExitCode } from '../../platform/cli-context.ts';
import { SYSTEM } from '../access/policy.ts';
import { coverageScope } from '../coverage/scope.ts';
import { disbursementFile, listBatches, tieOutDisbursement } from '../disbursement/batches.ts';
import { bankResultsCommand } from '../disbursement/commands.ts';
import { reportJob, runJobFromCli } from '../jobs/cli.ts';
import { checkAgentFraud, commissionParams, commissionPayables } from './agents.ts';
import { COMMISSION_SOURCE, commissionPayeeIds, rebatchCommissionFailures } from './commission-pay.ts';
import { planHtml, planXlsx } from './documents.ts';
import { agentCommissionJob, agentCommissionResultsJob } from './jobs.ts';
import { importNonAsn, nonAsnProgress } from './non-asn.ts';
import { regionPlan } from './plan.ts';
import { parseGroups } from './routes.ts';
import { PLAN_CATEGORIES, type PlanCategory } from './rules.ts';

export function registerRegionalCommands(program: Command, ctx: CliContext): void {
  const reg = program
    .command('regional')
    .description(
      'Pemda, desa dan agen: rencana anggaran, non-ASN, komisi agen / regional governments, villages, agents',
    );
  reg
    .command('plan')
    .description('Budget plan for a region and budget year (groups: category:count[:wage],…)')
    .requiredOption('--region <code>', 'province or regency code, e.g. 19')
    .requiredOption('--year <yyyy>', 'budget year')
    .option('--groups <list>', `e.g. vulnerable_other:1000,honorer:200 (${PLAN_CATEGORIES.join(', ')})`, '')
    .option('--budget <rupiah>', 'what this budget buys')
    .option('--not-budget-funded', 'the payer is not APBN/APBD (PP 50/2025 discount applies)')
    .option('--html <file>', 'write the printable page')
    .option('--xlsx <file>', 'write the workbook')
    .action(
      async (o: {
        region: string;
        year: string;
        groups: string;
        budget?: string;
        notBudgetFunded?: boolean;
        html?: string;
        xlsx?: string;
      }) => {
        const deps = await ctx.open();
        try {
          const p = await regionPlan(deps.db, coverageScope(SYSTEM, deps.config.minCellSize), {
            region: o.region,
            year: Number(o.year),
            groups: parseGroups(o.groups, false),
            budgetFunded: !o.notBudgetFunded,
            fromMonth: 1,
            budget: o.budget ? BigInt(o.budget) : undefined,
            scenarioCategory: 'vulnerable_other' as PlanCategory,
          });
          ctx.out(`${p.region.name} TA ${p.year}: ${p.people} orang, Rp${p.total.toLocaleString('id-ID')}`);
          if (p.reverse)
            ctx.out(`Anggaran Rp${p.reverse.budget.toLocaleString('id-ID')} → ${p.reverse.people} orang`);
          for (const s of p.scenarios)
            ctx.out(
              `Target ${s.target_year} ${s.target_pct}% (${s.target_status}): kurang ${s.gap_people} orang → Rp${s.steps[2]!.cost.toLocaleString('id-ID')}`,
            );
          if (o.html)
            fs.writeFileSync(
              o.html,
              planHtml(p, new Date().toLocaleString('id-ID', { timeZone: 'Asia/Jakarta' })),
            );
          if (o.xlsx) fs.writeFileSync(o.xlsx, await planXlsx(p));
        } finally {
          await deps.handle.close();
        }
      },
    );
  reg
    .command('non-asn-import <file>')
    .description('Import a government employer’s non-ASN staff list (kategori_non_asn column)')
    .requiredOption('--employer <npp>', 'NPP of the government employer')
    .action(async (file: string, o: { employer: string }) => {
      const deps = await ctx.open();
      try {
        const r = await importNonAsn(deps.handle, { file, employerNpp: o.employer }, SYSTEM, deps.clock);
        ctx.out(`${r.accepted} diterima, ${r.rejected} ditolak, ${r.registered} pendaftaran non-ASN dicatat`);
      } finally {
        await deps.handle.close();
      }
    });
  reg
    .command('non-asn-progress <region>')
    .description('Non-ASN registration progress of a region')
    .option('--year <yyyy>', 'year', String(new Date().getUTCFullYear()))
    .action(async (region: string, o: { year: string }) => {
      const deps = await ctx.open();
      try {
        const r = await nonAsnProgress(
          deps.db,
          region,
          Number(o.year),
          new Date().toISOString().slice(0, 10),
        );
        ctx.out(JSON.stringify(r, null, 2));
      } finally {
        await deps.handle.close();
      }
    });
  reg
    .command('agent-commission <period>')
    .description(
      'Run (or resume) the monthly agent commission as a job, batch its payables to the bank and print them',
    )
    .option('--detach', 'queue the run and print the job id instead of waiting')
    .action(async (period: string, o: { detach?: boolean }) => {
      const deps = await ctx.open();
      try {
        const job = await runJobFromCli(
          ctx,
          deps,
          agentCommissionJob.kind,
          { period },
          { detach: o.detach, label: `komisi agen ${period}` },
        );
        if (o.detach) return;
        const r = (await reportJob(ctx, deps, job)) as {
          period: string;
          lines: number;
          total: number;
          already_done: boolean;
          payments: number;
          batches: number[];
        };
        ctx.out(
          `Komisi ${r.period}: ${r.lines} bulan terbayar, Rp${r.total.toLocaleString('id-ID')}${r.already_done ? ' (sudah selesai)' : ''}; ${r.payments} pembayaran baru dalam ${r.batches.length} batch`,
        );
        const params = commissionParams(period);
        if (params.unconfirmed)
          ctx.out('PERHATIAN: tarif dan batas bulan komisi BELUM TERKONFIRMASI / rate and cap UNCONFIRMED');
        for (const p of await commissionPayables(deps.db, SYSTEM, period))
          ctx.out(
            `${p.code}  ${p.full_name}  ${p.bank_code ?? '-'} ${p.bank_account ?? '-'}  Rp${p.amount.toLocaleString('id-ID')}${p.payable ? '' : '  (TIDAK DAPAT DIBAYAR: rekening kosong)'}`,
          );
      } finally {
        await deps.handle.close();
      }
    });
  reg
    .command('agent-commission-status')
    .description('Commission bank batches and their tie-out; --out writes the bank files')
    .option('--out <dir>', 'directory for the bank files')
    .action(async (o: { out?: string }) => {
      const deps = await ctx.open();
      try {
        for (const b of await listBatches(deps.db, COMMISSION_SOURCE)) {
          ctx.out(
            `batch ${b.id} ${b.channel} A${b.attempt}: ${b.row_count} baris, Rp${b.total_amount.toLocaleString('id-ID')}; dibayar ${b.paid}, gagal ${b.failed}, menunggu ${b.pending}`,
          );
          if (o.out) {
            fs.mkdirSync(o.out, { recursive: true });
            const f = await disbursementFile(deps.db, b.id, (ids) => commissionPayeeIds(deps.db, ids));
            fs.writeFileSync(path.join(o.out, f.fileName), f.content);
          }
        }
        const t = await tieOutDisbursement(deps.db, COMMISSION_SOURCE);
        ctx.out(
          `tie-out: ${t.items} pembayaran, ${t.paid} dibayar (Rp${t.paid_amount.toLocaleString('id-ID')}), ${t.failed} gagal, ${t.pending} menunggu — ${t.ok ? 'cocok / ok' : 'TIDAK COCOK / MISMATCH'}`,
        );
        if (!t.ok) throw new ExitCode(1);
      } finally {
        await deps.handle.close();
      }
    });
  reg
    .command('agent-commission-rebatch')
    .description("Re-batch failed commission payments to the agents' current accounts")
    .action(async () => {
      const deps = await ctx.open();
      try {
        const made = await rebatchCommissionFailures(deps.db, SYSTEM);
        ctx.out(`${made.length} batch, ${made.reduce((s, b) => s + b.row_count, 0)} baris / rows`);
      } finally {
        await deps.handle.close();
      }
    });
  bankResultsCommand(reg, ctx, {
    name: 'agent-commission-results',
    description: 'Import the bank result CSV of commission payments (reference,status,paid_on,amount,note)',
    kind: agentCommissionResultsJob.kind,
  });
  reg
    .command('agent-fraud')
    .description('Run the agent fraud checks (flags go to the partnership review queue)')
    .action(async () => {
      const deps = await ctx.open();
      try {
        ctx.out(JSON.stringify(await checkAgentFraud(deps.db, new Date().toISOString().slice(0, 10))));
      } finally {
        await deps.handle.close();
      }
    });
}
