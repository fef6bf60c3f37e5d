// What signing in costs each request (issue 13, part D): a signed-in read is one query (the
// session row joined with its user and their roles), writes no session row unless the session changed or its
// expiry must move by a minute or more, and still ends at once on idle or absolute expiry, a
// disabled account, a changed password, a sign-out — also when the requests go to two instances of
// the app on one database. Templates are compiled once unless NODE_ENV=development.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { createDb, type Db } from '../../src/db/client';
import { loadConfig, type Config } from '../../src/config';
import { TOUCH_SLACK_MS } from '../../src/http/session';
import { csrfFrom } from '../support/app';
import { cloneTemplate, DEMO_PASSWORD } from '../support/testdb';

type Instance = { app: Express; db: Db; config: Config; sql: string[] };

const IDLE_MINUTES = 30;
const ABSOLUTE_HOURS = 2;
let clock = Date.now();
let drop: () => Promise<void>;
let workdir: string;
let a: Instance;
let b: Instance;

/** One instance of the portal: its own client, store and clock reading, on the shared database. */
function instance(url: string): Instance {
  const sql: string[] = [];
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, SESSION_IDLE_MINUTES: String(IDLE_MINUTES), SESSION_ABSOLUTE_HOURS: String(ABSOLUTE_HOURS) }, workdir);
  config.now = () => new Date(clock);
  const db = createDb(url, (q) => sql.push(q));
  return { app: createApp(db, config, () => undefined), db, config, sql };
}

beforeAll(async () => {
  const clone = await cloneTemplate();
  drop = clone.drop;
  workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'thidua-cwd-'));
  a = instance(clone.url);
  b = instance(clone.url);
});

afterAll(async () => {
  await a.db.$disconnect();
  await b.db.$disconnect();
  await drop();
  fs.rmSync(workdir, { recursive: true, force: true });
});

/** Signs in on `on` and returns the session cookie to send to either instance. */
async function signIn(on: Instance, username: string): Promise<string> {
  const form = await request(on.app).get('/login');
  const loginCookie = ([] as string[]).concat(form.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]);
  const res = await request(on.app).post('/login').set('Cookie', loginCookie.join('; ')).type('form').send({ username, password: DEMO_PASSWORD, _csrf: csrfFrom(form.text) });
  expect(res.status, `sign-in of ${username}`).toBe(302);
  const sid = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('thidua.sid='));
  expect(sid).toBeDefined();
  return sid!.split(';')[0];
}

const get = (on: Instance, url: string, cookie: string) => request(on.app).get(url).set('Cookie', cookie).redirects(0);

const isSessionWrite = (q: string) => /^\s*(INSERT|UPDATE|DELETE)\b/i.test(q) && /\bSession\b/.test(q);
const sessionWrites = (on: Instance) => on.sql.filter(isSessionWrite);

describe('a signed-in read costs two queries and no write', () => {
  it('GET /account/password: one query, the session row joined with its user and their roles', async () => {
    const cookie = await signIn(a, 'admin');
    expect((await get(a, '/account/password', cookie)).status).toBe(200); // creates the form's CSRF token: a write
    for (let i = 0; i < 3; i++) {
      a.sql.length = 0;
      expect((await get(a, '/account/password', cookie)).status).toBe(200);
      expect(a.sql, a.sql.join('\n')).toHaveLength(1);
      expect(a.sql[0]).toMatch(/FROM\s+"Session"[\s\S]*JOIN\s+"User"[\s\S]*JOIN\s+"RoleAssignment"/);
    }
  });

  it('a session row whose user id the query cannot extract still works, with one more query', async () => {
    const cookie = await signIn(a, 'admin');
    await get(a, '/account/password', cookie);
    const sid = decodeURIComponent(cookie.split('=')[1]).slice(2).split('.')[0];
    const row = await a.db.session.findUniqueOrThrow({ where: { sid } });
    // the same data pretty-printed: PostgreSQL's text match of the user id misses it (SQLite's
    // json_extract does not), and passport then reads the user itself
    await a.db.session.update({ where: { sid }, data: { data: JSON.stringify(JSON.parse(row.data), null, 2) } });
    a.sql.length = 0;
    const res = await get(a, '/account/password', cookie);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Đổi mật khẩu');
    expect(a.sql.length).toBeGreaterThanOrEqual(1);
    expect(a.sql.length).toBeLessThanOrEqual(2);
  });

  it('N reads write the session row only when its expiry must move by a minute or more', async () => {
    const cookie = await signIn(a, 'bantdkt.nghean');
    await get(a, '/account/password', cookie);
    a.sql.length = 0;
    for (let i = 0; i < 10; i++) for (const page of ['/account/password', '/', '/blocs']) expect((await get(a, page, cookie)).status, page).toBe(200);
    expect(sessionWrites(a), 'no write in 30 reads').toEqual([]);

    // less than the slack later: still nothing
    clock += TOUCH_SLACK_MS - 5_000;
    for (let i = 0; i < 5; i++) await get(a, '/account/password', cookie);
    expect(sessionWrites(a)).toEqual([]);

    // past it: the next read rolls the expiry forward once, the following ones do not
    clock += 10_000;
    await get(a, '/account/password', cookie);
    expect(sessionWrites(a)).toHaveLength(1);
    for (let i = 0; i < 5; i++) await get(a, '/account/password', cookie);
    expect(sessionWrites(a)).toHaveLength(1);
    // the other instance reads the moved row and writes nothing either
    for (let i = 0; i < 5; i++) expect((await get(b, '/account/password', cookie)).status).toBe(200);
    expect(sessionWrites(b)).toEqual([]);
  });

  it('a change of the session is still written: the CSRF token of the first form, the sign-out', async () => {
    const cookie = await signIn(a, 'admin');
    a.sql.length = 0;
    const page = await get(a, '/account/password', cookie); // the first page with a form stores its token
    expect(sessionWrites(a)).toHaveLength(1);
    const row = await a.db.session.findFirstOrThrow({ where: { data: { contains: csrfFrom(page.text) } } });
    a.sql.length = 0;
    const out = await request(a.app).post('/logout').set('Cookie', cookie).type('form').send({ _csrf: csrfFrom(page.text) });
    expect(out.status).toBe(302);
    expect(sessionWrites(a).some((q) => /^\s*DELETE/i.test(q))).toBe(true);
    expect(await a.db.session.findUnique({ where: { sid: row.sid } })).toBeNull();
  });
});

describe('expiry and revocation are still enforced on every request', () => {
  it('idle: a session left longer than SESSION_IDLE_MINUTES is refused and its row removed', async () => {
    const cookie = await signIn(a, 'admin');
    expect((await get(a, '/account/password', cookie)).status).toBe(200);
    clock += (IDLE_MINUTES + 1) * 60_000;
    const res = await get(b, '/account/password', cookie);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/login');
    expect((await get(a, '/account/password', cookie)).status).toBe(302);
  });

  it('absolute: a session in use ends SESSION_ABSOLUTE_HOURS after signing in', async () => {
    const cookie = await signIn(a, 'admin');
    const step = 25 * 60_000; // within the idle limit, so only the absolute one can end it
    let elapsed = 0;
    while (elapsed + step <= ABSOLUTE_HOURS * 3_600_000) {
      clock += step;
      elapsed += step;
      expect((await get(elapsed % 2 ? a : b, '/account/password', cookie)).status, `${elapsed / 60_000} min`).toBe(200);
    }
    clock += ABSOLUTE_HOURS * 3_600_000 - elapsed + 60_000;
    const res = await get(a, '/account/password', cookie);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/login?expired=1');
  });

  it('a disabled account is signed out at its next request, on either instance', async () => {
    const onA = await signIn(a, 'khobac.nghean');
    const onB = await signIn(b, 'khobac.nghean');
    expect((await get(b, '/account/password', onA)).status).toBe(200); // a session made on A works on B
    expect((await get(a, '/account/password', onB)).status).toBe(200);
    await a.db.user.update({ where: { username: 'khobac.nghean' }, data: { isActive: false } });
    for (const [on, cookie] of [[b, onA], [a, onB]] as const) {
      const res = await get(on, '/account/password', cookie);
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe('/login');
    }
  });

  it('a password changed elsewhere ends the older sessions at once', async () => {
    const cookie = await signIn(a, 'thue.nghean');
    expect((await get(b, '/account/password', cookie)).status).toBe(200);
    await b.db.user.update({ where: { username: 'thue.nghean' }, data: { passwordChangedAt: new Date(Date.now() + 1000) } });
    expect((await get(a, '/account/password', cookie)).status).toBe(302);
  });

  it('a role taken away applies at the next request (no cached roles)', async () => {
    const cookie = await signIn(a, 'bantdkt.hanam');
    expect((await get(b, '/admin/users', cookie)).status).toBe(200);
    const user = await a.db.user.findUniqueOrThrow({ where: { username: 'bantdkt.hanam' } });
    await a.db.roleAssignment.deleteMany({ where: { userId: user.id } });
    expect((await get(b, '/admin/users', cookie)).status).toBe(403);
    expect((await get(a, '/admin/users', cookie)).status).toBe(403);
  });

  it('a sign-out on one instance ends the session on the other', async () => {
    const cookie = await signIn(a, 'admin');
    const page = await get(b, '/account/password', cookie);
    expect(page.status).toBe(200);
    const out = await request(b.app).post('/logout').set('Cookie', cookie).type('form').send({ _csrf: csrfFrom(page.text) });
    expect(out.status).toBe(302);
    expect((await get(a, '/account/password', cookie)).status).toBe(302);
  });
});

describe('templates are cached unless NODE_ENV=development is set', () => {
  it('the default (npm start), test and production cache; development re-reads', () => {
    expect(loadConfig({}).viewCache).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test' }).viewCache).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), DEMO_MODE: 'false' }).viewCache).toBe(true);
    expect(loadConfig({ NODE_ENV: 'development' }).viewCache).toBe(false);
    expect(a.app.enabled('view cache')).toBe(true);
    const dev = createApp(a.db, loadConfig({ NODE_ENV: 'development', DATABASE_URL: 'file:/nonexistent.db' }), () => undefined);
    expect(dev.enabled('view cache')).toBe(false);
  });

  it('static files are still served; pages are not looked up in public/', async () => {
    for (const file of ['/css/app.css', '/favicon.svg', '/js/app.js']) expect((await request(a.app).get(file)).status, file).toBe(200);
    expect((await request(a.app).get('/css/nope.css')).status).toBe(404);
    expect((await request(a.app).get('/css/%2e%2e/%2e%2e/package.json')).status).not.toBe(200);
  });
});
