// Sessions (issue 12, items 14 and 15): an expired row is dead even before pruning, reads do not
// write, and anonymous requests store no session at all while the login form stays CSRF-protected.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE, pruneSessions } from '../../src/http/session';
import { LOGIN_CSRF_COOKIE } from '../../src/http/csrf';
import { startTestApp, loginAs, csrf, csrfFrom, type TestApp } from '../support/app';
import { DEMO_PASSWORD } from '../support/testdb';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

function setCookies(res: request.Response): string[] {
  return ([] as string[]).concat(res.headers['set-cookie'] ?? []);
}

/** The session rows of this agent: it is the last one created (tests of this file run in order). */
async function newestSession() {
  return t.db.session.findFirstOrThrow({ orderBy: { expiresAt: 'desc' } });
}

describe('14. the store checks expiry on every read', () => {
  it('a cookie replayed after the idle limit is refused, and its row is gone (not extended)', async () => {
    const agent = await loginAs(t.app, 'admin');
    expect((await agent.get('/')).status).toBe(200);
    const row = await newestSession();
    // the idle limit passed without a prune: only the row says so
    await t.db.session.update({ where: { sid: row.sid }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const replay = await agent.get('/');
    expect(replay.status).toBe(302);
    expect(replay.headers.location).toBe('/login');
    expect(await t.db.session.findUnique({ where: { sid: row.sid } })).toBeNull();
    expect((await agent.get('/blocs')).status).toBe(302);
  });

  it('reading pages does not rewrite the session row each time; the expiry moves once it is a minute stale', async () => {
    const agent = await loginAs(t.app, 'bantdkt.nghean');
    await agent.get('/');
    const row = await newestSession();
    for (const page of ['/', '/blocs', '/agencies']) expect((await agent.get(page)).status).toBe(200);
    const after = await t.db.session.findUniqueOrThrow({ where: { sid: row.sid } });
    expect(after.expiresAt.getTime()).toBe(row.expiresAt.getTime());
    expect(after.data).toBe(row.data);

    // two minutes of idling later (as the row sees it), a read rolls the expiry forward again
    const older = new Date(row.expiresAt.getTime() - 2 * 60_000);
    await t.db.session.update({ where: { sid: row.sid }, data: { expiresAt: older } });
    expect((await agent.get('/')).status).toBe(200);
    const rolled = await t.db.session.findUniqueOrThrow({ where: { sid: row.sid } });
    expect(rolled.expiresAt.getTime()).toBeGreaterThan(older.getTime() + 60_000);
    expect(rolled.expiresAt.getTime()).toBeGreaterThanOrEqual(row.expiresAt.getTime());
  });

  it('pruneSessions still removes expired rows', async () => {
    await loginAs(t.app, 'admin');
    const row = await newestSession();
    await t.db.session.update({ where: { sid: row.sid }, data: { expiresAt: new Date(Date.now() - 60_000) } });
    expect(await pruneSessions(t.db)).toBeGreaterThanOrEqual(1);
    expect(await t.db.session.findUnique({ where: { sid: row.sid } })).toBeNull();
  });
});

describe('15. anonymous requests store no session', () => {
  it('GET /login, an unknown page, /healthz and a static file write no Session row and set no session cookie', async () => {
    const before = await t.db.session.count();
    for (const path of ['/login', '/khong-co-trang-nay', '/healthz', '/css/app.css', '/login?expired=1']) {
      const res = await request(t.app).get(path);
      expect(res.status, path).toBeLessThan(500);
      expect(setCookies(res).some((c) => c.startsWith(`${SESSION_COOKIE}=`)), path).toBe(false);
    }
    expect(await t.db.session.count()).toBe(before);
  });

  it('the login form carries a stateless token bound to a short-lived SameSite=Strict cookie', async () => {
    const res = await request(t.app).get('/login');
    const cookie = setCookies(res).find((c) => c.startsWith(`${LOGIN_CSRF_COOKIE}=`));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Max-Age=\d+/i);
    expect(csrfFrom(res.text)).toMatch(/^[A-Za-z0-9_-]{20,}$/);
  });

  it('POST /login is refused (403, nothing written) without the token, with a token of another browser, or with a forged one', async () => {
    const before = { sessions: await t.db.session.count(), audit: await t.db.auditLog.count() };
    const creds = { username: 'admin', password: DEMO_PASSWORD };
    expect((await request(t.app).post('/login').type('form').send(creds)).status).toBe(403);

    const victim = request.agent(t.app);
    await victim.get('/login');
    const attacker = request.agent(t.app);
    const attackerToken = await csrf(attacker);
    expect((await victim.post('/login').type('form').send({ ...creds, _csrf: attackerToken })).status).toBe(403);
    expect((await victim.post('/login').type('form').send({ ...creds, _csrf: 'x'.repeat(43) })).status).toBe(403);
    // the token without its cookie (e.g. a cross-site form post: the Strict cookie is not sent)
    expect((await request(t.app).post('/login').type('form').send({ ...creds, _csrf: attackerToken })).status).toBe(403);

    expect(await t.db.session.count()).toBe(before.sessions);
    expect(await t.db.auditLog.count()).toBe(before.audit);
  });

  it('with its token the login works, and the signed-in pages then use the session token', async () => {
    const agent = request.agent(t.app);
    const token = await csrf(agent);
    const res = await agent.post('/login').type('form').send({ username: 'admin', password: DEMO_PASSWORD, _csrf: token });
    expect(res.status).toBe(302);
    const home = await agent.get('/');
    expect(home.status).toBe(200);
    const sessionToken = csrfFrom(home.text);
    expect(sessionToken).not.toBe(token);
    // the login token is no good for other forms
    expect((await agent.post('/logout').type('form').send({ _csrf: token })).status).toBe(403);
    expect((await agent.post('/logout').type('form').send({ _csrf: sessionToken })).status).toBe(302);
  });
});
