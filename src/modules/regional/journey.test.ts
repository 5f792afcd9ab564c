import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testApp } from '../../../test/app.ts';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { makeActor } from '../../../test/kits/contributions.ts';
import { memberList, partnerIdOf } from '../../../test/kits/partnerships.ts';
import { fixedClock } from '../../platform/clock.ts';
import { runBilling } from '../contributions/billing.ts';
import { refreshCoverage } from '../coverage/refresh.ts';
import { ensureGovernmentReference } from '../government/seed.ts';
import { createAgreement } from '../partnerships/actions.ts';
import { importUnderAgreement } from '../partnerships/agreement-import.ts';

// "Done when" (issue 18): the Bangka Belitung government plans the budget toward its next target, funds a
// sponsorship for 1,000 vulnerable workers, sees them billed to it on the right programs and its progress
// move. Coverage from May 2026; APBD-paid BPU on the minimum base: JKK 10,000 + JKM 6,800 a month.
const NOW = '2026-05-04T03:00:00Z';
const PEOPLE = 1000;

describe('journey: Bangka Belitung plans, funds 1,000 vulnerable workers, is billed, progresses', () => {
  let t: TestDb;
  let api: Awaited<ReturnType<typeof testApp>>;
  let babel: number;
  let agreementId: number;
  let gapBefore: number;
  let activeBefore: number;
  const clock = fixedClock(NOW);

  const targetPanel = async () => {
    await refreshCoverage(t.db, { now: new Date(NOW) });
    const r = await api.app.inject({ url: '/api/coverage/targets/19', headers: api.as('pemprov') });
    assert.equal(r.statusCode, 200, r.body);
    const target = r.json().targets.find((x: { math: unknown }) => x.math);
    return target.math as { gap_people: number; current_active: number };
  };

  before(async () => {
    t = await createTestDb();
    await ensureGovernmentReference(t.handle);
    api = await testApp(t, clock);
    await api.user('pemprov', 'regional_government', { region_codes: ['19'] });
    babel = await partnerIdOf(t.db, 'Pemprov Babel');
    ({ gap_people: gapBefore, current_active: activeBefore } = await targetPanel());
  });
  after(() => t.close());

  let planTotal = 0;
  test('1. the government plans: 1,000 vulnerable workers May–December 2026, and the price of its target', async () => {
    const r = await api.app.inject({
      url: `/api/regional/plan?region=19&year=2026&from_month=5&groups=vulnerable_other:${PEOPLE}`,
      headers: api.as('pemprov'),
    });
    assert.equal(r.statusCode, 200, r.body);
    const p = r.json();
    // 8 months × 1,000 × 16,800 = 134,400,000.
    assert.equal(p.total, 8 * PEOPLE * 16_800);
    planTotal = p.total;
    const s = p.scenarios[0];
    assert.equal(s.gap_people, gapBefore);
    assert.equal(s.steps[2].cost, gapBefore * 8 * 16_800);
  });

  test('2. it funds the sponsorship: an APBD agreement for JKK + JKM, its 2026 budget set to the plan', async () => {
    const officer = await makeActor(t.db, 'cabang-babel', 'branch_officer', { region_codes: ['19'] });
    ({ id: agreementId } = await createAgreement(
      t.db,
      {
        number: 'PKS/BABEL/RENTAN/2026',
        kind: 'pks',
        title: 'Iuran 1.000 pekerja rentan dari APBD 2026',
        partner_id: babel,
        starts_on: '2026-05-01',
        ends_on: '2026-12-31',
        segments: ['BPU'],
        programs: ['JKK', 'JKM'],
        region_codes: ['19'],
        payer: 'sponsor',
        sponsor_shares: { JKK: 100, JKM: 100 },
        target_people: PEOPLE,
        state: 'active',
      },
      officer,
    ));
    const set = await api.app.inject({
      method: 'PUT',
      url: `/api/agreements/${agreementId}/budget-years/2026`,
      headers: api.as('pemprov'),
      payload: { ceiling: planTotal, reference: 'DPA SKPD 2026' },
    });
    assert.equal(set.statusCode, 200, set.body);
    const list = memberList(
      'babel-rentan.csv',
      Array.from({ length: PEOPLE }, (_, i) => 5000 + i),
    );
    const imp = await importUnderAgreement(t.handle, agreementId, { file: list.file }, officer, clock);
    assert.equal(imp.accepted, PEOPLE);
    assert.equal(imp.sponsored, PEOPLE);
  });

  test('3. May is billed to the government on JKK and JKM only, undiscounted; nobody else is billed for them', async () => {
    await runBilling(t.handle, { period: '2026-05' });
    const inv = await api.app.inject({
      url: `/api/partners/${babel}/sponsor-invoices/2026-05`,
      headers: api.as('pemprov'),
    });
    assert.equal(inv.statusCode, 200, inv.body);
    const b = inv.json();
    assert.equal(b.people, PEOPLE);
    assert.deepEqual(b.programs, [
      { program: 'JKK', people: PEOPLE, amount: PEOPLE * 10_000 },
      { program: 'JKM', people: PEOPLE, amount: PEOPLE * 6_800 },
    ]);
    assert.equal(b.invoice.amount, PEOPLE * 16_800);
    // Aggregates only for a regional government: no list of people.
    assert.equal(b.covered, null);
    const status = await api.app.inject({
      url: `/api/agreements/${agreementId}/budget-status?period=2026-05`,
      headers: api.as('pemprov'),
    });
    const s = status.json();
    assert.equal(s.remaining, planTotal - PEOPLE * 16_800);
    assert.equal(s.months_left, 7);
  });

  test('4. its progress moves: 1,000 more active, the gap to the target 1,000 smaller', async () => {
    const m = await targetPanel();
    assert.equal(m.current_active, activeBefore + PEOPLE);
    assert.equal(m.gap_people, Math.max(0, gapBefore - PEOPLE));
  });
});
