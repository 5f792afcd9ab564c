import type { Command } from 'commander';
import { type CliContext, ExitCode } from '../../platform/cli-context.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { formatRupiah } from '../../platform/money.ts';
import { SYSTEM } from '../access/policy.ts';
import { writeErrorReport } from '../imports/report.ts';
import { reportJob, runJobFromCli, runUploadJobFromCli } from '../jobs/cli.ts';
import { PAYER_KINDS, type PayerKind } from './allocation.ts';
import type { importBankStatement } from './bank-import.ts';
import type { assessFines } from './fines.ts';
import { bankStatementJob, finesJob } from './jobs.ts';
import { recordPayment } from './payments.ts';
import { payerIdByNumber } from './scope.ts';

interface RecordOpts {
  reference: string;
  payerKind: string;
  payer: string;
  amount: string;
  paidOn: string;
}

function payerKindOf(v: string): PayerKind {
  if (!(PAYER_KINDS as readonly string[]).includes(v))
    throw new ValidationError(`--payer-kind: employer, participant atau sponsor (got "${v}")`);
  return v as PayerKind;
}

export function registerPaymentCommands(program: Command, ctx: CliContext): void {
  const payments = program.command('payments').description('Pembayaran iuran / contribution payments');
  payments
    .command('record')
    .description('Record one payment (idempotent by reference) and allocate it, oldest month first')
    .requiredOption('--reference <ref>', 'bank reference')
    .requiredOption('--payer-kind <kind>', 'employer | participant | sponsor')
    .requiredOption('--payer <number>', 'NPP (employer), KPJ (participant) or partner id (sponsor)')
    .requiredOption('--amount <rupiah>', 'whole rupiah')
    .requiredOption('--paid-on <YYYY-MM-DD>', "the bank's value date")
    .action(async (o: RecordOpts) => {
      const kind = payerKindOf(o.payerKind);
      if (!/^\d+$/.test(o.amount))
        throw new ValidationError(`--amount: rupiah bulat / whole rupiah (got "${o.amount}")`);
      const deps = await ctx.open();
      try {
        const payerId = await payerIdByNumber(deps.db, kind, o.payer);
        if (payerId === undefined)
          throw new NotFoundError(`--payer: ${kind} ${o.payer} tidak ditemukan / not found`);
        const r = await recordPayment(
          deps.db,
          {
            reference: o.reference,
            payer_kind: kind,
            payer_id: payerId,
            amount: Number(o.amount),
            paid_on: o.paidOn,
            source: 'cli',
          },
          SYSTEM,
          deps.clock,
        );
        ctx.out(
          r.created
            ? `pembayaran #${r.payment.id} dicatat / recorded`
            : `referensi sudah tercatat (#${r.payment.id}); tidak ada perubahan / already recorded, nothing changed`,
        );
        for (const a of r.allocations)
          ctx.out(
            `  tagihan/invoice #${a.invoice_id} ${a.target === 'fine' ? 'denda/fine' : 'iuran/contribution'}: ${formatRupiah(a.amount)}`,
          );
        ctx.out(`kredit / credit: ${formatRupiah(r.credit)}`);
      } finally {
        await deps.handle.close();
      }
    });

  payments
    .command('import <file>')
    .description(
      'Import a bank statement (CSV or XLSX, docs/bank-statement-format.md). Exit 1 when rows were rejected',
    )
    .option('--report <file>', 'write the error report (.csv or .xlsx)')
    .option('--detach', 'queue the import and print the job id instead of waiting')
    .action(async (file: string, o: { report?: string; detach?: boolean }) => {
      const deps = await ctx.open();
      try {
        const r = await runUploadJobFromCli<Awaited<ReturnType<typeof importBankStatement>>>(
          ctx,
          deps,
          file,
          bankStatementJob.kind,
          { detach: o.detach, label: 'rekening koran / bank statement' },
        );
        if (!r) return;
        ctx.out(
          `baris ${r.total}: dicatat ${r.recorded} (${formatRupiah(r.amount_recorded)}), sudah ada ${r.unchanged}, ditolak ${r.rejected}`,
        );
        for (const e of r.errors.slice(0, 20))
          ctx.out(`  baris ${e.line}, kolom ${e.column} [${e.code}]: ${e.message_id} / ${e.message_en}`);
        if (r.errors.length > 20) ctx.out(`  … dan ${r.errors.length - 20} galat lainnya`);
        if (o.report) {
          await writeErrorReport(o.report, r.errors);
          ctx.out(`laporan galat / error report: ${o.report}`);
        }
        if (r.rejected > 0) throw new ExitCode(1);
      } finally {
        await deps.handle.close();
      }
    });

  program
    .command('fines')
    .description('Denda keterlambatan / late-payment fines')
    .command('assess')
    .description('Assess fines for every late employer invoice (idempotent), then pay them from credit')
    .option('--as-of <YYYY-MM-DD>', 'assess as of this date (default today)')
    .option('--detach', 'queue the assessment and print the job id instead of waiting')
    .action(async (o: { asOf?: string; detach?: boolean }) => {
      const deps = await ctx.open();
      try {
        const job = await runJobFromCli(
          ctx,
          deps,
          finesJob.kind,
          { as_of: o.asOf },
          { detach: o.detach, label: 'denda / fines' },
        );
        if (o.detach) return;
        const r = (await reportJob(ctx, deps, job)) as Awaited<ReturnType<typeof assessFines>>;
        ctx.out(
          `per ${r.asOf}: ${r.created} denda baru / new fines on ${r.invoices} tagihan / invoices, ${formatRupiah(r.amount)}; ` +
            `${r.creditAllocations} dibayar dari kredit / paid from credit`,
        );
      } finally {
        await deps.handle.close();
      }
    });
}
