import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { checkBatchFile } from '../src/modules/disbursement/rules.ts';
import { addMonths, monthsBetween } from '../src/platform/period.ts';
import { launchBrowser, loggedInPage, type RunningApp, startApp } from './helpers.ts';

/**
 * Issue 13's "done when" for JKP, JHT and JKM with the scholarship, on the demo (the claimable people
 * of src/modules/claims/demo.ts): a branch officer files the claim, verification shows the
 * eligibility and the amount with its explanation, the same officer cannot approve it, head office
 * approves it, the payment goes out in a bank batch whose file carries its control totals, and the
 * bank result closes the claim as paid. Every amount is checked against the API's own assessment
 * (and the JHT amount against the member's JHT statement), never against a number typed in here.
 */

/** The demo's story is moved so that its 5 May 2025 is two months before today (WIB): its dates here. */
function demoDate(d: string): string {
  const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 7);
  const shift = monthsBetween('2025-05', addMonths(today, -2));
  return `${addMonths(d.slice(0, 7), shift)}${d.slice(7)}`;
}

const wibToday = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);

interface Assessment {
  eligible: boolean;
  amount: number;
  checks: Array<{ code: string; ok: boolean; label: string }>;
  facts: Record<string, unknown>;
  result: {
    explanation: {
      parameters: Array<{ name: string; label: string; ref: string }>;
      steps: Array<{ label: string; calc: string }>;
    };
  };
}
interface ClaimDetail {
  claim: {
    id: number;
    status: string;
    amount: number | null;
    verified_by: number | null;
    assessment: Assessment | null;
  };
}

/** The Indonesian half of a "Bahasa Indonesia / English" label, as the Indonesian page shows it. */
const idHalf = (t: string) => (t.includes(' / ') ? t.slice(0, t.indexOf(' / ')) : t);
const rupiah = (text: string) => Number(text.replace(/\D/g, ''));

describe('claims journeys: JKP, JHT, JKM with scholarship', () => {
  let app: RunningApp;
  let browser: Browser;
  let officer: Page;
  let head: Page;

  before(async () => {
    app = await startApp({ participants: 100 });
    browser = await launchBrowser();
    officer = await loggedInPage(browser, app.url, 'cabang', 'cabang123');
    head = await loggedInPage(browser, app.url, 'admin', 'admin123');
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  async function getJson<T>(page: Page, path: string): Promise<T> {
    const r = await page.request.get(`${app.url}${path}`);
    assert.equal(r.status(), 200, `${path}: ${await r.text()}`);
    return (await r.json()) as T;
  }

  /** The branch officer finds the demo member by name and birth date in the registry search. */
  async function findParticipant(name: string, born: string): Promise<number> {
    await officer.goto(`${app.url}/peserta`);
    await officer.getByTestId('participant-search-input').fill(name);
    await officer.getByTestId('participant-search-submit').click();
    const row = officer.getByTestId('participant-row').filter({ hasText: born });
    await row.first().waitFor();
    assert.equal(await row.count(), 1);
    const href = await row.getByTestId('participant-link').getAttribute('href');
    const pid = Number(/\/peserta\/(\d+)$/.exec(href ?? '')?.[1]);
    assert.ok(pid > 0, href ?? '');
    return pid;
  }

  /** Intake at /klaim/baru: benefit, event date, what the benefit needs, every document ticked. */
  async function fileClaim(
    pid: number,
    benefit: string,
    eventDate: string,
    fill: () => Promise<void> = async () => {},
  ): Promise<number> {
    await officer.goto(`${app.url}/klaim/baru?peserta=${pid}`);
    await officer.getByTestId('claim-intake').waitFor();
    await officer.getByTestId('claim-benefit').selectOption(benefit);
    await officer.getByTestId('claim-date').fill(eventDate);
    await fill();
    const boxes = await officer.getByTestId('claim-checklist').locator('input[type=checkbox]').all();
    assert.ok(boxes.length >= 4, `${benefit}: a document checklist`);
    for (const box of boxes) await box.check();
    await officer.getByTestId('claim-submit').click();
    await officer.waitForURL(/\/klaim\/\d+$/);
    assert.equal(await officer.getByTestId('claim-status').getAttribute('data-status'), 'submitted');
    return Number(/\/klaim\/(\d+)$/.exec(officer.url())![1]);
  }

  /**
   * The officer verifies: the page shows "Layak", the amount the API assessed and its explanation
   * (every check, step and parameter with its legal reference, in Indonesian, no raw codes). The
   * officer then has no approve button, and the API refuses the officer's approval (maker-checker).
   */
  async function verify(id: number, label: RegExp): Promise<Assessment> {
    await officer.goto(`${app.url}/klaim/${id}`);
    await officer.getByTestId('claim-verify').click();
    await officer.getByTestId('claim-explanation').waitFor();
    assert.equal(await officer.getByTestId('claim-status').getAttribute('data-status'), 'verified');
    const { claim } = await getJson<ClaimDetail>(officer, `/api/claims/${id}`);
    const a = claim.assessment!;
    assert.ok(a, 'the assessment is stored with the claim');
    assert.equal(a.eligible, true, JSON.stringify(a.checks));
    assert.ok(a.amount > 0);
    assert.equal(claim.amount, a.amount);
    assert.equal(await officer.getByTestId('claim-eligible').getAttribute('data-eligible'), 'true');
    assert.equal(await officer.getByTestId('claim-eligible').innerText(), 'Layak');
    const shown = await officer.getByTestId('claim-amount').innerText();
    assert.match(shown, /^Rp\s?[1-9][\d.]*$/);
    assert.equal(rupiah(shown), a.amount);
    const explanation = await officer.getByTestId('claim-explanation').innerText();
    assert.match(explanation, label);
    for (const c of a.checks) assert.ok(explanation.includes(`✓ ${idHalf(c.label)}`), c.label);
    assert.ok(a.result.explanation.steps.length > 0);
    for (const st of a.result.explanation.steps) assert.ok(explanation.includes(idHalf(st.label)), st.label);
    assert.ok(a.result.explanation.parameters.length > 0);
    for (const p of a.result.explanation.parameters) {
      assert.ok(p.ref, `${p.name} has a legal reference`);
      assert.ok(explanation.includes(p.ref), p.ref);
      assert.ok(explanation.includes(idHalf(p.label)), p.label);
    }
    // No code on the screen (outside the legal references, which are quoted as the rules module keeps them).
    let words = explanation;
    for (const p of a.result.explanation.parameters) words = words.replaceAll(p.ref, '');
    assert.doesNotMatch(
      words,
      /\b(dismissal|redundancy|full|partial_\w+|non_work|work_accident|active|grace|inactive|true|false)\b/,
    );
    assert.doesNotMatch(words, /\b[a-z]+\.[a-z_]+\.[a-z_.]+\b/, 'no parameter names');
    // Maker-checker: the verifier sees no approve button and the server refuses the approval.
    assert.equal(await officer.getByTestId('claim-approve').count(), 0);
    const self = await officer.request.post(`${app.url}/api/claims/${id}/decision`, {
      data: { outcome: 'approved' },
    });
    assert.equal(self.status(), 403, await self.text());
    assert.match((await self.json()).error.message, /tidak boleh memutuskan/);
    assert.equal((await getJson<ClaimDetail>(officer, `/api/claims/${id}`)).claim.status, 'verified');
    return a;
  }

  /** Head office, a second person, approves what the officer verified. */
  async function approve(id: number, amount: number): Promise<void> {
    await head.goto(`${app.url}/klaim/${id}`);
    assert.equal(rupiah(await head.getByTestId('claim-amount').innerText()), amount);
    await head.getByTestId('claim-approve').click();
    await head.locator('[data-testid="claim-status"][data-status="approved"]').waitFor();
    assert.match(await head.getByTestId('claim-decision').innerText(), /Disetujui/);
    assert.equal(
      rupiah(/Rp\s?[\d.]+/.exec(await head.getByTestId('claim-decision').innerText())![0]),
      amount,
    );
  }

  /**
   * Head office batches the approved claims at /klaim/pembayaran: each new batch's total is its
   * file's control total (and the sum of its rows), each claim is paid once at its approved amount;
   * the bank result file marks every row paid and every claim ends paid.
   */
  async function payOut(claims: Map<number, number>): Promise<void> {
    await head.goto(`${app.url}/klaim/pembayaran`);
    await head.getByTestId('claims-tieout').waitFor();
    const before = new Set(
      await head
        .getByTestId('claims-batch-row')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-batch'))),
    );
    await head.getByTestId('claims-make-batches').click();
    const msg = head.getByTestId('claims-msg');
    await msg.waitFor();
    await head.waitForFunction(
      (n) => document.querySelectorAll('[data-testid="claims-batch-row"]').length > n,
      before.size,
    );
    const fresh: Locator[] = [];
    for (const r of await head.getByTestId('claims-batch-row').all())
      if (!before.has(await r.getAttribute('data-batch'))) fresh.push(r);
    assert.ok(fresh.length >= 1);
    let rowsTotal = 0;
    let amountTotal = 0;
    const refs: string[] = [];
    const paidHere = new Map<number, number>();
    for (const b of fresh) {
      const total = Number(await b.getByTestId('claims-batch-total').getAttribute('data-amount'));
      const count = Number(await b.getByTestId('claims-batch-rows').innerText());
      assert.equal(rupiah(await b.getByTestId('claims-batch-total').innerText()), total);
      assert.equal(await b.getByTestId('claims-batch-paid').innerText(), '0');
      assert.equal(await b.getByTestId('claims-batch-pending').innerText(), String(count));
      const href = await b.getByTestId('claims-batch-file').getAttribute('href');
      const file = await head.request.get(`${app.url}${href}`);
      assert.equal(file.status(), 200);
      const csv = await file.text();
      const check = checkBatchFile(csv);
      assert.ok(check.ok, 'the trailer totals equal the detail rows');
      assert.equal(check.total, total, 'the batch total is its control total');
      assert.equal(check.count, count);
      for (const line of csv.split(/\r?\n/).filter((l) => l.startsWith('D,'))) {
        const cols = line.split(',');
        const ref = cols[2]!;
        refs.push(ref);
        const claimId = Number(/^CLAIMS-(\d+)-A1$/.exec(ref)?.[1]);
        if (claims.has(claimId)) paidHere.set(claimId, Number(cols.at(-1)));
      }
      rowsTotal += count;
      amountTotal += total;
    }
    // Each of our claims is in exactly one new batch, at its approved amount.
    assert.deepEqual([...paidHere.entries()].sort(), [...claims.entries()].sort());
    assert.equal(refs.length, rowsTotal);
    assert.match(
      await msg.innerText(),
      new RegExp(
        `^${fresh.length} batch dibuat: ${rowsTotal} pembayaran, Rp\\s?${amountTotal.toLocaleString('id-ID').replace(/\./g, '\\.')}$`,
      ),
    );
    for (const id of claims.keys())
      assert.equal((await getJson<ClaimDetail>(head, `/api/claims/${id}`)).claim.status, 'in_payment');

    await head.getByTestId('claims-results-file').setInputFiles({
      name: 'hasil-bank-klaim.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        ['reference,status,paid_on', ...refs.map((r) => `${r},berhasil,${wibToday()}`)].join('\n'),
      ),
    });
    await msg.filter({ hasText: 'diterapkan' }).waitFor({ timeout: 30_000 });
    assert.match(await msg.innerText(), new RegExp(`^${refs.length} diterapkan, 0 tetap, 0 ditolak$`));
    for (const b of fresh) {
      const count = await b.getByTestId('claims-batch-rows').innerText();
      await b
        .getByTestId('claims-batch-paid')
        .filter({ hasText: new RegExp(`^${count}$`) })
        .waitFor();
      assert.equal(await b.getByTestId('claims-batch-pending').innerText(), '0');
    }
    assert.match(await head.getByTestId('claims-tieout').innerText(), /^Total kontrol sesuai\./);
    for (const id of claims.keys()) {
      await head.goto(`${app.url}/klaim/${id}`);
      await head.locator('[data-testid="claim-status"][data-status="paid"]').waitFor();
    }
  }

  test('the intake form: what is missing is said beside its field; the member is found by a KPJ typed with spaces', async () => {
    const pid = await findParticipant('Sri Wahyuni', '1 Desember 1991');
    const { participant } = await getJson<{ participant: { kpj: string; full_name: string } }>(
      officer,
      `/api/participants/${pid}`,
    );
    await officer.goto(`${app.url}/klaim/baru`);
    await officer.getByTestId('claim-intake').waitFor();
    await officer.getByTestId('claim-benefit').selectOption('JKM');
    await officer.getByTestId('claim-date').fill('31-02-2026');
    await officer.getByTestId('claim-submit').click();
    const beside = async (label: string) =>
      (await officer.locator('.field', { hasText: label }).getByTestId('field-error').textContent()) ?? '';
    assert.match(await beside('Peserta'), /Pilih peserta/);
    assert.match(await beside('Tanggal kejadian'), /tanggal|Tanggal/);
    assert.match(await beside('Penerima (ahli waris)'), /Pilih penerima/);
    assert.equal(await officer.getByTestId('form-error').count(), 1);
    assert.match(officer.url(), /\/klaim\/baru$/);
    // The member by KPJ with spaces, as it is printed on the card.
    const k = participant.kpj;
    await officer
      .getByTestId('claim-participant-search')
      .fill(`${k.slice(0, 3)} ${k.slice(3, 7)} ${k.slice(7)}`);
    await officer.getByTestId('claim-participant-hits').getByText(participant.full_name).first().click();
    await officer.getByTestId('claim-participant-picked').waitFor();
    assert.equal(
      await officer.locator('.field', { hasText: 'Peserta' }).getByTestId('field-error').count(),
      0,
    );
  });

  test('JKP for the worker whose exit was recorded', async () => {
    const pid = await findParticipant('Sri Wahyuni', '1 Desember 1991');
    const { employments } = await getJson<{ employments: Array<{ ended_on: string | null }> }>(
      officer,
      `/api/participants/${pid}`,
    );
    const exit = employments.map((e) => e.ended_on).find((d) => d);
    assert.ok(exit, 'the demo recorded her exit');
    const id = await fileClaim(pid, 'JKP', exit, async () => {
      await officer.getByTestId('claim-termination').selectOption({ label: 'PHK oleh pemberi kerja' });
    });
    const a = await verify(id, /PP 37\/2021/);
    assert.equal(a.facts.exitDate, exit);
    await approve(id, a.amount);
    await payOut(new Map([[id, a.amount]]));
  });

  test('JHT withdrawal in full after the exit', async () => {
    const pid = await findParticipant('Sri Wahyuni', '1 Desember 1991');
    const { employments } = await getJson<{ employments: Array<{ ended_on: string | null }> }>(
      officer,
      `/api/participants/${pid}`,
    );
    assert.ok(
      employments.some((e) => e.ended_on),
      'she stopped working',
    );
    // Claimed today, after the waiting period since the exit: the balance on the claim date.
    const claimDate = wibToday();
    const before = await getJson<{ jht: { balance: number } }>(
      officer,
      `/api/participants/${pid}/benefits?as_of=${claimDate}`,
    );
    assert.ok(before.jht.balance > 0);
    const id = await fileClaim(pid, 'JHT', claimDate, async () => {
      await officer.getByTestId('claim-jht-kind').selectOption({ label: 'Penuh' });
    });
    const a = await verify(id, /Saldo JHT/);
    // The whole balance of the member's own account on the claim date is paid.
    assert.equal(a.amount, before.jht.balance);
    await approve(id, a.amount);
    await payOut(new Map([[id, a.amount]]));
    // The payout is booked on the account: the statement shows nothing left today.
    await officer.goto(`${app.url}/peserta/${pid}/manfaat?per=${wibToday()}`);
    const statement = await officer.getByTestId('jht-statement').locator('h2').innerText();
    assert.match(statement, /Saldo Rp\s?0 /);
    const now = await getJson<{ jht: { balance: number } }>(
      officer,
      `/api/participants/${pid}/benefits?as_of=${wibToday()}`,
    );
    assert.equal(now.jht.balance, 0);
  });

  test('JKM death benefit and the scholarship for two children', async () => {
    const pid = await findParticipant('Bambang Setiawan', '18 Juni 1979');
    const related = await getJson<{ items: Array<{ id: number; relation: string; full_name: string }> }>(
      officer,
      `/api/participants/${pid}/related-persons`,
    );
    const kids = related.items.filter((r) => r.relation === 'child');
    assert.equal(kids.length, 2, 'two children on file');
    const death = await getJson<{ items: Array<{ event_date: string; benefit: string }> }>(
      officer,
      `/api/claims?participant_id=${pid}`,
    );
    assert.equal(death.items.length, 0, 'no claim yet');
    const diedOn = demoDate('2025-04-12');
    const payee = async () => {
      await officer.getByTestId('claim-payee').locator('option', { hasText: 'Wulan Setiawan' }).waitFor({
        state: 'attached',
      });
      await officer.getByTestId('claim-payee').selectOption({ label: 'Wulan Setiawan (Suami/istri)' });
    };
    const jkm = await fileClaim(pid, 'JKM', diedOn, payee);
    const a = await verify(jkm, /Kematian tercatat/);
    assert.match(
      await officer.getByTestId('claim-explanation').innerText(),
      /Dibayar kepada ahli waris\tWULAN SETIAWAN: ya/,
    );
    const bs = await fileClaim(pid, 'BEASISWA', diedOn, async () => {
      await payee();
      const boxes = officer.getByTestId('claim-child');
      await boxes.nth(1).waitFor();
      assert.equal(await boxes.count(), 2);
      for (const k of kids)
        await officer.locator('label', { hasText: k.full_name }).getByTestId('claim-child').check();
    });
    const b = await verify(bs, /Anak tercatat/);
    assert.equal((b.facts.children as unknown[]).length, 2, 'the scholarship counts both children');
    await approve(jkm, a.amount);
    await approve(bs, b.amount);
    await payOut(
      new Map([
        [jkm, a.amount],
        [bs, b.amount],
      ]),
    );
  });
  test('heirs on the benefit summary: an officer adds a child and records that the child started work', async () => {
    const pid = await findParticipant('Bambang Setiawan', '18 Juni 1979');
    await officer.goto(`${app.url}/peserta/${pid}/manfaat`);
    const panel = officer.getByTestId('heirs');
    await panel.waitFor();
    await panel.locator('summary').click();
    await officer.getByTestId('heir-add-submit').click();
    assert.match(
      (await officer.getByTestId('heir-add').locator('.field', { hasText: 'Nama lengkap' }).textContent()) ??
        '',
      /Wajib diisi/,
    );
    await officer.getByTestId('heir-relation').selectOption('child');
    await officer.getByTestId('heir-name').fill('Rina Setiawan');
    await officer.getByTestId('heir-birth').fill('02-03-2008');
    await officer.getByTestId('heir-add-submit').click();
    await officer.getByTestId('confirmation').getByText('Ahli waris Rina Setiawan dicatat').waitFor();
    const heirs = await getJson<{ items: Array<{ id: number; full_name: string; birth_date: string }> }>(
      officer,
      `/api/participants/${pid}/related-persons`,
    );
    const rina = heirs.items.find((h) => h.full_name === 'Rina Setiawan');
    assert.equal(rina?.birth_date, '2008-03-02');
    await officer.getByTestId(`heir-${rina!.id}-event`).selectOption('work');
    await officer.getByTestId(`heir-${rina!.id}-date`).fill('01-10-2026');
    await officer.getByTestId(`heir-${rina!.id}-save`).click();
    await officer.getByTestId(`heir-${rina!.id}`).getByText('Mulai bekerja 1 Oktober 2026').waitFor();
    const after = await getJson<{
      items: Array<{ id: number; events: Array<{ event: string; event_date: string }> }>;
    }>(officer, `/api/participants/${pid}/related-persons`);
    assert.deepEqual(after.items.find((h) => h.id === rina!.id)?.events, [
      { event: 'work', event_date: '2026-10-01' },
    ]);
  });
});
