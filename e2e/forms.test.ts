import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, loggedInPage, type RunningApp, startApp } from './helpers.ts';

/**
 * Issue 14, the forms that were still "old style": the contribution calculator, the import upload,
 * the subsidy appeal and the benefit summary's "as of" date now say a wrong entry beside its field,
 * in words (Bahasa Indonesia, and English after the switch), take amounts the Indonesian way
 * (5.000.000) and dates day first. With LINDUNG_SCREENSHOT_DIR set, each error is saved at 1366×900.
 */

const SHOTS = process.env.LINDUNG_SCREENSHOT_DIR;

async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** The error said beside the field whose row has this input. */
async function errorBeside(page: Page, inputTestId: string): Promise<string> {
  const row = page.locator('.field', { has: page.getByTestId(inputTestId) });
  await row.getByTestId('field-error').waitFor();
  assert.equal(await page.getByTestId(inputTestId).getAttribute('aria-invalid'), 'true');
  return row.getByTestId('field-error').innerText();
}

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

describe('old-style forms on the shared task form (issue 14)', () => {
  let app: RunningApp;
  let browser: Browser;
  let admin: Page;

  before(async () => {
    app = await startApp();
    browser = await launchBrowser();
    admin = await loggedInPage(browser, app.url, 'admin', 'admin123');
    await admin.setViewportSize({ width: 1366, height: 900 });
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  test('the calculator: a wage that is not a number is said beside it; 5.000.000 computes', async () => {
    await admin.goto(`${app.url}/kalkulator`);
    await admin.getByTestId('calc-wage').fill('lima juta');
    await admin.getByTestId('calc-submit').click();
    assert.match(await errorBeside(admin, 'calc-wage'), /Isi dengan angka, misalnya 5\.000\.000/);
    assert.equal(await admin.getByTestId('calc-result').count(), 0);
    await shot(admin, 'calculator-error');
    await admin.getByTestId('calc-wage').fill('5.000.000');
    await admin.getByTestId('calc-submit').click();
    await admin.getByTestId('calc-result').waitFor();
    assert.ok((await admin.getByTestId('calc-line').count()) > 0);
    // A contract longer than the law allows is refused beside the field too.
    await admin.getByTestId('calc-segment').selectOption('PMI');
    await admin.getByTestId('calc-contract_months').fill('300');
    await admin.getByTestId('calc-submit').click();
    assert.match(await errorBeside(admin, 'calc-contract_months'), /240/);
  });

  test('the import upload: no file is said beside the file field, in both languages', async () => {
    await admin.goto(`${app.url}/impor`);
    await admin.getByTestId('import-submit').click();
    assert.match(await errorBeside(admin, 'import-file'), /Pilih berkas terlebih dahulu/);
    await admin.getByTestId('import-employer-search').waitFor();
    await shot(admin, 'import-error');
    await admin.getByTestId('lang-toggle').click();
    await admin.getByTestId('import-submit').click();
    assert.match(await errorBeside(admin, 'import-file'), /Choose a file first/);
    await admin.getByTestId('lang-toggle').click();
  });

  test('the benefit summary: a date after today is refused beside the "as of" field', async () => {
    const list = await call(admin, 'GET', '/api/participants?pageSize=1');
    const pid = (list.json.items as Array<{ id: number }>)[0]!.id;
    await admin.goto(`${app.url}/peserta/${pid}/manfaat`);
    await admin.getByTestId('benefit-as-of').fill('01-01-2099');
    await admin.getByTestId('as-of-show').click();
    assert.match(await errorBeside(admin, 'benefit-as-of'), /sesudah hari ini/);
    await shot(admin, 'benefit-as-of-error');
    await admin.getByTestId('benefit-as-of').fill('31-12-2025');
    await admin.getByTestId('as-of-show').click();
    await admin.waitForURL(/per=2025-12-31/);
    assert.match(await admin.getByTestId('jht-statement').innerText(), /31 Desember 2025/);
  });

  test('a subsidy appeal: short grounds and a short decision note are said beside the field; deciding asks first', async () => {
    const programmes = await call(admin, 'GET', '/api/subsidy/programmes');
    const programme = (programmes.json.items as Array<{ id: number }>)[0]!;
    const started = await call(admin, 'POST', '/api/subsidy/runs', { programme_id: programme.id });
    const jobId = (started.json.job as { id: number }).id;
    let runId = 0;
    for (let i = 0; i < 300 && !runId; i++) {
      const j = (await call(admin, 'GET', `/api/jobs/${jobId}`)).json.job as {
        status: string;
        result: { runId?: number } | null;
      };
      if (j.status === 'done') runId = j.result?.runId ?? 0;
      else if (j.status === 'failed') assert.fail('the screening failed');
      else await admin.waitForTimeout(300);
    }
    // The branch officer files for someone of its own region; head office decides (not the filer).
    const officer = await loggedInPage(browser, app.url, 'cabang', 'cabang123');
    const out = await call(officer, 'GET', `/api/subsidy/runs/${runId}/decisions?eligible=false&pageSize=1`);
    const person = (out.json.items as Array<{ participant_id: number }>)[0];
    assert.ok(person, 'someone of the branch was screened out');
    const page = `${app.url}/bsu/run/${runId}/peserta/${person.participant_id}`;
    await officer.goto(page);
    await officer.getByTestId('appeal-grounds').fill('salah');
    await officer.getByTestId('appeal-form').getByTestId('submit').click();
    assert.match(await errorBeside(officer, 'appeal-grounds'), /paling sedikit 10 huruf/);
    await shot(officer, 'appeal-error');
    await officer.getByTestId('appeal-grounds').fill('Upah saya di bawah batas, slip gaji terlampir.');
    await officer.getByTestId('appeal-form').getByTestId('submit').click();
    // Filed: the form gives way to the open appeal (one live appeal at a time).
    await officer.getByTestId('appeal-form').waitFor({ state: 'detached' });
    await officer.getByTestId('appeals').locator('p', { hasText: 'Upah saya di bawah batas' }).waitFor();
    await officer.close();

    await admin.goto(page);
    await admin.getByTestId('decide-note').fill('tidak');
    await admin.getByTestId('reject').click();
    assert.match(await admin.getByTestId('reject-ask').innerText(), /Tolak sanggahan #\d+\?/);
    await admin.getByTestId('reject-yes').click();
    assert.match(await errorBeside(admin, 'decide-note'), /paling sedikit 10 huruf/);
    await admin.getByTestId('decide-note').fill('Slip gaji menunjukkan upah di atas batas program.');
    await admin.getByTestId('reject').click();
    await admin.getByTestId('reject-yes').click();
    await admin.getByTestId('decide-form').waitFor({ state: 'detached' });
    await admin
      .getByTestId('appeals')
      .locator('p', { hasText: 'Slip gaji menunjukkan upah di atas batas' })
      .waitFor();
  });
});
