import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { makeActor } from '../../../test/kits/contributions.ts';
import { person } from '../../../test/kits/partnerships.ts';
import { fixedClock } from '../../platform/clock.ts';
import { SYSTEM } from '../access/policy.ts';
import { runBilling } from '../contributions/billing.ts';
import { recordPayment } from '../contributions/payments.ts';
import {
  agentRecruits,
  assignVillage,
  attributeRecruit,
  checkAgentFraud,
  commissionPayables,
  listAgents,
  registerAgent,
  runAgentCommission,
  setTarget,
} from './agents.ts';

// 2027: no PP 50/2025 window for non-transport BPU. JKK 1% of Rp1,000,000 + JKM Rp6,800 = Rp16,800 a month.
// Commission (agent-commission.json, UNCONFIRMED): 10% of the month paid → Rp1,680 per paid month.
const MONTH = 16_800;
const PER_MONTH = 1_680;
const VILLAGE = '19.71.01.1004';

describe('agents: recruits, commission on paid months, payables, fraud flags, scope', () => {
  let t: TestDb;
  let agentId: number;
  const r: number[] = [];
  const clock = fixedClock('2027-01-20T03:00:00Z');
  let invoiceOf: (participant: number, period: string) => Promise<{ id: number; amount: number }>;
  const pay = (participant: number, period: string, on: string) =>
    recordPayment(
      t.db,
      {
        reference: `BANK-${participant}-${period}`,
        payer_kind: 'participant',
        payer_id: participant,
        amount: MONTH,
        paid_on: on,
        source: 'cli',
      },
      SYSTEM,
      fixedClock(`${on}T03:00:00Z`),
    );

  before(async () => {
    t = await createTestDb();
    const officer = await makeActor(t.db, 'cabang-pgk', 'branch_officer', { region_codes: ['19.71'] });
    ({ id: agentId } = await registerAgent(
      t.db,
      {
        code: 'AGN-PGK-01',
        full_name: 'Agen Uji',
        nik: '1971015705900001',
        phone: '081277770000',
        region_code: '19.71',
        bank_code: 'BRI',
        bank_account: '001201234567',
        account_holder: 'Agen Uji',
        registered_on: '2026-12-01',
      },
      officer,
    ));
    await assignVillage(t.db, agentId, { village_code: VILLAGE, from_date: '2026-12-01' }, officer);
    await setTarget(t.db, agentId, { period: '2027-01', target_people: 10 }, officer);
    for (let i = 0; i < 3; i++) {
      const p = await person(t.db, { registeredOn: '2027-01-05', phone: '081299990000' });
      r.push(p.id);
      await attributeRecruit(t.db, agentId, { participant_id: p.id }, officer, clock);
    }
    for (const period of ['2027-01', '2027-02', '2027-03']) await runBilling(t.handle, { period });
    invoiceOf = async (participant, period) =>
      (
        await sql<{
          id: number;
          amount: number;
        }>`select id, amount::int from invoices where payer_kind = 'participant'
          and payer_id = ${participant} and period = ${period}`.execute(t.db)
      ).rows[0]!;
    // r0 pays January to March, r1 January only, r2 never.
    for (const period of ['2027-01', '2027-02', '2027-03']) await pay(r[0]!, period, `${period}-10`);
    await pay(r[1]!, '2027-01', '2027-01-12');
  });
  after(() => t.close());

  test('each recruit is billed the hand-computed month', async () => {
    assert.equal((await invoiceOf(r[0]!, '2027-02')).amount, MONTH);
  });

  test("a month's commission equals the hand computation on the recruits' paid months", async () => {
    const run = await runAgentCommission(t.db, { period: '2027-03' });
    // r0: 3 paid months, r1: 1, r2: none → 4 × 1,680.
    assert.equal(run.total, 4 * PER_MONTH);
    assert.equal(run.lines, 4);
    const payables = await commissionPayables(t.db, SYSTEM, '2027-03');
    assert.deepEqual(
      payables.map((p) => [p.code, p.recruits, p.months, p.amount, p.payable]),
      [['AGN-PGK-01', 2, 4, 4 * PER_MONTH, true]],
    );
    // Run again: nothing more.
    assert.equal((await runAgentCommission(t.db, { period: '2027-03' })).already_done, true);
  });

  test('a month paid late is commissioned by the next run, once', async () => {
    await pay(r[1]!, '2027-02', '2027-04-02');
    const run = await runAgentCommission(t.db, { period: '2027-04' });
    assert.equal(run.total, PER_MONTH);
    const lines = await sql<{ n: number }>`select count(*)::int as n from agent_commission_lines`.execute(
      t.db,
    );
    assert.equal(lines.rows[0]!.n, 5);
  });

  test('a crashed run resumes without paying twice', async () => {
    await pay(r[2]!, '2027-01', '2027-05-03');
    await pay(r[1]!, '2027-03', '2027-05-03');
    await assert.rejects(
      runAgentCommission(
        t.db,
        { period: '2027-05', chunkSize: 1 },
        {
          onChunk: (k) => {
            if (k === r[1]) throw new Error('crash');
          },
        },
      ),
      /crash/,
    );
    const again = await runAgentCommission(t.db, { period: '2027-05', chunkSize: 1 });
    assert.equal(again.total, 2 * PER_MONTH);
  });

  test('recruits sharing a phone are flagged for review; attribution after enrolment is refused', async () => {
    const flags = await checkAgentFraud(t.db, '2027-06-01');
    assert.equal(flags.agent_shared_phone, 1);
    assert.equal((await checkAgentFraud(t.db, '2027-06-01')).agent_shared_phone, 0);
    const late = await person(t.db, { registeredOn: '2027-01-05' });
    const officer = await makeActor(t.db, 'cabang-2', 'branch_officer', { region_codes: ['19.71'] });
    await assert.rejects(
      attributeRecruit(
        t.db,
        agentId,
        { participant_id: late.id },
        officer,
        fixedClock('2027-03-01T00:00:00Z'),
      ),
      /saat pendaftaran/,
    );
  });

  test('scope: the agent sees its own recruits, another branch sees no agent', async () => {
    const u = await makeActor(t.db, 'agen-uji', 'agent');
    await sql`update agents set user_id = ${u.userId} where id = ${agentId}`.execute(t.db);
    const mine = await agentRecruits(t.db, u, agentId);
    assert.equal(mine.length, 3);
    assert.equal(mine.find((m) => m.participant_id === r[0])?.commission, 3 * PER_MONTH);
    const other = await makeActor(t.db, 'agen-lain', 'agent');
    assert.equal((await agentRecruits(t.db, other, agentId)).length, 0);
    const jakarta = await makeActor(t.db, 'cabang-jkt', 'branch_officer', { region_codes: ['31'] });
    assert.deepEqual(await listAgents(t.db, jakarta, '2027-01'), []);
    const list = await listAgents(t.db, u, '2027-01');
    assert.deepEqual(
      list.map((a) => [a.code, a.target, a.recruited]),
      [['AGN-PGK-01', 10, 3]],
    );
  });
});
