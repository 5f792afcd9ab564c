// `npm run bench -- billing [--participants N] [--db=embedded|postgres]`: seeds a synthetic national
// sample, bills one period through the real run, and, on the same database, times one hand-written
// INSERT … SELECT computing the same PU amounts (the lower bound).
import { sql } from 'kysely';
import { batchSettings, puCaps, puTables, runBilling } from '../src/modules/contributions/billing.ts';
import { puRatesValues } from '../src/modules/contributions/billing-sql.ts';
import { seedDemo } from '../src/modules/demo/actions.ts';
import { createProgress } from '../src/platform/progress.ts';
import { benchDb, intArg, machine, targets, timed } from './common.ts';

const PERIOD = '2026-10';

export async function benchBilling(args: string[]): Promise<void> {
  const n = intArg(args, 'participants', 1_000_000);
  console.log(`billing benchmark: ${n} participants, period ${PERIOD} — ${machine()}`);
  for (const target of targets(args)) {
    const { handle, drop } = await benchDb(target);
    try {
      const [, seedSecs] = await timed(() =>
        seedDemo(handle, { participants: n, progress: createProgress(`seed ${target}`) }),
      );
      console.log(`[${target}] seeded in ${seedSecs.toFixed(1)}s`);
      await sql`analyze`.execute(handle.db);
      // When the employers phase (the PU lines the bound writes) ended: its last committed chunk.
      const t0 = performance.now();
      let employersEnd = t0;
      const [r, secs] = await timed(() =>
        runBilling(handle, {
          period: PERIOD,
          chunkSize: 2000,
          progress: createProgress(`billing ${target}`),
          onChunk: (phase) => {
            if (phase === 'employers') employersEnd = performance.now();
          },
        }),
      );
      const employersSecs = (employersEnd - t0) / 1000;
      const pu = await sql<{
        n: number;
      }>`select count(*)::int as n from contribution_lines l join invoices i on i.id = l.invoice_id where i.payer_kind = 'employer'`.execute(
        handle.db,
      );
      console.log(
        `[${target}] billing run: ${r.invoices} invoices, ${r.lines} lines (${pu.rows[0]!.n} PU) in ${secs.toFixed(1)}s = ${Math.round(r.lines / secs)} lines/s`,
      );
      const tables = puTables(PERIOD);
      const caps = puCaps(tables);
      await sql`create table bound_lines (invoice_id bigint, participant_id bigint, program text, payer text, for_period text, base bigint, rate numeric, amount bigint,
                primary key (invoice_id, participant_id, program, payer, for_period))`.execute(handle.db);
      // The bound gets the run's own session settings (no JIT, 64 MB work_mem) in one transaction.
      const [bound, boundSecs] = await timed(() =>
        handle.db.transaction().execute(async (trx) => {
          await batchSettings(trx);
          return sql`
        insert into bound_lines
        select i.id, m.participant_id, r.program, r.payer, ${PERIOD}, b.base, r.rate, round(b.base * r.rate)::bigint
        from (select distinct on (participant_id, employer_id) * from employments
              where started_on <= date '2026-10-31' and (ended_on is null or ended_on >= date '2026-10-01')
              order by participant_id, employer_id, started_on desc) m
        join employers e on e.id = m.employer_id
        join participants p on p.id = m.participant_id and p.segment = 'PU'
        join invoices i on i.payer_kind = 'employer' and i.payer_id = m.employer_id and i.period = ${PERIOD}
        cross join lateral (select ev.wage from employment_events ev where ev.participant_id = m.participant_id and ev.employer_id = m.employer_id
                            and ev.kind <> 'exit' and ev.effective_on <= least(date '2026-10-31', coalesce(m.ended_on, date '2026-10-31'))
                            order by ev.effective_on desc, ev.id desc limit 1) w
        join ${puRatesValues(tables)} on r.risk_class = e.risk_class and r.labour_intensive = e.labour_intensive and r.program = any(p.programs)
        cross join lateral (select case r.base when 'wage_capped_jp' then least(w.wage, ${caps.jp}::bigint)
                                   when 'wage_capped_jkp' then least(w.wage, ${caps.jkp ?? 0}::bigint) else w.wage end as base) b
        `.execute(trx);
        }),
      );
      const boundLines = Number(bound.numAffectedRows ?? 0n);
      console.log(
        `[${target}] lower bound, one INSERT … SELECT of the PU lines: ${boundLines} lines in ${boundSecs.toFixed(1)}s = ${Math.round(boundLines / boundSecs)} lines/s`,
      );
      const same = await sql<{
        n: number;
      }>`select count(*)::int as n from bound_lines b join contribution_lines l using (invoice_id, participant_id, program, payer, for_period) where l.amount = b.amount`.execute(
        handle.db,
      );
      console.log(
        `[${target}] same amounts in both: ${same.rows[0]!.n} of ${boundLines}; PU-line rate of the run vs bound: ${(pu.rows[0]!.n / secs / (boundLines / boundSecs)).toFixed(2)} (run time includes invoices, totals, BPU/PMI/sponsors)`,
      );
      console.log(
        `[${target}] ratio run/bound (time per PU line): ${(secs / pu.rows[0]!.n / (boundSecs / boundLines)).toFixed(2)}× for the whole run; employers phase alone (invoices, PU lines, totals) ${employersSecs.toFixed(1)}s = ${(employersSecs / pu.rows[0]!.n / (boundSecs / boundLines)).toFixed(2)}×`,
      );
    } finally {
      await drop();
    }
  }
}
