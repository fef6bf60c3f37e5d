// Administration of accounts: validation (422, Vietnamese messages, nothing written) and
// permission (403 for everyone but the admin, nothing written).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, loginAs, postForm, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

const valid = { username: 'thidua.moi', fullName: 'Nguyễn Thị Mai', jobTitle: 'Chuyên viên', role: 'BOARD', password: 'MatKhauBan2026' };

describe('POST /admin/users', () => {
  it('creates an account with its role and an audit row, in one go', async () => {
    const admin = await loginAs(t.app, 'admin');
    const province = await t.db.province.findFirstOrThrow({ where: { name: 'Nghệ An' } });
    const res = await postForm(admin, '/admin/users', { ...valid, provinceId: String(province.id) }, '/admin/users/new');
    expect(res.status).toBe(302);
    const u = await t.db.user.findUniqueOrThrow({ where: { username: 'thidua.moi' }, include: { assignments: true } });
    expect(u.assignments).toEqual([expect.objectContaining({ role: 'BOARD', provinceId: province.id })]);
    expect(await t.db.auditLog.count({ where: { action: 'user.create', entityId: String(u.id) } })).toBe(1);
    await loginAs(t.app, 'thidua.moi', 'MatKhauBan2026');
  });

  it('bad input → 422 with a message next to each field, and nothing written', async () => {
    const admin = await loginAs(t.app, 'admin');
    const before = await t.db.user.count();
    const res = await postForm(admin, '/admin/users', { username: 'Có Dấu', fullName: '', role: 'BOARD', provinceId: '', password: '123' }, '/admin/users/new');
    expect(res.status).toBe(422);
    expect(res.text).toContain('Tên đăng nhập chỉ gồm chữ thường không dấu');
    expect(res.text).toContain('Vui lòng nhập họ và tên.');
    expect(res.text).toContain('Thành viên Ban TĐKT cần chọn tỉnh.');
    expect(res.text).toContain('Mật khẩu mới cần ít nhất 10 ký tự');
    expect(res.text).toContain('value="Có Dấu"'); // the user's values are kept
    expect(await t.db.user.count()).toBe(before);
  });

  it('a role value outside the list, or a unit that does not exist → 422, nothing written', async () => {
    const admin = await loginAs(t.app, 'admin');
    const before = await t.db.user.count();
    const r1 = await postForm(admin, '/admin/users', { ...valid, username: 'x.role', role: 'SUPERUSER' }, '/admin/users/new');
    expect(r1.status).toBe(422);
    const r2 = await postForm(admin, '/admin/users', { ...valid, username: 'x.unit', role: 'UNIT_OFFICER', agencyId: '999999' }, '/admin/users/new');
    expect(r2.status).toBe(422);
    expect(r2.text).toContain('Đơn vị không tồn tại.');
    const r3 = await postForm(admin, '/admin/users', { ...valid, username: 'admin', provinceId: '1' }, '/admin/users/new');
    expect(r3.status).toBe(422);
    expect(r3.text).toContain('Tên đăng nhập này đã có người dùng.');
    expect(await t.db.user.count()).toBe(before);
    expect(t.errors).toEqual([]);
  });

  it('unit officers get 403; a board only reaches its own province (422 for another); nothing is written', async () => {
    const before = await t.db.user.count();
    for (const u of ['haiquan.nghean', 'thue.tayninh']) {
      const agent = await loginAs(t.app, u);
      const res = await postForm(agent, '/admin/users', { ...valid, username: `x.${u}`, provinceId: '1' });
      expect(res.status).toBe(403);
    }
    const tayNinh = await t.db.province.findFirstOrThrow({ where: { name: 'Tây Ninh' } });
    const board = await loginAs(t.app, 'bantdkt.nghean');
    const res = await postForm(board, '/admin/users', { ...valid, username: 'x.board', provinceId: String(tayNinh.id) }, '/admin/users/new');
    expect(res.status).toBe(422);
    expect(res.text).toContain('Bạn chỉ được tạo tài khoản cho tỉnh mình quản lý.');
    expect(await t.db.user.count()).toBe(before);
  });

  it('a typed initial password must be changed at first sign-in; an empty one is generated and shown once', async () => {
    const admin = await loginAs(t.app, 'admin');
    const province = await t.db.province.findFirstOrThrow({ where: { name: 'Hà Nam' } });
    const typed = await postForm(admin, '/admin/users', { ...valid, username: 'dau.hanam', provinceId: String(province.id) }, '/admin/users/new');
    expect(typed.status).toBe(302);
    expect((await t.db.user.findUniqueOrThrow({ where: { username: 'dau.hanam' } })).mustChangePassword).toBe(true);
    const generated = await postForm(admin, '/admin/users', { ...valid, username: 'sinh.hanam', provinceId: String(province.id), password: '' }, '/admin/users/new');
    expect(generated.status).toBe(200);
    expect(generated.text).toContain('data-testid="one-time-password"');
  });
});
