import { type RawBuilder, sql } from 'kysely';
import type { Database } from '../../platform/db.ts';
import { ConflictError, ValidationError } from '../../platform/errors.ts';
import { recordAudit } from '../access/audit.ts';
import type { Actor } from '../access/policy.ts';
import { trancheAmount } from './criteria.ts';
import { getRun } from './queries.ts';
import { assertHeadOffice, effectiveEligible } from './scope.ts';
import { textArray } from './snapshot-sql.ts';

export interface BatchOptions {
  tranche: number;
  /** Rows per file; defaults to the programme's channels.batch_max. */
  maxSize?: number;
}

export interface BatchSummary {
  runId: number;
  tranche: number;
  batches: Array<{
    id: number;
    batch_no: number;
    channel: string;
    attempt: number;
    row_count: number;
    total_amount: number;
  }>;
  people: number;
  /** Eligible people with no account at a paying bank and no fallback channel: cannot be batched. */
  unbatchable: number;
}

type Run = Awaited<ReturnType<typeof getRun>>;

/**
 * Candidates (participant, channel, account, holder, attempt) into batch files: per channel, in
 * participant order, at most maxSize rows each. The batch rows are written first with their control
 * totals, then every payment row in one INSERT … SELECT that numbers people within their channel.
 */
async function buildBatches(
  trx: Database,
  run: Run,
  tranche: number,
  round: number,
  maxSize: number,
  candidates: RawBuilder<unknown>,
  actor: Actor,
) {
  const amount = trancheAmount(run.definition, tranche)!;
  const groups = await sql<{
    channel: string;
    n: number;
  }>`with c as (${candidates}) select channel, count(*)::bigint as n from c where channel is not null group by 1 order by 1`.execute(
    trx,
  );
  const last = await sql<{
    m: number | null;
  }>`select max(batch_no) as m from subsidy_batches where run_id = ${run.id}::bigint`.execute(trx);
  let batchNo = Number(last.rows[0]?.m ?? 0);
  const made: BatchSummary['batches'] = [];
  for (const g of groups.rows) {
    const n = Number(g.n);
    for (let k = 0; k * maxSize < n; k++) {
      const rows = Math.min(maxSize, n - k * maxSize);
      const b = await trx
        .insertInto('subsidy_batches')
        .values({
          run_id: run.id,
          batch_no: ++batchNo,
          tranche,
          channel: g.channel,
          attempt: round,
          row_count: rows,
          total_amount: rows * amount,
          created_by: actor.userId,
        })
        .returning(['id', 'batch_no', 'channel', 'attempt', 'row_count', 'total_amount'])
        .executeTakeFirstOrThrow();
      made.push({ ...b, total_amount: Number(b.total_amount) });
    }
  }
  if (made.length) {
    const slots = sql.join(made.map((b) => sql`(${b.id}::bigint, ${b.channel}::text, ${b.batch_no}::int)`));
    await sql`insert into subsidy_payments (batch_id, run_id, participant_id, tranche, attempt, reference, amount, channel, account_number, holder_name)
      with c as (${candidates}),
      n as (select c.*, (row_number() over (partition by c.channel order by c.participant_id) - 1) / ${maxSize}::int as k from c where c.channel is not null),
      slot as (select v.*, row_number() over (partition by v.channel order by v.batch_no) - 1 as k from (values ${slots}) as v (batch_id, channel, batch_no))
      select slot.batch_id, ${run.id}::bigint, n.participant_id, ${tranche}::smallint, n.attempt,
        ${run.programme_code.toUpperCase()} || '-R' || ${run.id}::bigint || '-T' || ${tranche}::int || '-A' || n.attempt || '-' || n.participant_id,
        ${amount}::bigint, n.channel, n.account_number, n.holder_name
      from n join slot on slot.channel = n.channel and slot.k = n.k`.execute(trx);
  }
  const unbatchable = await sql<{
    n: number;
  }>`with c as (${candidates}) select count(*)::bigint as n from c where channel is null`.execute(trx);
  const people = made.reduce((s, b) => s + b.row_count, 0);
  await recordAudit(
    trx,
    actor,
    round === 1 ? 'create_batches' : 'rebatch',
    'subsidy_run',
    String(run.id),
    null,
    { tranche, round, batches: made.length, people },
  );
  return { runId: run.id, tranche, batches: made, people, unbatchable: Number(unbatchable.rows[0]?.n ?? 0) };
}

async function prepare(db: Database, actor: Actor, runId: number, o: BatchOptions) {
  assertHeadOffice(actor);
  const run = await getRun(db, runId);
  if (run.status !== 'done') throw new ConflictError(`run: run ${runId} belum selesai / run not finished`);
  if (trancheAmount(run.definition, o.tranche) === null)
    throw new ValidationError(`tranche: tahap ${o.tranche} tidak ada dalam program / no such tranche`);
  return { run, maxSize: o.maxSize ?? run.definition.channels.batch_max };
}

/** Channel: the frozen account's bank when it is a paying bank, else the programme's fallback (PT Pos), else none. */
function channelOf(run: Run): RawBuilder<string | null> {
  const fallback = run.definition.channels.fallback;
  return sql`coalesce(case when s.bank_code = any(${textArray(run.definition.channels.banks)}) then s.bank_code end, ${fallback}::text)`;
}

/** First batches of a tranche: every eligible person (after appeals) not yet in a batch for it. */
export async function createBatches(
  db: Database,
  actor: Actor,
  runId: number,
  o: BatchOptions,
): Promise<BatchSummary> {
  const { run, maxSize } = await prepare(db, actor, runId, o);
  const ch = channelOf(run);
  const candidates = sql`select d.participant_id, ${ch} as channel,
      case when ${ch} = s.bank_code then s.account_number end as account_number,
      coalesce(case when ${ch} = s.bank_code then s.holder_name end, upper(p.full_name)) as holder_name, 1::smallint as attempt
    from subsidy_decisions d
    join subsidy_snapshot s on s.run_id = ${run.snapshot_run_id}::bigint and s.participant_id = d.participant_id
    join participants p on p.id = d.participant_id
    where d.run_id = ${runId}::bigint and ${effectiveEligible}
      and not exists (select 1 from subsidy_payments y where y.run_id = d.run_id and y.participant_id = d.participant_id and y.tranche = ${o.tranche}::smallint)`;
  return db.transaction().execute(async (trx) => {
    await sql`select id from subsidy_runs where id = ${runId}::bigint for update`.execute(trx);
    return buildBatches(trx, run, o.tranche, 1, maxSize, candidates, actor);
  });
}

/**
 * Re-batches failures of a tranche: failed and returned to the same account; account_invalid to the
 * person's current verified account at a paying bank if they registered a new one, else to the
 * fallback channel, else not at all (they stay failed until an account is registered).
 */
export async function rebatchFailures(
  db: Database,
  actor: Actor,
  runId: number,
  o: BatchOptions,
): Promise<BatchSummary> {
  const { run, maxSize } = await prepare(db, actor, runId, o);
  const banks = textArray(run.definition.channels.banks);
  const fallback = run.definition.channels.fallback;
  const candidates = sql`select l.participant_id,
      case when l.status <> 'account_invalid' then l.channel when nb.bank_code is not null then nb.bank_code else ${fallback}::text end as channel,
      case when l.status <> 'account_invalid' then l.account_number when nb.bank_code is not null then nb.account_number end as account_number,
      case when l.status <> 'account_invalid' then l.holder_name else coalesce(nb.holder_name, l.holder_name) end as holder_name,
      (l.attempt + 1)::smallint as attempt
    from (select distinct on (y.participant_id) y.* from subsidy_payments y where y.run_id = ${runId}::bigint and y.tranche = ${o.tranche}::smallint
          order by y.participant_id, y.attempt desc) l
    left join lateral (select b.bank_code, b.account_number, b.holder_name from participant_bank_accounts b
      where b.participant_id = l.participant_id and b.verified_on is not null and b.bank_code = any(${banks})
        and b.account_number is distinct from l.account_number order by b.verified_on desc, b.bank_code limit 1) nb on l.status = 'account_invalid'
    where l.status in ('failed', 'returned', 'account_invalid')`;
  return db.transaction().execute(async (trx) => {
    await sql`select id from subsidy_runs where id = ${runId}::bigint for update`.execute(trx);
    const round = await sql<{
      m: number | null;
    }>`select max(attempt) as m from subsidy_batches where run_id = ${runId}::bigint and tranche = ${o.tranche}::smallint`.execute(
      trx,
    );
    return buildBatches(trx, run, o.tranche, Number(round.rows[0]?.m ?? 1) + 1, maxSize, candidates, actor);
  });
}

export async function listBatches(db: Database, runId: number) {
  const r = await sql<{
    id: number;
    batch_no: number;
    tranche: number;
    channel: string;
    attempt: number;
    row_count: number;
    total_amount: number;
    created_at: Date;
    paid: number;
    failed: number;
    pending: number;
  }>`
    select b.id, b.batch_no, b.tranche, b.channel, b.attempt, b.row_count, b.total_amount, b.created_at,
      count(*) filter (where y.status = 'paid')::int as paid,
      count(*) filter (where y.status in ('failed', 'returned', 'account_invalid'))::int as failed,
      count(*) filter (where y.status = 'pending')::int as pending
    from subsidy_batches b left join subsidy_payments y on y.batch_id = b.id
    where b.run_id = ${runId}::bigint group by b.id order by b.batch_no`.execute(db);
  return r.rows.map((b) => ({ ...b, total_amount: Number(b.total_amount) }));
}
