import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { billingScenario } from '../../../test/fixtures/billing-scenario.ts';
import type { Database, DbHandle } from '../../platform/db.ts';
import { computeContribution } from '../rules/contributions.ts';
import { runBilling } from './billing.ts';

const PERIOD = '2026-03';

async function snapshot(db: Database) {
  const inv = await sql<{
    k: string;
  }>`select payer_kind || ':' || payer_id || ':' || amount || ':' || adjustments || ':' || due_date as k from invoices order by 1`.execute(
    db,
  );
  const lines = await sql<{
    n: number;
    s: string;
  }>`select count(*)::int as n, coalesce(sum(amount), 0)::text as s from contribution_lines`.execute(db);
  return { invoices: inv.rows.map((r) => r.k), lines: lines.rows[0] };
}

describe('billing run', () => {
  let t: TestDb;
  before(async () => {
    t = await createTestDb();
    await billingScenario(t.db);
  });
  after(() => t.close());

  test('bills every payer once, with the amounts the calculator gives', async () => {
    const r = await runBilling(t.handle, { period: PERIOD, chunkSize: 7 });
    assert.equal(r.alreadyDone, false);
    // 30 employers, 2 BPU paying themselves, 1 PMI, 1 sponsor.
    const kinds = await sql<{
      payer_kind: string;
      n: number;
    }>`select payer_kind, count(*)::int as n from invoices group by 1 order by 1`.execute(t.db);
    assert.deepEqual(kinds.rows, [
      { payer_kind: 'employer', n: 30 },
      { payer_kind: 'participant', n: 3 },
      { payer_kind: 'sponsor', n: 1 },
    ]);
    // Every PU worker's lines equal the calculator's charge lines for the same wage and risk class.
    const workers = await sql<{
      participant_id: number;
      wage: number;
      risk_class: number;
      labour_intensive: boolean;
      programs: string[];
    }>`
      select m.participant_id, m.wage, e.risk_class, e.labour_intensive, p.programs from employments m
      join employers e on e.id = m.employer_id join participants p on p.id = m.participant_id`.execute(t.db);
    for (const w of workers.rows) {
      const calc = computeContribution({
        segment: 'PU',
        period: PERIOD,
        wage: BigInt(w.wage),
        riskClass: w.risk_class,
        labourIntensive: w.labour_intensive,
      });
      const want = calc.lines
        .filter((l) => l.kind === 'charge' && l.payer !== 'government' && w.programs.includes(l.program))
        .map((l) => `${l.program}/${l.payer}=${l.amount}`)
        .sort();
      const got = (
        await t.db
          .selectFrom('contribution_lines')
          .select(['program', 'payer', 'amount'])
          .where('participant_id', '=', w.participant_id)
          .execute()
      )
        .map((l) => `${l.program}/${l.payer}=${l.amount}`)
        .sort();
      assert.deepEqual(got, want, `participant ${w.participant_id}`);
    }
  });

  test('hand-checked amounts: JP capped at Rp11,086,300 from March 2026', async () => {
    const capped = await sql<{ program: string; payer: string; base: number; amount: number }>`
      select l.program, l.payer, l.base, l.amount from contribution_lines l
      join employments m on m.participant_id = l.participant_id where m.wage = 12000000 and l.program = 'JP'
      and l.participant_id = (select min(m2.participant_id) from employments m2 join participants p on p.id = m2.participant_id
                             where m2.wage = 12000000 and 'JP' = any(p.programs)) order by l.payer`.execute(
      t.db,
    );
    // 2% × 11,086,300 = 221,726 and 1% × 11,086,300 = 110,863 (docs/rules-reference.md §2.2, 2026 row).
    assert.deepEqual(capped.rows, [
      { program: 'JP', payer: 'employer', base: 11086300, amount: 221726 },
      { program: 'JP', payer: 'worker', base: 11086300, amount: 110863 },
    ]);
  });

  test('BPU, sponsored BPU, PMI and the construction project are billed as the rules say', async () => {
    const bpu = await sql<{
      income: number;
      total: number;
    }>`select p.declared_income as income, i.amount as total from invoices i
      join participants p on p.id = i.payer_id where i.payer_kind = 'participant' and p.segment = 'BPU' order by p.id`.execute(
      t.db,
    );
    // 2,000,000: JKK 1% = 20,000 + JKM 6,800 = 26,800. 1,000,000 transport with JHT in March 2026 (PP 50/2025
    // 50% on JKK+JKM for transport): 5,000 + 3,400 + JHT 2% = 20,000 → 28,400.
    assert.deepEqual(bpu.rows, [
      { income: 2000000, total: 26800 },
      { income: 1000000, total: 28400 },
    ]);
    // The sponsored participant is budget-funded: no PP 50/2025 discount → 10,000 + 6,800.
    const sponsor = await sql<{
      amount: number;
    }>`select amount from invoices where payer_kind = 'sponsor'`.execute(t.db);
    assert.deepEqual(sponsor.rows, [{ amount: 16800 }]);
    // PMI, 12-month contract (Permenaker 4/2023): 37,500 + 189,000 = 226,500.
    const pmi = await sql<{
      amount: number;
    }>`select i.amount from invoices i join participants p on p.id = i.payer_id where i.payer_kind = 'participant' and p.segment = 'PMI'`.execute(
      t.db,
    );
    assert.deepEqual(pmi.rows, [{ amount: 226500 }]);
    // Rp750m contract, marginal: 100m × 0.24% + 400m × 0.19% + 250m × 0.15% = 240,000 + 760,000 + 375,000.
    const proj = await sql<{ s: number }>`select sum(amount)::int as s from project_lines`.execute(t.db);
    assert.equal(proj.rows[0]!.s, 1_375_000);
  });

  test('a second run of the same period bills nothing more', async () => {
    const before = await snapshot(t.db);
    const again = await runBilling(t.handle, { period: PERIOD });
    assert.equal(again.alreadyDone, true);
    assert.deepEqual(await snapshot(t.db), before);
  });

  test('a retroactive wage change and a late exit become adjustment lines on the next bill', async () => {
    const [a, b] = await t.db
      .selectFrom('employments')
      .select(['participant_id', 'employer_id', 'wage'])
      .orderBy('participant_id')
      .limit(2)
      .execute();
    const march = await sql<{
      amount: number;
      adjustments: number;
    }>`select amount, adjustments from invoices where payer_kind = 'employer' and payer_id = ${a!.employer_id} and period = ${PERIOD}`.execute(
      t.db,
    );
    // Reported after March was billed: a raise effective 1 March, and b left on 28 February.
    await t.db
      .insertInto('employment_events')
      .values([
        {
          participant_id: a!.participant_id,
          employer_id: a!.employer_id,
          kind: 'wage_change',
          effective_on: '2026-03-01',
          wage: a!.wage + 1_000_000,
        },
        {
          participant_id: b!.participant_id,
          employer_id: b!.employer_id,
          kind: 'exit',
          effective_on: '2026-02-28',
          wage: null,
        },
      ])
      .execute();
    await t.db
      .updateTable('employments')
      .set({ wage: a!.wage + 1_000_000 })
      .where('participant_id', '=', a!.participant_id)
      .execute();
    await t.db
      .updateTable('employments')
      .set({ ended_on: '2026-02-28' })
      .where('participant_id', '=', b!.participant_id)
      .execute();
    await runBilling(t.handle, { period: '2026-04' });
    const adj = await sql<{
      participant_id: number;
      s: number;
    }>`select participant_id, sum(amount)::int as s from contribution_lines
      where adjustment and for_period = ${PERIOD} group by 1 order by 1`.execute(t.db);
    const rc = await t.db
      .selectFrom('employers')
      .select(['risk_class', 'labour_intensive'])
      .where('id', '=', a!.employer_id)
      .executeTakeFirstOrThrow();
    const programs = (
      await t.db
        .selectFrom('participants')
        .select('programs')
        .where('id', '=', a!.participant_id)
        .executeTakeFirstOrThrow()
    ).programs;
    const charge = (wage: number) =>
      computeContribution({
        segment: 'PU',
        period: PERIOD,
        wage: BigInt(wage),
        riskClass: rc.risk_class,
        labourIntensive: rc.labour_intensive,
      })
        .lines.filter((l) => l.kind === 'charge' && l.payer !== 'government' && programs.includes(l.program))
        .reduce((s, l) => s + Number(l.amount), 0);
    const billedB = await sql<{
      s: number;
    }>`select sum(amount)::int as s from contribution_lines where participant_id = ${b!.participant_id} and for_period = ${PERIOD} and not adjustment`.execute(
      t.db,
    );
    assert.deepEqual(adj.rows, [
      { participant_id: a!.participant_id, s: charge(a!.wage + 1_000_000) - charge(a!.wage) },
      { participant_id: b!.participant_id, s: -billedB.rows[0]!.s },
    ]);
    // March's invoice is closed history: unchanged.
    const marchAfter = await sql<{
      amount: number;
      adjustments: number;
    }>`select amount, adjustments from invoices where payer_kind = 'employer' and payer_id = ${a!.employer_id} and period = ${PERIOD}`.execute(
      t.db,
    );
    assert.deepEqual(marchAfter.rows, march.rows);
    // May: nothing left to adjust for March.
    await runBilling(t.handle, { period: '2026-05' });
    const again = await sql<{
      n: number;
    }>`select count(*)::int as n from contribution_lines l join invoices i on i.id = l.invoice_id where i.period = '2026-05' and l.adjustment`.execute(
      t.db,
    );
    assert.equal(again.rows[0]!.n, 0);
  });
});

describe('billing run: kill -9 mid-run, then resume', () => {
  test('gives exactly the invoices of an uninterrupted run', async () => {
    const reference = await createTestDb();
    await billingScenario(reference.db);
    await runBilling(reference.handle, { period: PERIOD, chunkSize: 5 });
    const want = await snapshot(reference.db);
    await reference.close();

    const target = await crashTarget();
    try {
      await billingScenario(target.db());
      await target.release();
      const child = spawnSync(
        process.execPath,
        ['--import', 'tsx', 'test/fixtures/billing-crash.ts', PERIOD, '3', '5'],
        { env: { ...process.env, ...target.env }, encoding: 'utf8' },
      );
      assert.equal(child.signal, 'SIGKILL', child.stderr);
      await target.reopen();
      const mid = await target.db().selectFrom('billing_runs').selectAll().executeTakeFirstOrThrow();
      assert.equal(mid.status, 'running');
      assert.ok(mid.last_key > 0);
      const r = await runBilling(target.handle(), { period: PERIOD, chunkSize: 5 });
      assert.equal(r.resumed, true);
      assert.deepEqual(await snapshot(target.db()), want);
    } finally {
      await target.close();
    }
  });
});

/** A database a child process can open too: a fresh server database, shared by URL. */
async function crashTarget(): Promise<CrashTarget> {
  const t = await createTestDb();
  return {
    db: () => t.db,
    handle: () => t.handle,
    env: { DATABASE_URL: t.url },
    release: async () => {},
    reopen: async () => {},
    close: () => t.close(),
  };
}

interface CrashTarget {
  db: () => Database;
  handle: () => DbHandle;
  env: Record<string, string>;
  release(): Promise<void>;
  reopen(): Promise<void>;
  close(): Promise<void>;
}
