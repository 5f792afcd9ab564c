import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { CliContext } from '../../platform/cli-context.ts';
import { ExitCode, withDeps } from '../../platform/cli-context.ts';
import { ValidationError } from '../../platform/errors.ts';
import { createProgress } from '../../platform/progress.ts';
import { SYSTEM } from '../access/policy.ts';
import { participantIdByKpj } from '../benefits/history.ts';
import {
  creditJhtContributions,
  jhtStatement,
  jhtStatementXlsx,
  postJhtDevelopment,
  reconcileJht,
} from '../benefits/jht.ts';
import { pensionBankResultsJob } from '../benefits/jobs.ts';
import {
  listPensionRuns,
  PENSION_SOURCE,
  pensionPayeeIds,
  rebatchPensionFailures,
  runPensions,
} from '../benefits/pensions.ts';
import { disbursementFile, listBatches, tieOutDisbursement } from '../disbursement/batches.ts';
import { bankResultsCommand } from '../disbursement/commands.ts';
import {
  batchApprovedClaims,
  decideClaim,
  type HeirEvent,
  rebatchClaimFailures,
  recordHeirEvent,
  verifyClaim,
} from './actions.ts';
import { claimsBankResultsJob } from './jobs.ts';
import { claimInScope, listClaims } from './queries.ts';

const rp = (n: number) => `Rp${n.toLocaleString('id-ID')}`;
const int = (v: string, name: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1)
    throw new ValidationError(`${name}: harus bilangan bulat positif / must be a positive whole number`);
  return n;
};

/** A terminal bar fed with (done, total) counts. */
function barProgress(label: string) {
  const bar = createProgress(label);
  let last = 0;
  return (done: number, total: number) => {
    if (last === 0) bar.total(total);
    bar.tick(done - last);
    last = done;
  };
}

/** `lindung claims …` (head office, as the system user) and `lindung jht …`. */
export function registerClaimsCommands(program: Command, ctx: CliContext): void {
  const claims = program.command('claims').description('Klaim manfaat / benefit claims');
  claims
    .command('list')
    .description('List claims (optionally by status)')
    .option('--status <status>', 'submitted|verified|approved|rejected|in_payment|paid')
    .action((o: { status?: string }) =>
      withDeps(ctx, async (deps) => {
        const r = await listClaims(deps.db, SYSTEM, { status: o.status, pageSize: 500 });
        ctx.out(
          `${r.total} klaim / claims: ${Object.entries(r.by_status)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')}`,
        );
        for (const c of r.items)
          ctx.out(
            `#${c.id} ${c.benefit}${c.kind ? `/${c.kind}` : ''} KPJ ${c.kpj} ${c.event_date} ${c.status}${c.amount !== null ? ` ${rp(c.amount)}` : ''}`,
          );
      }),
    );
  claims
    .command('show <id>')
    .description('A claim with its assessment explanation')
    .action((id: string) =>
      withDeps(ctx, async (deps) => {
        const c = await claimInScope(deps.db, SYSTEM, int(id, 'id'));
        ctx.out(`#${c.id} ${c.benefit} KPJ ${c.kpj} ${c.full_name} ${c.event_date} ${c.status}`);
        const a = c.assessment as {
          eligible: boolean;
          amount: number;
          result: { explanation: { steps: Array<{ label: string; calc: string }>; warnings: string[] } };
        } | null;
        if (!a) return ctx.out('belum diverifikasi / not verified yet');
        ctx.out(
          `layak / eligible: ${a.eligible ? 'ya / yes' : 'tidak / no'}; jumlah / amount ${rp(a.amount)}`,
        );
        for (const s of a.result.explanation.steps) ctx.out(`  ${s.label}: ${s.calc}`);
        for (const w of a.result.explanation.warnings) ctx.out(`  ! ${w}`);
      }),
    );
  claims
    .command('verify <id>')
    .description('Verify a claim: eligibility and amount from the member history')
    .action((id: string) =>
      withDeps(ctx, async (deps) => {
        const a = await verifyClaim(deps.db, int(id, 'id'), SYSTEM);
        ctx.out(`layak / eligible: ${a.eligible ? 'ya / yes' : 'tidak / no'}; ${rp(a.amount)}`);
      }),
    );
  claims
    .command('reject <id> <reason>')
    .description('Reject a claim with a reason code (the system user never verifies, so maker-checker holds)')
    .option('--note <text>')
    .action((id: string, reason: string, o: { note?: string }) =>
      withDeps(ctx, async (deps) => {
        await decideClaim(
          deps.db,
          int(id, 'id'),
          { outcome: 'rejected', reason_code: reason, note: o.note ?? null },
          SYSTEM,
        );
        ctx.out(`klaim #${id} ditolak / rejected (${reason})`);
      }),
    );
  const pay = claims.command('pay').description('Payment batches for approved claims');
  pay
    .command('batch')
    .description('Batch every approved claim (one file per bank) and write the files to --out')
    .option('--out <dir>', 'directory for the bank files', '.')
    .action((o: { out: string }) =>
      withDeps(ctx, async (deps) => {
        const made = await batchApprovedClaims(deps.db, SYSTEM);
        fs.mkdirSync(o.out, { recursive: true });
        for (const b of made) {
          const f = await disbursementFile(deps.db, b.id, async (ids) => {
            const rows = await deps.db
              .selectFrom('claims as c')
              .innerJoin('participants as p', 'p.id', 'c.participant_id')
              .leftJoin('related_persons as r', 'r.id', 'c.payee_related_id')
              .select(['c.id', 'p.nik', 'r.nik as heir_nik'])
              .where('c.id', 'in', ids)
              .execute();
            return new Map(rows.map((r) => [r.id, r.heir_nik ?? r.nik]));
          });
          fs.writeFileSync(path.join(o.out, f.fileName), f.content);
          ctx.out(`batch ${b.id} ${b.channel}: ${f.count} baris / rows, ${rp(f.total)} → ${f.fileName}`);
        }
        if (!made.length) ctx.out('tidak ada klaim disetujui / no approved claims');
      }),
    );
  pay
    .command('rebatch')
    .description('Re-batch failed claim payments')
    .action(() =>
      withDeps(ctx, async (deps) => {
        const made = await rebatchClaimFailures(deps.db, SYSTEM);
        ctx.out(`${made.length} batch, ${made.reduce((s, b) => s + b.row_count, 0)} baris / rows`);
      }),
    );
  bankResultsCommand(pay, ctx, {
    name: 'results',
    description: 'Import a bank result CSV (reference,status,paid_on,amount,note)',
    kind: claimsBankResultsJob.kind,
  });
  pay
    .command('status')
    .description('Batches and tie-out')
    .action(() =>
      withDeps(ctx, async (deps) => {
        for (const b of await listBatches(deps.db, 'claims'))
          ctx.out(
            `batch ${b.id} ${b.channel} A${b.attempt}: ${b.row_count} baris, ${rp(b.total_amount)}; dibayar ${b.paid}, gagal ${b.failed}, menunggu ${b.pending}`,
          );
        const t = await tieOutDisbursement(deps.db, 'claims');
        ctx.out(
          `tie-out: ${t.ok ? 'OK' : 'SELISIH / MISMATCH'} (${t.paid} dibayar / paid ${rp(t.paid_amount)})`,
        );
        if (!t.ok) throw new ExitCode(1);
      }),
    );

  claims
    .command('heir-event <relatedId> <event> <date>')
    .description(
      "Record an event that ends an heir's survivor pension: remarriage (widow/widower), marriage or work (child), death",
    )
    .option('--note <text>')
    .action((relatedId: string, event: string, date: string, o: { note?: string }) =>
      withDeps(ctx, async (deps) => {
        const events = ['remarriage', 'marriage', 'work', 'death'];
        if (!events.includes(event))
          throw new ValidationError(
            `event: harus salah satu dari ${events.join(', ')} / must be one of ${events.join(', ')} (got "${event}")`,
          );
        const r = await recordHeirEvent(
          deps.db,
          {
            related_person_id: int(relatedId, 'relatedId'),
            event: event as HeirEvent,
            event_date: date,
            note: o.note ?? null,
          },
          SYSTEM,
          deps.clock,
        );
        ctx.out(
          `ahli waris #${r.related_person_id}: ${r.event} ${r.event_date} dicatat; pensiun berhenti mulai bulan berikutnya / recorded; the pension stops from the next month`,
        );
      }),
    );

  // JP pensions in payment: the monthly run, its bank files, results and re-batch (benefits/pensions.ts).
  const pensions = claims.command('pensions').description('Pensiun JP / JP pensions in payment');
  pensions
    .command('run <period>')
    .description('Pay the JP pensions of a month YYYY-MM (resumable; a month is paid once)')
    .action((period: string) =>
      withDeps(ctx, async (deps) => {
        const r = await runPensions(deps, { period }, { progress: barProgress(`JP ${period}`) });
        ctx.out(
          r.alreadyDone
            ? `${r.period}: sudah dibayar sebelumnya / already paid — ${r.payments} pembayaran / payments, ${rp(r.amount)}`
            : `${r.period}: ${r.payments} pembayaran / payments, ${rp(r.amount)}, ${r.batches} batch`,
        );
      }),
    );
  pensions
    .command('status')
    .description('Monthly runs, pension batches and tie-out; --out writes the bank files')
    .option('--out <dir>', 'directory for the bank files')
    .action((o: { out?: string }) =>
      withDeps(ctx, async (deps) => {
        for (const r of await listPensionRuns(deps.db))
          ctx.out(
            `${r.period} ${r.status === 'done' ? 'selesai / done' : 'berjalan / running'}: ${r.payments} pembayaran / payments, ${rp(r.amount)}, ${r.batches} batch`,
          );
        if (o.out) fs.mkdirSync(o.out, { recursive: true });
        for (const b of await listBatches(deps.db, PENSION_SOURCE)) {
          let written = '';
          if (o.out) {
            const f = await disbursementFile(deps.db, b.id, (ids) => pensionPayeeIds(deps.db, ids));
            fs.writeFileSync(path.join(o.out, f.fileName), f.content);
            written = ` → ${f.fileName}`;
          }
          ctx.out(
            `batch ${b.id} ${b.channel} A${b.attempt}: ${b.row_count} baris, ${rp(b.total_amount)}; dibayar ${b.paid}, gagal ${b.failed}, menunggu ${b.pending}${written}`,
          );
        }
        const t = await tieOutDisbursement(deps.db, PENSION_SOURCE);
        ctx.out(
          `tie-out: ${t.ok ? 'OK' : 'SELISIH / MISMATCH'} (${t.paid} dibayar / paid ${rp(t.paid_amount)})`,
        );
        if (!t.ok) throw new ExitCode(1);
      }),
    );
  pensions
    .command('rebatch')
    .description('Re-batch failed pension payments')
    .action(() =>
      withDeps(ctx, async (deps) => {
        const made = await rebatchPensionFailures(deps.db, SYSTEM);
        ctx.out(`${made.length} batch, ${made.reduce((s, b) => s + b.row_count, 0)} baris / rows`);
      }),
    );
  bankResultsCommand(pensions, ctx, {
    name: 'results',
    description: 'Import a bank result CSV for pension payments (reference,status,paid_on,amount,note)',
    kind: pensionBankResultsJob.kind,
  });

  const jht = program.command('jht').description('Rekening JHT / JHT accounts');
  jht
    .command('statement <kpj>')
    .description('The JHT statement of a member on a date')
    .requiredOption('--as-of <date>', 'YYYY-MM-DD')
    .option('--xlsx <file>', 'also write the statement as XLSX')
    .action((kpj: string, o: { asOf: string; xlsx?: string }) =>
      withDeps(ctx, async (deps) => {
        const id = await participantIdByKpj(deps.db, { kind: 'all' }, kpj);
        const s = await jhtStatement(deps.db, { kind: 'all' }, id, o.asOf);
        ctx.out(`JHT KPJ ${s.participant.kpj} ${s.participant.full_name} per ${s.as_of}: ${rp(s.balance)}`);
        for (const y of s.years)
          ctx.out(
            `  ${y.year}: awal ${rp(y.opening)} + pemberi kerja ${rp(y.employer)} + pekerja ${rp(y.worker)} + pengembangan ${rp(y.development)}${y.rate ? ` (${y.rate}${y.unconfirmed ? ', BELUM TERKONFIRMASI / UNCONFIRMED' : ''})` : ''} − dibayar ${rp(y.withdrawals)} = ${rp(y.closing)}`,
          );
        if (o.xlsx) fs.writeFileSync(o.xlsx, await jhtStatementXlsx(s));
      }),
    );
  jht
    .command('credit')
    .description('Credit the JHT lines of every paid invoice not yet credited (resumable)')
    .action(() =>
      withDeps(ctx, async (deps) => {
        const r = await creditJhtContributions(deps, {}, { progress: barProgress('JHT credit') });
        ctx.out(`${r.invoices} tagihan / invoices, ${r.entries} entri, ${rp(r.amount)}`);
      }),
    );
  jht
    .command('develop <year>')
    .description("Post a year's development (hasil pengembangan) at its declared rate (resumable)")
    .action((year: string) =>
      withDeps(ctx, async (deps) => {
        const r = await postJhtDevelopment(
          deps,
          { year: Number(year) },
          { progress: barProgress(`JHT ${year}`) },
        );
        ctx.out(
          `${r.year}: ${r.rate}${r.unconfirmed ? ' BELUM TERKONFIRMASI / UNCONFIRMED' : ''} — ${r.accounts} rekening, ${rp(r.amount)}${r.alreadyDone ? ' (sudah / already done)' : ''}`,
        );
      }),
    );
  jht
    .command('reconcile')
    .description('Sum of accounts = credits + development − payouts')
    .action(() =>
      withDeps(ctx, async (deps) => {
        const r = await reconcileJht(deps.db);
        for (const c of r.checks) ctx.out(`${c.ok ? 'OK ' : 'X  '} ${c.name}: ${c.left} = ${c.right}`);
        if (!r.ok) throw new ExitCode(1);
      }),
    );
}
