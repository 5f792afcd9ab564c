import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { systemClock } from '../../platform/clock.ts';
import { loadConfig } from '../../platform/config.ts';
import type { Database } from '../../platform/db.ts';
import type { Deps } from '../../platform/deps.ts';
import { createHttp } from '../../platform/http.ts';
import { parseNik } from '../workers/nik.ts';
import { DEMO_LOGINS, isSeeded, seedDemo } from './actions.ts';
import { demoRoutes } from './routes.ts';

const N = 5000;
const PERIOD = '2026-11';
// Small chunks so NIK serials and employer slots must carry across chunk boundaries.
const OPTS = { participants: N, seed: 7, referencePeriod: PERIOD, chunkSize: 1500 };

async function rows<T>(db: Database, q: ReturnType<typeof sql<T>>): Promise<T[]> {
  return (await q.execute(db)).rows;
}

/** Counts and sums that any change in the generated data would move. */
async function fingerprint(db: Database) {
  const [r] = await rows(
    db,
    sql<{ niks: string; wages: string; births: string; employers: string; villages: string }>`select
      (select md5(string_agg(nik || kpj || segment || sex || birth_date, ',' order by nik)) from participants) as niks,
      (select sum(wage)::text from employments) as wages,
      (select sum(birth_date - date '1900-01-01')::text from participants) as births,
      (select md5(string_agg(npp || name || size_class || risk_class || village_code, ',' order by npp)) from employers) as employers,
      (select md5(string_agg(village_code, ',' order by id)) from participants) as villages`,
  );
  return r;
}

describe('demo seed', () => {
  let t: TestDb;
  let result: Awaited<ReturnType<typeof seedDemo>>;
  before(async () => {
    t = await createTestDb();
    result = await seedDemo(t.handle, OPTS);
  });
  after(() => t.close());

  it('generates the requested sample and states its scale', async () => {
    assert.equal(result.skipped, false);
    assert.equal(result.participants, N);
    assert.equal(result.scaleDenominator, 7940); // 39.7 million actives (Apr 2025) ÷ 5,000
    const [c] = await rows(
      t.db,
      sql<{ p: number; e: number }>`select (select count(*) from participants)::int as p,
      (select count(*) from employers)::int as e`,
    );
    assert.equal(c?.p, N);
    assert.equal(c?.e, result.employers);
    const meta = await t.db.selectFrom('demo_meta').selectAll().executeTakeFirstOrThrow();
    assert.deepEqual(
      [meta.scale_denominator, meta.participants, meta.reference_period, meta.seed],
      [7940, N, PERIOD, 7],
    );
  });

  it('GET /api/meta says the data are a synthetic sample and at what scale', async () => {
    const app = await createHttp();
    const deps: Deps = { handle: t.handle, db: t.db, clock: systemClock, config: loadConfig({}) };
    await app.register((api) => demoRoutes(api, deps), { prefix: '/api' });
    const res = await app.inject({ method: 'GET', url: '/api/meta' });
    assert.equal(res.statusCode, 200);
    const body = res.json() as { demo: { synthetic: boolean; scale: string; participants: number } };
    assert.deepEqual([body.demo.synthetic, body.demo.scale, body.demo.participants], [true, '1:7940', N]);
    await app.close();
  });

  it('every NIK decodes to the person: district, birth date and sex', async () => {
    const people = await rows(
      t.db,
      sql<{ nik: string; birth_date: string; sex: string; village_code: string }>`
      select nik, birth_date, sex, village_code from participants`,
    );
    const districts = new Set(
      (await rows(t.db, sql<{ code: string }>`select code from regions where level = 3`)).map((r) => r.code),
    );
    let sameDistrict = 0;
    for (const p of people) {
      const d = parseNik(p.nik, '2026-11-21');
      assert.ok(d.valid, p.nik);
      assert.equal(d.birth_date, p.birth_date, p.nik);
      assert.equal(d.sex, p.sex, p.nik);
      assert.ok(districts.has(d.district_code), `${p.nik}: no district ${d.district_code}`);
      if (p.village_code.startsWith(`${d.district_code}.`)) sameDistrict++;
    }
    // ~3% were issued elsewhere (born or first registered in another region).
    assert.ok(sameDistrict / N > 0.95 && sameDistrict / N < 0.995, `same district ${sameDistrict}`);
  });

  it('ages are 18–64 on the reference date, sexes about even, PU slightly more men', async () => {
    const [a] = await rows(
      t.db,
      sql<{ lo: number; hi: number; male: number; pu_male: number }>`select
      min(date_part('year', age(date '2026-11-01', birth_date)))::int as lo,
      max(date_part('year', age(date '2026-11-01', birth_date)))::int as hi,
      avg((sex = 'M')::int)::float8 as male,
      (avg((sex = 'M')::int) filter (where segment = 'PU'))::float8 as pu_male from participants`,
    );
    assert.ok(a && a.lo >= 18 && a.hi <= 64, JSON.stringify(a));
    assert.ok(a && a.male > 0.5 && a.male < 0.65 && a.pu_male > 0.52 && a.pu_male < 0.6, JSON.stringify(a));
  });

  it('segments follow the national mix (Apr 2025: PU 25.43, BPU 8.99, Jakon 4.64, PMI 0.64 of 39.7 million)', async () => {
    const got = await rows(
      t.db,
      sql<{ segment: string; n: number }>`select segment, count(*)::int as n from participants group by 1`,
    );
    const want: Record<string, number> = { PU: 25.43, BPU: 8.99, JAKON: 4.64, PMI: 0.64 };
    for (const { segment, n } of got)
      assert.ok(Math.abs(n / N - (want[segment] ?? 0) / 39.7) < 0.002, `${segment} ${n}`);
  });

  it('provinces are in proportion to their published Dec 2023 actives', async () => {
    const got = await rows(
      t.db,
      sql<{ code: string; n: number; published: number }>`
      select c.code, (select count(*) from participants p where p.province_code = c.code)::int as n,
        c.active_participants::float8 as published
      from published_coverage c where c.period = '2023-12' and c.code <> '00' and c.id in
        (select min(id) from published_coverage where period = '2023-12' group by code)`,
    );
    assert.equal(got.length, 28);
    const k = got.reduce((s, r) => s + r.n, 0) / got.reduce((s, r) => s + r.published, 0);
    for (const r of got) assert.ok(Math.abs(r.n - k * r.published) <= 2 + 0.01 * r.n, `${r.code}: ${r.n}`);
    const [all] = await rows(
      t.db,
      sql<{ n: number }>`select count(distinct province_code)::int as n from participants`,
    );
    assert.equal(all?.n, 38);
  });

  it('every PU has one open job at an employer of its province, with a wage, mostly at or above UMP', async () => {
    const [w] = await rows(
      t.db,
      sql<{ pu: number; open: number; same_prov: number; paid: number; ge_ump: number }>`
      select count(*)::int as pu, count(m.participant_id)::int as open,
        count(*) filter (where e.province_code = p.province_code)::int as same_prov,
        count(*) filter (where m.wage > 0)::int as paid,
        count(*) filter (where m.wage >= u.ump_rupiah)::int as ge_ump
      from participants p
      left join employments m on m.participant_id = p.id and m.ended_on is null
      left join employers e on e.id = m.employer_id
      left join minimum_wages u on u.province_code = p.province_code and u.year = 2026
      where p.segment = 'PU'`,
    );
    assert.ok(w && w.pu > 3000);
    assert.deepEqual([w?.open, w?.same_prov, w?.paid], [w?.pu, w?.pu, w?.pu]);
    const share = (w?.ge_ump ?? 0) / (w?.pu ?? 1);
    assert.ok(share > 0.78 && share < 0.95, `at/above UMP ${share}`);
    const [o] = await rows(
      t.db,
      sql<{ n: number }>`select count(*)::int as n from employments m
      join participants p on p.id = m.participant_id where p.segment <> 'PU'`,
    );
    assert.equal(o?.n, 0);
  });

  it('events match employments: a hire at each start, an exit at each end, raises in between', async () => {
    const [e] = await rows(
      t.db,
      sql<{ no_hire: number; no_exit: number; exits: number; changes: number; bad_dates: number }>`select
      (select count(*) from employments m where not exists (select 1 from employment_events v where v.participant_id = m.participant_id
        and v.employer_id = m.employer_id and v.kind = 'hire' and v.effective_on = m.started_on))::int as no_hire,
      (select count(*) from employments m where m.ended_on is not null and not exists (select 1 from employment_events v
        where v.participant_id = m.participant_id and v.kind = 'exit' and v.effective_on = m.ended_on))::int as no_exit,
      (select count(*) from employment_events where kind = 'exit')::int as exits,
      (select count(*) from employment_events where kind = 'wage_change')::int as changes,
      (select count(*) from employments m join employers e on e.id = m.employer_id join participants p on p.id = m.participant_id
        where m.started_on < e.registered_on or m.started_on < p.birth_date + interval '18 years'
          or m.started_on > date '2026-11-01' or m.ended_on <= m.started_on)::int as bad_dates`,
    );
    assert.deepEqual([e?.no_hire, e?.no_exit, e?.bad_dates], [0, 0, 0]);
    assert.ok((e?.exits ?? 0) > 0 && (e?.changes ?? 0) > 0);
  });

  it('programs follow rules.md §1.2 by segment and employer size', async () => {
    const got = await rows(
      t.db,
      sql<{ segment: string; size: string | null; programs: string[]; n: number }>`
      select p.segment, e.size_class as size, p.programs, count(*)::int as n from participants p
      left join employments m on m.participant_id = p.id and m.ended_on is null
      left join employers e on e.id = m.employer_id group by 1, 2, 3`,
    );
    for (const g of got) {
      const set = new Set(g.programs);
      assert.ok(set.has('JKK') && set.has('JKM'), JSON.stringify(g));
      if (g.segment !== 'PU') assert.ok(!set.has('JP') && !set.has('JKP'), JSON.stringify(g));
      if (g.segment === 'JAKON') assert.equal(set.size, 2);
      if (g.segment === 'PU' && (g.size === 'micro' || g.size === 'small'))
        assert.ok(!set.has('JP'), JSON.stringify(g));
    }
    const bpuJht = got
      .filter((g) => g.segment === 'BPU' && g.programs.includes('JHT'))
      .reduce((s, g) => s + g.n, 0);
    const bpu = got.filter((g) => g.segment === 'BPU').reduce((s, g) => s + g.n, 0);
    assert.ok(bpuJht / bpu > 0.3 && bpuJht / bpu < 0.5, `BPU with JHT ${bpuJht}/${bpu}`);
  });

  it('identifiers are unique and well formed; references and region codes agree', async () => {
    const [c] = await rows(
      t.db,
      sql<{ kpj: number; kpj_ok: number; npp_ok: number; bad_region: number; bad_emp_region: number }>`select
      (select count(distinct kpj) from participants)::int as kpj,
      (select count(*) from participants where kpj ~ '^[0-9]{11}$')::int as kpj_ok,
      (select count(*) from employers where npp ~ '^[0-9]{8}$')::int as npp_ok,
      (select count(*) from participants p left join regions v on v.code = p.village_code and v.level = 4
        where v.code is null or p.regency_code <> left(p.village_code, 5) or p.province_code <> left(p.village_code, 2))::int as bad_region,
      (select count(*) from employers e left join regions v on v.code = e.village_code and v.level = 4
        where v.code is null or e.regency_code <> left(e.village_code, 5) or e.province_code <> left(e.village_code, 2)
          or e.branch_office_id is null)::int as bad_emp_region`,
    );
    assert.deepEqual(
      [c?.kpj, c?.kpj_ok, c?.npp_ok, c?.bad_region, c?.bad_emp_region],
      [N, N, result.employers, 0, 0],
    );
    const [ph] = await rows(
      t.db,
      sql<{ shared: number; bad: number }>`select
      (select count(*) from (select phone from participants where phone is not null group by phone having count(*) > 1) x)::int as shared,
      (select count(*) from participants where phone !~ '^08[0-9]{10}$')::int as bad`,
    );
    assert.ok((ph?.shared ?? 0) > 0 && ph?.bad === 0, JSON.stringify(ph));
  });

  it('employers come in every size, sector and risk class; risk follows sector', async () => {
    const [e] = await rows(
      t.db,
      sql<{
        sizes: number;
        sectors: number;
        risks: number;
        mining_low: number;
        bank_high: number;
        agencies_ok: boolean;
      }>`select
      count(distinct size_class)::int as sizes, count(distinct sector)::int as sectors, count(distinct risk_class)::int as risks,
      count(*) filter (where sector = 'Pertambangan dan Penggalian' and risk_class < 5)::int as mining_low,
      count(*) filter (where sector = 'Jasa Keuangan dan Asuransi' and risk_class > 1)::int as bank_high,
      bool_and((legal_form = 'Instansi') = is_state_body) as agencies_ok from employers`,
    );
    assert.deepEqual([e?.sizes, e?.risks, e?.mining_low, e?.bank_high, e?.agencies_ok], [4, 5, 0, 0, true]);
    assert.ok((e?.sectors ?? 0) >= 10);
    const [m] = await rows(
      t.db,
      sql<{ n: number }>`select count(*)::int as n from employer_memberships m
      join partners p on p.id = m.partner_id where p.type = 'association'`,
    );
    assert.ok((m?.n ?? 0) > 0);
  });

  it('creates the demo logins, scoped to Bangka Belitung and ASPEKTI', async () => {
    const users = await t.db.selectFrom('users').selectAll().execute();
    assert.deepEqual(users.map((u) => u.username).sort(), DEMO_LOGINS.map((l) => l.username).sort());
    const by = new Map(users.map((u) => [u.username, u]));
    assert.deepEqual(by.get('cabang')?.region_codes, ['19']);
    const emp = await t.db
      .selectFrom('employers')
      .select('province_code')
      .where('id', '=', by.get('pemberi')?.employer_id ?? -1)
      .executeTakeFirst();
    assert.equal(emp?.province_code, '19');
    const partner = await t.db
      .selectFrom('partners')
      .select('acronym')
      .where('id', '=', by.get('mitra')?.partner_id ?? -1)
      .executeTakeFirst();
    assert.equal(partner?.acronym, 'ASPEKTI');
    // The agent login is linked to the demo agent, who has recruits in a Pangkal Pinang village.
    const agent = await sql<{ n: number; user_id: number | null }>`select a.user_id,
      (select count(*) from agent_recruits r where r.agent_id = a.id)::int as n from agents a where a.code = 'AGN-DEMO-01'`.execute(
      t.db,
    );
    assert.equal(agent.rows[0]?.user_id, by.get('agen')?.id);
    assert.ok((agent.rows[0]?.n ?? 0) > 0);
  });

  it('does nothing on a database that already has participants', async () => {
    assert.equal(await isSeeded(t.db), true);
    const again = await seedDemo(t.handle, { participants: 100 });
    assert.equal(again.skipped, true);
    const [c] = await rows(t.db, sql<{ n: number }>`select count(*)::int as n from participants`);
    assert.equal(c?.n, N);
  });
});

describe('demo seed determinism', () => {
  it('the same seed gives the same sample; another seed a different one', async () => {
    const prints = [];
    for (const seed of [11, 11, 12]) {
      const t = await createTestDb();
      try {
        await seedDemo(t.handle, { participants: 1500, seed, referencePeriod: PERIOD, chunkSize: 400 });
        prints.push(await fingerprint(t.db));
      } finally {
        await t.close();
      }
    }
    assert.deepEqual(prints[0], prints[1]);
    assert.notEqual(prints[0]?.niks, prints[2]?.niks);
  });
});
