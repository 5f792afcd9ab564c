/**
 * Issue 12: the mutations of the access code that once survived the whole suite, each killed here.
 * - (a) a branch officer's scope widened to the whole province (reads, not only writes);
 * - (b) branch officers seeing every sponsor's invoices.
 * The third, session expiry and `users.active` removed, is killed by sessions.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { testApp } from '../../../test/app.ts';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { makeEmployer, makeNik } from '../../../test/factories.ts';
import { makeInvoice } from '../../../test/kits/contributions.ts';
import { fixedClock } from '../../platform/clock.ts';
import { registerParticipant } from '../workers/actions.ts';
import { SYSTEM } from './policy.ts';

const clock = fixedClock('2026-11-21T09:00:00Z');

describe('issue 12: an officer’s scope holds on reads', () => {
  let t: TestDb;
  let h: Awaited<ReturnType<typeof testApp>>;
  let cityEmp: { id: number; npp: string };
  let regencyEmp: { id: number; npp: string };
  let cityPerson: number;
  let regencyPerson: number;
  const inv: Record<string, number> = {};

  const person = async (district: string, village: string, n: number) =>
    (
      await registerParticipant(
        t.db,
        {
          nik: makeNik(district, '1990-01-01', 'M', n),
          full_name: `Peserta ${n}`,
          birth_date: '1990-01-01',
          sex: 'M',
          village_code: village,
          segment: 'BPU',
        },
        SYSTEM,
        clock,
      )
    ).id;

  const sponsor = async (name: string, region: string | null) =>
    (
      await sql<{ id: number }>`insert into partners (name, type, region_code)
        values (${name}, 'regional_government', ${region}) returning id`.execute(t.db)
    ).rows[0]!.id;

  before(async () => {
    t = await createTestDb();
    h = await testApp(t, clock);
    // Kota Pangkalpinang (19.71) and Kabupaten Bangka (19.01): two regencies of one province.
    cityEmp = await makeEmployer(t.db, { village_code: '19.71.01.1004' });
    regencyEmp = await makeEmployer(t.db, { village_code: '19.01.01.1001' });
    cityPerson = await person('19.71.01', '19.71.01.1004', 1);
    regencyPerson = await person('19.01.01', '19.01.01.1001', 2);
    const bill = async (key: string, payerKind: 'employer' | 'participant' | 'sponsor', payerId: number) => {
      inv[key] = (
        await makeInvoice(t.db, {
          payerKind,
          payerId,
          period: '2026-10',
          lines: [{ participant_id: cityPerson, amount: 10_000 }],
        })
      ).id;
    };
    await bill('cityEmp', 'employer', cityEmp.id);
    await bill('regencyEmp', 'employer', regencyEmp.id);
    await bill('regencyBpu', 'participant', regencyPerson);
    await bill('sponsorCity', 'sponsor', await sponsor('Pemkot Uji Pangkalpinang', '19.71'));
    await bill('sponsorJabar', 'sponsor', await sponsor('Pemkot Uji Bandung', '32.73'));
    await bill('sponsorNational', 'sponsor', await sponsor('Yayasan Uji Nasional', null));
    await h.user('admin', 'admin');
    await h.user('cabang', 'branch_officer', { region_codes: ['19'] });
    await h.user('cabang-kota', 'branch_officer', { region_codes: ['19.71'] });
    await h.user('cabang-jabar', 'branch_officer', { region_codes: ['32'] });
  });
  after(() => t.close());

  const get = (who: string, url: string) => h.app.inject({ method: 'GET', url, headers: h.as(who) });
  const ids = async (who: string, url: string) => {
    const r = await get(who, url);
    assert.equal(r.statusCode, 200, r.body);
    return new Set((r.json().items as Array<{ id: number }>).map((x) => Number(x.id)));
  };

  test('a regency officer reads nobody and no employer in another regency of its province', async () => {
    const listed = await ids('cabang-kota', '/api/participants');
    assert.ok(listed.has(cityPerson), 'its own regency is listed');
    assert.ok(!listed.has(regencyPerson), 'the other regency is not');
    assert.equal((await get('cabang-kota', `/api/participants/${regencyPerson}`)).statusCode, 404);
    assert.equal((await get('cabang-kota', `/api/employers/${regencyEmp.id}`)).statusCode, 404);
    // The province officer does see them: the refusal above is the regency scope, not a missing row.
    assert.equal((await get('cabang', `/api/participants/${regencyPerson}`)).statusCode, 200);
    assert.equal((await get('cabang', `/api/employers/${regencyEmp.id}`)).statusCode, 200);
  });

  test('a regency officer sees only the invoices of payers in its regency', async () => {
    const seen = await ids('cabang-kota', '/api/invoices');
    assert.ok(seen.has(inv.cityEmp!));
    assert.ok(!seen.has(inv.regencyEmp!), 'an employer of the other regency');
    assert.ok(!seen.has(inv.regencyBpu!), 'a BPU participant of the other regency');
    assert.equal((await get('cabang-kota', `/api/invoices/${inv.regencyEmp}`)).statusCode, 404);
    const province = await ids('cabang', '/api/invoices');
    assert.ok(province.has(inv.regencyEmp!) && province.has(inv.regencyBpu!));
  });

  test('officers see only their region’s sponsor invoices', async () => {
    const sponsors = (who: string) => ids(who, '/api/invoices?payer_kind=sponsor');
    assert.deepEqual([...(await sponsors('cabang'))], [inv.sponsorCity]);
    assert.deepEqual([...(await sponsors('cabang-kota'))], [inv.sponsorCity]);
    assert.deepEqual([...(await sponsors('cabang-jabar'))], [inv.sponsorJabar]);
    assert.deepEqual(
      [...(await sponsors('admin'))].sort((a, b) => a - b),
      [inv.sponsorCity, inv.sponsorJabar, inv.sponsorNational].sort((a, b) => a! - b!),
    );
    assert.equal((await get('cabang', `/api/invoices/${inv.sponsorJabar}`)).statusCode, 404);
    assert.equal((await get('cabang', `/api/invoices/${inv.sponsorNational}`)).statusCode, 404);
    assert.equal((await get('cabang-jabar', `/api/invoices/${inv.sponsorJabar}`)).statusCode, 200);
  });

  test('a payment for a sponsor outside the officer’s region is refused like an unknown payer', async () => {
    const pay = (who: string, payerId: number) =>
      h.app.inject({
        method: 'POST',
        url: '/api/payments',
        headers: h.as(who),
        payload: {
          reference: `UJI-${who}-${payerId}`,
          payer_kind: 'sponsor',
          payer_id: payerId,
          amount: 10_000,
          paid_on: '2026-11-20',
        },
      });
    const jabarSponsor = (
      await sql<{ payer_id: number }>`select payer_id from invoices where id = ${inv.sponsorJabar}`.execute(
        t.db,
      )
    ).rows[0]!.payer_id;
    const out = await pay('cabang', Number(jabarSponsor));
    assert.equal(out.statusCode, 404, out.body);
    const own = await pay('cabang-jabar', Number(jabarSponsor));
    assert.ok(own.statusCode === 201 || own.statusCode === 200, own.body);
  });
});
