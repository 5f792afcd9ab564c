/**
 * Fuzz with a valid client token (the route × role fuzz only reaches /api/dci as staff, which get 401):
 * DCI envelopes with random headers, criteria, filters, pagination and txn-status requests, random
 * bodies and match lists. Zero 5xx; every refusal is a DCI ERR envelope or a bilingual error.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { testApp } from '../../../test/app.ts';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { SYSTEM } from '../access/policy.ts';
import { addClient } from './clients.ts';

const nasty = fc.oneof(
  fc.constantFrom(
    'NIK',
    'KPJ',
    'UIN',
    'ns:org:IdType:NIK',
    '',
    '\u0000',
    '1e309',
    '2024-02-30',
    '$and',
    '19',
  ),
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);
const json: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    nasty,
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(
      fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('$and', '$or', '$not', 'age', 'nik')),
      tie('v'),
      {
        maxKeys: 3,
      },
    ),
  ),
})).v;

const ACTIONS: Record<string, string> = {
  'registry/search': 'search',
  'registry/sync/search': 'search',
  'registry/subscribe': 'subscribe',
  'registry/unsubscribe': 'unsubscribe',
  'registry/txn/status': 'txn-status',
  'registry/sync/txn/status': 'txn-status',
};

describe('fuzz: DCI endpoints with a valid token answer no 5xx', () => {
  let t: TestDb;
  let h: Awaited<ReturnType<typeof testApp>>;
  let token: string;

  before(async () => {
    t = await createTestDb();
    h = await testApp(t);
    token = (
      await addClient(
        t.db,
        {
          name: 'fuzz',
          operations: ['search', 'subscribe', 'match'],
          fields: ['identifiers', 'name', 'sex', 'birth_date', 'address', 'employment', 'coverage'],
          callbackPrefixes: ['http://127.0.0.1:9/'],
          ratePerMinute: 100_000,
        },
        SYSTEM,
      )
    ).token;
  });
  after(() => t.close());

  test('random envelopes, criteria and bodies', async () => {
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let runs = 0;
    const criteria = fc.oneof(
      fc.record({ query_type: fc.constant('idtype-value'), query: fc.record({ type: nasty, value: nasty }) }),
      fc.record({
        query_type: fc.constant('expression'),
        query: fc.record({ value: fc.record({ expression: fc.record({ query: json }) }) }),
        pagination: fc.record({ page_size: nasty, page_number: nasty }),
      }),
      fc.record({
        query_type: fc.constant('predicate'),
        query: fc.array(
          fc.record({
            seq_num: nasty,
            expression1: fc.record({ attribute_name: nasty, operator: nasty, attribute_value: json }),
            condition: fc.constantFrom('and', 'or', 'not'),
            expression2: fc.record({ attribute_name: nasty, operator: nasty, attribute_value: json }),
          }),
          { maxLength: 3 },
        ),
      }),
      json,
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...Object.keys(ACTIONS), 'match'),
        fc.boolean(),
        criteria,
        json,
        fc.oneof(fc.constant(undefined), nasty),
        async (path, wellFormed, c, other, signature) => {
          runs++;
          const action = ACTIONS[path] ?? 'search';
          const message =
            action === 'search'
              ? {
                  transaction_id: 't',
                  search_request: [
                    { reference_id: 'r', timestamp: '2026-11-21T09:00:00Z', search_criteria: c },
                  ],
                }
              : action === 'subscribe'
                ? {
                    transaction_id: 't',
                    subscribe_request: [
                      {
                        reference_id: 'r',
                        timestamp: '2026-11-21T09:00:00Z',
                        subscribe_criteria: {
                          reg_event_type: 'REGISTER',
                          filter: other,
                          notify_record_type: 'Person',
                        },
                      },
                    ],
                  }
                : action === 'unsubscribe'
                  ? { transaction_id: 't', timestamp: '2026-11-21T09:00:00Z', subscription_codes: other }
                  : {
                      transaction_id: 't',
                      txnstatus_request: {
                        reference_id: 'r',
                        txn_type: 'search',
                        attribute_type: 'reference_id_list',
                        attribute_value: other,
                      },
                    };
          const body =
            path === 'match'
              ? { niks: other }
              : wellFormed
                ? {
                    ...(signature === undefined ? {} : { signature }),
                    header: {
                      version: '1.0.0',
                      message_id: 'm',
                      message_ts: '2026-11-21T09:00:00Z',
                      action,
                      sender_id: 'fuzz',
                      sender_uri: 'http://127.0.0.1:9/on-search',
                      total_count: 1,
                    },
                    message,
                  }
                : other;
          const res = await h.app.inject({
            method: 'POST',
            url: `/api/dci/${path}`,
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            payload: JSON.stringify(body ?? null),
          });
          statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
          if (res.statusCode >= 500)
            failures.push(`${path} ${JSON.stringify(body)} → ${res.statusCode} ${res.body}`);
          return res.statusCode < 500;
        },
      ),
      { numRuns: 600, interruptAfterTimeLimit: 30_000, seed: 16 },
    );
    console.log(`dci fuzz: ${runs} runs`, Object.fromEntries(statuses));
    assert.deepEqual(failures.slice(0, 5), []);
    assert.ok(runs >= 50, `${runs} runs`);
    // the well-formed envelopes reached the registry logic (answers and ACKs), not only the validators
    assert.ok((statuses.get(200) ?? 0) + (statuses.get(202) ?? 0) > 0, JSON.stringify([...statuses]));
  });
});
