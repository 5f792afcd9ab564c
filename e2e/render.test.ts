import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_LOGINS } from '../src/modules/demo/logins.ts';
import { launchBrowser, login, type RunningApp, startApp } from './helpers.ts';

/**
 * Every page for every demo login, in both languages, at 1366×900 and 390×844 (issue 14). Each role
 * starts from its menu and follows the links its pages offer (the first link of each kind, two
 * levels deep), so a link into a 403 is found the way a person would find it. On each page:
 * - the visible text has no internal code: snake_case, an English enum in the Indonesian UI,
 *   `true`/`false`, ISO dates, "rules.md", "FALLBACK"/"DERIVED", unformatted rupiah or percentages;
 * - no API call answered 403 and no error box or "forbidden" notice is shown;
 * - nothing overflows the viewport horizontally and nothing is cut by an `overflow: hidden` box;
 * - axe-core finds no serious or critical violation.
 * One browser, pages in sequence, one login per role; the language is switched in place.
 * LINDUNG_RENDER_SHOTS=dir saves a screenshot of each page; LINDUNG_RENDER_REPORT=file writes the findings.
 */

const SHOTS = process.env.LINDUNG_RENDER_SHOTS;
const REPORT = process.env.LINDUNG_RENDER_REPORT;
const MAX_PAGES_PER_ROLE = Number(process.env.LINDUNG_RENDER_MAX ?? 45);
// LINDUNG_RENDER_ONLY=admin,cabang limits the run to some logins while fixing what it found.
const ONLY = process.env.LINDUNG_RENDER_ONLY?.split(',');
const WIDE = { width: 1366, height: 900 };
const NARROW = { width: 390, height: 844 };

// Single-word values of the schema's enums (db/migrations check constraints) and of the API's
// vocabularies: in the Indonesian UI, any of them as a lowercase word is a code that was not translated.
const ENGLISH_ENUMS = new Set(
  (
    'active addendum agent all applied approved assumed auditor billable branch cancelled cleared closed ' +
    'confirmed contribution contributions count day death domicile done draft education employed employer ' +
    'ended exit failed family fine full government hire hospital inactive incremental large listed medium ' +
    'membership merge merged micro month move none noop officer open paid partial participant partner ' +
    'pending plan promotion province queued quota referral regency registered rejected religious renewal ' +
    'renewed reported returned running screen small socialisation sourced suspended terminated ' +
    'unchanged unconfirmed unmerge upheld worker workers year association eligible ineligible wage ' +
    'accepted overdue unpaid settled expired signed submitted withdrawn basis true false null undefined'
  ).split(' '),
);
const ENGLISH_WORDS_ID_UI =
  /\b(Manufacturing|Agriculture|Construction|Mining|Retail|Wholesale|Transport(ation)?|Hospitality|Fisheries|Forestry|Services|Employer|Worker|Participant|Open|Closed|Active|Pending|Approved|Rejected|Eligible|Ineligible)\b/;

interface Chunk {
  text: string;
  where: string;
}

/** Visible text in the page (and option labels), skipping code samples the page shows on purpose. */
function collectText(): Chunk[] {
  const SKIP = new Set(['SCRIPT', 'STYLE', 'CODE', 'PRE', 'KBD', 'SAMP', 'TEXTAREA', 'NOSCRIPT']);
  const out: Chunk[] = [];
  const describe = (el: Element): string => {
    const parts: string[] = [];
    let e: Element | null = el;
    for (let i = 0; e && i < 4; i++, e = e.parentElement) {
      const tid = e.getAttribute('data-testid');
      parts.unshift(tid ? `${e.tagName.toLowerCase()}[${tid}]` : e.tagName.toLowerCase());
    }
    return parts.join('>');
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = n.textContent?.trim();
    if (!text) continue;
    const el = n.parentElement;
    if (!el) continue;
    if (el.closest('[data-raw]')) continue;
    let skip = false;
    for (let e: Element | null = el; e; e = e.parentElement) {
      if (SKIP.has(e.tagName)) {
        skip = true;
        break;
      }
    }
    if (skip) continue;
    if (el.tagName === 'OPTION') {
      out.push({ text, where: describe(el) });
      continue;
    }
    if (!el.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
    out.push({ text, where: describe(el) });
  }
  for (const input of document.querySelectorAll('input[placeholder]')) {
    out.push({ text: (input as HTMLInputElement).placeholder, where: `${describe(input)}@placeholder` });
  }
  return out;
}

/** Problems in one text chunk for the language shown. */
export function textProblems(text: string, lang: 'id' | 'en'): string[] {
  const found: string[] = [];
  const snake = text.match(/\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/g);
  if (snake) found.push(`code ${snake.join(', ')}`);
  if (/rules\.md|\.md\b/.test(text)) found.push('a source file name');
  if (/\bFALLBACK\b|\bDERIVED\b|\bSOURCED\b/.test(text)) found.push('an internal flag');
  if (/\b(true|false|null|undefined|NaN)\b/.test(text)) found.push('a raw value (true/false/null/NaN)');
  if (/\b\d{4}-\d{2}-\d{2}\b/.test(text)) found.push('an ISO date');
  if (/\b\d{4}-\d{2}\b/.test(text) && !/\b\d{4}-\d{4}\b/.test(text)) found.push('an ISO month');
  if (/Rp\s?\d{4,}(?![.\d])/.test(text) || /Rp\s?\d{1,3}(,\d{3})+/.test(text))
    found.push('unformatted rupiah');
  if (/\d\.\d+\s?%/.test(text)) found.push('a percentage with a decimal point');
  // A phone number (0812…) is an identifier, not a quantity.
  if (
    /(?<![\d.:/])[1-9]\d{5,}(?![\d.:/])/.test(text) &&
    !/\b\d{8}\b|\b\d{11}\b|\b\d{16}\b|\b\d{10}\b/.test(text)
  )
    found.push('an unformatted number');
  if (lang === 'id') {
    const words = text.match(/\b[a-z]{3,}\b/g) ?? [];
    const enums = words.filter((w) => ENGLISH_ENUMS.has(w));
    if (enums.length) found.push(`English enum ${[...new Set(enums)].join(', ')}`);
    const cap = ENGLISH_WORDS_ID_UI.exec(text);
    if (cap) found.push(`English word ${cap[0]}`);
  }
  return found;
}

/** Horizontal overflow of the page, and elements whose content an `overflow: hidden` box cuts. */
function layoutProblems(): string[] {
  const out: string[] = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > doc.clientWidth + 1)
    out.push(`page is ${doc.scrollWidth}px wide in a ${doc.clientWidth}px viewport`);
  for (const el of document.querySelectorAll('body *')) {
    const he = el as HTMLElement;
    if (he.scrollWidth <= he.clientWidth + 2 || he.clientWidth < 8) continue;
    const s = getComputedStyle(he);
    if (s.overflowX !== 'hidden' && s.overflowX !== 'clip') continue;
    if (s.textOverflow === 'ellipsis') continue;
    if (!he.checkVisibility()) continue;
    const tid = he.getAttribute('data-testid');
    out.push(
      `${he.tagName.toLowerCase()}${tid ? `[${tid}]` : he.className ? `.${String(he.className).split(' ')[0]}` : ''} cuts its content (${he.scrollWidth}px in ${he.clientWidth}px)`,
    );
  }
  // A right edge past the viewport inside a box that is not scrollable also cuts.
  for (const el of document.querySelectorAll('table, nav a, .mainnav a, svg text')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0) continue;
    if (r.right > doc.clientWidth + 1 || r.left < -1) {
      let scroller = false;
      for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
        const ox = getComputedStyle(e).overflowX;
        if (ox === 'auto' || ox === 'scroll') {
          scroller = true;
          break;
        }
      }
      if (!scroller)
        out.push(
          `${el.tagName.toLowerCase()} "${(el.textContent ?? '').slice(0, 30)}" is outside the viewport`,
        );
    }
  }
  // SVG labels cut by their own chart box.
  for (const t of document.querySelectorAll('svg text')) {
    const svg = (t as SVGTextElement).ownerSVGElement;
    if (!svg) continue;
    const a = (t as SVGTextElement).getBoundingClientRect();
    const b = svg.getBoundingClientRect();
    if (a.width > 0 && (a.left < b.left - 1 || a.right > b.right + 1))
      out.push(`chart label "${t.textContent}" is cut by its chart`);
  }
  return [...new Set(out)];
}

/** A path with its ids replaced, so each kind of page is visited once per role. */
function pattern(href: string): string {
  const u = new URL(href, 'http://x');
  return u.pathname
    .split('/')
    .map((s) => (/^\d[\d.]*$/.test(s) || /^[0-9a-f-]{16,}$/.test(s) ? ':id' : s))
    .join('/');
}

describe('every page for every role in both languages', () => {
  let app: RunningApp;
  let browser: Browser;
  const problems: string[] = [];
  const visits: string[] = [];

  before(async () => {
    app = await startApp({ participants: 600 });
    browser = await launchBrowser();
    if (SHOTS) fs.mkdirSync(SHOTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    if (REPORT) fs.writeFileSync(REPORT, `${visits.join('\n')}\n\n${problems.join('\n')}\n`);
  });

  async function settle(page: Page): Promise<void> {
    await page.waitForLoadState('networkidle');
    await page
      .locator('[data-testid="loading"]')
      .first()
      .waitFor({ state: 'detached', timeout: 10_000 })
      .catch(() => {});
  }

  async function checkText(page: Page, label: string): Promise<void> {
    const lang = (await page.evaluate(() => document.documentElement.lang)) === 'en' ? 'en' : 'id';
    const chunks = await page.evaluate(collectText);
    const seen = new Set<string>();
    for (const c of chunks) {
      for (const p of textProblems(c.text, lang)) {
        const key = `${p}|${c.text}`;
        if (seen.has(key)) continue;
        seen.add(key);
        problems.push(`${label} [${lang}] ${p}: "${c.text.slice(0, 120)}" (${c.where})`);
      }
    }
    const shown = await page.evaluate(() =>
      [...document.querySelectorAll('[data-testid="error"], .alert-error')].map((e) =>
        (e.textContent ?? '').slice(0, 160),
      ),
    );
    for (const s of shown) problems.push(`${label} [${lang}] shows an error: "${s}"`);
    const body = await page.evaluate(() => document.body.innerText);
    if (/Peran Anda tidak dapat membuka|Your role cannot open|forbidden/i.test(body))
      problems.push(`${label} [${lang}] shows a forbidden notice`);
  }

  async function checkLayout(page: Page, label: string): Promise<void> {
    for (const size of [WIDE, NARROW]) {
      await page.setViewportSize(size);
      await page.waitForTimeout(50);
      for (const p of await page.evaluate(layoutProblems)) problems.push(`${label} @${size.width}: ${p}`);
    }
    await page.setViewportSize(WIDE);
  }

  async function checkAxe(page: Page, label: string): Promise<void> {
    const res = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    for (const v of res.violations) {
      if (v.impact !== 'serious' && v.impact !== 'critical') continue;
      const targets = v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(' '))
        .join(' | ');
      problems.push(`${label} axe ${v.impact} ${v.id}: ${v.help} (${v.nodes.length}× e.g. ${targets})`);
    }
  }

  async function switchLang(page: Page): Promise<void> {
    await page.getByTestId('lang-toggle').click();
    await settle(page);
  }

  for (const demo of DEMO_LOGINS.filter((d) => !ONLY || ONLY.includes(d.username))) {
    test(`${demo.username} (${demo.role})`, async () => {
      const context: BrowserContext = await browser.newContext({
        locale: 'id-ID',
        timezoneId: 'Asia/Jakarta',
        viewport: WIDE,
      });
      // tsx (esbuild keepNames) wraps named functions in __name(); the page needs it for evaluate().
      await context.addInitScript('globalThis.__name = (f) => f');
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      let current = '';
      page.on('response', (res) => {
        const u = new URL(res.url());
        if (u.pathname.startsWith('/api/') && (res.status() === 403 || res.status() >= 500))
          problems.push(`${demo.username} ${current}: ${u.pathname}${u.search} answered ${res.status()}`);
      });
      page.on('pageerror', (e) => problems.push(`${demo.username} ${current}: script error ${e.message}`));
      await page.goto(app.url);
      await login(page, demo.username, demo.password);
      await settle(page);

      const queue: string[] = await page.$$eval('#mainnav a[href]', (as) =>
        as.map((a) => a.getAttribute('href') ?? ''),
      );
      const done = new Set<string>();
      const depth = new Map<string, number>(queue.map((q) => [q, 0]));
      for (let i = 0; i < queue.length && done.size < MAX_PAGES_PER_ROLE; i++) {
        const href = queue[i]!;
        const key = pattern(href);
        if (done.has(key)) continue;
        done.add(key);
        current = href;
        const label = `${demo.username} ${href}`;
        visits.push(label);
        await page.goto(new URL(href, app.url).toString());
        await settle(page);
        if (SHOTS) {
          const name = `${demo.username}${key.replace(/[/:]+/g, '_')}`;
          await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
        }
        await checkText(page, label);
        await checkLayout(page, label);
        await checkAxe(page, label);
        await switchLang(page);
        await checkText(page, label);
        await checkLayout(page, label);
        await switchLang(page);

        if ((depth.get(href) ?? 0) < 2) {
          const links: string[] = await page.$$eval('main a[href^="/"]', (as) =>
            as.map((a) => a.getAttribute('href') ?? ''),
          );
          for (const l of links) {
            if (l.startsWith('/api/') || depth.has(l)) continue;
            depth.set(l, (depth.get(href) ?? 0) + 1);
            queue.push(l);
          }
        }
      }
      await context.close();
      assert.ok(done.size >= 2, `${demo.username} visited ${done.size} pages`);
    });
  }

  test('no page shows a raw code, a 403, an overflow or a serious accessibility violation', () => {
    assert.ok(visits.length > (ONLY ? 0 : 20), `only ${visits.length} pages visited`);
    assert.deepEqual(problems.slice(0, 300), [], `${problems.length} problems`);
  });
});
