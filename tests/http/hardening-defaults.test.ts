// Hardening (issue 12) with README's default configuration: evidence files under the default
// relative UPLOAD_DIR, `npm start` in production never seeds, no-store on signed-in pages and drafts
// tied to the user, TRUST_PROXY as a hop count, 503 when the database is unavailable, 405 for a
// method a page does not take.
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { createDb } from '../../src/db/client';
import { loadConfig } from '../../src/config';
import { SESSION_COOKIE } from '../../src/http/session';
import { startTestApp, loginAs, csrf, csrfFrom, type TestApp } from '../support/app';
import { DEMO_PASSWORD, ROOT, TEST_DB, emptyDatabase } from '../support/testdb';

let t: TestApp;
let base: string;
let fresh: { agencyId: number; username: string; userId: number }; // a member with no year-end sheet yet
let criterionId: number;

beforeAll(async () => {
  t = await startTestApp();
  const bloc = await t.db.blocVersion.findFirstOrThrow({ where: { name: 'Khối các cơ quan Trung ương tỉnh Nghệ An' } });
  const year = await t.db.blocYear.findUniqueOrThrow({ where: { blocId_year: { blocId: bloc.blocId, year: 2020 } }, include: { memberships: true, sheets: true } });
  base = `/blocs/${bloc.blocId}/years/2020`;
  const agencyId = year.memberships
    .map((m) => m.agencyId)
    .find((a) => a !== year.headAgencyId && a !== year.deputyAgencyId && !year.sheets.some((s) => s.agencyId === a && s.period === 'YEAR_END'))!;
  const officer = await t.db.roleAssignment.findFirstOrThrow({ where: { role: 'UNIT_OFFICER', agencyId }, include: { user: true } });
  fresh = { agencyId, username: officer.user.username, userId: officer.userId };
  const table = await t.db.criteriaTable.findFirstOrThrow({ where: { blocYearId: year.id }, include: { criteria: { orderBy: { sortOrder: 'asc' } } } });
  criterionId = table.criteria[0].id;
});
afterAll(async () => t.close());

const sheetPage = () => `${base}/scores/${fresh.agencyId}?period=YEAR_END`;

describe('1. evidence files with the default UPLOAD_DIR=./data/uploads', () => {
  it('resolves the folder once at start-up, and a file uploaded there downloads (not 500)', async () => {
    expect(path.isAbsolute(t.config.UPLOAD_DIR)).toBe(true);
    expect(t.config.UPLOAD_DIR.endsWith(path.join('data', 'uploads'))).toBe(true);
    const agent = await loginAs(t.app, fresh.username);
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(500, 0x20), Buffer.from('\n%%EOF')]);
    const up = await agent
      .post(`${base}/scores/${fresh.agencyId}/entries/${criterionId}/files`)
      .field('_csrf', await csrf(agent, sheetPage()))
      .field('period', 'YEAR_END')
      .attach('file', pdf, 'Minh chứng mặc định.pdf');
    expect(up.status).toBe(302);
    const file = await t.db.evidenceFile.findFirstOrThrow({ where: { originalName: 'Minh chứng mặc định.pdf' } });
    const down = await agent.get(`${base}/files/${file.id}`).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(down.status).toBe(200);
    expect(Buffer.compare(down.body as Buffer, pdf)).toBe(0);
    expect(t.errors).toEqual([]);
  });
});

describe('2. npm start checks the configuration before it migrates or seeds', () => {
  it('NODE_ENV=production with DEMO_MODE unset: exits non-zero, and no account was created', async () => {
    const db = await emptyDatabase();
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(40), DATABASE_URL: db.url };
      delete env.DEMO_MODE;
      const res = spawnSync('npm', ['start', '--silent'], { cwd: ROOT, env, encoding: 'utf8', timeout: 150_000 });
      expect(res.status, res.stdout + res.stderr).not.toBe(0);
      expect(res.stderr).toContain('DEMO_MODE');
      const client = createDb(db.url);
      try {
        const users = await client.user.count().catch(() => 0); // no table at all is fine too
        expect(users).toBe(0);
      } finally {
        await client.$disconnect();
      }
    } finally {
      await db.drop();
    }
  }, 180_000);
});

describe('13. no copies of signed-in pages, drafts tied to the user', () => {
  it('sends Cache-Control: no-store to a signed-in user and on the login form', async () => {
    const agent = await loginAs(t.app, 'admin');
    for (const page of ['/', '/blocs', '/account/password']) {
      expect((await agent.get(page)).headers['cache-control'], page).toBe('no-store');
    }
    expect((await request(t.app).get('/login')).headers['cache-control']).toBe('no-store');
  });

  it('keys score drafts by user, and the logout form clears them (public/js, run as served)', async () => {
    const agent = await loginAs(t.app, fresh.username);
    const page = await agent.get(sheetPage());
    expect(page.status).toBe(200);
    const sheetForm = attrs(page.text, /<form[^>]*id="sheet-form"[^>]*>/);
    const logoutForm = attrs(page.text, /<form[^>]*action="\/logout"[^>]*>/);
    expect(sheetForm.dataset.userId).toBe(String(fresh.userId));

    const store = new FakeStorage();
    store.setItem('thidua:999:sheet:1:2:YEAR_END:self', '{}'); // another account on this browser
    store.setItem('thidua:sheet:1:2:YEAR_END:self', '{}'); // a draft from before drafts had an owner
    store.setItem('other-app', 'x');

    // sheet.js: typing stores the draft under this user's prefix
    const sheetJs = (await agent.get('/js/sheet.js')).text;
    const input = { name: `score_${criterionId}`, type: 'text', value: '7' };
    const listeners: Record<string, () => void> = {};
    const form = { ...sheetForm, querySelectorAll: () => [input], addEventListener: (ev: string, cb: () => void) => (listeners[ev] = cb) };
    vm.runInNewContext(sheetJs, { document: { getElementById: (id: string) => (id === 'sheet-form' ? form : null), querySelectorAll: () => [] }, localStorage: store, JSON, Date, Number, String, Array, Math });
    listeners.input();
    const mine = `thidua:${fresh.userId}:${sheetForm.dataset.autosaveKey}`;
    expect(store.keys()).toContain(mine);

    // app.js: submitting the logout form removes this user's drafts and the ownerless ones, nothing else
    const appJs = (await agent.get('/js/app.js')).text;
    const submit: (() => void)[] = [];
    const logout = { ...logoutForm, addEventListener: (ev: string, cb: () => void) => ev === 'submit' && submit.push(cb) };
    const forms = [logout];
    const document = {
      querySelectorAll: (sel: string) => {
        const m = /^(?:form)?\[([\w-]+)\]$/.exec(sel);
        return m ? forms.filter((f) => m[1] in f.attributes) : [];
      },
    };
    vm.runInNewContext(appJs, { document, localStorage: store, window: { confirm: () => true, addEventListener: () => undefined } });
    expect(submit.length).toBe(1);
    submit[0]();
    expect(store.keys().sort()).toEqual(['other-app', 'thidua:999:sheet:1:2:YEAR_END:self']);
  });
});

describe('16. TRUST_PROXY as a hop count', () => {
  it('TRUST_PROXY=2 takes the client address two proxies back (recorded in the audit log)', async () => {
    const proxied = await startTestApp({ TRUST_PROXY: '2' });
    try {
      const agent = request.agent(proxied.app);
      const token = await csrf(agent);
      const res = await agent
        .post('/login')
        .set('X-Forwarded-For', '203.0.113.7, 198.51.100.1')
        .type('form')
        .send({ username: 'admin', password: DEMO_PASSWORD, _csrf: token });
      expect(res.status).toBe(302);
      const row = await proxied.db.auditLog.findFirstOrThrow({ where: { action: 'auth.login' }, orderBy: { id: 'desc' } });
      expect(row.ip).toBe('203.0.113.7');
    } finally {
      await proxied.close();
    }
  });
});

describe('18. database unavailable → 503, unknown method → 405', () => {
  it('a database server that does not answer: /healthz JSON 503, pages a Vietnamese 503 with Retry-After', async () => {
    const down = createDb('postgresql://postgres@127.0.0.1:1/thidua');
    const logged: string[] = [];
    const app = createApp(down, loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/thidua' }), (m) => logged.push(m));
    try {
      const health = await request(app).get('/healthz');
      expect(health.status).toBe(503);
      expect(health.body).toEqual({ ok: false });
      expect(Number(health.headers['retry-after'])).toBeGreaterThan(0);
      // a signed-in browser: its session cookie makes the store read the database
      const cookie = await sessionCookie();
      const page = await request(app).get('/blocs').set('Cookie', cookie).set('Accept', 'text/html');
      expect(page.status).toBe(503);
      expect(Number(page.headers['retry-after'])).toBeGreaterThan(0);
      expect(page.text).toContain('tạm thời không truy cập được cơ sở dữ liệu');
      expect(page.text).not.toMatch(/at .*\.ts:\d+|Prisma/);
    } finally {
      await down.$disconnect();
    }
  });

  it.runIf(TEST_DB === 'sqlite')('SQLite locked by another process: 503 with Retry-After, nothing half-written', async () => {
    const file = t.config.DATABASE_URL.replace(/^file:/, '');
    const agent = request.agent(t.app);
    const token = csrfFrom((await agent.get('/login')).text);
    const before = await t.db.auditLog.count();
    const other = new Database(file);
    other.exec('BEGIN EXCLUSIVE');
    let res: request.Response;
    try {
      res = await agent.post('/login').type('form').send({ username: 'admin', password: DEMO_PASSWORD, _csrf: token });
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(res.status).toBe(503);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.text).toContain('vui lòng thử lại');
    expect(await t.db.auditLog.count()).toBe(before);
    t.errors.length = 0;
  }, 60_000);

  it('answers 405 with Allow for a method a page path does not take, anonymous or signed in', async () => {
    const anon = await request(t.app).put('/audit');
    expect(anon.status).toBe(405);
    expect(anon.headers.allow).toBe('GET, HEAD');
    expect(anon.text).toContain('không nhận thao tác');
    const del = await request(t.app).delete('/login');
    expect(del.status).toBe(405);
    expect(del.headers.allow).toBe('GET, HEAD, POST');
    const agent = await loginAs(t.app, 'admin');
    const put = await agent.put(`${base}/scores/${fresh.agencyId}`).type('form').send({});
    expect(put.status).toBe(405);
    expect(put.headers.allow).toContain('GET');
    // a path with no route at all stays a 404 (or the CSRF refusal), never a 405
    expect((await agent.put('/khong-co-trang-nay')).status).not.toBe(405);
    expect((await request(t.app).get('/khong-co-trang-nay')).status).toBe(404);
  });
});

async function sessionCookie(): Promise<string> {
  const agent = request.agent(t.app);
  const token = await csrf(agent);
  const res = await agent.post('/login').type('form').send({ username: 'admin', password: DEMO_PASSWORD, _csrf: token });
  const c = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((v) => v.startsWith(`${SESSION_COOKIE}=`));
  if (!c) throw new Error('no session cookie');
  return c.split(';')[0];
}

function attrs(html: string, tag: RegExp): { attributes: Record<string, string>; dataset: Record<string, string> } {
  const m = tag.exec(html);
  if (!m) throw new Error(`no ${tag} in page`);
  const attributes: Record<string, string> = {};
  const dataset: Record<string, string> = {};
  for (const a of m[0].matchAll(/([\w-]+)(?:="([^"]*)")?/g)) {
    if (a[1] === 'form') continue;
    attributes[a[1]] = a[2] ?? '';
    if (a[1].startsWith('data-')) dataset[a[1].slice(5).replace(/-(\w)/g, (_s, c: string) => c.toUpperCase())] = (a[2] ?? '').replace(/&#34;/g, '"');
  }
  return { attributes, dataset };
}

class FakeStorage {
  private readonly m = new Map<string, string>();
  get length() {
    return this.m.size;
  }
  key(i: number) {
    return [...this.m.keys()][i] ?? null;
  }
  getItem(k: string) {
    return this.m.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.m.set(k, String(v));
  }
  removeItem(k: string) {
    this.m.delete(k);
  }
  keys() {
    return [...this.m.keys()];
  }
}
