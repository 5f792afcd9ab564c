// `npm run bench -- duplicates [--participants N] [--db=embedded|postgres] [--chunk N]`: seeds the synthetic
// national sample, plants duplicates (one in 500 people registered again with two NIK digits swapped, one
// in 500 again with a misspelt name), then times the real detection run (set-based, chunked, writing the
// candidates) next to one plain self-join on the same blocking keys that only counts (the lower bound).
import { sql } from 'kysely';
import { seedDemo } from '../src/modules/demo/actions.ts';
import { detectAll } from '../src/modules/registry/duplicates.ts';
import { NAME_SIMILARITY } from '../src/modules/registry/rules.ts';
import { createProgress } from '../src/platform/progress.ts';
import { benchDb, intArg, load, machine, targets, timed } from './common.ts';

const COLS = sql`nik, kpj, full_name, birth_date, sex, village_code, regency_code, province_code, segment, programs, registered_on`;

export async function benchDuplicates(args: string[]): Promise<void> {
  const n = intArg(args, 'participants', 1_000_000);
  const chunk = intArg(args, 'chunk', 100_000);
  console.log(`duplicate detection benchmark: ${n} participants — ${machine()}`);
  for (const target of targets(args)) {
    const { handle, drop } = await benchDb(target);
    const db = handle.db;
    try {
      const [, seedSecs] = await timed(() =>
        seedDemo(handle, { participants: n, progress: createProgress(`seed ${target}`) }),
      );
      const [planted] = await timed(async () => {
        const typo = await sql`insert into participants (${COLS})
          select overlay(nik placing substr(nik, 16, 1) || substr(nik, 15, 1) from 15 for 2),
                 lpad(nextval('kpj_seq')::text, 11, '0'), full_name, birth_date, sex, village_code, regency_code,
                 province_code, segment, programs, registered_on
          from participants where id % 500 = 0 and substr(nik, 15, 1) <> substr(nik, 16, 1)
          on conflict do nothing`.execute(db);
        const spelt = await sql`insert into participants (${COLS})
          select overlay(nik placing lpad(((substr(nik, 13, 4)::int + 4321) % 9999 + 1)::text, 4, '0') from 13 for 4),
                 lpad(nextval('kpj_seq')::text, 11, '0'), full_name || 'h', birth_date, sex, village_code, regency_code,
                 province_code, segment, programs, registered_on
          from participants where id % 500 = 250
          on conflict do nothing`.execute(db);
        return Number(typo.numAffectedRows ?? 0n) + Number(spelt.numAffectedRows ?? 0n);
      });
      await sql`analyze participants`.execute(db);
      const total = Number(
        (await sql<{ n: number }>`select count(*)::bigint as n from participants`.execute(db)).rows[0]!.n,
      );
      console.log(
        `[${target}] seeded in ${seedSecs.toFixed(1)}s; planted ${planted} duplicates; ${total} participants`,
      );
      const [r, secs] = await timed(() => detectAll(db, { chunk }));
      console.log(
        `[${target}] detection run: ${r.found} candidates in ${secs.toFixed(1)}s = ${Math.round(total / secs)} participants/s (chunks of ${chunk}; ${load()})`,
      );
      const byRule = await sql<{
        rule: string;
        n: number;
      }>`select rule, count(*)::int as n from duplicate_candidates group by 1 order by 1`.execute(db);
      console.log(`[${target}]   by rule: ${byRule.rows.map((x) => `${x.rule} ${x.n}`).join(', ')}`);
      const [bound, boundSecs] = await timed(() =>
        sql<{ typo: number; similar: number; pairs: number }>`
          select count(*) filter (where (lower(a.full_name) = lower(b.full_name) and nik_near(a.nik, b.nik))
                   or (a.village_code = b.village_code
                   and similarity(lower(a.full_name), lower(b.full_name)) >= ${NAME_SIMILARITY}))::bigint as pairs,
                 count(*) filter (where lower(a.full_name) = lower(b.full_name) and nik_near(a.nik, b.nik))::bigint as typo,
                 count(*) filter (where a.village_code = b.village_code
                   and similarity(lower(a.full_name), lower(b.full_name)) >= ${NAME_SIMILARITY})::bigint as similar
          from participants a join participants b on b.birth_date = a.birth_date and b.id > a.id
           and (lower(b.full_name) = lower(a.full_name) or b.village_code = a.village_code)`.execute(db),
      );
      const b = bound.rows[0]!;
      console.log(
        `[${target}] plain self-join on the same keys (count only): ${b.pairs} pairs (${b.typo} NIK typos, ${b.similar} similar names; a pair may be both) in ${boundSecs.toFixed(1)}s (${load()})`,
      );
    } finally {
      await drop();
    }
  }
}
