import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { testApp } from '../../../test/app.ts';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { makeEmployer, makeNik } from '../../../test/factories.ts';
import { runBilling } from '../contributions/billing.ts';

// The "done when", through the API: a planted duplicate pair is merged and a search by the
// merged NIK leads to the survivor; a wage report changes the next bill; a death report stops bills.
describe('registry upkeep through the API', () => {
  let t: TestDb;
  let h: Awaited<ReturnType<typeof testApp>>;
  let employer: { id: number; npp: string };
  const BIRTH = '1988-04-09';
  const nikA = makeNik('32.73.05', BIRTH, 'M', 34);
  const nikB = makeNik('32.73.05', BIRTH, 'M', 43);
  const ids: number[] = [];

  const multipart = (fields: Record<string, string>, name: string, content: string) => {
    const boundary = '----lindungregistry';
    let body = '';
    for (const [k, v] of Object.entries(fields))
      body += `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`;
    body += `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n${content}\r\n--${boundary}--\r\n`;
    return { payload: body, type: `multipart/form-data; boundary=${boundary}` };
  };

  before(async () => {
    t = await createTestDb();
    h = await testApp(t);
    employer = await makeEmployer(t.db, { size_class: 'medium', risk_class: 2 });
    await h.user('admin', 'admin');
    await h.user('cabang', 'branch_officer', { region_codes: ['32'] });
    await h.user('cabang19', 'branch_officer', { region_codes: ['19'] });
    await h.user('hr', 'employer', { employer_id: employer.id });
    await h.user('pemda', 'regional_government', { region_codes: ['32'] });
    for (const nik of [nikA, nikB]) {
      const r = await h.app.inject({
        method: 'POST',
        url: '/api/participants',
        headers: h.as('admin'),
        payload: {
          nik,
          full_name: 'Agus Salim',
          birth_date: BIRTH,
          sex: 'M',
          village_code: '32.73.05.1001',
          segment: 'PU',
          employer_npp: employer.npp,
          wage: 5_000_000,
          start_date: '2026-01-05',
        },
      });
      assert.equal(r.statusCode, 201, r.body);
      ids.push(r.json().participant.id);
    }
  });
  after(() => t.close());

  test('a branch officer merges a planted pair; the merged NIK leads to the survivor', async () => {
    const q = await h.app.inject({ url: '/api/registry/duplicates', headers: h.as('cabang') });
    assert.equal(q.statusCode, 200, q.body);
    assert.equal(q.json().total, 1);
    const pair = q.json().items[0];
    assert.equal(pair.evidence.nik, 'transposition');
    assert.equal(
      (await h.app.inject({ url: '/api/registry/duplicates', headers: h.as('cabang19') })).json().total,
      0,
    );
    assert.equal(
      (await h.app.inject({ url: '/api/registry/duplicates', headers: h.as('pemda') })).statusCode,
      403,
    );
    const m = await h.app.inject({
      method: 'POST',
      url: `/api/registry/duplicates/${pair.id}/merge`,
      headers: h.as('cabang'),
      payload: { survivor_id: ids[0] },
    });
    assert.equal(m.statusCode, 200, m.body);
    const s = await h.app.inject({ url: `/api/participants?q=${nikB}`, headers: h.as('cabang') });
    assert.equal(s.json().items[0].merged_into, ids[0]);
    const le = await h.app.inject({
      url: `/api/registry/participants/${ids[1]}/life-events`,
      headers: h.as('cabang'),
    });
    assert.equal(le.json().survivor_id, ids[0]);
    const sv = await h.app.inject({
      url: `/api/registry/participants/${ids[0]}/life-events`,
      headers: h.as('cabang'),
    });
    assert.deepEqual(
      sv.json().merged_records.map((r: { id: number }) => r.id),
      [ids[1]],
    );
    const rev = await h.app.inject({
      method: 'POST',
      url: `/api/registry/duplicates/${pair.id}/reverse`,
      headers: h.as('cabang'),
      payload: { note: 'coba' },
    });
    assert.equal(rev.statusCode, 403);
  });

  test('a wage report with one hire, two wage changes and one exit; the next bill reflects them', async () => {
    const x = makeNik('32.73.05', '1991-01-01', 'M', 5);
    const y = makeNik('32.73.05', '1992-02-02', 'F', 6);
    for (const [nik, birth, sex] of [
      [x, '1991-01-01', 'M'],
      [y, '1992-02-02', 'F'],
    ] as const) {
      const r = await h.app.inject({
        method: 'POST',
        url: '/api/participants',
        headers: h.as('hr'),
        payload: {
          nik,
          full_name: `P ${nik.slice(-2)}`,
          birth_date: birth,
          sex,
          village_code: '32.73.05.1001',
          segment: 'PU',
          employer_npp: employer.npp,
          wage: 4_000_000,
          start_date: '2026-02-01',
        },
      });
      assert.equal(r.statusCode, 201, r.body);
    }
    await runBilling(t.handle, { period: '2026-10' });
    const hireNik = makeNik('32.73.05', '1999-09-09', 'F', 7);
    // Survivor A and X change wage, Y is missing (exit), a new person is hired.
    const csv = [
      'nik,upah,nama,tanggal_lahir,jenis_kelamin,kode_desa',
      `${nikA},5.000.000,,,,`,
      `${x},4.400.000,,,,`,
      `${hireNik},3.900.000,Rina Baru,09/09/1999,P,32.73.05.1001`,
    ];
    csv[1] = `${nikA},5.600.000,,,,`;
    const mp = multipart({ period: '2026-11' }, 'upah.csv', csv.join('\n'));
    const up = await h.app.inject({
      method: 'POST',
      url: '/api/registry/wage-reports',
      headers: { ...h.as('hr'), 'content-type': mp.type },
      payload: mp.payload,
    });
    // The upload is stored and applied by a job (202); its result names the report with its lines.
    const job = await h.settle(up);
    assert.equal(job.status, 'done', job.error ?? '');
    assert.equal(job.kind, 'registry.wage_report');
    const result = job.result as { reportId: number; hires: number; lineCount: number };
    const r = (
      await h.app.inject({ url: `/api/registry/wage-reports/${result.reportId}`, headers: h.as('hr') })
    ).json().report;
    assert.equal(r.hires, result.hires);
    assert.equal(r.lines.length, result.lineCount);
    // Y left. B, merged into A, kept its own (duplicate) employment here: not in the report, it ends
    // too, so the same job is no longer billed twice.
    assert.deepEqual([r.hires, r.wageChanges, r.rejected], [1, 2, 0]);
    assert.deepEqual(
      r.lines
        .filter((l: { outcome: string }) => l.outcome === 'exit')
        .map((l: { nik: string }) => l.nik)
        .sort(),
      [nikB, y].sort(),
    );
    const got = await h.app.inject({
      url: `/api/registry/wage-reports/${r.reportId}`,
      headers: h.as('cabang'),
    });
    assert.equal(got.statusCode, 200);
    assert.equal(
      (await h.app.inject({ url: `/api/registry/wage-reports/${r.reportId}`, headers: h.as('cabang19') }))
        .statusCode,
      404,
    );
    await runBilling(t.handle, { period: '2026-11' });
    const lines = await sql<{ nik: string; base: number }>`
      select p.nik, max(l.base)::bigint as base from contribution_lines l join participants p on p.id = l.participant_id
      join invoices i on i.id = l.invoice_id
      where i.payer_id = ${employer.id} and l.for_period = '2026-11' and l.program = 'JHT' and not l.adjustment group by p.nik`.execute(
      t.db,
    );
    const by = Object.fromEntries(lines.rows.map((l) => [l.nik, Number(l.base)]));
    assert.equal(by[nikA], 5_600_000);
    assert.equal(by[x], 4_400_000);
    assert.equal(by[hireNik], 3_900_000);
    assert.equal(by[y], undefined);
    assert.equal(by[nikB], undefined);
    // The same file again: the job finds the report done and changes nothing.
    const again = multipart({ period: '2026-11' }, 'upah.csv', csv.join('\n'));
    const job2 = await h.settle(
      await h.app.inject({
        method: 'POST',
        url: '/api/registry/wage-reports',
        headers: { ...h.as('hr'), 'content-type': again.type },
        payload: again.payload,
      }),
    );
    assert.equal((job2.result as { alreadyReportedAs?: number }).alreadyReportedAs, result.reportId);
    // Out of scope or a wrong month: refused when the file arrives, no job started.
    for (const [who, fields, status] of [
      ['cabang19', { period: '2026-11', employer_npp: employer.npp }, 404],
      ['hr', { period: '2026-13' }, 400],
    ] as const) {
      const mp2 = multipart(fields, 'upah.csv', csv.join('\n'));
      const res = await h.app.inject({
        method: 'POST',
        url: '/api/registry/wage-reports',
        headers: { ...h.as(who), 'content-type': mp2.type },
        payload: mp2.payload,
      });
      assert.equal(res.statusCode, status, res.body);
    }
  });

  test('a death report stops the bills; bad input gets a clear 400', async () => {
    const bad = await h.app.inject({
      method: 'POST',
      url: `/api/registry/participants/${ids[0]}/death`,
      headers: h.as('hr'),
      payload: { died_on: '2026-11-02', source: 'rumor' },
    });
    assert.equal(bad.statusCode, 400);
    const d = await h.app.inject({
      method: 'POST',
      url: `/api/registry/participants/${ids[0]}/death`,
      headers: h.as('hr'),
      payload: { died_on: '2026-11-02', source: 'employer', document_ref: 'SK-KEMATIAN-01' },
    });
    assert.equal(d.statusCode, 201, d.body);
    assert.equal(
      (
        await h.app.inject({
          method: 'POST',
          url: `/api/registry/participants/${ids[0]}/death`,
          headers: h.as('pemda'),
          payload: { died_on: '2026-11-02', source: 'employer' },
        })
      ).statusCode,
      403,
    );
    await runBilling(t.handle, { period: '2026-12' });
    const n = await sql<{ n: number }>`select count(*)::int as n from contribution_lines
      where participant_id = ${ids[0]} and for_period = '2026-12'`.execute(t.db);
    assert.equal(n.rows[0]!.n, 0);
    const n11 = await sql<{ n: number }>`select count(*)::int as n from contribution_lines
      where participant_id = ${ids[0]} and for_period = '2026-11' and not adjustment`.execute(t.db);
    assert.ok(n11.rows[0]!.n > 0);
  });

  test('history and changes through the API, with a second person', async () => {
    const c = await h.app.inject({
      method: 'POST',
      url: '/api/registry/changes',
      headers: h.as('cabang'),
      payload: {
        entity: 'employer',
        entity_id: employer.id,
        changes: { name: 'PT Baru Jaya' },
        reason: 'akta perubahan',
      },
    });
    assert.equal(c.statusCode, 201, c.body);
    assert.equal(c.json().change.status, 'applied');
    const hist = await h.app.inject({
      url: `/api/registry/employer/${employer.id}/history`,
      headers: h.as('hr'),
    });
    assert.equal(hist.statusCode, 200);
    assert.equal(hist.json().versions[0].data.name, 'PT Baru Jaya');
    assert.equal(
      (
        await h.app.inject({
          url: `/api/registry/employer/${employer.id}/history`,
          headers: h.as('cabang19'),
        })
      ).statusCode,
      404,
    );
    const rc = await h.app.inject({
      method: 'POST',
      url: '/api/registry/changes',
      headers: h.as('cabang'),
      payload: {
        entity: 'employer',
        entity_id: employer.id,
        changes: { risk_class: 3 },
        effective_on: '2026-12-01',
        reason: 'survei',
      },
    });
    assert.equal(rc.json().change.status, 'pending');
    const pend = await h.app.inject({ url: '/api/registry/changes/pending', headers: h.as('admin') });
    assert.equal(pend.json().items.length, 1);
    const self = await h.app.inject({
      method: 'POST',
      url: `/api/registry/changes/${rc.json().change.id}/decision`,
      headers: h.as('cabang'),
      payload: { approve: true },
    });
    assert.equal(self.statusCode, 403);
    const ok = await h.app.inject({
      method: 'POST',
      url: `/api/registry/changes/${rc.json().change.id}/decision`,
      headers: h.as('admin'),
      payload: { approve: true },
    });
    assert.equal(ok.json().change.status, 'approved');
  });

  test('quality report and worklist are scoped; the export is a spreadsheet', async () => {
    const { refreshQuality } = await import('./quality.ts');
    const { fixedClock } = await import('../../platform/clock.ts');
    await refreshQuality(t.db, fixedClock('2026-11-21T09:00:00Z'));
    const r = await h.app.inject({ url: '/api/registry/quality?level=province', headers: h.as('pemda') });
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual(
      r.json().rows.map((x: { code: string }) => x.code),
      ['32'],
    );
    const x = await h.app.inject({
      url: '/api/registry/quality/export?level=regency',
      headers: h.as('admin'),
    });
    assert.equal(x.statusCode, 200);
    assert.equal(x.rawPayload.subarray(0, 2).toString(), 'PK');
    assert.equal(
      (await h.app.inject({ url: '/api/registry/quality/worklist', headers: h.as('pemda') })).statusCode,
      403,
    );
    const w = await h.app.inject({ url: '/api/registry/quality/worklist', headers: h.as('cabang') });
    assert.equal(w.statusCode, 200);
    assert.ok(w.json().total > 0);
  });
});
