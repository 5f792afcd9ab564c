import { sql } from 'kysely';
import type { Database } from '../../platform/db.ts';
import { ValidationError } from '../../platform/errors.ts';
import { type Actor, can } from '../access/policy.ts';
import { getRun } from './queries.ts';
import { type Evidence, evidenceDiff } from './rules.ts';
import { aggregateScope, assertCanSeeAggregates, isWholeBase, personScope } from './scope.ts';

/**
 * Who entered (eligible in B, not in A) and who left (eligible in A, not in B), counted by reason: for
 * those who left the reasons B gave, for those who entered the reasons A gave; `not_in_run` when the
 * person was not screened in that run (registered later). A sample of people shows the frozen inputs
 * that changed between the two snapshots.
 */
export async function compareRuns(db: Database, actor: Actor, runA: number, runB: number, sampleSize = 50) {
  assertCanSeeAggregates(actor);
  const [a, b] = [await getRun(db, runA), await getRun(db, runB)];
  if (a.status !== 'done' || b.status !== 'done')
    throw new ValidationError('run: kedua run harus selesai / both runs must be finished');
  const changes = sql`
    with da as (select participant_id, eligible, reasons from subsidy_decisions where run_id = ${runA}::bigint),
         db_ as (select participant_id, eligible, reasons from subsidy_decisions where run_id = ${runB}::bigint),
    ch as (
      select participant_id, case when coalesce(da.eligible, false) then 'left' else 'entered' end as change,
        da.reasons as a_reasons, db_.reasons as b_reasons, da.participant_id is not null as in_a, db_.participant_id is not null as in_b
      from da full join db_ using (participant_id)
      where coalesce(da.eligible, false) <> coalesce(db_.eligible, false)
    ),
    scoped as (
      select ch.* from ch
      left join subsidy_snapshot s on s.run_id = case when ch.in_b then ${b.snapshot_run_id}::bigint else ${a.snapshot_run_id}::bigint end
        and s.participant_id = ch.participant_id
      where ${isWholeBase(actor) ? sql`true` : aggregateScope(actor)}
    )`;
  const byReason = await sql<{ change: string; reason: string; n: number }>`${changes}
    select change, reason, count(*)::bigint as n from scoped cross join lateral unnest(case
      when change = 'left' then case when in_b then b_reasons else array['not_in_run'] end
      else case when in_a then a_reasons else array['not_in_run'] end end) as reason
    group by 1, 2 order by 1, 3 desc`.execute(db);
  const totals = await sql<{
    change: string;
    n: number;
  }>`${changes} select change, count(*)::bigint as n from scoped group by 1`.execute(db);
  const count = (c: string) => Number(totals.rows.find((r) => r.change === c)?.n ?? 0);
  const sample = await compareSample(db, actor, a.snapshot_run_id, b.snapshot_run_id, runA, runB, sampleSize);
  return {
    a: {
      id: a.id,
      programme_code: a.programme_code,
      eligible: Number(a.eligible),
      screened: Number(a.screened),
    },
    b: {
      id: b.id,
      programme_code: b.programme_code,
      eligible: Number(b.eligible),
      screened: Number(b.screened),
    },
    entered: count('entered'),
    left: count('left'),
    by_reason: byReason.rows.map((r) => ({ change: r.change, reason: r.reason, count: Number(r.n) })),
    sample,
  };
}

type SnapRow = Evidence & { participant_id: number };

async function compareSample(
  db: Database,
  actor: Actor,
  snapA: number,
  snapB: number,
  runA: number,
  runB: number,
  n: number,
) {
  if (!can(actor, 'screening.persons')) return [];
  const ids = await sql<{
    participant_id: number;
    change: string;
    a_reasons: string[] | null;
    b_reasons: string[] | null;
  }>`
    select coalesce(da.participant_id, db_.participant_id) as participant_id,
      case when coalesce(da.eligible, false) then 'left' else 'entered' end as change, da.reasons as a_reasons, db_.reasons as b_reasons
    from (select * from subsidy_decisions where run_id = ${runA}::bigint) da
    full join (select * from subsidy_decisions where run_id = ${runB}::bigint) db_ using (participant_id)
    left join subsidy_snapshot s on s.run_id = ${snapB}::bigint and s.participant_id = coalesce(da.participant_id, db_.participant_id)
    where coalesce(da.eligible, false) <> coalesce(db_.eligible, false) and ${personScope(actor)}
    order by 1 limit ${n}`.execute(db);
  if (!ids.rows.length) return [];
  const list = ids.rows.map((r) => r.participant_id);
  const snaps = await db
    .selectFrom('subsidy_snapshot')
    .selectAll()
    .where('run_id', 'in', [snapA, snapB])
    .where('participant_id', 'in', list)
    .execute();
  const find = (run: number, id: number) =>
    (snaps.find((s) => s.run_id === run && s.participant_id === id) ?? null) as SnapRow | null;
  return ids.rows.map((r) => ({
    participant_id: r.participant_id,
    change: r.change,
    reasons_before: r.a_reasons,
    reasons_after: r.b_reasons,
    changed_inputs: evidenceDiff(find(snapA, r.participant_id), find(snapB, r.participant_id)),
  }));
}
