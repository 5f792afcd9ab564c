/**
 * The frozen inputs of a screening run, one participant-id range at a time, in one INSERT … SELECT.
 * Everything a decision may depend on is copied here as it was when the run read it, so the decision
 * can be explained and re-evaluated after the registry has moved on.
 */
import { type RawBuilder, sql } from 'kysely';
import { type FrozenDefinition, wageDate } from './criteria.ts';

export const textArray = (values: readonly string[]): RawBuilder<string[]> =>
  values.length
    ? sql<string[]>`array[${sql.join(values.map((v) => sql`${v}::text`))}]`
    : sql<string[]>`'{}'::text[]`;

/** The provincial minimum wage per province, frozen in the run definition. */
function umpValues(ump: Record<string, number>): RawBuilder<unknown> {
  const rows = Object.entries(ump).map(([code, v]) => sql`(${code}::text, ${v}::bigint)`);
  return rows.length
    ? sql`(values ${sql.join(rows)}) as u (province_code, ump)`
    : sql`(select null::text as province_code, null::bigint as ump where false) as u`;
}

/** Workplace inside the region list: codes match the regency itself or any region above it. */
function inRegions(def: FrozenDefinition): RawBuilder<boolean | null> {
  if (!def.criteria.regions_list) return sql`null::boolean`;
  const codes = def.resolved.region_codes;
  if (!codes.length) return sql`false`;
  return sql`(b.w_regency = any(${textArray(codes)}) or left(b.w_regency, 2) = any(${textArray(codes)}))`;
}

/**
 * Per job open on the wage date (the latest hire/wage change/exit with that employer on or before the
 * date is not an exit) its wage and employer; per person the total wage, the legal forms of all their
 * employers, and the main (highest-paid) employer's sector and place.
 */
function workCte(lo: number, hi: number, wageOn: string): RawBuilder<unknown> {
  return sql`
    latest as (
      select distinct on (v.participant_id, v.employer_id) v.participant_id, v.employer_id, v.kind, v.wage
      from employment_events v
      where v.participant_id > ${lo}::bigint and v.participant_id <= ${hi}::bigint and v.effective_on <= ${wageOn}::date
      order by v.participant_id, v.employer_id, v.effective_on desc, v.id desc
    ),
    work as (
      select l.participant_id, sum(l.wage)::bigint as wage,
        array_agg(distinct e.legal_form) as forms, bool_or(e.is_state_body) as state_body,
        (array_agg(e.id order by l.wage desc, e.id))[1] as employer_id,
        (array_agg(e.sector order by l.wage desc, e.id))[1] as sector,
        (array_agg(e.regency_code order by l.wage desc, e.id))[1] as regency,
        (array_agg(e.province_code order by l.wage desc, e.id))[1] as province
      from latest l join employers e on e.id = l.employer_id
      where l.kind <> 'exit'
      group by l.participant_id
    )`;
}

/** Last paid month up to the required month (capped there): paid_through >= month means paid. */
function paidCte(lo: number, hi: number, month: string | undefined): RawBuilder<unknown> {
  if (!month)
    return sql`paid as (select null::bigint as participant_id, null::text as paid_through where false)`;
  return sql`paid as (
      select s.participant_id, max(least(coalesce(s.to_period, '9999-12'), ${month}::text)) as paid_through
      from coverage_spans s
      where s.participant_id > ${lo}::bigint and s.participant_id <= ${hi}::bigint and s.from_period <= ${month}::text
      group by s.participant_id)`;
}

/** The verified account to pay into: one at an accepted bank when there is one, the most recently verified. */
function accountCte(lo: number, hi: number, banks: string[]): RawBuilder<unknown> {
  return sql`acct as (
      select distinct on (b.participant_id) b.participant_id, b.bank_code, b.account_number, b.holder_name
      from participant_bank_accounts b
      where b.participant_id > ${lo}::bigint and b.participant_id <= ${hi}::bigint and b.verified_on is not null
      order by b.participant_id, (b.bank_code = any(${textArray(banks)})) desc, b.verified_on desc, b.bank_code)`;
}

/**
 * Exclusion-list hits per participant. Probing the lists once per participant cost ~3 µs × 10 million;
 * a run instead joins the (much smaller) lists to participants once, by the unique NIK index, into
 * subsidy_run_list_hits (run-setup.ts), and each chunk reads its id range. `inline` computes the same
 * join in the statement (the benchmark's single-statement lower bound).
 */
function hitsCte(
  runId: number,
  lists: string[],
  lo: number,
  hi: number,
  inline: boolean,
): RawBuilder<unknown> {
  if (!lists.length) return sql`hits as (select null::bigint as id, null::text[] as hits where false)`;
  if (inline) {
    return sql`hits as (select p.id, array_agg(x.list_code order by x.list_code) as hits
      from subsidy_exclusion_entries x join participants p on p.nik = x.nik
      where x.list_code = any(${textArray(lists)}) and p.id > ${lo}::bigint and p.id <= ${hi}::bigint group by p.id)`;
  }
  return sql`hits as (select participant_id as id, list_hits as hits from subsidy_run_list_hits
      where run_id = ${runId}::bigint and participant_id > ${lo}::bigint and participant_id <= ${hi}::bigint)`;
}

export const SNAPSHOT_COLUMNS = sql`run_id, participant_id, nik, nik_valid, segment, status, registered_on, village_code,
  province_code, is_non_asn, wage, employer_id, employer_forms, state_body, sector, work_regency, in_regions, ump,
  paid_through, bank_code, account_number, holder_name, list_hits`;

/** The frozen inputs of participants (lo, hi] as snapshot columns. */
export function snapshotSelect(
  runId: number,
  def: FrozenDefinition,
  lo: number,
  hi: number,
  o: { inlineHits?: boolean } = {},
): RawBuilder<unknown> {
  const c = def.criteria;
  return sql`
    with ${workCte(lo, hi, wageDate(c))}, ${paidCte(lo, hi, c.paid_through)}, ${accountCte(lo, hi, def.channels.banks)},
    ${hitsCte(runId, c.exclude_lists ?? [], lo, hi, !!o.inlineHits)},
    base as (
      select p.id, p.nik, p.segment, p.status, p.registered_on, p.village_code, p.province_code, p.is_non_asn,
        w.wage, w.employer_id, coalesce(w.forms, '{}') as forms, coalesce(w.state_body, false) as state_body, w.sector,
        coalesce(w.regency, p.regency_code) as w_regency, coalesce(w.province, p.province_code) as w_province
      from participants p left join work w on w.participant_id = p.id
      where p.id > ${lo}::bigint and p.id <= ${hi}::bigint
    )
    select ${runId}::bigint as run_id, b.id as participant_id, b.nik, subsidy_nik_valid(b.nik) as nik_valid, b.segment, b.status,
      b.registered_on, b.village_code, b.province_code, b.is_non_asn, b.wage, b.employer_id, b.forms as employer_forms,
      b.state_body, b.sector, b.w_regency as work_regency, ${inRegions(def)} as in_regions, u.ump, paid.paid_through,
      a.bank_code, a.account_number, a.holder_name, coalesce(h.hits, '{}') as list_hits
    from base b
    left join paid on paid.participant_id = b.id
    left join acct a on a.participant_id = b.id
    left join hits h on h.id = b.id
    left join ${umpValues(def.resolved.ump)} on u.province_code = b.w_province`;
}
