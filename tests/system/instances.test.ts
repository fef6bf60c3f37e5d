// Two portal processes on one PostgreSQL database, as behind the compose file's nginx: a browser
// may reach either one at any request. Sessions, the sign-in throttle and account state live in
// the database, so what one instance does the other sees at the very next request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../src/db/client';
import { cloneTemplate, TEST_DB } from '../support/testdb';
import { startPortal, WebClient, type Portal } from '../support/server';

const OFFICER = 'thue.nghean'; // a demo unit officer
const ADMIN = 'admin';

describe.skipIf(TEST_DB !== 'postgres')('two instances on one PostgreSQL database', () => {
  let db: Db;
  let drop: () => Promise<void>;
  let a: Portal;
  let b: Portal;

  beforeAll(async () => {
    const clone = await cloneTemplate();
    drop = clone.drop;
    db = createDb(clone.url);
    // Two free failures per key, so the throttle test needs few attempts; the same rules on both.
    const env = { LOGIN_FREE_FAILURES: '2' };
    [a, b] = await Promise.all([startPortal(clone.url, { env }), startPortal(clone.url, { env })]);
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.$disconnect();
    await drop?.();
  });

  it('a session made on A works on B; signing out on B ends it on A', async () => {
    const browser = new WebClient();
    expect((await browser.login(a.base, OFFICER)).status).toBe(302);
    expect(await browser.signedIn(b.base)).toBe(true);
    expect(await browser.signedIn(a.base)).toBe(true);

    const stolen = new Map(browser.cookies); // the same cookie, kept by someone else
    const out = await browser.submit(b.base, '/account/password', '/logout', {});
    expect(out.status).toBe(302);
    expect(out.location).toBe('/login');

    const replay = new WebClient();
    for (const [k, v] of stolen) replay.cookies.set(k, v);
    expect(await replay.signedIn(a.base)).toBe(false);
    expect(await replay.signedIn(b.base)).toBe(false);
  });

  it('the admin disabling the account on A ends its session on B at once', async () => {
    const officer = new WebClient();
    expect((await officer.login(b.base, OFFICER)).status).toBe(302);
    expect(await officer.signedIn(b.base)).toBe(true); // B has just read this session and this user

    const admin = new WebClient();
    expect((await admin.login(a.base, ADMIN)).status).toBe(302);
    const { id } = await db.user.findUniqueOrThrow({ where: { username: OFFICER }, select: { id: true } });
    const disabled = await admin.submit(a.base, '/admin/users', `/admin/users/${id}/disable`, {});
    expect(disabled.status).toBe(302);

    expect(await officer.signedIn(b.base)).toBe(false);
    expect(await officer.signedIn(a.base)).toBe(false);
    // nor can it sign in again, on either
    expect((await new WebClient().login(b.base, OFFICER)).status).toBe(401);

    const enabled = await admin.submit(a.base, '/admin/users', `/admin/users/${id}/enable`, {});
    expect(enabled.status).toBe(302);
    expect((await new WebClient().login(b.base, OFFICER)).status).toBe(302);
  });

  it('the sign-in throttle counts failures made on A and on B together', async () => {
    const username = 'khobac.nghean';
    const browser = new WebClient();
    const key = `user:${username}`;
    const untilFree = async () => {
      const row = await db.loginThrottle.findUnique({ where: { key } });
      const ms = (row?.blockedUntil?.getTime() ?? 0) - Date.now();
      if (ms > 0) await new Promise((r) => setTimeout(r, ms + 100));
    };
    // LOGIN_FREE_FAILURES=2, failures alternating A, B, A, B, A: each instance alone has seen at
    // most three; together they have seen five, so the account now waits 1, 2, then 4 s — on both.
    for (const [i, portal] of [a, b, a, b, a].entries()) {
      await untilFree(); // a failure while the key waits is not counted: let each one count
      expect((await browser.login(portal.base, username, `sai-mat-khau-${i}`)).status).toBe(401);
    }
    const row = await db.loginThrottle.findUniqueOrThrow({ where: { key } });
    expect(row.failures).toBe(5);
    expect(row.blockedUntil!.getTime() - Date.now()).toBeGreaterThan(1500); // the 4 s wait
    // the right password, on either instance, is refused while the account waits
    expect((await browser.login(b.base, username)).status).toBe(401);
    expect((await browser.login(a.base, username)).status).toBe(401);
    await untilFree();
    expect((await browser.login(b.base, username)).status).toBe(302);
  });
});
