// Sign-in limits that fit an office (issue 10) and the audit of sign-in events (issue 12, item 17):
// only failures count, per account, per address and per pair, with a growing delay instead of a lock,
// one message for every refusal. The clock is the app's injectable `config.now`, so no test sleeps.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import request from 'supertest';
import { startTestApp, loginAs, csrf, postForm, type TestApp, type Agent } from '../support/app';
import { DEMO_PASSWORD } from '../support/testdb';
import { pruneLoginThrottle, throttleRules } from '../../src/auth/throttle';

let t: TestApp;
let clock: number;

beforeAll(async () => {
  // README defaults except the reverse proxy, so a test can speak from several addresses.
  t = await startTestApp({ TRUST_PROXY: 'true' });
  t.config.now = () => new Date(clock);
});
afterAll(async () => t.close());
let day = 0;
beforeEach(() => {
  // Each test starts a day after the previous one: no wait or window of an earlier test reaches it.
  clock = Date.now() + ++day * 86_400_000;
});

const agents = new Map<string, { agent: Agent; token: string }>();

/** A sign-in attempt from `ip` (X-Forwarded-For through the one trusted proxy). */
async function attempt(username: string, password: string, ip: string) {
  let a = agents.get(ip);
  if (!a) {
    const agent = request.agent(t.app);
    a = { agent, token: await csrf(agent) };
    agents.set(ip, a);
  }
  const res = await a.agent.post('/login').set('X-Forwarded-For', ip).type('form').send({ username, password, _csrf: a.token });
  // A success rotates the session (and its CSRF token): the next attempt from this address starts afresh.
  if (res.status === 302) agents.delete(ip);
  return res;
}

function loginError(html: string): string | undefined {
  return /data-testid="login-error">([^<]*)</.exec(html)?.[1];
}

describe('only failures count', () => {
  it('30 successful sign-ins in a row from one address all succeed', async () => {
    const users = ['admin', 'bantdkt.nghean', 'bhxh.nghean'];
    for (let i = 0; i < 30; i++) {
      const res = await attempt(users[i % users.length], DEMO_PASSWORD, '10.1.1.1');
      expect(res.status, `sign-in ${i + 1}`).toBe(302);
    }
    expect(await t.db.loginThrottle.findMany({ where: { key: 'ip:10.1.1.1', failures: { gt: 0 } } })).toEqual([]);
   }, 180_000); // 30 argon2 checks: slow on a busy 2-core machine

  it('a conference: units behind one address mistype once each, then all get in', async () => {
    const units = ['bhxh.nghean', 'bantdkt.nghean', 'admin', 'bantdkt.hanam', 'thue.tayninh', 'khobac.tayninh'];
    for (const u of units) expect((await attempt(u, 'go-nham', '10.2.2.2')).status).toBe(401);
    for (const u of units) expect((await attempt(u, DEMO_PASSWORD, '10.2.2.2')).status).toBe(302);
  });
});

describe('a growing delay instead of a lock', () => {
  it('6 wrong passwords slow the account: the 7th is refused even when right, and works once the wait has passed', async () => {
    const ip = '10.3.3.3';
    for (let i = 0; i < 6; i++) expect((await attempt('bhxh.nghean', 'sai', ip)).status).toBe(401);
    const slowed = await attempt('bhxh.nghean', DEMO_PASSWORD, ip);
    expect(slowed.status).toBe(401);
    clock += 999;
    expect((await attempt('bhxh.nghean', DEMO_PASSWORD, ip)).status).toBe(401);
    clock += 1;
    expect((await attempt('bhxh.nghean', DEMO_PASSWORD, ip)).status).toBe(302);
    // The success wiped the account's and the pair's counts: five more mistakes are free again.
    for (let i = 0; i < 5; i++) expect((await attempt('bhxh.nghean', 'sai', ip)).status).toBe(401);
    expect((await attempt('bhxh.nghean', DEMO_PASSWORD, ip)).status).toBe(302);
  });

  it('each further failure doubles the wait: 1 s, 2 s, 4 s', async () => {
    const ip = '10.4.4.4';
    for (let i = 0; i < 6; i++) await attempt('bantdkt.nghean', 'sai', ip);
    for (const wait of [1000, 2000, 4000]) {
      clock += wait;
      expect((await attempt('bantdkt.nghean', 'van-sai', ip)).status).toBe(401); // counted: the next wait doubles
    }
    clock += 7999;
    expect((await attempt('bantdkt.nghean', DEMO_PASSWORD, ip)).status).toBe(401);
    clock += 1;
    expect((await attempt('bantdkt.nghean', DEMO_PASSWORD, ip)).status).toBe(302);
  });

  it('a key with no failure for the window starts afresh', async () => {
    const ip = '10.11.11.11';
    for (let i = 0; i < 6; i++) await attempt('haiquan.nghean', 'sai', ip);
    clock += t.config.LOGIN_FAILURE_WINDOW_MINUTES * 60_000 + 1;
    for (let i = 0; i < 5; i++) expect((await attempt('haiquan.nghean', 'sai', ip)).status).toBe(401);
    expect((await attempt('haiquan.nghean', DEMO_PASSWORD, ip)).status).toBe(302);
  });

  it('knocking during a wait does not lengthen it', async () => {
    const ip = '10.5.5.5';
    for (let i = 0; i < 6; i++) await attempt('thue.tayninh', 'sai', ip);
    for (let i = 0; i < 20; i++) {
      clock += 40;
      expect((await attempt('thue.tayninh', 'sai', ip)).status).toBe(401);
    }
    clock += 200; // 1 s after the 6th failure
    expect((await attempt('thue.tayninh', DEMO_PASSWORD, ip)).status).toBe(302);
    expect(await t.db.auditLog.count({ where: { action: 'auth.login_failed', ip } })).toBe(6);
  });

  it('the owner gets in from another address within the account cap while the guessing address stays slowed', async () => {
    const attacker = '203.0.113.9';
    const owner = '10.6.6.6';
    // 12 failures, each after the previous wait: the pair waits 64 s, the account only its cap.
    for (let i = 1; i <= 12; i++) {
      expect((await attempt('bantdkt.hanam', `doan-${i}`, attacker)).status).toBe(401);
      if (i < 12) clock += i <= 5 ? 0 : 2 ** (i - 6) * 1000; // the pair's wait, the longest
    }
    const cap = t.config.LOGIN_ACCOUNT_MAX_DELAY_SECONDS * 1000;
    expect((await attempt('bantdkt.hanam', DEMO_PASSWORD, owner)).status).toBe(401); // the account waits…
    clock += cap;
    expect((await attempt('bantdkt.hanam', DEMO_PASSWORD, owner)).status).toBe(302); // …at most its cap
    expect((await attempt('bantdkt.hanam', DEMO_PASSWORD, attacker)).status).toBe(401); // the pair still waits
    clock += 64_000 - cap;
    expect((await attempt('bantdkt.hanam', DEMO_PASSWORD, attacker)).status).toBe(302);
  });

  it('an address failing on many accounts is slowed as a whole; another address is not', async () => {
    const ip = '198.51.100.7';
    for (let i = 0; i < t.config.LOGIN_IP_FREE_FAILURES; i++) expect((await attempt(`khach.${i}`, 'x', ip)).status).toBe(401);
    expect((await attempt('khach.cuoi', 'x', ip)).status).toBe(401); // one more: the address now waits 1 s
    expect((await attempt('admin', DEMO_PASSWORD, ip)).status).toBe(401);
    expect((await attempt('admin', DEMO_PASSWORD, '10.7.7.7')).status).toBe(302);
    clock += 1000;
    expect((await attempt('admin', DEMO_PASSWORD, ip)).status).toBe(302);
   }, 180_000);

  it('a burst of parallel guesses gets few password checks, not one each', async () => {
    const ip = '10.8.8.8';
    const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => attempt('khobac.tayninh', `song-song-${i}`, ip)));
    expect(burst.every((r) => r.status === 401)).toBe(true);
    const checked = await t.db.auditLog.count({ where: { action: 'auth.login_failed', ip } });
    expect(checked).toBeLessThanOrEqual(t.config.LOGIN_FREE_FAILURES + 3);
  });
});

describe('one answer for every refusal', () => {
  it('unknown user, wrong password, disabled account and a slowed account get the same status and message', async () => {
    await t.db.user.update({ where: { username: 'khobac.nghean' }, data: { isActive: false } });
    for (let i = 0; i < 6; i++) await attempt('bhxh.nghean', 'sai', '10.9.9.1');
    const answers = [
      await attempt('khong.co.ai', 'x', '10.9.9.2'),
      await attempt('bantdkt.nghean', 'sai', '10.9.9.3'),
      await attempt('khobac.nghean', DEMO_PASSWORD, '10.9.9.4'),
      await attempt('bhxh.nghean', DEMO_PASSWORD, '10.9.9.1'),
    ];
    expect(answers.map((r) => r.status)).toEqual([401, 401, 401, 401]);
    const messages = new Set(answers.map((r) => loginError(r.text)));
    expect(messages.size).toBe(1);
    expect([...messages][0]).toContain('Tên đăng nhập hoặc mật khẩu không đúng.');
    expect(answers.map((r) => r.headers['retry-after'])).toEqual([undefined, undefined, undefined, undefined]);
  });
});

describe('audit of sign-in events', () => {
  it('records failed sign-ins (name folded, address, reason, never the password), slow-downs and sign-outs', async () => {
    const ip = '10.10.10.10';
    const before = await t.db.auditLog.aggregate({ _max: { id: true } });
    const since = before._max.id ?? 0;
    await attempt('  BanTDKT.HaNam ', 'MatKhauBiMat-42', ip);
    await attempt('nguoi.la', 'MatKhauBiMat-42', ip);
    const failed = await t.db.auditLog.findMany({ where: { id: { gt: since }, action: 'auth.login_failed' }, orderBy: { id: 'asc' } });
    expect(failed).toHaveLength(2);
    const hanam = await t.db.user.findUniqueOrThrow({ where: { username: 'bantdkt.hanam' } });
    expect(failed[0]).toMatchObject({ userId: null, ip, entity: 'User', entityId: String(hanam.id) });
    expect(JSON.parse(failed[0].newValue)).toEqual({ username: 'bantdkt.hanam', reason: 'wrong_password' });
    expect(failed[1]).toMatchObject({ userId: null, ip, entityId: '' });
    expect(JSON.parse(failed[1].newValue)).toEqual({ username: 'nguoi.la', reason: 'unknown_user' });
    const all = await t.db.auditLog.findMany({ where: { id: { gt: since } } });
    expect(JSON.stringify(all)).not.toContain('MatKhauBiMat');

    for (let i = 0; i < 5; i++) await attempt('nguoi.la', 'x', ip);
    const slowed = await t.db.auditLog.findFirstOrThrow({ where: { id: { gt: since }, action: 'auth.login_slowed' } });
    expect(JSON.parse(slowed.newValue)).toEqual({ username: 'nguoi.la', waitSeconds: { user: 1, pair: 1 } });

    const agent = await loginAs(t.app, 'bantdkt.hanam');
    const out = await postForm(agent, '/logout', {}, '/');
    expect(out.status).toBe(302);
    const logout = await t.db.auditLog.findFirstOrThrow({ where: { id: { gt: since }, action: 'auth.logout' } });
    expect(logout).toMatchObject({ userId: hanam.id, entity: 'User', entityId: String(hanam.id) });
  });
});

describe('old rows', () => {
  it('are pruned once their window has passed, unless they are still waiting', async () => {
    const now = new Date(clock);
    const old = new Date(clock - t.config.LOGIN_FAILURE_WINDOW_MINUTES * 60_000 - 1);
    await t.db.loginThrottle.createMany({
      data: [
        { key: 'ip:192.0.2.1', failures: 3, lastFailureAt: old },
        { key: 'ip:192.0.2.2', failures: 9, lastFailureAt: old, blockedUntil: new Date(clock + 5000) },
        { key: 'ip:192.0.2.3', failures: 2, lastFailureAt: now },
      ],
    });
    await pruneLoginThrottle(t.db, throttleRules(t.config), now);
    const left = await t.db.loginThrottle.findMany({ where: { key: { startsWith: 'ip:192.0.2.' } }, orderBy: { key: 'asc' } });
    expect(left.map((r) => r.key)).toEqual(['ip:192.0.2.2', 'ip:192.0.2.3']);
  });
});
