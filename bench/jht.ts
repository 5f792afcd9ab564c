// `npm run bench -- jht [--scale N | --accounts N] [--months M] [--db=embedded|postgres] [--chunk N] [--samples N]`:
// N JHT accounts, each with M monthly contributions in 2024 (default 12: N × 12 entries), then the yearly
// development posted through the real resumable function (postJhtDevelopment, chunked, audited) next to
// one plain UPDATE … FROM of the same amounts on a copy of the accounts (the ratio), and the p50/p95 of
// one member's statement query (balance + entries as of a date). Run it at 10M on the server
// (`npm run bench -- jht --scale 10M --db=postgres`). The seed is set-based (generate_series) in slices
// of 1M accounts with the entries' indexes dropped and rebuilt after the load (a bulk load, not what is
// measured), so 120M entries take minutes, not the half hour of index maintenance row by row.
// Every timing is printed with the load average: the machine is shared.
import os from 'node:os';
import { sql } from 'kysely';
import { jhtBalanceOn, postJhtDevelopment } from '../src/modules/benefits/jht.ts';
import { fixedClock } from '../src/platform/clock.ts';
import { benchDb, intArg, machine, scaleArg, targets, timed } from './common.ts';

const load = () =>
  `load ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`;

export async function benchJht(args: string[]): Promise<void> {
  const n = scaleArg(args, 'accounts', 100_000);
  const months = intArg(args, 'months', 12);
  if (months < 1 || months > 12) throw new Error('--months: 1..12');
  const chunk = intArg(args, 'chunk', 20_000);
  const samples = intArg(args, 'samples', 200);
  console.log(`JHT development benchmark: ${n} accounts × ${months} entries — ${machine()} — ${load()}`);
  for (const target of targets(args)) {
    const { handle, drop } = await benchDb(target);
    const db = handle.db;
    try {
      const [, seedSecs] = await timed(async () => {
        const idx = await sql<{ name: string; def: string; pk: boolean }>`
          select i.indexname as name, i.indexdef as def, c.contype is not null as pk
          from pg_indexes i left join pg_constraint c on c.conname = i.indexname and c.contype = 'p'
          where i.tablename = 'jht_entries'`.execute(db);
        for (const i of idx.rows)
          await sql
            .raw(i.pk ? `alter table jht_entries drop constraint ${i.name}` : `drop index ${i.name}`)
            .execute(db);
        const slice = 1_000_000;
        for (let lo = 1; lo <= n; lo += slice) {
          const hi = Math.min(n, lo + slice - 1);
          // Months spread over the year (12: every month; 4: Mar, Jun, Sep, Dec).
          await sql`insert into jht_entries (participant_id, kind, posted_on, amount, invoice_id, payer, for_period)
            select g, 'contribution', make_date(2024, m, 10), 150000 + (g % 97) * 1000, g::bigint * 100 + m, 'employer',
                   to_char(make_date(2024, m, 1) - interval '1 month', 'YYYY-MM')
            from generate_series(${lo}::int, ${hi}::int) g
            cross join (select (12 * k / ${months}::int) as m from generate_series(1, ${months}::int) k) mm`.execute(
            db,
          );
          await sql`insert into jht_accounts (participant_id, balance)
            select g, ${months}::int * (150000 + (g % 97) * 1000) from generate_series(${lo}::int, ${hi}::int) g`.execute(
            db,
          );
        }
        await db.transaction().execute(async (trx) => {
          await sql`set local maintenance_work_mem = '1GB'`.execute(trx);
          for (const i of idx.rows)
            await sql
              .raw(i.pk ? `alter table jht_entries add constraint ${i.name} primary key (id)` : i.def)
              .execute(trx);
        });
        await sql`create table bench_plain as select * from jht_accounts`.execute(db);
        await sql`alter table bench_plain add primary key (participant_id)`.execute(db);
        await sql`vacuum analyze`.execute(db);
      });
      console.log(`[${target}] seeded ${n * months} entries in ${seedSecs.toFixed(1)}s (${load()})`);
      const [r, secs] = await timed(() =>
        postJhtDevelopment({ db, clock: fixedClock('2025-01-05T00:00:00Z') }, { year: 2024, chunk }),
      );
      console.log(
        `[${target}] postJhtDevelopment: ${r.accounts} accounts, Rp${r.amount} in ${secs.toFixed(2)}s = ${Math.round(r.accounts / secs)} accounts/s (loaded: ${load()})`,
      );
      const [, plainSecs] = await timed(() =>
        sql`update bench_plain a set balance = a.balance + d.amount
          from (select participant_id, round(${r.rate}::numeric * sum(amount * (12 - extract(month from posted_on)::int)) / 12)::bigint as amount
                from jht_entries where kind = 'contribution' group by participant_id) d
          where a.participant_id = d.participant_id`.execute(db),
      );
      const same = await sql<{
        n: string;
      }>`select count(*) as n from bench_plain p join jht_accounts a using (participant_id)
        where p.balance <> a.balance`.execute(db);
      console.log(
        `[${target}] plain UPDATE … FROM: ${plainSecs.toFixed(2)}s (loaded: ${load()}); ratio ${(secs / plainSecs).toFixed(2)}×; balances differing: ${same.rows[0]?.n}`,
      );
      const times: number[] = [];
      for (let i = 0; i < samples; i++) {
        const id = 1 + Math.floor(Math.random() * n);
        const [, t] = await timed(async () => {
          await jhtBalanceOn(db, id, '2024-12-31');
          await sql`select posted_on, kind, payer, for_period, amount from jht_entries
            where participant_id = ${id}::bigint and posted_on <= '2024-12-31' order by posted_on, id`.execute(
            db,
          );
        });
        times.push(t * 1000);
      }
      times.sort((a, b) => a - b);
      const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(1);
      console.log(
        `[${target}] statement for one member: p50 ${q(0.5)} ms, p95 ${q(0.95)} ms (${samples} samples; loaded: ${load()})`,
      );
    } finally {
      await drop();
    }
  }
}
