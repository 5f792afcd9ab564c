import type { Command } from 'commander';
import type { CliContext } from '../../platform/cli-context.ts';
import { SYSTEM } from '../access/policy.ts';
import { coverageScope } from '../coverage/scope.ts';
import { governmentRanking } from './actions.ts';

export function registerGovernmentCommands(program: Command, ctx: CliContext): void {
  const gov = program
    .command('government')
    .description('Pemerintah daerah dan Inpres 2/2021 / regional governments');
  gov
    .command('ranking')
    .description('Print the scored ranking of provinces or regencies/cities (criteria file, weights ASSUMED)')
    .option('--category <c>', 'province | regency_city', 'province')
    .option('--top <n>', 'rows to print', '15')
    .action(async (o: { category: string; top: string }) => {
      const deps = await ctx.open();
      try {
        const category = o.category === 'regency_city' ? 'regency_city' : 'province';
        const r = await governmentRanking(deps.db, coverageScope(SYSTEM, deps.config.minCellSize), category);
        ctx.out(`${r.criteria.title_id} (${r.criteria.id}); ${r.total_ranked} dinilai / scored`);
        for (const row of r.rows.slice(0, Number(o.top))) {
          const parts = row.score.criteria.map((c) => `${c.key} ${c.value}×${c.weight}`).join(', ');
          ctx.out(
            `${String(row.rank).padStart(3)}. ${row.score.score.toFixed(2).padStart(6)}  ${row.addressee.name}  [${parts}]`,
          );
        }
      } finally {
        await deps.handle.close();
      }
    });
}
