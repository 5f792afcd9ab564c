/**
 * Paying agent commission through the disbursement module (issue 18): a finished monthly run's payable
 * lines become one payment per agent (`agent_commission_payments`), written as bank batches with control
 * totals by the shared `writeBatches` (source 'agent_commission'); the bank's result file goes through the
 * shared import; failed payments are re-batched (attempt + 1) to the agent's account as corrected since.
 * The amounts are computed with UNCONFIRMED parameters (params/agent-commission.json): every listing
 * carries the run's frozen parameters so screens and printouts can say so.
 */
import { sql } from 'kysely';
import type { Database } from '../../platform/db.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { parsePeriod } from '../../platform/period.ts';
import { type Actor, can } from '../access/policy.ts';
import { failedItems, type MadeBatch, writeBatches } from '../disbursement/batches.ts';
import { type BankResultSummary, importResults } from '../disbursement/results.ts';
import { agentFilter } from './agents.ts';

export const COMMISSION_SOURCE = 'agent_commission';

/** Paying money out is head office's: admin (and the system actor of a job). */
export function assertCommissionPayer(actor: Actor) {
  if (!can(actor, 'headoffice.operate'))
    throw new ForbiddenError('Pembayaran komisi oleh kantor pusat / commission is paid by head office');
}

/**
 * Batches a finished run: one payment per agent with a complete bank account and a positive amount,
 * unique per run and agent, then the new payments as bank batches in the same transaction. Calling it
 * again batches only agents paid for the first time (an account added since); it never pays twice.
 */
export async function batchCommissionRun(
  db: Database,
  actor: Actor,
  period: string,
): Promise<{ payments: number; amount: number; batches: MadeBatch[]; without_account: number }> {
  assertCommissionPayer(actor);
  const p = parsePeriod(period);
  return db.transaction().execute(async (trx) => {
    const run = (
      await sql<{ id: number; status: string }>`
        select id, status from agent_commission_runs where period = ${p} for update`.execute(trx)
    ).rows[0];
    if (!run)
      throw new NotFoundError(
        `period: komisi ${p} belum dihitung / the commission for ${p} has not been computed`,
      );
    if (run.status !== 'done')
      throw new ValidationError(
        `period: perhitungan komisi ${p} belum selesai / the commission run for ${p} has not finished`,
      );
    const made = await sql<{
      id: number;
      amount: string;
      bank_code: string;
      bank_account: string;
      account_holder: string;
    }>`
      with owed as (
        select l.agent_id, count(*)::int as lines, sum(l.amount)::bigint as amount
        from agent_commission_lines l where l.run_id = ${run.id} group by l.agent_id having sum(l.amount) > 0
      ), ins as (
        insert into agent_commission_payments (run_id, agent_id, lines, amount)
        select ${run.id}, o.agent_id, o.lines, o.amount from owed o join agents ag on ag.id = o.agent_id
        where coalesce(ag.bank_code, '') <> '' and coalesce(ag.bank_account, '') <> '' and coalesce(ag.account_holder, '') <> ''
        on conflict (run_id, agent_id) do nothing
        returning id, agent_id, amount
      )
      select ins.id, ins.amount::text, ag.bank_code, ag.bank_account, ag.account_holder
      from ins join agents ag on ag.id = ins.agent_id order by ins.id`.execute(trx);
    const batches = await writeBatches(
      trx,
      actor,
      COMMISSION_SOURCE,
      made.rows.map((r) => ({
        item_id: r.id,
        amount: Number(r.amount),
        channel: r.bank_code,
        account_number: r.bank_account,
        holder_name: r.account_holder,
        attempt: 1,
      })),
    );
    const missing = (
      await sql<{ n: number }>`
        select count(distinct l.agent_id)::int as n from agent_commission_lines l join agents ag on ag.id = l.agent_id
        where l.run_id = ${run.id} and not exists (
          select 1 from agent_commission_payments y where y.run_id = ${run.id} and y.agent_id = l.agent_id)`.execute(
        trx,
      )
    ).rows[0]!.n;
    return {
      payments: made.rows.length,
      amount: made.rows.reduce((s, r) => s + Number(r.amount), 0),
      batches,
      without_account: missing,
    };
  });
}

/** Failed commission payments go out again (attempt + 1) to the agent's account as it is now. */
export async function rebatchCommissionFailures(db: Database, actor: Actor): Promise<MadeBatch[]> {
  assertCommissionPayer(actor);
  return db.transaction().execute(async (trx) => {
    const failed = await failedItems(trx, COMMISSION_SOURCE);
    if (!failed.length) return [];
    const accounts = await sql<{
      id: number;
      bank_code: string | null;
      bank_account: string | null;
      account_holder: string | null;
    }>`
      select y.id, ag.bank_code, ag.bank_account, ag.account_holder from agent_commission_payments y
      join agents ag on ag.id = y.agent_id where y.id in (${sql.join(failed.map((f) => f.item_id))})`.execute(
      trx,
    );
    const byId = new Map(accounts.rows.map((a) => [Number(a.id), a]));
    return writeBatches(
      trx,
      actor,
      COMMISSION_SOURCE,
      failed
        .filter((f) => {
          const a = byId.get(Number(f.item_id));
          return !!(a?.bank_code && a.bank_account && a.account_holder);
        })
        .map((f) => {
          const a = byId.get(Number(f.item_id))!;
          return {
            item_id: Number(f.item_id),
            amount: f.amount,
            channel: a.bank_code!,
            account_number: a.bank_account!,
            holder_name: a.account_holder!,
            attempt: f.attempt + 1,
          };
        }),
    );
  });
}

/** The bank's result file for commission payments (the shared import; idempotent by file). */
export function importCommissionResults(
  db: Database,
  actor: Actor,
  file: string,
  fileName = file,
): Promise<BankResultSummary> {
  assertCommissionPayer(actor);
  return importResults(
    db,
    actor,
    {
      payments: 'disbursement_payments',
      imports: 'disbursement_results',
      source: COMMISSION_SOURCE,
      auditEntity: 'agent_commission_bank_result',
    },
    file,
    fileName,
  );
}

/** The agent's NIK per payment, for the bank file's identity column. */
export async function commissionPayeeIds(db: Database, paymentIds: number[]): Promise<Map<number, string>> {
  if (!paymentIds.length) return new Map();
  const r = await sql<{ id: number; nik: string }>`
    select y.id, ag.nik from agent_commission_payments y join agents ag on ag.id = y.agent_id
    where y.id in (${sql.join(paymentIds)})`.execute(db);
  return new Map(r.rows.map((x) => [Number(x.id), x.nik]));
}

export async function assertCommissionBatch(db: Database, batchId: number): Promise<void> {
  const b = await db
    .selectFrom('disbursement_batches')
    .select('source')
    .where('id', '=', batchId)
    .executeTakeFirst();
  if (!b || b.source !== COMMISSION_SOURCE)
    throw new NotFoundError(`batch: batch komisi ${batchId} tidak ditemukan / commission batch not found`);
}

/**
 * The payment state of a period's commission per agent the actor may see: owed by the run, paid to the
 * bank (latest attempt's status), and the run's frozen parameters (flagged unconfirmed).
 */
export async function commissionPayments(db: Database, actor: Actor, period: string) {
  const p = parsePeriod(period);
  const visible = agentFilter(actor); // refuses roles that see no agents, before anything is read
  const run = (
    await sql<{ id: number; status: string; lines: number; total: string; params: unknown }>`
      select id, status, lines, total::text, params from agent_commission_runs where period = ${p}`.execute(
      db,
    )
  ).rows[0];
  if (!run) return { period: p, run: null, items: [] };
  const r = await sql<{
    agent_id: number;
    code: string;
    full_name: string;
    recruits: number;
    lines: number;
    amount: string;
    payment_id: number | null;
    status: string | null;
    attempt: number | null;
    reference: string | null;
    result_on: string | null;
  }>`
    select ag.id as agent_id, ag.code, ag.full_name, count(distinct l.participant_id)::int as recruits,
      count(*)::int as lines, sum(l.amount)::text as amount, y.id as payment_id,
      d.status, d.attempt, d.reference, to_char(d.result_on, 'YYYY-MM-DD') as result_on
    from agent_commission_lines l join agents ag on ag.id = l.agent_id
    left join agent_commission_payments y on y.run_id = l.run_id and y.agent_id = l.agent_id
    left join lateral (
      select status, attempt, reference, result_on from disbursement_payments
      where source = ${COMMISSION_SOURCE} and item_id = y.id order by attempt desc limit 1) d on true
    where l.run_id = ${run.id} and ${visible}
    group by ag.id, y.id, d.status, d.attempt, d.reference, d.result_on order by ag.code`.execute(db);
  return {
    period: p,
    run: { id: run.id, status: run.status, lines: run.lines, total: Number(run.total), params: run.params },
    items: r.rows.map((x) => ({
      ...x,
      amount: Number(x.amount),
      // pending | paid | failed | returned | account_invalid, or not_batched (no account yet)
      status: x.status ?? 'not_batched',
    })),
  };
}
