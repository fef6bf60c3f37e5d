// The portal as its own process (src/server.ts under tsx, README's environment) and a small
// cookie-keeping HTTP client for it: for tests that need real processes — several instances on one
// database, a SIGKILL, a database restarted under the server — which supertest on createApp cannot give.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { DEMO_PASSWORD, ROOT, TSX, runNode } from './testdb';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/**
 * The environment `npm start` would see on the machine: the test runner's own settings removed
 * (vitest sets NODE_ENV=test; TEST_* and VITEST* steer the harness), so every portal setting is
 * README's default except the database, the port and what `extra` sets.
 */
export function portalEnv(url: string, port: number, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k === 'NODE_ENV' || k.startsWith('TEST_') || k.startsWith('VITEST') || k === 'DATABASE_URL' || k === 'PORT') continue;
    env[k] = v;
  }
  return { ...env, ...extra, DATABASE_URL: url, PORT: String(port) };
}

export function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

export async function waitForHealth(base: string, child: ChildProcess, output: () => string, timeoutMs = 90_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    if (exited(child)) throw new Error(`the portal exited (${child.exitCode ?? child.signalCode}) before answering /healthz:\n${output()}`);
    try {
      const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(5_000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > timeoutMs) throw new Error(`the portal did not answer ${base}/healthz within ${timeoutMs / 1000} s:\n${output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function signalGroup(child: ChildProcess, s: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, s); // the group: tsx runs the server in a child of its own
  } catch {
    // already gone
  }
}

/** Ends the server's process group with SIGTERM (its graceful shutdown), SIGKILL after 10 s. */
export async function stopServer(child: ChildProcess): Promise<void> {
  if (exited(child)) return;
  const done = new Promise<void>((r) => child.once('exit', () => r()));
  signalGroup(child, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), 10_000);
  await done;
  clearTimeout(timer);
}

/**
 * How an operator runs the portal (README, "Chạy thật"): production, a secret of its own, no demo;
 * plain HTTP on loopback, so no Secure cookie. Every instance of one test gets the same secret, as
 * every instance behind one proxy must.
 */
export const PRODUCTION_ENV: Readonly<Record<string, string>> = {
  NODE_ENV: 'production',
  SESSION_SECRET: `system-test-${randomBytes(24).toString('hex')}`,
  DEMO_MODE: 'false',
  COOKIE_SECURE: 'false',
};

export type Portal = {
  base: string;
  port: number;
  url: string;
  child: ChildProcess;
  /** Everything the process printed so far. */
  output: () => string;
  /** Lines the error handler logged for a 5xx: "[errorId] METHOD /url: stack". */
  serverErrors: () => string[];
  stop: () => Promise<void>;
  /** SIGKILL to the whole process group, no shutdown of any kind; resolves once it is gone. */
  kill: () => Promise<void>;
};

/** Starts src/server.ts on an already migrated database (PRODUCTION_ENV, then `env`) and waits for /healthz. */
export async function startPortal(url: string, opts: { port?: number; env?: Record<string, string> } = {}): Promise<Portal> {
  const port = opts.port ?? (await freePort());
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [TSX, path.join('src', 'server.ts')], {
    cwd: ROOT,
    env: portalEnv(url, port, { LOG_LEVEL: 'error', ...PRODUCTION_ENV, ...opts.env }),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so a stop or a kill reaches tsx's child too
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const output = () => `${out}\n${err}`.trim();
  try {
    await waitForHealth(base, child, output);
  } catch (e) {
    await stopServer(child);
    throw e;
  }
  return {
    base,
    port,
    url,
    child,
    output,
    serverErrors: () => err.split('\n').filter((l) => /^\[[^\]\s]+\] /.test(l)),
    stop: () => stopServer(child),
    kill: async () => {
      if (exited(child)) return;
      const done = new Promise<void>((r) => child.once('exit', () => r()));
      signalGroup(child, 'SIGKILL');
      await done;
    },
  };
}

/** A migrated, empty SQLite file (no seed): for tests that create their own rows. */
export function migratedSqlite(): { url: string; file: string; drop: () => void } {
  const file = path.join(os.tmpdir(), `thidua-sys-${randomBytes(5).toString('hex')}.db`);
  const url = `file:${file}`;
  runNode([path.join(ROOT, 'scripts', 'prisma.cjs'), 'deploy'], { DATABASE_URL: url });
  return { url, file, drop: () => ['', '-wal', '-shm', '-journal'].forEach((s) => fs.rmSync(file + s, { force: true })) };
}

export type Reply = { status: number; location: string | null; retryAfter: string | null; text: string };

/** A response that never came: the connection was refused or cut (a killed server). */
export class NoReply extends Error {}

export function csrfFrom(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error(`no _csrf field in the page: ${html.slice(0, 300)}`);
  return m[1];
}

/**
 * One browser: a cookie jar, no redirects followed, requests to any instance (the same cookie
 * presented to A and B is the point of the multi-instance test).
 */
export class WebClient {
  readonly cookies = new Map<string, string>();

  constructor(private readonly timeoutMs = 45_000) {}

  async request(base: string, method: 'GET' | 'POST', pathname: string, form?: Record<string, string>): Promise<Reply> {
    const headers: Record<string, string> = { Accept: 'text/html' };
    if (this.cookies.size) headers.Cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let body: string | undefined;
    if (form) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(form).toString();
    }
    let res: Response;
    try {
      res = await fetch(base + pathname, { method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (e) {
      throw new NoReply(`${method} ${base}${pathname}: ${(e as Error).message}`, { cause: e });
    }
    let text: string;
    try {
      text = await res.text();
    } catch (e) {
      throw new NoReply(`${method} ${base}${pathname} (body): ${(e as Error).message}`, { cause: e });
    }
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      const gone = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]) < Date.now()));
      if (gone || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return { status: res.status, location: res.headers.get('location'), retryAfter: res.headers.get('retry-after'), text };
  }

  get(base: string, pathname: string): Promise<Reply> {
    return this.request(base, 'GET', pathname);
  }

  post(base: string, pathname: string, form: Record<string, string>): Promise<Reply> {
    return this.request(base, 'POST', pathname, form);
  }

  /** A form post the way a browser makes it: the page first, for its token. */
  async submit(base: string, page: string, action: string, form: Record<string, string>): Promise<Reply> {
    const res = await this.get(base, page);
    if (res.status !== 200) throw new Error(`GET ${page} answered ${res.status}, not the form`);
    return this.post(base, action, { ...form, _csrf: csrfFrom(res.text) });
  }

  /** POST /login; the reply is 302 on success, 401 with the form on any refusal. */
  async login(base: string, username: string, password = DEMO_PASSWORD): Promise<Reply> {
    const form = await this.get(base, '/login');
    return this.post(base, '/login', { username, password, _csrf: csrfFrom(form.text) });
  }

  /** Signed in on `base`: a page that needs a session answers 200, not a redirect to /login. */
  async signedIn(base: string): Promise<boolean> {
    const res = await this.get(base, '/account/password');
    if (res.status === 200) return true;
    if (res.status === 302 && res.location?.startsWith('/login')) return false;
    throw new Error(`GET /account/password answered ${res.status} (${res.location ?? ''})`);
  }
}
