import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { clock } from '../../../test/kits/partnerships.ts';
import { partnershipsTestApp } from '../../../test/kits/partnerships-app.ts';
import { seedDemo } from '../demo/actions.ts';
import { seedPartnershipsDemo } from './demo.ts';

/** The "done when": the demo's partner login sees its agreement's progress and nobody else's members. */
describe('partnerships demo', () => {
  let t: TestDb;
  let h: Awaited<ReturnType<typeof partnershipsTestApp>>;
  before(async () => {
    t = await createTestDb();
    await seedDemo(t.handle, { participants: 8000, referencePeriod: '2026-11', chunkSize: 8000 });
    const r = await seedPartnershipsDemo(t.handle, clock);
    assert.equal(r.skipped, false);
    assert.equal((await seedPartnershipsDemo(t.handle, clock)).skipped, true);
    h = await partnershipsTestApp(t);
    await h.login('mitra', 'mitra123');
    await h.login('admin', 'admin123');
    await h.login('pemda', 'pemda123');
  });
  after(() => t.close());

  test('the seeded partners have plausible agreements with enrolled members', async () => {
    const all = (await h.app.inject({ url: '/api/agreements', headers: h.as('admin') })).json().items;
    const numbers = all.map((a: { number: string }) => a.number);
    assert.equal(numbers.filter((n: string) => n.includes('KADIN-ALB')).length, 11);
    for (const n of [
      'MOU/DEMO/PEMPROV-BABEL/VIII/2016',
      'PKS/DEMO/PEMPROV-BABEL/RENTAN/I/2025',
      'MOU/DEMO/KEMENKOP-UKM/XI/2020',
    ])
      assert.ok(numbers.includes(n), n);
    const babel = all.find((a: { number: string }) => a.number.startsWith('PKS/DEMO/PEMPROV-BABEL'));
    assert.equal(babel.payer, 'sponsor');
    assert.ok(babel.budget_ceiling > 0);
    assert.ok(all.every((a: { synthetic: boolean }) => a.synthetic));
    const kadin = all.find((a: { number: string }) => a.number.includes('KADIN-ALB/ASPEKTI'));
    assert.equal(kadin.signed_precision, 'reported');
    const enrolled = all.reduce(
      (s: number, a: { results: { registered: number } }) => s + a.results.registered,
      0,
    );
    assert.ok(enrolled > 50, `enrolled ${enrolled}`);
    const log = (await h.app.inject({ url: '/api/outreach', headers: h.as('admin') })).json().items;
    assert.ok(
      log.some((e: { type: string }) => e.type === 'campaign') &&
        log.some((e: { type: string }) => e.type === 'visit'),
    );
  });

  test("the partner login sees its own agreement against target, and no other partner's members", async () => {
    const mine = (await h.app.inject({ url: '/api/agreements', headers: h.as('mitra') })).json().items;
    assert.deepEqual(
      mine.map((a: { partner_acronym: string }) => a.partner_acronym),
      ['ASPEKTI'],
    );
    const r = mine[0].results;
    assert.ok(r.registered > 0 && mine[0].target_people > r.registered, JSON.stringify(r));
    assert.ok(r.pace.gapToTarget > 0);
    const others = (await h.app.inject({ url: '/api/agreements', headers: h.as('admin') }))
      .json()
      .items.filter((a: { partner_acronym: string }) => a.partner_acronym !== 'ASPEKTI');
    for (const a of others.slice(0, 5))
      assert.equal(
        (await h.app.inject({ url: `/api/agreements/${a.id}/members`, headers: h.as('mitra') })).statusCode,
        404,
      );
    const members = (
      await h.app.inject({ url: `/api/agreements/${mine[0].id}/members`, headers: h.as('mitra') })
    ).json();
    assert.equal(members.total, r.registered);
    // Every member the agreement page lists opens for the partner (the policy and the page agree on who
    // its members are, including the workers of employers attributed to the agreement).
    for (const m of members.items as Array<{ participant_id: number }>) {
      const res = await h.app.inject({
        url: `/api/participants/${m.participant_id}`,
        headers: h.as('mitra'),
      });
      assert.equal(res.statusCode, 200, `participant ${m.participant_id}: ${res.body}`);
    }
  });

  test('the regional government sees Babel agreements only', async () => {
    const items = (await h.app.inject({ url: '/api/agreements', headers: h.as('pemda') })).json().items;
    assert.ok(items.length >= 2);
    assert.ok(items.every((a: { number: string }) => a.number.includes('BABEL')));
  });
});
