import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { addEmployer, addPerson, firstVillage, rollupOf } from '../../../test/kits/coverage.ts';
import { addMonths } from '../../platform/period.ts';
import { SYSTEM } from '../access/policy.ts';
import { coverageFigures } from './figures.ts';
import { type Cell, rawCells, rollupCells } from './queries.ts';
import { refreshCoverage } from './refresh.ts';
import { coverageScope } from './scope.ts';

const NOW = new Date('2026-11-21T00:00:00Z');
const refresh = (t: TestDb, full = false) =>
  refreshCoverage(t.db, { now: NOW, period: '2025-09', months: 12, full });

const key = (c: Cell) => `${c.region_code}|${c.segment}|${c.active}|${c.registered}`;

/** Rollup cells (zero rows left out) and raw cells are the same set, for every month, level and basis. */
async function assertRollupsMatchRaw(t: TestDb, months: string[]): Promise<void> {
  for (const period of months)
    for (const basis of ['domicile', 'employer'] as const)
      for (const level of [1, 2, 3] as const) {
        const a = (await rollupCells(t.db, { period, basis, level })).filter((c) => c.active || c.registered);
        const b = await rawCells(t.db, 'registrations', { period, basis, level });
        assert.deepEqual(a.map(key).sort(), b.map(key).sort(), `${period} ${basis} level ${level}`);
      }
}

describe('coverage rollups on a hand-made registry', () => {
  let t: TestDb;
  let babel: string;
  let jakarta: string;
  let p4: number;
  let p1: number;

  before(async () => {
    t = await createTestDb();
    babel = await firstVillage(t.db, '19.71.01');
    jakarta = await firstVillage(t.db, '31.71.01');
    const eb = await addEmployer(t.db, babel);
    const eb2 = await addEmployer(t.db, babel);
    const ej = await addEmployer(t.db, jakarta);
    // P1 lives in Babel, works for a Jakarta head office.
    p1 = await addPerson(t.db, {
      village: babel,
      segment: 'PU',
      registered_on: '2025-01-10',
      jobs: [{ employer: ej, from: '2025-01-10' }],
    });
    // P2: job ends on the last day of June (June still covered), a new job from September.
    await addPerson(t.db, {
      village: babel,
      segment: 'PU',
      registered_on: '2025-03-05',
      jobs: [
        { employer: eb, from: '2025-03-05', to: '2025-06-30' },
        { employer: eb2, from: '2025-09-01' },
      ],
    });
    // P3: two jobs at once in April–May: counted once, by the job that started first.
    await addPerson(t.db, {
      village: babel,
      segment: 'PU',
      registered_on: '2025-02-01',
      jobs: [
        { employer: eb, from: '2025-02-01' },
        { employer: ej, from: '2025-04-01', to: '2025-05-15' },
      ],
    });
    p4 = await addPerson(t.db, { village: babel, segment: 'BPU', registered_on: '2025-04-20' });
    await addPerson(t.db, {
      village: babel,
      segment: 'BPU',
      registered_on: '2025-02-10',
      status: 'inactive',
    });
    await addPerson(t.db, { village: jakarta, segment: 'JAKON', registered_on: '2025-05-01' });
    // P7: job ends mid-May, so May is not covered.
    await addPerson(t.db, {
      village: babel,
      segment: 'PU',
      registered_on: '2025-02-01',
      jobs: [{ employer: eb, from: '2025-02-01', to: '2025-05-15' }],
    });
    // P8: active only before the window; registered throughout it.
    await addPerson(t.db, {
      village: babel,
      segment: 'PU',
      registered_on: '2023-06-01',
      jobs: [{ employer: eb, from: '2023-06-01', to: '2024-03-31' }],
    });
    const r = await refresh(t);
    assert.equal(r.mode, 'full');
    assert.equal(r.windowStart, '2024-10');
  });
  after(() => t.close());

  test('counts by domicile follow the registration basis month by month', async () => {
    assert.deepEqual(await rollupOf(t.db, '2024-12', 'domicile', '19'), { PU: [0, 1] });
    assert.deepEqual(await rollupOf(t.db, '2025-02', 'domicile', '19'), { BPU: [0, 1], PU: [3, 4] });
    assert.deepEqual(await rollupOf(t.db, '2025-05', 'domicile', '19'), { BPU: [1, 2], PU: [3, 5] });
    assert.deepEqual(await rollupOf(t.db, '2025-06', 'domicile', '19'), { BPU: [1, 2], PU: [3, 5] });
    assert.deepEqual(await rollupOf(t.db, '2025-07', 'domicile', '19'), { BPU: [1, 2], PU: [2, 5] });
    assert.deepEqual(await rollupOf(t.db, '2025-09', 'domicile', '19'), { BPU: [1, 2], PU: [3, 5] });
  });

  test('counts by employer region move head-office workers to Jakarta', async () => {
    assert.deepEqual(await rollupOf(t.db, '2025-05', 'employer', '19'), { BPU: [1, 2], PU: [2, 3] });
    assert.deepEqual(await rollupOf(t.db, '2025-05', 'employer', '31'), { JAKON: [1, 1], PU: [1, 2] });
    assert.deepEqual(await rollupOf(t.db, '2025-04', 'employer', '31'), { PU: [1, 2] });
  });

  test('rollup totals equal the raw counts for every month, level and basis', async () => {
    const months = Array.from({ length: 12 }, (_, i) => addMonths('2024-10', i));
    await assertRollupsMatchRaw(t, months);
  });

  test('incremental refresh: a new registration and a status change redo only that province', async () => {
    await addPerson(t.db, { village: babel, segment: 'BPU', registered_on: '2025-08-15' });
    const a = await refresh(t);
    assert.equal(a.mode, 'incremental');
    assert.deepEqual(a.provinces, ['19']);
    assert.deepEqual((await rollupOf(t.db, '2025-09', 'domicile', '19')).BPU, [2, 3]);
    await sql`update participants set status = 'inactive' where id = ${p4}`.execute(t.db);
    const b = await refresh(t);
    assert.deepEqual(b.provinces, ['19']);
    assert.deepEqual((await rollupOf(t.db, '2025-09', 'domicile', '19')).BPU, [1, 3]);
    assert.equal((await refresh(t)).mode, 'noop');
    await assertRollupsMatchRaw(t, ['2025-05', '2025-09']);
  });

  test('switching the denominator changes the percentage by the denominator ratio', async () => {
    await t.db
      .insertInto('demo_meta')
      .values({
        scale_denominator: 100_000,
        participants: 9,
        employers: 3,
        reference_period: '2025-09',
        seed: 1,
      })
      .execute();
    const scope = coverageScope(SYSTEM, 10);
    const at = async (denominator: 'employed' | 'labour_force' | 'employed_minus_civil_servants') => {
      const f = await coverageFigures(t.db, scope, { period: '2025-09', denominator });
      const row = f.rows.find((r) => r.code === '19');
      assert.ok(row?.denominator);
      assert.equal(f.meta.synthetic, true);
      assert.equal(f.meta.scale, '1:100000');
      return row;
    };
    const emp = await at('employed');
    const lf = await at('labour_force');
    const cs = await at('employed_minus_civil_servants');
    // Babel: 749,815 employed (Aug 2023, BPS); 4 active (3 PU + 1 BPU) at 1:100,000.
    assert.equal(emp.active, 4);
    assert.equal(emp.denominator?.value, 749_815);
    assert.equal(emp.denominator?.estimated, false);
    assert.equal(emp.coverage_pct, Math.round((4 / 7.49815) * 10_000) / 100);
    // Labour force: employed × 152.11 / 144.64 million (national, Aug 2024), flagged estimated.
    assert.equal(lf.denominator?.value, Math.round((749_815 * 152_110_000) / 144_640_000));
    assert.equal(lf.denominator?.estimated, true);
    // Minus civil servants: employed × (1 − 4,758,730 ASN ÷ 144.64 million).
    assert.equal(cs.denominator?.value, Math.round(749_815 * (1 - 4_758_730 / 144_640_000)));
    assert.ok((lf.coverage_pct ?? 0) < (emp.coverage_pct ?? 0));
    assert.ok((cs.coverage_pct ?? 0) > (emp.coverage_pct ?? 0));
    assert.equal(lf.coverage_pct, Math.round((4 / ((lf.denominator?.value ?? 1) / 100_000)) * 10_000) / 100);
  });

  test('every province has a denominator; the Papua split is labelled estimated', async () => {
    const f = await coverageFigures(t.db, coverageScope(SYSTEM, 10), { period: '2025-09' });
    assert.equal(f.rows.length, 38);
    assert.ok(f.rows.every((r) => r.denominator?.period));
    assert.equal(f.rows.find((r) => r.code === '94')?.denominator?.method, 'papua_pre_split_by_villages');
    assert.ok(f.total?.denominator?.source_url);
  });

  test('once contributions write coverage_spans, they are the active basis (the one switch in active.ts)', async () => {
    await sql`insert into coverage_spans (participant_id, from_period, to_period) values
      (${p1}, '2025-02', '2025-04'), (${p4}, '2025-06', null)`.execute(t.db);
    const r = await refresh(t);
    assert.equal(r.mode, 'full');
    assert.equal(r.activeBasis, 'contributions');
    assert.equal(r.windowStart, '2025-02');
    assert.deepEqual((await rollupOf(t.db, '2025-04', 'domicile', '19')).PU?.[0], 1);
    assert.deepEqual((await rollupOf(t.db, '2025-05', 'domicile', '19')).PU?.[0], 0);
    assert.deepEqual((await rollupOf(t.db, '2025-07', 'domicile', '19')).BPU?.[0], 1);
    // The head-office worker counts in Jakarta by employer region on this basis too.
    assert.deepEqual((await rollupOf(t.db, '2025-03', 'employer', '31')).PU?.[0], 1);
    const raw = await rawCells(t.db, 'contributions', { period: '2025-07', basis: 'domicile', level: 1 });
    assert.deepEqual(
      raw.filter((c) => c.active).map((c) => [c.region_code, c.segment, c.active]),
      [['19', 'BPU', 1]],
    );
  });
});
