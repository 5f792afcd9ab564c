import { type RawBuilder, sql } from 'kysely';
import type { Database } from '../../platform/db.ts';
import { ForbiddenError } from '../../platform/errors.ts';
import { type Actor, aggregateScope, can, inScope, registryScope } from '../access/policy.ts';
import { workbook } from './xlsx.ts';

/**
 * Arrears of employers: what is owed on their invoices, aged by days past the due date, plus unpaid
 * fines. Self-paying BPU are not in arrears: a BPU who stops paying becomes inactive and owes nothing
 * (docs/rules-reference.md §2.7); sponsors' debts belong to the partnership follow-up.
 */

export type ArrearsLevel = 'employer' | 'branch' | 'province' | 'regency';
export const ARREARS_LEVELS: readonly ArrearsLevel[] = ['employer', 'branch', 'province', 'regency'];

export interface AgeingRow {
  key: string;
  name: string;
  employers: number;
  invoices: number;
  current: number;
  d1_30: number;
  d31_60: number;
  d61_90: number;
  d90_plus: number;
  fines: number;
  total: number;
}

/**
 * Which employers (alias e) an actor may see arrears of, from the access policy: the worklist (employers
 * to chase, by name) for roles with unsuppressed aggregates; employer rows inside the registry scope for
 * roles that read payers; region-level totals only, inside the aggregate scope, for a regional government.
 */
function employerCondition(actor: Actor, level: ArrearsLevel | 'worklist'): RawBuilder<boolean> {
  if (level === 'worklist' && !can(actor, 'aggregates.unsuppressed')) throw new ForbiddenError();
  if (can(actor, 'payers.read')) return inScope(registryScope(actor), 'employer', 'e');
  if (level !== 'employer' && can(actor, 'aggregates.read'))
    return inScope(aggregateScope(actor), 'employer', 'e');
  throw new ForbiddenError();
}

/** Every employer invoice with something owed (contribution or fine), its age in days as of asOf. */
function owedInvoices(asOf: string, where: RawBuilder<boolean>): RawBuilder<unknown> {
  return sql`
    select i.id, i.payer_id as employer_id, i.period, i.due_date,
      greatest(i.amount + i.adjustments - i.paid, 0) as owed,
      (${asOf}::date - i.due_date) as days,
      coalesce((select sum(f.amount - f.paid) from fines f where f.invoice_id = i.id and not f.waived), 0) as fines
    from invoices i join employers e on e.id = i.payer_id
    where i.payer_kind = 'employer' and ${where}
      and (i.status <> 'paid' or exists (select 1 from fines f where f.invoice_id = i.id and not f.waived and f.amount > f.paid))`;
}

const GROUPS: Record<ArrearsLevel, { key: string; name: string; join: string }> = {
  employer: { key: 'e.npp', name: 'e.name', join: '' },
  branch: {
    key: "coalesce(b.code, '-')",
    name: "coalesce(b.name, 'Tanpa kantor cabang / no branch office')",
    join: 'left join branch_offices b on b.id = e.branch_office_id',
  },
  province: { key: 'e.province_code', name: 'r.name', join: 'join regions r on r.code = e.province_code' },
  regency: { key: 'e.regency_code', name: 'r.name', join: 'join regions r on r.code = e.regency_code' },
};

/** Ageing buckets (current, 1–30, 31–60, 61–90, >90 days past due) per employer, branch or region. */
export async function arrearsAgeing(
  db: Database,
  actor: Actor,
  opts: { level: ArrearsLevel; asOf: string },
): Promise<AgeingRow[]> {
  const g = GROUPS[opts.level];
  const bucket = (cond: string) => sql.raw(`coalesce(sum(o.owed) filter (where ${cond}), 0)::bigint`);
  const r = await sql<AgeingRow>`
    select ${sql.raw(g.key)} as key, ${sql.raw(g.name)} as name,
      count(distinct o.employer_id)::int as employers,
      (count(*) filter (where o.owed > 0))::int as invoices,
      ${bucket('o.days <= 0')} as current,
      ${bucket('o.days between 1 and 30')} as d1_30,
      ${bucket('o.days between 31 and 60')} as d31_60,
      ${bucket('o.days between 61 and 90')} as d61_90,
      ${bucket('o.days > 90')} as d90_plus,
      coalesce(sum(o.fines), 0)::bigint as fines,
      (coalesce(sum(o.owed), 0) + coalesce(sum(o.fines), 0))::bigint as total
    from (${owedInvoices(opts.asOf, employerCondition(actor, opts.level))}) o
    join employers e on e.id = o.employer_id
    ${sql.raw(g.join)}
    group by 1, 2
    order by total desc, key`.execute(db);
  return r.rows;
}

export interface WorklistRow {
  employer_id: number;
  npp: string;
  name: string;
  village: string;
  regency: string;
  province: string;
  branch_office: string | null;
  contacts: string[];
  months_overdue: number;
  oldest_due: string;
  days_past_due: number;
  overdue: number;
  fines: number;
  total: number;
  last_payment_on: string | null;
}

/**
 * The branch officer's worklist: employers in the officer's regions with something past due, largest
 * and oldest first, with where they are and whom to contact (their employer-role users).
 */
export async function arrearsWorklist(
  db: Database,
  actor: Actor,
  opts: { asOf: string; limit?: number; offset?: number },
): Promise<WorklistRow[]> {
  return (await worklistRows(db, actor, opts)).map(({ rows_total: _t, ...w }) => w);
}

/** One page of the worklist with its total (the list and its CSV/XLSX). */
export async function pageArrearsWorklist(
  db: Database,
  actor: Actor,
  opts: { asOf: string; page: number; pageSize: number },
) {
  const rows = await worklistRows(db, actor, {
    asOf: opts.asOf,
    limit: opts.pageSize,
    offset: (opts.page - 1) * opts.pageSize,
  });
  return {
    as_of: opts.asOf,
    total: rows[0]?.rows_total ?? 0,
    items: rows.map(({ rows_total: _t, ...w }) => w),
  };
}

async function worklistRows(
  db: Database,
  actor: Actor,
  opts: { asOf: string; limit?: number; offset?: number },
) {
  const r = await sql<WorklistRow & { rows_total: number }>`
    with o as (${owedInvoices(opts.asOf, employerCondition(actor, 'worklist'))}),
    per as (
      select employer_id,
        (count(*) filter (where days > 0 and owed > 0))::int as months_overdue,
        to_char(min(due_date) filter (where days > 0), 'YYYY-MM-DD') as oldest_due,
        coalesce(max(days) filter (where days > 0), 0)::int as days_past_due,
        coalesce(sum(owed) filter (where days > 0), 0)::bigint as overdue,
        coalesce(sum(fines), 0)::bigint as fines
      from o group by employer_id
      having coalesce(sum(owed) filter (where days > 0), 0) + coalesce(sum(fines), 0) > 0
    )
    select count(*) over ()::int as rows_total, e.id as employer_id, e.npp, e.name, v.name as village, rg.name as regency, pr.name as province,
      b.name as branch_office,
      coalesce((select array_agg(u.full_name || ' (' || u.username || ')' order by u.id) from users u
                where u.employer_id = e.id and u.role = 'employer' and u.active), '{}') as contacts,
      per.months_overdue, per.oldest_due, per.days_past_due, per.overdue, per.fines,
      (per.overdue + per.fines)::bigint as total,
      (select to_char(max(p.paid_on), 'YYYY-MM-DD') from payments p
        where p.payer_kind = 'employer' and p.payer_id = e.id) as last_payment_on
    from per join employers e on e.id = per.employer_id
    join regions v on v.code = e.village_code
    join regions rg on rg.code = e.regency_code
    join regions pr on pr.code = e.province_code
    left join branch_offices b on b.id = e.branch_office_id
    order by total desc, per.days_past_due desc, e.npp
    limit ${opts.limit ?? 500} offset ${opts.offset ?? 0}`.execute(db);
  return r.rows;
}

const MONEY = { money: true, width: 16 };

/** Refuses (403) a role that has no arrears worklist, before any work is queued for it. */
export function assertWorklistAccess(actor: Actor): void {
  employerCondition(actor, 'worklist');
}

/** The worklist and the per-employer ageing, as one workbook for the branch office. */
export async function arrearsXlsx(db: Database, actor: Actor, asOf: string): Promise<Buffer> {
  const work = await arrearsWorklist(db, actor, { asOf, limit: 100_000 });
  const ageing = await arrearsAgeing(db, actor, { level: 'employer', asOf });
  const title = [
    `Tunggakan iuran / Contribution arrears — per ${asOf}`,
    `Pengguna / user: ${actor.username}`,
  ];
  return workbook([
    {
      name: 'Daftar kerja',
      title,
      rows: work,
      columns: [
        { header: 'NPP', key: 'npp', width: 12 },
        { header: 'Pemberi kerja / Employer', key: 'name', width: 32 },
        { header: 'Kab/Kota / Regency', key: 'regency', width: 22 },
        { header: 'Provinsi / Province', key: 'province', width: 20 },
        { header: 'Kantor cabang / Branch', key: 'branch_office', width: 20 },
        { header: 'Kontak / Contacts', key: 'contacts', width: 28 },
        { header: 'Bulan menunggak / Months overdue', key: 'months_overdue', width: 12 },
        { header: 'Jatuh tempo tertua / Oldest due', key: 'oldest_due', width: 14 },
        { header: 'Hari lewat / Days past due', key: 'days_past_due', width: 10 },
        { header: 'Iuran lewat tempo / Overdue', key: 'overdue', ...MONEY },
        { header: 'Denda / Fines', key: 'fines', ...MONEY },
        { header: 'Total', key: 'total', ...MONEY },
        { header: 'Bayar terakhir / Last payment', key: 'last_payment_on', width: 14 },
      ],
    },
    {
      name: 'Umur tunggakan',
      title,
      rows: ageing,
      columns: [
        { header: 'NPP', key: 'key', width: 12 },
        { header: 'Pemberi kerja / Employer', key: 'name', width: 32 },
        { header: 'Belum jatuh tempo / Current', key: 'current', ...MONEY },
        { header: '1–30 hari / days', key: 'd1_30', ...MONEY },
        { header: '31–60 hari / days', key: 'd31_60', ...MONEY },
        { header: '61–90 hari / days', key: 'd61_90', ...MONEY },
        { header: '>90 hari / days', key: 'd90_plus', ...MONEY },
        { header: 'Denda / Fines', key: 'fines', ...MONEY },
        { header: 'Total', key: 'total', ...MONEY },
      ],
    },
  ]);
}
