import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { testApp } from '../../../test/app.ts';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { billAndPay, employer, exit, rehire, worker } from '../../../test/kits/claims.ts';
import { fixedClock } from '../../platform/clock.ts';
import { SYSTEM } from '../access/policy.ts';
import { historyMonths } from '../benefits/history.ts';
import { jhtBalanceOn, postJhtDevelopment, reconcileJht } from '../benefits/jht.ts';
import { paidInWindow } from '../benefits/rules.ts';
import { checkBatchFile } from '../disbursement/rules.ts';
import { addRelatedPerson, decideClaim, fileClaim, recordDeath, verifyClaim } from './actions.ts';

/**
 * Hand-computed benefits from histories built through registration, employment events, billing
 * runs and payments; then the "done when" through the API. Every invoice is paid on the 10th
 * of the next month, which is the JHT value date.
 */

const CLOCK = fixedClock('2025-05-02T03:00:00Z');
const JHT_PCT = 0.057; // 3.7% employer + 2% worker (PP 46/2015)

describe('benefits and claims from the member history', () => {
  let t: TestDb;
  const p: Record<string, { id: number; kpj: string }> = {};
  const e: Record<string, { id: number; npp: string }> = {};
  let heirs: { spouse: number; sd: number; sma: number; third: number };

  before(async () => {
    t = await createTestDb();
    for (const k of ['m1', 'm2', 'a', 'b', 'c', 'd', 'e', 'p', 'cv']) e[k] = await employer(t.db);
    p.m1 = await worker(t.db, {
      npp: e.m1!.npp,
      registeredOn: '2019-09-15',
      hiredOn: '2019-10-01',
      wage: 5_000_000,
    });
    p.cv = await worker(t.db, {
      npp: e.cv!.npp,
      registeredOn: '2020-06-15',
      hiredOn: '2020-07-01',
      wage: 5_000_000,
    });
    p.m2 = await worker(t.db, {
      npp: e.m2!.npp,
      registeredOn: '2021-12-15',
      hiredOn: '2022-01-01',
      wage: 7_000_000,
      name: 'Budi Santoso',
    });
    p.a = await worker(t.db, {
      npp: e.a!.npp,
      registeredOn: '2022-12-15',
      hiredOn: '2023-01-01',
      wage: 6_000_000,
      name: 'Siti Aminah',
      sex: 'F',
    });
    p.b = await worker(t.db, {
      npp: e.b!.npp,
      registeredOn: '2022-12-15',
      hiredOn: '2023-01-01',
      wage: 4_000_000,
    });
    p.c = await worker(t.db, {
      npp: e.c!.npp,
      registeredOn: '2022-12-15',
      hiredOn: '2023-01-01',
      wage: 4_000_000,
    });
    p.d = await worker(t.db, {
      npp: e.d!.npp,
      registeredOn: '2022-12-15',
      hiredOn: '2023-01-01',
      wage: 3_000_000,
    });
    p.e = await worker(t.db, {
      npp: e.e!.npp,
      registeredOn: '2022-12-15',
      hiredOn: '2023-01-01',
      wage: 3_000_000,
    });
    p.p = await worker(t.db, {
      npp: e.p!.npp,
      registeredOn: '2015-08-01',
      hiredOn: '2024-01-01',
      wage: 5_000_000,
    });
    await exit(t.db, p.a!.id, e.a!.id, '2025-03-20');
    await exit(t.db, p.b!.id, e.b!.id, '2025-02-06');
    await exit(t.db, p.c!.id, e.c!.id, '2025-02-07');
    // d: out of work Apr 2023 – Apr 2024 (11 paid months in the 24 before the job loss); e: back in Apr 2024 (12).
    await exit(t.db, p.d!.id, e.d!.id, '2023-03-31');
    await rehire(t.db, p.d!.id, e.d!.id, '2024-05-01', 3_000_000);
    await exit(t.db, p.d!.id, e.d!.id, '2025-03-20');
    await exit(t.db, p.e!.id, e.e!.id, '2023-03-31');
    await rehire(t.db, p.e!.id, e.e!.id, '2024-04-01', 3_000_000);
    await exit(t.db, p.e!.id, e.e!.id, '2025-03-20');
    await recordDeath(
      t.db,
      { participant_id: p.m1!.id, died_on: '2019-12-20', cause: 'non_work' },
      SYSTEM,
      CLOCK,
    );
    await recordDeath(
      t.db,
      { participant_id: p.cv!.id, died_on: '2021-01-20', cause: 'non_work' },
      SYSTEM,
      CLOCK,
    );
    const rp = (o: Parameters<typeof addRelatedPerson>[1]) =>
      addRelatedPerson(t.db, o, SYSTEM, CLOCK).then((r) => r.id);
    heirs = {
      spouse: await rp({
        participant_id: p.m2!.id,
        relation: 'spouse',
        full_name: 'Rina Santoso',
        birth_date: '1988-02-02',
        sex: 'F',
        bank_code: 'BRI',
        account_number: '0012345678',
      }),
      third: await rp({
        participant_id: p.m2!.id,
        relation: 'child',
        full_name: 'Anak Sulung',
        birth_date: '2001-05-05',
        school_level: 'PT',
        school_year: 2,
      }),
      sma: await rp({
        participant_id: p.m2!.id,
        relation: 'child',
        full_name: 'Anak Tengah',
        birth_date: '2009-06-01',
        school_level: 'SMA',
        school_year: 1,
      }),
      sd: await rp({
        participant_id: p.m2!.id,
        relation: 'child',
        full_name: 'Anak Bungsu',
        birth_date: '2016-01-10',
        school_level: 'SD',
        school_year: 3,
      }),
    };
    for (const [id, bank, acct] of [
      [p.a!.id, 'BNI', '1122334455'],
      [p.b!.id, 'BRI', '2233445566'],
      [p.c!.id, 'BRI', '3344556677'],
      [p.d!.id, 'BRI', '4455667788'],
      [p.e!.id, 'BRI', '5566778899'],
      [p.p!.id, 'MANDIRI', '6677889900'],
    ] as const)
      await sql`insert into participant_bank_accounts (participant_id, bank_code, account_number, holder_name, verified_on)
        values (${id}, ${bank}, ${acct}, 'PEMILIK', '2024-01-01')`.execute(t.db);
    await billAndPay(t.handle, '2019-10', '2019-12');
    await billAndPay(t.handle, '2020-07', '2021-01');
    await billAndPay(t.handle, '2022-01', '2025-02');
    // m2 dies in March 2025: March is still billed, April is not.
    await recordDeath(
      t.db,
      { participant_id: p.m2!.id, died_on: '2025-03-15', cause: 'non_work' },
      SYSTEM,
      CLOCK,
    );
    await billAndPay(t.handle, '2025-03', '2025-04');
  });
  after(() => t?.close());

  const file = (o: Omit<Parameters<typeof fileClaim>[1], 'documents'>) =>
    fileClaim(
      t.db,
      {
        ...o,
        documents: [
          'ktp',
          'kpj_card',
          'termination_proof',
          'bank_book',
          'exit_letter',
          'death_certificate',
          'heir_ktp',
          'family_card',
          'heir_statement',
          'child_birth_certificate',
          'school_statement',
        ],
      },
      SYSTEM,
      CLOCK,
    );

  test('history: paid months, employer and wage per month from the invoices and payments', async () => {
    const m = await historyMonths(t.db, p.d!.id);
    const jkk = m.filter((x) => x.program === 'JKK');
    // 2023-01..03 and 2024-05..2025-03: 3 + 11 months, each paid, billed to employer d at Rp3,000,000.
    assert.equal(jkk.length, 14);
    assert.ok(jkk.every((x) => x.paid && x.wage === 3_000_000 && x.employer_id === e.d!.id));
    assert.equal(paidInWindow(m, 'JKK', '2025-03', 24), 11);
  });

  test('death stops the bills after the death month', async () => {
    const r = await sql<{
      last: string;
    }>`select max(for_period) as last from contribution_lines where participant_id = ${p.m2!.id}`.execute(
      t.db,
    );
    assert.equal(r.rows[0]!.last, '2025-03');
    const s = await sql<{ status: string }>`select status from participants where id = ${p.m2!.id}`.execute(
      t.db,
    );
    assert.equal(s.rows[0]!.status, 'closed');
  });

  test('COVID relaxation months count as paid: JKM at 1% of the rate, Aug 2020 – Jan 2021', async () => {
    const m = await historyMonths(t.db, p.cv!.id);
    const aug = m.find((x) => x.program === 'JKM' && x.period === '2020-08')!;
    const jul = m.find((x) => x.program === 'JKM' && x.period === '2020-07')!;
    assert.equal(jul.charged, 15_000); // 0.30% × 5,000,000
    assert.equal(aug.charged, 150); // 1% of it (PP 49/2020)
    assert.ok(aug.paid);
    const c = await file({
      participant_id: p.cv!.id,
      benefit: 'JKM',
      event_date: '2021-01-20',
      payee_related_id: await addRelatedPerson(
        t.db,
        {
          participant_id: p.cv!.id,
          relation: 'spouse',
          full_name: 'Istri',
          bank_code: 'BRI',
          account_number: '9988776655',
        },
        SYSTEM,
        CLOCK,
      ).then((r) => r.id),
    });
    const a = await verifyClaim(t.db, c.id, SYSTEM);
    assert.equal(a.eligible, true);
    assert.equal(a.amount, 20_000_000 + 12_000_000 + 10_000_000);
  });

  test('JKM before PP 82/2019: the PP 44/2015 amounts', async () => {
    const heir = await addRelatedPerson(
      t.db,
      {
        participant_id: p.m1!.id,
        relation: 'spouse',
        full_name: 'Suami',
        bank_code: 'BRI',
        account_number: '8877665544',
      },
      SYSTEM,
      CLOCK,
    );
    const c = await file({
      participant_id: p.m1!.id,
      benefit: 'JKM',
      event_date: '2019-12-20',
      payee_related_id: heir.id,
    });
    const a = await verifyClaim(t.db, c.id, SYSTEM);
    assert.equal(a.eligible, true);
    assert.equal(a.amount, 16_200_000 + 4_800_000 + 3_000_000);
  });

  test('JKP: PP 37/2021 for a job loss on 6 Feb 2025, PP 6/2025 from 7 Feb 2025', async () => {
    const b = await verifyClaim(
      t.db,
      (
        await file({
          participant_id: p.b!.id,
          benefit: 'JKP',
          event_date: '2025-02-06',
          termination: 'dismissal',
        })
      ).id,
      SYSTEM,
    );
    assert.equal(b.eligible, true);
    assert.equal(b.amount, (3 * 45 * 4_000_000 + 3 * 25 * 4_000_000) / 100);
    const c = await verifyClaim(
      t.db,
      (
        await file({
          participant_id: p.c!.id,
          benefit: 'JKP',
          event_date: '2025-02-07',
          termination: 'redundancy',
        })
      ).id,
      SYSTEM,
    );
    assert.equal(c.eligible, true);
    assert.equal(c.amount, (6 * 60 * 4_000_000) / 100);
  });

  test('JKP: 11 paid months in the 24 is not enough, 12 is', async () => {
    const d = await verifyClaim(
      t.db,
      (
        await file({
          participant_id: p.d!.id,
          benefit: 'JKP',
          event_date: '2025-03-20',
          termination: 'dismissal',
        })
      ).id,
      SYSTEM,
    );
    assert.equal(d.eligible, false);
    assert.equal(d.amount, 0);
    assert.deepEqual((d.facts as { monthsPaid: number }).monthsPaid, 11);
    const x = await verifyClaim(
      t.db,
      (
        await file({
          participant_id: p.e!.id,
          benefit: 'JKP',
          event_date: '2025-03-20',
          termination: 'dismissal',
        })
      ).id,
      SYSTEM,
    );
    assert.equal(x.eligible, true);
    assert.equal(x.amount, (6 * 60 * 3_000_000) / 100);
  });

  test('JHT development posted at the declared rate (2020 rate carried, flagged) and reconciled', async () => {
    const d23 = await postJhtDevelopment({ db: t.db, clock: CLOCK }, { year: 2023 });
    await postJhtDevelopment({ db: t.db, clock: CLOCK }, { year: 2024 });
    assert.equal(d23.rate, '0.0563');
    assert.equal(d23.unconfirmed, true);
    // a rerun changes nothing
    const again = await postJhtDevelopment({ db: t.db, clock: CLOCK }, { year: 2023 });
    assert.equal(again.alreadyDone, true);
    const r = await reconcileJht(t.db);
    assert.ok(r.ok, JSON.stringify(r));
    assert.ok(r.credits > 0 && r.development > 0);
  });

  test('JHT partial 10%: 119 months of membership is not enough, 120 is', async () => {
    const clock = fixedClock('2025-08-05T03:00:00Z');
    const docs = ['ktp', 'kpj_card', 'exit_letter', 'bank_book'];
    const early = await fileClaim(
      t.db,
      {
        participant_id: p.p!.id,
        benefit: 'JHT',
        kind: 'partial_other',
        event_date: '2025-07-31',
        documents: docs,
      },
      SYSTEM,
      clock,
    );
    assert.equal((await verifyClaim(t.db, early.id, SYSTEM)).eligible, false);
    const ok = await fileClaim(
      t.db,
      {
        participant_id: p.p!.id,
        benefit: 'JHT',
        kind: 'partial_other',
        event_date: '2025-08-01',
        documents: docs,
      },
      SYSTEM,
      clock,
    );
    const a = await verifyClaim(t.db, ok.id, SYSTEM);
    // 16 months 2024-01..2025-04 at 285,000; 2024 development on the 11 months credited in 2024 (weights 10..0 = 55).
    const contributions = 16 * 285_000;
    const dev2024 = Math.round((0.0563 * 285_000 * 55) / 12);
    assert.equal(dev2024, 73_542);
    assert.equal(a.eligible, true);
    assert.equal(a.amount, Math.round((contributions + dev2024) * 0.1));
  });

  test('scholarship limits by the death date: at most 2 children (oldest first), none aged 23 or more', async () => {
    const c = await file({
      participant_id: p.m2!.id,
      benefit: 'BEASISWA',
      event_date: '2025-03-15',
      payee_related_id: heirs.spouse,
      children: [heirs.third, heirs.sma, heirs.sd],
    });
    const a = await verifyClaim(t.db, c.id, SYSTEM);
    // The eldest (born 2001) is 23 on 15 Mar 2025: ended; the third child is beyond the limit of 2.
    assert.equal(a.amount, 9_000_000 + 60_000_000);
    await decideClaim(
      t.db,
      c.id,
      { outcome: 'rejected', reason_code: 'other', note: 'diajukan ulang' },
      SYSTEM,
    );
  });

  test('JHT development is resumable: a run stopped after one chunk finishes without duplicates', async () => {
    // Years are posted in order: 2022 after 2024 is refused.
    await assert.rejects(postJhtDevelopment({ db: t.db, clock: CLOCK }, { year: 2022 }), /posted in order/);
    const later = fixedClock('2026-01-05T03:00:00Z');
    const before = await reconcileJht(t.db);
    let calls = 0;
    await assert.rejects(
      postJhtDevelopment(
        { db: t.db, clock: later },
        { year: 2025, chunk: 2 },
        {
          progress() {
            calls++;
            throw new Error('crash after the first chunk');
          },
        },
      ),
    );
    assert.equal(calls, 1);
    const done = await postJhtDevelopment({ db: t.db, clock: later }, { year: 2025, chunk: 2 });
    const dup = await sql<{
      n: number;
    }>`select count(*)::int as n from (select participant_id from jht_entries
      where kind = 'development' and year = 2025 group by 1 having count(*) > 1) d`.execute(t.db);
    assert.equal(dup.rows[0]!.n, 0);
    // Each posting equals the formula over the account's whole history (the run reads only the year's
    // entries and the running balance): round(rate × (Σ before × 12 + Σ in year × (12 − month)) / 12).
    const wrong = await sql<{ participant_id: string; posted: string; expected: string }>`
      select d.participant_id, d.amount::text as posted,
        round(d.rate * (select sum(e.amount * case when e.posted_on < '2025-01-01' then 12 else 12 - extract(month from e.posted_on)::int end)
          from jht_entries e where e.participant_id = d.participant_id and e.posted_on <= '2025-12-31'
            and not (e.kind = 'development' and e.year = 2025)) / 12)::text as expected
      from jht_entries d where d.kind = 'development' and d.year = 2025`.execute(t.db);
    assert.ok(wrong.rows.length > 0);
    for (const w of wrong.rows) assert.equal(w.posted, w.expected, `participant ${w.participant_id}`);
    const after = await reconcileJht(t.db);
    assert.ok(after.ok);
    assert.equal(after.development - before.development, done.amount);
    assert.ok(done.amount > 0);
  });

  describe('done when: JKP, JHT and a JKM death with scholarship for two children, through the API', () => {
    let h: Awaited<ReturnType<typeof testApp>>;
    before(async () => {
      h = await testApp(t, CLOCK);
      await h.user('cabang32', 'branch_officer', { region_codes: ['32'] });
      await h.user('kepala32', 'branch_officer', { region_codes: ['32'] });
      await h.user('cabang19', 'branch_officer', { region_codes: ['19'] });
      await h.user('pusat', 'admin');
      await h.user('pemda', 'regional_government', { region_codes: ['32'] });
    });
    const post = (url: string, who: string, payload: object = {}) =>
      h.app.inject({ method: 'POST', url, headers: h.as(who), payload });
    const get = (url: string, who: string) => h.app.inject({ method: 'GET', url, headers: h.as(who) });
    const ids: Record<string, number> = {};

    test('intake with the checklist; verification shows eligibility, amount and explanation', async () => {
      const jkp = await post('/api/claims', 'cabang32', {
        participant_id: p.a!.id,
        benefit: 'JKP',
        event_date: '2025-03-20',
        termination: 'dismissal',
        documents: ['ktp', 'kpj_card'],
      });
      assert.equal(jkp.statusCode, 201, jkp.body);
      ids.jkp = jkp.json().id;
      // Documents missing: verification refused with a bilingual message.
      const early = await post(`/api/claims/${ids.jkp}/verify`, 'cabang32');
      assert.equal(early.statusCode, 400);
      assert.match(early.json().error.message, /dokumen wajib.*required documents/);
      await post(`/api/claims/${ids.jkp}/documents`, 'cabang32', {
        documents: { termination_proof: true, bank_book: true },
      });
      const v = await post(`/api/claims/${ids.jkp}/verify`, 'cabang32');
      assert.equal(v.statusCode, 200, v.body);
      assert.equal(v.json().eligible, true);
      assert.equal(v.json().amount, (6 * 60 * 5_000_000) / 100); // wage 6,000,000 capped at 5,000,000
      const expl = v.json().result.explanation;
      assert.ok(
        expl.parameters.some((x: { name: string; ref: string }) => x.name === 'jkp.wage_cap' && x.ref),
      );
      assert.ok(expl.steps.length > 3);

      const jht = await post('/api/claims', 'cabang32', {
        participant_id: p.a!.id,
        benefit: 'JHT',
        kind: 'full',
        event_date: '2025-05-01',
        documents: ['ktp', 'kpj_card', 'exit_letter', 'bank_book'],
      });
      ids.jht = jht.json().id;
      const vj = await post(`/api/claims/${ids.jht}/verify`, 'cabang32');
      assert.equal(vj.json().eligible, true, vj.body);
      // 27 months at 342,000; development 2023 on 11 months credited Feb–Dec (weights 10..0 = 55);
      // 2024 on the opening balance × 12 plus 12 months credited Jan–Dec (weights 11..0 = 66).
      const c = 342_000;
      const d23 = Math.round((0.0563 * c * 55) / 12);
      const open24 = 11 * c + d23;
      const d24 = Math.round((0.0563 * (open24 * 12 + c * 66)) / 12);
      assert.equal(Math.round(JHT_PCT * 6_000_000), c);
      assert.equal(vj.json().amount, 27 * c + d23 + d24);
      assert.equal(await jhtBalanceOn(t.db, p.a!.id, '2025-05-01'), 27 * c + d23 + d24);

      const jkm = await post('/api/claims', 'cabang32', {
        participant_id: p.m2!.id,
        benefit: 'JKM',
        event_date: '2025-03-15',
        payee_related_id: heirs.spouse,
        documents: [
          'death_certificate',
          'kpj_card',
          'heir_ktp',
          'family_card',
          'heir_statement',
          'bank_book',
        ],
      });
      ids.jkm = jkm.json().id;
      const vk = await post(`/api/claims/${ids.jkm}/verify`, 'cabang32');
      assert.equal(vk.json().amount, 42_000_000, vk.body);
      const bs = await post('/api/claims', 'cabang32', {
        participant_id: p.m2!.id,
        benefit: 'BEASISWA',
        event_date: '2025-03-15',
        payee_related_id: heirs.spouse,
        children: [heirs.sd, heirs.sma],
        documents: [
          'death_certificate',
          'family_card',
          'child_birth_certificate',
          'school_statement',
          'bank_book',
        ],
      });
      ids.bs = bs.json().id;
      const vb = await post(`/api/claims/${ids.bs}/verify`, 'cabang32');
      // SD from year 3: 4 × 1.5M, SMP 3 × 2M, SMA 3 × 3M, PT 5 × 12M = 81M; SMA from year 1: 9M + 60M = 69M.
      assert.equal(vb.json().eligible, true, vb.body);
      assert.equal(vb.json().amount, 81_000_000 + 69_000_000);
    });

    test('maker-checker: the verifier may not approve; a second officer does', async () => {
      const self = await post(`/api/claims/${ids.jkp}/decision`, 'cabang32', { outcome: 'approved' });
      assert.equal(self.statusCode, 403);
      for (const k of ['jkp', 'jht', 'jkm', 'bs']) {
        const r = await post(`/api/claims/${ids[k]}/decision`, 'kepala32', { outcome: 'approved' });
        assert.equal(r.statusCode, 200, r.body);
      }
      const detail = await get(`/api/claims/${ids.jkp}`, 'kepala32');
      assert.equal(detail.json().decision.outcome, 'approved');
      assert.ok(detail.json().decision.explanation.result.explanation.steps.length > 0);
      assert.ok(
        detail
          .json()
          .history.programs.some(
            (x: { program: string; paid_months: number }) => x.program === 'JKK' && x.paid_months === 27,
          ),
      );
    });

    test('scope: another branch and regional government learn nothing', async () => {
      assert.equal((await get(`/api/claims/${ids.jkp}`, 'cabang19')).statusCode, 404);
      assert.equal((await get('/api/claims', 'cabang19')).json().total, 0);
      assert.equal((await get('/api/claims', 'pemda')).json().total, 0);
      assert.equal((await post('/api/claims-payments/batches', 'cabang32')).statusCode, 403);
    });

    test('bank batch with control totals, a failure re-batched, bank results close every claim', async () => {
      const b = await post('/api/claims-payments/batches', 'pusat');
      assert.equal(b.statusCode, 201, b.body);
      const batches = b.json().batches as Array<{
        id: number;
        row_count: number;
        total_amount: number;
        channel: string;
      }>;
      assert.equal(
        batches.reduce((s, x) => s + x.row_count, 0),
        4,
      );
      const refs: string[] = [];
      for (const x of batches) {
        const f = await get(`/api/claims-payments/batches/${x.id}/file`, 'pusat');
        const c = checkBatchFile(f.body);
        assert.ok(c.ok);
        assert.equal(c.total, x.total_amount);
        for (const line of f.body
          .trim()
          .split('\n')
          .filter((l) => l.startsWith('D,')))
          refs.push(line.split(',')[2]!);
      }
      const jhtRef = refs.find((r) => r === `CLAIMS-${ids.jht}-A1`)!;
      const csv = [
        'reference,status,paid_on',
        ...refs.map((r) => `${r},${r === jhtRef ? 'gagal' : 'berhasil'},2025-05-10`),
      ].join('\n');
      // The bank result file is applied by a worker: 202 with the job, its result when done.
      const up1 = await post('/api/claims-payments/results', 'pusat', {
        file_name: 'hasil-1.csv',
        content: csv,
      });
      assert.equal(up1.statusCode, 202, up1.body);
      const r1 = (await h.settle(up1)).result as { applied: number };
      assert.equal(r1.applied, 4, JSON.stringify(r1));
      assert.equal((await get(`/api/claims/${ids.jht}`, 'pusat')).json().claim.status, 'in_payment');
      const rb = await post('/api/claims-payments/rebatch', 'pusat');
      assert.equal(rb.json().batches[0].row_count, 1);
      const r2 = (
        await h.settle(
          await post('/api/claims-payments/results', 'pusat', {
            file_name: 'hasil-2.csv',
            content: `reference,status,paid_on\nCLAIMS-${ids.jht}-A2,paid,2025-05-12\n`,
          }),
        )
      ).result as { applied: number };
      assert.equal(r2.applied, 1, JSON.stringify(r2));
      for (const k of ['jkp', 'jht', 'jkm', 'bs'])
        assert.equal((await get(`/api/claims/${ids[k]}`, 'pusat')).json().claim.status, 'paid');
      const tie = (await get('/api/claims-payments/batches', 'pusat')).json().tieout;
      assert.ok(tie.ok);
      assert.equal(tie.paid, 4);
      // The JHT payout empties the account from its payment day; the reconciliation still holds.
      assert.equal(await jhtBalanceOn(t.db, p.a!.id, '2025-05-12'), 0);
      const rec = await get('/api/jht/reconciliation', 'pusat');
      assert.ok(rec.json().ok, rec.body);
      assert.ok(rec.json().payouts > 0);
      // The yearly development and the crediting run as background jobs (202, then a worker).
      const dev = await post('/api/jht/development', 'pusat', { year: 2024 });
      assert.equal(dev.statusCode, 202, dev.body);
      const job = await h.settle(dev);
      assert.equal(job.status, 'done', job.error ?? '');
      assert.equal((job.result as { alreadyDone: boolean }).alreadyDone, true);
      assert.equal((await post('/api/jht/development', 'cabang32', { year: 2024 })).statusCode, 403);
      const credit = await h.settle(await post('/api/jht/credit', 'pusat'));
      assert.equal(credit.status, 'done', credit.error ?? '');
      const st = await get(
        `/api/participants/${p.a!.id}/jht-statement?as_of=2025-05-01&format=xlsx`,
        'cabang32',
      );
      assert.equal(st.statusCode, 200);
      assert.ok(st.rawPayload.length > 1000);
    });

    test('JKK: the employer reports the accident; STMB from the history wage, a late report is flagged', async () => {
      await h.user('hrp', 'employer', { employer_id: e.p!.id });
      const wrong = await post('/api/claims', 'hrp', {
        participant_id: p.p!.id,
        benefit: 'JKP',
        event_date: '2025-04-02',
        termination: 'dismissal',
      });
      assert.equal(wrong.statusCode, 403);
      const notMine = await post('/api/claims', 'hrp', {
        participant_id: p.a!.id,
        benefit: 'JKK',
        kind: 'stmb',
        event_date: '2025-01-02',
      });
      assert.equal(notMine.statusCode, 404);
      const r = await post('/api/claims', 'hrp', {
        participant_id: p.p!.id,
        benefit: 'JKK',
        kind: 'stmb',
        event_date: '2025-04-02',
        details: { months: 2 },
        documents: ['accident_report', 'ktp', 'kpj_card', 'medical_certificate', 'bank_book'],
      });
      assert.equal(r.statusCode, 201, r.body);
      // The employer sees its own report; it may not verify.
      assert.equal((await get('/api/claims', 'hrp')).json().total, 1);
      assert.equal((await post(`/api/claims/${r.json().id}/verify`, 'hrp')).statusCode, 403);
      const v = await post(`/api/claims/${r.json().id}/verify`, 'cabang32');
      assert.equal(v.statusCode, 200, v.body);
      assert.equal(v.json().eligible, true);
      assert.equal(v.json().amount, 2 * 5_000_000); // PP 82/2019: 100% of the wage for the first 12 months
      assert.equal(v.json().facts.reportedInTime, false);
      assert.ok(v.json().result.explanation.warnings.some((w: string) => w.includes('2×24')));
    });
  });
});
