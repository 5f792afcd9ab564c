import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { testApp } from '../../../test/app.ts';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { addPerson, firstVillage } from '../../../test/kits/coverage.ts';
import { refreshCoverage } from '../coverage/refresh.ts';
import { type Criteria, type Evidence, loadCriteria, scoreOf } from './rules.ts';
import { ensureGovernmentReference } from './seed.ts';

const ev = (over: Partial<Evidence>): Evidence => ({
  id: 1,
  kind: 'regulation',
  year: 2025,
  title: 'Perda',
  status: 'issued',
  amount_rupiah: null,
  used_rupiah: null,
  covered: null,
  eligible: null,
  share_pct: null,
  evidence_url: null,
  synthetic: false,
  ...over,
});

describe('regional-government score', () => {
  const criteria: Criteria = loadCriteria();

  test('the criteria file is data: weights add up to 100 and every weight is flagged as assumed', () => {
    assert.equal(
      criteria.criteria.reduce((s, c) => s + c.weight, 0),
      100,
    );
    assert.ok(criteria.criteria.every((c) => c.weight_assumed));
  });

  test('score = Σ weight × value, each criterion explained', () => {
    const s = scoreOf(criteria, {
      coverage_pct: 40, // 0.40 × 25 = 10
      progress_pp: 5, // 5 / 20 = 0.25 × 15 = 3.75
      evidence: [
        ev({ kind: 'regulation', status: 'draft' }), // 0.5 × 15 = 7.5
        ev({ kind: 'budget', amount_rupiah: 1_000_000_000, used_rupiah: 600_000_000 }), // (0.5 + 0.3) × 15 = 12
        ev({ kind: 'non_asn', covered: 300, eligible: 1200 }), // 0.25 × 10 = 2.5
        ev({ kind: 'village', share_pct: 50, year: 2023 }), // only year on file: 0.5 × 10 = 5
        ev({ kind: 'regulation', status: 'issued', year: 2020 }), // older than 2025's draft: history
      ],
    });
    const by = Object.fromEntries(s.criteria.map((c) => [c.key, c]));
    assert.deepEqual(
      s.criteria.map((c) => [c.key, c.value, c.contribution]),
      [
        ['coverage', 0.4, 10],
        ['progress', 0.25, 3.75],
        ['regulation', 0.5, 7.5],
        ['budget', 0.8, 12],
        ['non_asn', 0.25, 2.5],
        ['village', 0.5, 5],
        ['licensing', 0, 0],
      ],
    );
    assert.equal(s.score, 10 + 3.75 + 7.5 + 12 + 2.5 + 5);
    assert.equal(by.regulation?.evidence.length, 1);
    assert.match(by.budget?.raw ?? '', /600000000/);
    assert.ok(by.coverage?.source_url);
  });
});

describe('government API', () => {
  let t: TestDb;
  let h: Awaited<ReturnType<typeof testApp>>;
  let babelId: number;
  let jakartaId: number;

  before(async () => {
    t = await createTestDb();
    h = await testApp(t);
    const babel = await firstVillage(t.db, '19.71.01');
    for (let i = 0; i < 15; i++)
      await addPerson(t.db, { village: babel, segment: 'BPU', registered_on: '2025-06-01' });
    await ensureGovernmentReference(t.handle);
    await refreshCoverage(t.db, { now: new Date('2026-11-21T09:00:00Z') });
    const ids = await sql<{ id: number; region_code: string }>`select id, region_code from gov_addressees
      where region_code in ('19', '31')`.execute(t.db);
    babelId = ids.rows.find((r) => r.region_code === '19')!.id;
    jakartaId = ids.rows.find((r) => r.region_code === '31')!.id;
    await h.user('admin', 'admin');
    await h.user('pemda', 'regional_government', { region_codes: ['19'] });
    await h.user('cabang', 'branch_officer', { region_codes: ['19'] });
  });
  after(() => t.close());

  test('addressees of Inpres 2/2021: 38 provinces, 514 regencies and cities, named central addressees', async () => {
    const all = (
      await h.app.inject({ method: 'GET', url: '/api/government/addressees', headers: h.as('admin') })
    ).json();
    const count = (c: string) => all.addressees.filter((a: { category: string }) => a.category === c).length;
    assert.equal(count('province'), 38);
    assert.equal(count('regency') + count('city'), 514);
    assert.ok(count('ministry') + count('coordinating_ministry') >= 6);
    assert.equal(count('attorney_general'), 1);
  });

  test('ranking per category with explained scores; recording evidence moves the score by weight × value', async () => {
    const before = (
      await h.app.inject({ method: 'GET', url: `/api/government/${babelId}`, headers: h.as('admin') })
    ).json();
    assert.equal(before.total_ranked, 38);
    const reg = before.score.criteria.find((c: { key: string }) => c.key === 'licensing');
    assert.equal(reg.value, 0);
    const post = await h.app.inject({
      method: 'POST',
      url: `/api/government/${babelId}/commitments`,
      headers: h.as('cabang'),
      payload: {
        kind: 'licensing',
        year: 2026,
        title: 'Syarat izin usaha: kartu BPJS Ketenagakerjaan',
        evidence_url: 'https://example.org/perbup',
      },
    });
    assert.equal(post.statusCode, 201, post.body);
    const after = (
      await h.app.inject({ method: 'GET', url: `/api/government/${babelId}`, headers: h.as('admin') })
    ).json();
    assert.equal(Math.round((after.score.score - before.score.score) * 100) / 100, 10);
    const audit = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity', '=', 'gov_commitment')
      .execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]?.actor, 'cabang');
    const ranking = (
      await h.app.inject({
        method: 'GET',
        url: '/api/government/ranking?category=regency_city',
        headers: h.as('admin'),
      })
    ).json();
    assert.equal(ranking.total_ranked, 514);
    assert.ok(ranking.criteria.weights.every((w: { assumed: boolean }) => w.assumed));
  });

  test('regional governments read their own record only and cannot record evidence', async () => {
    const mine = await h.app.inject({
      method: 'GET',
      url: `/api/government/${babelId}`,
      headers: h.as('pemda'),
    });
    assert.equal(mine.statusCode, 200);
    const other = await h.app.inject({
      method: 'GET',
      url: `/api/government/${jakartaId}`,
      headers: h.as('pemda'),
    });
    assert.equal(other.statusCode, 403);
    const ranking = (
      await h.app.inject({ method: 'GET', url: '/api/government/ranking', headers: h.as('pemda') })
    ).json();
    assert.equal(ranking.rows.length, 1);
    assert.equal(ranking.total_ranked, 38);
    const post = await h.app.inject({
      method: 'POST',
      url: `/api/government/${babelId}/commitments`,
      headers: h.as('pemda'),
      payload: { kind: 'regulation', year: 2026, title: 'Perda' },
    });
    assert.equal(post.statusCode, 403);
    const branchElsewhere = await h.app.inject({
      method: 'POST',
      url: `/api/government/${jakartaId}/commitments`,
      headers: h.as('cabang'),
      payload: { kind: 'regulation', year: 2026, title: 'Perda' },
    });
    assert.equal(branchElsewhere.statusCode, 403);
  });
});
