/** Lists that agree with their counts (issue 14): an employer's workers page by page with a total; NIK/KPJ typed as printed. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testApp } from '../../../test/app.ts';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { makeEmployer, makeNik } from '../../../test/factories.ts';

describe('employer workers and participant search', () => {
  let t: TestDb;
  let h: Awaited<ReturnType<typeof testApp>>;
  let employer: { id: number; npp: string };
  const WORKERS = 7;
  const niks: string[] = [];
  let kpj = '';

  before(async () => {
    t = await createTestDb();
    h = await testApp(t);
    employer = await makeEmployer(t.db, { village_code: '32.73.05.1001', size_class: 'large' });
    await h.user('admin', 'admin');
    for (let i = 0; i < WORKERS; i++) {
      const nik = makeNik('32.73.05', '1990-10-20', 'F', 100 + i);
      niks.push(nik);
      const r = await h.app.inject({
        method: 'POST',
        url: '/api/participants',
        headers: h.as('admin'),
        payload: {
          nik,
          full_name: `Sari Pekerja ${String.fromCharCode(65 + i)}`,
          birth_date: '1990-10-20',
          sex: 'F',
          village_code: '32.73.05.1001',
          segment: 'PU',
          employer_npp: employer.npp,
          wage: 4_000_000,
          start_date: '2026-01-05',
        },
      });
      assert.equal(r.statusCode, 201, r.body);
      if (i === 0) kpj = r.json().participant.kpj;
    }
  });
  after(() => t.close());

  test('the workers come page by page and their total is the employer count', async () => {
    const get = (page: number) =>
      h.app.inject({ url: `/api/employers/${employer.id}?page=${page}&pageSize=3`, headers: h.as('admin') });
    const seen: string[] = [];
    for (const page of [1, 2, 3]) {
      const r = await get(page);
      assert.equal(r.statusCode, 200, r.body);
      const body = r.json();
      assert.equal(body.workers_total, WORKERS);
      assert.equal(body.workers.length, page < 3 ? 3 : 1);
      seen.push(...body.workers.map((w: { full_name: string }) => w.full_name));
    }
    assert.equal(new Set(seen).size, WORKERS);
    assert.deepEqual(seen, [...seen].sort());
    const list = await h.app.inject({ url: '/api/employers?q=', headers: h.as('admin') });
    const row = list.json().items.find((e: { id: number }) => e.id === employer.id);
    assert.equal(row.workers, WORKERS);
  });

  test('a NIK or KPJ with spaces, dots or dashes is found', async () => {
    const nik = niks[3]!;
    const spaced = `${nik.slice(0, 4)} ${nik.slice(4, 8)} ${nik.slice(8, 12)} ${nik.slice(12)}`;
    for (const q of [spaced, nik.replace(/(\d{4})(?=\d)/g, '$1-'), ` ${nik} `]) {
      const r = await h.app.inject({
        url: `/api/participants?q=${encodeURIComponent(q)}`,
        headers: h.as('admin'),
      });
      assert.equal(r.statusCode, 200, r.body);
      assert.deepEqual(
        r.json().items.map((p: { nik: string }) => p.nik),
        [nik],
        q,
      );
    }
    const dotted = `${kpj.slice(0, 2)}.${kpj.slice(2, 5)}.${kpj.slice(5, 8)}.${kpj.slice(8)}`;
    const r = await h.app.inject({
      url: `/api/participants?q=${encodeURIComponent(dotted)}`,
      headers: h.as('admin'),
    });
    assert.equal(r.json().total, 1, dotted);
    assert.equal(r.json().items[0].kpj, kpj);
  });

  test('a name search pages past the first page with its total', async () => {
    const r1 = await h.app.inject({ url: '/api/participants?q=sari&pageSize=5', headers: h.as('admin') });
    const r2 = await h.app.inject({
      url: '/api/participants?q=sari&pageSize=5&page=2',
      headers: h.as('admin'),
    });
    assert.equal(r1.json().total, WORKERS);
    assert.equal(r1.json().items.length, 5);
    assert.equal(r2.json().items.length, WORKERS - 5);
  });
});
