import { sql } from 'kysely';
import type { Database } from '../../platform/db.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { parsePeriod } from '../../platform/period.ts';
import { recordAudit } from '../access/audit.ts';
import type { Actor } from '../access/policy.ts';
import {
  aggregateScope,
  can,
  canSeeNik,
  maskNik,
  regionIn,
  registryScope,
  scopeRegions,
} from '../access/policy.ts';
import { budgetLimits } from './budget.ts';
import { monthsLeft } from './budget-rules.ts';
import { type AgreementScope, agreementFilter, agreementScope, personLevel } from './scope.ts';

/**
 * Sponsor budgets by budget year (ceiling, top-ups, carry-over), their state and runway, and the sponsor's
 * monthly invoice with the people it covers. docs/decisions/0014-regional-sponsors.md
 */

/**
 * The sponsor agreement, if the actor may manage its budget: managers, the sponsor's own partner user, or
 * a regional government (sponsor.regional) for an APBD agreement whose sponsor is that government itself:
 * a regional-government partner of one of the actor's own regions. Seeing an agreement (its region
 * overlaps the actor's) is not enough: a regency does not fund its province's budget, nor the reverse.
 */
async function budgetAgreement(db: Database, agreementId: number, actor: Actor) {
  const own = scopeRegions(aggregateScope(actor)) ?? [];
  const a = await sql<{
    id: number;
    partner_id: number;
    payer: string;
    partner_type: string;
    own_government: boolean;
    visible: boolean;
  }>`
    select a.id, a.partner_id, a.payer, pt.type as partner_type,
      (pt.type = 'regional_government' and pt.region_code = any(${own}::text[])) as own_government,
      ${agreementFilter(agreementScope(actor))} as visible
    from agreements a join partners pt on pt.id = a.partner_id where a.id = ${agreementId}`.execute(db);
  const row = a.rows[0];
  if (!row?.visible)
    throw new NotFoundError(`agreement: perjanjian ${agreementId} tidak ditemukan / agreement not found`);
  const scope = registryScope(actor);
  const ok =
    can(actor, 'agreements.manage') ||
    (scope.kind === 'partner' && scope.partnerId === row.partner_id) ||
    (can(actor, 'sponsor.regional') && row.own_government);
  if (!ok) throw new ForbiddenError();
  if (row.payer !== 'sponsor')
    throw new ValidationError(
      'agreement: perjanjian ini bukan perjanjian sponsor iuran / not a sponsor agreement',
    );
  return row;
}

export interface BudgetYearBody {
  year: number;
  ceiling: number;
  carry_over?: boolean;
  reference?: string | null;
}

/** Sets (or changes) one budget year's ceiling and carry-over. */
export async function setBudgetYear(db: Database, agreementId: number, i: BudgetYearBody, actor: Actor) {
  await budgetAgreement(db, agreementId, actor);
  return db.transaction().execute(async (trx) => {
    const before =
      await sql`select * from sponsor_budget_years where agreement_id = ${agreementId} and year = ${i.year}`.execute(
        trx,
      );
    await sql`insert into sponsor_budget_years (agreement_id, year, ceiling, carry_over, reference, created_by)
      values (${agreementId}, ${i.year}, ${i.ceiling}, ${i.carry_over ?? false}, ${i.reference ?? null}, ${actor.userId})
      on conflict (agreement_id, year) do update set ceiling = excluded.ceiling, carry_over = excluded.carry_over,
        reference = excluded.reference`.execute(trx);
    await recordAudit(
      trx,
      actor,
      'set_budget_year',
      'agreement',
      String(agreementId),
      before.rows[0] ?? null,
      i,
    );
    return { agreement_id: agreementId, year: i.year };
  });
}

/** Adds a top-up to a budgeted year. */
export async function addBudgetTopup(
  db: Database,
  agreementId: number,
  i: { year: number; amount: number; decided_on: string; reference?: string | null },
  actor: Actor,
) {
  await budgetAgreement(db, agreementId, actor);
  return db.transaction().execute(async (trx) => {
    const y =
      await sql`select 1 from sponsor_budget_years where agreement_id = ${agreementId} and year = ${i.year}`.execute(
        trx,
      );
    if (!y.rows.length)
      throw new ValidationError(
        `year: tahun anggaran ${i.year} belum ditetapkan untuk perjanjian ini / budget year ${i.year} is not set for this agreement`,
      );
    const r = await sql<{
      id: number;
    }>`insert into sponsor_budget_topups (agreement_id, year, amount, decided_on, reference, created_by)
      values (${agreementId}, ${i.year}, ${i.amount}, ${i.decided_on}::date, ${i.reference ?? null}, ${actor.userId}) returning id`.execute(
      trx,
    );
    await recordAudit(trx, actor, 'add_budget_topup', 'agreement', String(agreementId), null, i);
    return { id: r.rows[0]!.id };
  });
}

/** An agreement visible to `scope`, or not found. */
async function visibleAgreement(db: Database, scope: AgreementScope, id: number) {
  const r = await sql<{ id: number; number: string; partner_id: number; partner_name: string }>`
    select a.id, a.number, a.partner_id, pt.name as partner_name from agreements a join partners pt on pt.id = a.partner_id
    where a.id = ${id} and ${agreementFilter(scope)}`.execute(db);
  if (!r.rows[0])
    throw new NotFoundError(`agreement: perjanjian ${id} tidak ditemukan / agreement not found`);
  return r.rows[0];
}

/**
 * The budget of an agreement as of `period`: per budget year (ceiling, top-ups, carried in, used,
 * remaining), this period's monthly cost, and the months it still pays at that cost.
 */
export async function budgetStatus(
  db: Database,
  scope: AgreementScope,
  agreementId: number,
  periodIn: string,
) {
  const period = parsePeriod(periodIn);
  const a = await visibleAgreement(db, scope, agreementId);
  const lim = (await budgetLimits(db, [agreementId], period)).get(agreementId) ?? null;
  const m = await sql<{ monthly: string; billable: number; over: number }>`
    select coalesce(sum(cost) filter (where status = 'billable'), 0)::text as monthly,
      count(*) filter (where status = 'billable')::int as billable, count(*) filter (where status = 'over_budget')::int as over
    from sponsorship_decisions where agreement_id = ${agreementId} and period = ${period}`.execute(db);
  const thisMonth = await sql<{ used: string }>`
    select coalesce(sum(cl.amount), 0)::text as used from contribution_lines cl
    join invoices i on i.id = cl.invoice_id and i.payer_kind = 'sponsor' and i.payer_id = ${a.partner_id}
    where cl.for_period = ${period} and exists (select 1 from sponsorships s where s.agreement_id = ${agreementId}
      and s.participant_id = cl.participant_id and s.from_period <= cl.for_period
      and (s.to_period is null or s.to_period >= cl.for_period))`.execute(db);
  const monthly = BigInt(m.rows[0]!.monthly) || BigInt(thisMonth.rows[0]!.used);
  const notice = await sql<{ message_id: string; message_en: string; months_left: number }>`
    select message_id, message_en, months_left from sponsor_budget_notices where agreement_id = ${agreementId}
    and period = ${period}`.execute(db);
  const year = Number(period.slice(0, 4));
  const cur = lim?.years.find((y) => y.year === year);
  const available = lim ? (cur ? cur.available : lim.cap) : null;
  let remaining: bigint | null = null;
  if (lim) {
    const usedSql = await sql<{ used: string }>`
      select coalesce(sum(cl.amount), 0)::text as used from contribution_lines cl
      join invoices i on i.id = cl.invoice_id and i.payer_kind = 'sponsor' and i.payer_id = ${a.partner_id}
      where cl.for_period between ${lim.from} and ${lim.to} and exists (select 1 from sponsorships s where s.agreement_id = ${agreementId}
        and s.participant_id = cl.participant_id and s.from_period <= cl.for_period
        and (s.to_period is null or s.to_period >= cl.for_period))`.execute(db);
    const spent = BigInt(usedSql.rows[0]!.used);
    remaining = lim.cap > spent ? lim.cap - spent : 0n;
  }
  return {
    agreement: a,
    period,
    years: (lim?.years ?? []).map((y) => ({
      year: y.year,
      ceiling: Number(y.ceiling),
      topups: Number(y.topups),
      carried_in: Number(y.carriedIn),
      available: Number(y.available),
      used: Number(y.used),
      remaining: Number(y.remaining),
    })),
    available: available === null ? null : Number(available),
    remaining: remaining === null ? null : Number(remaining),
    monthly_cost: Number(monthly),
    months_left: remaining === null ? null : monthsLeft(remaining, monthly),
    people_billable: m.rows[0]!.billable,
    people_over_budget: m.rows[0]!.over,
    notice: notice.rows[0] ?? null,
  };
}

/**
 * A sponsor's invoice for a month: totals per program and, for readers allowed person-level data (the
 * sponsor itself, head office, the branch offices of the people), the list of covered people with what
 * the sponsor pays for each. Regional governments get the totals only (they see aggregates, never people).
 */
export async function sponsorInvoice(db: Database, actor: Actor, partnerId: number, periodIn: string) {
  const period = parsePeriod(periodIn);
  const scope = agreementScope(actor);
  const vis = await sql<{ id: number; name: string }>`
    select pt.id, pt.name from partners pt where pt.id = ${partnerId}
      and (${scope.kind === 'all'} or (${scope.kind === 'partner'} and pt.id = ${scope.kind === 'partner' ? scope.partnerId : 0})
        or (${scope.kind === 'regions'} and exists (select 1 from agreements a where a.partner_id = pt.id and ${agreementFilter(scope)})))`.execute(
    db,
  );
  if (!vis.rows[0])
    throw new NotFoundError(`partner: mitra ${partnerId} tidak ditemukan / partner not found`);
  const inv = await sql<{ id: number; amount: string; due_date: string; status: string }>`
    select id, amount::text, to_char(due_date, 'YYYY-MM-DD') as due_date, status from invoices
    where payer_kind = 'sponsor' and payer_id = ${partnerId} and period = ${period}`.execute(db);
  const invoice = inv.rows[0];
  if (!invoice)
    throw new NotFoundError(
      `invoice: belum ada tagihan sponsor untuk periode ${period} / no sponsor invoice for ${period}`,
    );
  const byProgram = await sql<{ program: string; people: number; amount: string }>`
    select program, count(distinct participant_id)::int as people, sum(amount)::text as amount
    from contribution_lines where invoice_id = ${invoice.id} group by 1 order by 1`.execute(db);
  const people = await sql<{ participant_id: number; count: number }>`
    select count(distinct participant_id)::int as count, 0 as participant_id from contribution_lines where invoice_id = ${invoice.id}`.execute(
    db,
  );
  // Reaching here: head office, the auditor, branch officers, the sponsor itself, regional governments.
  const listed = personLevel(actor);
  let covered: Array<{
    kpj: string;
    nik: string;
    full_name: string;
    village_code: string;
    programs: Record<string, number>;
    total: number;
  }> = [];
  if (listed) {
    const rs = registryScope(actor);
    const branch = rs.kind === 'regions' ? rs.codes : null;
    const r = await sql<{
      kpj: string;
      nik: string;
      full_name: string;
      village_code: string;
      programs: Record<string, number>;
      total: string;
    }>`
      select p.kpj, p.nik, p.full_name, p.village_code, jsonb_object_agg(l.program, l.amount) as programs, sum(l.amount)::text as total
      from contribution_lines l join participants p on p.id = l.participant_id
      where l.invoice_id = ${invoice.id}
        and (${branch === null} or ${regionIn(sql.ref('p.village_code'), branch ?? [])})
      group by p.id order by p.full_name, p.kpj`.execute(db);
    const see = canSeeNik(actor);
    covered = r.rows.map((x) => ({ ...x, nik: see ? x.nik : maskNik(x.nik), total: Number(x.total) }));
  }
  return {
    partner: vis.rows[0],
    period,
    invoice: {
      id: invoice.id,
      amount: Number(invoice.amount),
      due_date: invoice.due_date,
      status: invoice.status,
    },
    people: people.rows[0]!.count,
    programs: byProgram.rows.map((x) => ({ program: x.program, people: x.people, amount: Number(x.amount) })),
    covered: listed ? covered : null,
  };
}
