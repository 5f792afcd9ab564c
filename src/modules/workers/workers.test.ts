import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { testApp } from '../../../test/app.ts';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { makeEmployer, makeNik } from '../../../test/factories.ts';
import type { Scope } from '../access/policy.ts';
import {
  getParticipant,
  getParticipantDetail,
  participantEmployments,
  participantEvents,
  wageOn,
} from './queries.ts';

describe('registry through the API', () => {
  let t: TestDb;
  let h: Awaited<ReturnType<typeof testApp>>;
  let bandung: { id: number; npp: string };
  let pangkal: { id: number; npp: string };
  const nikA = makeNik('32.73.05', '1990-10-20', 'F', 1);
  const nikB = makeNik('19.71.01', '1985-01-02', 'M', 1);

  before(async () => {
    t = await createTestDb();
    h = await testApp(t);
    bandung = await makeEmployer(t.db, { village_code: '32.73.05.1001', size_class: 'large' });
    pangkal = await makeEmployer(t.db, { village_code: '19.71.01.1004', size_class: 'small' });
    await h.user('admin', 'admin');
    await h.user('cabang', 'branch_officer', { region_codes: ['19'] });
    await h.user('hr', 'employer', { employer_id: bandung.id });
    await h.user('pemda', 'regional_government', { region_codes: ['19'] });
    await h.user('audit', 'auditor');
  });
  after(() => t.close());

  const register = (who: string, body: object) =>
    h.app.inject({ method: 'POST', url: '/api/participants', headers: h.as(who), payload: body });

  test('registers participants with programs derived from segment and employer size', async () => {
    const a = await register('admin', {
      nik: nikA,
      full_name: 'Siti Rahayu',
      birth_date: '1990-10-20',
      sex: 'F',
      village_code: '32.73.05.1001',
      segment: 'PU',
      employer_npp: bandung.npp,
      wage: 5_000_000,
      start_date: '2026-01-05',
    });
    assert.equal(a.statusCode, 201, a.body);
    assert.deepEqual(a.json().participant.programs, ['JKK', 'JKM', 'JHT', 'JP', 'JKP']);
    assert.match(a.json().participant.kpj, /^\d{11}$/);
    const b = await register('cabang', {
      nik: nikB,
      full_name: 'Budi',
      birth_date: '1985-01-02',
      sex: 'M',
      village_code: '19.71.01.1004',
      segment: 'PU',
      employer_npp: pangkal.npp,
      wage: 3_900_000,
    });
    assert.equal(b.statusCode, 201, b.body);
    assert.deepEqual(b.json().participant.programs, ['JKK', 'JKM', 'JHT', 'JKP']);
  });

  test('bad input names the field', async () => {
    const r = await register('admin', {
      nik: makeNik('32.73.05', '1991-01-01', 'M', 2),
      full_name: 'X',
      birth_date: '1991-01-02',
      sex: 'M',
      village_code: '32.73.05.1001',
      segment: 'BPU',
    });
    assert.equal(r.statusCode, 400);
    assert.match(r.json().error.message, /^birth_date:/);
    const s = await register('admin', {
      nik: '123',
      full_name: 'X',
      birth_date: '1991-01-02',
      sex: 'M',
      village_code: '32.73.05.1001',
      segment: 'BPU',
    });
    assert.equal(s.statusCode, 400);
    assert.match(s.json().error.message, /body\.nik/);
    const dup = await register('admin', {
      nik: nikA,
      full_name: 'Siti Rahayu',
      birth_date: '1990-10-20',
      sex: 'F',
      village_code: '32.73.05.1001',
      segment: 'BPU',
    });
    assert.equal(dup.statusCode, 409);
  });

  test('scoping is enforced in the queries', async () => {
    const search = async (who: string, q = '') =>
      (await h.app.inject({ url: `/api/participants?q=${q}`, headers: h.as(who) })).json();
    assert.equal((await search('admin')).total, 2);
    const branch = await search('cabang');
    assert.deepEqual(
      branch.items.map((p: { nik: string }) => p.nik),
      [nikB],
    );
    assert.equal((await search('cabang', nikA)).total, 0);
    const hr = await search('hr');
    assert.deepEqual(
      hr.items.map((p: { nik: string }) => p.nik),
      [nikA],
    );
    assert.equal((await search('pemda')).total, 0);
    const aId = hr.items[0].id;
    assert.equal(
      (await h.app.inject({ url: `/api/participants/${aId}`, headers: h.as('cabang') })).statusCode,
      404,
    );
    assert.equal(
      (await h.app.inject({ url: `/api/participants/${aId}`, headers: h.as('hr') })).statusCode,
      200,
    );
    assert.equal(
      (await h.app.inject({ url: `/api/employers/${bandung.id}`, headers: h.as('cabang') })).statusCode,
      404,
    );
    assert.equal((await h.app.inject({ url: '/api/participants' })).statusCode, 401);
  });

  test('the auditor reads everything and changes nothing', async () => {
    assert.equal((await h.app.inject({ url: '/api/participants', headers: h.as('audit') })).json().total, 2);
    const r = await register('audit', {
      nik: makeNik('32.73.05', '1991-01-01', 'M', 3),
      full_name: 'X',
      birth_date: '1991-01-01',
      sex: 'M',
      village_code: '32.73.05.1001',
      segment: 'BPU',
    });
    assert.equal(r.statusCode, 403);
  });

  test('employment events give the wage on any date; every write is audited, append-only', async () => {
    const p = await t.db
      .selectFrom('participants')
      .select('id')
      .where('nik', '=', nikA)
      .executeTakeFirstOrThrow();
    const ev = (body: object) =>
      h.app.inject({
        method: 'POST',
        url: `/api/participants/${p.id}/events`,
        headers: h.as('hr'),
        payload: { employer_npp: bandung.npp, ...body },
      });
    assert.equal(
      (await ev({ kind: 'wage_change', effective_on: '2026-06-01', wage: 5_500_000 })).statusCode,
      201,
    );
    assert.equal((await ev({ kind: 'exit', effective_on: '2026-10-31' })).statusCode, 201);
    assert.equal(await wageOn(t.db, p.id, bandung.id, '2026-01-04'), null);
    assert.equal(await wageOn(t.db, p.id, bandung.id, '2026-05-31'), 5_000_000);
    assert.equal(await wageOn(t.db, p.id, bandung.id, '2026-06-01'), 5_500_000);
    assert.equal(await wageOn(t.db, p.id, bandung.id, '2026-10-31'), null);
    const other = await h.app.inject({
      method: 'POST',
      url: `/api/participants/${p.id}/events`,
      headers: h.as('hr'),
      payload: { employer_npp: pangkal.npp, kind: 'hire', effective_on: '2026-11-01', wage: 1 },
    });
    // A row outside the actor's scope answers like a row that does not exist (docs/decisions/0010).
    assert.equal(other.statusCode, 404);
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['actor', 'action', 'entity'])
      .where('actor', '=', 'hr')
      .execute();
    assert.deepEqual(
      audit.map((a) => a.action).filter((a) => a !== 'login'),
      ['wage_change', 'exit'],
    );
    await assert.rejects(sql`update audit_log set actor = 'x'`.execute(t.db), /append-only/);
    await assert.rejects(sql`delete from audit_log`.execute(t.db), /append-only/);
    await assert.rejects(sql`truncate audit_log`.execute(t.db), /append-only/);
  });

  test('the one-statement participant lookup returns what the three separate queries return, per scope', async () => {
    const p = await t.db
      .selectFrom('participants')
      .select('id')
      .where('nik', '=', nikA)
      .executeTakeFirstOrThrow();
    // A second employment, at an employer outside the HR user's scope, so the employer filter matters.
    await t.db
      .insertInto('employment_events')
      .values({
        participant_id: p.id,
        employer_id: pangkal.id,
        kind: 'hire',
        effective_on: '2026-11-01',
        wage: 4_100_000,
      })
      .execute();
    await t.db
      .insertInto('employments')
      .values({ participant_id: p.id, employer_id: pangkal.id, started_on: '2026-11-01', wage: 4_100_000 })
      .execute();
    const scopes: Scope[] = [
      { kind: 'all' },
      { kind: 'employer', employerId: bandung.id },
      { kind: 'employer', employerId: pangkal.id },
      { kind: 'regions', codes: ['19'] },
      { kind: 'none' },
    ];
    let withRows = 0;
    for (const scope of scopes) {
      const one = await getParticipantDetail(t.db, scope, p.id);
      const base = await getParticipant(t.db, scope, p.id);
      if (!base) {
        assert.equal(one, undefined, JSON.stringify(scope));
        continue;
      }
      const three = JSON.parse(
        JSON.stringify({
          ...base,
          employments: await participantEmployments(t.db, p.id, scope),
          events: await participantEvents(t.db, p.id, scope),
        }),
      );
      assert.deepEqual(JSON.parse(JSON.stringify(one)), three, JSON.stringify(scope));
      withRows += three.events.length;
    }
    // all: 4 events; bandung: 3; pangkal: 1 — the comparison covered real rows and the filter.
    assert.equal(withRows, 8);
    const hr = await h.app.inject({ method: 'GET', url: `/api/participants/${p.id}`, headers: h.as('hr') });
    assert.equal(hr.statusCode, 200, hr.body);
    assert.deepEqual(
      hr.json().employments.map((e: { employer_id: number }) => e.employer_id),
      [bandung.id],
    );
  });
});
