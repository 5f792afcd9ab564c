import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { employerOf, person, TEST_PROGRAMME } from '../../../test/kits/subsidy.ts';
import { SYSTEM } from '../access/policy.ts';
import { compareRuns } from './compare.ts';
import { ensureProgrammes, saveProgramme } from './programmes.ts';
import { personDecision } from './queries.ts';
import { runScreening } from './screening.ts';

const decisions = async (t: TestDb, runId: number) =>
  (
    await sql<{
      k: string;
    }>`select participant_id || ':' || eligible || ':' || array_to_string(reasons, ',') as k
    from subsidy_decisions where run_id = ${runId} order by participant_id`.execute(t.db)
  ).rows.map((r) => r.k);

const evidence = async (t: TestDb, runId: number) =>
  (
    await sql<{
      k: string;
    }>`select row(s.*)::text as k from subsidy_snapshot s where run_id = ${runId} order by participant_id`.execute(
      t.db,
    )
  ).rows.map((r) => r.k);

describe('subsidy runs: freeze, re-run, compare, quota, resume', () => {
  let t: TestDb;
  let pt: number;
  const ids: Record<string, number> = {};
  let first: number;

  before(async () => {
    t = await createTestDb();
    await ensureProgrammes(t.db);
    await saveProgramme(t.db, TEST_PROGRAMME, SYSTEM);
    pt = await employerOf(t.db, 'PT');
    for (let i = 0; i < 12; i++)
      ids[`ok${i}`] = (
        await person(t.db, pt, { jobs: [{ employerId: pt, wage: 2_000_000 + i * 100_000 }] })
      ).id;
    ids.rich = (await person(t.db, pt, { jobs: [{ employerId: pt, wage: 6_000_000 }] })).id;
    ids.unpaid = (await person(t.db, pt, { spans: [['2019-01', '2020-03']] })).id;
    first = (await runScreening(t.handle, { programme: 'uji-bsu', chunkSize: 4 }, SYSTEM)).runId;
  });
  after(() => t.close());

  test('re-running the frozen snapshot gives identical decisions', async () => {
    const again = await runScreening(t.handle, { rerunOf: first, chunkSize: 3 }, SYSTEM);
    assert.deepEqual(await decisions(t, again.runId), await decisions(t, first));
    const row = await t.db
      .selectFrom('subsidy_runs')
      .select(['snapshot_run_id', 'rerun_of'])
      .where('id', '=', again.runId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { snapshot_run_id: first, rerun_of: first });
  });

  test('changing the registry after the run changes neither the decisions nor the evidence', async () => {
    const before = { d: await decisions(t, first), e: await evidence(t, first) };
    const explained = await personDecision(t.db, SYSTEM, first, ids.rich!);
    // The rich worker takes a pay cut, the unpaid one pays up, a newcomer registers, one is closed.
    await sql`insert into employment_events (participant_id, employer_id, kind, effective_on, wage) values (${ids.rich}, ${pt}, 'wage_change', '2020-06-01', 4500000)`.execute(
      t.db,
    );
    await sql`update coverage_spans set to_period = null where participant_id = ${ids.unpaid}`.execute(t.db);
    ids.late = (await person(t.db, pt, {})).id;
    await sql`update participants set status = 'closed' where id = ${ids.ok0}`.execute(t.db);
    assert.deepEqual(await decisions(t, first), before.d);
    assert.deepEqual(await evidence(t, first), before.e);
    assert.deepEqual(await personDecision(t.db, SYSTEM, first, ids.rich!), explained);
    const rerun = await runScreening(t.handle, { rerunOf: first }, SYSTEM);
    assert.deepEqual(await decisions(t, rerun.runId), before.d, 'a re-run still reads the frozen inputs');
  });

  test('a run on the new data differs, and the comparison says who entered and left, and why', async () => {
    const next = await runScreening(t.handle, { programme: 'uji-bsu' }, SYSTEM);
    const c = await compareRuns(t.db, SYSTEM, first, next.runId);
    assert.equal(c.entered, 3, 'rich (pay cut), unpaid (paid up), late (new)');
    assert.equal(c.left, 1, 'ok0 (closed)');
    assert.deepEqual(c.by_reason.map((r) => `${r.change}:${r.reason}:${r.count}`).sort(), [
      'entered:contributions_unpaid:1',
      'entered:not_in_run:1',
      'entered:wage_too_high:1',
      'left:participant_closed:1',
    ]);
    const rich = c.sample.find((s) => s.participant_id === ids.rich)!;
    assert.deepEqual(rich.changed_inputs, [{ field: 'wage', before: 6_000_000, after: 4_500_000 }]);
    const closed = c.sample.find((s) => s.participant_id === ids.ok0)!;
    assert.deepEqual(closed.changed_inputs, [{ field: 'status', before: 'active', after: 'closed' }]);
  });

  test('the quota keeps the lowest wages and marks the rest over_quota, deterministically', async () => {
    const r = await runScreening(t.handle, { programme: 'uji-bsu', quota: 5 }, SYSTEM);
    assert.equal(r.eligible, 5);
    const over = await t.db
      .selectFrom('subsidy_decisions')
      .select('participant_id')
      .where('run_id', '=', r.runId)
      .where(sql<boolean>`'over_quota' = any(reasons)`)
      .orderBy('participant_id')
      .execute();
    const kept = await sql<{
      wage: number;
    }>`select s.wage from subsidy_decisions d join subsidy_snapshot s on s.run_id = d.run_id and s.participant_id = d.participant_id
      where d.run_id = ${r.runId} and d.eligible order by s.wage`.execute(t.db);
    const dropped = await sql<{
      m: number;
    }>`select min(s.wage) as m from subsidy_decisions d join subsidy_snapshot s on s.run_id = d.run_id and s.participant_id = d.participant_id
      where d.run_id = ${r.runId} and 'over_quota' = any(d.reasons)`.execute(t.db);
    assert.ok(kept.rows.every((k) => k.wage <= dropped.rows[0]!.m));
    assert.ok(over.length > 0);
    const again = await runScreening(t.handle, { rerunOf: r.runId }, SYSTEM);
    assert.deepEqual(await decisions(t, again.runId), await decisions(t, r.runId));
  });

  test('an interrupted run resumes and ends with the same decisions as an uninterrupted one', async () => {
    const full = await runScreening(t.handle, { programme: 'uji-bsu', chunkSize: 2 }, SYSTEM);
    await assert.rejects(
      runScreening(
        t.handle,
        {
          programme: 'uji-bsu',
          chunkSize: 2,
          onChunk: (k) => {
            if (k > 4) throw new Error('crash');
          },
        },
        SYSTEM,
      ),
      /crash/,
    );
    const runId = Number(
      (await sql<{ id: number }>`select max(id) as id from subsidy_runs`.execute(t.db)).rows[0]!.id,
    );
    const crashed = await t.db
      .selectFrom('subsidy_runs')
      .select(['status', 'last_key'])
      .where('id', '=', runId)
      .executeTakeFirstOrThrow();
    assert.equal(crashed.status, 'failed');
    const resumed = await runScreening(t.handle, { resume: runId, chunkSize: 2 }, SYSTEM);
    assert.equal(resumed.screened, full.screened);
    assert.deepEqual(await decisions(t, runId), await decisions(t, full.runId));
  });
});
