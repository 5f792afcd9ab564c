import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testApp } from '../../../test/app.ts';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { makeEmployer, makeInvoice, makeParticipant } from '../../../test/kits/contributions.ts';
import { fixedClock } from '../../platform/clock.ts';

/** The API as app.ts assembles it, on the payments tests' date. */
const api = (t: TestDb) => testApp(t, fixedClock('2026-05-20T09:00:00Z'));

describe('contributions API: the demo employer is billed, pays late, sees its fine, workers turn active', () => {
  let t: TestDb;
  let h: Awaited<ReturnType<typeof api>>;
  let emp: { id: number; npp: string };
  let other: { id: number };
  let worker: { id: number };
  let marchId: number;

  before(async () => {
    t = await createTestDb();
    h = await api(t);
    emp = await makeEmployer(t.db, { village_code: '32.73.05.1001' });
    other = await makeEmployer(t.db, { village_code: '19.71.01.1004' });
    worker = await makeParticipant(t.db, { registered_on: '2026-03-02' });
    // The billing run's output, by hand: March 2026 due Wed 15 April; April due Mon 18 May.
    marchId = (
      await makeInvoice(t.db, {
        payerKind: 'employer',
        payerId: emp.id,
        period: '2026-03',
        lines: [
          { participant_id: worker.id, amount: 185_000, program: 'JHT' },
          { participant_id: worker.id, amount: 15_000, program: 'JKM' },
        ],
      })
    ).id;
    await makeInvoice(t.db, {
      payerKind: 'employer',
      payerId: emp.id,
      period: '2026-04',
      lines: [{ participant_id: worker.id, amount: 200_000 }],
    });
    await makeInvoice(t.db, {
      payerKind: 'employer',
      payerId: other.id,
      period: '2026-03',
      lines: [{ participant_id: worker.id, amount: 1_000 }],
    });
    await h.user('admin', 'admin');
    await h.user('checker', 'admin');
    await h.user('hr', 'employer', { employer_id: emp.id });
    await h.user('cabang19', 'branch_officer', { region_codes: ['19'] });
    await h.user('pemda', 'regional_government', { region_codes: ['32'] });
    await h.user('audit', 'auditor');
  });
  after(() => t.close());

  const get = (url: string, who: string) => h.app.inject({ method: 'GET', url, headers: h.as(who) });
  const post = (url: string, who: string, payload: object) =>
    h.app.inject({ method: 'POST', url, headers: h.as(who), payload });

  test('before paying: April is in grace until its own due date, then the worker is inactive', async () => {
    const r = await get(`/api/participants/${worker.id}/status?date=2026-04-20`, 'admin');
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual([r.json().status.status, r.json().status.grace_until], ['grace', '2026-05-18']);
    const late = await get(`/api/participants/${worker.id}/status?date=2026-05-19`, 'admin');
    assert.equal(late.json().status.status, 'inactive');
  });

  test('fines are assessed on the late month and shown on the invoice', async () => {
    const job = await h.settle(await post('/api/fines/assess', 'admin', { as_of: '2026-05-20' }));
    assert.equal(job.status, 'done', job.error ?? '');
    const r = { json: () => job.result as { amount: number } };
    // March: month 1 from 16 Apr (2% × 200,000 = 4,000), month 2 from 16 May (4,000). April: due 18 May → 4,000.
    // The other employer's Rp1,000 March bill: 2 × 20.
    assert.equal(r.json().amount, 12_040);
    const d = (await get(`/api/invoices/${marchId}`, 'hr')).json();
    assert.deepEqual(
      d.fines.map((f: { amount: number }) => f.amount),
      [4_000, 4_000],
    );
    assert.deepEqual(
      d.lines.map((l: { program: string; amount: number }) => [l.program, l.amount]),
      [
        ['JHT', 185_000],
        ['JKM', 15_000],
      ],
    );
    assert.equal(d.due.due, '2026-04-15');
    assert.equal(d.invoice.outstanding, 208_000);
  });

  test('the employer pays late; the fine goes with the next month; the worker turns active', async () => {
    const body = {
      reference: 'BCA-778812',
      payer_kind: 'employer',
      payer_id: emp.id,
      amount: 412_000,
      paid_on: '2026-05-19',
    };
    const r = await post('/api/payments', 'hr', { ...body, source: 'web' });
    assert.equal(r.statusCode, 201, r.body);
    assert.deepEqual(
      r.json().allocations.map((a: { target: string; amount: number }) => [a.target, a.amount]),
      [
        ['contribution', 200_000],
        ['fine', 8_000],
        ['contribution', 200_000],
        ['fine', 4_000],
      ],
    );
    assert.equal((await post('/api/payments', 'hr', body)).statusCode, 200); // idempotent repeat
    assert.equal((await post('/api/payments', 'hr', { ...body, amount: 1 })).statusCode, 409);
    const s = await get(`/api/participants/${worker.id}/status?date=2026-04-20&history=true`, 'admin');
    assert.equal(s.json().status.status, 'active');
    assert.deepEqual(s.json().history.spans[0], {
      from_period: '2026-03',
      to_period: '2026-04',
      status: 'active',
    });
  });

  test('reads are scoped: employers see their own bills, regional governments no payer data', async () => {
    const mine = (await get('/api/invoices', 'hr')).json();
    assert.deepEqual([...new Set(mine.items.map((i: { payer_id: number }) => i.payer_id))], [emp.id]);
    assert.equal((await get('/api/invoices', 'cabang19')).json().total, 1);
    assert.equal((await get('/api/invoices', 'pemda')).json().total, 0);
    assert.equal((await get(`/api/invoices/${marchId}`, 'cabang19')).statusCode, 404);
    assert.equal((await get(`/api/participants/${worker.id}/status`, 'pemda')).statusCode, 404);
    assert.equal((await get('/api/arrears?level=province', 'pemda')).statusCode, 200);
    assert.equal((await get('/api/arrears?level=employer', 'pemda')).statusCode, 403);
    const work = (await get('/api/arrears/worklist', 'cabang19')).json();
    assert.equal(work.items.length, 1);
    assert.equal(work.total, 1);
    // Its file (issue 14): the same scope, headers and amounts as numbers; the invoices' status in words.
    const csv = (await get('/api/arrears/worklist?format=csv', 'cabang19')).body.replace(/^\ufeff/, '');
    const lines = csv.trim().split(/\r?\n/);
    assert.equal(lines.length, 2, csv);
    assert.match(lines[0]!, /^NPP,Pemberi kerja,/);
    const inv = (await get('/api/invoices?format=csv&lang=en', 'cabang19')).body.trim().split(/\r?\n/);
    assert.equal(inv.length, 2);
    assert.match(inv[0]!, /Status/);
    assert.doesNotMatch(inv[1]!, /,(open|partial|paid),/, 'status in words');
    assert.equal((await get('/api/arrears/worklist?format=csv', 'pemda')).statusCode, 403);
  });

  test('writes are refused to read-only roles and validated by schema', async () => {
    const body = {
      reference: 'X-9',
      payer_kind: 'employer',
      payer_id: emp.id,
      amount: 10,
      paid_on: '2026-05-19',
    };
    assert.equal((await post('/api/payments', 'audit', body)).statusCode, 403);
    const bad = await post('/api/payments', 'admin', { ...body, amount: -5, paid_on: '19/05/2026' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().error.message, /amount|paid_on/);
    assert.equal((await post('/api/fines/assess', 'hr', {})).statusCode, 403);
  });

  test('waivers need a second officer over HTTP too', async () => {
    const other2 = await makeInvoice(t.db, {
      payerKind: 'employer',
      payerId: emp.id,
      period: '2026-02',
      due: '2026-03-16',
      lines: [{ participant_id: worker.id, amount: 50_000 }],
    });
    await h.settle(await post('/api/fines/assess', 'admin', { as_of: '2026-05-20' }));
    const fine = (await get(`/api/invoices/${other2.id}`, 'admin')).json().fines[0];
    const w = await post(`/api/fines/${fine.id}/waivers`, 'admin', { reason: 'Kesalahan sistem bank mitra' });
    assert.equal(w.statusCode, 201, w.body);
    assert.equal((await get('/api/waivers', 'checker')).json().items.length, 1);
    const id = w.json().waiver.id;
    assert.equal((await post(`/api/waivers/${id}/decision`, 'admin', { approve: true })).statusCode, 403);
    const ok = await post(`/api/waivers/${id}/decision`, 'checker', { approve: true });
    assert.equal(ok.json().waiver.status, 'approved');
  });

  test('bank statement upload, XLSX downloads', async () => {
    const csv = `reference,paid_on,payer_kind,payer_number,amount\nMANDIRI-1,2026-05-18,employer,${emp.npp},100000\nMANDIRI-2,2026-05-18,employer,00000000,5\n`;
    const boundary = 'lindungboundary';
    const payload =
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="mutasi.csv"\r\n` +
      `Content-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`;
    const r = await h.app.inject({
      method: 'POST',
      url: '/api/payments/import',
      headers: { ...h.as('admin'), 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    });
    const job = await h.settle(r);
    assert.equal(job.status, 'done', job.error ?? '');
    const result = job.result as { recorded: number; rejected: number };
    assert.deepEqual([result.recorded, result.rejected], [1, 1]);
    // The arrears workbook is an export job; its file comes from the job.
    const ex = await h.settle(
      await h.app.inject({ method: 'POST', url: '/api/arrears/export', headers: h.as('admin'), payload: {} }),
    );
    assert.equal(ex.status, 'done', ex.error ?? '');
    for (const url of [
      `/api/jobs/${ex.id}/file`,
      `/api/employers/${emp.id}/statement.xlsx`,
      `/api/participants/${worker.id}/statement.xlsx`,
    ]) {
      const x = await get(url, 'admin');
      assert.equal(x.statusCode, 200, `${url}: ${x.body.slice(0, 200)}`);
      assert.match(String(x.headers['content-type']), /spreadsheetml/);
      assert.equal(x.rawPayload.subarray(0, 2).toString(), 'PK');
    }
    // 100,000 paid February (50,000) and its two unwaived fine months (2 × 1,000); the rest is credit.
    const st = (await get(`/api/employers/${emp.id}/statement`, 'hr')).json();
    assert.deepEqual([st.credit, st.owed, st.balance], [48_000, 0, -48_000]);
  });
});
