import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { startServer } from '../src/server.ts';
import { createTestDb } from '../test/db.ts';

/** Browser journeys: the real app in-process on a random port, driven by Debian's Chromium. */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WEB = path.join(ROOT, 'web');
const DIST_INDEX = path.join(WEB, 'dist', 'index.html');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds web/dist when it is missing or older than the sources, so journeys test the current SPA. */
export function ensureWebBuilt(): void {
  const sources = Math.max(
    newestMtime(path.join(WEB, 'src')),
    fs.statSync(path.join(WEB, 'index.html')).mtimeMs,
    fs.statSync(path.join(WEB, 'vite.config.ts')).mtimeMs,
  );
  if (fs.existsSync(DIST_INDEX) && fs.statSync(DIST_INDEX).mtimeMs >= sources) return;
  const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const res = spawnSync(
    process.execPath,
    [vite, 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
  if (res.status !== 0) throw new Error('vite build failed');
}

export interface RunningApp {
  url: string;
  /** The app's database, for a journey to read what it checks against independently of the app's code. */
  db: import('../src/platform/db.ts').Database;
  close(): Promise<void>;
}

/** A fresh migrated database with regions, a small synthetic sample (which creates the demo logins), served on port 0. */
export async function startApp(opts: { participants?: number } = {}): Promise<RunningApp> {
  ensureWebBuilt();
  const testDb = await createTestDb();
  try {
    const server = await startServer({
      handle: testDb.handle,
      port: 0,
      seedDemo: { participants: opts.participants ?? 300 },
      waitForSeed: true,
    });
    return {
      url: server.url,
      db: testDb.db,
      close: async () => {
        await server.close();
        await testDb.close();
      },
    };
  } catch (e) {
    await testDb.close();
    throw e;
  }
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.LINDUNG_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A new page with Indonesian locale and Jakarta time, already logged in as `username`. */
export async function loggedInPage(
  browser: Browser,
  url: string,
  username: string,
  password: string,
): Promise<Page> {
  const context = await browser.newContext({
    locale: 'id-ID',
    timezoneId: 'Asia/Jakarta',
    viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(url);
  await login(page, username, password);
  return page;
}

export async function login(page: Page, username: string, password: string): Promise<void> {
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('current-user').waitFor();
}

/**
 * A NIK consistent with a birth date and sex (UU 24/2013): district code, day (+40 for women),
 * month, two-digit year, serial.
 */
export function makeNik(districtCode: string, birthDate: string, sex: 'L' | 'P', serial: number): string {
  const [y, m, d] = birthDate.split('-') as [string, string, string];
  const day = Number(d) + (sex === 'P' ? 40 : 0);
  return `${districtCode.replace(/\./g, '')}${String(day).padStart(2, '0')}${m}${y.slice(2)}${String(serial).padStart(4, '0')}`;
}

export function toCsv(rows: string[][]): string {
  return `${rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\n')}\n`;
}
