import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { checkBatchFile } from '../src/modules/disbursement/rules.ts';
import { addMonths, monthsBetween } from '../src/platform/period.ts';
import { launchBrowser, loggedInPage, type RunningApp, startApp } from './helpers.ts';

/**
 * Issue 13's "done when" for JP, on the demo: a branch officer files a widow's pension for a member
 * whose death was recorded (heirs on file, src/modules/claims/demo.ts), verification shows the
 * eligibility and the amount with its explanation (UNCONFIRMED parameters flagged), a second person
 * approves it, the monthly pension run pays it in a bank batch with control totals, and the bank
 * result closes the claim.
 */

/** The demo's story is moved so that its 5 May 2025 is two months before today (WIB): its dates here. */
function demoDate(d: string): string {
  const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 7);
  const shift = monthsBetween('2025-05', addMonths(today, -2));
  return `${addMonths(d.slice(0, 7), shift)}${d.slice(7)}`;
}

const wibMonth = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 7);

describe('JP pension journey', () => {
  let app: RunningApp;
  let browser: Browser;
  let officer: Page;
  let head: Page;
  let claimUrl = '';

  before(async () => {
    app = await startApp({ participants: 100 });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  test('a branch officer files a widow pension and verification explains it from the history', async () => {
    officer = await loggedInPage(browser, app.url, 'cabang', 'cabang123');
    // Find the deceased member by name and birth date.
    await officer.goto(`${app.url}/peserta`);
    await officer.getByTestId('participant-search-input').fill('Bambang Setiawan');
    await officer.getByTestId('participant-search-submit').click();
    const row = officer.getByTestId('participant-row').filter({ hasText: '18 Juni 1979' });
    await row.first().waitFor();
    assert.equal(await row.count(), 1);
    const href = await row.getByTestId('participant-link').getAttribute('href');
    const pid = /\/peserta\/(\d+)$/.exec(href ?? '')?.[1];
    assert.ok(pid, href ?? '');

    await officer.goto(`${app.url}/klaim/baru?peserta=${pid}`);
    await officer.getByTestId('claim-intake').waitFor();
    await officer.getByTestId('claim-benefit').selectOption('JP');
    const kinds = await officer.getByTestId('claim-jp-kind').locator('option').allInnerTexts();
    assert.deepEqual(kinds, [
      'Pensiun hari tua',
      'Pensiun cacat',
      'Pensiun janda/duda',
      'Pensiun anak',
      'Pensiun orang tua',
    ]);
    await officer.getByTestId('claim-jp-kind').selectOption('spouse');
    await officer.getByTestId('claim-date').fill(demoDate('2025-04-12'));
    await officer.getByTestId('claim-payee').locator('option', { hasText: 'Wulan Setiawan' }).waitFor({
      state: 'attached',
    });
    await officer.getByTestId('claim-payee').selectOption({ label: 'Wulan Setiawan (Suami/istri)' });
    for (const box of await officer.getByTestId('claim-checklist').locator('input[type=checkbox]').all())
      await box.check();
    await officer.getByTestId('claim-submit').click();
    await officer.waitForURL(/\/klaim\/\d+$/);
    claimUrl = officer.url();
    assert.equal(await officer.getByTestId('claim-status').getAttribute('data-status'), 'submitted');

    await officer.getByTestId('claim-verify').click();
    await officer.getByTestId('claim-explanation').waitFor();
    assert.equal(await officer.getByTestId('claim-eligible').getAttribute('data-eligible'), 'true');
    assert.match(await officer.getByTestId('claim-amount').innerText(), /^Rp\s?[1-9][\d.]*$/);
    const explanation = await officer.getByTestId('claim-explanation').innerText();
    assert.match(explanation, /Penerima adalah suami\/istri peserta/);
    assert.match(explanation, /Bagian pensiun janda\/duda/);
    assert.match(explanation, /PP 45\/2015/);
    assert.match(explanation, /BELUM TERKONFIRMASI/);
    assert.doesNotMatch(explanation, /\b(spouse|old_age|monthly)\b/);
    assert.equal(await officer.getByTestId('claim-status').getAttribute('data-status'), 'verified');
    // Maker-checker: the officer who verified cannot approve.
    assert.equal(await officer.getByTestId('claim-approve').count(), 0);
  });

  test('head office approves; the monthly run pays it in a batch; the bank result closes the claim', async () => {
    assert.ok(claimUrl, 'the first journey filed the claim');
    head = await loggedInPage(browser, app.url, 'admin', 'admin123');
    await head.goto(claimUrl);
    const amountText = await head.getByTestId('claim-amount').innerText();
    const monthly = Number(amountText.replace(/\D/g, ''));
    await head.getByTestId('claim-approve').click();
    await head.locator('[data-testid="claim-status"][data-status="in_payment"]').waitFor();

    await head.goto(`${app.url}/klaim`);
    await head.getByTestId('claims-pensions-link').click();
    await head.getByTestId('pension-runs').waitFor();
    const claimId = /\/klaim\/(\d+)$/.exec(claimUrl)![1]!;
    const pension = head.locator(`[data-testid="pension-row"][data-claim="${claimId}"]`);
    await pension.waitFor();
    assert.match(await pension.innerText(), /Pensiun janda\/duda/);
    assert.equal(await pension.getByTestId('pension-months-paid').innerText(), '0');

    // The pension starts the month after the death: this month's run pays that month up to now.
    const months = monthsBetween(demoDate('2025-05'), wibMonth()) + 1;
    assert.equal(await head.getByTestId('pension-run-period').inputValue(), wibMonth());
    await head.getByTestId('pension-run').click();
    await head.getByTestId('pensions-msg').waitFor();
    assert.match(await head.getByTestId('pensions-msg').innerText(), new RegExp(`${months} pembayaran`));
    await head.locator(`[data-testid="pension-run-row"][data-period="${wibMonth()}"]`).waitFor();
    const batch = head.getByTestId('pension-batch-row').first();
    await batch.waitFor();
    const total = Number(await batch.getByTestId('pension-batch-total').getAttribute('data-amount'));
    // Every month at least the first-year amount (indexation only raises it, one rounding per month).
    assert.ok(total >= months * monthly, `${total} ≥ ${months} × ${monthly}`);
    assert.match(await head.getByTestId('pension-tieout').innerText(), /Total kontrol sesuai/);

    // The bank file the officer downloads: control totals, one row per month, the widow's account.
    const fileUrl = await batch.getByTestId('pension-batch-file').getAttribute('href');
    const file = await head.request.get(`${app.url}${fileUrl}`);
    assert.equal(file.status(), 200);
    const csv = await file.text();
    const check = checkBatchFile(csv);
    assert.ok(check.ok);
    assert.equal(check.count, months);
    assert.equal(check.total, total);
    assert.match(csv, /WULAN SETIAWAN/);
    const refs = csv
      .split(/\r?\n/)
      .filter((l) => l.startsWith('D,'))
      .map((l) => l.split(',')[2]!);
    const paidOn = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    await head.getByTestId('pension-results-file').setInputFiles({
      name: 'hasil-bank-pensiun.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        ['reference,status,paid_on', ...refs.map((r) => `${r},berhasil,${paidOn}`)].join('\n'),
      ),
    });
    await head.getByTestId('pensions-msg').filter({ hasText: 'diterapkan' }).waitFor({ timeout: 30_000 });
    assert.match(await head.getByTestId('pensions-msg').innerText(), new RegExp(`^${months} diterapkan`));
    await head.locator(`[data-testid="pension-row"][data-claim="${claimId}"]`).waitFor();
    assert.equal(
      await head
        .locator(`[data-testid="pension-row"][data-claim="${claimId}"]`)
        .getByTestId('pension-months-paid')
        .innerText(),
      String(months),
    );

    await head.goto(claimUrl);
    await head.locator('[data-testid="claim-status"][data-status="paid"]').waitFor();
  });
});
