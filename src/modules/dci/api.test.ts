import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testApp } from '../../../test/app.ts';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { makeEmployer, makeNik } from '../../../test/factories.ts';
import { envelope, receiver, runJobs, searchMessage, type Wire } from '../../../test/kits/dci.ts';
import { SYSTEM } from '../access/policy.ts';
import { registerParticipant } from '../workers/actions.ts';
import { addClient, listClients, revokeClient } from './clients.ts';

describe('DCI registry API', () => {
  let t: TestDb;
  let h: Awaited<ReturnType<typeof testApp>>;
  let full: string;
  let west: string;
  let narrow: string;
  let cb: Awaited<ReturnType<typeof receiver>>;
  const nikA = makeNik('32.73.05', '1990-10-20', 'F', 1); // Bandung (32)
  const nikB = makeNik('32.73.05', '2004-03-02', 'M', 2); // Bandung (32)
  const nikC = makeNik('19.71.01', '1985-01-02', 'M', 1); // Pangkalpinang (19)
  let kpjA = '';

  before(async () => {
    t = await createTestDb();
    h = await testApp(t);
    cb = await receiver();
    const emp = await makeEmployer(t.db, { village_code: '32.73.05.1001', size_class: 'large' });
    const clock = { now: () => new Date('2026-11-21T09:00:00Z') };
    const a = await registerParticipant(
      t.db,
      {
        nik: nikA,
        full_name: 'Siti Rahayu',
        birth_date: '1990-10-20',
        sex: 'F',
        village_code: '32.73.05.1001',
        segment: 'PU',
        employer_npp: emp.npp,
        wage: 5_000_000,
        start_date: '2026-01-05',
      },
      SYSTEM,
      clock,
    );
    kpjA = a.kpj;
    await registerParticipant(
      t.db,
      {
        nik: nikB,
        full_name: 'Budi Santoso',
        birth_date: '2004-03-02',
        sex: 'M',
        village_code: '32.73.05.1001',
        segment: 'BPU',
      },
      SYSTEM,
      clock,
    );
    await registerParticipant(
      t.db,
      {
        nik: nikC,
        full_name: 'Andi',
        birth_date: '1985-01-02',
        sex: 'M',
        village_code: '19.71.01.1004',
        segment: 'BPU',
      },
      SYSTEM,
      clock,
    );
    full = (
      await addClient(
        t.db,
        {
          name: 'kemnaker',
          operations: ['search', 'subscribe', 'match'],
          fields: ['identifiers', 'name', 'sex', 'birth_date', 'address', 'employment', 'coverage'],
          masked: [],
          callbackPrefixes: [`${cb.base}/`],
          ratePerMinute: 1000,
        },
        SYSTEM,
      )
    ).token;
    west = (
      await addClient(
        t.db,
        { name: 'pemprov-jabar', operations: ['search', 'match'], regionCodes: ['32'], ratePerMinute: 1000 },
        SYSTEM,
      )
    ).token;
    narrow = (await addClient(t.db, { name: 'narrow', ratePerMinute: 3 }, SYSTEM)).token;
    await h.user('admin', 'admin');
    await h.user('pemda', 'regional_government', { region_codes: ['19'] });
  });
  after(async () => {
    await cb.close();
    await t.close();
  });

  const post = (url: string, token: string | null, payload: unknown) =>
    h.app.inject({
      method: 'POST',
      url: `/api/dci/${url}`,
      headers: token ? { authorization: `Bearer ${token}` } : {},
      payload: payload as object,
    });
  const search = (token: string, sender: string, criteria: unknown) =>
    post('registry/sync/search', token, envelope('search', sender, searchMessage(criteria)));

  test('client tokens are stored hashed; list never shows them; revoke stops a token at once', async () => {
    const rows = await t.db.selectFrom('dci_clients').select(['token_hash']).execute();
    assert.ok(rows.every((r) => r.token_hash.length === 64 && r.token_hash !== full));
    assert.ok(!JSON.stringify(await listClients(t.db)).includes(full));
    const c = await addClient(t.db, { name: 'temporary' }, SYSTEM);
    const ok = await search(c.token, 'temporary', {
      query_type: 'idtype-value',
      query: { type: 'NIK', value: nikA },
    });
    assert.equal(ok.statusCode, 200, ok.body);
    await revokeClient(t.db, 'temporary', SYSTEM);
    const gone = await search(c.token, 'temporary', {
      query_type: 'idtype-value',
      query: { type: 'NIK', value: nikA },
    });
    assert.equal(gone.statusCode, 401);
    assert.equal(gone.json().message.error.code, 'err.request.unauthorized');
  });

  test('401 without a token, with a wrong token, and with a staff session token', async () => {
    for (const token of [null, 'dci_wrong', h.as('admin').authorization.slice(7)]) {
      for (const url of [
        'registry/sync/search',
        'registry/search',
        'registry/subscribe',
        'registry/unsubscribe',
        'registry/txn/status',
        'registry/sync/txn/status',
      ]) {
        const r = await post(
          url,
          token,
          envelope(
            'search',
            'kemnaker',
            searchMessage({ query_type: 'idtype-value', query: { type: 'NIK', value: nikA } }),
          ),
        );
        assert.equal(r.statusCode, 401, `${url} ${token}`);
        assert.equal(r.json().message.ack_status, 'ERR');
      }
    }
  });

  test('sync search by NIK, UIN and KPJ returns the mapped Person with employment and coverage', async () => {
    for (const query of [
      { type: 'NIK', value: nikA },
      { type: 'UIN', value: nikA },
      { type: 'KPJ', value: kpjA },
    ]) {
      const r = await search(full, 'kemnaker', { query_type: 'idtype-value', query });
      assert.equal(r.statusCode, 200, r.body);
      const body = r.json();
      assert.equal(body.header.action, 'on-search');
      assert.equal(body.header.receiver_id, 'kemnaker');
      const item = body.message.search_response[0];
      assert.equal(item.status, 'succ');
      assert.deepEqual(item.pagination, { page_size: 100, page_number: 1, total_count: 1 });
      const p = item.data.reg_records[0];
      assert.equal(p.identifier.identifier_value, nikA);
      assert.equal(p.identifiers[1].identifier_value, kpjA);
      assert.equal(p.name.full_name, 'Siti Rahayu');
      assert.equal(p.coverage.segment, 'PU');
      assert.deepEqual(p.coverage.programs, ['JKK', 'JKM', 'JHT', 'JP', 'JKP']);
      assert.equal(p.employment.status, 'employed');
      assert.equal(p.address.admin_area_1_code, '32');
    }
  });

  test('a client sees only its fields, masked, and nothing outside its regions (not even that a NIK exists)', async () => {
    const r = await search(west, 'pemprov-jabar', {
      query_type: 'idtype-value',
      query: { type: 'NIK', value: nikA },
    });
    const p = r.json().message.search_response[0].data.reg_records[0];
    assert.deepEqual(Object.keys(p).sort(), ['@type', 'coverage', 'identifier', 'identifiers']);
    assert.equal(p.identifier.identifier_value, `${nikA.slice(0, 4)}********${nikA.slice(12)}`);
    const outside = await search(west, 'pemprov-jabar', {
      query_type: 'idtype-value',
      query: { type: 'NIK', value: nikC },
    });
    const missing = await search(west, 'pemprov-jabar', {
      query_type: 'idtype-value',
      query: { type: 'NIK', value: makeNik('32.73.05', '1970-01-01', 'M', 9) },
    });
    const strip = (x: Wire) => ({ ...x.message.search_response[0], reference_id: '', timestamp: '' });
    assert.deepEqual(strip(outside.json()), strip(missing.json()));
    assert.equal(outside.json().message.search_response[0].data.reg_records.length, 0);
  });

  test('expression and predicate queries with pagination', async () => {
    const e1 = await search(full, 'kemnaker', {
      query_type: 'expression',
      query: {
        type: 'ns:org:QueryType:expression',
        value: { expression: { collection: 'Person', query: { $and: [{ province_code: { $eq: '32' } }] } } },
      },
      pagination: { page_size: 1, page_number: 2 },
    });
    const item = e1.json().message.search_response[0];
    assert.equal(item.status, 'succ', e1.body);
    assert.deepEqual(item.pagination, { page_size: 1, page_number: 2, total_count: 2 });
    assert.equal(item.data.reg_records[0].identifier.identifier_value, nikB);
    const p = await search(full, 'kemnaker', {
      query_type: 'predicate',
      query: [
        {
          seq_num: 1,
          expression1: { attribute_name: 'age', operator: 'lt', attribute_value: '25' },
          condition: 'and',
          expression2: { attribute_name: 'segment', operator: 'eq', attribute_value: 'BPU' },
        },
      ],
    });
    const recs = p.json().message.search_response[0].data.reg_records;
    assert.deepEqual(
      recs.map((x: Wire) => x.identifier.identifier_value),
      [nikB],
    );
    const bad = await search(full, 'kemnaker', {
      query_type: 'expression',
      query: { value: { expression: { query: { poverty_score: { $lt: 5 } } } } },
    });
    assert.equal(bad.json().message.search_response[0].status, 'rjct');
    assert.equal(bad.json().message.search_response[0].status_reason_code, 'rjct.search_criteria.invalid');
    const scoped = await search(west, 'pemprov-jabar', {
      query_type: 'predicate',
      query: [{ expression1: { attribute_name: 'age', operator: 'lt', attribute_value: 25 } }],
    });
    assert.match(
      scoped.json().message.search_response[0].status_reason_message,
      /outside this client's scope/,
    );
  });

  test('invalid messages, signatures, senders and operations are refused with DCI error codes', async () => {
    const ok = envelope(
      'search',
      'kemnaker',
      searchMessage({ query_type: 'idtype-value', query: { type: 'NIK', value: nikA } }),
    );
    const noMessage = { ...ok, message: undefined };
    const r1 = await post('registry/sync/search', full, noMessage);
    assert.equal(r1.statusCode, 400);
    assert.equal(r1.json().message.error.code, 'err.request.bad');
    assert.match(r1.json().message.error.message, /Pesan tidak valid \/ Invalid message/);
    const r2 = await post('registry/search', full, { ...ok, signature: 'invalid-signature' });
    assert.equal(r2.statusCode, 401);
    assert.equal(r2.json().message.error.code, 'err.signature.invalid');
    const r3 = await post('registry/sync/search', full, envelope('search', 'someone-else', ok.message));
    assert.equal(r3.statusCode, 403);
    assert.equal(r3.json().message.error.code, 'err.sender_id.invalid');
    const sub = envelope('subscribe', 'pemprov-jabar', {
      transaction_id: 'x',
      subscribe_request: [
        {
          reference_id: 'r',
          timestamp: '2026-11-21T09:00:00Z',
          subscribe_criteria: { reg_event_type: 'REGISTER', filter: {}, notify_record_type: 'Person' },
        },
      ],
    });
    const r4 = await post('registry/subscribe', west, sub);
    assert.equal(r4.statusCode, 403);
    assert.equal(r4.json().message.error.code, 'err.request.forbidden');
    const r5 = await post(
      'registry/search',
      full,
      envelope('search', 'kemnaker', ok.message, { sender_uri: 'http://10.1.2.3/registry/on-search' }),
    );
    assert.equal(r5.statusCode, 400);
    assert.equal(r5.json().message.error.code, 'err.sender_uri.invalid');
    const r6 = await post('registry/sync/search', full, {
      ...ok,
      header: { ...ok.header, version: '2.0.0' },
    });
    assert.equal(r6.statusCode, 400, r6.body);
    assert.equal(r6.json().message.error.code, 'err.version.not_supported');
  });

  test('async search: ACK, then on-search to sender_uri with matching ids; txn/status reports it', async () => {
    const env = envelope(
      'search',
      'kemnaker',
      searchMessage({ query_type: 'idtype-value', query: { type: 'NIK', value: nikA } }),
      { sender_uri: `${cb.base}/registry/on-search` },
    );
    const ack = await post('registry/search', full, env);
    assert.equal(ack.statusCode, 202, ack.body);
    assert.equal(ack.json().message.ack_status, 'ACK');
    const corr = ack.json().message.correlation_id;
    // answered by the dci.deliver job the request queued, not in the request
    assert.equal(cb.got.filter((r) => r.body.message?.correlation_id === corr).length, 0);
    const queued = await t.db
      .selectFrom('jobs')
      .select('id')
      .where('kind', '=', 'dci.deliver')
      .where('status', '=', 'queued')
      .execute();
    assert.equal(queued.length, 1);
    await runJobs(t);
    const got = await cb.waitFor((r) => r.body.message?.correlation_id === corr);
    assert.equal(got.path, '/registry/on-search');
    assert.equal(got.body.header.action, 'on-search');
    assert.equal(got.body.message.transaction_id, env.message.transaction_id);
    assert.equal(got.body.message.search_response[0].data.reg_records[0].identifier.identifier_value, nikA);

    const status = (attribute_type: string, attribute_value: string) =>
      post(
        'registry/sync/txn/status',
        full,
        envelope('txn-status', 'kemnaker', {
          transaction_id: 'st-1',
          txnstatus_request: { reference_id: 'q', txn_type: 'search', attribute_type, attribute_value },
        }),
      );
    const s = await status('transaction_id', env.message.transaction_id);
    assert.equal(s.statusCode, 200, s.body);
    assert.equal(s.json().header.action, 'txn-on-status');
    assert.equal(s.json().message.txnstatus_response.txn_status.correlation_id, corr);
    assert.equal(s.json().message.txnstatus_response.txn_status.search_response[0].status, 'succ');
    const byCorr = await status('correlation_id', corr);
    assert.equal(
      byCorr.json().message.txnstatus_response.txn_status.transaction_id,
      env.message.transaction_id,
    );
    // another client's transaction is invisible
    const other = await post(
      'registry/sync/txn/status',
      west,
      envelope('txn-status', 'pemprov-jabar', {
        transaction_id: 'st-2',
        txnstatus_request: {
          reference_id: 'q',
          txn_type: 'search',
          attribute_type: 'transaction_id',
          attribute_value: env.message.transaction_id,
        },
      }),
    );
    assert.equal(
      other.json().message.txnstatus_response.txn_status.search_response[0].status_reason_code,
      'rjct.reference_id.invalid',
    );

    const asyncStatus = await post(
      'registry/txn/status',
      full,
      envelope(
        'txn-status',
        'kemnaker',
        {
          transaction_id: 'st-3',
          txnstatus_request: {
            reference_id: 'q',
            txn_type: 'search',
            attribute_type: 'correlation_id',
            attribute_value: corr,
          },
        },
        { sender_uri: `${cb.base}/registry/txn/on-status` },
      ),
    );
    assert.equal(asyncStatus.statusCode, 202);
    await runJobs(t);
    const st = await cb.waitFor(
      (r) => r.body.message?.correlation_id === asyncStatus.json().message.correlation_id,
    );
    assert.equal(st.body.header.action, 'txn-on-status');
    assert.equal(st.body.message.transaction_id, 'st-3');
  });

  test('every query is audited with what was disclosed', async () => {
    const before = await t.db
      .selectFrom('audit_log')
      .select('id')
      .where('actor', '=', 'dci:kemnaker')
      .execute();
    await search(full, 'kemnaker', { query_type: 'idtype-value', query: { type: 'NIK', value: nikA } });
    const rows = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('actor', '=', 'dci:kemnaker')
      .orderBy('id')
      .execute();
    const added = rows.slice(before.length);
    assert.deepEqual(
      added.map((r) => r.action),
      ['dci.search', 'dci.search.answer'],
    );
    assert.equal((added[1]!.after as { disclosed: { records: number } }).disclosed.records, 1);
  });

  test('the rate limit answers 429 with err.request.too_many_requests', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 4; i++)
      codes.push(
        (await search(narrow, 'narrow', { query_type: 'idtype-value', query: { type: 'NIK', value: nikA } }))
          .statusCode,
      );
    assert.deepEqual(codes, [200, 200, 200, 429]);
  });

  /** A match answers 202 with its job; the job's results are read back by the same asker. */
  const matchOf = async (
    url: '/api/dci/match' | '/api/match/coverage',
    headers: Record<string, string>,
    payload: unknown,
  ) => {
    const r = await h.app.inject({ method: 'POST', url, headers, payload: payload as string });
    assert.equal(r.statusCode, 202, r.body);
    assert.equal(r.json().match.total > 0, true);
    // the job row carries only the match id: no NIK in the jobs list
    assert.deepEqual(r.json().job.params, { matchId: r.json().match.id });
    const job = await h.settle(r);
    assert.equal(job.status, 'done', job.error ?? '');
    const got = await h.app.inject({ method: 'GET', url: `${url}/${r.json().match.id}`, headers });
    assert.equal(got.statusCode, 200, got.body);
    assert.equal(got.json().status, 'done');
    return { id: r.json().match.id as number, body: got.json() };
  };

  test('bulk match for a client: covered, active, segment — within its regions only; JSON and CSV', async () => {
    const unknown = makeNik('32.73.05', '1970-01-01', 'M', 9);
    const bearer = (tk: string) => ({ authorization: `Bearer ${tk}` });
    const r = await matchOf('/api/dci/match', bearer(west), { niks: [nikA, nikC, unknown, '123'] });
    assert.deepEqual(
      r.body.results.map((x: Wire) => [x.result, x.covered, x.segment]),
      [
        ['registered', true, 'PU'],
        // nikC is registered, but outside this client's regions: it answers like an unknown NIK
        ['not_found', false, null],
        ['not_found', false, null],
        ['invalid', false, null],
      ],
    );
    // Siti was registered today (2026-11-21): in her first month's grace, active (decision 0005)
    assert.deepEqual(r.body.summary, { total: 4, registered: 1, active: 1, not_found: 2, invalid: 1 });
    const csv = await matchOf(
      '/api/dci/match',
      { ...bearer(full), 'content-type': 'text/csv' },
      `nama;nik\nA;${nikA}\nC;${nikC}\n`,
    );
    assert.deepEqual(
      csv.body.results.map((x: Wire) => x.result),
      ['registered', 'registered'],
    );
    // another client cannot read it; a staff session cannot either
    const otherClient = await h.app.inject({
      method: 'GET',
      url: `/api/dci/match/${r.id}`,
      headers: bearer(full),
    });
    assert.equal(otherClient.statusCode, 404);
    const staff = await h.app.inject({
      method: 'GET',
      url: `/api/dci/match/${r.id}`,
      headers: h.as('admin'),
    });
    assert.equal(staff.statusCode, 401);
    assert.equal(staff.json().message.error.code, 'err.request.unauthorized');
    const searchOnly = (await addClient(t.db, { name: 'search-only' }, SYSTEM)).token;
    const denied = await h.app.inject({
      method: 'POST',
      url: '/api/dci/match',
      headers: bearer(searchOnly),
      payload: { niks: [nikA] },
    });
    assert.equal(denied.statusCode, 403);
  });

  test('staff bulk match: a regional government sees its own region only', async () => {
    const r = await matchOf('/api/match/coverage', h.as('pemda'), { niks: [nikA, nikC] });
    assert.deepEqual(
      r.body.results.map((x: Wire) => x.result),
      ['not_found', 'registered'],
    );
    const admin = await matchOf('/api/match/coverage', h.as('admin'), { niks: [nikA, nikC] });
    assert.deepEqual(
      admin.body.results.map((x: Wire) => x.result),
      ['registered', 'registered'],
    );
    // the admin cannot read the regional government's match (only who asked)
    const peek = await h.app.inject({
      method: 'GET',
      url: `/api/match/coverage/${r.id}`,
      headers: h.as('admin'),
    });
    assert.equal(peek.statusCode, 404);
    const anon = await h.app.inject({
      method: 'POST',
      url: '/api/match/coverage',
      payload: { niks: [nikA] },
    });
    assert.equal(anon.statusCode, 401);
    const audit = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'dci.match')
      .where('actor', '=', 'pemda')
      .execute();
    assert.equal(audit.length, 1);
  });
});
