import fs from 'node:fs';
import type { Command } from 'commander';
import type { CliContext } from '../../platform/cli-context.ts';
import { createProgress } from '../../platform/progress.ts';
import { SYSTEM } from '../access/policy.ts';
import { coverageScope } from '../coverage/scope.ts';
import { checkAgentFraud, commissionPayables, runAgentCommission } from './agents.ts';
import { planHtml, planXlsx } from './documents.ts';
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
      'Run (or resume) the monthly agent commission and print the payable lines (long work: becomes a job)',
    )
    .action(async (period: string) => {
      const deps = await ctx.open();
      try {
        const r = await runAgentCommission(
          deps.db,
          { period },
          { progress: createProgress(`komisi agen ${period}`) },
        );
        ctx.out(
          `Komisi ${r.period}: ${r.lines} bulan terbayar, Rp${r.total.toLocaleString('id-ID')}${r.already_done ? ' (sudah selesai)' : ''}`,
        );
        for (const p of await commissionPayables(deps.db, SYSTEM, period))
          ctx.out(
            `${p.code}  ${p.full_name}  ${p.bank_code ?? '-'} ${p.bank_account ?? '-'}  Rp${p.amount.toLocaleString('id-ID')}${p.payable ? '' : '  (TIDAK DAPAT DIBAYAR: rekening kosong)'}`,
          );
      } finally {
        await deps.handle.close();
      }
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
