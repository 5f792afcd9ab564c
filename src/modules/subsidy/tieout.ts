import { sql } from 'kysely';
import type { Database } from '../../platform/db.ts';
import { getRun } from './queries.ts';
import { effectiveEligible } from './scope.ts';

export interface TieCheck {
  name: string;
  left: number;
  right: number;
  ok: boolean;
}

export interface TrancheFigures {
  tranche: number;
  amount: number;
  eligible: number;
  paid: number;
  failed: number;
  pending: number;
  paid_amount: number;
}

/**
 * Totals that must always tie out: screened = eligible + excluded; per tranche eligible = paid +
 * failed + pending (a person's state is their latest attempt), paid amount = paid × tranche amount,
 * batch control totals = their payment rows, and no payment for anyone not eligible.
 */
export async function tieOut(db: Database, runId: number) {
  const run = await getRun(db, runId);
  const base = await sql<{
    screened: number;
    decided_eligible: number;
    upheld: number;
    eligible: number;
    snapshot: number;
  }>`
    select count(*)::bigint as screened, count(*) filter (where d.eligible)::bigint as decided_eligible,
      count(*) filter (where not d.eligible and ${effectiveEligible})::bigint as upheld,
      count(*) filter (where ${effectiveEligible})::bigint as eligible,
      (select count(*) from subsidy_snapshot where run_id = ${run.snapshot_run_id}::bigint)::bigint as snapshot
    from subsidy_decisions d where d.run_id = ${runId}::bigint`.execute(db);
  const b = Object.fromEntries(Object.entries(base.rows[0]!).map(([k, v]) => [k, Number(v)])) as Record<
    keyof (typeof base.rows)[0],
    number
  >;
  const excluded = b.screened - b.eligible;
  const tranches: TrancheFigures[] = [];
  for (const t of run.definition.tranches) {
    // Counted from the payments side and the decisions side separately, so the equation can fail.
    const r = await sql<{ paid: number; failed: number; pending: number; paid_amount: number }>`
      with latest as (select distinct on (participant_id) participant_id, status, amount from subsidy_payments
        where run_id = ${runId}::bigint and tranche = ${t.no}::smallint order by participant_id, attempt desc)
      select count(*) filter (where l.status = 'paid')::bigint as paid,
        count(*) filter (where l.status in ('failed', 'returned', 'account_invalid'))::bigint as failed,
        count(*) filter (where l.status = 'pending')::bigint + (select count(*) from subsidy_decisions d
          where d.run_id = ${runId}::bigint and ${effectiveEligible} and not exists (select 1 from subsidy_payments y
            where y.run_id = d.run_id and y.participant_id = d.participant_id and y.tranche = ${t.no}::smallint)) as pending,
        coalesce(sum(l.amount) filter (where l.status = 'paid'), 0)::bigint as paid_amount
      from latest l`.execute(db);
    const x = r.rows[0]!;
    tranches.push({
      tranche: t.no,
      amount: t.amount,
      eligible: b.eligible,
      paid: Number(x.paid),
      failed: Number(x.failed),
      pending: Number(x.pending),
      paid_amount: Number(x.paid_amount),
    });
  }
  const stray = await sql<{ n: number }>`select count(*)::bigint as n from subsidy_payments y
    join subsidy_decisions d on d.run_id = y.run_id and d.participant_id = y.participant_id
    where y.run_id = ${runId}::bigint and not ${effectiveEligible}`.execute(db);
  const batches = await sql<{
    rows_declared: number;
    rows_actual: number;
    sum_declared: number;
    sum_actual: number;
    mismatched: number;
  }>`
    select coalesce(sum(b.row_count), 0)::bigint as rows_declared, coalesce(sum(a.n), 0)::bigint as rows_actual,
      coalesce(sum(b.total_amount), 0)::bigint as sum_declared, coalesce(sum(a.s), 0)::bigint as sum_actual,
      count(*) filter (where b.row_count <> coalesce(a.n, 0) or b.total_amount <> coalesce(a.s, 0))::bigint as mismatched
    from subsidy_batches b left join (select batch_id, count(*) as n, sum(amount) as s from subsidy_payments group by batch_id) a on a.batch_id = b.id
    where b.run_id = ${runId}::bigint`.execute(db);
  const bt = Object.fromEntries(Object.entries(batches.rows[0]!).map(([k, v]) => [k, Number(v)])) as Record<
    string,
    number
  >;
  const check = (name: string, left: number, right: number): TieCheck => ({
    name,
    left,
    right,
    ok: left === right,
  });
  const checks: TieCheck[] = [
    check('screened = eligible + excluded', b.screened, b.eligible + excluded),
    check('screened = snapshot rows', b.screened, b.snapshot),
    check('screened = run count', b.screened, Number(run.screened)),
    check('eligible = decided eligible + upheld appeals', b.eligible, b.decided_eligible + b.upheld),
    ...tranches.flatMap((t) => [
      check(
        `tranche ${t.tranche}: eligible = paid + failed + pending`,
        t.eligible,
        t.paid + t.failed + t.pending,
      ),
      check(`tranche ${t.tranche}: paid amount = paid × ${t.amount}`, t.paid_amount, t.paid * t.amount),
    ]),
    check('batch rows = payment rows', bt.rows_declared!, bt.rows_actual!),
    check('batch totals = payment amounts', bt.sum_declared!, bt.sum_actual!),
    check('batches with wrong control totals', bt.mismatched!, 0),
    check('payments to people not eligible', Number(stray.rows[0]?.n ?? 0), 0),
  ];
  return {
    run_id: runId,
    screened: b.screened,
    eligible: b.eligible,
    excluded,
    decided_eligible: b.decided_eligible,
    appeals_upheld: b.upheld,
    tranches,
    ok: checks.every((c) => c.ok),
    checks,
  };
}
