/**
 * The same-bill check (issue 11, docs/decisions/0015-citus-distribution.md): the same commands on a
 * single PostgreSQL server and on a Citus cluster give exactly the same invoices and lines.
 *
 *   DATABASE_URL=<db> lindung db migrate && lindung demo seed --participants 20000 --seed 7 &&
 *   lindung billing run --period P
 *
 * run as child processes against a fresh database on each side, then a canonical dump of invoices
 * and lines (ids replaced by natural keys: NPP, NIK, partner name, which both sides share) hashed
 * and compared. Runs in the Citus tier of `npm test` (scripts/test.mjs): TEST_DATABASE_URL is the
 * coordinator, LINDUNG_TEST_SINGLE_URL the single server.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createEmptyDatabase } from '../db.ts';

const PARTICIPANTS = process.env.LINDUNG_SAME_BILL_PARTICIPANTS ?? '20000';
const PERIOD = '2026-11';
const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/lindung.mjs');

function lindung(url: string, ...args: string[]): string {
  const r = spawnSync(process.execPath, [cli, ...args], {
    env: { ...process.env, DATABASE_URL: url, TZ: 'UTC' },
    encoding: 'utf8',
    timeout: 15 * 60_000,
  });
  assert.equal(r.status, 0, `lindung ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  assert.doesNotMatch(
    r.stderr,
    /galat \/ error/,
    `lindung ${args.join(' ')} reported an error:\n${r.stderr}`,
  );
  return r.stdout;
}

interface Dump {
  invoices: number;
  lines: number;
  amount: string;
  hash: string;
}

/** Invoices and lines in a canonical order, keyed by what both databases share. */
async function dump(url: string): Promise<Dump> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const payer = `case i.payer_kind when 'employer' then (select e.npp from employers e where e.id = i.payer_id)
        when 'participant' then (select p.nik from participants p where p.id = i.payer_id)
        else (select s.name from partners s where s.id = i.payer_id) end`;
    const inv = await c.query(
      `with k as (select i.*, ${payer} as payer from invoices i)
       select period, payer_kind, payer, to_char(due_date, 'YYYY-MM-DD') as due, amount::text, adjustments::text,
              paid::text, status from k order by payer_kind, payer, period`,
    );
    const lines = await c.query(
      `with k as (select i.id, i.payer_kind, i.period, ${payer} as payer from invoices i),
       l as (select l.*, p.nik from contribution_lines l join participants p on p.id = l.participant_id)
       select k.payer_kind, k.payer, k.period, l.nik, l.program, l.payer as share, l.for_period, l.base::text,
              l.rate::text, l.amount::text, l.adjustment
       from l join k on k.id = l.invoice_id
       order by k.payer_kind, k.payer, k.period, l.nik, l.program, l.payer, l.for_period, l.adjustment`,
    );
    const h = crypto.createHash('sha256');
    for (const r of inv.rows) h.update(`I|${Object.values(r).join('|')}\n`);
    for (const r of lines.rows) h.update(`L|${Object.values(r).join('|')}\n`);
    const total = (await c.query(`select coalesce(sum(amount), 0)::text as s from invoices`)).rows[0]
      .s as string;
    return { invoices: inv.rowCount ?? 0, lines: lines.rowCount ?? 0, amount: total, hash: h.digest('hex') };
  } finally {
    await c.end();
  }
}

describe('same bill on one server and on Citus', () => {
  const coordinator = process.env.TEST_DATABASE_URL;
  const single = process.env.LINDUNG_TEST_SINGLE_URL;
  const dbs: Array<{ url: string; drop(): Promise<void> }> = [];
  before(async () => {
    assert.ok(
      coordinator && single,
      'TEST_DATABASE_URL (a Citus coordinator) and LINDUNG_TEST_SINGLE_URL are needed',
    );
    const c = new pg.Client({ connectionString: coordinator });
    await c.connect();
    const citus = (await c.query(`select 1 from pg_extension where extname = 'citus'`)).rowCount;
    await c.end();
    assert.ok(citus, 'TEST_DATABASE_URL must be a Citus coordinator');
    dbs.push(await createEmptyDatabase(single), await createEmptyDatabase(coordinator));
  });
  after(async () => {
    for (const d of dbs) await d.drop();
  });

  it(`migrate, demo seed --participants ${PARTICIPANTS} --seed 7, billing run --period ${PERIOD}: identical invoices and lines`, async () => {
    const out: Dump[] = [];
    for (const [side, d] of dbs.map((x, i) => [i ? 'citus' : 'single', x] as const)) {
      const t0 = Date.now();
      lindung(d.url, 'db', 'migrate');
      const t1 = Date.now();
      lindung(d.url, 'demo', 'seed', '--participants', PARTICIPANTS, '--seed', '7', '--period', PERIOD);
      const t2 = Date.now();
      lindung(d.url, 'billing', 'run', '--period', PERIOD);
      const t3 = Date.now();
      out.push(await dump(d.url));
      console.log(
        `same-bill ${side}: migrate ${(t1 - t0) / 1000} s, demo seed ${(t2 - t1) / 1000} s, billing run ${(t3 - t2) / 1000} s`,
      );
    }
    const [one, citus] = out as [Dump, Dump];
    // The Citus side really is distributed.
    const c = new pg.Client({ connectionString: dbs[1]!.url });
    await c.connect();
    const kinds = await c.query(
      `select table_name::text as t, citus_table_type as k from citus_tables where table_name::text in ('participants', 'invoices', 'contribution_lines', 'regions')`,
    );
    await c.end();
    assert.deepEqual(Object.fromEntries(kinds.rows.map((r) => [r.t, r.k])), {
      participants: 'distributed',
      invoices: 'distributed',
      contribution_lines: 'distributed',
      regions: 'reference',
    });
    assert.ok(
      one.invoices > 0 && one.lines > one.invoices,
      `the single server billed nothing: ${JSON.stringify(one)}`,
    );
    assert.deepEqual(citus, one);
  });
});
