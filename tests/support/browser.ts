// A real browser on the real app: Debian's Chromium driven by playwright-core (no browser download).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startTestApp, type TestApp } from './app';
import { ROOT } from './testdb';

export const SHOTS = path.join(ROOT, 'test-results', 'screenshots');

export type BrowserEnv = { t: TestApp; server: Server; base: string; browser: BrowserContext; userDataDir: string; close: () => Promise<void> };

export async function startBrowserEnv(): Promise<BrowserEnv> {
  const t = await startTestApp();
  const server = await new Promise<Server>((resolve) => {
    const s = t.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'thidua-chromium-'));
  // A fresh profile each run (launchPersistentContext passes it as --user-data-dir).
  const browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
  fs.mkdirSync(SHOTS, { recursive: true });
  return {
    t,
    server,
    base,
    browser,
    userDataDir,
    close: async () => {
      await browser.close();
      await new Promise((r) => server.close(r));
      await t.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Signs in on a clean slate: the profile is shared by the tests, its cookies are not. */
export async function login(page: Page, base: string, username: string, password = 'thidua@demo') {
  await page.context().clearCookies();
  await page.goto(`${base}/login`);
  await page.fill('#f-username', username);
  await page.fill('#f-password', password);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
}

export async function shot(page: Page, name: string) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}
