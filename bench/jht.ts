// `npm run bench -- jht [--accounts N] [--db=embedded|postgres] [--chunk N] [--samples N]`: N JHT accounts
// with a year of monthly contributions (12 entries each, written set-based), then the yearly development
// posted through the real resumable function (postJhtDevelopment, chunked, audited) next to one plain
// UPDATE … FROM of the same amounts on a copy of the accounts (the ratio), and the p50/p95 of one
// member's statement query (balance + entries as of a date). Run it at 10M on the server; here ≤ 100k.
import { sql } from 'kysely';
import { jhtBalanceOn, postJhtDevelopment } from '../src/modules/benefits/jht.ts';
import { fixedClock } from '../src/platform/clock.ts';
import { benchDb, intArg, machine, targets, timed } from './common.ts';

export async function benchJht(args: string[]): Promise<void> {
  const n = intArg(args, 'accounts', 100_000);
  const chunk = intArg(args, 'chunk', 20_000);
  const samples = intArg(args, 'samples', 200);
  console.log(`JHT development benchmark: ${n} accounts × 12 entries — ${machine()}`);
  for (const target of targets(args)) {
    const { handle, drop } = await benchDb(target);
    const db = handle.db;
    try {
      const [, seedSecs] = await timed(async () => {
        await sql`insert into jht_entries (participant_id, kind, posted_on, amount, invoice_id, payer, for_period)
          select g, 'contribution', make_date(2024, m, 10), 150000 + (g % 97) * 1000, g * 100 + m, 'employer',
                 to_char(make_date(2024, m, 1) - interval '1 month', 'YYYY-MM')
          from generate_series(1, ${n}::int) g cross join generate_series(1, 12) m`.execute(db);
        await sql`insert into jht_accounts (participant_id, balance)
          select participant_id, sum(amount) from jht_entries group by participant_id`.execute(db);
        await sql`create table bench_plain as select * from jht_accounts`.execute(db);
        await sql`alter table bench_plain add primary key (participant_id)`.execute(db);
        await sql`analyze`.execute(db);
      });
      console.log(`[${target}] seeded ${n * 12} entries in ${seedSecs.toFixed(1)}s`);
      const [r, secs] = await timed(() =>
        postJhtDevelopment({ db, clock: fixedClock('2025-01-05T00:00:00Z') }, { year: 2024, chunk }),
      );
      console.log(
        `[${target}] postJhtDevelopment: ${r.accounts} accounts, Rp${r.amount} in ${secs.toFixed(2)}s = ${Math.round(r.accounts / secs)} accounts/s`,
      );
      const [, plainSecs] = await timed(() =>
        sql`update bench_plain a set balance = a.balance + d.amount
          from (select participant_id, round(0.0563 * sum(amount * (12 - extract(month from posted_on)::int)) / 12)::bigint as amount
                from jht_entries where kind = 'contribution' group by participant_id) d
          where a.participant_id = d.participant_id`.execute(db),
      );
      const same = await sql<{
        n: string;
      }>`select count(*) as n from bench_plain p join jht_accounts a using (participant_id)
        where p.balance <> a.balance`.execute(db);
      console.log(
        `[${target}] plain UPDATE … FROM: ${plainSecs.toFixed(2)}s; ratio ${(secs / plainSecs).toFixed(2)}×; balances differing: ${same.rows[0]?.n}`,
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
        `[${target}] statement for one member: p50 ${q(0.5)} ms, p95 ${q(0.95)} ms (${samples} samples)`,
      );
    } finally {
      await drop();
    }
  }
}
