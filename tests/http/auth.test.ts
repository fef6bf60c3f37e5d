// Accounts: login, slowing down after failures (more in login-limits.test.ts), session rotation, logout by POST only, CSRF, password change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { startTestApp, loginAs, csrf, csrfFrom, postForm, type TestApp } from '../support/app';
import { DEMO_PASSWORD } from '../support/testdb';
import { SESSION_COOKIE } from '../../src/http/session';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ LOGIN_FREE_FAILURES: '3' });
});
afterAll(async () => t.close());

function sid(res: request.Response): string | undefined {
  const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  return cookies.find((c) => c.startsWith(`${SESSION_COOKIE}=`))?.split(';')[0];
}

describe('login', () => {
  it('signs in with the demo password and shows the home page in Vietnamese', async () => {
    const agent = await loginAs(t.app, 'admin');
    const home = await agent.get('/');
    expect(home.status).toBe(200);
    expect(home.text).toContain('Xin chào');
    expect(home.text).toContain('Quản trị hệ thống');
    const audit = await t.db.auditLog.findFirst({ where: { action: 'auth.login' }, orderBy: { id: 'desc' }, include: { user: true } });
    expect(audit?.user?.username).toBe('admin');
  });

  it('rejects a wrong password with 401 and a Vietnamese message, without saying which part was wrong', async () => {
    const agent = request.agent(t.app);
    const token = await csrf(agent);
    const res = await agent.post('/login').type('form').send({ username: 'bantdkt.nghean', password: 'sai-mat-khau', _csrf: token });
    expect(res.status).toBe(401);
    expect(res.text).toContain('Tên đăng nhập hoặc mật khẩu không đúng.');
    const res2 = await agent.post('/login').type('form').send({ username: 'khong.ton.tai', password: 'x', _csrf: token });
    expect(res2.status).toBe(401);
    expect(res2.text).toContain('Tên đăng nhập hoặc mật khẩu không đúng.');
  });

  it('rejects an empty form with 422 and a message next to each field', async () => {
    const agent = request.agent(t.app);
    const token = await csrf(agent);
    const res = await agent.post('/login').type('form').send({ username: '', password: '', _csrf: token });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Vui lòng nhập tên đăng nhập.');
    expect(res.text).toContain('Vui lòng nhập mật khẩu.');
  });

  it('slows a username down after LOGIN_FREE_FAILURES wrong passwords, even with the right one, without locking it', async () => {
    const frozen = new Date();
    t.config.now = () => frozen;
    try {
      const agent = request.agent(t.app);
      const token = await csrf(agent);
      for (let i = 0; i < 4; i++) {
        expect((await agent.post('/login').type('form').send({ username: 'bantdkt.hanam', password: 'wrong', _csrf: token })).status).toBe(401);
      }
      const res = await agent.post('/login').type('form').send({ username: 'bantdkt.hanam', password: DEMO_PASSWORD, _csrf: token });
      expect(res.status).toBe(401);
      expect(res.text).toContain('Tên đăng nhập hoặc mật khẩu không đúng.');
      const u = await t.db.user.findUniqueOrThrow({ where: { username: 'bantdkt.hanam' } });
      expect(u.lockedUntil).toBeNull();
      t.config.now = () => new Date(frozen.getTime() + 1000);
      const later = await agent.post('/login').type('form').send({ username: 'bantdkt.hanam', password: DEMO_PASSWORD, _csrf: token });
      expect(later.status).toBe(302);
    } finally {
      t.config.now = () => new Date();
    }
  });

  it('changes the session id at login (no session fixation)', async () => {
    const agent = request.agent(t.app);
    // GET /login stores no session; a protected page does (returnTo): that is the id to fixate
    const before = sid(await agent.get('/blocs'));
    const first = await agent.get('/login');
    expect(before).toBeTruthy();
    const res = await agent.post('/login').type('form').send({ username: 'admin', password: DEMO_PASSWORD, _csrf: csrfFrom(first.text) });
    expect(res.status).toBe(302);
    const after = sid(res);
    expect(after).toBeTruthy();
    expect(after).not.toBe(before);
  });

  it('stores sessions in the database, not in memory', async () => {
    const before = await t.db.session.count();
    await loginAs(t.app, 'admin');
    expect(await t.db.session.count()).toBeGreaterThan(before);
  });
});

describe('logout', () => {
  it('is a POST: GET /logout does not sign out', async () => {
    const agent = await loginAs(t.app, 'admin');
    const res = await agent.get('/logout');
    expect(res.status).toBe(404);
    expect((await agent.get('/')).status).toBe(200);
  });

  it('POST /logout ends the session', async () => {
    const agent = await loginAs(t.app, 'admin');
    const token = await csrf(agent, '/');
    const res = await agent.post('/logout').type('form').send({ _csrf: token });
    expect(res.status).toBe(302);
    const home = await agent.get('/');
    expect(home.status).toBe(302);
    expect(home.headers.location).toBe('/login');
  });
});

describe('CSRF', () => {
  it('rejects a form without a token with 403', async () => {
    const agent = await loginAs(t.app, 'admin');
    const res = await agent.post('/logout').type('form').send({});
    expect(res.status).toBe(403);
    expect(res.text).toContain('Phiên làm việc của biểu mẫu đã hết hạn');
    expect((await agent.get('/')).status).toBe(200);
  });

  it('rejects a stale token (from before login) with 403', async () => {
    const agent = request.agent(t.app);
    const stale = await csrf(agent);
    await agent.post('/login').type('form').send({ username: 'admin', password: DEMO_PASSWORD, _csrf: stale });
    const res = await agent.post('/logout').type('form').send({ _csrf: stale });
    expect(res.status).toBe(403);
  });

  it('rejects a login without a token', async () => {
    const res = await request(t.app).post('/login').type('form').send({ username: 'admin', password: DEMO_PASSWORD });
    expect(res.status).toBe(403);
  });
});

describe('change password', () => {
  it('validates with messages next to the fields and writes nothing', async () => {
    const agent = await loginAs(t.app, 'thue.tayninh');
    const before = await t.db.user.findUniqueOrThrow({ where: { username: 'thue.tayninh' } });
    const res = await postForm(agent, '/account/password', { currentPassword: DEMO_PASSWORD, newPassword: 'ngan', confirmPassword: 'khac' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Mật khẩu mới cần ít nhất 10 ký tự');
    const wrong = await postForm(agent, '/account/password', { currentPassword: 'sai', newPassword: 'MatKhauMoi2026', confirmPassword: 'MatKhauMoi2026' });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('Mật khẩu hiện tại không đúng.');
    const after = await t.db.user.findUniqueOrThrow({ where: { username: 'thue.tayninh' } });
    expect(after.passwordHash).toBe(before.passwordHash);
  });

  it('changes the password, keeps this session and ends the other sessions of the user', async () => {
    const other = await loginAs(t.app, 'khobac.tayninh');
    const agent = await loginAs(t.app, 'khobac.tayninh');
    const res = await postForm(agent, '/account/password', { currentPassword: DEMO_PASSWORD, newPassword: 'MatKhauMoi2026', confirmPassword: 'MatKhauMoi2026' });
    expect(res.status).toBe(302);
    expect((await agent.get('/')).status).toBe(200);
    const otherHome = await other.get('/');
    expect(otherHome.status).toBe(302);
    expect(otherHome.headers.location).toBe('/login');
    await loginAs(t.app, 'khobac.tayninh', 'MatKhauMoi2026');
    await expect(loginAs(t.app, 'khobac.tayninh', DEMO_PASSWORD)).rejects.toThrow(/401/);
  });
});

describe('errors', () => {
  it('404 and 403 pages are in Vietnamese and show no stack trace', async () => {
    const agent = await loginAs(t.app, 'thue.tayninh');
    const nf = await agent.get('/khong-co-trang-nay');
    expect(nf.status).toBe(404);
    expect(nf.text).toContain('Không tìm thấy');
    const fb = await agent.get('/admin/users');
    expect(fb.status).toBe(403);
    expect(fb.text).toContain('Bạn không có quyền');
    expect(fb.text).not.toMatch(/at .*\.ts:\d+/);
  });

  it('security headers: a strict CSP without inline scripts', async () => {
    const res = await request(t.app).get('/login');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});
