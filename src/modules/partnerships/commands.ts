import type { Command } from 'commander';
import { type CliContext, ExitCode } from '../../platform/cli-context.ts';
import { createProgress } from '../../platform/progress.ts';
import { SYSTEM } from '../access/policy.ts';
import { createAgreement, renewAgreement, terminateAgreement } from './actions.ts';
import { importUnderAgreement } from './agreement-import.ts';
import { registerOperationCommands } from './commands-ops.ts';
import { ALL, byNumber, list, withDeps } from './commands-shared.ts';
import { attributeMembers } from './members.ts';
import { performance } from './performance.ts';
import { listAgreements } from './queries.ts';
import { agreementResults } from './results.ts';
import { AGREEMENT_KINDS, PAYERS } from './rules.ts';

export function registerPartnershipCommands(program: Command, ctx: CliContext): void {
  const p = program
    .command('partnerships')
    .description('Kemitraan: perjanjian, atribusi, penjangkauan / partnerships');

  p.command('list')
    .description('Agreements with status and results')
    .option('--status <s>')
    .option('--json')
    .action((o: { status?: string; json?: boolean }) =>
      withDeps(ctx, async (d, today) => {
        const items = (await listAgreements(d.db, ALL, today)).filter(
          (a) => !o.status || a.status === o.status,
        );
        const res = await agreementResults(d.db, items, today);
        if (o.json) return ctx.out(JSON.stringify(items.map((a) => ({ ...a, results: res.get(a.id) }))));
        for (const a of items) {
          const r = res.get(a.id)!;
          ctx.out(
            `${a.number.padEnd(34)} ${a.status.padEnd(10)} ${(a.partner_acronym ?? a.partner_name).padEnd(16)} terdaftar ${r.registered}, aktif ${r.active}, target ${a.target_people ?? '—'}`,
          );
        }
      }),
    );

  p.command('show <number>')
    .description('One agreement and its results (JSON)')
    .action((n: string) =>
      withDeps(ctx, async (d, today) => {
        const a = await byNumber(d, today, n);
        ctx.out(
          JSON.stringify(
            { agreement: a, results: (await agreementResults(d.db, [a], today)).get(a.id) },
            null,
            2,
          ),
        );
      }),
    );

  p.command('performance')
    .description('Agreement performance, sorted by gap')
    .option('--sort <key>', 'gap_to_target | gap_to_pace | registered | active', 'gap_to_target')
    .action((o: { sort: 'gap_to_target' }) =>
      withDeps(ctx, async (d, today) => {
        for (const r of await performance(d.db, ALL, today, { sort: o.sort, order: 'desc' }))
          ctx.out(
            `${r.number.padEnd(34)} terdaftar ${String(r.registered).padStart(6)} / target ${String(r.target_people ?? '—').padStart(6)}  kesenjangan ${r.gap_to_target ?? '—'} (laju ${r.gap_to_pace ?? '—'})`,
          );
      }),
    );

  p.command('alerts')
    .description('Agreements expiring (≤90 days) or expired. Exit 1 when any')
    .action(() =>
      withDeps(ctx, async (d, today) => {
        const items = (await listAgreements(d.db, ALL, today)).filter(
          (a) => a.status === 'expiring' || a.status === 'expired',
        );
        for (const a of items)
          ctx.out(`${a.status.padEnd(9)} ${a.number} (${a.partner_name}) berakhir / ends ${a.ends_on}`);
        if (items.length) throw new ExitCode(1);
      }),
    );

  p.command('create')
    .description('Record an agreement')
    .requiredOption('--number <n>')
    .requiredOption('--kind <k>', AGREEMENT_KINDS.join('|'))
    .requiredOption('--partner <acronym>')
    .requiredOption('--title <t>')
    .requiredOption('--starts <date>')
    .option('--ends <date>')
    .option('--signed <date>')
    .option('--target <n>')
    .option('--target-by <date>')
    .option('--payer <p>', PAYERS.join('|'), 'employer')
    .option('--ceiling <rupiah>')
    .option('--region <code>', 'repeatable', list)
    .option('--active')
    .action((o: Record<string, string | string[] | boolean | undefined>) =>
      withDeps(ctx, async (d) => {
        const partner = await d.db
          .selectFrom('partners')
          .select('id')
          .where('acronym', '=', String(o.partner))
          .executeTakeFirstOrThrow();
        const r = await createAgreement(
          d.db,
          {
            number: String(o.number),
            kind: o.kind as (typeof AGREEMENT_KINDS)[number],
            title: String(o.title),
            partner_id: partner.id,
            starts_on: String(o.starts),
            ends_on: (o.ends as string) ?? null,
            signed_on: (o.signed as string) ?? null,
            target_people: o.target ? Number(o.target) : null,
            target_by: (o.targetBy as string) ?? null,
            payer: o.payer as (typeof PAYERS)[number],
            budget_ceiling: o.ceiling ? Number(o.ceiling) : null,
            region_codes: (o.region as string[]) ?? [],
            state: o.active ? 'active' : 'draft',
          },
          SYSTEM,
        );
        ctx.out(`perjanjian / agreement #${r.id}`);
      }),
    );

  p.command('import <number> <file>')
    .description(
      'Import a member list under an agreement (registry import + attribution). Exit 1: rows rejected',
    )
    .option('--employer <npp>')
    .option('--dry-run')
    .action((n: string, file: string, o: { employer?: string; dryRun?: boolean }) =>
      withDeps(ctx, async (d, today) => {
        const a = await byNumber(d, today, n);
        const r = await importUnderAgreement(
          d.handle,
          a.id,
          { file, employerNpp: o.employer, dryRun: o.dryRun, progress: createProgress('impor') },
          SYSTEM,
          d.clock,
        );
        ctx.out(
          `baris ${r.total}: diterima ${r.accepted}, tidak berubah ${r.unchanged}, ditolak ${r.rejected}; dikaitkan / attributed ${r.attributed}, disponsori / sponsored ${r.sponsored}`,
        );
        if (r.newFlags) ctx.out(`tanda kecurangan baru / new fraud flags: ${JSON.stringify(r.newFlags)}`);
        for (const e of r.errors.slice(0, 20))
          ctx.out(`  baris ${e.line}, kolom ${e.column} [${e.code}]: ${e.message_id}`);
        if (r.rejected > 0) throw new ExitCode(1);
      }),
    );

  p.command('attribute <number>')
    .description("Attribute participants (NIK) or employers (NPP) to an agreement (officer's choice)")
    .option('--nik <nik>', 'repeatable', list)
    .option('--npp <npp>', 'repeatable', list)
    .action((n: string, o: { nik?: string[]; npp?: string[] }) =>
      withDeps(ctx, async (d, today) => {
        const a = await byNumber(d, today, n);
        const r = await attributeMembers(
          d.db,
          a.id,
          { via: 'officer', niks: o.nik, employerNpps: o.npp },
          SYSTEM,
          d.clock,
        );
        ctx.out(`dikaitkan / attributed: ${r.participants} peserta, ${r.employers} pemberi kerja`);
      }),
    );

  p.command('terminate <number>')
    .requiredOption('--on <date>')
    .requiredOption('--reason <text>')
    .action((n: string, o: { on: string; reason: string }) =>
      withDeps(ctx, async (d, today) => {
        const a = await terminateAgreement(d.db, (await byNumber(d, today, n)).id, o, SYSTEM, d.clock);
        ctx.out(`${a.number}: ${a.status}`);
      }),
    );

  p.command('renew <number>')
    .requiredOption('--new-number <n>')
    .requiredOption('--starts <date>')
    .option('--ends <date>')
    .option('--target <n>')
    .option('--target-by <date>')
    .action(
      (
        n: string,
        o: { newNumber: string; starts: string; ends?: string; target?: string; targetBy?: string },
      ) =>
        withDeps(ctx, async (d, today) => {
          const r = await renewAgreement(
            d.db,
            (await byNumber(d, today, n)).id,
            {
              number: o.newNumber,
              starts_on: o.starts,
              ends_on: o.ends ?? null,
              target_people: o.target ? Number(o.target) : null,
              target_by: o.targetBy ?? null,
            },
            SYSTEM,
            d.clock,
          );
          ctx.out(`perpanjangan / renewal #${r.id}`);
        }),
    );

  registerOperationCommands(p, ctx);
}
