/** The two set-based statements of the refresh: one province's deltas, and rollups from deltas. */
import { type RawBuilder, sql } from 'kysely';
import { type ActiveBasis, effectiveSpans, registrations } from './active.ts';

/**
 * Deltas of the participants domiciled in `province`: +1 active in the month a span starts, -1 in the month
 * it ends, +1 registered in the month of registration, at province, regency and district level, by
 * domicile and by employer. Months before `windowStart` are folded into it (their +1/-1 pairs cancel).
 */
export function chunkDeltas(basis: ActiveBasis, province: string, windowStart: string): RawBuilder<unknown> {
  const where = sql<boolean>`p.province_code = ${province}`;
  return sql`insert into coverage_deltas (chunk, basis, level, region_code, segment, period, d_active, d_registered)
    with sp as materialized (${effectiveSpans(basis, where)}),
    ev as (
      select village_code as v, coalesce(employer_village, village_code) as ev, segment,
        greatest(from_period, ${windowStart}) as period, 1 as da, 0 as dr
      from sp
      union all
      select village_code, coalesce(employer_village, village_code), segment,
        greatest(to_excl, ${windowStart}), -1, 0
      from sp where to_excl is not null
      union all
      select village_code, coalesce(employer_village, village_code), segment,
        greatest(period, ${windowStart}), 0, 1
      from (${registrations(where)}) as r
    ),
    g as (
      select left(v, 2) as d1, left(v, 5) as d2, left(v, 8) as d3,
        left(ev, 2) as e1, left(ev, 5) as e2, left(ev, 8) as e3, segment, period, da, dr
      from ev
    ),
    agg as (
      select coalesce(d1, d2, d3) is not null as dom, coalesce(d1, d2, d3, e1, e2, e3) as code,
        segment, period, sum(da) as a, sum(dr) as r
      from g
      group by grouping sets ((d1, segment, period), (d2, segment, period), (d3, segment, period),
        (e1, segment, period), (e2, segment, period), (e3, segment, period))
    )
    select ${province}, case when dom then 'domicile' else 'employer' end,
      case length(code) when 2 then 1 when 5 then 2 else 3 end, code, segment, period, a, r
    from agg where a <> 0 or r <> 0`;
}

/** Month number of a 'YYYY-MM' text column or literal, for array positions. */
const monthNo = (p: RawBuilder<unknown>) => sql`(substr(${p}, 1, 4)::int * 12 + substr(${p}, 6, 2)::int)`;

/**
 * Rollup series for the months [start, end] of the regions in `codes` (all when null): running sums over
 * the months in which something changed, each value repeated up to the next change (array_fill), zeros
 * before the first, concatenated into one array per region, segment and attribution. Only the changes
 * are sorted; the dense month grid is never materialised as rows.
 */
export function rollupsFromDeltas(start: string, end: string, codes: string[] | null): RawBuilder<unknown> {
  const filter = codes ? sql`region_code = any(${codes}::text[])` : sql`true`;
  const [sy, sm] = start.split('-').map(Number) as [number, number];
  const [ey, em] = end.split('-').map(Number) as [number, number];
  const base = sy * 12 + sm - 1;
  const n = ey * 12 + em - base;
  const idx = (col: string) => sql`(${monthNo(sql.ref(col))} - ${base}::int)`;
  return sql`insert into coverage_rollups (basis, level, region_code, parent_code, segment, start_period, active, registered)
    with d as (
      select basis, level, region_code, segment, greatest(period, ${start}) as period,
        sum(d_active) as a, sum(d_registered) as r
      from coverage_deltas where ${filter} and period <= ${end}
      group by 1, 2, 3, 4, 5
    ), c as (
      select basis, level, region_code, segment, period, sum(a) over w as ca, sum(r) over w as cr,
        lead(period) over w as next_period, row_number() over w as rn
      from d window w as (partition by basis, region_code, segment order by period)
    ), runs as (
      select basis, level, region_code, segment, period, ca, cr,
        coalesce(${idx('next_period')} - 1, ${n}::int) - ${idx('period')} + 1 as len,
        case when rn = 1 then ${idx('period')} - 1 else 0 end as zeros
      from c
    )
    select basis, level, region_code,
      case level when 1 then null when 2 then left(region_code, 2) else left(region_code, 5) end,
      segment, ${start},
      coverage_array_cat(array_fill(0::bigint, array[zeros]) || array_fill(ca::bigint, array[len]) order by period),
      coverage_array_cat(array_fill(0::bigint, array[zeros]) || array_fill(cr::bigint, array[len]) order by period)
    from runs group by basis, level, region_code, segment`;
}
