import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { makeNik } from '../../../test/factories.ts';
import { runJobs, type Wire } from '../../../test/kits/dci.ts';
import { enqueue, getJob, requestCancel } from '../../platform/jobs.ts';
import { SYSTEM } from '../access/policy.ts';
import { DciClient, type DciRemoteError, importExclusionFromRegistry } from './client.ts';
import { dciExclusionImportJob } from './jobs.ts';
import { addRemote } from './remotes.ts';

/** A stub external registry: 5 people (one with a masked NIK), served 2 per page; checks the bearer token. */
async function stubRegistry() {
  const people = [1, 2, 3, 4].map((i) => makeNik('31.71.01', `198${i}-01-0${i}`, 'M', i));
  const records = [
    ...people.map((n) => ({ identifier: { identifier_type: 'UIN', identifier_value: n } })),
    { identifiers: [{ identifier_type: 'NIK', identifier_value: '3171********0005' }] },
  ];
  const seen: Wire[] = [];
  const app: FastifyInstance = Fastify();
  app.post('/api/dci/registry/sync/search', async (req, reply) => {
    const body = req.body as Wire;
    seen.push(body);
    if (req.headers.authorization !== 'Bearer stub-token')
      return reply.status(401).send({
        message: {
          ack_status: 'ERR',
          timestamp: new Date().toISOString(),
          correlation_id: '',
          error: { code: 'err.request.unauthorized', message: 'no' },
        },
      });
    const c = body.message.search_request[0].search_criteria;
    if (c.query_type !== 'predicate')
      return {
        header: {},
        message: {
          transaction_id: body.message.transaction_id,
          correlation_id: 'c',
          search_response: [
            {
              reference_id: 'r',
              timestamp: new Date().toISOString(),
              status: 'rjct',
              status_reason_code: 'rjct.search_criteria.invalid',
              status_reason_message: 'only predicates',
            },
          ],
        },
      };
    const { page_size, page_number } = c.pagination;
    const slice = records.slice((page_number - 1) * page_size, page_number * page_size);
    return {
      header: { action: 'on-search', status: 'succ' },
      message: {
        transaction_id: body.message.transaction_id,
        correlation_id: 'c',
        search_response: [
          {
            reference_id: 'r',
            timestamp: new Date().toISOString(),
            status: 'succ',
            data: { reg_records: slice },
            pagination: { page_size, page_number, total_count: records.length },
          },
        ],
      },
    };
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    people,
    seen,
    base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/dci/`,
  };
}

describe('Lindung as a DCI client', () => {
  let t: TestDb;
  let stub: Awaited<ReturnType<typeof stubRegistry>>;
  const predicate = {
    query_type: 'predicate' as const,
    query: [
      {
        seq_num: 1,
        expression1: {
          attribute_name: 'employment_sector',
          operator: 'eq',
          attribute_value: 'civil_service',
        },
      },
    ],
  };

  before(async () => {
    t = await createTestDb();
    stub = await stubRegistry();
    await sql`insert into subsidy_exclusion_lists (code, name, kind, source) values ('asn-dci', 'ASN (DCI)', 'civil_servant', 'stub')`.execute(
      t.db,
    );
  });
  after(async () => {
    await stub.app.close();
    await t.close();
  });

  test('sync search pages through the remote registry with the DCI envelope and bearer token', async () => {
    const c = new DciClient({ baseUrl: stub.base, token: 'stub-token', senderId: 'lindung' });
    const pages: number[] = [];
    for await (const page of c.searchAll(predicate, { pageSize: 2 })) pages.push(page.length);
    assert.deepEqual(pages, [2, 2, 1]);
    const last = stub.seen.at(-1);
    assert.equal(last.header.action, 'search');
    assert.equal(last.header.sender_id, 'lindung');
    assert.deepEqual(last.message.search_request[0].search_criteria.pagination, {
      page_size: 2,
      page_number: 3,
    });
  });

  test('a refused token or a rejected query is a clear error', async () => {
    const bad = new DciClient({ baseUrl: stub.base, token: 'wrong', senderId: 'lindung' });
    await assert.rejects(
      bad.syncSearch(predicate),
      (e: DciRemoteError) => e.status === 502 && /err.request.unauthorized/.test(e.message),
    );
    const c = new DciClient({ baseUrl: stub.base, token: 'stub-token', senderId: 'lindung' });
    const it = c.searchAll({ query_type: 'idtype-value', query: { type: 'NIK', value: '1' } });
    await assert.rejects(it.next(), /rjct.search_criteria.invalid/);
  });

  test('an exclusion list is filled from the external registry; masked NIKs are rejected; a rerun is unchanged', async () => {
    const c = new DciClient({ baseUrl: stub.base, token: 'stub-token', senderId: 'lindung' });
    const r = await importExclusionFromRegistry(t.db, SYSTEM, 'asn-dci', c, predicate, {
      source: stub.base,
      pageSize: 2,
      today: '2026-11-21',
    });
    assert.deepEqual(
      { total: r.total, accepted: r.accepted, unchanged: r.unchanged, rejected: r.rejected },
      { total: 5, accepted: 4, unchanged: 0, rejected: 1 },
    );
    const entries = await t.db
      .selectFrom('subsidy_exclusion_entries')
      .select('nik')
      .where('list_code', '=', 'asn-dci')
      .orderBy('nik')
      .execute();
    assert.deepEqual(
      entries.map((e) => e.nik),
      [...stub.people].sort(),
    );
    const again = await importExclusionFromRegistry(t.db, SYSTEM, 'asn-dci', c, predicate, {
      source: stub.base,
      pageSize: 2,
      today: '2026-11-21',
    });
    assert.equal(again.accepted, 0);
    assert.equal(again.unchanged, 4);
    const audit = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity', '=', 'subsidy_exclusion_list')
      .where('entity_id', '=', 'asn-dci')
      .execute();
    assert.equal(audit.length, 2);
  });

  test('as a job: a registered remote (token from the environment) fills another list', async () => {
    await sql`insert into subsidy_exclusion_lists (code, name, kind, source) values ('asn-job', 'ASN (job)', 'civil_servant', 'stub')`.execute(
      t.db,
    );
    await addRemote(
      t.db,
      { name: 'stub-sr', baseUrl: stub.base, senderId: 'lindung', tokenEnv: 'LINDUNG_TEST_STUB_TOKEN' },
      SYSTEM,
    );
    await assert.rejects(
      addRemote(t.db, { name: 'bad', baseUrl: 'ftp://x', senderId: 'l', tokenEnv: 'X' }, SYSTEM),
      /http\(s\)/,
    );
    const params = { list_code: 'asn-job', remote: 'stub-sr', query: predicate, page_size: 2 };
    // without the token in this process the attempt fails, saying which variable is missing
    delete process.env.LINDUNG_TEST_STUB_TOKEN;
    const first = await enqueue(t.db, dciExclusionImportJob.kind, params, { ...SYSTEM });
    await runJobs(t);
    const failed = await getJob(t.db, first.id);
    assert.notEqual(failed?.status, 'done');
    assert.match(failed?.error ?? '', /LINDUNG_TEST_STUB_TOKEN/);
    await requestCancel(t.db, first.id);
    process.env.LINDUNG_TEST_STUB_TOKEN = 'stub-token';
    try {
      const job = await enqueue(t.db, dciExclusionImportJob.kind, params, { ...SYSTEM });
      await runJobs(t);
      const done = await getJob(t.db, job.id);
      assert.equal(done?.status, 'done', done?.error ?? '');
      assert.deepEqual(
        (({ total, accepted, rejected }) => ({ total, accepted, rejected }))(
          done?.result as { total: number; accepted: number; rejected: number },
        ),
        { total: 5, accepted: 4, rejected: 1 },
      );
      // the token is in no job row
      assert.ok(!JSON.stringify(done).includes('stub-token'));
    } finally {
      delete process.env.LINDUNG_TEST_STUB_TOKEN;
    }
  });
});
