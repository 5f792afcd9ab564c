import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, loggedInPage, makeNik, type RunningApp, startApp, toCsv } from './helpers.ts';

/**
 * Three journeys on one server, in order: the participants the import registers are the ones the
 * search journey looks for, so it does not depend on what the synthetic sample happens to contain.
 */

// Bandung, Kec. Cicendo (32.73.05): real village codes from idn-area-data.
const DISTRICT = '32.73.05';
const PEOPLE = [
  {
    name: 'Zahrani Puspitasari',
    birth: '1990-10-20',
    sex: 'P' as const,
    village: '32.73.05.1001',
    serial: 7301,
  },
  {
    name: 'Zahrani Wibisono',
    birth: '1985-03-07',
    sex: 'L' as const,
    village: '32.73.05.1003',
    serial: 7302,
  },
  {
    name: 'Yudhistira Mahendra',
    birth: '2001-12-31',
    sex: 'L' as const,
    village: '32.73.05.1004',
    serial: 7303,
  },
];
const HEADER = ['nik', 'nama', 'tanggal_lahir', 'jenis_kelamin', 'kode_desa', 'segmen', 'upah'];

function importCsv(): string {
  const good = PEOPLE.map((p) => [
    makeNik(DISTRICT, p.birth, p.sex, p.serial),
    p.name,
    p.birth,
    p.sex,
    p.village,
    'BPU',
    '2500000',
  ]);
  return toCsv([
    HEADER,
    ...good, // lines 2–4
    // line 5: the birth date contradicts the NIK
    [
      makeNik(DISTRICT, '1992-05-14', 'P', 7304),
      'Ratna Kusumawardani',
      '1992-05-15',
      'P',
      '32.73.05.1002',
      'BPU',
      '2000000',
    ],
    // line 6: a NIK with 15 digits
    ['327305140592730', 'Bambang Sutrisno', '1992-05-14', 'L', '32.73.05.1002', 'BPU', '2000000'],
    // line 7: an impossible sex
    [
      makeNik(DISTRICT, '1979-08-17', 'L', 7306),
      'Agus Salim Harahap',
      '1979-08-17',
      'X',
      '32.73.05.1005',
      'BPU',
      '2000000',
    ],
  ]);
}

describe('browser journeys', () => {
  let app: RunningApp;
  let browser: Browser;
  let page: Page;

  before(async () => {
    app = await startApp();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  test('an administrator logs in and sees the home page, the demo banner and the full menu', async () => {
    page = await loggedInPage(browser, app.url, 'admin', 'admin123');
    await page.getByTestId('home').waitFor();
    assert.match(await page.getByTestId('home-welcome').innerText(), /Selamat datang, /);
    assert.match(await page.getByTestId('current-role').innerText(), /Administrator/);
    const banner = await page.getByTestId('demo-banner').innerText();
    assert.match(banner, /sintetis/);
    assert.match(banner, /skala 1:[\d.]+/);
    for (const id of ['nav-employers', 'nav-participants', 'nav-imports', 'nav-regions', 'nav-calculator']) {
      assert.equal(await page.getByTestId(id).count(), 1, id);
    }
  });

  test('a CSV with bad rows is imported: counts, then Indonesian errors by line', async () => {
    await page.getByTestId('nav-imports').click();
    await page.getByTestId('import-file').setInputFiles({
      name: 'daftar-pekerja.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(importCsv(), 'utf8'),
    });
    await page.getByTestId('import-submit').click();
    const job = page.getByTestId('import-job');
    await job.waitFor();
    await page
      .locator('[data-testid="import-job"]:not([data-status="running"])')
      .waitFor({ timeout: 60_000 });
    assert.equal(await job.getAttribute('data-status'), 'done', await job.innerText());
    assert.equal(await page.getByTestId('import-total').innerText(), '6');
    assert.equal(await page.getByTestId('import-accepted').innerText(), '3');
    assert.equal(await page.getByTestId('import-rejected').innerText(), '3');

    await page.getByTestId('import-error-row').first().waitFor();
    const rows = await page.getByTestId('import-error-row').evaluateAll((trs) =>
      trs.map((tr) => ({
        line: tr.querySelector('[data-testid="import-error-line"]')?.textContent ?? '',
        message: tr.querySelector('[data-testid="import-error-message"]')?.textContent ?? '',
      })),
    );
    const at = (line: string) =>
      rows
        .filter((r) => r.line === line)
        .map((r) => r.message)
        .join(' | ');
    assert.match(at('5'), /Tanggal lahir tidak sesuai NIK/);
    assert.match(at('6'), /NIK harus 16 digit/);
    assert.match(at('7'), /Jenis kelamin harus L atau P/);
    assert.deepEqual([...new Set(rows.map((r) => r.line))].sort(), ['5', '6', '7']);
    assert.equal(await page.getByTestId('errors-csv').count(), 1);
  });

  test('a participant is found by NIK and by name, and the detail opens', async () => {
    const p = PEOPLE[0]!;
    const nik = makeNik(DISTRICT, p.birth, p.sex, p.serial);

    await page.getByTestId('nav-participants').click();
    await page.getByTestId('participant-search-input').fill(nik);
    await page.getByTestId('participant-search-submit').click();
    await page.getByTestId('participant-row').first().waitFor();
    assert.equal(await page.getByTestId('participant-row').count(), 1);
    assert.match(await page.getByTestId('participant-row').innerText(), new RegExp(p.name));

    await page.getByTestId('participant-search-input').fill('Zahrani');
    await page.getByTestId('participant-search-submit').click();
    await page.waitForURL(/q=Zahrani/);
    await page.locator('[data-testid="participant-row"]', { hasText: 'Zahrani Wibisono' }).waitFor();
    const names = await page.getByTestId('participant-link').allInnerTexts();
    assert.ok(names.includes('Zahrani Puspitasari') && names.includes('Zahrani Wibisono'), names.join(', '));

    // The list says how many it found, and its CSV link carries the search: the file holds those rows.
    assert.equal(await page.getByTestId('list-total').innerText(), `${names.length} peserta`);
    const href = await page.getByTestId('list-csv').getAttribute('href');
    assert.ok(href, 'a CSV link');
    assert.equal(new URL(href, page.url()).searchParams.get('q'), 'Zahrani');
    const csv = await page.request.get(new URL(href, page.url()).toString());
    assert.equal(csv.status(), 200);
    const lines = (await csv.text())
      .replace(/^\ufeff/, '')
      .trim()
      .split(/\r?\n/);
    assert.match(lines[0]!, /^Nama,NIK,KPJ,Tanggal lahir,Jenis kelamin,Segmen,Provinsi,Status$/);
    const csvNames = lines.slice(1).map((l) => l.split(',')[0]);
    assert.deepEqual([...csvNames].sort(), [...names].sort());
    assert.ok(!lines.some((l) => /,(PU|BPU|JAKON|PMI),/.test(l)), `segments in words: ${lines.join('\n')}`);

    await page.getByTestId('participant-link').filter({ hasText: p.name }).click();
    await page.getByTestId('participant-detail').waitFor();
    assert.equal(await page.getByTestId('participant-name').innerText(), p.name);
    assert.equal(await page.getByTestId('participant-nik').innerText(), nik);
    assert.equal(await page.getByTestId('participant-birth-date').innerText(), '20 Oktober 1990');
    assert.match(page.url(), /\/peserta\/\d+$/);

    // A reload of the detail URL is served by the SPA fallback and keeps the session.
    await page.reload();
    await page.getByTestId('participant-detail').waitFor();
    assert.equal(await page.getByTestId('participant-name').innerText(), p.name);
  });
});
