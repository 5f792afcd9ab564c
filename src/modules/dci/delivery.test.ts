import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testApp } from '../../../test/app.ts';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { makeEmployer, makeNik } from '../../../test/factories.ts';
import { envelope, receiver, runJobs } from '../../../test/kits/dci.ts';
import { loadConfig } from '../../platform/config.ts';
import { enqueue } from '../../platform/jobs.ts';
import { SYSTEM } from '../access/policy.ts';
import { exitEmployment } from '../employment/actions.ts';
import { reportDeath } from '../registry/life-events.ts';
import { registerParticipant } from '../workers/actions.ts';
import { processPending } from './actions.ts';
import { addClient } from './clients.ts';
import { backoffSeconds, deliverPending, dispatchEvents } from './delivery.ts';
import { DCI_SCHEDULES } from './jobs.ts';

describe('DCI subscriptions and notify delivery', () => {
  let t: TestDb;
  let h: Awaited<ReturnType<typeof testApp>>;
  let token: string;
  let cb: Awaited<ReturnType<typeof receiver>>;
  let now = new Date('2026-11-21T09:00:00Z');
  const clock = { now: () => now };

  before(async () => {
    t = await createTestDb();
    h = await testApp(t, clock);
    cb = await receiver({ failFirst: 0 });
    token = (
      await addClient(
        t.db,
        {
          name: 'sp-mis',
          operations: ['search', 'subscribe'],
          regionCodes: ['32'],
          masked: [],
          callbackPrefixes: [cb.base],
          ratePerMinute: 1000,
        },
        SYSTEM,
      )
    ).token;
  });
  after(async () => {
    await cb.close();
    await t.close();
  });

  const post = (url: string, payload: unknown) =>
    h.app.inject({
      method: 'POST',
      url: `/api/dci/${url}`,
      headers: { authorization: `Bearer ${token}` },
      payload: payload as object,
    });
  const subscribe = async (type: string) => {
    const env = envelope(
      'subscribe',
      'sp-mis',
      {
        transaction_id: `sub-${type}`,
        subscribe_request: [
          {
            reference_id: `r-${type}`,
            timestamp: now.toISOString(),
            subscribe_criteria: { reg_event_type: type, filter: {}, notify_record_type: 'Person' },
          },
        ],
      },
      { sender_uri: `${cb.base}/registry/on-subscribe` },
    );
    const ack = await post('registry/subscribe', env);
    assert.equal(ack.statusCode, 202, ack.body);
    await runJobs(t, clock);
    const got = await cb.waitFor((r) => r.body.message?.correlation_id === ack.json().message.correlation_id);
    return got.body;
  };

  test('subscribe answers on-subscribe with a code; unsupported event types are rejected', async () => {
    const reg = await subscribe('REGISTER');
    assert.equal(reg.header.action, 'on-subscribe');
    const item = reg.message.subscribe_response[0];
    assert.equal(item.status, 'succ');
    assert.match(item.subscriptions[0].code, /^sub-/);
    const marriage = await subscribe('MARRIAGE');
    assert.equal(marriage.message.subscribe_response[0].status, 'rjct');
    assert.equal(marriage.message.subscribe_response[0].status_reason_code, 'rjct.notify_types.invalid');
  });

  test('registration and exit events become notify messages for subscribers in scope, once', async () => {
    await subscribe('EXIT');
    const emp = await makeEmployer(t.db, { village_code: '32.73.05.1001' });
    const nikIn = makeNik('32.73.05', '1991-05-05', 'F', 3);
    const nikOut = makeNik('19.71.01', '1992-06-06', 'M', 4);
    const p = await registerParticipant(
      t.db,
      {
        nik: nikIn,
        full_name: 'Rina',
        birth_date: '1991-05-05',
        sex: 'F',
        village_code: '32.73.05.1001',
        segment: 'PU',
        employer_npp: emp.npp,
        wage: 4_000_000,
        start_date: '2026-02-01',
      },
      SYSTEM,
      clock,
    );
    await registerParticipant(
      t.db,
      {
        nik: nikOut,
        full_name: 'Joko',
        birth_date: '1992-06-06',
        sex: 'M',
        village_code: '19.71.01.1004',
        segment: 'BPU',
      },
      SYSTEM,
      clock,
    );
    await exitEmployment(t.db, { participantId: p.id, employerId: emp.id, date: '2026-11-01' }, SYSTEM);
    const d = await dispatchEvents({ db: t.db, clock });
    assert.equal(d.events, 3);
    assert.equal(d.notifications, 2); // Rina's REGISTER and EXIT; Joko is outside region 32
    assert.deepEqual(await dispatchEvents({ db: t.db, clock }), { events: 0, notifications: 0 });
    await deliverPending({ db: t.db, clock });
    const notes = cb.got.filter((r) => r.path === '/registry/notify');
    assert.deepEqual(notes.map((n) => n.body.message.notify_event[0].data.reg_event_type).sort(), [
      'EXIT',
      'REGISTER',
    ]);
    for (const n of notes) {
      assert.equal(n.body.header.action, 'notify');
      assert.equal(n.body.message.notify_event[0].data.reg_records.identifier.identifier_value, nikIn);
    }
  });

  test('a reported death becomes a DEATH notify, delivered by the dci.deliver job', async () => {
    await subscribe('DEATH');
    const p = await registerParticipant(
      t.db,
      {
        nik: makeNik('32.73.05', '1950-02-02', 'M', 6),
        full_name: 'Harun',
        birth_date: '1950-02-02',
        sex: 'M',
        village_code: '32.73.05.1001',
        segment: 'BPU',
      },
      SYSTEM,
      clock,
    );
    await reportDeath(t.db, { participantId: p.id, diedOn: '2026-11-20', source: 'family' }, SYSTEM, clock);
    // the every-minute schedule finds work waiting and starts the job
    const plan = await DCI_SCHEDULES[0]!.plan(
      { handle: t.handle, db: t.db, clock, config: loadConfig({}) },
      now,
    );
    assert.deepEqual(plan, { kind: 'dci.deliver', params: {} });
    await enqueue(t.db, plan!.kind, plan!.params, { userId: null, username: 'jadwal:dci-deliveries' });
    await runJobs(t, clock);
    const note = await cb.waitFor(
      (r) => r.path === '/registry/notify' && r.body.message.notify_event[0].data.reg_event_type === 'DEATH',
    );
    assert.equal(note.body.message.notify_event[0].data.reg_records.coverage.registration_status, 'closed');
    // nothing waits any more: the schedule starts nothing
    assert.equal(
      await DCI_SCHEDULES[0]!.plan({ handle: t.handle, db: t.db, clock, config: loadConfig({}) }, now),
      null,
    );
  });

  test('failed deliveries are retried with backoff, then succeed', async () => {
    const flaky = await receiver({ failFirst: 2 });
    const outbox = await t.db
      .insertInto('dci_outbox')
      .values({
        client_id: 1,
        kind: 'notify',
        url: `${flaky.base}/registry/notify`,
        payload: JSON.stringify({ hello: 1 }),
        next_attempt_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const row = () =>
      t.db.selectFrom('dci_outbox').selectAll().where('id', '=', outbox.id).executeTakeFirstOrThrow();
    assert.deepEqual(await deliverPending({ db: t.db, clock }), { delivered: 0, failed: 0, retrying: 1 });
    let r = await row();
    assert.equal(r.attempts, 1);
    assert.equal(r.last_error, 'HTTP 500');
    assert.equal(r.next_attempt_at.getTime(), now.getTime() + backoffSeconds(1) * 1000);
    // not due yet: nothing is sent
    assert.deepEqual(await deliverPending({ db: t.db, clock }), { delivered: 0, failed: 0, retrying: 0 });
    now = new Date(now.getTime() + 3600_000);
    await deliverPending({ db: t.db, clock });
    now = new Date(now.getTime() + 3600_000);
    assert.deepEqual(await deliverPending({ db: t.db, clock }), { delivered: 1, failed: 0, retrying: 0 });
    r = await row();
    assert.equal(r.attempts, 3);
    assert.ok(r.delivered_at);
    assert.equal(flaky.got.length, 1);
    await flaky.close();
  });

  test('unsubscribe ends the subscription: no more notify messages', async () => {
    const subs = await t.db
      .selectFrom('dci_subscriptions')
      .select('code')
      .where('status', '=', 'subscribe')
      .execute();
    const env = envelope(
      'unsubscribe',
      'sp-mis',
      {
        transaction_id: 'un-1',
        timestamp: now.toISOString(),
        subscription_codes: [...subs.map((s) => s.code), 'sub-unknown'],
      },
      { sender_uri: `${cb.base}/registry/on-unsubscribe` },
    );
    const ack = await post('registry/unsubscribe', env);
    assert.equal(ack.statusCode, 202);
    await runJobs(t, clock);
    const got = await cb.waitFor((r) => r.body.message?.correlation_id === ack.json().message.correlation_id);
    assert.equal(got.body.header.action, 'on-unsubscribe');
    assert.equal(got.body.message.subscription_status.length, subs.length);
    assert.equal(got.body.message.status_reason_code, 'rjct.subscription_code.invalid');
    await registerParticipant(
      t.db,
      {
        nik: makeNik('32.73.05', '1993-07-07', 'M', 5),
        full_name: 'Eko',
        birth_date: '1993-07-07',
        sex: 'M',
        village_code: '32.73.05.1001',
        segment: 'BPU',
      },
      SYSTEM,
      clock,
    );
    assert.deepEqual(await dispatchEvents({ db: t.db, clock }), { events: 0, notifications: 0 });
  });

  test('async requests accepted while no worker ran are answered by processPending, once', async () => {
    const txn = await t.db
      .insertInto('dci_transactions')
      .values({
        client_id: 1,
        transaction_id: 'late-1',
        correlation_id: 'corr-late-1',
        message_id: 'm',
        action: 'unsubscribe',
        mode: 'async',
        status: 'rcvd',
        sender_uri: null,
        request: JSON.stringify(
          envelope('unsubscribe', 'sp-mis', {
            transaction_id: 'late-1',
            timestamp: now.toISOString(),
            subscription_codes: ['x'],
          }),
        ),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    assert.ok((await processPending({ db: t.db, clock })) >= 1);
    const r = await t.db
      .selectFrom('dci_transactions')
      .select(['status', 'response'])
      .where('id', '=', txn.id)
      .executeTakeFirstOrThrow();
    assert.equal(r.status, 'rjct');
    assert.equal(await processPending({ db: t.db, clock }), 0);
  });
});
