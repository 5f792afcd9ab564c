import { sql } from 'kysely';
import type { Database } from '../../platform/db.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { type Actor, presentNik, registryScope } from '../access/policy.ts';
import { getEmployer } from '../employers/queries.ts';
import { getParticipant } from '../workers/queries.ts';
import { payerCredit } from './allocation.ts';
import { statusHistory } from './status.ts';
import { workbook } from './xlsx.ts';

/**
 * Statements: per participant (each month's lines by program and payer share, whether the month's
 * invoices are paid, and the status the grace rule gives), and per employer (invoices with fines,
 * payments with what they paid, credit and balance). Read through the registry scope, so an employer
 * sees its own workers and itself, a branch officer its regions, a regional government nothing.
 */

export interface StatementLine {
  period: string;
  program: string;
  payer: string;
  amount: number;
  adjustment: boolean;
  invoice_id: number;
  invoice_status: string;
  payer_kind: string;
}

export async function participantStatement(db: Database, actor: Actor, participantId: number, asOf: string) {
  const p = await getParticipant(db, registryScope(actor), participantId);
  if (!p) throw new NotFoundError(`id: peserta ${participantId} tidak ditemukan / participant not found`);
  const lines = await sql<StatementLine>`
    select l.for_period as period, l.program, l.payer, l.amount, l.adjustment, i.id as invoice_id,
           i.status as invoice_status, i.payer_kind
    from contribution_lines l join invoices i on i.id = l.invoice_id
    where l.participant_id = ${participantId}
    order by l.for_period, l.adjustment, l.program, l.payer`.execute(db);
  const history = await statusHistory(db, participantId, { asOf });
  const status = new Map(history.months.map((m) => [m.period, m.status]));
  const byMonth = new Map<string, StatementLine[]>();
  for (const l of lines.rows) byMonth.set(l.period, [...(byMonth.get(l.period) ?? []), l]);
  const months = [...new Set([...byMonth.keys(), ...status.keys()])].sort().map((period) => {
    const ls = byMonth.get(period) ?? [];
    const charges = ls.filter((l) => !l.adjustment);
    return {
      period,
      lines: ls,
      total: ls.reduce((s, l) => s + Number(l.amount), 0),
      paid: charges.length > 0 && charges.every((l) => l.invoice_status === 'paid'),
      status: status.get(period) ?? 'inactive',
    };
  });
  const { nik, kpj, full_name, segment, province_name, regency_name } = presentNik(actor, p);
  return {
    participant: { id: p.id, nik, kpj, full_name, segment, province_name, regency_name },
    as_of: asOf,
    months,
    status_spans: history.spans,
  };
}

export async function employerStatement(db: Database, actor: Actor, employerId: number) {
  const e = await getEmployer(db, registryScope(actor), employerId);
  if (!e) throw new NotFoundError(`id: pemberi kerja ${employerId} tidak ditemukan / employer not found`);
  const invoices = await sql<{
    id: number;
    period: string;
    due_date: string;
    amount: number;
    adjustments: number;
    paid: number;
    status: string;
    paid_at: string | null;
    fines: number;
    fines_paid: number;
    fines_waived: number;
    outstanding: number;
  }>`
    select i.id, i.period, to_char(i.due_date, 'YYYY-MM-DD') as due_date, i.amount, i.adjustments, i.paid, i.status,
      to_char(i.paid_at, 'YYYY-MM-DD') as paid_at,
      coalesce(f.amount, 0)::bigint as fines, coalesce(f.paid, 0)::bigint as fines_paid,
      coalesce(f.waived, 0)::bigint as fines_waived,
      (greatest(i.amount + i.adjustments - i.paid, 0) + coalesce(f.owed, 0))::bigint as outstanding
    from invoices i
    left join lateral (
      select sum(amount) as amount, sum(paid) as paid,
        sum(amount - paid) filter (where waived) as waived,
        sum(amount - paid) filter (where not waived) as owed
      from fines where invoice_id = i.id) f on true
    where i.payer_kind = 'employer' and i.payer_id = ${employerId}
    order by i.period`.execute(db);
  const payments = await sql<{
    id: number;
    reference: string;
    paid_on: string;
    amount: number;
    source: string;
    allocated: number;
  }>`
    select p.id, p.reference, to_char(p.paid_on, 'YYYY-MM-DD') as paid_on, p.amount, p.source,
      coalesce((select sum(a.amount) from payment_allocations a where a.payment_id = p.id), 0)::bigint as allocated
    from payments p where p.payer_kind = 'employer' and p.payer_id = ${employerId}
    order by p.paid_on, p.id`.execute(db);
  const credit = await payerCredit(db, 'employer', employerId);
  const owed = invoices.rows.reduce((s, i) => s + Number(i.outstanding), 0);
  return {
    employer: {
      id: e.id,
      npp: e.npp,
      name: e.name,
      province_name: e.province_name,
      regency_name: e.regency_name,
    },
    invoices: invoices.rows,
    payments: payments.rows.map((p) => ({ ...p, unallocated: Number(p.amount) - Number(p.allocated) })),
    credit,
    owed,
    /** Positive: the employer owes; negative: Lindung holds its money as credit. */
    balance: owed - credit,
  };
}

const MONEY = { money: true, width: 14 };

export async function participantStatementXlsx(statement: Awaited<ReturnType<typeof participantStatement>>) {
  const p = statement.participant;
  const rows = statement.months.flatMap((m) =>
    m.lines.length
      ? m.lines.map((l) => ({ ...l, status: m.status, paid: m.paid ? 'lunas / paid' : 'belum / unpaid' }))
      : [{ period: m.period, status: m.status, paid: 'tidak ditagih / not billed' }],
  );
  return workbook([
    {
      name: 'Riwayat iuran',
      title: [`${p.full_name} — KPJ ${p.kpj} (${p.segment})`, `Per / as of ${statement.as_of}`],
      rows,
      columns: [
        { header: 'Periode / Period', key: 'period', width: 10 },
        { header: 'Program', key: 'program', width: 8 },
        { header: 'Penanggung / Share', key: 'payer', width: 12 },
        { header: 'Iuran / Amount', key: 'amount', ...MONEY },
        { header: 'Koreksi / Adjustment', key: 'adjustment', width: 10 },
        { header: 'Tagihan / Invoice', key: 'invoice_id', width: 10 },
        { header: 'Bayar / Paid', key: 'paid', width: 16 },
        { header: 'Status', key: 'status', width: 10 },
      ],
    },
  ]);
}

export async function employerStatementXlsx(statement: Awaited<ReturnType<typeof employerStatement>>) {
  const e = statement.employer;
  const title = [
    `${e.name} — NPP ${e.npp}`,
    `Tunggakan / owed Rp${statement.owed}; kredit / credit Rp${statement.credit}; saldo / balance Rp${statement.balance}`,
  ];
  return workbook([
    {
      name: 'Tagihan',
      title,
      rows: statement.invoices,
      columns: [
        { header: 'Periode / Period', key: 'period', width: 10 },
        { header: 'Jatuh tempo / Due', key: 'due_date', width: 12 },
        { header: 'Iuran / Amount', key: 'amount', ...MONEY },
        { header: 'Koreksi / Adjustments', key: 'adjustments', ...MONEY },
        { header: 'Dibayar / Paid', key: 'paid', ...MONEY },
        { header: 'Status', key: 'status', width: 9 },
        { header: 'Lunas pada / Paid on', key: 'paid_at', width: 12 },
        { header: 'Denda / Fines', key: 'fines', ...MONEY },
        { header: 'Denda dibayar / Fines paid', key: 'fines_paid', ...MONEY },
        { header: 'Denda dihapus / Waived', key: 'fines_waived', ...MONEY },
        { header: 'Sisa / Outstanding', key: 'outstanding', ...MONEY },
      ],
    },
    {
      name: 'Pembayaran',
      title,
      rows: statement.payments,
      columns: [
        { header: 'Referensi / Reference', key: 'reference', width: 20 },
        { header: 'Tanggal / Date', key: 'paid_on', width: 12 },
        { header: 'Jumlah / Amount', key: 'amount', ...MONEY },
        { header: 'Teralokasi / Allocated', key: 'allocated', ...MONEY },
        { header: 'Kredit / Unallocated', key: 'unallocated', ...MONEY },
        { header: 'Sumber / Source', key: 'source', width: 10 },
      ],
    },
  ]);
}
