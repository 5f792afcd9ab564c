import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { makeNik } from '../../../test/factories.ts';
import { employerOf, type Person, person, TEST_PROGRAMME } from '../../../test/kits/subsidy.ts';
import { SYSTEM } from '../access/policy.ts';
import { parseNik } from '../workers/nik.ts';
import type { ProgrammeDefinition } from './criteria.ts';
import { ensureProgrammes, loadRegionCodes, saveProgramme } from './programmes.ts';
import { personDecision } from './queries.ts';
import { runScreening } from './screening.ts';

async function reasonsOf(t: TestDb, runId: number): Promise<Map<number, string[]>> {
  const rows = await t.db
    .selectFrom('subsidy_decisions')
    .select(['participant_id', 'reasons', 'eligible'])
    .where('run_id', '=', runId)
    .execute();
  for (const r of rows) assert.equal(r.eligible, r.reasons.length === 0, `participant ${r.participant_id}`);
  return new Map(rows.map((r) => [r.participant_id, r.reasons]));
}

describe('subsidy criteria: each excludes exactly its constructed case', () => {
  let t: TestDb;
  before(async () => {
    t = await createTestDb();
    await ensureProgrammes(t.db);
  });
  after(() => t.close());

  test('the 2020-style programme, one person per criterion', async () => {
    await saveProgramme(t.db, TEST_PROGRAMME, SYSTEM);
    const [pt, bumn, instansi, bumd] = [
      await employerOf(t.db, 'PT'),
      await employerOf(t.db, 'BUMN'),
      await employerOf(t.db, 'Instansi'),
      await employerOf(t.db, 'BUMD'),
    ];
    const cases: Array<[string, Person, string[]]> = [
      ['meets every criterion', {}, []],
      ['NIK with an impossible region code', { nik: '0012345678900001' }, ['nik_invalid']],
      [
        'NIK with a 31 February birth date',
        { nik: makeNik('32.73.05', '1990-02-28', 'M', 77).replace(/^(\d{6})28/, '$131') },
        ['nik_invalid'],
      ],
      ['BPU segment', { segment: 'BPU' }, ['segment_not_covered']],
      ['registered the day after the cut-off', { registeredOn: '2020-07-01' }, ['not_registered']],
      ['registered on the cut-off', { registeredOn: '2020-06-30' }, []],
      ['participation closed', { status: 'closed' }, ['participant_closed']],
      [
        'left the job before the wage date',
        { jobs: [{ employerId: pt, wage: 4_000_000, exitOn: '2020-05-31' }] },
        ['no_wage'],
      ],
      [
        'hired after the wage date',
        { jobs: [{ employerId: pt, wage: 4_000_000, hiredOn: '2020-07-01' }] },
        ['no_wage'],
      ],
      [
        'wage exactly Rp5,000,000 (the rule is strictly below)',
        { jobs: [{ employerId: pt, wage: 5_000_000 }] },
        ['wage_too_high'],
      ],
      ['wage Rp4,999,999', { jobs: [{ employerId: pt, wage: 4_999_999 }] }, []],
      [
        'two jobs adding up past the threshold',
        {
          jobs: [
            { employerId: pt, wage: 3_000_000 },
            { employerId: bumd, wage: 2_500_000 },
          ],
        },
        ['wage_too_high'],
      ],
      [
        'contributions paid until May 2020 only',
        { spans: [['2019-01', '2020-05']] },
        ['contributions_unpaid'],
      ],
      ['never paid', { spans: [] }, ['contributions_unpaid']],
      ['paid from July 2020 only', { spans: [['2020-07', null]] }, ['contributions_unpaid']],
      ['paid exactly through June 2020', { spans: [['2020-01', '2020-06']] }, []],
      [
        'works for a state enterprise (BUMN)',
        { jobs: [{ employerId: bumn, wage: 4_000_000 }] },
        ['employer_excluded'],
      ],
      [
        'works for a state body',
        { jobs: [{ employerId: instansi, wage: 4_000_000 }] },
        ['employer_excluded'],
      ],
      [
        'non-ASN staff of a state body (the exception)',
        { isNonAsn: true, jobs: [{ employerId: instansi, wage: 4_000_000 }] },
        [],
      ],
      [
        'works for a regional enterprise (BUMD, not excluded)',
        { jobs: [{ employerId: bumd, wage: 4_000_000 }] },
        [],
      ],
      ['on the Prakerja list', { lists: ['prakerja'] }, ['on_exclusion_list']],
      ['on the PKH list, which this programme does not use', { lists: ['pkh'] }, []],
      ['no bank account', { bank: null }, ['no_bank_account']],
      [
        'an account the bank has not verified',
        { bank: { code: 'BRI', verified: false } },
        ['no_bank_account'],
      ],
      ['an account at a bank that is not a paying bank', { bank: { code: 'BCA' } }, ['no_bank_account']],
      [
        'several reasons accumulate, in order',
        { segment: 'BPU', registeredOn: '2021-01-01', bank: null, lists: ['prakerja'] },
        ['segment_not_covered', 'not_registered', 'on_exclusion_list', 'no_bank_account'],
      ],
    ];
    const ids: number[] = [];
    for (const [, p] of cases) ids.push((await person(t.db, pt, p)).id);
    const run = await runScreening(t.handle, { programme: 'uji-bsu', chunkSize: 5 }, SYSTEM);
    const got = await reasonsOf(t, run.runId);
    for (const [i, [label, , want]] of cases.entries()) assert.deepEqual(got.get(ids[i]!), want, label);
    // The explanation an officer reads (rules.ts) fails exactly the checks the SQL gave as reasons.
    for (const [i, [label, , want]] of cases.entries()) {
      const d = await personDecision(t.db, SYSTEM, run.runId, ids[i]!);
      assert.deepEqual(
        d.checks.filter((c) => !c.passed).map((c) => c.reason),
        want,
        `explanation: ${label}`,
      );
    }
    assert.equal(run.screened, cases.length);
    assert.equal(run.eligible, cases.filter(([, , w]) => w.length === 0).length);
    assert.equal(run.screened, run.eligible + run.excluded);
  });

  test('2021-style thresholds: the UMP raises the threshold, sectors and regions restrict', async () => {
    const jakarta = (
      await sql<{
        code: string;
      }>`select code from regions where level = 4 and code like '31.71.%' order by code limit 1`.execute(t.db)
    ).rows[0]!.code;
    await t.db
      .insertInto('subsidy_region_lists')
      .values({ code: 'uji-wilayah', name: 'Jawa Barat saja', unconfirmed: false })
      .execute();
    await loadRegionCodes(t.db, 'uji-wilayah', ['32', '31.71']);
    const def: ProgrammeDefinition = {
      ...TEST_PROGRAMME,
      code: 'uji-2025',
      year: 2025,
      criteria: {
        active_at: '2025-04-30',
        segments: ['PU'],
        wage_at_most: 3_500_000,
        wage_threshold_or_ump: true,
        sectors: ['Industri Pengolahan'],
        regions_list: 'uji-wilayah',
      },
    };
    await saveProgramme(t.db, def, SYSTEM);
    const jabar = await employerOf(t.db, 'PT');
    const { makeEmployer } = await import('../../../test/factories.ts');
    const dki = (await makeEmployer(t.db, { village_code: jakarta, sector: 'Industri Pengolahan' })).id;
    const school = await employerOf(t.db, 'Yayasan', 'Jasa Pendidikan');
    const ump = Number(
      (
        await sql<{
          v: string;
        }>`select floor(ump_rupiah)::text as v from minimum_wages where province_code = '31' and year = 2025`.execute(
          t.db,
        )
      ).rows[0]!.v,
    );
    assert.ok(ump > 3_500_000, 'DKI UMP 2025 is above Rp3.5 million');
    const cases: Array<[string, Person, string[]]> = [
      ['Jawa Barat, exactly Rp3,500,000 (at most)', { jobs: [{ employerId: jabar, wage: 3_500_000 }] }, []],
      ['Jawa Barat, Rp3,500,001', { jobs: [{ employerId: jabar, wage: 3_500_001 }] }, ['wage_too_high']],
      ['Jakarta, at the UMP (above Rp3.5 million)', { jobs: [{ employerId: dki, wage: ump }] }, []],
      ['Jakarta, Rp1 above the UMP', { jobs: [{ employerId: dki, wage: ump + 1 }] }, ['wage_too_high']],
      ['education sector', { jobs: [{ employerId: school, wage: 2_000_000 }] }, ['sector_not_covered']],
      ['no job: no wage, and no sector reason on top', { jobs: [] }, ['no_wage']],
    ];
    const ids: number[] = [];
    for (const [, p] of cases) ids.push((await person(t.db, jabar, p)).id);
    // A Jakarta worker outside Kota Jakarta Pusat's list entry: region list matches by prefix.
    const other = (
      await sql<{
        code: string;
      }>`select code from regions where level = 4 and code like '31.72.%' order by code limit 1`.execute(t.db)
    ).rows[0];
    let outside: number | null = null;
    if (other) {
      const e = (await makeEmployer(t.db, { village_code: other.code, sector: 'Industri Pengolahan' })).id;
      outside = (await person(t.db, e, { jobs: [{ employerId: e, wage: 2_000_000 }] })).id;
    }
    const run = await runScreening(t.handle, { programme: 'uji-2025' }, SYSTEM);
    const got = await reasonsOf(t, run.runId);
    for (const [i, [label, , want]] of cases.entries()) assert.deepEqual(got.get(ids[i]!), want, label);
    if (outside) assert.deepEqual(got.get(outside), ['region_not_covered']);
  });

  test('the SQL NIK check agrees with parseNik', async () => {
    const niks = [
      makeNik('32.73.05', '1990-03-15', 'M'),
      makeNik('32.73.05', '1990-03-15', 'F'),
      '3273052902000001',
      '3273052902010001',
      '3273056902040001',
      '3273053104900001',
      '3273053004900001',
      '3273051313900001',
      '3273050001900001',
      '3273051501900000',
      '1000001501900001',
      '3200001501900001',
      '3273003215019001',
      '3273057212900001',
      '3273057112900001',
      '3273054012900001',
    ];
    const r = await sql<{
      nik: string;
      ok: boolean;
    }>`select n as nik, subsidy_nik_valid(n) as ok from unnest(${sql`array[${sql.join(niks)}]::text[]`}) as n`.execute(
      t.db,
    );
    for (const row of r.rows) assert.equal(row.ok, parseNik(row.nik, '2026-11-21').valid, row.nik);
  });
});
