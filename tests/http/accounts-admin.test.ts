// Accounts of a province: the admin for every province, a board for its own. One-time passwords
// (shown once, only the hash stored, changed before anything else), disabling (open sessions end
// at once), re-enabling, the scope of a board (another province's account: 404, nothing written),
// filters and folded search, and the board's own audit log.
import { audit } from '../../src/modules/audit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { startTestApp, loginAs, postForm, csrf, type Agent, type TestApp } from '../support/app';
import { DEMO_PASSWORD } from '../support/testdb';
import { LOGIN_FAILED } from '../../src/auth/passport';
import { ONE_TIME_ALPHABET, ONE_TIME_LENGTH } from '../../src/modules/users/one-time-password';

let t: TestApp;
let ids: { nghean: number; tayninh: number; ngheanTax: number; ngheanCustoms: number; tayninhTax: number };
let board: Agent; // bantdkt.nghean
let otherBoard: Agent; // bantdkt.tayninh
let admin: Agent;

beforeAll(async () => {
  t = await startTestApp();
  const nghean = await t.db.province.findFirstOrThrow({ where: { name: 'Nghệ An' } });
  const tayninh = await t.db.province.findFirstOrThrow({ where: { name: 'Tây Ninh' } });
  const agencyOf = async (username: string) => (await t.db.roleAssignment.findFirstOrThrow({ where: { user: { username } }, select: { agencyId: true } })).agencyId!;
  ids = { nghean: nghean.id, tayninh: tayninh.id, ngheanTax: await agencyOf('thue.nghean'), ngheanCustoms: await agencyOf('haiquan.nghean'), tayninhTax: await agencyOf('thue.tayninh') };
  board = await loginAs(t.app, 'bantdkt.nghean');
  otherBoard = await loginAs(t.app, 'bantdkt.tayninh');
  admin = await loginAs(t.app, 'admin');
}, 60_000);
afterAll(async () => t.close());

const userId = async (username: string) => (await t.db.user.findUniqueOrThrow({ where: { username } })).id;
const oneTimePasswordIn = (html: string) => /data-testid="one-time-password">([^<]+)</.exec(html)?.[1];

/** What a refused request must leave alone: accounts, roles, the audit log (sessions aside). */
async function state() {
  const [users, assignments, audit] = await Promise.all([
    t.db.user.findMany({ orderBy: { id: 'asc' }, select: { id: true, passwordHash: true, isActive: true, mustChangePassword: true, passwordChangedAt: true } }),
    t.db.roleAssignment.count(),
    t.db.auditLog.count(),
  ]);
  return { users, assignments, audit };
}

async function signInStatus(username: string, password: string) {
  const agent = request.agent(t.app);
  const token = await csrf(agent, '/login');
  return agent.post('/login').type('form').send({ username, password, _csrf: token });
}

describe('a board creates the accounts of its province', () => {
  it('an officer for an agency of its province: a one-time password shown once, only its hash stored, audited with the province', async () => {
    const form = await board.get('/admin/users/new');
    expect(form.status).toBe(200);
    expect(form.text).not.toContain('value="ADMIN"'); // a board never creates an admin
    expect(form.text).toContain(`value="${ids.ngheanTax}"`);
    expect(form.text).not.toContain(`value="${ids.tayninhTax}"`);
    const res = await postForm(board, '/admin/users', { username: 'canbo.thue.nghean', fullName: 'Trần Thị Hoài', jobTitle: 'Chuyên viên', role: 'UNIT_OFFICER', agencyId: String(ids.ngheanTax), password: '' }, '/admin/users/new');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toContain('no-store');
    const password = oneTimePasswordIn(res.text)!;
    expect(password).toHaveLength(ONE_TIME_LENGTH);
    expect([...password].every((c) => ONE_TIME_ALPHABET.includes(c))).toBe(true);
    const u = await t.db.user.findUniqueOrThrow({ where: { username: 'canbo.thue.nghean' }, include: { assignments: true } });
    expect(u.mustChangePassword).toBe(true);
    expect(u.passwordHash).toMatch(/^\$argon2id\$/);
    expect(u.assignments).toEqual([expect.objectContaining({ role: 'UNIT_OFFICER', agencyId: ids.ngheanTax })]);
    const row = await t.db.auditLog.findFirstOrThrow({ where: { action: 'user.create', entityId: String(u.id) } });
    expect(row.provinceId).toBe(ids.nghean);
    // never stored in clear: not in the audit log, not in any session row
    expect(JSON.stringify(await t.db.auditLog.findMany())).not.toContain(password);
    expect(JSON.stringify(await t.db.session.findMany())).not.toContain(password);
    // shown once: the list does not show it
    expect((await board.get('/admin/users')).text).not.toContain(password);

    // a second officer of the same agency
    const again = await postForm(board, '/admin/users', { username: 'canbo2.thue.nghean', fullName: 'Lê Văn Bình', role: 'UNIT_OFFICER', agencyId: String(ids.ngheanTax) }, '/admin/users/new');
    expect(again.status).toBe(200);
    expect(await t.db.roleAssignment.count({ where: { agencyId: ids.ngheanTax, role: 'UNIT_OFFICER' } })).toBeGreaterThanOrEqual(3);
  });

  it('a board member of its province', async () => {
    const res = await postForm(board, '/admin/users', { username: 'thanhvien.bantdkt.nghean', fullName: 'Hồ Thị Lan', role: 'BOARD', provinceId: String(ids.nghean), password: 'MatKhauDau2026' }, '/admin/users/new');
    expect(res.status).toBe(302); // a typed initial password is not shown again
    const u = await t.db.user.findUniqueOrThrow({ where: { username: 'thanhvien.bantdkt.nghean' }, include: { assignments: true } });
    expect(u.assignments).toEqual([expect.objectContaining({ role: 'BOARD', provinceId: ids.nghean })]);
    expect(u.mustChangePassword).toBe(true);
  });

  it("another province's agency, another province's board or an admin → 422 next to the field, nothing written", async () => {
    const before = await state();
    const r1 = await postForm(board, '/admin/users', { username: 'x.tayninh', fullName: 'Nguyễn Văn X', role: 'UNIT_OFFICER', agencyId: String(ids.tayninhTax) }, '/admin/users/new');
    expect(r1.status).toBe(422);
    expect(r1.text).toContain('Bạn chỉ được tạo tài khoản cho đơn vị thuộc tỉnh mình quản lý.');
    expect(r1.text).toContain('value="x.tayninh"');
    const r2 = await postForm(board, '/admin/users', { username: 'x.bantdkt', fullName: 'Nguyễn Văn X', role: 'BOARD', provinceId: String(ids.tayninh) }, '/admin/users/new');
    expect(r2.status).toBe(422);
    expect(r2.text).toContain('Bạn chỉ được tạo tài khoản cho tỉnh mình quản lý.');
    const r3 = await postForm(board, '/admin/users', { username: 'x.admin', fullName: 'Nguyễn Văn X', role: 'ADMIN' }, '/admin/users/new');
    expect(r3.status).toBe(422);
    expect(r3.text).toContain('Ban TĐKT chỉ tạo tài khoản cán bộ đơn vị hoặc thành viên Ban TĐKT của tỉnh mình.');
    expect(await state()).toEqual(before);
  });

  it('a unit officer may not open or post the form (403, nothing written)', async () => {
    const officer = await loginAs(t.app, 'haiquan.nghean');
    expect((await officer.get('/admin/users')).status).toBe(403);
    expect((await officer.get('/admin/users/new')).status).toBe(403);
    const before = await state();
    const res = await postForm(officer, '/admin/users', { username: 'x.officer', fullName: 'Nguyễn Văn X', role: 'UNIT_OFFICER', agencyId: String(ids.ngheanCustoms) });
    expect(res.status).toBe(403);
    const reset = await postForm(officer, `/admin/users/${await userId('thue.nghean')}/reset-password`, {});
    expect(reset.status).toBe(403);
    expect(await state()).toEqual(before);
  });
});

describe('a one-time password must be changed before anything else', () => {
  it('reset by the board: shown once, old password and open sessions end, the new one signs in and is forced to change', async () => {
    const target = 'thue.nghean';
    const open = await loginAs(t.app, target);
    expect((await open.get('/')).status).toBe(200);
    const res = await postForm(board, `/admin/users/${await userId(target)}/reset-password`, {}, '/admin/users');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toContain('no-store');
    expect(res.headers.location).toBeUndefined();
    const password = oneTimePasswordIn(res.text)!;
    expect(password).toHaveLength(ONE_TIME_LENGTH);
    const u = await t.db.user.findUniqueOrThrow({ where: { username: target } });
    expect(u.mustChangePassword).toBe(true);
    const row = await t.db.auditLog.findFirstOrThrow({ where: { action: 'user.password_reset', entityId: String(u.id) } });
    expect(row.provinceId).toBe(ids.nghean);
    expect(JSON.stringify(await t.db.auditLog.findMany())).not.toContain(password);
    expect(JSON.stringify(await t.db.session.findMany())).not.toContain(password);

    // the session opened before the reset is over
    const home = await open.get('/');
    expect(home.status).toBe(302);
    expect(home.headers.location).toBe('/login');
    // the old password no longer works, the one-time one does, and leads to the change
    expect((await signInStatus(target, DEMO_PASSWORD)).status).toBe(401);
    const agent = request.agent(t.app);
    const token = await csrf(agent, '/login');
    const login = await agent.post('/login').type('form').send({ username: target, password, _csrf: token });
    expect(login.status).toBe(302);
    expect(login.headers.location).toBe('/account/password');
    // every other page leads there; writes other than the change and sign-out are refused
    for (const url of ['/', '/blocs', '/agencies']) {
      const r = await agent.get(url);
      expect(r.status, url).toBe(302);
      expect(r.headers.location).toBe('/account/password');
    }
    const page = await agent.get('/account/password');
    expect(page.status).toBe(200);
    expect(page.text).toContain('mật khẩu dùng một lần');
    const before = await state();
    const year = await t.db.blocYear.findFirstOrThrow({ where: { memberships: { some: { agencyId: ids.ngheanTax } } }, select: { blocId: true, year: true } });
    const write = await postForm(agent, `/blocs/${year.blocId}/years/${year.year}/pledge/sign`, { signerName: 'Nguyễn Văn A', signerTitle: 'Cục trưởng' });
    expect(write.status).toBe(403);
    expect(write.text).toContain('Bạn cần đổi mật khẩu dùng một lần trước khi tiếp tục.');
    expect(await state()).toEqual(before);
    // the change clears the flag; then the portal opens
    const changed = await postForm(agent, '/account/password', { currentPassword: password, newPassword: 'MatKhauRieng2026', confirmPassword: 'MatKhauRieng2026' });
    expect(changed.status).toBe(302);
    expect((await t.db.user.findUniqueOrThrow({ where: { username: target } })).mustChangePassword).toBe(false);
    expect((await agent.get('/')).status).toBe(200);
    const relogin = await signInStatus(target, 'MatKhauRieng2026');
    expect(relogin.status).toBe(302);
    expect(relogin.headers.location).toBe('/');
  });

  it('a new account signs in with its one-time password and changes it first', async () => {
    const res = await postForm(admin, '/admin/users', { username: 'moi.tayninh', fullName: 'Phạm Văn Tâm', role: 'UNIT_OFFICER', agencyId: String(ids.tayninhTax) }, '/admin/users/new');
    expect(res.status).toBe(200);
    const password = oneTimePasswordIn(res.text)!;
    const login = await signInStatus('moi.tayninh', password);
    expect(login.headers.location).toBe('/account/password');
  });

  it('an account may still sign out while it must change its password', async () => {
    await t.db.user.update({ where: { username: 'qltt.nghean' }, data: { mustChangePassword: true } });
    const a = await loginAs(t.app, 'qltt.nghean');
    const out = await postForm(a, '/logout', {});
    expect(out.status).toBe(302);
    expect(out.headers.location).toBe('/login');
    await t.db.user.update({ where: { username: 'qltt.nghean' }, data: { mustChangePassword: false } });
  });
});

describe('disable and re-enable', () => {
  it("disabling ends the user's open session at its next request; sign-in fails with the generic message; enabling lets it in again", async () => {
    const target = 'khobac.nghean';
    const id = await userId(target);
    const open = await loginAs(t.app, target);
    expect((await open.get('/')).status).toBe(200);
    const idle = await loginAs(t.app, target); // not used again until after the re-enabling
    const list = await board.get('/admin/users?q=khobac');
    expect(list.text).toMatch(new RegExp(`action="/admin/users/${id}/disable"[^>]*data-confirm="`));
    const res = await postForm(board, `/admin/users/${id}/disable`, {}, '/admin/users');
    expect(res.status).toBe(302);
    expect((await t.db.user.findUniqueOrThrow({ where: { id } })).isActive).toBe(false);
    expect((await t.db.auditLog.findFirstOrThrow({ where: { action: 'user.disable', entityId: String(id) } })).provinceId).toBe(ids.nghean);
    const next = await open.get('/');
    expect(next.status).toBe(302);
    expect(next.headers.location).toBe('/login');
    const denied = await signInStatus(target, DEMO_PASSWORD);
    expect(denied.status).toBe(401);
    expect(denied.text).toContain(LOGIN_FAILED);
    expect((await board.get('/admin/users?q=khobac')).text).toContain('Đã khóa');

    const en = await postForm(board, `/admin/users/${id}/enable`, {}, '/admin/users');
    expect(en.status).toBe(302);
    expect((await t.db.auditLog.findFirstOrThrow({ where: { action: 'user.enable', entityId: String(id) } })).provinceId).toBe(ids.nghean);
    expect((await signInStatus(target, DEMO_PASSWORD)).status).toBe(302);
    // a session that was open when the account was disabled does not come back with it
    const stale = await idle.get('/');
    expect(stale.status).toBe(302);
    expect(stale.headers.location).toBe('/login');
  });

  it('nobody disables themselves (409, nothing written)', async () => {
    const before = await state();
    for (const [agent, username] of [
      [admin, 'admin'],
      [board, 'bantdkt.nghean'],
    ] as const) {
      const res = await postForm(agent, `/admin/users/${await userId(username)}/disable`, {}, '/admin/users');
      expect(res.status).toBe(409);
      expect(res.text).toContain('Bạn không thể tự khóa tài khoản của mình.');
    }
    expect(await state()).toEqual(before);
  });
});

describe("a board never reaches another province's accounts", () => {
  it('not in its list, and reset/disable/enable → 404 with nothing written', async () => {
    const list = await otherBoard.get('/admin/users?q=nghean');
    expect(list.status).toBe(200);
    expect(list.text).not.toContain('thue.nghean');
    expect(list.text).toContain('Tổng số: 0');
    const before = await state();
    for (const username of ['thue.nghean', 'bantdkt.nghean', 'admin']) {
      const id = await userId(username);
      for (const action of ['reset-password', 'disable', 'enable']) {
        const res = await postForm(otherBoard, `/admin/users/${id}/${action}`, {}, '/admin/users');
        expect(res.status, `${username} ${action}`).toBe(404);
      }
    }
    expect(await state()).toEqual(before);
    // the admin is nobody's board member to manage
    expect((await board.get('/admin/users?q=admin')).text).not.toContain('<code>admin</code>');
  });
});

describe('filters and folded search', () => {
  const usernames = (html: string) => [...html.matchAll(/<td><code>([^<]+)<\/code><\/td>/g)].map((m) => m[1]);

  it('the admin filters by province and by agency', async () => {
    const byProvince = usernames((await admin.get(`/admin/users?provinceId=${ids.tayninh}`)).text);
    expect(byProvince).toContain('thue.tayninh');
    expect(byProvince).toContain('bantdkt.tayninh');
    expect(byProvince.some((u) => u.endsWith('.nghean'))).toBe(false);
    const byAgency = usernames((await admin.get(`/admin/users?provinceId=${ids.nghean}&agencyId=${ids.ngheanTax}`)).text);
    expect(byAgency.sort()).toEqual(['canbo.thue.nghean', 'canbo2.thue.nghean', 'thue.nghean']);
    expect((await admin.get('/admin/users?provinceId=abc')).status).toBe(422);
  });

  it('a board: only its province, search folded (case, diacritics)', async () => {
    const all = usernames((await board.get('/admin/users')).text);
    expect(all).toContain('thue.nghean');
    expect(all.some((u) => u.endsWith('.tayninh') || u.endsWith('.hanam') || u === 'admin')).toBe(false);
    for (const q of ['tran thi hoai', 'TRẦN THỊ HOÀI', 'Hoài'.normalize('NFD')]) {
      expect(usernames((await board.get('/admin/users').query({ q })).text), q).toEqual(['canbo.thue.nghean']);
    }
    // a filter on another province shows nothing of it
    expect(usernames((await board.get(`/admin/users?provinceId=${ids.tayninh}`)).text)).toEqual([]);
    const mc = await board.get('/admin/users?q=canbo');
    expect(mc.text).toContain('Phải đổi mật khẩu');
  });
});

describe("the board's audit log: its own province only", () => {
  it('shows the rows of its province, never another province nor rows without one', async () => {
    // a change in Tây Ninh, by its own board
    const tn = await postForm(otherBoard, `/admin/users/${await userId('khobac.tayninh')}/reset-password`, {}, '/admin/users');
    expect(tn.status).toBe(200);
    const tnRow = await t.db.auditLog.findFirstOrThrow({ where: { action: 'user.password_reset', provinceId: ids.tayninh } });
    const naRow = await t.db.auditLog.findFirstOrThrow({ where: { action: 'user.create', provinceId: ids.nghean } });
    const loginRow = await t.db.auditLog.findFirstOrThrow({ where: { action: 'auth.login', provinceId: null } });
    const page = await board.get('/audit');
    expect(page.status).toBe(200);
    const entities = [...page.text.matchAll(/<td>User #(\d+)<\/td>/g)].map((m) => Number(m[1]));
    expect(entities).toContain(Number(naRow.entityId));
    expect(entities).not.toContain(Number(tnRow.entityId));
    expect(page.text).not.toContain('<code>auth.login</code>');
    const total = Number(/Tổng số: ([\d.]+)/.exec(page.text)?.[1].replace(/\./g, ''));
    expect(total).toBe(await t.db.auditLog.count({ where: { provinceId: ids.nghean } }));
    expect(loginRow).toBeTruthy();
    // another province's log → 403
    expect((await board.get(`/audit?provinceId=${ids.tayninh}`)).status).toBe(403);
    // an officer has no audit log
    expect((await (await loginAs(t.app, 'thue.tayninh')).get('/audit')).status).toBe(403);
  });

  it("a change of a bloc-year is in its province's log without the writer naming the province", async () => {
    const year = await t.db.blocYear.findFirstOrThrow({ where: { bloc: { provinceId: ids.nghean } }, select: { id: true } });
    await t.db.$transaction((tx) => audit(tx, { userId: null, ip: '' }, 'test.yearChange', 'BlocYear', year.id, { blocYearId: year.id }));
    expect((await t.db.auditLog.findFirstOrThrow({ where: { action: 'test.yearChange' } })).provinceId).toBe(ids.nghean);
    expect((await board.get('/audit')).text).toContain('test.yearChange');
  });

  it('the admin sees every row, and filters by province', async () => {
    const all = await admin.get('/audit');
    expect(Number(/Tổng số: ([\d.]+)/.exec(all.text)?.[1].replace(/\./g, ''))).toBe(await t.db.auditLog.count());
    const tn = await admin.get(`/audit?provinceId=${ids.tayninh}`);
    expect(Number(/Tổng số: ([\d.]+)/.exec(tn.text)?.[1].replace(/\./g, ''))).toBe(await t.db.auditLog.count({ where: { provinceId: ids.tayninh } }));
    expect(tn.text).toContain('<code>user.password_reset</code>');
    expect(tn.text).not.toContain('<code>auth.login</code>');
  });
});
