import { sql } from 'kysely';
import type { Database } from '../../platform/db.ts';
import { markCoverageStale } from '../coverage/refresh.ts';

/** Month index of a 'YYYY-MM' column, so "contiguous" is a difference of 1. */
const monthIndex = (col: string) => sql.raw(`(substr(${col}, 1, 4)::int * 12 + substr(${col}, 6, 2)::int)`);
/** An open span (to_period null) runs to the end of time. */
const OPEN = 99_999_999;

/**
 * Adds the contribution months of fully paid invoices to `coverage_spans` and merges each affected
 * participant's spans into maximal runs of contiguous months. Only charge lines count: an adjustment
 * line corrects the amount of an earlier month, it does not pay for a month.
 *
 * Two set-based statements: the first upserts every merged run under its first month (an existing
 * span starting there is widened), the second drops the spans now contained in a run.
 */
export async function extendCoverage(db: Database, invoiceIds: number[]): Promise<void> {
  if (!invoiceIds.length) return;
  const ids = sql.join(invoiceIds.map((id) => sql`${id}::bigint`));
  await sql`
    with newm as (
      select distinct l.participant_id, l.for_period from contribution_lines l
      where l.invoice_id in (${ids}) and not l.adjustment
    ),
    spans as (
      select s.participant_id, s.from_period, s.to_period from coverage_spans s
      where s.participant_id in (select participant_id from newm)
      union
      select participant_id, for_period, for_period from newm
    ),
    idx as (
      select participant_id, from_period, to_period, ${monthIndex('from_period')} as a,
        case when to_period is null then ${OPEN} else ${monthIndex('to_period')} end as b
      from spans
    ),
    marked as (
      select *, case when a <= coalesce(max(b) over (partition by participant_id order by a, b
                  rows between unbounded preceding and 1 preceding), -10) + 1 then 0 else 1 end as brk
      from idx
    ),
    grp as (
      select *, sum(brk) over (partition by participant_id order by a, b rows unbounded preceding) as g from marked
    )
    insert into coverage_spans (participant_id, from_period, to_period)
    select participant_id, min(from_period),
      case when bool_or(to_period is null) then null else max(to_period) end
    from grp group by participant_id, g
    on conflict (participant_id, from_period) do update set to_period = excluded.to_period`.execute(db);
  await sql`
    delete from coverage_spans s using coverage_spans t
    where s.participant_id = t.participant_id and t.from_period < s.from_period
      and (t.to_period is null or t.to_period >= s.from_period)
      and s.participant_id in (
        select l.participant_id from contribution_lines l where l.invoice_id in (${ids}) and not l.adjustment)`.execute(
    db,
  );
  // Coverage counts actives from these spans: its next incremental refresh must redo these provinces.
  const provinces = await sql<{ province_code: string }>`
    select distinct p.province_code from participants p
    where p.id in (select l.participant_id from contribution_lines l where l.invoice_id in (${ids}) and not l.adjustment)`.execute(
    db,
  );
  await markCoverageStale(
    db,
    provinces.rows.map((r) => r.province_code),
  );
}
