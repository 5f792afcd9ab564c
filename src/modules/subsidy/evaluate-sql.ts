/**
 * Criteria → SQL over the frozen snapshot. Each criterion present in the definition adds one
 * `case when <fails> then '<reason>' end` to an array; a person is eligible when no reason applies.
 * The same predicates, joined to the live tables instead of the snapshot, give the benchmark's lower
 * bound (bench/subsidy.ts), so both are built here from one list.
 */
import { type RawBuilder, sql } from 'kysely';
import type { FrozenDefinition } from './criteria.ts';
import type { ReasonCode } from './reasons.ts';
import { SNAPSHOT_COLUMNS, snapshotSelect, textArray } from './snapshot-sql.ts';

/** Column names of the snapshot row (alias s) the predicates read. */
export interface Cols {
  nikValid: RawBuilder<boolean>;
  segment: RawBuilder<string>;
  status: RawBuilder<string>;
  registeredOn: RawBuilder<string>;
  wage: RawBuilder<number | null>;
  ump: RawBuilder<number | null>;
  paidThrough: RawBuilder<string | null>;
  forms: RawBuilder<string[]>;
  stateBody: RawBuilder<boolean>;
  nonAsn: RawBuilder<boolean>;
  employerId: RawBuilder<number | null>;
  sector: RawBuilder<string | null>;
  inRegions: RawBuilder<boolean | null>;
  hits: RawBuilder<string[]>;
  bank: RawBuilder<string | null>;
}

export const SNAPSHOT_COLS: Cols = {
  nikValid: sql`s.nik_valid`,
  segment: sql`s.segment`,
  status: sql`s.status`,
  registeredOn: sql`s.registered_on`,
  wage: sql`s.wage`,
  ump: sql`s.ump`,
  paidThrough: sql`s.paid_through`,
  forms: sql`s.employer_forms`,
  stateBody: sql`s.state_body`,
  nonAsn: sql`s.is_non_asn`,
  employerId: sql`s.employer_id`,
  sector: sql`s.sector`,
  inRegions: sql`s.in_regions`,
  hits: sql`s.list_hits`,
  bank: sql`s.bank_code`,
};

type Failing = [ReasonCode, RawBuilder<boolean>];

function wagePredicates(def: FrozenDefinition, s: Cols): Failing[] {
  const c = def.criteria;
  const limit = c.wage_below ?? c.wage_at_most;
  if (limit === undefined) return [];
  const threshold = c.wage_threshold_or_ump
    ? sql`greatest(${limit}::bigint, coalesce(${s.ump}, 0))`
    : sql`${limit}::bigint`;
  // Permenaker 14/2020: "di bawah Rp5.000.000" (strictly below); 2021 onward: "paling banyak" (at most).
  const over =
    c.wage_below !== undefined
      ? sql<boolean>`${s.wage} >= ${threshold}`
      : sql<boolean>`${s.wage} > ${threshold}`;
  return [
    ['no_wage', sql`${s.wage} is null`],
    ['wage_too_high', over],
  ];
}

function employerPredicate(def: FrozenDefinition, s: Cols): Failing[] {
  const c = def.criteria;
  const forms = c.exclude_employer_legal_forms ?? [];
  if (!forms.length && !c.exclude_state_bodies) return [];
  const hit = sql<boolean>`(${s.forms} && ${textArray(forms)} or (${c.exclude_state_bodies ? sql`true` : sql`false`} and ${s.stateBody}))`;
  // Non-ASN staff of state bodies were paid in 2020 (Permenaker 14/2020): the exception keeps them in.
  return [['employer_excluded', c.except_non_asn ? sql`${hit} and not ${s.nonAsn}` : hit]];
}

/** Every criterion of the definition as [reason, fails], in the order reasons are listed. */
export function failingPredicates(def: FrozenDefinition, s: Cols): Failing[] {
  const c = def.criteria;
  const out: Failing[] = [];
  if (c.citizen_nik) out.push(['nik_invalid', sql`not ${s.nikValid}`]);
  if (c.segments) out.push(['segment_not_covered', sql`${s.segment} <> all(${textArray(c.segments)})`]);
  out.push(['not_registered', sql`${s.registeredOn} > ${c.active_at}::date`]);
  out.push(['participant_closed', sql`${s.status} = 'closed'`]);
  out.push(...wagePredicates(def, s));
  if (c.paid_through)
    out.push(['contributions_unpaid', sql`coalesce(${s.paidThrough} < ${c.paid_through}::text, true)`]);
  out.push(...employerPredicate(def, s));
  // A person without a job has no sector; no_wage already says why.
  if (c.sectors)
    out.push([
      'sector_not_covered',
      sql`${s.employerId} is not null and ${s.sector} <> all(${textArray(c.sectors)})`,
    ]);
  if (c.regions_list) out.push(['region_not_covered', sql`not coalesce(${s.inRegions}, false)`]);
  if (c.exclude_lists?.length) out.push(['on_exclusion_list', sql`cardinality(${s.hits}) > 0`]);
  if (c.bank_account) {
    out.push(['no_bank_account', sql`coalesce(${s.bank} <> all(${textArray(def.channels.banks)}), true)`]);
  }
  return out;
}

/** The reasons array expression: every failing criterion's code, nulls removed. */
export function reasonsExpr(def: FrozenDefinition, s: Cols): RawBuilder<string[]> {
  const parts = failingPredicates(def, s).map(
    ([code, fails]) => sql`case when ${fails} then ${code}::text end`,
  );
  return sql`array_remove(array[${sql.join(parts)}]::text[], null)`;
}

/** One conjunction: true when no criterion fails (the lower-bound count uses it). */
export function eligibleExpr(def: FrozenDefinition, s: Cols): RawBuilder<boolean> {
  const parts = failingPredicates(def, s).map(([, fails]) => sql`not coalesce(${fails}, false)`);
  return sql`(${sql.join(parts, sql` and `)})`;
}

/**
 * Decisions for participants (lo, hi], and in the same statement the chunk's counts (total, eligible,
 * per reason) from the rows just inserted: the run's totals are a sum of these. A fresh run also
 * writes the snapshot in this statement and evaluates the rows it returns, never reading them back;
 * a re-run evaluates the stored snapshot of the original run.
 */
export function screenChunk(
  run: { id: number; snapshotRunId: number; def: FrozenDefinition },
  lo: number,
  hi: number,
) {
  const fresh = run.id === run.snapshotRunId;
  const source = fresh
    ? sql`snap s`
    : sql`subsidy_snapshot s where s.run_id = ${run.snapshotRunId}::bigint and s.participant_id > ${lo}::bigint and s.participant_id <= ${hi}::bigint`;
  const snap = fresh
    ? sql`snap as (insert into subsidy_snapshot (${SNAPSHOT_COLUMNS}) ${snapshotSelect(run.id, run.def, lo, hi)} returning *),`
    : sql``;
  return sql`
    with ${snap} ins as (
      insert into subsidy_decisions (run_id, participant_id, eligible, reasons)
      select ${run.id}::bigint, r.participant_id, cardinality(r.reasons) = 0, r.reasons
      from (select s.participant_id, ${reasonsExpr(run.def, SNAPSHOT_COLS)} as reasons from ${source}) r
      returning eligible, reasons
    )
    insert into subsidy_run_chunks (run_id, lo, hi, screened, eligible, reason_counts)
    select ${run.id}::bigint, ${lo}::bigint, ${hi}::bigint, count(*), count(*) filter (where eligible),
      coalesce((select jsonb_object_agg(x.code, x.n) from (select c as code, count(*) as n from ins cross join unnest(ins.reasons) as c
        group by c) x), '{}'::jsonb)
    from ins`;
}

/**
 * The quota: eligible people ranked by wage (lowest first; no wage last) then participant id; those
 * past the quota are marked over_quota. Deterministic, so a re-run ranks the same people the same way.
 */
export function applyQuota(runId: number, snapshotRunId: number, quota: number) {
  return sql`
    update subsidy_decisions d set eligible = false, reasons = d.reasons || array['over_quota']::text[]
    from (select d2.participant_id from subsidy_decisions d2
          join subsidy_snapshot s on s.run_id = ${snapshotRunId}::bigint and s.participant_id = d2.participant_id
          where d2.run_id = ${runId}::bigint and d2.eligible
          order by s.wage asc nulls last, d2.participant_id offset ${quota}::bigint) o
    where d.run_id = ${runId}::bigint and d.participant_id = o.participant_id`;
}
