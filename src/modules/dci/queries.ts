import { type RawBuilder, sql } from 'kysely';
import { isoDate } from '../../platform/clock.ts';
import type { Database } from '../../platform/db.ts';
import { addMonths, periodOf } from '../../platform/period.ts';
import { inScope, type Scope } from '../access/policy.ts';
import { dueDate } from '../contributions/due.ts';
import { type Condition, type Filter, type PersonRow, QUERY_ATTRIBUTES } from './rules.ts';

/**
 * The moment a search is evaluated at. Active follows decision 0005 exactly (contributions/status.ts):
 * the month paid, or in grace (billed and not yet due; or not billed yet, the previous month paid or
 * not yet due, or registered this month — and today not past the month's deadline).
 */
export interface AsOf {
  today: string;
  period: string;
  previous: string;
  /** the deadline the current month will have, for employer-paid and for BPU participants */
  deadlineEmployer: string;
  deadlineBpu: string;
}
export function asOfDate(d: Date): AsOf {
  const today = isoDate(d);
  const period = periodOf(today);
  return {
    today,
    period,
    previous: addMonths(period, -1),
    deadlineEmployer: dueDate(period, 'employer'),
    deadlineBpu: dueDate(period, 'BPU'),
  };
}

/** Participants `p` inside an actor's scope: the access policy's one helper, nothing of our own. */
export function scopeFilter(scope: Scope): RawBuilder<boolean> {
  return inScope(scope, 'participant', 'p');
}

function paidIn(period: string): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from coverage_spans s where s.participant_id = p.id
    and s.from_period <= ${period} and (s.to_period is null or s.to_period >= ${period}))`;
}
function billedIn(period: string): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from contribution_lines l where l.participant_id = p.id
    and l.for_period = ${period} and not l.adjustment)`;
}
/** The latest due date of an unpaid invoice carrying the participant's charge line for the month. */
function unpaidDue(period: string): RawBuilder<string | null> {
  return sql<
    string | null
  >`(select max(i.due_date) from contribution_lines l join invoices i on i.id = l.invoice_id
    where l.participant_id = p.id and l.for_period = ${period} and not l.adjustment and i.status <> 'paid')`;
}

/** Active today under decision 0005, as one SQL expression over `p` (participants). */
export function activeExpr(asOf: AsOf): RawBuilder<boolean> {
  const today = sql`${asOf.today}::date`;
  const deadline = sql`(case when p.segment = 'BPU' then ${asOf.deadlineBpu}::date else ${asOf.deadlineEmployer}::date end)`;
  return sql<boolean>`(case
    when ${paidIn(asOf.period)} then true
    when ${billedIn(asOf.period)} then coalesce(${today} <= ${unpaidDue(asOf.period)}, false)
    else (${paidIn(asOf.previous)} or coalesce(${today} <= ${unpaidDue(asOf.previous)}, false)
          or to_char(p.registered_on, 'YYYY-MM') = ${asOf.period})
         and ${today} <= ${deadline}
  end)`;
}

const currentEmployment = sql`(select em.employer_id, em.started_on from employments em
  where em.participant_id = p.id and em.ended_on is null order by em.started_on desc limit 1)`;

function columnOf(attribute: string, asOf: AsOf): RawBuilder<unknown> {
  const a = QUERY_ATTRIBUTES[attribute]!;
  if (a.column === 'active') return activeExpr(asOf);
  if (a.column === 'age') return sql`date_part('year', age(${asOf.today}::date, p.birth_date))::int`;
  if (a.column === 'employer_npp')
    return sql`(select e2.npp from employments em2 join employers e2 on e2.id = em2.employer_id
      where em2.participant_id = p.id and em2.ended_on is null order by em2.started_on desc limit 1)`;
  // a fixed column name from QUERY_ATTRIBUTES, never from input
  return sql.raw(a.column);
}

function literal(kind: string, v: string | number | boolean): RawBuilder<unknown> {
  if (kind === 'int') return sql`${v}::int`;
  if (kind === 'date') return sql`${v}::date`;
  if (kind === 'bool') return sql`${v}::boolean`;
  return sql`${String(v)}::text`;
}

const SQL_OP = { eq: '=', ne: '<>', lt: '<', le: '<=', gt: '>', ge: '>=' } as const;

function conditionSql(c: Condition, asOf: AsOf): RawBuilder<boolean> {
  const kind = QUERY_ATTRIBUTES[c.attribute]!.kind;
  const col = columnOf(c.attribute, asOf);
  if (c.op === 'in') {
    const vals = (c.value as Array<string | number>).map((v) => literal(kind, v));
    return sql<boolean>`${col} in (${sql.join(vals)})`;
  }
  return sql<boolean>`${col} ${sql.raw(SQL_OP[c.op])} ${literal(kind, c.value as string | number | boolean)}`;
}

export function filterSql(f: Filter, asOf: AsOf): RawBuilder<boolean> {
  if ('all' in f)
    return sql<boolean>`(${sql.join(
      f.all.map((x) => filterSql(x, asOf)),
      sql` and `,
    )})`;
  if ('any' in f)
    return sql<boolean>`(${sql.join(
      f.any.map((x) => filterSql(x, asOf)),
      sql` or `,
    )})`;
  if ('not' in f) return sql<boolean>`(not coalesce(${filterSql(f.not, asOf)}, false))`;
  return conditionSql(f, asOf);
}

/**
 * Persons matching a filter inside a region scope, one page in id order, with the total count.
 * Everything is evaluated inside PostgreSQL (indexes on nik, kpj, region).
 */
export async function searchPersons(
  db: Database,
  o: { scope: Scope; filter: Filter; page: { size: number; number: number }; asOf: AsOf },
): Promise<{ rows: PersonRow[]; total: number }> {
  const where = sql<boolean>`${scopeFilter(o.scope)} and ${filterSql(o.filter, o.asOf)}`;
  const total = await sql<{
    n: number;
  }>`select count(*)::int as n from participants p where ${where}`.execute(db);
  const rows = await sql<PersonRow>`
    select p.id, p.nik, p.kpj, p.full_name, p.sex, p.birth_date::text as birth_date,
      p.village_code, p.regency_code, p.province_code, rp.name as province_name, rr.name as regency_name,
      p.segment, p.programs, p.status, p.registered_on::text as registered_on,
      ${activeExpr(o.asOf)} as active,
      e.npp as employer_npp, e.name as employer_name, cur.started_on::text as employment_started_on
    from participants p
    left join regions rp on rp.code = p.province_code
    left join regions rr on rr.code = p.regency_code
    left join lateral ${currentEmployment} cur on true
    left join employers e on e.id = cur.employer_id
    where ${where}
    order by p.id
    limit ${o.page.size} offset ${(o.page.number - 1) * o.page.size}`.execute(db);
  return { rows: rows.rows, total: total.rows[0]?.n ?? 0 };
}

export interface MatchRow {
  nik: string;
  found: boolean;
  active: boolean;
  segment: string | null;
  registration_status: string | null;
}

/** Per NIK: registered (inside the scope; outside it answers like unregistered), active this month, segment. One set-based query. */
export async function matchNiks(db: Database, niks: string[], scope: Scope, asOf: AsOf): Promise<MatchRow[]> {
  const r = await sql<MatchRow>`
    select n.nik, p.id is not null as found,
      coalesce(p.id is not null and ${activeExpr(asOf)}, false) as active,
      p.segment, p.status as registration_status
    from unnest(${niks}::text[]) with ordinality as n(nik, ord)
    left join participants p on p.nik = n.nik and ${scopeFilter(scope)}
    order by n.ord`.execute(db);
  return r.rows.map((x) => ({ ...x, active: x.found ? x.active : false }));
}
