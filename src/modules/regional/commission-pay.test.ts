import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { testApp } from '../../../test/app.ts';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { makeActor } from '../../../test/kits/contributions.ts';
import { person } from '../../../test/kits/partnerships.ts';
import { fixedClock } from '../../platform/clock.ts';
import { loadConfig } from '../../platform/config.ts';
import { getJob, runQueuedJobs } from '../../platform/jobs.ts';
import { SYSTEM } from '../access/policy.ts';
import { runBilling } from '../contributions/billing.ts';
import { recordPayment } from '../contributions/payments.ts';
import { tieOutDisbursement } from '../disbursement/batches.ts';
import { checkBatchFile } from '../disbursement/rules.ts';
import { assignVillage, attributeRecruit, registerAgent } from './agents.ts';
import { batchCommissionRun, COMMISSION_SOURCE, importCommissionResults } from './commission-pay.ts';

// 2027, non-transport BPU: JKK Rp10,000 + JKM Rp6,800 = Rp16,800 a month; commission 10% (UNCONFIRMED
// placeholder) = Rp1,680 per paid month. Agent A (bank account) has two recruits paying 3 and 1 months,
// agent B (no account yet) one recruit paying 2 months.
const MONTH = 16_800;
const PER_MONTH = 1_680;
const VILLAGE = '19.71.01.1004';

describe('agent commission paid through the disbursement module', () => {
  let t: TestDb;
  let api: Awaited<ReturnType<typeof testApp>>;
  let a: number;
  let b: number;
  const clock = fixedClock('2027-04-02T03:00:00Z');
  const deps = () => ({ handle: t.handle, db: t.db, clock, config: loadConfig({}) });
  const pay = (participant: number, period: string) =>
    recordPayment(
      t.db,
      {
        reference: `BANK-${participant}-${period}`,
        payer_kind: 'participant',
        payer_id: participant,
        amount: MONTH,
        paid_on: `${period}-10`,
        source: 'cli',
      },
      SYSTEM,
      fixedClock(`${period}-10T03:00:00Z`),
    );
  const csvFile = (name: string, lines: string[]) => {
    const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'komisi-')), name);
    fs.writeFileSync(f, `${lines.join('\n')}\n`);
    return f;
  };
  const payments = async () =>
    (
      await sql<{
        reference: string;
        amount: number;
        attempt: number;
        status: string;
        account_number: string;
      }>`
        select reference, amount::int, attempt, status, account_number from disbursement_payments
        where source = ${COMMISSION_SOURCE} order by item_id, attempt`.execute(t.db)
    ).rows;

  before(async () => {
    t = await createTestDb();
    api = await testApp(t, clock);
    await api.user('admin', 'admin');
    await api.user('cabang', 'branch_officer', { region_codes: ['19'] });
    const officer = await makeActor(t.db, 'cabang-pgk', 'branch_officer', { region_codes: ['19.71'] });
    const enrol = fixedClock('2027-01-20T03:00:00Z');
    const agent = async (code: string, nik: string, bank: boolean) => {
      const { id } = await registerAgent(
        t.db,
        {
          code,
          full_name: `Agen ${code}`,
          nik,
          phone: `0812${nik.slice(-8)}`,
          region_code: '19.71',
          bank_code: bank ? 'BRI' : null,
          bank_account: bank ? '001201234567' : null,
          account_holder: bank ? `Agen ${code}` : null,
          registered_on: '2026-12-01',
        },
        officer,
      );
      await assignVillage(t.db, id, { village_code: VILLAGE, from_date: '2026-12-01' }, officer);
      return id;
    };
    a = await agent('AGN-PAY-A', '1971015705900011', true);
    b = await agent('AGN-PAY-B', '1971015705900012', false);
    const recruits: number[] = [];
    for (const id of [a, a, b]) {
      const p = await person(t.db, { registeredOn: '2027-01-05' });
      recruits.push(p.id);
      await attributeRecruit(t.db, id, { participant_id: p.id }, officer, enrol);
    }
    for (const period of ['2027-01', '2027-02', '2027-03']) await runBilling(t.handle, { period });
    for (const period of ['2027-01', '2027-02', '2027-03']) await pay(recruits[0]!, period);
    await pay(recruits[1]!, '2027-01');
    for (const period of ['2027-01', '2027-02']) await pay(recruits[2]!, period);
  });
  after(() => t.close());

  test('batching refuses a month whose run has not been computed', async () => {
    await assert.rejects(batchCommissionRun(t.db, SYSTEM, '2027-02'), /belum dihitung/);
  });

  test("the run job batches the payables: one payment per payable agent, control totals = the agents' sums", async () => {
    const denied = await api.app.inject({
      method: 'POST',
      url: '/api/agent-commission/2027-03/run',
      headers: api.as('cabang'),
    });
    assert.equal(denied.statusCode, 403);
    const r = await api.app.inject({
      method: 'POST',
      url: '/api/agent-commission/2027-03/run',
      headers: api.as('admin'),
    });
    assert.equal(r.statusCode, 202, r.body);
    await runQueuedJobs(deps());
    const job = await getJob(t.db, r.json().job.id);
    assert.equal(job?.status, 'done', job?.error ?? '');
    const res = job?.result as {
      total: number;
      payments: number;
      paid_amount: number;
      without_account: number;
    };
    // A: 3 + 1 paid months; B: 2 paid months but no account, so not batched (and not dropped).
    assert.equal(res.total, 6 * PER_MONTH);
    assert.equal(res.payments, 1);
    assert.equal(res.paid_amount, 4 * PER_MONTH);
    assert.equal(res.without_account, 1);
    const list = await api.app.inject({ url: '/api/agent-commission/batches', headers: api.as('admin') });
    assert.equal(list.statusCode, 200, list.body);
    const batches = list.json().items as Array<{ id: number; row_count: number; total_amount: number }>;
    assert.deepEqual(
      batches.map((x) => [x.row_count, x.total_amount]),
      [[1, 4 * PER_MONTH]],
    );
    const file = await api.app.inject({
      url: `/api/agent-commission/batches/${batches[0]!.id}/file`,
      headers: api.as('admin'),
    });
    assert.equal(file.statusCode, 200, file.body);
    const check = checkBatchFile(file.body);
    assert.deepEqual([check.ok, check.count, check.total], [true, 1, 4 * PER_MONTH]);
    // The agent's NIK is the identity column of its row.
    assert.match(file.body, /1971015705900011/);
    const owed = await api.app.inject({
      url: '/api/agent-commission/2027-03/payments',
      headers: api.as('cabang'),
    });
    assert.deepEqual(
      (owed.json().items as Array<{ code: string; amount: number; status: string }>).map((x) => [
        x.code,
        x.amount,
        x.status,
      ]),
      [
        ['AGN-PAY-A', 4 * PER_MONTH, 'pending'],
        ['AGN-PAY-B', 2 * PER_MONTH, 'not_batched'],
      ],
    );
  });

  test('batching again pays nobody twice; an account added since is batched then', async () => {
    const again = await batchCommissionRun(t.db, SYSTEM, '2027-03');
    assert.equal(again.payments, 0);
    await sql`update agents set bank_code = 'BNI', bank_account = '0099887766', account_holder = 'Agen B'
      where id = ${b}`.execute(t.db);
    const later = await batchCommissionRun(t.db, SYSTEM, '2027-03');
    assert.deepEqual([later.payments, later.amount, later.without_account], [1, 2 * PER_MONTH, 0]);
    assert.equal((await payments()).length, 2);
  });

  test('bank results: a failure is re-batched to the corrected account, then paid; the tie-out holds', async () => {
    const [pa, pb] = await payments();
    const up = await api.app.inject({
      method: 'POST',
      url: '/api/agent-commission/results',
      headers: api.as('admin'),
      payload: {
        file_name: 'hasil-komisi.csv',
        content: `reference,status,paid_on,amount\n${pa!.reference},berhasil,2027-04-03,${pa!.amount}\n${pb!.reference},rekening_tidak_valid,2027-04-03,${pb!.amount}\n`,
      },
    });
    assert.equal(up.statusCode, 202, up.body);
    await runQueuedJobs(deps());
    const imp = await getJob(t.db, up.json().job.id);
    assert.equal(imp?.status, 'done', imp?.error ?? '');
    assert.equal((imp?.result as { applied: number } | undefined)?.applied, 2);
    const cabang = await api.app.inject({
      method: 'POST',
      url: '/api/agent-commission/rebatch',
      headers: api.as('cabang'),
    });
    assert.equal(cabang.statusCode, 403);
    await sql`update agents set bank_account = '0099887700' where id = ${b}`.execute(t.db);
    const re = await api.app.inject({
      method: 'POST',
      url: '/api/agent-commission/rebatch',
      headers: api.as('admin'),
    });
    assert.equal(re.statusCode, 201, re.body);
    assert.deepEqual(
      (re.json().batches as Array<{ attempt: number; row_count: number; total_amount: number }>).map((x) => [
        x.attempt,
        x.row_count,
        x.total_amount,
      ]),
      [[2, 1, 2 * PER_MONTH]],
    );
    const second = (await payments()).find((p) => p.attempt === 2)!;
    assert.equal(second.account_number, '0099887700');
    const r2 = await importCommissionResults(
      t.db,
      SYSTEM,
      csvFile('hasil-2.csv', ['reference,status', `${second.reference},paid`]),
      'hasil-2.csv',
    );
    assert.equal(r2.applied, 1);
    const tie = await tieOutDisbursement(t.db, COMMISSION_SOURCE);
    assert.deepEqual(
      [tie.ok, tie.items, tie.paid, tie.paid_amount, tie.failed],
      [true, 2, 2, 6 * PER_MONTH, 0],
    );
  });
});
