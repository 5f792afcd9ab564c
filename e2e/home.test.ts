import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchBrowser, loggedInPage, type RunningApp, startApp } from './helpers.ts';

/**
 * Issue 14: a home page per role with the figures that role acts on, each scoped — and the branch
 * office's review queue as a screen: a partner asks to add someone outside its scope by NIK, the
 * officer of that person's region confirms it on the review page, and only then does the partner see
 * the person.
 */

const LOGINS: Array<[string, string]> = [
  ['admin', 'admin123'],
  ['cabang', 'cabang123'],
  ['pemberi', 'pemberi123'],
  ['mitra', 'mitra123'],
  ['pemda', 'pemda123'],
  ['auditor', 'auditor123'],
  ['agen', 'agen1234'],
];

const text = async (l: Locator): Promise<string> => (await l.textContent()) ?? '';
const idNumber = (n: number) => n.toLocaleString('id-ID');

let base = '';

async function getJson<T>(page: Page, path: string): Promise<T> {
  const r = await page.request.get(base + path);
  assert.equal(r.status(), 200, `${path}: ${await r.text()}`);
  return (await r.json()) as T;
}

async function figure(page: Page, testId: string): Promise<string> {
  const el = page.getByTestId(`${testId}-value`);
  await page.waitForFunction((id) => {
    const t = document.querySelector(`[data-testid="${id}-value"]`)?.textContent ?? '…';
    return t !== '…';
  }, testId);
  return (await el.textContent())?.trim() ?? '';
}

describe('home pages per role and the branch review queue (issue 14)', () => {
  let app: RunningApp;
  let browser: Browser;
  const pages = new Map<string, Page>();

  before(async () => {
    app = await startApp({ participants: 3000 });
    base = app.url;
    browser = await launchBrowser();
    for (const [u, p] of LOGINS) pages.set(u, await loggedInPage(browser, app.url, u, p));
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  test("each role's home shows its own figures, and every figure links to a page it may open", async () => {
    type Series = { region: { name: string }; points: Array<{ active: number }> };
    const admin = pages.get('admin')!;
    const nation = await getJson<Series>(admin, '/api/coverage/series/00');
    assert.match(await text(admin.getByTestId('home-fig-coverage')), /Indonesia/);
    // Head office sees the national sample's size; scoped roles do not.
    assert.equal(await admin.getByText('Peserta (sampel)').count(), 1);

    const cabang = pages.get('cabang')!;
    const babel = await getJson<Series>(cabang, '/api/coverage/series/19');
    const branchText = await text(cabang.getByTestId('home-fig-coverage'));
    assert.match(branchText, /Kepulauan Bangka Belitung/);
    assert.match(branchText, new RegExp(`${idNumber(babel.points.at(-1)!.active)} peserta aktif`));
    assert.ok(babel.points.at(-1)!.active < nation.points.at(-1)!.active);
    assert.doesNotMatch(branchText, /Indonesia/);
    assert.equal(await cabang.getByText('Peserta (sampel)').count(), 0);
    const claims = await getJson<{ by_status: Record<string, number> }>(cabang, '/api/claims');
    assert.equal(
      await figure(cabang, 'home-fig-claims-submitted'),
      idNumber(claims.by_status.submitted ?? 0),
    );

    const employer = pages.get('pemberi')!;
    const me = await getJson<{ user: { employer_id: number } }>(employer, '/api/auth/me');
    const emp = await getJson<{ workers_total: number }>(employer, `/api/employers/${me.user.employer_id}`);
    assert.equal(await figure(employer, 'home-fig-workers'), idNumber(emp.workers_total));

    const partner = pages.get('mitra')!;
    const perf = await getJson<{ items: Array<{ id: number; registered: number }> }>(
      partner,
      '/api/agreements/performance',
    );
    assert.ok(perf.items.length > 0);
    for (const a of perf.items)
      assert.match(
        await figure(partner, `home-fig-agreement-${a.id}`),
        new RegExp(`^${idNumber(a.registered)}`),
      );

    const pemda = pages.get('pemda')!;
    assert.match(await text(pemda.getByTestId('home-fig-coverage')), /Kepulauan Bangka Belitung/);
    assert.match(await figure(pemda, 'home-fig-gap'), /^[\d.]+$/);

    const agent = pages.get('agen')!;
    const mine = await getJson<{ agent: { recruits_total: number } }>(agent, '/api/agent/me');
    assert.match(
      await figure(agent, 'home-fig-recruits'),
      new RegExp(`^${idNumber(mine.agent.recruits_total)}`),
    );

    // No figure fails to load, and none leads into a refusal.
    for (const [u] of LOGINS) {
      const page = pages.get(u)!;
      await page.getByTestId('home-figures').waitFor();
      const links = await page.$$eval('[data-testid="home-figures"] a', (as) =>
        as.map((a) => a.getAttribute('href')!),
      );
      assert.ok(links.length > 0, `${u}: no figures`);
      assert.equal(await page.getByText('Angka ini tidak dapat dimuat.').count(), 0, `${u}: a figure failed`);
      for (const href of new Set(links)) {
        await page.getByTestId('nav-home').click();
        await page.locator(`[data-testid="home-figures"] a[href="${href}"]`).first().click();
        await page.waitForLoadState('networkidle');
        const refused = await page.$$eval('[data-testid="error"]', (els) =>
          els.map((e) => e.getAttribute('data-code')).filter((c) => c === 'forbidden' || c === 'not_found'),
        );
        assert.deepEqual(refused, [], `${u} → ${href}`);
      }
      await page.getByTestId('nav-home').click();
    }
  });

  test('a partner asks to add someone outside its scope; the branch officer confirms it on the review page', async () => {
    const admin = pages.get('admin')!;
    const partner = pages.get('mitra')!;
    const cabang = pages.get('cabang')!;
    const agreements = await getJson<{ items: Array<{ id: number }> }>(partner, '/api/agreements');
    const agreementId = agreements.items[0]!.id;
    // The demo agreement ran out in December 2026; head office extends it so it takes members again.
    const ext = await admin.request.patch(`${base}/api/agreements/${agreementId}`, {
      data: { ends_on: '2029-12-31' },
      headers: { origin: app.url },
    });
    assert.equal(ext.status(), 200, await ext.text());

    // Someone of Bangka Belitung whom the partner cannot see.
    const people = await getJson<{ items: Array<{ id: number; nik: string; full_name: string }> }>(
      cabang,
      '/api/participants?pageSize=100',
    );
    let person: { id: number; nik: string; full_name: string } | undefined;
    for (const p of people.items) {
      if ((await partner.request.get(`${base}/api/participants/${p.id}`)).status() === 404) {
        person = p;
        break;
      }
    }
    assert.ok(person, 'a person outside the partner’s scope');

    await partner.goto(`${app.url}/kemitraan/perjanjian/${agreementId}`);
    const box = partner.getByTestId('member-request-niks').locator('textarea');
    await box.fill(`${person.nik.slice(0, 6)} ${person.nik.slice(6, 12)} ${person.nik.slice(12)}\n12345`);
    await partner.getByTestId('member-request-submit').click();
    // A line that is not a NIK is named beside the field, and nothing is sent.
    assert.match(
      await text(partner.getByTestId('member-request-niks').getByTestId('field-error')),
      /Baris 2: "12345" bukan NIK 16 angka/,
    );
    await box.fill(`${person.nik.slice(0, 6)} ${person.nik.slice(6, 12)} ${person.nik.slice(12)}`);
    await partner.getByTestId('member-request-submit').click();
    const done = await text(partner.getByTestId('confirmation'));
    assert.match(done, /Ditambahkan langsung\s*0/i);
    assert.match(done, /Dikirim ke kantor cabang untuk dikonfirmasi\s*1/i);
    assert.equal((await partner.request.get(`${base}/api/participants/${person.id}`)).status(), 404);

    // The branch officer's home counts it; the figure leads to the queue.
    await cabang.goto(app.url);
    assert.equal(await figure(cabang, 'home-fig-reviews'), '1');
    await cabang.getByTestId('home-fig-reviews').click();
    const row = cabang.locator('[data-testid="reviews-table"] tr', { hasText: person.full_name });
    assert.match(await text(row), /Permintaan pendaftaran oleh mitra/);
    const reviewId = (await row.getAttribute('data-testid'))!.replace('review-', '');
    await cabang.getByTestId(`review-${reviewId}-confirm`).click();
    await cabang.getByTestId(`review-${reviewId}-confirm-yes`).click();
    assert.match(
      await text(cabang.getByTestId('confirmation')),
      new RegExp(`Permintaan ${reviewId} disetujui`),
    );
    await cabang.getByTestId('empty').waitFor();

    // Confirmed: the person is now the partner's member, and the partner may open them.
    assert.equal((await partner.request.get(`${base}/api/participants/${person.id}`)).status(), 200);
    const members = await getJson<{ items: Array<{ participant_id: number }> }>(
      partner,
      `/api/agreements/${agreementId}/members?pageSize=500`,
    );
    assert.ok(members.items.some((m) => m.participant_id === person.id));
  });
});
