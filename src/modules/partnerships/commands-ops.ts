import type { Command } from 'commander';
import { type CliContext, ExitCode } from '../../platform/cli-context.ts';
import { SYSTEM } from '../access/policy.ts';
import { decideSponsorships } from './budget.ts';
import { ALL, byNumber, list, withDeps } from './commands-shared.ts';
import { seedPartnershipsDemo } from './demo.ts';
import { checkFraud } from './fraud.ts';
import { conversion, createCampaign, createVisit } from './outreach.ts';

/** `lindung partnerships …` for fraud checks, sponsor budgets, outreach and the demo. */
export function registerOperationCommands(p: Command, ctx: CliContext): void {
  p.command('check-fraud')
    .description('Run the fraud checks; prints new flags per kind. Exit 1 when any is new')
    .action(() =>
      withDeps(ctx, async (d) => {
        const r = await checkFraud(d.db);
        ctx.out(JSON.stringify(r));
        if (Object.values(r).some((n) => n > 0)) throw new ExitCode(1);
      }),
    );

  p.command('decide-budget <period>')
    .description('Decide sponsor budget ceilings for a period (run before billing)')
    .action((period: string) =>
      withDeps(ctx, async (d) => {
        const r = await decideSponsorships(d.db, period);
        ctx.out(
          `${period}: ditagihkan ke sponsor / billable ${r.billable}, melebihi plafon / over budget ${r.overBudget}`,
        );
      }),
    );

  p.command('campaign')
    .description('Record a campaign')
    .requiredOption('--kind <k>', 'socialisation|promotion|education')
    .requiredOption('--title <t>')
    .requiredOption('--region <code>')
    .requiredOption('--on <date>')
    .requiredOption('--reached <n>')
    .option('--agreement <number>')
    .option('--nik <nik>', 'registrations that followed (repeatable)', list)
    .action(
      (o: {
        kind: 'promotion';
        title: string;
        region: string;
        on: string;
        reached: string;
        agreement?: string;
        nik?: string[];
      }) =>
        withDeps(ctx, async (d, today) => {
          const agreement = o.agreement ? (await byNumber(d, today, o.agreement)).id : null;
          const r = await createCampaign(
            d.db,
            {
              kind: o.kind,
              title: o.title,
              region_code: o.region,
              held_on: o.on,
              reached: Number(o.reached),
              agreement_id: agreement,
              registered_niks: o.nik,
            },
            SYSTEM,
          );
          ctx.out(`kampanye / campaign #${r.id}`);
        }),
    );

  p.command('visit')
    .description('Record a door-to-door visit')
    .requiredOption('--region <code>')
    .requiredOption('--on <date>')
    .requiredOption('--reached <n>')
    .option('--agent <name>')
    .option('--officer <userId>')
    .option('--agreement <number>')
    .option('--nik <nik>', 'registrations that followed (repeatable)', list)
    .action(
      (o: {
        region: string;
        on: string;
        reached: string;
        agent?: string;
        officer?: string;
        agreement?: string;
        nik?: string[];
      }) =>
        withDeps(ctx, async (d, today) => {
          const agreement = o.agreement ? (await byNumber(d, today, o.agreement)).id : null;
          const r = await createVisit(
            d.db,
            {
              region_code: o.region,
              visited_on: o.on,
              reached: Number(o.reached),
              agent_name: o.agent ?? null,
              officer_id: o.officer ? Number(o.officer) : null,
              agreement_id: agreement,
              registered_niks: o.nik,
            },
            SYSTEM,
          );
          ctx.out(`kunjungan / visit #${r.id}`);
        }),
    );

  p.command('conversion')
    .description('Registered → paying')
    .option('--by <g>', 'officer|agent|campaign|agreement', 'agreement')
    .action((o: { by: 'agreement' }) =>
      withDeps(ctx, async (d) => {
        const r = await conversion(d.db, ALL, o.by, d.clock);
        for (const x of r.rows)
          ctx.out(
            `${x.label.padEnd(40)} ${String(x.registered).padStart(6)} → ${String(x.paying).padStart(6)} (${x.conversion_pct ?? '—'}%)`,
          );
        ctx.out(`dasar / basis: ${r.basis}`);
      }),
    );

  p.command('seed-demo')
    .description(
      'Synthetic agreements, attributions, campaigns and visits for the seeded partners (idempotent)',
    )
    .action(() =>
      withDeps(ctx, async (d) => {
        const r = await seedPartnershipsDemo(d.handle, d.clock);
        ctx.out(JSON.stringify(r));
      }),
    );
}
