import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { DEMO_DUPLICATE } from '../src/modules/registry/demo.ts';
import { addMonths } from '../src/platform/period.ts';
import { launchBrowser, loggedInPage, makeNik, type RunningApp, startApp, toCsv } from './helpers.ts';

/**
 * Issue 15's "done when" on the demo, in the browser: a branch officer finds the planted duplicate
 * pair in the review queue, merges it, and a search by the merged NIK leads to the survivor; an
 * employer uploads a wage report with one hire, two wage changes and one exit (applied by a job the
 * page follows) and the next bill reflects them; a death report stops the person's bills. Amounts
 * are checked against each other on the same bill (one JHT rate for everyone), never typed in here.
 */

const wibMonth = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 7);

/** An API call from inside the page, with its session. */
function call(page: Page, method: string, url: string, body?: unknown) {
  return page.evaluate(
    async ([m, u, b]) => {
      const r = await fetch(u as string, {
        method: m as string,
        headers: b === undefined ? {} : { 'content-type': 'application/json' },
        body: b === undefined ? undefined : JSON.stringify(b),
      });
      return { status: r.status, json: (await r.json().catch(() => ({}))) as Record<string, unknown> };
    },
    [method, url, body] as const,
  );
}

async function waitJob(page: Page, id: number): Promise<{ status: string; error: string | null }> {
  for (;;) {
    const r = await call(page, 'GET', `/api/jobs/${id}`);
    const job = r.json.job as { status: string; error: string | null };
    if (['done', 'failed', 'cancelled'].includes(job.status)) return job;
    await page.waitForTimeout(300);
  }
}

async function bill(admin: Page, period: string): Promise<void> {
  const run = await call(admin, 'POST', '/api/billing/runs', { period });
  assert.equal(run.status, 202, JSON.stringify(run.json));
  const job = await waitJob(admin, (run.json.job as { id: number }).id);
  assert.equal(job.status, 'done', job.error ?? '');
}

interface Worker {
  participant_id: number;
  nik: string;
  full_name: string;
  wage: number;
}
interface StatementMonth {
  period: string;
  lines: Array<{ program: string; payer: string; amount: number; adjustment: boolean }>;
}

describe('registry journeys: duplicates, wage report, death (issue 15)', () => {
  let app: RunningApp;
  let browser: Browser;
  let admin: Page;
  let officer: Page;
  let hr: Page;
  const month = wibMonth();
  const previous = addMonths(month, -1);
  let workers: Worker[] = [];
  let dead: number;
  let elsewhere: { id: number; npp: string } | undefined;

  before(async () => {
    app = await startApp({ participants: 600 });
    browser = await launchBrowser();
    admin = await loggedInPage(browser, app.url, 'admin', 'admin123');
    officer = await loggedInPage(browser, app.url, 'cabang', 'cabang123');
    hr = await loggedInPage(browser, app.url, 'pemberi', 'pemberi123');
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  test('a branch officer merges the planted duplicate pair; a search by the merged NIK leads to the survivor', async () => {
    await officer.goto(`${app.url}/registri`);
    const card = officer.getByTestId('duplicate-candidate').filter({ hasText: DEMO_DUPLICATE.copyNik });
    await card.waitFor();
    assert.equal(await card.count(), 1, 'the planted pair is in the queue once');
    const text = await card.innerText();
    assert.ok(text.includes(DEMO_DUPLICATE.nik) && text.includes(DEMO_DUPLICATE.full_name), text);
    // Keep the record with the right NIK: A or B, whichever column shows it.
    const nikRow = await card.locator('tbody tr').first().locator('td').allInnerTexts();
    const keep = nikRow[0]?.includes(DEMO_DUPLICATE.nik) ? 'merge-keep-a' : 'merge-keep-b';
    await card.getByTestId(keep).click();
    await card.getByTestId(`${keep}-ask`).waitFor();
    await card.getByTestId(`${keep}-yes`).click();
    await officer
      .getByTestId('duplicate-candidate')
      .filter({ hasText: DEMO_DUPLICATE.copyNik })
      .waitFor({ state: 'detached' });

    await officer.goto(`${app.url}/peserta`);
    await officer.getByTestId('participant-search-input').fill(DEMO_DUPLICATE.copyNik);
    await officer.getByTestId('participant-search-submit').click();
    const row = officer.getByTestId('participant-row').filter({ hasText: DEMO_DUPLICATE.full_name });
    await row.first().waitFor();
    assert.equal(await row.count(), 1, 'the merged record is still found by its own NIK');
    await row.getByTestId('merged-into-link').click();
    await officer.waitForURL(/\/peserta\/\d+$/);
    await officer.getByTestId('participant-detail').waitFor();
    assert.equal(
      (await officer.getByTestId('participant-nik').innerText()).replace(/\s/g, ''),
      DEMO_DUPLICATE.nik,
      'the link leads to the survivor',
    );
  });

  test('the data-quality page: a score map by province, its regencies, the XLSX export', async () => {
    await officer.goto(`${app.url}/registri/kualitas`);
    const map = officer.getByTestId('quality-map');
    await map.waitFor();
    // The officer's province is on the map with its score; the table lists it.
    const rows = await call(officer, 'GET', '/api/registry/quality?level=province');
    const babel = (rows.json.rows as Array<{ code: string; score: number }>).find((r) => r.code === '19');
    assert.ok(babel, 'Bangka Belitung is scored');
    const tile = map.locator('g[data-code="19"]');
    assert.equal(await tile.locator('text').nth(1).textContent(), String(Math.floor(babel.score)));
    await tile.click();
    await officer.locator('[data-testid="quality-row"][data-code^="19."]').first().waitFor();
    const codes = await officer
      .getByTestId('quality-row')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-code') ?? ''));
    assert.ok(codes.length > 0 && codes.every((c) => c.startsWith('19.')), codes.join(','));
    const href = await officer.getByTestId('quality-export').getAttribute('href');
    const xlsx = await officer.request.get(`${app.url}${href}`);
    assert.equal(xlsx.status(), 200, await xlsx.text());
    assert.match(xlsx.headers()['content-type'] ?? '', /spreadsheetml/);
    assert.equal((await xlsx.body()).subarray(0, 2).toString(), 'PK', 'an XLSX (zip) file');
  });

  test('a death report (branch officer) is recorded after a billed month', async () => {
    const own = (
      (await call(hr, 'GET', '/api/employers?pageSize=1')).json.items as Array<{ id: number; npp: string }>
    )[0]!;
    // The small demo sample gives this employer few workers: its HR registers five more, hired two
    // months ago (so the month before is billed for them).
    for (let i = 0; i < 5; i++) {
      const birth = `19${80 + i}-0${i + 1}-1${i}`;
      const r = await call(hr, 'POST', '/api/participants', {
        nik: makeNik('19.71.01', birth, i % 2 ? 'P' : 'L', 601 + i),
        full_name: ['Budi Santoso', 'Dewi Anggraini', 'Eko Prasetyo', 'Fitri Handayani', 'Gilang Ramadhan'][
          i
        ],
        birth_date: birth,
        sex: i % 2 ? 'F' : 'M',
        village_code: '19.71.01.1004',
        segment: 'PU',
        employer_npp: own.npp,
        wage: 3_600_000 + i * 150_000,
        start_date: `${addMonths(month, -2)}-01`,
      });
      assert.equal(r.status, 201, JSON.stringify(r.json));
    }
    // Head office reads the workers with their full NIKs (the employer's HR has them on file).
    workers = (await call(admin, 'GET', `/api/employers/${own.id}?pageSize=200`)).json.workers as Worker[];
    assert.ok(workers.length >= 4, `the demo employer has at least 4 current workers (${workers.length})`);
    // The person who dies works elsewhere (another employer in the officer's region), so nothing but
    // the death report can stop their bill.
    const others = (await call(officer, 'GET', '/api/employers?pageSize=50')).json.items as Array<{
      id: number;
      npp: string;
    }>;
    elsewhere = others.find((e) => e.id !== own.id);
    assert.ok(elsewhere, 'another employer in the region');
    const deadNik = makeNik('19.71.01', '1979-07-21', 'L', 611);
    const reg = await call(officer, 'POST', '/api/participants', {
      nik: deadNik,
      full_name: 'Hendra Saputra',
      birth_date: '1979-07-21',
      sex: 'M',
      village_code: '19.71.01.1004',
      segment: 'PU',
      employer_npp: elsewhere.npp,
      wage: 3_900_000,
      start_date: `${addMonths(month, -2)}-01`,
    });
    assert.equal(reg.status, 201, JSON.stringify(reg.json));
    dead = (reg.json.participant as { id: number }).id;
    await bill(admin, previous);
    await officer.goto(`${app.url}/peserta/${dead}/meninggal`);
    await officer.getByTestId('death-form').waitFor();
    const [y, m] = previous.split('-');
    await officer.getByTestId('died-on').fill(`15-${m}-${y}`);
    await officer.getByTestId('source').selectOption('family');
    await officer.getByTestId('confirm').check();
    await officer.getByTestId('submit').click();
    await officer.getByTestId('confirmation').waitFor({ timeout: 30_000 });
    assert.match(await officer.getByTestId('confirmation').innerText(), /Kematian tercatat/);
  });

  test('an employer uploads a wage report (one hire, two wage changes, one exit); the next bill reflects it, and stops for the dead', async () => {
    const [a, b, gone, ...rest] = workers as [Worker, Worker, Worker, ...Worker[]];
    const hireNik = makeNik('19.71.01', '1996-10-05', 'P', 588);
    const hireWage = 4_100_000;
    const raised = (w: Worker) => Number(w.wage) + 500_000;
    const csv = toCsv([
      ['nik', 'upah', 'nama', 'tanggal_lahir', 'jenis_kelamin', 'kode_desa'],
      [a.nik, String(raised(a)), '', '', '', ''],
      [b.nik, String(raised(b)), '', '', '', ''],
      ...rest.map((w) => [w.nik, String(w.wage), '', '', '', '']),
      [hireNik, hireWage.toLocaleString('id-ID'), 'Rina Oktaviani', '05/10/1996', 'P', '19.71.01.1004'],
    ]);
    await hr.goto(`${app.url}/registri/laporan-upah`);
    await hr.getByTestId('wage-report-form').waitFor();
    await hr.getByTestId('wage-report-period').fill(month);
    await hr
      .getByTestId('wage-report-file')
      .setInputFiles({ name: 'laporan-upah.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await hr.getByTestId('wage-report-form').locator('button[type=submit]').click();
    // The page follows the job, then shows the report line by line.
    const result = hr.getByTestId('wage-report-result');
    await result.waitFor({ timeout: 60_000 });
    const summary = await result.innerText();
    assert.match(summary, /: 1 masuk, 2 ubah upah, 1 keluar, \d+ tetap, 0 ditolak/, summary);
    const reports = (await call(hr, 'GET', '/api/registry/wage-reports')).json.items as Array<{
      id: number;
      hires: number;
      wage_changes: number;
      exits: number;
      rejected: number;
    }>;
    const r = reports[0]!;
    assert.deepEqual([r.hires, r.wage_changes, r.exits, r.rejected], [1, 2, 1, 0], JSON.stringify(r));
    assert.ok(summary.includes(gone.nik), 'the exit by difference is named on the report');

    await bill(admin, month);
    const lines = async (id: number) => {
      const s = (await call(admin, 'GET', `/api/participants/${id}/statement`)).json as {
        months: StatementMonth[];
      };
      return (period: string) =>
        (s.months.find((x) => x.period === period)?.lines ?? []).filter(
          (l) => l.program === 'JHT' && l.payer === 'employer' && !l.adjustment,
        );
    };
    const jht = async (id: number) => {
      const l = (await lines(id))(month);
      assert.equal(l.length, 1, `one JHT line for ${id} in ${month}`);
      return Number(l[0]!.amount);
    };
    // One JHT rate for every worker of the bill: read it from a worker whose wage did not change.
    const ref = rest[0]!;
    const rate = (await jht(ref.participant_id)) / Number(ref.wage);
    for (const w of [a, b]) {
      const amount = await jht(w.participant_id);
      assert.ok(
        Math.abs(amount - rate * raised(w)) <= 1,
        `${w.full_name}: billed on the new wage (${amount})`,
      );
      assert.ok(Math.abs(amount - rate * Number(w.wage)) > 1, `${w.full_name}: not on the old wage`);
    }
    const hired = (await call(admin, 'GET', `/api/participants?q=${hireNik}`)).json.items as Array<{
      id: number;
    }>;
    assert.equal(hired.length, 1, 'the new worker is registered');
    assert.ok(Math.abs((await jht(hired[0]!.id)) - rate * hireWage) <= 1, 'the hire is billed on its wage');
    assert.equal((await lines(gone.participant_id))(month).length, 0, 'no bill after the exit');
    // The person reported dead was billed the month before and is not billed any more.
    const deadLines = await lines(dead);
    assert.equal(deadLines(previous).length, 1, 'billed while alive');
    assert.equal(deadLines(month).length, 0, 'no bill after the death');
  });

  test('a branch officer moves a worker to another employer in one step', async () => {
    const w = workers[workers.length - 1]!;
    const to = elsewhere!;
    await officer.goto(`${app.url}/peserta/mutasi?peserta=${w.participant_id}&jenis=move`);
    await officer.getByTestId('employment-form').waitFor();
    await officer.waitForFunction(
      () =>
        (document.querySelector('[data-testid="current-employer"]') as HTMLSelectElement | null)?.value !==
        '',
    );
    await officer.getByTestId('employer-picker-search').fill(to.npp);
    await officer.getByTestId('employer-picker-hits').locator('button').first().click();
    await officer.getByTestId('wage').fill('4.250.000');
    await officer.getByTestId('submit').click();
    await officer.getByTestId('confirmation').waitFor({ timeout: 30_000 });
    assert.match(await officer.getByTestId('confirmation').innerText(), /Pindah pemberi kerja tercatat/);
    const d = (await call(admin, 'GET', `/api/participants/${w.participant_id}`)).json as {
      employments: Array<{ employer_id: number; ended_on: string | null; wage: number }>;
    };
    const open = d.employments.filter((m) => !m.ended_on);
    assert.deepEqual(
      open.map((m) => [m.employer_id, Number(m.wage)]),
      [[to.id, 4_250_000]],
    );
  });

  test('a worker who lost the job keeps paying as BPU: the change of segment on the same screen', async () => {
    const w = workers[workers.length - 2]!;
    await officer.goto(`${app.url}/peserta/mutasi?peserta=${w.participant_id}&jenis=segment`);
    await officer.getByTestId('employment-form').waitFor();
    await officer.getByTestId('segment-now').waitFor();
    assert.match(await officer.getByTestId('segment-now').innerText(), /Penerima upah.*Bukan penerima upah/);
    await officer.getByTestId('reason').selectOption('dismissal');
    await officer.getByTestId('wage').fill('2.000.000');
    await officer.getByTestId('submit').click();
    await officer.getByTestId('confirmation').waitFor({ timeout: 30_000 });
    assert.match(await officer.getByTestId('confirmation').innerText(), /Pindah segmen tercatat/);
    const d = (await call(admin, 'GET', `/api/participants/${w.participant_id}`)).json as {
      participant: { segment: string };
      employments: Array<{ ended_on: string | null }>;
    };
    assert.equal(d.participant.segment, 'BPU');
    assert.equal(d.employments.filter((m) => !m.ended_on).length, 0, 'the job ended');
  });
});
