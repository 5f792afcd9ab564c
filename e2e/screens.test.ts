import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, loggedInPage, type RunningApp, startApp } from './helpers.ts';

/**
 * Issue 14: every task that had no screen, done in the browser by the role that does it — a branch
 * officer (employer, partner, agreement and addendum, outreach, corrections, death), an employer
 * (hire, wage change, exit), head office (fines and waivers, coverage refresh) and the auditor (the
 * audit log). Each new screen is checked for horizontal overflow at 1366×900 and 390×844; with
 * LINDUNG_SCREENSHOT_DIR set, both are saved there as PNG.
 */

const SHOTS = process.env.LINDUNG_SCREENSHOT_DIR;
const VIEWPORTS = [
  { width: 1366, height: 900 },
  { width: 390, height: 844 },
];

/** No horizontal overflow at either width; the screenshots when asked for. */
async function look(page: Page, name: string): Promise<void> {
  const before = page.viewportSize();
  // From the top, so that the sticky header is not painted across the middle of a full-page shot.
  await page.evaluate(() => window.scrollTo(0, 0));
  for (const vp of VIEWPORTS) {
    await page.setViewportSize(vp);
    await page.waitForTimeout(150);
    if (SHOTS) {
      fs.mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SHOTS, `${name}-${vp.width}.png`), fullPage: true });
    }
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    assert.ok(overflow <= 1, `${name} at ${vp.width}px overflows by ${overflow}px`);
  }
  if (before) await page.setViewportSize(before);
}

/** Chooses the first option of a region level once its options have loaded; returns its text. */
async function firstOption(page: Page, testId: string, index = 1): Promise<string> {
  const sel = `[data-testid="${testId}"]`;
  await page.waitForFunction(
    ([s, i]) =>
      ((document.querySelector(s as string) as HTMLSelectElement | null)?.options.length ?? 0) >
      (i as number),
    [sel, index] as const,
  );
  const value = await page.$eval(
    sel,
    (el, i) => (el as HTMLSelectElement).options[i as number]!.value,
    index,
  );
  await page.selectOption(sel, value);
  return page.$eval(sel, (el) => (el as HTMLSelectElement).selectedOptions[0]!.textContent ?? '');
}

/** A village chosen level by level: province → regency → district → village. */
async function pickVillage(page: Page, picker = 'region-picker'): Promise<string> {
  for (const n of [1, 2, 3]) await firstOption(page, `${picker}-level-${n}`);
  return firstOption(page, `${picker}-level-4`);
}

/** The confirmation after a submit; when the form refused instead, fails with the errors it shows. */
async function confirmation(page: Page): Promise<string> {
  const c = page.getByTestId('confirmation');
  await page
    .locator('[data-testid="confirmation"], [data-testid="form-error"]')
    .first()
    .waitFor({ timeout: 30_000 });
  if (!(await c.count())) {
    const shown = [
      ...(await page.getByTestId('form-error').allInnerTexts()),
      ...(await page.getByTestId('field-error').allInnerTexts()),
    ];
    assert.fail(`no confirmation; the form says: ${shown.join(' | ')}`);
  }
  return c.innerText();
}

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

/** Waits for the page's job progress to end; fails with what it shows unless the job is done. */
async function jobFinished(page: Page, timeout: number, within?: string): Promise<void> {
  const scope = within ? page.getByTestId(within) : page;
  const p = scope.locator(
    '[data-testid="job-progress"][data-status="done"], [data-testid="job-progress"][data-status="failed"], [data-testid="job-progress"][data-status="cancelled"]',
  );
  await p.first().waitFor({ timeout });
  const status = await p.first().getAttribute('data-status');
  assert.equal(status, 'done', await p.first().innerText());
}

async function waitJob(page: Page, id: number): Promise<Record<string, unknown>> {
  for (;;) {
    const r = await call(page, 'GET', `/api/jobs/${id}`);
    const job = r.json.job as { status: string };
    if (['done', 'failed', 'cancelled'].includes(job.status))
      return job as unknown as Record<string, unknown>;
    await page.waitForTimeout(300);
  }
}

describe('task screens (issue 14)', () => {
  let app: RunningApp;
  let browser: Browser;
  let officer: Page;
  let partnerId = '';
  let employerId = '';
  let workerId = 0;
  const day = (offset: number) => {
    const d = new Date(Date.now() + 7 * 3600_000 + offset * 86_400_000).toISOString().slice(0, 10);
    return `${d.slice(8, 10)}-${d.slice(5, 7)}-${d.slice(0, 4)}`;
  };

  before(async () => {
    // Enough people for the branch officer's province (Bangka Belitung) to have employers and workers.
    app = await startApp({ participants: 3000 });
    browser = await launchBrowser();
    officer = await loggedInPage(browser, app.url, 'cabang', 'cabang123');
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  test('branch officer registers an employer: only its own region is offered, errors sit beside their fields', async () => {
    await officer.goto(`${app.url}/pemberi-kerja/baru`);
    await officer.getByTestId('employer-form').waitFor();
    // Bangka Belitung only.
    await officer.waitForFunction(
      () =>
        (document.querySelector('[data-testid="region-picker-level-1"]') as HTMLSelectElement).options
          .length > 1,
    );
    const provinces = await officer.$$eval('[data-testid="region-picker-level-1"] option', (os) =>
      os.map((o) => o.textContent),
    );
    assert.deepEqual(provinces.slice(1), ['Kepulauan Bangka Belitung']);

    // Nothing filled in: words beside the fields, not "body.x: Invalid input".
    await officer.getByTestId('name').fill('');
    await officer.getByTestId('registered-on').fill('31-02-2026');
    await officer.getByTestId('submit').click();
    await officer.getByTestId('form-error').waitFor();
    const errors = await officer.getByTestId('field-error').allInnerTexts();
    assert.ok(errors.includes('Wajib diisi.'), errors.join(' | '));
    assert.ok(
      errors.some((e) => /Pilih dari daftar/.test(e)),
      errors.join(' | '),
    );
    assert.ok(
      errors.some((e) => /Tanggal tidak dikenali/.test(e)),
      errors.join(' | '),
    );
    assert.ok(!errors.some((e) => /body\.|Invalid input/.test(e)));
    await look(officer, 'employer-new-errors');

    await officer.getByTestId('name').fill('Timah Sejahtera Mandiri');
    await officer.getByTestId('sector').fill('Pertambangan');
    await officer.getByTestId('registered-on').fill('1 Desember 2026');
    assert.equal(await officer.getByTestId('registered-on-words').innerText(), '1 Desember 2026');
    const village = await pickVillage(officer);
    await officer.waitForFunction(
      () => (document.querySelector('[data-testid="branch-office"]') as HTMLSelectElement).value !== '',
    );
    await officer.getByTestId('submit').click();
    const text = await confirmation(officer);
    assert.match(text, /Pemberi kerja terdaftar dengan NPP \d+/);
    assert.match(text, new RegExp(village));
    assert.match(text, /1 Desember 2026/);
    await look(officer, 'employer-new-done');
    await officer.getByTestId('open-employer').click();
    await officer.getByTestId('employer-detail').waitFor();
    employerId = /\/pemberi-kerja\/(\d+)/.exec(officer.url())![1]!;
    assert.equal(await officer.getByTestId('employer-name').innerText(), 'Timah Sejahtera Mandiri');

    // Outside its region the server refuses, naming the field and saying why.
    const r = await call(officer, 'POST', '/api/employers', {
      name: 'PT Di Luar',
      legal_form: 'PT',
      sector: 'Jasa',
      size_class: 'small',
      risk_class: 1,
      village_code: '32.73.05.1001',
    });
    assert.equal(r.status, 403);
    assert.match(
      String((r.json.error as { message: string }).message),
      /^village_code: .*di luar wilayah Anda/,
    );
  });

  test('branch officer corrects the employer: the confirmation says what changed', async () => {
    await officer.goto(`${app.url}/pemberi-kerja/${employerId}`);
    await officer.getByTestId('employer-edit').click();
    await officer.getByTestId('edit-form').waitFor();
    await officer.getByTestId('submit').click();
    assert.match(
      (await officer.getByTestId('field-error').allInnerTexts()).join(' '),
      /Tidak ada yang berubah|Wajib/,
    );
    await officer.getByTestId('size').selectOption('medium');
    await officer.getByTestId('reason').fill('Jumlah pekerja bertambah');
    await look(officer, 'employer-edit');
    await officer.getByTestId('submit').click();
    const text = await confirmation(officer);
    assert.match(text, /Skala usaha\s+Kecil\s+Menengah/i);
    await look(officer, 'employer-edit-done');
  });

  test('branch officer records a payment: the employer by NPP, "1.500.000" rupiah, the date in WIB', async () => {
    await officer.goto(`${app.url}/tagihan`);
    await officer.getByTestId('payment-new').click();
    await officer.getByTestId('payment-form').waitFor();
    // Today's WIB date is filled in, day first.
    assert.equal(await officer.getByTestId('payment-paid-on').inputValue(), day(0));
    await officer.getByTestId('payment-amount').fill('satu juta');
    await officer.getByTestId('payment-paid-on').fill(day(1));
    await officer.getByTestId('payment-submit').click();
    const errs = await officer.getByTestId('field-error').allInnerTexts();
    assert.ok(
      errs.some((e) => /Pilih dari daftar/.test(e)),
      errs.join(' | '),
    );
    assert.ok(errs.includes('Wajib diisi.'), errs.join(' | '));
    assert.ok(
      errs.some((e) => /angka/.test(e)),
      errs.join(' | '),
    );
    assert.ok(
      errs.some((e) => /sesudah hari ini/.test(e)),
      errs.join(' | '),
    );
    const npp = (await call(officer, 'GET', `/api/employers/${employerId}`)).json.employer as { npp: string };
    await officer.getByTestId('payment-payer-search').fill(`${npp.npp.slice(0, 4)} ${npp.npp.slice(4)}`);
    await officer
      .getByTestId('payment-payer-hits')
      .locator('button', { hasText: 'Timah Sejahtera Mandiri' })
      .click();
    await officer.getByTestId('payment-reference').fill('BNI-TSM-0001');
    await officer.getByTestId('payment-amount').fill('1.500.000');
    await officer.getByTestId('payment-paid-on').fill(day(0));
    await look(officer, 'payment-new');
    await officer.getByTestId('payment-submit').click();
    const text = await confirmation(officer);
    assert.match(text, /Pembayaran dicatat/);
    assert.match(text, new RegExp(`Timah Sejahtera Mandiri \\(NPP ${npp.npp}\\)`));
    assert.match(text, /Jumlah\s+Rp1\.500\.000/i);
    assert.match(text, /Referensi bank\s+BNI-TSM-0001/i);
    // Nothing billed yet: the money is kept as credit.
    assert.match(text, /Kredit tersisa\s+Rp1\.500\.000/i);
    await look(officer, 'payment-done');
  });

  test("branch officer registers a participant: NIK with spaces, the employer by name, the server's NIK check beside its field", async () => {
    await officer.goto(`${app.url}/peserta/baru`);
    await officer.getByTestId('participant-form').waitFor();
    await officer.getByTestId('nik').fill('1901 0115 039');
    await officer.getByTestId('submit').click();
    const errs = await officer.getByTestId('field-error').allInnerTexts();
    assert.ok(errs.includes('NIK harus 16 angka.'), errs.join(' | '));
    assert.ok(errs.filter((e) => e === 'Wajib diisi.').length >= 3, errs.join(' | ')); // name, birth date, wage
    assert.ok(errs.filter((e) => /Pilih/.test(e)).length >= 3, errs.join(' | ')); // sex, village, employer
    // A man's NIK (day 15, not 55) with "perempuan" chosen: the server's refusal lands under the sex field.
    await officer.getByTestId('nik').fill('1901 0115 0390 0001');
    await officer.getByTestId('full-name').fill('Budi Santoso');
    await officer.getByTestId('birth-date').fill('15-03-1990');
    await officer.getByTestId('sex').selectOption('F');
    const village = await pickVillage(officer);
    await officer.getByTestId('employer-picker-search').fill('Timah Sejahtera');
    await officer
      .getByTestId('employer-picker-hits')
      .locator('button', { hasText: 'Timah Sejahtera Mandiri' })
      .click();
    await officer.getByTestId('wage').fill('4.500.000');
    await officer.getByTestId('submit').click();
    const sexField = officer.locator('.field', { has: officer.getByTestId('sex') });
    await sexField.getByTestId('field-error').waitFor();
    assert.match(
      await sexField.getByTestId('field-error').innerText(),
      /tidak sesuai NIK \(NIK: laki-laki\)/,
    );
    await officer.getByTestId('sex').selectOption('M');
    await look(officer, 'participant-new');
    await officer.getByTestId('submit').click();
    const text = await confirmation(officer);
    assert.match(text, /Peserta terdaftar dengan KPJ \d{11}/);
    assert.match(text, /1901011503900001/);
    assert.match(text, /15 Maret 1990/);
    assert.match(text, new RegExp(village));
    assert.match(text, /Timah Sejahtera Mandiri \(NPP \d+\)/);
    assert.match(text, /Rp4\.500\.000/);
    await officer.getByTestId('open-participant').click();
    await officer.getByTestId('participant-detail').waitFor();
    assert.equal(await officer.getByTestId('participant-name').innerText(), 'Budi Santoso');
  });

  test('branch officer adds a partner, then an agreement with a budget typed "5.000.000", then its addendum', async () => {
    await officer.goto(`${app.url}/kemitraan/mitra`);
    await officer.getByTestId('partner-new').click();
    await officer.getByTestId('partner-form').waitFor();
    await officer.getByTestId('contact-email').fill('bukan-email');
    await officer.getByTestId('submit').click();
    const errs = await officer.getByTestId('field-error').allInnerTexts();
    assert.ok(
      errs.includes('Wajib diisi.') && errs.some((e) => /email tidak valid/.test(e)),
      errs.join(' | '),
    );
    await officer.getByTestId('name').fill('Asosiasi Nelayan Bangka');
    await officer.getByTestId('type').selectOption('association');
    await officer.getByTestId('contact-email').fill('sekretariat@nelayan-bangka.id');
    await look(officer, 'partner-new');
    await officer.getByTestId('submit').click();
    assert.match(await confirmation(officer), /Asosiasi Nelayan Bangka[\s\S]*Asosiasi/);
    await officer.getByTestId('open-partner').click();
    await officer.waitForURL(/\/kemitraan\/mitra\/\d+$/);
    partnerId = /mitra\/(\d+)/.exec(officer.url())![1]!;

    await officer.goto(`${app.url}/kemitraan`);
    await officer.getByTestId('agreement-new').click();
    await officer.getByTestId('agreement-form').waitFor();
    await officer.getByTestId('partner').selectOption(partnerId);
    await officer.getByTestId('kind').selectOption('pks');
    await officer.getByTestId('number').fill('PKS/ANB/12/2026');
    await officer.getByTestId('title').fill('Perlindungan nelayan Bangka');
    await officer.getByTestId('starts-on').fill('01-12-2026');
    await officer.getByTestId('ends-on').fill('30-11-2026');
    // A budget ceiling is asked for only when the partner pays.
    assert.equal(await officer.getByTestId('ceiling').count(), 0);
    await officer.getByTestId('payer').selectOption('sponsor');
    await officer.getByTestId('ceiling').fill('5.000.000');
    await officer.getByTestId('target').fill('1.500');
    await officer.getByTestId('submit').click();
    assert.match(
      (await officer.getByTestId('field-error').allInnerTexts()).join(' '),
      /berakhir sebelum tanggal mulai/,
    );
    await officer.getByTestId('ends-on').fill('30-11-2027');
    await look(officer, 'agreement-new');
    await officer.getByTestId('submit').click();
    const text = await confirmation(officer);
    assert.match(text, /Pagu anggaran\s+Rp5\.000\.000/i);
    assert.match(text, /Sasaran peserta\s+1\.500/i);
    assert.match(text, /1 Desember 2026 – 30 November 2027/);
    await officer.getByTestId('open-agreement').click();
    await officer.getByTestId('addendum-new').click();
    await officer.getByTestId('agreement-form').waitFor();
    assert.equal(await officer.getByTestId('kind').inputValue(), 'addendum');
    await officer.waitForFunction(
      () => (document.querySelector('[data-testid="parent"]') as HTMLSelectElement | null)?.value !== '',
    );
    await officer.getByTestId('number').fill('ADD-1/PKS/ANB/12/2026');
    await officer.getByTestId('title').fill('Adendum sasaran nelayan');
    await officer.getByTestId('starts-on').fill('15 Desember 2026');
    await officer.getByTestId('submit').click();
    const add = await confirmation(officer);
    assert.match(add, /Adendum/);
    assert.match(add, /Perjanjian induk\s+(—\s+)?PKS\/ANB\/12\/2026/i);
    await look(officer, 'addendum-done');
  });

  test('branch officer logs a door-to-door visit and a campaign', async () => {
    await officer.goto(`${app.url}/kemitraan/penjangkauan`);
    await officer.getByTestId('outreach-new').click();
    await officer.getByTestId('outreach-form').waitFor();
    // A visit needs a village: search by name fills every level.
    await firstOption(officer, 'region-picker-level-1');
    await officer.getByTestId('reached').fill('lima');
    await officer.getByTestId('submit').click();
    const errs = await officer.getByTestId('field-error').allInnerTexts();
    assert.ok(errs.some((e) => /sampai desa/.test(e)) && errs.some((e) => /angka/.test(e)), errs.join(' | '));
    const villageName = await pickVillage(officer);
    await officer.getByTestId('agent').fill('Rahmat Hidayat');
    await officer.getByTestId('reached').fill('1.200');
    await officer.getByTestId('agreement').selectOption({ index: 1 });
    await look(officer, 'outreach-visit');
    await officer.getByTestId('submit').click();
    const visit = await confirmation(officer);
    assert.match(visit, /Kunjungan tercatat/);
    assert.match(visit, /Orang yang dijangkau\s+1\.200/i);
    assert.match(visit, new RegExp(villageName));

    await officer.goto(`${app.url}/kemitraan/penjangkauan/baru?jenis=kampanye`);
    await officer.getByTestId('campaign-kind').selectOption('socialisation');
    await officer.getByTestId('title').fill('Sosialisasi di pelabuhan');
    await officer.getByTestId('region-picker-search').fill('pangkal');
    await officer.getByTestId('region-picker-hits').locator('button').first().click();
    await officer.getByTestId('reached').fill('300');
    await officer.getByTestId('submit').click();
    assert.match(await confirmation(officer), /Kampanye tercatat[\s\S]*Sosialisasi/);
    await look(officer, 'outreach-campaign-done');
  });

  test('employer records a wage change, an exit and a hire, choosing the worker by KPJ typed with spaces', async () => {
    const page = await loggedInPage(browser, app.url, 'pemberi', 'pemberi123');
    const employers = await call(page, 'GET', '/api/employers?pageSize=1');
    const own = (employers.json.items as Array<{ id: number; npp: string; name: string }>)[0]!;
    const mine = await call(page, 'GET', `/api/employers/${own.id}`);
    const worker = (mine.json.workers as Array<{ participant_id: number }>)[0];
    assert.ok(worker, 'the demo employer has a current worker');
    workerId = worker.participant_id;
    await page.goto(`${app.url}/peserta/${workerId}`);
    await page.getByTestId('participant-detail').waitFor();
    const kpj = await page.getByTestId('participant-kpj').innerText();
    const name = await page.getByTestId('participant-name').innerText();
    await page.getByTestId('participant-event').click();
    await page.getByTestId('employment-form').waitFor();
    await page.getByTestId('kind-wage_change').click();
    await page.waitForFunction(
      () =>
        (document.querySelector('[data-testid="current-employer"]') as HTMLSelectElement | null)?.value !==
        '',
    );
    await page.getByTestId('wage').fill('5.000.000,50');
    await page.getByTestId('submit').click();
    assert.match((await page.getByTestId('field-error').allInnerTexts()).join(' '), /angka/);
    await page.getByTestId('wage').fill('Rp 5.750.000');
    await look(page, 'employment-wage-change');
    await page.getByTestId('submit').click();
    const wage = await confirmation(page);
    assert.match(wage, /Upah sebulan\s+Rp[\d.]+\s+Rp5\.750\.000/i);

    await page.getByRole('button', { name: 'Catat mutasi lain' }).click();
    await page.getByTestId('kind-exit').click();
    await page
      .getByTestId('participant-picker-search')
      .fill(`${kpj.slice(0, 4)} ${kpj.slice(4, 8)} ${kpj.slice(8)}`);
    await page.getByTestId('participant-picker-hits').locator('button', { hasText: name }).click();
    await page.getByTestId('participant-picker-picked').waitFor();
    await page.getByTestId('on').fill(day(-1));
    await page.getByTestId('submit').click();
    assert.match((await page.getByTestId('field-error').allInnerTexts()).join(' '), /Pilih dari daftar/);
    await page.getByTestId('reason').selectOption('dismissal');
    await page.getByTestId('submit').click();
    const exit = await confirmation(page);
    assert.match(exit, /Pekerja keluar tercatat/);
    assert.match(exit, /Pemutusan hubungan kerja/);
    assert.match(exit, /JKP/);

    await page.getByRole('button', { name: 'Catat mutasi lain' }).click();
    await page.getByTestId('kind-hire').click();
    await page.getByTestId('participant-picker-search').fill(kpj);
    await page.getByTestId('participant-picker-hits').locator('button', { hasText: name }).click();
    await page.getByTestId('employer-picker-search').fill(own.npp);
    await page.getByTestId('employer-picker-hits').locator('button').first().click();
    await page.getByTestId('on').fill(day(0));
    await page.getByTestId('wage').fill('4.200.000');
    await look(page, 'employment-hire');
    await page.getByTestId('submit').click();
    const hire = await confirmation(page);
    assert.match(hire, /Pekerja masuk tercatat/);
    assert.match(hire, new RegExp(`NPP ${own.npp}`));
    assert.match(hire, /Rp4\.200\.000/);
    await page.context().close();
  });

  test('branch officer corrects a participant and reports a death', async () => {
    const list = await call(officer, 'GET', '/api/participants?pageSize=50');
    const other = (list.json.items as Array<{ id: number; status: string }>).find(
      (p) => p.id !== workerId && p.status !== 'closed',
    );
    assert.ok(other, 'another participant in the region');
    const pid = String(other.id);
    await officer.goto(`${app.url}/peserta/${pid}`);
    await officer.getByTestId('participant-detail').waitFor();
    await officer.getByTestId('participant-edit').click();
    await officer.getByTestId('edit-form').waitFor();
    await officer.getByTestId('phone').fill('081234567890');
    await officer.getByTestId('reason').fill('Nomor telepon baru dari peserta');
    await look(officer, 'participant-edit');
    await officer.getByTestId('submit').click();
    const text = await confirmation(officer);
    assert.match(text, /Telepon\s+\S+\s+081234567890/i);
    assert.match(text, /Perubahan diterapkan/);

    await officer.goto(`${app.url}/peserta/${pid}/meninggal`);
    await officer.getByTestId('death-form').waitFor();
    await officer.getByTestId('died-on').fill('01-01-2099');
    await officer.getByTestId('submit').click();
    const errs = await officer.getByTestId('field-error').allInnerTexts();
    assert.ok(
      errs.some((e) => /sesudah hari ini/.test(e)),
      errs.join(' | '),
    );
    assert.ok(
      errs.some((e) => /Centang/.test(e)),
      errs.join(' | '),
    );
    await officer.getByTestId('died-on').fill(day(-2));
    await officer.getByTestId('source').selectOption('family');
    await officer.getByTestId('confirm').check();
    await look(officer, 'death-report');
    await officer.getByTestId('submit').click();
    const done = await confirmation(officer);
    assert.match(done, /Kematian tercatat/);
    assert.match(done, /Status kepesertaan\s+Aktif\s+Ditutup \(meninggal\)/i);
    await officer.getByTestId('open-participant').click();
    await officer.getByTestId('participant-detail').waitFor();
    assert.equal(await officer.getByTestId('participant-death').count(), 0, 'no second death report');
  });

  test('head office assesses fines (a job followed live) and approves a waiver another officer asked for', async () => {
    const admin = await loggedInPage(browser, app.url, 'admin', 'admin123');
    // A month billed late: its employer bills are fined by the billing job itself.
    const now = new Date(Date.now() + 7 * 3600_000);
    now.setUTCMonth(now.getUTCMonth() - 3);
    const period = now.toISOString().slice(0, 7);
    const run = await call(admin, 'POST', '/api/billing/runs', { period });
    assert.equal(run.status, 202);
    const billed = await waitJob(admin, (run.json.job as { id: number }).id);
    assert.equal(billed.status, 'done', JSON.stringify(billed));
    assert.ok(((billed.result as { fines?: { created: number } }).fines?.created ?? 0) > 0, 'fined at once');

    // The branch officer asks for a waiver of one of its region's fines.
    const invoices = await call(officer, 'GET', `/api/invoices?period=${period}&payer_kind=employer`);
    const withFine = (invoices.json.items as Array<{ id: number; fines_owed: number }>).find(
      (i) => i.fines_owed > 0,
    );
    assert.ok(withFine, 'an employer bill with a fine in the officer’s region');
    // On the bill's page: too short a reason is said beside the field, then the request is sent.
    await officer.goto(`${app.url}/tagihan/${withFine.id}`);
    const form = officer.getByTestId('waiver-form').first();
    await form.waitFor();
    await form.getByTestId('waiver-reason').fill('Bank');
    await form.getByTestId('waiver-submit').click();
    assert.match(
      await form.getByTestId('field-error').innerText(),
      /Terlalu pendek: paling sedikit 10 huruf/,
    );
    await form.getByTestId('waiver-reason').fill('Bank gangguan pada tanggal jatuh tempo');
    await form.getByTestId('waiver-submit').click();
    await officer.getByTestId('waiver-sent').waitFor();
    await look(officer, 'waiver-request');

    await admin.goto(`${app.url}/tagihan`);
    await admin.getByTestId('fines-open').click();
    await admin.getByTestId('assess-card').waitFor();
    await admin.getByTestId('as-of').fill('01-01-2099');
    await admin.getByTestId('assess').click();
    assert.match((await admin.getByTestId('field-error').allInnerTexts()).join(' '), /sesudah hari ini/);
    await admin.getByRole('button', { name: 'Hari ini' }).click();
    await admin.getByTestId('assess').click();
    await jobFinished(admin, 90_000, 'assess-card');
    assert.match(await admin.getByTestId('assess-card').getByTestId('confirmation').innerText(), /denda/i);
    await admin.getByTestId('waiver-row').first().waitFor();
    await look(admin, 'fines');
    // Writing a fine off asks first, naming the amount; "Batal" goes back without deciding.
    await admin.getByTestId('approve').first().click();
    assert.match(await admin.getByTestId('approve-ask').innerText(), /Hapus denda Rp[\d.]+ milik/);
    await admin.getByTestId('approve-no').click();
    assert.equal(await admin.getByTestId('waivers-card').getByTestId('confirmation').count(), 0);
    await admin.getByTestId('approve').first().click();
    await admin.getByTestId('approve-yes').click();
    const text = await admin.getByTestId('waivers-card').getByTestId('confirmation').innerText();
    assert.match(text, /Penghapusan denda disetujui/);
    assert.match(text, /Denda terutang\s+Rp[\d.]+\s+Rp0/i);
    await admin.getByTestId('empty').waitFor();

    // Coverage refresh, followed with the same job progress.
    await admin.goto(`${app.url}/cakupan`);
    await admin.getByTestId('coverage-refresh').click();
    await admin.getByTestId('coverage-refresh-form').waitFor();
    await admin.getByTestId('refresh').click();
    await jobFinished(admin, 120_000);
    assert.match(await confirmation(admin), /Cakupan sudah segar|Tidak ada yang berubah/);
    await look(admin, 'coverage-refresh');
    await admin.context().close();
  });

  test('the auditor reads the audit log: filters, paging, words instead of codes', async () => {
    const page = await loggedInPage(browser, app.url, 'auditor', 'auditor123');
    await page.getByTestId('nav-audit').click();
    await page.getByTestId('audit-table').waitFor();
    const total = Number((await page.getByTestId('audit-total').innerText()).replace(/\D/g, ''));
    assert.ok(total > 0);
    await page.getByTestId('person').fill('cabang');
    await page.getByTestId('action').selectOption('create');
    await page.getByTestId('entity').selectOption('employer');
    await page.getByTestId('search').click();
    await page.waitForURL(/tindakan=create/);
    // The filtered list replaces the unfiltered one: wait until it has (the new employer is in both).
    const filtered = (rs: string[]) =>
      rs.some((r) => r.includes('Timah Sejahtera Mandiri')) &&
      rs.every((r) => /cabang/.test(r) && /Membuat/.test(r) && /Pemberi kerja/.test(r));
    let rows: string[] = [];
    for (let i = 0; i < 50 && !filtered(rows); i++) {
      rows = await page.getByTestId('audit-row').allInnerTexts();
      if (!filtered(rows)) await page.waitForTimeout(200);
    }
    assert.ok(filtered(rows), `the audit log shows:\n${rows.join('\n')}`);
    assert.ok(!rows.some((r) => /\bvillage_code\b|\bsize_class\b/.test(r)), 'field names in words');
    await look(page, 'audit');
    await page.getByTestId('from').fill('05-12-2026');
    await page.getByTestId('to').fill('01-12-2026');
    await page.getByTestId('search').click();
    assert.match((await page.getByTestId('field-error').allInnerTexts()).join(' '), /sebelum tanggal awal/);
    await page.goto(`${app.url}/audit`);
    if (total > 50) {
      await page.getByRole('button', { name: /Berikutnya|Selanjutnya|›/ }).click();
      await page.waitForURL(/hal=2/);
      await page.getByTestId('audit-row').first().waitFor();
    }
    // Other roles meet no audit page.
    assert.equal(await officer.getByTestId('nav-audit').count(), 0);
    await page.context().close();
  });
  test('in English the same forms say their errors in English, beside the same fields', async () => {
    const page = await loggedInPage(browser, app.url, 'cabang', 'cabang123');
    await page.evaluate(() => localStorage.setItem('lindung.lang', 'en'));
    await page.goto(`${app.url}/tagihan/bayar`);
    await page.getByTestId('payment-form').waitFor();
    await page.getByTestId('payment-amount').fill('one million');
    await page.getByTestId('payment-submit').click();
    const errs = await page.getByTestId('field-error').allInnerTexts();
    assert.ok(errs.includes('Choose from the list.'), errs.join(' | '));
    assert.ok(errs.includes('Required.'), errs.join(' | '));
    assert.ok(
      errs.some((e) => /Enter a number, e\.g\. 5\.000\.000/.test(e)),
      errs.join(' | '),
    );
    assert.equal(await page.getByTestId('form-error').innerText(), 'Check the fields marked in red.');
    assert.ok(!errs.some((e) => /Wajib|Pilih|body\./.test(e)), errs.join(' | '));
    await look(page, 'payment-errors-en');

    await page.goto(`${app.url}/peserta/baru`);
    await page.getByTestId('participant-form').waitFor();
    await page.getByTestId('nik').fill('12345');
    await page.getByTestId('birth-date').fill('31-02-1990');
    await page.getByTestId('submit').click();
    const perrs = await page.getByTestId('field-error').allInnerTexts();
    assert.ok(perrs.includes('A NIK is 16 digits.'), perrs.join(' | '));
    assert.ok(
      perrs.some((e) => /Unrecognised date/.test(e)),
      perrs.join(' | '),
    );
    await look(page, 'participant-errors-en');
    await page.context().close();
  });
});
