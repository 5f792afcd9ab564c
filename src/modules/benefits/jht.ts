import { sql } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import { isoDate } from '../../platform/clock.ts';
import type { Database } from '../../platform/db.ts';
import { ConflictError, ValidationError } from '../../platform/errors.ts';
import { decimalToString } from '../../platform/money.ts';
import { recordAudit } from '../access/audit.ts';
import { type Actor, type Scope, SYSTEM } from '../access/policy.ts';
import { workbook } from '../contributions/xlsx.ts';
import { rateAt } from '../rules/params.ts';
import { personInScope } from './history.ts';

/**
 * JHT accounts (docs/decisions/0011-benefits-and-claims.md). Every movement is a row of jht_entries;
 * jht_accounts.balance is their running sum, kept in the same statement that writes the entries.
 *  - creditJhtContributions: the JHT lines (employer and worker shares, and adjustments) of every
 *    fully paid invoice, value date = the day it was paid (WIB). Chunked by invoice; an invoice is
 *    marked credited in the same transaction, so a rerun skips it.
 *  - postJhtDevelopment: the yearly return (hasil pengembangan) at the year's declared rate from the
 *    rules params, value date 31 December, chunked by participant with a watermark on the run row.
 *  - withdrawals are written by the claims module when the bank confirms a JHT payment.
 */

export interface RunCtx {
  progress?(done: number, total: number): void;
}

export interface CreditResult {
  invoices: number;
  entries: number;
  amount: number;
}

/** Credits the JHT lines of paid invoices not yet credited, `chunk` invoices per transaction. */
export async function creditJhtContributions(
  deps: { db: Database },
  params: { chunk?: number; actor?: Actor; participantId?: number } = {},
  ctx: RunCtx = {},
): Promise<CreditResult> {
  const chunk = params.chunk ?? 5000;
  // Only the invoices carrying this participant's JHT lines (a claim credits them before it reads the balance).
  const only =
    params.participantId === undefined
      ? sql`true`
      : sql`i.id in (select x.invoice_id from contribution_lines x where x.participant_id = ${params.participantId}::bigint and x.program = 'JHT')`;
  const todo = await sql<{ n: string }>`
    select count(*) as n from invoices i where i.status = 'paid' and ${only}
      and not exists (select 1 from jht_credited_invoices c where c.invoice_id = i.id)`.execute(deps.db);
  const total = Number(todo.rows[0]?.n ?? 0);
  const out: CreditResult = { invoices: 0, entries: 0, amount: 0 };
  let lo = 0;
  for (;;) {
    const r = await deps.db.transaction().execute(async (trx) => {
      // One crediting at a time (a transaction lock, not FOR UPDATE on the invoices: on a Citus
      // coordinator invoices are distributed and a multi-shard FOR UPDATE is refused).
      await sql`select pg_advisory_xact_lock(20261213)`.execute(trx);
      // Step by step, each a plain statement (the chunk's invoices read first, then the entries, the
      // accounts and the marks from them): on a Citus coordinator invoices are distributed by payer and
      // lines, entries and accounts by participant, so no statement may probe the other group per row.
      const picked = await sql<{ id: string; paid_on: string }>`
        select i.id, to_char(coalesce((i.paid_at at time zone 'Asia/Jakarta')::date, i.due_date), 'YYYY-MM-DD') as paid_on
        from invoices i
        where i.status = 'paid' and i.id > ${lo}::bigint and ${only}
          and not exists (select 1 from jht_credited_invoices c where c.invoice_id = i.id)
        order by i.id limit ${chunk}::int`.execute(trx);
      if (!picked.rows.length) return { invoices: '0', entries: '0', amount: '0', hi: null };
      const ids = picked.rows.map((x) => Number(x.id));
      const days = picked.rows.map((x) => x.paid_on);
      await sql`
        with inv as materialized (select * from unnest(${ids}::bigint[], ${days}::date[]) as inv (id, paid_on))
        insert into jht_entries (participant_id, kind, posted_on, amount, invoice_id, payer, for_period, adjustment)
        select l.participant_id, 'contribution', inv.paid_on, l.amount, l.invoice_id, l.payer, l.for_period, l.adjustment
        from inv join contribution_lines l on l.invoice_id = inv.id and l.program = 'JHT'
        on conflict do nothing`.execute(trx);
      // Invoices not credited have no entries yet (entries and marks are written in one transaction),
      // so the chunk's entries are exactly the ones just written.
      await sql`
        insert into jht_accounts (participant_id, balance)
        select e.participant_id, sum(e.amount) from jht_entries e
        where e.kind = 'contribution' and e.invoice_id = any(${ids}::bigint[])
        group by e.participant_id
        on conflict (participant_id) do update set balance = jht_accounts.balance + excluded.balance, updated_at = excluded.updated_at`.execute(
        trx,
      );
      const sums = await sql<{ entries: string; amount: string }>`
        select count(*)::text as entries, coalesce(sum(e.amount), 0)::text as amount from jht_entries e
        where e.kind = 'contribution' and e.invoice_id = any(${ids}::bigint[])`.execute(trx);
      await sql`
        with n as materialized (
          select l.invoice_id, count(*) as n from contribution_lines l
          where l.invoice_id = any(${ids}::bigint[]) and l.program = 'JHT' group by l.invoice_id
        )
        insert into jht_credited_invoices (invoice_id, entries)
        select inv.id, coalesce(n.n, 0) from unnest(${ids}::bigint[]) as inv (id) left join n on n.invoice_id = inv.id`.execute(
        trx,
      );
      const res = {
        rows: [
          {
            invoices: String(ids.length),
            entries: sums.rows[0]!.entries,
            amount: sums.rows[0]!.amount,
            hi: String(ids[ids.length - 1]),
          },
        ],
      };
      const row = res.rows[0]!;
      if (Number(row.invoices) > 0)
        await recordAudit(trx, params.actor ?? SYSTEM, 'credit_contributions', 'jht', null, null, {
          invoices: Number(row.invoices),
          entries: Number(row.entries),
          amount: Number(row.amount),
        });
      return row;
    });
    if (r.hi === null) break;
    lo = Number(r.hi);
    out.invoices += Number(r.invoices);
    out.entries += Number(r.entries);
    out.amount += Number(r.amount);
    ctx.progress?.(out.invoices, total);
  }
  return out;
}

export interface DevelopmentResult {
  year: number;
  rate: string;
  unconfirmed: boolean;
  rateRef: string;
  accounts: number;
  amount: number;
  alreadyDone: boolean;
}

/** The declared rate of a year from the rules params, flagged when unconfirmed or carried past its end. */
export function developmentRate(year: number) {
  const [rate, r] = rateAt('jht.return_rate', `${year}-12-31`, 'year');
  const unconfirmed = r.unconfirmed || !!r.warning;
  const ref = [r.ref, r.note, r.warning].filter(Boolean).join(' — ');
  return { rate: decimalToString(rate), unconfirmed, ref };
}

/**
 * Posts the development of `year` to every account: round(rate × (opening × 12 + Σ movement ×
 * (12 − month of its value date)) / 12), the calculator's formula (rules/savings.ts jhtYear) applied
 * to the posted movements: the opening balance earns the full year, each contribution (or withdrawal)
 * from the end of the month it was booked in. Computed as round(rate × (12 × B − Σ movement in the year ×
 * month) / 12) with B, the balance on 31 December, = the running balance minus the entries dated later,
 * so a chunk reads only the entries from 1 January of the year on, never the whole history. Each chunk
 * is one key range of jht_accounts and every statement in it is bounded by that range: the work per
 * chunk is constant whatever the number of accounts. Resumable: the run row keeps the last participant
 * id done (in the chunk's transaction), and a unique (participant, year) entry makes a redone chunk a no-op.
 */
export async function postJhtDevelopment(
  deps: { db: Database; clock: Clock },
  params: { year: number; chunk?: number; actor?: Actor },
  ctx: RunCtx = {},
): Promise<DevelopmentResult> {
  const { year } = params;
  if (!Number.isInteger(year) || year < 2015 || year > 2100)
    throw new ValidationError(`year: tahun tidak valid / invalid year (got ${year})`);
  const today = isoDate(deps.clock.now());
  if (`${year}-12-31` >= today)
    throw new ValidationError(
      `year: tahun ${year} belum berakhir / year ${year} has not ended (today ${today})`,
    );
  const { rate, unconfirmed, ref } = developmentRate(year);
  const chunk = params.chunk ?? 20000;
  const actor = params.actor ?? SYSTEM;
  // Everything paid by now is credited first, so the year's development sees every contribution.
  await creditJhtContributions(deps, { actor });
  const prior = await deps.db
    .selectFrom('jht_development_runs')
    .select('status')
    .where('year', '=', year)
    .executeTakeFirst();
  if (!prior) {
    const later = await sql<{
      year: number;
    }>`select year from jht_development_runs where year > ${year}::int order by year limit 1`.execute(
      deps.db,
    );
    if (later.rows.length)
      throw new ConflictError(
        `year: pengembangan ${later.rows[0]!.year} sudah dibukukan; tahun diposting berurutan / ${later.rows[0]!.year} is already posted; years are posted in order`,
      );
  }
  await sql`insert into jht_development_runs (year, rate, unconfirmed, rate_ref, started_by, started_by_name)
    values (${year}, ${rate}::numeric, ${unconfirmed}, ${ref}, ${actor.userId}, ${actor.username})
    on conflict (year) do nothing`.execute(deps.db);
  const run = await deps.db
    .selectFrom('jht_development_runs')
    .selectAll()
    .where('year', '=', year)
    .executeTakeFirstOrThrow();
  if (run.status === 'done')
    return {
      year,
      rate: run.rate,
      unconfirmed: run.unconfirmed,
      rateRef: run.rate_ref,
      accounts: Number(run.accounts),
      amount: Number(run.amount),
      alreadyDone: true,
    };
  const y0 = `${year}-01-01`;
  const y1 = `${year}-12-31`;
  const total = Number(
    (await sql<{ n: string }>`select count(*) as n from jht_accounts`.execute(deps.db)).rows[0]?.n ?? 0,
  );
  let lo = Number(run.last_key);
  let done = 0;
  for (;;) {
    const hi = await deps.db.transaction().execute(async (trx) => {
      // A chunk is one key range (lo, hi] of jht_accounts, and every statement below is bounded by it,
      // so each chunk costs the same however many accounts and entries there are: no join the planner
      // could turn into a scan of a whole table (a hash of all accounts per chunk made 10M quadratic).
      // JIT compiles each chunk's plan anew (≈0.6 s a chunk), far more than the chunk itself saves.
      await sql`set local jit = off`.execute(trx);
      const bound = await sql<{ hi: string | null; n: string }>`
        select max(participant_id) as hi, count(*) as n from (
          select participant_id from jht_accounts where participant_id > ${lo}::bigint order by participant_id limit ${chunk}::int
        ) k`.execute(trx);
      if (bound.rows[0]?.hi == null) return null;
      const next = Number(bound.rows[0].hi);
      // The balance at the year end from the running balance: B(31 Dec) = balance − entries dated later
      // (and the year's own posting, if any), so only the entries from 1 Jan of the year on are read.
      // rate × (Σ before × 12 + Σ in year × (12 − month)) / 12 = rate × (12 × B(31 Dec) − Σ in year × month) / 12.
      const res = await sql<{ n: string; amount: string }>`
        with mv as (
          select e.participant_id,
            coalesce(sum(e.amount) filter (where e.posted_on > ${y1}::date or (e.kind = 'development' and e.year = ${year}::int)), 0) as later,
            coalesce(sum(e.amount * date_part('month', e.posted_on)::int)
              filter (where e.posted_on <= ${y1}::date and not (e.kind = 'development' and e.year = ${year}::int)), 0) as by_month
          from jht_entries e
          where e.participant_id > ${lo}::bigint and e.participant_id <= ${next}::bigint and e.posted_on >= ${y0}::date
          group by e.participant_id
        ),
        w as (
          select a.participant_id, 12 * (a.balance - coalesce(mv.later, 0)) - coalesce(mv.by_month, 0) as weighted
          from jht_accounts a left join mv on mv.participant_id = a.participant_id
          where a.participant_id > ${lo}::bigint and a.participant_id <= ${next}::bigint
        ),
        ins as (
          insert into jht_entries (participant_id, kind, posted_on, amount, year, rate, unconfirmed)
          select w.participant_id, 'development', ${y1}::date, round(${rate}::numeric * w.weighted / 12)::bigint, ${year}::int, ${rate}::numeric, ${unconfirmed}
          from w where round(${rate}::numeric * w.weighted / 12) <> 0
          on conflict (participant_id, year) where kind = 'development' do nothing
          returning participant_id, amount
        ),
        upd as (
          update jht_accounts x set balance = x.balance + ins.amount, updated_at = now()
          from ins where x.participant_id = ins.participant_id
            and x.participant_id > ${lo}::bigint and x.participant_id <= ${next}::bigint
          returning 1
        )
        select (select count(*) from upd) as n, (select coalesce(sum(amount), 0) from ins) as amount`.execute(
        trx,
      );
      const row = res.rows[0]!;
      await sql`update jht_development_runs set last_key = ${next}::bigint,
          accounts = accounts + ${Number(row.n)}::bigint, amount = amount + ${Number(row.amount)}::bigint
        where year = ${year}::int`.execute(trx);
      return { next, n: Number(bound.rows[0].n) };
    });
    if (hi === null) break;
    done = Math.min(total, done + hi.n);
    ctx.progress?.(done, total);
    lo = hi.next;
  }
  const fin = await deps.db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('jht_development_runs')
      .set({ status: 'done', finished_at: new Date() })
      .where('year', '=', year)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, 'post_development', 'jht', String(year), null, {
      rate: r.rate,
      unconfirmed: r.unconfirmed,
      accounts: Number(r.accounts),
      amount: Number(r.amount),
    });
    return r;
  });
  return {
    year,
    rate: fin.rate,
    unconfirmed: fin.unconfirmed,
    rateRef: fin.rate_ref,
    accounts: Number(fin.accounts),
    amount: Number(fin.amount),
    alreadyDone: false,
  };
}

/** A paid JHT claim: a negative entry dated the payment day, in the caller's transaction. */
export async function recordJhtWithdrawal(
  trx: Database,
  o: { participantId: number; claimId: number; amount: number; paidOn: string },
): Promise<void> {
  const r = await sql`insert into jht_entries (participant_id, kind, posted_on, amount, claim_id)
    values (${o.participantId}::bigint, 'withdrawal', ${o.paidOn}::date, ${-o.amount}::bigint, ${o.claimId}::bigint)
    on conflict do nothing returning id`.execute(trx);
  if (!r.rows.length) return;
  await sql`insert into jht_accounts (participant_id, balance) values (${o.participantId}::bigint, ${-o.amount}::bigint)
    on conflict (participant_id) do update set balance = jht_accounts.balance + excluded.balance, updated_at = excluded.updated_at`.execute(
    trx,
  );
}

/** The balance on a date: the sum of the entries with a value date on or before it. */
export async function jhtBalanceOn(db: Database, participantId: number, asOf: string): Promise<number> {
  const r = await sql<{ b: string }>`select coalesce(sum(amount), 0) as b from jht_entries
    where participant_id = ${participantId}::bigint and posted_on <= ${asOf}::date`.execute(db);
  return Number(r.rows[0]?.b ?? 0);
}

export interface StatementYear {
  year: number;
  opening: number;
  employer: number;
  worker: number;
  development: number;
  withdrawals: number;
  closing: number;
  rate: string | null;
  unconfirmed: boolean;
}

/** The statement of one member on a date: the yearly movements and every entry. */
export async function jhtStatement(db: Database, scope: Scope, participantId: number, asOf: string) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf))
    throw new ValidationError(`as_of: tanggal harus YYYY-MM-DD / date must be YYYY-MM-DD (got "${asOf}")`);
  const participant = await personInScope(db, scope, participantId);
  const entries = await sql<{
    posted_on: string;
    kind: string;
    payer: string | null;
    for_period: string | null;
    year: number | null;
    rate: string | null;
    unconfirmed: boolean;
    amount: string;
  }>`select to_char(posted_on, 'YYYY-MM-DD') as posted_on, kind, payer, for_period, year, rate::text as rate, unconfirmed, amount
     from jht_entries where participant_id = ${participantId}::bigint and posted_on <= ${asOf}::date
     order by posted_on, kind, for_period, payer, id`.execute(db);
  let running = 0;
  const rows = entries.rows.map((e) => {
    running += Number(e.amount);
    return { ...e, amount: Number(e.amount), balance: running };
  });
  const years = new Map<number, StatementYear>();
  let balance = 0;
  for (const e of rows) {
    const y = Number(e.posted_on.slice(0, 4));
    let s = years.get(y);
    if (!s) {
      s = {
        year: y,
        opening: balance,
        employer: 0,
        worker: 0,
        development: 0,
        withdrawals: 0,
        closing: balance,
        rate: null,
        unconfirmed: false,
      };
      years.set(y, s);
    }
    if (e.kind === 'contribution') {
      if (e.payer === 'employer') s.employer += e.amount;
      else s.worker += e.amount;
    } else if (e.kind === 'development') {
      s.development += e.amount;
      s.rate = e.rate;
      s.unconfirmed = e.unconfirmed;
    } else s.withdrawals += -e.amount;
    balance += e.amount;
    s.closing = balance;
  }
  return {
    participant: { id: participant.id, kpj: participant.kpj, full_name: participant.full_name },
    as_of: asOf,
    balance,
    years: [...years.values()],
    entries: rows,
  };
}

export type JhtStatement = Awaited<ReturnType<typeof jhtStatement>>;

const KIND_WORDS: Record<string, string> = {
  contribution: 'Iuran / Contribution',
  development: 'Hasil pengembangan / Development',
  withdrawal: 'Pembayaran / Payout',
};
const PAYER_WORDS: Record<string, string> = {
  employer: 'Pemberi kerja / Employer',
  worker: 'Pekerja / Worker',
  participant: 'Peserta / Participant',
  government: 'Pemerintah / Government',
};

export async function jhtStatementXlsx(s: JhtStatement): Promise<Buffer> {
  const title = [
    `Saldo JHT / JHT balance statement — KPJ ${s.participant.kpj} ${s.participant.full_name}`,
    `Per tanggal / as of ${s.as_of}: Rp${s.balance.toLocaleString('id-ID')}`,
  ];
  return workbook([
    {
      name: 'Ringkasan',
      title,
      columns: [
        { header: 'Tahun / Year', key: 'year', width: 10 },
        { header: 'Saldo awal / Opening', key: 'opening', money: true },
        { header: 'Iuran pemberi kerja / Employer', key: 'employer', money: true },
        { header: 'Iuran pekerja / Worker', key: 'worker', money: true },
        { header: 'Hasil pengembangan / Development', key: 'development', money: true },
        { header: 'Tingkat / Rate', key: 'rate_text', width: 28 },
        { header: 'Pembayaran / Payouts', key: 'withdrawals', money: true },
        { header: 'Saldo akhir / Closing', key: 'closing', money: true },
      ],
      rows: s.years.map((y) => ({
        ...y,
        rate_text:
          y.rate === null
            ? ''
            : `${(Number(y.rate) * 100).toLocaleString('id-ID', { maximumFractionDigits: 4 })}%${y.unconfirmed ? ' (BELUM TERKONFIRMASI / UNCONFIRMED)' : ''}`,
      })),
    },
    {
      name: 'Mutasi',
      title,
      columns: [
        { header: 'Tanggal / Date', key: 'posted_on', width: 12 },
        { header: 'Jenis / Kind', key: 'kind_text', width: 30 },
        { header: 'Pembayar / Payer', key: 'payer_text', width: 24 },
        { header: 'Bulan iuran / Month', key: 'for_period', width: 12 },
        { header: 'Jumlah / Amount', key: 'amount', money: true },
        { header: 'Saldo / Balance', key: 'balance', money: true },
      ],
      rows: s.entries.map((e) => ({
        ...e,
        kind_text: KIND_WORDS[e.kind] ?? e.kind,
        payer_text: e.payer ? (PAYER_WORDS[e.payer] ?? e.payer) : '',
      })),
    },
  ]);
}

/**
 * Sum of all accounts = credited contributions + development − payouts, each side counted
 * separately (accounts from jht_accounts, credits from the contribution lines of the credited
 * invoices, development from the run rows, payouts from the entries), plus accounts whose balance
 * differs from their own entries.
 */
export async function reconcileJht(db: Database) {
  const r = await sql<{
    accounts: string;
    credits: string;
    credited_lines: string;
    development: string;
    development_runs: string;
    payouts: string;
    mismatched: string;
  }>`select
      (select coalesce(sum(balance), 0) from jht_accounts) as accounts,
      (select coalesce(sum(amount), 0) from jht_entries where kind = 'contribution') as credits,
      (select coalesce(sum(l.amount), 0) from jht_credited_invoices c join contribution_lines l on l.invoice_id = c.invoice_id and l.program = 'JHT') as credited_lines,
      (select coalesce(sum(amount), 0) from jht_entries where kind = 'development') as development,
      (select coalesce(sum(amount), 0) from jht_development_runs) as development_runs,
      (select coalesce(-sum(amount), 0) from jht_entries where kind = 'withdrawal') as payouts,
      (select count(*) from jht_accounts a where a.balance <> (select coalesce(sum(e.amount), 0) from jht_entries e where e.participant_id = a.participant_id)) as mismatched`.execute(
    db,
  );
  const n = Object.fromEntries(Object.entries(r.rows[0]!).map(([k, v]) => [k, Number(v)])) as {
    [K in keyof (typeof r.rows)[0]]: number;
  };
  const checks = [
    {
      name: 'accounts = credits + development − payouts',
      left: n.accounts,
      right: n.credits + n.development - n.payouts,
      ok: false,
    },
    { name: 'credits = JHT lines of credited invoices', left: n.credits, right: n.credited_lines, ok: false },
    { name: 'development = development runs', left: n.development, right: n.development_runs, ok: false },
    { name: 'accounts whose balance ≠ their entries', left: n.mismatched, right: 0, ok: false },
  ].map((c) => ({ ...c, ok: c.left === c.right }));
  return { ...n, checks, ok: checks.every((c) => c.ok) };
}
