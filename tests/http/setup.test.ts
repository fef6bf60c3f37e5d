// Setting up the year and its criteria table, through real HTTP on the demo data: Hà Nam 2022 is at
// set-up with no criteria table (head vpubnd.hanam, deputy nhnn.hanam); Hà Nam 2021 is closed;
// Nghệ An 2020 is scoring with a locked table. The tests run in order, as the head would work:
// settings → members → criteria table → registration → scoring (table locked).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, loginAs, postForm, type Agent, type TestApp } from '../support/app';
import { formatDate } from '../../src/i18n/format';

let t: TestApp;
let blocId: number;
let base: string;
let head: Agent;

const yearRow = () => t.db.blocYear.findFirstOrThrow({ where: { blocId, year: 2022 } });
const yearTable = async () => {
  const y = await yearRow();
  return t.db.criteriaTable.findFirst({ where: { blocYearId: y.id }, include: { groups: { orderBy: { sortOrder: 'asc' } }, criteria: { orderBy: { id: 'asc' } } } });
};
/** Audit rows of changes (signing in writes its own rows). */
const auditCount = () => t.db.auditLog.count({ where: { NOT: { action: { startsWith: 'auth.' } } } });
/** Everything a write of these pages could touch: equal before and after means nothing was written. */
const snapshot = async () => {
  const y = await yearRow();
  return {
    year: y,
    memberships: await t.db.membership.findMany({ where: { blocYearId: y.id }, orderBy: { id: 'asc' } }),
    tables: await t.db.criteriaTable.findMany({ where: { blocYearId: y.id }, include: { groups: true, criteria: true } }),
    audits: await auditCount(),
  };
};
const agencyOf = async (name: string) => (await t.db.agencyVersion.findFirstOrThrow({ where: { name } })).agencyId;

/** A valid set-up form of the current version, with changes. */
const setupBody = async (changes: Record<string, string> = {}) => ({
  version: String((await yearRow()).version),
  theme: 'Đoàn kết, đổi mới, thi đua hoàn thành thắng lợi nhiệm vụ năm 2022',
  motto: 'Kỷ cương, trách nhiệm, hiệu quả',
  registrationDue: '2022-03-25',
  pledgeDue: '2022-03-31',
  criteriaDue: '2022-04-30',
  midYearReviewDue: '2022-07-20',
  selfScoreDue: '2022-11-25',
  yearEndReviewDue: '2022-12-10',
  appealUntil: '2022-12-05',
  ...changes,
});

beforeAll(async () => {
  t = await startTestApp();
  blocId = (await t.db.blocVersion.findFirstOrThrow({ where: { name: 'Khối Thi đua Tổng hợp tỉnh Hà Nam' } })).blocId;
  base = `/blocs/${blocId}/years/2022`;
  head = await loginAs(t.app, 'vpubnd.hanam');
});
afterAll(async () => t.close());

describe('the set-up page', () => {
  it('the head sees the forms; the board and the admin read it; other members and other blocs get 403', async () => {
    const page = await head.get(`${base}/setup`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Lưu thiết lập');
    expect(page.text).toContain('Văn phòng UBND tỉnh Hà Nam');
    expect(page.text).toContain('value="2022-03-31"'); // the seeded registration deadline, as yyyy-mm-dd
    expect(page.text).toContain('Cần lập bảng tiêu chí trước khi mở đăng ký.'); // the move is blocked, with its reason
    for (const u of ['bantdkt.hanam', 'admin']) {
      const res = await (await loginAs(t.app, u)).get(`${base}/setup`);
      expect(res.status).toBe(200);
      expect(res.text).toContain('chế độ chỉ đọc');
      expect(res.text).toContain('31/03/2022');
      expect(res.text).not.toContain('Lưu thiết lập');
    }
    for (const u of ['thue.hanam', 'bhxh.nghean']) {
      expect((await (await loginAs(t.app, u)).get(`${base}/setup`)).status).toBe(403);
    }
  });
});

describe('POST /setup', () => {
  it('the head saves theme, motto and deadlines (stored at noon UTC), with an audit row and a new version', async () => {
    const before = await yearRow();
    const res = await postForm(head, `${base}/setup`, await setupBody(), `${base}/setup`);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`${base}/setup`);
    const after = await yearRow();
    expect(after.theme).toBe('Đoàn kết, đổi mới, thi đua hoàn thành thắng lợi nhiệm vụ năm 2022');
    expect(after.motto).toBe('Kỷ cương, trách nhiệm, hiệu quả');
    expect(after.registrationDue?.toISOString()).toBe('2022-03-25T12:00:00.000Z');
    expect(after.appealUntil?.toISOString()).toBe('2022-12-05T12:00:00.000Z');
    expect(after.version).toBe(before.version + 1);
    expect(await t.db.auditLog.count({ where: { action: 'year.setup', blocYearId: after.id } })).toBe(1);
    const page = await head.get(`${base}/setup`);
    expect(page.text).toContain('Đã lưu thiết lập năm thi đua 2022.');
    expect(page.text).toContain('value="2022-03-25"');
  });

  it('bad dates, a theme too long → 422 with the message next to the field, the values kept, nothing written', async () => {
    const before = await snapshot();
    const res = await postForm(
      head,
      `${base}/setup`,
      await setupBody({ theme: 'Chủ đề '.repeat(60), registrationDue: '2022-02-30', yearEndReviewDue: '2030-01-01', motto: 'Khẩu hiệu giữ lại' }),
      `${base}/setup`,
    );
    expect(res.status).toBe(422);
    expect(res.text).toContain('Chủ đề tối đa 300 ký tự.');
    expect(res.text).toContain('Hạn đăng ký thi đua: ngày không hợp lệ');
    expect(res.text).toContain('Hạn tổng kết năm phải trong khoảng từ 01/01/2021 đến 31/12/2023.');
    expect(res.text).toContain('value="Khẩu hiệu giữ lại"');
    expect(res.text).toMatch(/is-invalid" id="f-registrationDue"/);

    const order = await postForm(head, `${base}/setup`, await setupBody({ selfScoreDue: '2022-03-01' }), `${base}/setup`);
    expect(order.status).toBe(422);
    expect(order.text).toContain('Hạn tự chấm điểm không được trước hạn đăng ký thi đua (25/03/2022).');
    expect(await snapshot()).toEqual(before);
  });

  it('another member, the deputy without delegation, the board, the admin, an officer of another bloc → 403, nothing written', async () => {
    const before = await snapshot();
    const body = await setupBody({ theme: 'Không được lưu' });
    for (const u of ['thue.hanam', 'nhnn.hanam', 'bantdkt.hanam', 'admin', 'bhxh.nghean']) {
      const agent = await loginAs(t.app, u);
      expect((await postForm(agent, `${base}/setup`, body)).status, u).toBe(403);
      expect((await postForm(agent, `${base}/setup/phase`, { to: 'REGISTRATION' })).status, u).toBe(403);
      expect((await postForm(agent, `${base}/criteria/copy`, { source: 'template' })).status, u).toBe(403);
      expect((await postForm(agent, `${base}/setup/members/${await agencyOf('Cục Thuế tỉnh Hà Nam')}/remove`, {})).status, u).toBe(403);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('with the delegation on, the deputy acts as head; once it is off again, it may not', async () => {
    expect((await postForm(head, `${base}/setup`, await setupBody({ deputyActsAsHead: 'on' }), `${base}/setup`)).status).toBe(302);
    expect((await yearRow()).deputyActsAsHead).toBe(true);
    const deputy = await loginAs(t.app, 'nhnn.hanam');
    expect((await deputy.get(`${base}/setup`)).text).toContain('Lưu thiết lập');
    // The deputy saves without the box ticked: the delegation ends.
    expect((await postForm(deputy, `${base}/setup`, await setupBody({ motto: 'Khối phó lưu' }), `${base}/setup`)).status).toBe(302);
    const after = await yearRow();
    expect(after.motto).toBe('Khối phó lưu');
    expect(after.deputyActsAsHead).toBe(false);
    expect((await postForm(deputy, `${base}/setup`, await setupBody())).status).toBe(403);
  });

  it('a form loaded before someone else saved → 409, and the later save is not applied', async () => {
    const stale = await setupBody({ theme: 'Bản cũ' });
    expect((await postForm(head, `${base}/setup`, await setupBody({ theme: 'Bản mới' }), `${base}/setup`)).status).toBe(302);
    const before = await snapshot();
    const res = await postForm(head, `${base}/setup`, stale, `${base}/setup`);
    expect(res.status).toBe(409);
    expect(res.text).toContain('Dữ liệu năm thi đua vừa được người khác cập nhật. Vui lòng tải lại trang.');
    expect(await snapshot()).toEqual(before);
    expect((await yearRow()).theme).toBe('Bản mới');
  });
});

describe('members', () => {
  it('the head and the deputy cannot be removed (422 with the reason); nothing written', async () => {
    const y = await yearRow();
    const before = await snapshot();
    const r1 = await postForm(head, `${base}/setup/members/${y.headAgencyId}/remove`, {}, `${base}/setup`);
    expect(r1.status).toBe(422);
    expect(r1.text).toContain('đang là Khối trưởng năm 2022');
    const r2 = await postForm(head, `${base}/setup/members/${y.deputyAgencyId}/remove`, {}, `${base}/setup`);
    expect(r2.status).toBe(422);
    expect(r2.text).toContain('đang là Khối phó năm 2022');
    expect(await snapshot()).toEqual(before);
  });

  it('a member with no records is removed (row deleted), then added back with the name valid on 1 July and last in order', async () => {
    const thue = await agencyOf('Cục Thuế tỉnh Hà Nam');
    const y = await yearRow();
    const res = await postForm(head, `${base}/setup/members/${thue}/remove`, {}, `${base}/setup`);
    expect(res.status).toBe(302);
    expect(await t.db.membership.findUnique({ where: { blocYearId_agencyId: { blocYearId: y.id, agencyId: thue } } })).toBeNull();
    const page = await head.get(`${base}/setup`);
    expect(page.text).toContain('Đã bỏ Cục Thuế tỉnh Hà Nam khỏi khối năm 2022.');
    expect(page.text).toMatch(new RegExp(`<option value="${thue}">Cục Thuế tỉnh Hà Nam</option>`));

    const added = await postForm(head, `${base}/setup/members`, { agencyId: String(thue) }, `${base}/setup`);
    expect(added.status).toBe(302);
    const m = await t.db.membership.findUniqueOrThrow({ where: { blocYearId_agencyId: { blocYearId: y.id, agencyId: thue } }, include: { agencyVersion: true } });
    const july1 = new Date(Date.UTC(2022, 6, 1, 12));
    expect(m.agencyVersion.agencyId).toBe(thue);
    expect(m.agencyVersion.validFrom <= july1 && (m.agencyVersion.validTo === null || m.agencyVersion.validTo >= july1)).toBe(true);
    const others = await t.db.membership.findMany({ where: { blocYearId: y.id, NOT: { agencyId: thue } } });
    expect(m.sortOrder).toBe(Math.max(...others.map((o) => o.sortOrder)) + 1);
    expect(await t.db.auditLog.count({ where: { action: { in: ['year.member.add', 'year.member.remove'] }, blocYearId: y.id } })).toBe(2);
  });

  it('a unit already a member, of another province, unknown, or none chosen → 422; nothing written', async () => {
    const before = await snapshot();
    const cases: [string, string][] = [
      [String(await agencyOf('Cục Thuế tỉnh Hà Nam')), 'Đơn vị đã là thành viên của khối trong năm này.'],
      [String((await t.db.agency.findFirstOrThrow({ where: { province: { name: 'Nghệ An' } } })).id), 'Không tìm thấy đơn vị này'],
      ['999999', 'Không tìm thấy đơn vị này'],
      ['', 'Vui lòng chọn đơn vị cần thêm.'],
    ];
    for (const [agencyId, message] of cases) {
      const res = await postForm(head, `${base}/setup/members`, { agencyId }, `${base}/setup`);
      expect(res.status, agencyId).toBe(422);
      expect(res.text).toContain(message);
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe('the criteria table', () => {
  it('no table yet: registration cannot open (409), a jump to scoring is refused (409), nothing written', async () => {
    const before = await snapshot();
    const r1 = await postForm(head, `${base}/setup/phase`, { to: 'REGISTRATION' }, `${base}/setup`);
    expect(r1.status).toBe(409);
    expect(r1.text).toContain('Cần lập bảng tiêu chí trước khi mở đăng ký.');
    const r2 = await postForm(head, `${base}/setup/phase`, { to: 'SCORING' }, `${base}/setup`);
    expect(r2.status).toBe(409);
    expect(r2.text).toContain('Không thể chuyển sang giai đoạn này từ giai đoạn hiện tại.');
    expect((await postForm(head, `${base}/setup/phase`, { to: 'BOGUS' }, `${base}/setup`)).status).toBe(422);
    expect(await snapshot()).toEqual(before);
  });

  it('members read "no table"; the head is offered the province template and last year’s table', async () => {
    const member = await (await loginAs(t.app, 'thue.hanam')).get(`${base}/criteria`);
    expect(member.status).toBe(200);
    expect(member.text).toContain('chưa có bảng tiêu chí');
    expect(member.text).not.toContain('Lập từ bảng mẫu');
    const page = await head.get(`${base}/criteria`);
    expect(page.text).toContain('Lập bảng tiêu chí');
    expect(page.text).toContain('Lập từ bảng mẫu của tỉnh');
    expect(page.text).toContain('Lập từ bảng năm 2021');
    // each source with its number of criteria, counted for that table alone
    const template = await t.db.criteriaTable.findFirstOrThrow({ where: { province: { name: 'Hà Nam' }, blocYearId: null }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], include: { _count: { select: { criteria: true } } } });
    expect(template._count.criteria).toBeGreaterThan(0);
    expect(page.text).toContain(`${template.name} — ${template._count.criteria} tiêu chí`);
  });

  it('the head copies the province template into a table of the year’s own', async () => {
    const template = await t.db.criteriaTable.findFirstOrThrow({ where: { province: { name: 'Hà Nam' }, blocYearId: null }, include: { groups: true, criteria: true } });
    const res = await postForm(head, `${base}/criteria/copy`, { source: 'template' }, `${base}/criteria`);
    expect(res.status).toBe(302);
    const table = (await yearTable())!;
    expect(table.sourceTableId).toBe(template.id);
    expect(table.lockedAt).toBeNull();
    expect(table.groups.map((g) => [g.code, g.name, g.isCoreTask])).toEqual(template.groups.sort((a, b) => a.sortOrder - b.sortOrder).map((g) => [g.code, g.name, g.isCoreTask]));
    const rows = (cs: typeof table.criteria) => cs.map((c) => [c.code, c.name, c.kind, c.maxCenti, c.stepCenti, c.guidance, c.sortOrder]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(rows(table.criteria)).toEqual(rows(template.criteria));
    expect(table.criteria.some((c) => template.criteria.some((x) => x.id === c.id))).toBe(false);
    expect(table.criteria.every((c) => table.groups.some((g) => g.id === c.groupId))).toBe(true); // criteria hang off the NEW groups
    expect(await t.db.auditLog.count({ where: { action: 'criteria.copy', entityId: String(table.id) } })).toBe(1);

    const page = await head.get(`${base}/criteria`);
    expect(page.text).toContain('Đã lập Bảng tiêu chí chấm điểm thi đua năm 2022');
    expect(page.text).toMatch(/Tổng điểm tối đa các tiêu chí: <strong>100<\/strong> \/ thang điểm <strong>100<\/strong>/);
    expect(page.text).toContain('Điểm thưởng');
    expect(page.text).toContain('Điểm trừ');

    const again = await postForm(head, `${base}/criteria/copy`, { source: 'previous' }, `${base}/criteria`);
    expect(again.status).toBe(409);
    expect(again.text).toContain('Năm thi đua đã có bảng tiêu chí.');
  });

  it('editing the province template never changes the year’s copy', async () => {
    const tc = await t.db.criterion.findFirstOrThrow({ where: { code: '1.1', table: { province: { name: 'Hà Nam' }, blocYearId: null } } });
    await t.db.criterion.update({ where: { id: tc.id }, data: { name: 'Tên đã sửa trong bảng mẫu', maxCenti: 3000 } });
    const mine = (await yearTable())!.criteria.find((c) => c.code === '1.1')!;
    expect(mine.id).not.toBe(tc.id);
    expect(mine.name).not.toBe('Tên đã sửa trong bảng mẫu');
    expect(mine.maxCenti).toBe(2000);
  });

  it('the head edits a criterion; the running total and the group subtotal follow', async () => {
    const c = (await yearTable())!.criteria.find((x) => x.code === '1.1')!;
    const edit = await head.get(`${base}/criteria/items/${c.id}/edit`);
    expect(edit.status).toBe(200);
    expect(edit.text).toContain('value="20"');
    const res = await postForm(
      head,
      `${base}/criteria/items/${c.id}`,
      { groupId: String(c.groupId), code: '1.1', name: 'Hoàn thành chỉ tiêu, nhiệm vụ chuyên môn năm 2022', kind: 'NORMAL', maxPoints: '17,5', stepCenti: '50', guidance: 'Đạt 100% chỉ tiêu: 17,5 điểm.' },
      `${base}/criteria/items/${c.id}/edit`,
    );
    expect(res.status).toBe(302);
    const after = (await yearTable())!.criteria.find((x) => x.id === c.id)!;
    expect(after.maxCenti).toBe(1750);
    expect(after.name).toBe('Hoàn thành chỉ tiêu, nhiệm vụ chuyên môn năm 2022');
    const page = await head.get(`${base}/criteria`);
    expect(page.text).toMatch(/Tổng điểm tối đa các tiêu chí: <strong>97,5<\/strong>/);
    expect(page.text).toContain('còn thiếu 2,5');
    expect(page.text).toMatch(/data-testid="subtotal-I">47,5/);
    expect(await t.db.auditLog.count({ where: { action: 'criteria.item.update', entityId: String(c.id) } })).toBe(1);
  });

  it('bad points, a step outside the list, a duplicate code → 422 next to the field, values kept, nothing written', async () => {
    const table = (await yearTable())!;
    const c = table.criteria.find((x) => x.code === '1.2')!;
    const before = await snapshot();
    const body = { groupId: String(c.groupId), code: '1.2', name: c.name, kind: 'NORMAL', stepCenti: '50', guidance: '' };
    const cases: [Record<string, string>, string][] = [
      [{ maxPoints: 'mười' }, 'Điểm tối đa phải là số'],
      [{ maxPoints: '0' }, 'Điểm tối đa phải lớn hơn 0.'],
      [{ maxPoints: '1001' }, 'Điểm tối đa không quá 1.000 điểm.'],
      [{ maxPoints: '10', stepCenti: '30' }, 'Bước điểm chỉ được là 0,25; 0,5 hoặc 1 điểm.'],
      [{ maxPoints: '2,25', stepCenti: '50' }, 'Điểm tối đa phải là bội số của bước điểm.'],
      [{ maxPoints: '10', code: '1.3' }, 'Bảng tiêu chí đã có tiêu chí mã 1.3.'],
    ];
    for (const [change, message] of cases) {
      const res = await postForm(head, `${base}/criteria/items/${c.id}`, { ...body, ...change }, `${base}/criteria`);
      expect(res.status, message).toBe(422);
      expect(res.text).toContain(message);
      expect(res.text).toContain(`value="${change.maxPoints}"`);
    }
    const add = await postForm(head, `${base}/criteria/items`, { ...body, code: 'X9', name: 'Tiêu chí mới', maxPoints: '' }, `${base}/criteria`);
    expect(add.status).toBe(422);
    expect(add.text).toContain('Vui lòng nhập điểm tối đa.');
    expect(add.text).toContain('value="X9"');
    expect(await snapshot()).toEqual(before);
  });

  it('the head adds a bonus item of 2,5 points; the bonus total follows', async () => {
    const table = (await yearTable())!;
    const groupV = table.groups.find((g) => g.code === 'V')!;
    const res = await postForm(
      head,
      `${base}/criteria/items`,
      { groupId: String(groupV.id), code: 'T3', name: 'Đơn vị được Chính phủ tặng Bằng khen trong năm', kind: 'BONUS', maxPoints: '2,5', stepCenti: '50', guidance: 'Cộng 2,5 điểm.' },
      `${base}/criteria`,
    );
    expect(res.status).toBe(302);
    const added = (await yearTable())!.criteria.find((c) => c.code === 'T3')!;
    expect(added).toMatchObject({ kind: 'BONUS', maxCenti: 250, stepCenti: 50, groupId: groupV.id });
    const page = await head.get(`${base}/criteria`);
    expect(page.text).toContain('Đã thêm điểm thưởng T3.');
    expect(page.text).toContain('Điểm thưởng tối đa: 10,5'); // 5 + 3 + 2,5
    expect(page.text).toMatch(/Tổng điểm tối đa các tiêu chí: <strong>97,5<\/strong>/); // bonus does not count
  });

  it('groups: add, edit, delete when empty; a group with criteria cannot be deleted (409)', async () => {
    expect((await postForm(head, `${base}/criteria/groups`, { groupCode: 'VI', groupName: 'Nhóm thử' }, `${base}/criteria`)).status).toBe(302);
    const g = (await yearTable())!.groups.find((x) => x.code === 'VI')!;
    expect(g.sortOrder).toBe(6);
    const dup = await postForm(head, `${base}/criteria/groups/${g.id}`, { groupCode: 'I', groupName: 'Trùng' }, `${base}/criteria`);
    expect(dup.status).toBe(422);
    expect(dup.text).toContain('Bảng tiêu chí đã có nhóm I.');
    expect((await postForm(head, `${base}/criteria/groups/${g.id}`, { groupCode: 'VI', groupName: 'Công tác văn hóa, thể thao', isCoreTask: 'on' }, `${base}/criteria`)).status).toBe(302);
    expect((await t.db.criteriaGroup.findUniqueOrThrow({ where: { id: g.id } })).isCoreTask).toBe(true);
    expect((await postForm(head, `${base}/criteria/groups/${g.id}/delete`, {}, `${base}/criteria`)).status).toBe(302);
    expect(await t.db.criteriaGroup.findUnique({ where: { id: g.id } })).toBeNull();

    const groupI = (await yearTable())!.groups.find((x) => x.code === 'I')!;
    const before = await snapshot();
    const res = await postForm(head, `${base}/criteria/groups/${groupI.id}/delete`, {}, `${base}/criteria`);
    expect(res.status).toBe(409);
    expect(res.text).toContain('Nhóm I còn 4 tiêu chí');
    expect(await snapshot()).toEqual(before);
  });

  it('ids of another bloc’s, another year’s or the template’s table in this year’s URLs → 404, nothing written', async () => {
    const ngheAn = await t.db.criteriaTable.findFirstOrThrow({ where: { blocYear: { year: 2020, bloc: { versions: { some: { name: 'Khối các cơ quan Trung ương tỉnh Nghệ An' } } } } }, include: { criteria: true, groups: true } });
    const lastYear = await t.db.criteriaTable.findFirstOrThrow({ where: { blocYear: { blocId, year: 2021 } }, include: { criteria: true } });
    const template = await t.db.criteriaTable.findFirstOrThrow({ where: { province: { name: 'Hà Nam' }, blocYearId: null }, include: { criteria: true } });
    const before = await snapshot();
    const beforeNgheAn = await t.db.criterion.findMany({ where: { tableId: ngheAn.id }, orderBy: { id: 'asc' } });
    const item = { groupId: String(ngheAn.groups[0].id), code: 'Z1', name: 'Không được lưu', kind: 'NORMAL', maxPoints: '5', stepCenti: '50', guidance: '' };
    for (const id of [ngheAn.criteria[0].id, lastYear.criteria[0].id, template.criteria[0].id]) {
      expect((await postForm(head, `${base}/criteria/items/${id}`, item, `${base}/criteria`)).status).toBe(404);
      expect((await postForm(head, `${base}/criteria/items/${id}/delete`, {}, `${base}/criteria`)).status).toBe(404);
      expect((await head.get(`${base}/criteria/items/${id}/edit`)).status).toBe(404);
    }
    expect((await postForm(head, `${base}/criteria/groups/${ngheAn.groups[0].id}`, { groupCode: 'Z', groupName: 'Không được lưu' }, `${base}/criteria`)).status).toBe(404);
    expect((await postForm(head, `${base}/criteria/groups/${ngheAn.groups[0].id}/delete`, {}, `${base}/criteria`)).status).toBe(404);
    // A group of another table as the target of a new criterion: refused next to the field.
    const foreignGroup = await postForm(head, `${base}/criteria/items`, item, `${base}/criteria`);
    expect(foreignGroup.status).toBe(422);
    expect(foreignGroup.text).toContain('Nhóm tiêu chí không thuộc bảng tiêu chí của năm này.');
    expect(await snapshot()).toEqual(before);
    expect(await t.db.criterion.findMany({ where: { tableId: ngheAn.id }, orderBy: { id: 'asc' } })).toEqual(beforeNgheAn);
  });
});

describe('moving the year along', () => {
  it('SETUP → REGISTRATION records openedAt; members are then fixed (409); the table can still be edited', async () => {
    const page = await head.get(`${base}/setup`);
    expect(page.text).toContain('data-confirm="Mở đăng ký thi đua năm 2022?');
    const res = await postForm(head, `${base}/setup/phase`, { to: 'REGISTRATION' }, `${base}/setup`);
    expect(res.status).toBe(302);
    const y = await yearRow();
    expect(y.phase).toBe('REGISTRATION');
    expect(y.openedAt).not.toBeNull();
    expect(await t.db.auditLog.count({ where: { action: 'year.phase', blocYearId: y.id } })).toBe(1);

    const before = await snapshot();
    const add = await postForm(head, `${base}/setup/members`, { agencyId: String(await agencyOf('Cục Thuế tỉnh Hà Nam')) }, `${base}/setup`);
    expect(add.status).toBe(409);
    expect(add.text).toContain('Chỉ thay đổi thành viên khối khi năm thi đua đang ở giai đoạn chuẩn bị');
    const remove = await postForm(head, `${base}/setup/members/${await agencyOf('Cục Thuế tỉnh Hà Nam')}/remove`, {}, `${base}/setup`);
    expect(remove.status).toBe(409);
    expect(await snapshot()).toEqual(before);
    expect((await head.get(`${base}/criteria`)).text).toContain('Thêm vào bảng');
  });

  it('REGISTRATION → SCORING is refused while the criteria do not add up to the base total (409 with the totals)', async () => {
    const page = await head.get(`${base}/setup`);
    expect(page.text).toContain('Mở chấm điểm sẽ khóa bảng tiêu chí năm 2022; không sửa được nữa.');
    const before = await snapshot();
    const res = await postForm(head, `${base}/setup/phase`, { to: 'SCORING' }, `${base}/setup`);
    expect(res.status).toBe(409);
    expect(res.text).toContain('Tổng điểm tối đa của các tiêu chí là 97,5, chưa bằng thang điểm chuẩn 100');
    expect(await snapshot()).toEqual(before);
  });

  it('with the totals right, opening scoring locks the table in the same step', async () => {
    const c = (await yearTable())!.criteria.find((x) => x.code === '1.1')!;
    const fix = await postForm(head, `${base}/criteria/items/${c.id}`, { groupId: String(c.groupId), code: '1.1', name: c.name, kind: 'NORMAL', maxPoints: '20', stepCenti: '50', guidance: c.guidance }, `${base}/criteria`);
    expect(fix.status).toBe(302);
    const res = await postForm(head, `${base}/setup/phase`, { to: 'SCORING' }, `${base}/setup`);
    expect(res.status).toBe(302);
    const y = await yearRow();
    const table = (await yearTable())!;
    expect(y.phase).toBe('SCORING');
    expect(table.lockedAt).not.toBeNull();
    expect(await t.db.auditLog.count({ where: { action: 'criteria.lock', entityId: String(table.id) } })).toBe(1);
    const page = await head.get(`${base}/criteria`);
    expect(page.text).toContain(`Đã khóa ngày ${formatDate(table.lockedAt)}`);
    expect(page.text).not.toContain('Thêm vào bảng');
  });

  it('after the lock every edit of the table → 409 and nothing is written', async () => {
    const table = (await yearTable())!;
    const c = table.criteria[0];
    const before = await snapshot();
    const item = { groupId: String(c.groupId), code: c.code, name: 'Không được lưu', kind: 'NORMAL', maxPoints: '5', stepCenti: '50', guidance: '' };
    const attempts: [string, Record<string, string>][] = [
      [`/criteria/items/${c.id}`, item],
      ['/criteria/items', { ...item, code: 'Z9' }],
      [`/criteria/items/${c.id}/delete`, {}],
      ['/criteria/groups', { groupCode: 'IX', groupName: 'Không được lưu' }],
      [`/criteria/groups/${c.groupId}`, { groupCode: 'I', groupName: 'Không được lưu' }],
      [`/criteria/groups/${c.groupId}/delete`, {}],
      ['/criteria/copy', { source: 'template' }],
    ];
    for (const [path, body] of attempts) {
      const res = await postForm(head, `${base}${path}`, body, `${base}/criteria`);
      expect(res.status, path).toBe(409);
      expect(res.text).toContain('Bảng tiêu chí đã khóa khi mở chấm điểm; không thể sửa.');
    }
    expect((await head.get(`${base}/criteria/items/${c.id}/edit`)).status).toBe(409);
    expect(await snapshot()).toEqual(before);
  });

  it('moves the order of phases does not allow → 409, nothing written; settings may still be saved', async () => {
    const before = await snapshot();
    const cases: [string, string][] = [
      ['REGISTRATION', 'Không thể chuyển sang giai đoạn này từ giai đoạn hiện tại.'],
      ['SETUP', 'Không thể chuyển sang giai đoạn này từ giai đoạn hiện tại.'],
      ['CLOSED', 'Không thể chuyển sang giai đoạn này từ giai đoạn hiện tại.'],
      ['YEAR_END_REVIEW', 'Cần chốt sơ kết 6 tháng trước khi tổng kết năm.'],
    ];
    for (const [to, message] of cases) {
      const res = await postForm(head, `${base}/setup/phase`, { to }, `${base}/setup`);
      expect(res.status, to).toBe(409);
      expect(res.text).toContain(message);
    }
    expect(await snapshot()).toEqual(before);
    expect((await postForm(head, `${base}/setup`, await setupBody({ theme: 'Lưu khi đang chấm điểm' }), `${base}/setup`)).status).toBe(302);
  });
});

describe('a closed year (Hà Nam 2021)', () => {
  it('any write → 403, even by its head; nothing written; its criteria table is still read', async () => {
    const closed = `/blocs/${blocId}/years/2021`;
    const y2021 = await t.db.blocYear.findFirstOrThrow({ where: { blocId, year: 2021 }, include: { criteria: { include: { criteria: true, groups: true } } } });
    const c = y2021.criteria[0].criteria[0];
    const audits = await auditCount();
    const oldHead = await loginAs(t.app, 'vpdbqh.hanam');
    const writes: [string, Record<string, string>][] = [
      ['/setup', { version: String(y2021.version), theme: 'Không được lưu' }],
      ['/setup/phase', { to: 'SCORING' }],
      ['/setup/members', { agencyId: String(await agencyOf('Cục Thuế tỉnh Hà Nam')) }],
      [`/setup/members/${await agencyOf('Cục Thuế tỉnh Hà Nam')}/remove`, {}],
      ['/criteria/copy', { source: 'template' }],
      [`/criteria/items/${c.id}`, { groupId: String(c.groupId), code: c.code, name: 'Không được lưu', kind: 'NORMAL', maxPoints: '5', stepCenti: '50' }],
      [`/criteria/items/${c.id}/delete`, {}],
      ['/criteria/groups', { groupCode: 'IX', groupName: 'Không được lưu' }],
    ];
    for (const [path, body] of writes) {
      const res = await postForm(oldHead, `${closed}${path}`, body);
      expect(res.status, path).toBe(403);
    }
    expect(await auditCount()).toBe(audits);
    expect(await t.db.blocYear.findFirstOrThrow({ where: { blocId, year: 2021 }, include: { criteria: { include: { criteria: true, groups: true } } } })).toEqual(y2021);
    const board = await (await loginAs(t.app, 'bantdkt.hanam')).get(`${closed}/criteria`);
    expect(board.status).toBe(200);
    expect(board.text).toContain('Đã khóa sổ');
    expect(board.text).toContain('Đã khóa ngày 15/05/2021');
    expect(board.text).not.toContain('Thêm vào bảng');
  });

  it('no request ended in a server error', () => {
    expect(t.errors).toEqual([]);
  });
});
