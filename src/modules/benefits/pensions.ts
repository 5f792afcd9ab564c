import { sql } from 'kysely';
import { type Clock, isoDateWib } from '../../platform/clock.ts';
import type { Database } from '../../platform/db.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { roundHalfUpRatio } from '../../platform/money.ts';
import { addMonths, parsePeriod } from '../../platform/period.ts';
import { recordAudit } from '../access/audit.ts';
import { type Actor, inScope, registryScope, SYSTEM } from '../access/policy.ts';
import { failedItems, type MadeBatch, writeBatches } from '../disbursement/batches.ts';
import { type BankResultSummary, importResults } from '../disbursement/results.ts';
import { decStr } from '../rules/exact.ts';
import { jpIndexation } from '../rules/savings.ts';
import type { RunCtx } from './jht.ts';

/**
 * JP pensions in payment and the monthly pension run (decision 0011). An approved JP claim for a
 * monthly pension opens a `jp_pensions` row (the first year's amount from the rules module, the start
 * month, a known end for a child). The run for a month writes one `jp_pension_payments` row per
 * pension and month due — months missed since the start included — at the first-year amount × the
 * indexation of the years since (rules/savings.ts jpIndexation), and pays them as disbursement batches
 * (source 'pensions') with control totals. Chunks of pensions by id, one transaction each with their
 * batches, a watermark on `jp_pension_runs`; the unique (pension, month) key means a rerun or a crash
 * never pays a month twice.
 */

export const PENSION_SOURCE = 'pensions';

export interface OpenPensionInput {
  claimId: number;
  participantId: number;
  kind: string;
  beneficiaryRelatedId: number | null;
  payeeName: string;
  bankCode: string;
  accountNumber: string;
  regionCode: string;
  monthlyAmount: number;
  startPeriod: string;
  endPeriod: string | null;
}

/** Opens the pension of an approved claim, in the decision's transaction. */
export async function openPension(trx: Database, input: OpenPensionInput, actor: Actor): Promise<number> {
  if (input.endPeriod !== null && input.endPeriod < input.startPeriod)
    throw new ConflictError(
      `end_period: pensiun berakhir sebelum dimulai (${input.endPeriod} < ${input.startPeriod}) / the pension would end before it starts`,
    );
  const row = await trx
    .insertInto('jp_pensions')
    .values({
      claim_id: input.claimId,
      participant_id: input.participantId,
      kind: input.kind,
      beneficiary_related_id: input.beneficiaryRelatedId,
      payee_name: input.payeeName,
      bank_code: input.bankCode,
      account_number: input.accountNumber,
      region_code: input.regionCode,
      monthly_amount: input.monthlyAmount,
      start_period: input.startPeriod,
      end_period: input.endPeriod,
      created_by: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(trx, actor, 'open', 'jp_pension', String(row.id), null, input);
  return row.id;
}

/** Pensions in payment a role may see: head office and auditors all, a branch officer its regions. */
export async function listPensions(
  db: Database,
  actor: Actor,
  q: { status?: 'active' | 'ended'; page?: number; pageSize?: number } = {},
) {
  // By the pension's region: every one for head office and the auditor, its regions for a branch officer,
  // none for employers, partners and the rest (their scope reaches no region).
  const scope = inScope(registryScope(actor), 'village', sql.ref('j.region_code'));
  const pageSize = q.pageSize ?? 50;
  const page = q.page ?? 1;
  const base = db
    .selectFrom('jp_pensions as j')
    .innerJoin('participants as p', 'p.id', 'j.participant_id')
    .where(scope)
    .$if(!!q.status, (w) => w.where('j.status', '=', q.status!));
  const total = await base.select(sql<string>`count(*)`.as('n')).executeTakeFirst();
  const items = await base
    .select([
      'j.id',
      'j.claim_id',
      'j.participant_id',
      'p.kpj',
      'p.full_name',
      'j.kind',
      'j.payee_name',
      'j.monthly_amount',
      'j.start_period',
      'j.end_period',
      'j.status',
      'j.ended_reason',
      sql<number>`(select count(*)::int from jp_pension_payments y where y.pension_id = j.id)`.as(
        'months_paid',
      ),
    ])
    .orderBy('j.id', 'desc')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return { total: Number(total?.n ?? 0), page, items };
}

export interface PensionRunResult {
  period: string;
  payments: number;
  amount: number;
  batches: number;
  alreadyDone: boolean;
}

const wibPeriod = (clock: Clock) => isoDateWib(clock.now()).slice(0, 7);

/**
 * The monthly pension run for `period` (resumable, idempotent per month). Refuses a month that has
 * not begun (WIB). A pension is paid for each month from its start to the run's month, not already
 * paid, up to its end month and, for the member's own pension (old age, disability), not after the
 * month the member died, and for a survivor's (spouse, child, parent) not after the month of the heir's
 * first recorded stopping event (remarriage, marriage, work, death: related_person_events); a pension
 * past its end is marked ended with the reason.
 */
export async function runPensions(
  deps: { db: Database; clock: Clock },
  params: { period: string; chunk?: number; actor?: Actor },
  ctx: RunCtx = {},
): Promise<PensionRunResult> {
  const period = parsePeriod(params.period);
  const now = wibPeriod(deps.clock);
  if (period > now)
    throw new ValidationError(
      `period: bulan ${period} belum dimulai / month ${period} has not begun (now ${now})`,
    );
  const actor = params.actor ?? SYSTEM;
  const chunk = params.chunk ?? 5000;
  await sql`insert into jp_pension_runs (period, started_by, started_by_name) values (${period}, ${actor.userId}, ${actor.username}) on conflict (period) do nothing`.execute(
    deps.db,
  );
  const run = await deps.db
    .selectFrom('jp_pension_runs')
    .selectAll()
    .where('period', '=', period)
    .executeTakeFirstOrThrow();
  if (run.status === 'done')
    return {
      period,
      payments: run.payments,
      amount: Number(run.amount),
      batches: run.batches,
      alreadyDone: true,
    };
  const total = Number(
    (
      await sql<{
        n: string;
      }>`select count(*) as n from jp_pensions where status = 'active' and start_period <= ${period}`.execute(
        deps.db,
      )
    ).rows[0]?.n ?? 0,
  );
  const factors = new Map<string, { factor: string; unconfirmed: boolean; units: bigint; den: bigint }>();
  const factorFor = (start: string, month: string) => {
    const k = `${start}|${month}`;
    let f = factors.get(k);
    if (!f) {
      const ix = jpIndexation(start, month);
      f = {
        factor: decStr(ix.factor),
        unconfirmed: ix.unconfirmed,
        units: ix.factor.units,
        den: 10n ** BigInt(ix.factor.scale),
      };
      factors.set(k, f);
    }
    return f;
  };
  let lo = Number(run.last_key);
  let done = 0;
  for (;;) {
    const hi = await deps.db.transaction().execute(async (trx) => {
      const pensions = await sql<{
        id: number;
        kind: string;
        monthly_amount: string;
        start_period: string;
        end_period: string | null;
        bank_code: string;
        account_number: string;
        payee_name: string;
        died: string | null;
        stop: string | null;
        stop_event: string | null;
      }>`
        select j.id, j.kind, j.monthly_amount, j.start_period, j.end_period, j.bank_code, j.account_number,
               j.payee_name, to_char(d.died_on, 'YYYY-MM') as died,
               to_char(v.event_date, 'YYYY-MM') as stop, v.event as stop_event
        from jp_pensions j left join participant_deaths d on d.participant_id = j.participant_id
        left join lateral (
          select x.event, x.event_date from related_person_events x
          where x.related_person_id = j.beneficiary_related_id order by x.event_date, x.id limit 1
        ) v on j.kind in ('spouse', 'child', 'parent')
        where j.id > ${lo}::bigint and j.status = 'active' and j.start_period <= ${period}
        order by j.id limit ${chunk}::int for update of j`.execute(trx);
      if (!pensions.rows.length) return null;
      const ids = pensions.rows.map((p) => p.id);
      const paid = await trx
        .selectFrom('jp_pension_payments')
        .select(['pension_id', 'period'])
        .where('pension_id', 'in', ids)
        .execute();
      const paidSet = new Set(paid.map((p) => `${p.pension_id}|${p.period}`));
      const rows: Array<{
        pension_id: number;
        period: string;
        run_period: string;
        amount: number;
        factor: string;
        unconfirmed: boolean;
      }> = [];
      const ended: Array<{ id: number; reason: string }> = [];
      for (const p of pensions.rows) {
        const own = p.kind === 'old_age' || p.kind === 'disability';
        let last = period;
        if (p.end_period && p.end_period < last) last = p.end_period;
        if (own && p.died && p.died < last) last = p.died;
        // A survivor's remarriage, marriage, work or death: paid up to that month, not after.
        if (p.stop && p.stop < last) last = p.stop;
        for (let m = p.start_period; m <= last; m = addMonths(m, 1)) {
          if (paidSet.has(`${p.id}|${m}`)) continue;
          const f = factorFor(p.start_period, m);
          const amount = Number(roundHalfUpRatio(BigInt(p.monthly_amount) * f.units, f.den));
          rows.push({
            pension_id: p.id,
            period: m,
            run_period: period,
            amount,
            factor: f.factor,
            unconfirmed: f.unconfirmed,
          });
        }
        if (own && p.died && p.died <= period) ended.push({ id: p.id, reason: 'death' });
        else if (p.stop && p.stop <= period && (!p.end_period || p.stop <= p.end_period))
          ended.push({ id: p.id, reason: p.stop_event === 'death' ? 'heir_death' : p.stop_event! });
        else if (p.end_period && p.end_period <= period) ended.push({ id: p.id, reason: 'end_period' });
      }
      const inserted = rows.length
        ? await trx
            .insertInto('jp_pension_payments')
            .values(rows)
            .onConflict((oc) => oc.columns(['pension_id', 'period']).doNothing())
            .returning(['id', 'pension_id', 'amount'])
            .execute()
        : [];
      const byId = new Map(pensions.rows.map((p) => [p.id, p]));
      const made = await writeBatches(
        trx,
        actor,
        PENSION_SOURCE,
        inserted.map((y) => {
          const p = byId.get(y.pension_id)!;
          return {
            item_id: y.id,
            amount: Number(y.amount),
            channel: p.bank_code,
            account_number: p.account_number,
            holder_name: p.payee_name,
            attempt: 1,
          };
        }),
      );
      for (const e of ended)
        await trx
          .updateTable('jp_pensions')
          .set({ status: 'ended', ended_reason: e.reason })
          .where('id', '=', e.id)
          .execute();
      const next = ids[ids.length - 1]!;
      await trx
        .updateTable('jp_pension_runs')
        .set((eb) => ({
          last_key: next,
          payments: eb('payments', '+', inserted.length),
          amount: eb(
            'amount',
            '+',
            inserted.reduce((s, y) => s + Number(y.amount), 0),
          ),
          batches: eb('batches', '+', made.length),
        }))
        .where('period', '=', period)
        .execute();
      return next;
    });
    if (hi === null) break;
    lo = hi;
    done += chunk;
    ctx.progress?.(Math.min(done, total), total);
  }
  const fin = await deps.db
    .updateTable('jp_pension_runs')
    .set({ status: 'done', finished_at: new Date() })
    .where('period', '=', period)
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(deps.db, actor, 'run', 'jp_pension_run', period, null, {
    payments: fin.payments,
    amount: Number(fin.amount),
    batches: fin.batches,
  });
  return {
    period,
    payments: fin.payments,
    amount: Number(fin.amount),
    batches: fin.batches,
    alreadyDone: false,
  };
}

export async function listPensionRuns(db: Database) {
  const rows = await db.selectFrom('jp_pension_runs').selectAll().orderBy('period', 'desc').execute();
  return rows.map((r) => ({ ...r, amount: Number(r.amount) }));
}

/** Failed pension payments go out again (attempt + 1) to the pension's account as corrected since. */
export async function rebatchPensionFailures(db: Database, actor: Actor): Promise<MadeBatch[]> {
  return db.transaction().execute(async (trx) => {
    const failed = await failedItems(trx, PENSION_SOURCE);
    if (!failed.length) return [];
    const accounts = await trx
      .selectFrom('jp_pension_payments as y')
      .innerJoin('jp_pensions as j', 'j.id', 'y.pension_id')
      .select(['y.id', 'j.bank_code', 'j.account_number', 'j.payee_name'])
      .where(
        'y.id',
        'in',
        failed.map((f) => f.item_id),
      )
      .execute();
    const byId = new Map(accounts.map((a) => [a.id, a]));
    return writeBatches(
      trx,
      actor,
      PENSION_SOURCE,
      failed
        .filter((f) => byId.has(f.item_id))
        .map((f) => {
          const a = byId.get(f.item_id)!;
          return {
            item_id: f.item_id,
            amount: f.amount,
            channel: a.bank_code,
            account_number: a.account_number,
            holder_name: a.payee_name,
            attempt: f.attempt + 1,
          };
        }),
    );
  });
}

/**
 * Bank results for pension payments (the shared import). A pension's first payment confirmed paid
 * closes its claim (in payment → paid): the pension is running.
 */
export async function importPensionResults(
  db: Database,
  actor: Actor,
  file: string,
  fileName = file,
): Promise<BankResultSummary> {
  return importResults(
    db,
    actor,
    {
      payments: 'disbursement_payments',
      imports: 'disbursement_results',
      source: PENSION_SOURCE,
      auditEntity: 'pension_bank_result',
      afterApply: async (trx, changed) => {
        const paid = changed.filter((c) => c.status === 'paid');
        if (!paid.length) return;
        const claims = await trx
          .selectFrom('disbursement_payments as d')
          .innerJoin('jp_pension_payments as y', 'y.id', 'd.item_id')
          .innerJoin('jp_pensions as j', 'j.id', 'y.pension_id')
          .innerJoin('claims as c', 'c.id', 'j.claim_id')
          .select(['c.id', 'c.status'])
          .where(
            'd.id',
            'in',
            paid.map((p) => p.id),
          )
          .where('c.status', '=', 'in_payment')
          .distinct()
          .execute();
        for (const c of claims) {
          await trx.updateTable('claims').set({ status: 'paid' }).where('id', '=', c.id).execute();
          await recordAudit(
            trx,
            actor,
            'paid',
            'claim',
            String(c.id),
            { status: 'in_payment' },
            { status: 'paid' },
          );
        }
      },
    },
    file,
    fileName,
  );
}

/** NIKs of pension payees for the bank file (the heir's when an heir is paid), by payment row. */
export async function pensionPayeeIds(db: Database, paymentIds: number[]): Promise<Map<number, string>> {
  if (!paymentIds.length) return new Map();
  const rows = await db
    .selectFrom('jp_pension_payments as y')
    .innerJoin('jp_pensions as j', 'j.id', 'y.pension_id')
    .innerJoin('participants as p', 'p.id', 'j.participant_id')
    .leftJoin('related_persons as r', 'r.id', 'j.beneficiary_related_id')
    .select(['y.id', 'p.nik', 'r.nik as heir_nik'])
    .where('y.id', 'in', paymentIds)
    .execute();
  return new Map(rows.map((r) => [r.id, r.heir_nik ?? r.nik]));
}

export async function assertPensionBatch(db: Database, batchId: number): Promise<void> {
  const b = await db
    .selectFrom('disbursement_batches')
    .select('source')
    .where('id', '=', batchId)
    .executeTakeFirst();
  if (!b || b.source !== PENSION_SOURCE)
    throw new NotFoundError(`batch: batch pensiun ${batchId} tidak ditemukan / pension batch not found`);
}
