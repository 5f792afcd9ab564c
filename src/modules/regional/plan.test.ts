import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { testApp } from '../../../test/app.ts';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { addPerson, firstVillage } from '../../../test/kits/coverage.ts';
import { refreshCoverage } from '../coverage/refresh.ts';
import { ensureGovernmentReference } from '../government/seed.ts';
import { peopleForBudget, planCost } from './rules.ts';

describe('budget plan rules', () => {
  test('APBD-paid vulnerable workers in 2026: JKK 1% of Rp1,000,000 + JKM Rp6,800, no PP 50/2025 discount', () => {
    const p = planCost({
      year: 2026,
      budgetFunded: true,
      defaultWage: 0n,
      groups: [{ category: 'vulnerable_other', count: 1000 }],
    });
    assert.equal(p.months.length, 12);
    assert.ok(p.months.every((m) => m.total === 16_800_000n));
    assert.equal(p.total, 201_600_000n);
    assert.ok(p.references.some((r) => r.name === 'bpu.jkm.amount' && r.ref.length > 0));
  });

  test('a zakat fund keeps the discount inside its window, month by month (transport: Jan 2026 – Mar 2027)', () => {
    const p = planCost({
      year: 2027,
      budgetFunded: false,
      defaultWage: 0n,
      groups: [{ category: 'vulnerable_transport', count: 1 }],
    });
    // 50% of 10,000 + 6,800 until March 2027, then the full 16,800.
    assert.deepEqual(
      p.months.map((m) => Number(m.total)),
      [8_400, 8_400, 8_400, ...Array(9).fill(16_800)],
    );
  });

  test('honorary staff: the budget pays the employer share on the honorarium; the staff share is shown apart', () => {
    const p = planCost({
      year: 2026,
      budgetFunded: true,
      defaultWage: 3_876_600n,
      groups: [{ category: 'honorer', count: 10 }],
      fromMonth: 7,
    });
    const g = p.months[0]!.groups[0]!;
    // 3,876,600 × (0.24% JKK class 1 + 0.30% JKM + 3.7% JHT) = 164,367.84 → 164,368; worker 2% = 77,532.
    assert.equal(g.per_person, 164_368n);
    assert.equal(g.staff_per_person, 77_532n);
    assert.equal(p.months.length, 6);
    assert.equal(p.total, 164_368n * 10n * 6n);
  });

  test('the reverse: a budget buys whole people for the year', () => {
    const r = peopleForBudget(
      1_000_000_000n,
      { category: 'vulnerable_other' },
      { year: 2026, budgetFunded: true, defaultWage: 0n },
    );
    // 201,600 a person a year → 4,960 people, 64,000 left.
    assert.deepEqual(r, { people: 4_960, per_person_year: 201_600n, cost: 999_936_000n, left_over: 64_000n });
  });
});

describe('budget plan: API, printable page, XLSX, scope', () => {
  let t: TestDb;
  let api: Awaited<ReturnType<typeof testApp>>;
  before(async () => {
    t = await createTestDb();
    const babel = await firstVillage(t.db, '19.71.01');
    for (let i = 0; i < 5; i++)
      await addPerson(t.db, { village: babel, segment: 'BPU', registered_on: '2025-06-01' });
    await ensureGovernmentReference(t.handle);
    await refreshCoverage(t.db, { now: new Date('2026-11-21T09:00:00Z') });
    api = await testApp(t);
    await api.user('pemprov', 'regional_government', { region_codes: ['19'] });
    await api.user('partner', 'partner');
  });
  after(() => t.close());

  const q = 'region=19&year=2026&groups=vulnerable_other:1000,honorer:10&budget=1000000000';

  test('the regional government plans its own region: months, reverse, scenarios priced from the target panel', async () => {
    const r = await api.app.inject({ url: `/api/regional/plan?${q}`, headers: api.as('pemprov') });
    assert.equal(r.statusCode, 200, r.body);
    const p = r.json();
    assert.equal(p.months.length, 12);
    assert.equal(p.months[0].groups[0].budget, 16_800_000);
    assert.equal(p.reverse.people, 4_960);
    assert.ok(p.scenarios.length > 0);
    for (const s of p.scenarios) {
      assert.equal(s.steps[2].people, s.gap_people);
      assert.equal(s.steps[2].cost, s.gap_people * 201_600);
    }
    assert.ok(p.default_wage.amount > 0);
  });

  test('printable page in Indonesian and an XLSX with the same total', async () => {
    const h = await api.app.inject({ url: `/api/regional/plan.html?${q}`, headers: api.as('pemprov') });
    assert.equal(h.statusCode, 200);
    assert.match(h.body, /Rencana Anggaran Iuran/);
    assert.match(h.body, /Pekerja rentan – lainnya/);
    assert.doesNotMatch(h.body, /vulnerable_other/);
    // months in words, on each row and in the note on the first month
    assert.match(h.body, /<td>Januari 2026<\/td>/);
    assert.match(h.body, /<td>Desember 2026<\/td>/);
    assert.match(h.body, /Mulai bulan [A-Z][a-z]+\./);
    assert.doesNotMatch(h.body, /2026-\d\d/);
    const x = await api.app.inject({ url: `/api/regional/plan.xlsx?${q}`, headers: api.as('pemprov') });
    assert.equal(x.statusCode, 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('Ringkasan')!;
    const totals: number[] = [];
    sheet.eachRow((row) => {
      const v = row.getCell(6).value;
      if (typeof v === 'number') totals.push(v);
    });
    const json = (
      await api.app.inject({ url: `/api/regional/plan?${q}`, headers: api.as('pemprov') })
    ).json();
    assert.equal(
      totals.reduce((s, v) => s + v, 0),
      json.total,
    );
  });

  test('another region, a partner, a bad group: refused with a clear error', async () => {
    const other = await api.app.inject({
      url: '/api/regional/plan?region=31&year=2026',
      headers: api.as('pemprov'),
    });
    assert.equal(other.statusCode, 403);
    const partner = await api.app.inject({ url: `/api/regional/plan?${q}`, headers: api.as('partner') });
    assert.equal(partner.statusCode, 403);
    const bad = await api.app.inject({
      url: '/api/regional/plan?region=19&year=2026&groups=nobody:5',
      headers: api.as('pemprov'),
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /tidak dikenal/);
  });
});
