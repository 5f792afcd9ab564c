import { sql } from 'kysely';
import type { Database } from '../../platform/db.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { type Actor, canSeeNik, maskNik } from '../access/policy.ts';
import type { FrozenDefinition } from './criteria.ts';
import { type Evidence, explainDecision } from './rules.ts';
import {
  aggregateScope,
  assertCanSeeAggregates,
  assertCanSeePersons,
  effectiveEligible,
  isWholeBase,
  personScope,
} from './scope.ts';

const RUN_COLUMNS = [
  'r.id',
  'r.programme_id',
  'g.code as programme_code',
  'g.name as programme_name',
  'r.snapshot_run_id',
  'r.rerun_of',
  'r.status',
  'r.phase',
  'r.last_key',
  'r.max_participant_id',
  'r.screened',
  'r.eligible',
  'r.excluded',
  'r.reason_counts',
  'r.warnings',
  'r.timings_ms',
  'r.started_at',
  'r.finished_at',
  'r.error',
] as const;

export async function listRuns(db: Database, programmeId?: number) {
  let q = db
    .selectFrom('subsidy_runs as r')
    .innerJoin('subsidy_programmes as g', 'g.id', 'r.programme_id')
    .select([...RUN_COLUMNS]);
  if (programmeId) q = q.where('r.programme_id', '=', programmeId);
  return q.orderBy('r.id', 'desc').limit(100).execute();
}

export async function getRun(db: Database, runId: number) {
  const run = await db
    .selectFrom('subsidy_runs as r')
    .innerJoin('subsidy_programmes as g', 'g.id', 'r.programme_id')
    .select([...RUN_COLUMNS, 'r.definition'])
    .where('r.id', '=', runId)
    .executeTakeFirst();
  if (!run) throw new NotFoundError(`run: run ${runId} tidak ditemukan / run not found`);
  // Key ranges run in parallel (child jobs): progress is the key span the committed chunks cover.
  const covered =
    run.status === 'done'
      ? 0
      : Number(
          (
            await sql<{ n: number | null }>`select sum(hi - lo)::bigint as n from subsidy_run_chunks
              where run_id = ${runId}::bigint`.execute(db)
          ).rows[0]?.n ?? 0,
        );
  const progress =
    run.status === 'done' ? 1 : Math.min(0.99, covered / Math.max(1, Number(run.max_participant_id)));
  // A fresh run is its own snapshot; the column is set right after the row is created.
  return {
    ...run,
    snapshot_run_id: Number(run.snapshot_run_id ?? run.id),
    definition: run.definition as FrozenDefinition,
    progress,
  };
}

/** Counts by reason with their labels; whole-base readers get the run's stored counts, others a scoped count. */
export async function reasonCounts(db: Database, actor: Actor, runId: number) {
  assertCanSeeAggregates(actor);
  const labels = await db.selectFrom('subsidy_reasons').selectAll().orderBy('sort').execute();
  let counts: Record<string, number>;
  if (isWholeBase(actor)) {
    counts = (await getRun(db, runId)).reason_counts as Record<string, number>;
  } else {
    const r = await sql<{
      code: string;
      n: number;
    }>`select x as code, count(*)::bigint as n from subsidy_decisions d
      join subsidy_snapshot s on s.run_id = (select snapshot_run_id from subsidy_runs where id = ${runId}::bigint) and s.participant_id = d.participant_id
      cross join unnest(d.reasons) as x where d.run_id = ${runId}::bigint and ${aggregateScope(actor)} group by x`.execute(
      db,
    );
    counts = Object.fromEntries(r.rows.map((x) => [x.code, Number(x.n)]));
  }
  return labels.map((l) => ({
    code: l.code,
    criterion: l.criterion,
    label_id: l.label_id,
    label_en: l.label_en,
    count: counts[l.code] ?? 0,
  }));
}

/** Screened, eligible (after appeals) and excluded per province, or per regency/city inside one province. */
export async function regionCounts(db: Database, actor: Actor, runId: number, province?: string) {
  assertCanSeeAggregates(actor);
  const key = province ? sql`left(s.village_code, 5)` : sql`s.province_code`;
  const r = await sql<{
    code: string;
    name: string | null;
    screened: number;
    eligible: number;
    appeals_upheld: number;
  }>`
    select k.code, g.name, k.screened, k.eligible, k.appeals_upheld from (
      select ${key} as code, count(*)::bigint as screened, count(*) filter (where ${effectiveEligible})::bigint as eligible,
        count(*) filter (where not d.eligible and ${effectiveEligible})::bigint as appeals_upheld
      from subsidy_decisions d
      join subsidy_snapshot s on s.run_id = (select snapshot_run_id from subsidy_runs where id = ${runId}::bigint) and s.participant_id = d.participant_id
      where d.run_id = ${runId}::bigint and ${aggregateScope(actor)} ${province ? sql`and s.province_code = ${province}` : sql``}
      group by 1) k left join regions g on g.code = k.code
    order by k.code`.execute(db);
  return r.rows.map((x) => ({
    ...x,
    screened: Number(x.screened),
    eligible: Number(x.eligible),
    excluded: Number(x.screened) - Number(x.eligible),
    appeals_upheld: Number(x.appeals_upheld),
  }));
}

export interface DecisionFilter {
  eligible?: boolean;
  reason?: string;
  q?: string;
  page: number;
  pageSize: number;
}

export async function listDecisions(db: Database, actor: Actor, runId: number, f: DecisionFilter) {
  assertCanSeePersons(actor);
  const snap = sql`(select snapshot_run_id from subsidy_runs where id = ${runId}::bigint)`;
  const where = sql.join(
    [
      sql`d.run_id = ${runId}::bigint`,
      personScope(actor),
      f.eligible === undefined ? sql`true` : f.eligible ? effectiveEligible : sql`not ${effectiveEligible}`,
      f.reason ? sql`${f.reason} = any(d.reasons)` : sql`true`,
      f.q && /^\d{16}$/.test(f.q) ? sql`s.nik = ${f.q}` : sql`true`,
    ],
    sql` and `,
  );
  const from = sql`from subsidy_decisions d join subsidy_snapshot s on s.run_id = ${snap} and s.participant_id = d.participant_id
    join participants p on p.id = d.participant_id`;
  const total = await sql<{ n: number }>`select count(*)::bigint as n ${from} where ${where}`.execute(db);
  const items = await sql<{
    participant_id: number;
    nik: string;
    full_name: string;
    province_code: string;
    wage: number | null;
    eligible: boolean;
    decided_eligible: boolean;
    reasons: string[];
  }>`
    select d.participant_id, s.nik, p.full_name, s.province_code, s.wage, ${effectiveEligible} as eligible, d.eligible as decided_eligible, d.reasons
    ${from} where ${where} order by d.participant_id limit ${f.pageSize} offset ${(f.page - 1) * f.pageSize}`.execute(
    db,
  );
  const show = (nik: string) => (canSeeNik(actor) ? nik : maskNik(nik));
  return { total: Number(total.rows[0]?.n ?? 0), items: items.rows.map((i) => ({ ...i, nik: show(i.nik) })) };
}

/** One person's decision: reasons with labels, each check against the frozen evidence, appeals and payments. */
export async function personDecision(db: Database, actor: Actor, runId: number, participantId: number) {
  assertCanSeePersons(actor);
  const run = await getRun(db, runId);
  const row = await sql<
    Evidence & {
      nik: string;
      full_name: string;
      village_code: string;
      province_code: string;
      account_number: string | null;
      holder_name: string | null;
      eligible: boolean;
      reasons: string[];
      effective: boolean;
    }
  >`
    select s.*, p.full_name, d.eligible, d.reasons, ${effectiveEligible} as effective from subsidy_decisions d
    join subsidy_snapshot s on s.run_id = ${run.snapshot_run_id}::bigint and s.participant_id = d.participant_id
    join participants p on p.id = d.participant_id
    where d.run_id = ${runId}::bigint and d.participant_id = ${participantId}::bigint and ${personScope(actor)}`.execute(
    db,
  );
  const d = row.rows[0];
  if (!d)
    throw new NotFoundError(
      `participant: keputusan tidak ditemukan / decision not found (run ${runId}, participant ${participantId})`,
    );
  const labels = new Map(
    (await db.selectFrom('subsidy_reasons').selectAll().execute()).map((l) => [l.code, l]),
  );
  // Who filed it, as the page says it: the kind (on behalf of the participant or the employer) and
  // the filer's role, since a branch officer may file for a participant.
  const appeals = await db
    .selectFrom('subsidy_appeals')
    .leftJoin('users', 'users.id', 'subsidy_appeals.filed_by')
    .selectAll('subsidy_appeals')
    .select('users.role as filed_by_role')
    .where('subsidy_appeals.run_id', '=', runId)
    .where('subsidy_appeals.participant_id', '=', participantId)
    .orderBy('subsidy_appeals.id')
    .execute();
  const payments = await db
    .selectFrom('subsidy_payments')
    .select([
      'id',
      'batch_id',
      'tranche',
      'attempt',
      'reference',
      'amount',
      'channel',
      'status',
      'result_on',
      'result_note',
    ])
    .where('run_id', '=', runId)
    .where('participant_id', '=', participantId)
    .orderBy('tranche')
    .orderBy('attempt')
    .execute();
  const { nik, full_name, eligible, reasons, effective, ...evidence } = d;
  return {
    run: {
      id: run.id,
      programme_code: run.programme_code,
      programme_name: run.programme_name,
      status: run.status,
      criteria: run.definition.criteria,
    },
    participant: { id: participantId, nik: canSeeNik(actor) ? nik : maskNik(nik), full_name },
    decision: {
      eligible,
      effective_eligible: effective,
      reasons: reasons.map((c) => ({
        code: c,
        label_id: labels.get(c)?.label_id ?? c,
        label_en: labels.get(c)?.label_en ?? c,
      })),
    },
    checks: explainDecision(run.definition, evidence).map((c) => ({
      ...c,
      label_id: labels.get(c.reason)?.label_id ?? c.reason,
      label_en: labels.get(c.reason)?.label_en ?? c.reason,
    })),
    evidence: {
      ...evidence,
      account_number: evidence.account_number ? `****${evidence.account_number.slice(-4)}` : null,
    },
    appeals,
    payments,
  };
}
