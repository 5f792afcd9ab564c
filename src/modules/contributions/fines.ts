import { sql } from 'kysely';
import { type Clock, isoDate, isoDateWib } from '../../platform/clock.ts';
import type { Database } from '../../platform/db.ts';
import { AppError, ValidationError } from '../../platform/errors.ts';
import { recordAudit } from '../access/audit.ts';
import { type Actor, assertCan, SYSTEM } from '../access/policy.ts';
import { computeFine } from '../rules/contributions.ts';
import { applyCredit, payersWithCreditAndDebt } from './payments.ts';

export { decideWaiver, requestWaiver } from './waivers.ts';

/**
 * Late-payment fines (docs/rules-reference.md §2.7, §2.8): for every employer invoice past its due date, one `fines`
 * row per started month of delay, on the contribution still owed when that month began, at the rate
 * of the invoice's contribution month (2%, or 0.5% for months under PP 49/2020) read from the rules
 * module. Month k of delay starts the day after due_date + (k − 1) months, so paying one day late
 * costs one month. Each row is one line of THE rounding rule: round(base × rate), half up.
 *
 * Only employers are fined. No fine for BPU who pay for themselves was found (docs/rules-reference.md §2.7:
 * UNCONFIRMED — a BPU who stops paying becomes inactive instead); sponsors pay BPU contributions, so
 * the same applies to them; state bodies (penyelenggara negara) are outside the employer rule quoted.
 *
 * Set-based and idempotent: `unique (invoice_id, month_no)` makes a re-run add only months that have
 * started since. Fines are not recomputed when a payment with an earlier bank date is recorded after
 * the assessment; a waiver corrects such a case.
 */

export interface AssessResult {
  asOf: string;
  created: number;
  amount: number;
  invoices: number;
  /** Allocations made from payers' credit to the new fines. */
  creditAllocations: number;
}

/** The monthly fine rate of each contribution month, from the rules module's own calculator. */
function ratesFor(periods: string[]): Array<{ period: string; rate: string }> {
  const out: Array<{ period: string; rate: string }> = [];
  for (const period of periods) {
    try {
      const f = computeFine({ segment: 'PU', period, owed: 0n, monthsLate: 1 });
      out.push({ period, rate: f.ratePerMonth });
    } catch (e) {
      // A month before the fine parameter was in force (before July 2015) has no fine to apply.
      if (!(e instanceof AppError)) throw e;
    }
  }
  return out;
}

const CANDIDATES = (asOf: string) => sql`
  select i.id, i.period, i.due_date, i.amount + i.adjustments as total
  from invoices i join employers e on e.id = i.payer_id
  where i.payer_kind = 'employer' and not e.is_state_body and i.due_date < ${asOf}::date
    and (i.status <> 'paid' or i.paid_at::date > i.due_date)`;

async function insertFines(
  db: Database,
  asOf: string,
  rates: Array<{ period: string; rate: string }>,
  actor: Actor,
) {
  const values = sql.join(rates.map((r) => sql`(${r.period}::text, ${r.rate}::numeric)`));
  return sql<{ invoice_id: number; amount: number }>`
    with cand as (${CANDIDATES(asOf)}),
    months as (
      select c.id, c.period, c.total, k as month_no, (c.due_date + make_interval(months => k - 1))::date as boundary
      from cand c cross join lateral generate_series(1,
        (extract(year from ${asOf}::date)::int * 12 + extract(month from ${asOf}::date)::int)
        - (extract(year from c.due_date)::int * 12 + extract(month from c.due_date)::int) + 1) as k
    ),
    owed as (
      select m.id, m.period, m.month_no,
        m.total - coalesce((select sum(a.amount) from payment_allocations a join payments p on p.id = a.payment_id
                            where a.invoice_id = m.id and a.target = 'contribution' and p.paid_on <= m.boundary), 0) as base
      from months m where m.boundary < ${asOf}::date
    )
    insert into fines (invoice_id, month_no, base, rate, amount, created_by, created_by_name)
    select o.id, o.month_no, o.base, r.rate, round(o.base * r.rate)::bigint, ${actor.userId}::integer, ${actor.username}::text
    from owed o join (values ${values}) as r(period, rate) on r.period = o.period
    where o.base > 0
    on conflict (invoice_id, month_no) do nothing
    returning invoice_id, amount`.execute(db);
}

/** Assesses fines as of a date (default: today), then pays new fines from credit where there is some. */
export async function assessFines(
  db: Database,
  asOfInput: string | undefined,
  clock: Clock,
  actor: Actor = SYSTEM,
): Promise<AssessResult> {
  assertCan(actor, 'headoffice.operate');
  return assessFinesFor(db, asOfInput, clock, actor);
}

/**
 * The assessment itself, in the name of `actor` without a role check: for a caller that is already
 * authorised (the billing run, started by head office or its schedule, fines what fell due).
 */
export async function assessFinesFor(
  db: Database,
  asOfInput: string | undefined,
  clock: Clock,
  actor: Actor,
): Promise<AssessResult> {
  const today = isoDate(clock.now());
  const asOf = asOfInput ?? today;
  // "Not in the future" on the WIB calendar, the one the person typing the date lives by.
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || asOf > isoDateWib(clock.now()))
    throw new ValidationError(
      `as_of: tanggal YYYY-MM-DD, tidak di masa depan / a date not in the future (${asOf})`,
    );
  const periods = await sql<{
    period: string;
  }>`select distinct c.period from (${CANDIDATES(asOf)}) c`.execute(db);
  const rates = ratesFor(periods.rows.map((r) => r.period));
  const result: AssessResult = { asOf, created: 0, amount: 0, invoices: 0, creditAllocations: 0 };
  if (!rates.length) return result;
  const inserted = await db.transaction().execute(async (trx) => {
    const r = await insertFines(trx, asOf, rates, actor);
    result.created = r.rows.length;
    result.amount = r.rows.reduce((s, x) => s + Number(x.amount), 0);
    result.invoices = new Set(r.rows.map((x) => x.invoice_id)).size;
    await recordAudit(trx, actor, 'assess', 'fines', asOf, null, result);
    return r.rows;
  });
  if (inserted.length) {
    const fined = new Set(
      (
        await sql<{ payer_id: number }>`select distinct payer_id from invoices
          where id in (${sql.join(inserted.map((x) => sql`${x.invoice_id}::bigint`))})`.execute(db)
      ).rows.map((r) => r.payer_id),
    );
    for (const p of await payersWithCreditAndDebt(db)) {
      if (p.kind === 'employer' && fined.has(p.id))
        result.creditAllocations += (await applyCredit(db, p.kind, p.id, actor)).length;
    }
  }
  return result;
}
