import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Command } from 'commander';
import { sql } from 'kysely';
import { testApp } from '../../../test/app.ts';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { billAndPay, employer, exit, worker } from '../../../test/kits/claims.ts';
import type { CliContext } from '../../platform/cli-context.ts';
import { fixedClock } from '../../platform/clock.ts';
import { loadConfig } from '../../platform/config.ts';
import { SYSTEM } from '../access/policy.ts';
import { historyMonths } from '../benefits/history.ts';
import { runPensions } from '../benefits/pensions.ts';
import { tieOutDisbursement } from '../disbursement/batches.ts';
import { checkBatchFile } from '../disbursement/rules.ts';
import { addRelatedPerson, decideClaim, fileClaim, recordDeath, verifyClaim } from './actions.ts';
import { registerClaimsCommands } from './commands.ts';

/**
 * JP from histories built through registration, billing runs and payments (every invoice paid on the
 * 10th of the next month). The figures are computed by hand in the comments; the inflation and the
 * survivor shares are UNCONFIRMED parameters (rules/params/pp-45-2015-manfaat.json) and the tests check
 * that the explanation says so.
 */

const CLOCK = fixedClock('2026-08-05T03:00:00Z');
// The papers brought to the desk for each JP type (the checklist of rules.ts JP_DOCUMENTS requires them).
const OWN = ['ktp', 'kpj_card', 'family_card', 'bank_book'];
const HEIR = ['death_certificate', 'kpj_card', 'heir_ktp', 'family_card', 'heir_statement', 'bank_book'];
const JP_DOCS: Record<string, string[]> = {
  old_age: OWN,
  disability: [...OWN, 'medical_certificate'],
  spouse: HEIR,
  child: [...HEIR, 'child_birth_certificate'],
  parent: HEIR,
};

describe('JP pensions from the member history', () => {
  let t: TestDb;
  type W = { id: number; kpj: string };
  const p = {} as { a: W; b: W; c: W; d: W };
  let spouse: number;
  let child: number;
  let parent: number;

  before(async () => {
    t = await createTestDb();
    const e = await employer(t.db);
    // a: old age with 36 months (under 15 years: lump sum); born 1967-02-01, pension date 2026-02-01 (59).
    p.a = await worker(t.db, {
      npp: e.npp,
      registeredOn: '2022-12-15',
      hiredOn: '2023-01-01',
      wage: 5_000_000,
      birth: '1967-02-01',
    });
    // b: a wage above every JP cap of 2024–2025 (the cap changes in March 2024 and March 2025); dies 2025-06-20.
    p.b = await worker(t.db, {
      npp: e.npp,
      registeredOn: '2023-12-15',
      hiredOn: '2024-01-01',
      wage: 12_000_000,
      birth: '1980-03-03',
    });
    // c: total permanent disability on 2025-09-15; d: unmarried, dies 2025-03-10 (parent pension).
    p.c = await worker(t.db, {
      npp: e.npp,
      registeredOn: '2022-12-15',
      hiredOn: '2023-01-01',
      wage: 4_000_000,
      birth: '1985-05-05',
    });
    p.d = await worker(t.db, {
      npp: e.npp,
      registeredOn: '2022-12-15',
      hiredOn: '2023-01-01',
      wage: 3_000_000,
      birth: '1995-07-07',
    });
    await exit(t.db, p.a.id, e.id, '2025-12-31');
    await exit(t.db, p.c.id, e.id, '2025-09-15');
    const rp = (o: Parameters<typeof addRelatedPerson>[1]) =>
      addRelatedPerson(t.db, o, SYSTEM, CLOCK).then((r) => r.id);
    spouse = await rp({
      participant_id: p.b.id,
      relation: 'spouse',
      full_name: 'Lestari',
      birth_date: '1982-01-01',
      sex: 'F',
      bank_code: 'BRI',
      account_number: '7700000001',
    });
    child = await rp({
      participant_id: p.b.id,
      relation: 'child',
      full_name: 'Anak Pertama',
      birth_date: '2010-05-01',
      bank_code: 'BRI',
      account_number: '7700000002',
    });
    parent = await rp({
      participant_id: p.d.id,
      relation: 'parent',
      full_name: 'Ibu Kandung',
      birth_date: '1970-01-01',
      bank_code: 'BNI',
      account_number: '7700000003',
    });
    for (const [id, acct] of [
      [p.a.id, '7800000001'],
      [p.c.id, '7800000003'],
    ] as const)
      await sql`insert into participant_bank_accounts (participant_id, bank_code, account_number, holder_name, verified_on)
        values (${id}, 'MANDIRI', ${acct}, 'PEMILIK', '2023-01-01')`.execute(t.db);
    await billAndPay(t.handle, '2023-01', '2025-02');
    await recordDeath(
      t.db,
      { participant_id: p.d.id, died_on: '2025-03-10', cause: 'non_work' },
      SYSTEM,
      CLOCK,
    );
    await billAndPay(t.handle, '2025-03', '2025-05');
    await recordDeath(
      t.db,
      { participant_id: p.b.id, died_on: '2025-06-20', cause: 'non_work' },
      SYSTEM,
      CLOCK,
    );
    await billAndPay(t.handle, '2025-06', '2025-12');
  });
  after(() => t?.close());

  const claim = async (o: Omit<Parameters<typeof fileClaim>[1], 'documents' | 'benefit'>) => {
    const docs = JP_DOCS[o.kind ?? 'old_age']!;
    const c = await fileClaim(t.db, { ...o, benefit: 'JP', documents: docs }, SYSTEM, CLOCK);
    return { id: c.id, a: await verifyClaim(t.db, c.id, SYSTEM) };
  };
  type Wire = {
    details: Record<string, unknown>;
    explanation: {
      parameters: Array<{ name: string; unconfirmed: boolean; from: string; value: unknown }>;
      steps: Array<{ label: string; calc: string }>;
      warnings: string[];
    };
  };

  test('the JP cap change inside the history: each month billed at its own cap', async () => {
    const jp = (await historyMonths(t.db, p.b.id)).filter((m) => m.program === 'JP');
    const wage = (period: string) => jp.find((m) => m.period === period)?.wage;
    assert.equal(jp.length, 18); // 2024-01..2025-06: billing stops after the death month
    assert.equal(wage('2024-02'), 9_559_600); // cap from Mar 2023
    assert.equal(wage('2024-03'), 10_042_300); // cap from Mar 2024
    assert.equal(wage('2025-02'), 10_042_300);
    assert.equal(wage('2025-03'), 10_547_400); // cap from Mar 2025
  });

  test("the JP checklist follows the type: a widow's claim with the member's papers only is not verifiable", async () => {
    const c = await fileClaim(
      t.db,
      {
        participant_id: p.b.id,
        benefit: 'JP',
        kind: 'spouse',
        // Another date than the widow's claim below, so that one is not a duplicate of this one.
        event_date: '2025-06-21',
        payee_related_id: spouse,
        documents: OWN,
      },
      SYSTEM,
      CLOCK,
    );
    const docs = await t.db
      .selectFrom('claim_documents')
      .select(['code', 'required', 'received'])
      .where('claim_id', '=', c.id)
      .orderBy('code')
      .execute();
    assert.deepEqual(
      docs.filter((d) => d.required && !d.received).map((d) => d.code),
      ['death_certificate', 'heir_ktp'],
    );
    assert.ok(!docs.some((d) => d.code === 'ktp'), "the member's ID card is not asked of an heir");
    await assert.rejects(verifyClaim(t.db, c.id, SYSTEM), /death_certificate/);
  });

  test('widow pension: indexed average over two caps, 15 years counted, 50% share, all flagged', async () => {
    const { id, a } = await claim({
      participant_id: p.b.id,
      kind: 'spouse',
      event_date: '2025-06-20',
      payee_related_id: spouse,
    });
    // 2024: 2 × 9,559,600 + 10 × 10,042,300 = 119,542,200 × (1 + 1.57% inflation 2024) = 121,419,012.54
    // 2025: 2 × 10,042,300 + 4 × 10,547,400 = 62,274,200 (claim year, not indexed)
    // average = 183,693,212.54 / 18 = 10,205,178.47 → 10,205,178
    // formula with 180 months (18 < 15 years): 1% × 180/12 × 10,205,178 = 1,530,776.7 → 1,530,777
    // min 399,700 / max 4,792,300 (2025) do not bite; 50% → 765,388.5 → 765,389
    assert.equal(a.eligible, true, JSON.stringify(a.checks));
    assert.equal(a.amount, 765_389);
    const r = a.result as Wire;
    assert.equal(r.details.average_wage, 10_205_178);
    assert.equal(r.details.formula_months, 180);
    assert.equal(r.details.kind, 'monthly');
    const used = (n: string) => r.explanation.parameters.filter((x) => x.name === n);
    assert.equal(used('jp.wage_cap').length, 3);
    assert.ok(used('jp.inflation').every((x) => x.unconfirmed));
    assert.ok(used('jp.share.spouse')[0]?.unconfirmed);
    assert.ok(
      r.explanation.warnings.some(
        (w) =>
          w.startsWith('Bagian formula: pensiun janda/duda: BELUM TERKONFIRMASI') &&
          w.includes('UNCONFIRMED'),
      ),
    );
    // Approval opens the pension (in payment from the decision, paid by the monthly runs).
    const d = await decideClaim(t.db, id, { outcome: 'approved' }, SYSTEM);
    assert.equal(d.status, 'in_payment');
    const pension = await t.db
      .selectFrom('jp_pensions')
      .selectAll()
      .where('claim_id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(Number(pension.monthly_amount), 765_389);
    assert.equal(pension.start_period, '2025-07');
    assert.equal(pension.end_period, null);
  });

  test('child pension: 50% of the same formula, payable until the month before the child turns 23', async () => {
    const { id, a } = await claim({
      participant_id: p.b.id,
      kind: 'child',
      event_date: '2025-06-20',
      payee_related_id: child,
    });
    assert.equal(a.eligible, true, JSON.stringify(a.checks));
    assert.equal(a.amount, 765_389);
    await decideClaim(t.db, id, { outcome: 'approved' }, SYSTEM);
    const pension = await t.db
      .selectFrom('jp_pensions')
      .select(['end_period', 'kind'])
      .where('claim_id', '=', id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(pension, { end_period: '2033-04', kind: 'child' });
    // The spouse is not a child: a child pension paid to her is refused by the checks.
    const wrong = await claim({
      participant_id: p.b.id,
      kind: 'child',
      event_date: '2025-06-20',
      payee_related_id: spouse,
    });
    assert.equal(wrong.a.eligible, false);
    assert.ok(wrong.a.checks.some((c) => c.code === 'payee_relation' && !c.ok));
  });

  test('disability pension: 100% of the formula with 15 years counted', async () => {
    const { a } = await claim({ participant_id: p.c.id, kind: 'disability', event_date: '2025-09-15' });
    // 2023: 48,000,000 × 1.0261 × 1.0157 = 50,026,068.96; 2024: 48,000,000 × 1.0157 = 48,753,600; 2025: 9 × 4,000,000
    // average 134,779,668.96 / 33 = 4,084,232.39 → 4,084,232; 0.15 × 4,084,232 = 612,634.8 → 612,635
    assert.equal(a.eligible, true, JSON.stringify(a.checks));
    assert.equal(a.amount, 612_635);
  });

  test('parent pension: 20% for an unmarried member without children', async () => {
    const { a } = await claim({
      participant_id: p.d.id,
      kind: 'parent',
      event_date: '2025-03-10',
      payee_related_id: parent,
    });
    // average (36,000,000 × 1.04220977 + 36,000,000 × 1.0157 + 9,000,000) / 27 = 3,077,213.03 → 3,077,213
    // 0.15 × 3,077,213 = 461,581.95 → 461,582; 20% → 92,316.4 → 92,316
    assert.equal(a.eligible, true, JSON.stringify(a.checks));
    assert.equal(a.amount, 92_316);
  });

  test('old age under 15 years: the JP contributions plus their development, as a lump sum', async () => {
    const early = await claim({ participant_id: p.a.id, kind: 'old_age', event_date: '2026-01-20' });
    assert.equal(early.a.eligible, false); // pension date 2026-02-01
    const { id, a } = await claim({ participant_id: p.a.id, kind: 'old_age', event_date: '2026-02-10' });
    // 150,000 a month (3% of 5,000,000) for 36 months, developed at the JHT rate (5.63%, carried, UNCONFIRMED):
    // 2023: 150,000 × (11+…+0 = 66) × 5.63% / 12 = 46,447.5 → 46,448; closing 1,846,448
    // 2024: (1,846,448 × 12 + 150,000 × 66) × 5.63% / 12 = 150,402.52 → 150,403; closing 3,796,851
    // 2025: (3,796,851 × 12 + 9,900,000) × 5.63% / 12 = 260,210.21 → 260,210; closing 5,857,061
    // 2026 (Jan–Feb): 5,857,061 × 2 × 5.63% / 12 = 54,958.76 → 54,959; total 5,912,020
    assert.equal(a.eligible, true, JSON.stringify(a.checks));
    assert.equal(a.amount, 5_912_020);
    const r = a.result as Wire;
    assert.equal(r.details.kind, 'lump_sum');
    assert.ok(r.explanation.warnings.some((w) => w.includes('JHT declared rate')));
    // A lump sum is paid like any claim (a bank batch), not by the pension runs.
    await decideClaim(t.db, id, { outcome: 'approved' }, SYSTEM);
    const n = await t.db.selectFrom('jp_pensions').select('id').where('claim_id', '=', id).execute();
    assert.equal(n.length, 0);
  });

  test('monthly pension run: once per month, resumable after a crash, indexed after the first year', async () => {
    const deps = { db: t.db, clock: CLOCK };
    // A crash after the first chunk (one pension), then the rerun finishes without paying twice.
    await assert.rejects(
      runPensions(
        deps,
        { period: '2025-07', chunk: 1 },
        {
          progress() {
            throw new Error('crash after the first chunk');
          },
        },
      ),
    );
    const r1 = await runPensions(deps, { period: '2025-07', chunk: 1 });
    assert.equal(r1.payments, 2); // the widow and the child, July 2025
    assert.equal(r1.amount, 2 * 765_389);
    const again = await runPensions(deps, { period: '2025-07' });
    assert.equal(again.alreadyDone, true);
    // A month not yet begun is refused.
    await assert.rejects(runPensions(deps, { period: '2026-09' }), /belum dimulai/);
    // A year later: the months since July 2025 (Aug 2025 – Jul 2026) for both; July 2026 is the first
    // month of the second year, × (1 + 1.57%) (2024 inflation carried for 2025, UNCONFIRMED):
    // 765,389 × 1.0157 = 777,405.6 → 777,406.
    const r2 = await runPensions(deps, { period: '2026-07' });
    assert.equal(r2.payments, 2 * 12);
    const jul = await sql<{ amount: string; unconfirmed: boolean }>`
      select y.amount, y.unconfirmed from jp_pension_payments y join jp_pensions j on j.id = y.pension_id
      where j.kind = 'spouse' and y.period = '2026-07'`.execute(t.db);
    assert.equal(Number(jul.rows[0]!.amount), 777_406);
    assert.equal(jul.rows[0]!.unconfirmed, true);
    const dup = await sql<{ n: number }>`select count(*)::int as n from (select pension_id, period
      from jp_pension_payments group by 1, 2 having count(*) > 1) d`.execute(t.db);
    assert.equal(dup.rows[0]!.n, 0);
    const paidTotal = await sql<{ s: string }>`select sum(amount) as s from jp_pension_payments`.execute(
      t.db,
    );
    const tie = await tieOutDisbursement(t.db, 'pensions');
    assert.ok(tie.ok, JSON.stringify(tie.checks));
    assert.equal(tie.items, 26);
    const batches = await sql<{ s: string }>`select sum(total_amount) as s from disbursement_batches
      where source = 'pensions'`.execute(t.db);
    assert.equal(Number(batches.rows[0]!.s), Number(paidTotal.rows[0]!.s));
  });

  test('API: runs as a job (202), bank file with control totals, results close the pension claims', async () => {
    const h = await testApp(t, CLOCK);
    await h.user('pusat', 'admin');
    await h.user('cabang19', 'branch_officer', { region_codes: ['19'] });
    await h.user('cabang32', 'branch_officer', { region_codes: ['32'] });
    const post = (url: string, who: string, payload: object = {}) =>
      h.app.inject({ method: 'POST', url, headers: h.as(who), payload });
    const get = (url: string, who: string) => h.app.inject({ method: 'GET', url, headers: h.as(who) });
    assert.equal((await post('/api/pensions/runs', 'cabang32', { period: '2026-08' })).statusCode, 403);
    const job = await h.settle(await post('/api/pensions/runs', 'pusat', { period: '2026-08' }));
    assert.equal(job.status, 'done', job.error ?? '');
    assert.equal((job.result as { payments: number }).payments, 2);
    // Scope: the branch of the heirs' region sees the pensions, another branch none.
    assert.equal((await get('/api/pensions', 'cabang32')).json().total, 2);
    assert.equal((await get('/api/pensions', 'cabang19')).json().total, 0);
    const runs = (await get('/api/pensions/runs', 'pusat')).json();
    assert.equal(runs.runs.length, 3);
    assert.ok(runs.tieout.ok);
    const refs: string[] = [];
    for (const b of runs.batches as Array<{ id: number; total_amount: number }>) {
      const f = await get(`/api/pensions/batches/${b.id}/file`, 'pusat');
      const c = checkBatchFile(f.body);
      assert.ok(c.ok);
      assert.equal(c.total, b.total_amount);
      for (const line of f.body.split('\n').filter((l) => l.startsWith('D,'))) refs.push(line.split(',')[2]!);
    }
    assert.equal(refs.length, 28);
    const res = await h.settle(
      await post('/api/pensions/results', 'pusat', {
        file_name: 'hasil-pensiun.csv',
        content: ['reference,status,paid_on', ...refs.map((r) => `${r},berhasil,2026-08-26`)].join('\n'),
      }),
    );
    assert.equal((res.result as { applied: number }).applied, 28);
    const closed = await sql<{
      status: string;
    }>`select c.status from claims c join jp_pensions j on j.claim_id = c.id`.execute(t.db);
    assert.deepEqual(
      closed.rows.map((r) => r.status),
      ['paid', 'paid'],
    );
  });

  test('CLI: claims pensions run / status --out (bank files with control totals, tie-out)', async () => {
    const out: string[] = [];
    const ctx: CliContext = {
      out: (l) => out.push(l),
      err: (l) => out.push(l),
      // The commands close what they open; the test database outlives them.
      open: async () => ({
        handle: { ...t.handle, close: async () => {} },
        db: t.db,
        clock: CLOCK,
        config: loadConfig({}),
      }),
    };
    const run = async (...argv: string[]) => {
      out.length = 0;
      const program = new Command('lindung').exitOverride();
      registerClaimsCommands(program, ctx);
      await program.parseAsync(argv, { from: 'user' });
      return out.join('\n');
    };
    // August 2026 was paid by the API test: the CLI pays nothing twice.
    assert.match(await run('claims', 'pensions', 'run', '2026-08'), /2026-08: sudah dibayar sebelumnya/);
    await assert.rejects(run('claims', 'pensions', 'run', '2026-09'), /belum dimulai/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lindung-jp-'));
    try {
      const status = await run('claims', 'pensions', 'status', '--out', dir);
      assert.match(status, /^2026-08 selesai \/ done: 2 pembayaran/m);
      assert.match(status, /tie-out: OK/);
      const files = fs.readdirSync(dir);
      const batches = await sql<{ n: number; s: string }>`select count(*)::int as n, sum(total_amount) as s
        from disbursement_batches where source = 'pensions'`.execute(t.db);
      assert.equal(files.length, batches.rows[0]!.n);
      let total = 0;
      for (const f of files) {
        const c = checkBatchFile(fs.readFileSync(path.join(dir, f), 'utf8'));
        assert.ok(c.ok, f);
        total += c.total;
      }
      assert.equal(total, Number(batches.rows[0]!.s));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("survivor pensions stop from the month after the widow's remarriage and the child's work (API and CLI)", async () => {
    // August 2026 is paid for both (API test). Later: the widow remarries on 12 Sep 2026 (API), the child
    // starts work on 1 Oct 2026 (CLI).
    const later = fixedClock('2026-11-05T03:00:00Z');
    const h = await testApp(t, later);
    await h.user('cabang32b', 'branch_officer', { region_codes: ['32'] });
    await h.user('cabang19b', 'branch_officer', { region_codes: ['19'] });
    const post = (url: string, who: string, payload: object) =>
      h.app.inject({ method: 'POST', url, headers: h.as(who), payload });
    // Another region's officer does not see the heir; a child's event is not a widow's.
    assert.equal(
      (
        await post(`/api/related-persons/${spouse}/events`, 'cabang19b', {
          event: 'remarriage',
          event_date: '2026-09-12',
        })
      ).statusCode,
      404,
    );
    const wrong = await post(`/api/related-persons/${spouse}/events`, 'cabang32b', {
      event: 'work',
      event_date: '2026-09-12',
    });
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /tidak berlaku/);
    const ok = await post(`/api/related-persons/${spouse}/events`, 'cabang32b', {
      event: 'remarriage',
      event_date: '2026-09-12',
    });
    assert.equal(ok.statusCode, 201, ok.body);
    assert.equal(
      (
        await post(`/api/related-persons/${spouse}/events`, 'cabang32b', {
          event: 'remarriage',
          event_date: '2026-09-12',
        })
      ).statusCode,
      409,
    );
    const out: string[] = [];
    const ctx: CliContext = {
      out: (l) => out.push(l),
      err: (l) => out.push(l),
      open: async () => ({
        handle: { ...t.handle, close: async () => {} },
        db: t.db,
        clock: later,
        config: loadConfig({}),
      }),
    };
    const program = new Command('lindung').exitOverride();
    registerClaimsCommands(program, ctx);
    await program.parseAsync(['claims', 'heir-event', String(child), 'work', '2026-10-01'], { from: 'user' });
    assert.match(out.join('\n'), /dicatat/);
    const listed = await h.app.inject({
      url: `/api/participants/${p.b.id}/related-persons`,
      headers: h.as('cabang32b'),
    });
    const items = listed.json().items as Array<{ id: number; events: Array<{ event: string }> }>;
    assert.deepEqual(
      items.find((x) => x.id === spouse)!.events.map((e) => e.event),
      ['remarriage'],
    );

    const months = async () =>
      (
        await sql<{ kind: string; period: string }>`select j.kind, y.period from jp_pension_payments y
          join jp_pensions j on j.id = y.pension_id where y.period > '2026-08' order by 1, 2`.execute(t.db)
      ).rows.map((r) => `${r.kind} ${r.period}`);
    // October 2026: the widow is paid September (the month she remarried), not October; the child both.
    const oct = await runPensions({ db: t.db, clock: later }, { period: '2026-10' });
    assert.equal(oct.payments, 3);
    assert.deepEqual(await months(), ['child 2026-09', 'child 2026-10', 'spouse 2026-09']);
    // November: nobody (the child started work in October); both pensions are ended with the reason.
    const nov = await runPensions(
      { db: t.db, clock: fixedClock('2026-12-05T03:00:00Z') },
      { period: '2026-11' },
    );
    assert.equal(nov.payments, 0);
    assert.deepEqual(await months(), ['child 2026-09', 'child 2026-10', 'spouse 2026-09']);
    const ended = await sql<{ kind: string; status: string; ended_reason: string | null }>`
      select kind, status, ended_reason from jp_pensions where participant_id = ${p.b.id} order by kind`.execute(
      t.db,
    );
    assert.deepEqual(ended.rows, [
      { kind: 'child', status: 'ended', ended_reason: 'work' },
      { kind: 'spouse', status: 'ended', ended_reason: 'remarriage' },
    ]);
  });
});
