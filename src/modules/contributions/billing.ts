import { sql } from 'kysely';
import type { Database, DbHandle } from '../../platform/db.ts';
import { parsePeriod } from '../../platform/period.ts';
import { type Progress, silentProgress } from '../../platform/progress.ts';
import { decideSponsorships } from '../partnerships/budget.ts';
import { computeContribution } from '../rules/contributions.ts';
import { contributionRates, type PuRateTable } from '../rules/rates.ts';
import { adjustmentPeriods, insertAdjustments } from './billing-adjust.ts';
import {
  amountsValues,
  comboAmounts,
  insertSelfInvoices,
  insertSelfLines,
  insertSponsorInvoices,
  insertSponsorLines,
  periodCombos,
} from './billing-other.ts';
import {
  type Caps,
  insertEmployerInvoices,
  insertEmployerLines,
  puRatesValues,
  refreshInvoiceTotals,
} from './billing-sql.ts';
import { dueDate } from './due.ts';
import { applyCreditAll } from './payments.ts';

export interface BillingOptions {
  period: string;
  /** Employers per committed chunk; participant phases take 25 times as many ids (most are not billed there). */
  chunkSize?: number;
  progress?: Progress;
  /** Called after each committed chunk (tests use it to crash a run mid-way). */
  onChunk?: (phase: string, lastKey: number) => void;
}

export interface BillingResult {
  runId: number;
  period: string;
  invoices: number;
  lines: number;
  resumed: boolean;
  alreadyDone: boolean;
}

const PHASES = ['employers', 'adjustments', 'self', 'sponsors', 'projects', 'done'] as const;
type Phase = (typeof PHASES)[number];

/** The PU rate table for every risk class, with and without the labour-intensive discount. */
export function puTables(period: string): PuRateTable[] {
  return [1, 2, 3, 4, 5].flatMap((riskClass) =>
    [false, true].map((labourIntensive) => contributionRates(period, { riskClass, labourIntensive })),
  );
}

export function puCaps(tables: PuRateTable[]): Caps {
  const t = tables[0]!;
  return { jp: t.jpWageCap, jkp: t.jkpWageCap };
}

/**
 * The period's run row, created on first call with who started it (a resumed or repeated run keeps its
 * first starter). Its invoices carry run_id and its lines their invoice: every billed row names the run.
 */
export async function startRun(
  db: Database,
  period: string,
  startedBy: { userId: number | null; username: string } | null = null,
) {
  await sql`insert into billing_runs (period, started_by, started_by_name)
    values (${period}, ${startedBy?.userId ?? null}, ${startedBy?.username ?? null})
    on conflict (period) do nothing`.execute(db);
  return db.selectFrom('billing_runs').selectAll().where('period', '=', period).executeTakeFirstOrThrow();
}

async function advance(
  db: Database,
  runId: number,
  phase: Phase,
  lastKey: number,
  invoices: number,
  lines: number,
) {
  await db
    .updateTable('billing_runs')
    .set((eb) => ({
      phase,
      last_key: lastKey,
      invoices: eb('invoices', '+', invoices),
      lines: eb('lines', '+', lines),
    }))
    .where('id', '=', runId)
    .execute();
}

/**
 * Bills a period: one invoice per payer, a line per participant, program and payer share. Idempotent
 * and resumable: the run row remembers the phase and the keyset watermark of the last committed
 * chunk, and unique keys (payer, period) and (invoice, participant, program, payer, month) make any
 * re-done work a no-op, so a crash followed by a re-run bills exactly what one run would have.
 */
export async function runBilling(h: DbHandle, o: BillingOptions): Promise<BillingResult> {
  const period = parsePeriod(o.period);
  const { db } = h;
  const run = await startRun(db, period);
  if (run.status === 'done') {
    return {
      runId: run.id,
      period,
      invoices: run.invoices,
      lines: Number(run.lines),
      resumed: false,
      alreadyDone: true,
    };
  }
  const resumed = run.phase !== 'employers' || run.last_key > 0;
  const tables = puTables(period);
  // Who the sponsors' budgets cover this month must be settled before anyone is billed.
  await decideSponsorships(db, period);
  const combos = await periodCombos(db, period);
  const { rows: comboRows, explanations } = comboAmounts(combos);
  await db
    .updateTable('billing_runs')
    .set({
      rate_tables: JSON.stringify({ pu: tables, combos: explanations }, (_k, v) =>
        typeof v === 'bigint' ? Number(v) : v,
      ),
    })
    .where('id', '=', run.id)
    .execute();
  const ctx: RunCtx = {
    db,
    runId: run.id,
    period,
    chunk: o.chunkSize ?? 2000,
    progress: o.progress ?? silentProgress,
    onChunk: o.onChunk,
    tables,
    comboRows,
  };
  let phase = run.phase as Phase;
  let lastKey = Number(run.last_key);
  try {
    while (phase !== 'done') {
      await PHASE_WORK[phase](ctx, lastKey);
      phase = PHASES[PHASES.indexOf(phase) + 1]!;
      lastKey = 0;
      await advance(db, run.id, phase, 0, 0, 0);
    }
    // Payers who paid ahead (overpayment kept as credit) settle the new invoices from it.
    await applyCreditAll(db);
    const done = await db
      .updateTable('billing_runs')
      .set({ status: 'done', finished_at: new Date(), error: null })
      .where('id', '=', run.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    ctx.progress.done(`${done.invoices} tagihan, ${done.lines} baris iuran`);
    return {
      runId: run.id,
      period,
      invoices: done.invoices,
      lines: Number(done.lines),
      resumed,
      alreadyDone: false,
    };
  } catch (e) {
    await db
      .updateTable('billing_runs')
      .set({ error: String(e instanceof Error ? e.message : e) })
      .where('id', '=', run.id)
      .execute();
    throw e;
  }
}

interface RunCtx {
  db: Database;
  runId: number;
  period: string;
  chunk: number;
  progress: Progress;
  onChunk?: (phase: string, lastKey: number) => void;
  tables: PuRateTable[];
  comboRows: ReturnType<typeof comboAmounts>['rows'];
}

/** Walks ids (employers or participants) in keyset chunks, committing each chunk with the watermark. */
async function chunked(
  ctx: RunCtx,
  phase: Phase,
  table: 'employers' | 'participants',
  from: number,
  work: (trx: Database, lo: number, hi: number) => Promise<{ invoices: number; lines: number }>,
) {
  const size = table === 'employers' ? ctx.chunk : ctx.chunk * 25;
  const max = Number(
    (await sql<{ m: number | null }>`select max(id) as m from ${sql.table(table)}`.execute(ctx.db)).rows[0]
      ?.m ?? 0,
  );
  if (from === 0) ctx.progress.total(max);
  for (let lo = from; lo < max; ) {
    const next = await sql<{
      hi: number | null;
    }>`select max(id) as hi from (select id from ${sql.table(table)} where id > ${lo} order by id limit ${size}) s`.execute(
      ctx.db,
    );
    const hi = Number(next.rows[0]?.hi ?? max);
    await ctx.db.transaction().execute(async (trx) => {
      await batchSettings(trx);
      const n = await work(trx, lo, hi);
      await advance(trx, ctx.runId, phase, hi, n.invoices, n.lines);
    });
    ctx.progress.tick(hi - lo);
    ctx.onChunk?.(phase, hi);
    lo = hi;
  }
}

/**
 * Settings for one chunk transaction of a batch run. JIT compilation is off: it cost ~2 s per chunk
 * statement (EXPLAIN ANALYZE: 2.2 s of JIT for a 2,000-employer lines statement), paid again by every
 * chunk, while the plans are index lookups and hash joins that gain nothing from it. work_mem lets the
 * DISTINCT ON sort of a chunk's employments stay in memory (it spilled to disk at the 4 MB default).
 */
export async function batchSettings(trx: Database): Promise<void> {
  await sql`set local jit = off`.execute(trx);
  await sql`set local work_mem = '64MB'`.execute(trx);
}

const count = (r: { numAffectedRows?: bigint }) => Number(r.numAffectedRows ?? 0n);

const PHASE_WORK: Record<Exclude<Phase, 'done'>, (ctx: RunCtx, from: number) => Promise<void>> = {
  employers: (ctx, from) => {
    const rates = puRatesValues(ctx.tables);
    const caps = puCaps(ctx.tables);
    const due = dueDate(ctx.period, 'employer');
    return chunked(ctx, 'employers', 'employers', from, async (trx, lo, hi) => {
      const inv = await sql`${insertEmployerInvoices(ctx.period, ctx.runId, due, lo, hi)}`.execute(trx);
      const lines = await sql`${insertEmployerLines(ctx.period, lo, hi, rates, caps)}`.execute(trx);
      await sql`${refreshInvoiceTotals(sql`i2.payer_kind = 'employer' and i2.period = ${ctx.period} and i2.payer_id > ${lo} and i2.payer_id <= ${hi}`)}`.execute(
        trx,
      );
      return { invoices: count(inv), lines: count(lines) };
    });
  },
  adjustments: async (ctx) => {
    const due = dueDate(ctx.period, 'employer');
    for (const q of await adjustmentPeriods(ctx.db, ctx.period)) {
      const tables = puTables(q);
      await ctx.db.transaction().execute(async (trx) => {
        await batchSettings(trx);
        const n = await insertAdjustments(
          trx,
          ctx.period,
          q,
          ctx.runId,
          due,
          puRatesValues(tables),
          puCaps(tables),
        );
        await advance(trx, ctx.runId, 'adjustments', 0, n.invoices, n.lines);
      });
    }
  },
  self: (ctx, from) => {
    const amounts = amountsValues(ctx.comboRows);
    const bpuDue = dueDate(ctx.period, 'BPU');
    const due = dueDate(ctx.period, 'participant');
    return chunked(ctx, 'self', 'participants', from, async (trx, lo, hi) => {
      const inv =
        await sql`${insertSelfInvoices(ctx.period, ctx.runId, bpuDue, due, lo, hi, amounts)}`.execute(trx);
      const lines = await sql`${insertSelfLines(ctx.period, lo, hi, amounts)}`.execute(trx);
      await sql`${refreshInvoiceTotals(sql`i2.payer_kind = 'participant' and i2.period = ${ctx.period} and i2.payer_id > ${lo} and i2.payer_id <= ${hi}`)}`.execute(
        trx,
      );
      return { invoices: count(inv), lines: count(lines) };
    });
  },
  sponsors: async (ctx) => {
    await ctx.db.transaction().execute(async (trx) => {
      await batchSettings(trx);
      const amounts = amountsValues(ctx.comboRows);
      const due = dueDate(ctx.period, 'sponsor');
      const inv = await sql`${insertSponsorInvoices(ctx.period, ctx.runId, due, amounts)}`.execute(trx);
      const lines = await sql`${insertSponsorLines(ctx.period, amounts)}`.execute(trx);
      await sql`${refreshInvoiceTotals(sql`i2.payer_kind = 'sponsor' and i2.period = ${ctx.period}`)}`.execute(
        trx,
      );
      await advance(trx, ctx.runId, 'sponsors', 0, count(inv), count(lines));
    });
  },
  projects: async (ctx) => {
    const projects = await ctx.db
      .selectFrom('construction_projects')
      .selectAll()
      .where('start_period', '=', ctx.period)
      .execute();
    const due = dueDate(ctx.period, 'employer');
    await ctx.db.transaction().execute(async (trx) => {
      let invoices = 0;
      for (const pr of projects) {
        const r = computeContribution({
          segment: 'JAKON',
          period: ctx.period,
          contractValue: BigInt(pr.contract_value),
        });
        const inv =
          await sql`insert into invoices (period, payer_kind, payer_id, run_id, due_date) values (${ctx.period}, 'employer', ${pr.employer_id}, ${ctx.runId}, ${due}::date) on conflict do nothing`.execute(
            trx,
          );
        invoices += count(inv);
        // The marginal tiers give several lines per program; the project owes their sum.
        const perProgram = new Map<string, bigint>();
        for (const l of r.lines)
          if (l.kind === 'charge') perProgram.set(l.program, (perProgram.get(l.program) ?? 0n) + l.amount);
        for (const [program, amount] of perProgram) {
          await sql`insert into project_lines (invoice_id, project_id, program, base, amount)
                    select id, ${pr.id}, ${program}, ${pr.contract_value}, ${amount} from invoices
                    where payer_kind = 'employer' and payer_id = ${pr.employer_id} and period = ${ctx.period}
                    on conflict do nothing`.execute(trx);
        }
      }
      if (projects.length)
        await sql`${refreshInvoiceTotals(sql`i2.payer_kind = 'employer' and i2.period = ${ctx.period} and i2.payer_id in (${sql.join(projects.map((p) => p.employer_id))})`)}`.execute(
          trx,
        );
      await advance(trx, ctx.runId, 'projects', 0, invoices, 0);
    });
  },
};

/**
 * The employers phase for one range of employer ids (lo, hi], in committed chunks from `from`:
 * a billing job fans the phase out as child jobs over such ranges. Counts add to the run row; the
 * unique keys make a redone chunk a no-op, so a retried range never bills twice.
 */
export async function billEmployerRange(
  db: Database,
  o: {
    period: string;
    runId: number;
    lo: number;
    hi: number;
    from?: number;
    chunk?: number;
    onChunk?: (hi: number) => Promise<void>;
  },
): Promise<{ invoices: number; lines: number }> {
  const tables = puTables(o.period);
  const rates = puRatesValues(tables);
  const caps = puCaps(tables);
  const due = dueDate(o.period, 'employer');
  const size = o.chunk ?? 2000;
  const total = { invoices: 0, lines: 0 };
  for (let lo = Math.max(o.lo, o.from ?? o.lo); lo < o.hi; ) {
    const next = await sql<{ hi: number | null }>`select max(id) as hi from (select id from employers
      where id > ${lo} and id <= ${o.hi} order by id limit ${size}) s`.execute(db);
    const hi = Number(next.rows[0]?.hi ?? o.hi);
    await db.transaction().execute(async (trx) => {
      await batchSettings(trx);
      const inv = await sql`${insertEmployerInvoices(o.period, o.runId, due, lo, hi)}`.execute(trx);
      const lines = await sql`${insertEmployerLines(o.period, lo, hi, rates, caps)}`.execute(trx);
      await sql`${refreshInvoiceTotals(sql`i2.payer_kind = 'employer' and i2.period = ${o.period} and i2.payer_id > ${lo} and i2.payer_id <= ${hi}`)}`.execute(
        trx,
      );
      await trx
        .updateTable('billing_runs')
        .set((eb) => ({ invoices: eb('invoices', '+', count(inv)), lines: eb('lines', '+', count(lines)) }))
        .where('id', '=', o.runId)
        .execute();
      total.invoices += count(inv);
      total.lines += count(lines);
    });
    await o.onChunk?.(hi);
    lo = hi;
  }
  return total;
}

/** Employer-id ranges of about equal size for `parts` parallel chunk jobs. */
export async function employerRanges(
  db: Database,
  parts: number,
): Promise<Array<{ lo: number; hi: number }>> {
  const r = await sql<{
    lo: number;
    hi: number;
  }>`select coalesce(min(id) - 1, 0)::int as lo, max(id)::int as hi
    from (select id, ntile(${parts}) over (order by id) as part from employers) t group by part order by part`.execute(
    db,
  );
  return r.rows;
}

/** After the parallel employers phase: the run continues with the next phase. */
export async function finishEmployersPhase(db: Database, runId: number): Promise<void> {
  await db
    .updateTable('billing_runs')
    .set({ phase: 'adjustments', last_key: 0 })
    .where('id', '=', runId)
    .where('phase', '=', 'employers')
    .execute();
}
