// A real browser on the real portal: Debian's Chromium driven by playwright-core (no browser
// download), talking to the server started the way README's `npm start` starts it — its own
// process, README's default configuration — on a copy of the template database, which global
// setup has already migrated and seeded (the other two steps of `npm start`).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createDb, type Db } from '../../src/db/client';
import { cloneTemplate, ROOT, TSX } from './testdb';
import { freePort, portalEnv, stopServer, waitForHealth } from './server';

export const SHOTS = path.join(ROOT, 'test-results', 'screenshots');

export type BrowserEnv = {
  /** The same database as the server's, for tests that read (or prepare) rows. */
  db: Db;
  base: string;
  browser: BrowserContext;
  userDataDir: string;
  /** Errors the server logged while serving a request (a 5xx or a view that failed to render). */
  serverErrors: () => string[];
  close: () => Promise<void>;
};

/** An empty SQLite file for a fresh install (README's "outside demo mode" steps create and migrate it). */
function emptyDatabase(): { url: string; drop: () => Promise<void> } {
  const file = path.join(os.tmpdir(), `thidua-fresh-${randomBytes(5).toString('hex')}.db`);
  return {
    url: `file:${file}`,
    drop: async () => {
      for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
    },
  };
}

export type FreshInstall = {
  /** README's first administrator: `ADMIN_PASSWORD=… npm run create-admin -- --username … --name …`. */
  admin: { username: string; fullName: string; password: string };
};

/**
 * The portal for one journey. By default the demo (the template database, served by src/server.ts);
 * with `fresh`, a new installation as README describes it outside demo mode: an empty database,
 * README's create-admin command, then `npm start` with DEMO_MODE=false (which migrates, seeds nothing).
 */
export async function startBrowserEnv(opts: { fresh?: FreshInstall } = {}): Promise<BrowserEnv> {
  const { url, drop } = opts.fresh ? emptyDatabase() : await cloneTemplate();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = portalEnv(url, port);
  if (opts.fresh) {
    env.DEMO_MODE = 'false';
    const { admin } = opts.fresh;
    const made = spawnSync(process.execPath, [TSX, path.join('src', 'cli', 'create-admin.ts'), '--username', admin.username, '--name', admin.fullName], {
      cwd: ROOT,
      env: { ...env, ADMIN_PASSWORD: admin.password },
      encoding: 'utf8',
    });
    if (made.status !== 0) throw new Error(`npm run create-admin failed (${made.status}):\n${made.stdout}\n${made.stderr}`);
  }
  const server = spawn(process.execPath, [TSX, path.join('src', opts.fresh ? path.join('cli', 'start.ts') : 'server.ts')], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so the stop reaches tsx's child too
  });
  let out = '';
  let err = '';
  server.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  server.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const output = () => `${out}\n${err}`.trim();
  const db = createDb(url);
  try {
    await waitForHealth(base, server, output);
  } catch (e) {
    await stopServer(server);
    await db.$disconnect();
    await drop();
    throw e;
  }

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
    db,
    base,
    browser,
    userDataDir,
    // the error handler's lines start with the error id a user can quote: "[id] POST /url: stack"
    serverErrors: () => err.split('\n').filter((l) => /^\[[^\]\s]+\] /.test(l)),
    close: async () => {
      await browser.close();
      await stopServer(server);
      await db.$disconnect();
      await drop();
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
