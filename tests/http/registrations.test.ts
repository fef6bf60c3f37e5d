// Registration (đăng ký thi đua) through real HTTP on the demo data: Nghệ An 2020 is in SCORING
// (BHXH's registration is a draft, Dự trữ's waits for the head); Hà Nam 2022 is at set-up with no
// registration yet; Nghệ An 2019 is closed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, loginAs, postForm, csrf, type Agent, type TestApp } from '../support/app';

let t: TestApp;
let na: { base: string; id: number; blocId: number };
let hn: { base: string; id: number };
const agencyOf: Record<string, number> = {};
const userIdOf: Record<string, number> = {};
let bhxh: Agent;
let head: Agent;

beforeAll(async () => {
  t = await startTestApp();
  const naBloc = await t.db.blocVersion.findFirstOrThrow({ where: { name: 'Khối các cơ quan Trung ương tỉnh Nghệ An' } });
  const naYear = await t.db.blocYear.findUniqueOrThrow({ where: { blocId_year: { blocId: naBloc.blocId, year: 2020 } } });
  na = { base: `/blocs/${naBloc.blocId}/years/2020`, id: naYear.id, blocId: naBloc.blocId };
  const hnBloc = await t.db.blocVersion.findFirstOrThrow({ where: { name: 'Khối Thi đua Tổng hợp tỉnh Hà Nam' } });
  const hnYear = await t.db.blocYear.findUniqueOrThrow({ where: { blocId_year: { blocId: hnBloc.blocId, year: 2022 } } });
  hn = { base: `/blocs/${hnBloc.blocId}/years/2022`, id: hnYear.id };
  for (const a of await t.db.roleAssignment.findMany({ include: { user: true } })) {
    userIdOf[a.user.username] = a.userId;
    if (a.agencyId) agencyOf[a.user.username] = a.agencyId;
  }
  bhxh = await loginAs(t.app, 'bhxh.nghean');
  head = await loginAs(t.app, 'haiquan.nghean');
});
afterAll(async () => t.close());

const regOf = (blocYearId: number, username: string) => t.db.registration.findUnique({ where: { blocYearId_agencyId: { blocYearId, agencyId: agencyOf[username] } } });
const unitPage = (base: string, username: string) => `${base}/registrations/${agencyOf[username]}`;
const valid = {
  collectiveTitle: 'TTLDXS',
  awardAims: 'BANG_KHEN_TINH',
  targets: 'Hoàn thành 100% kế hoạch thu, chi bảo hiểm xã hội năm 2020; không để nợ đọng kéo dài.',
  staffCount: '120',
  countLdtt: '100',
  countCstdcs: '15',
  countCstdTinh: '2',
};

describe('a unit registers, the head returns it, the unit corrects it, the head accepts it (Nghệ An 2020)', () => {
  it('the unit sees its own form and the list of who has registered', async () => {
    const res = await bhxh.get(`${na.base}/registrations`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('data-testid="reg-form"');
    expect(res.text).toContain('Tập thể lao động xuất sắc');
    expect(res.text).toContain('Tình hình đăng ký của khối');
    expect(res.text).toContain('Cục Dự trữ Nhà nước khu vực Nghệ Tĩnh');
    expect(res.text).toContain('Đã gửi, chờ duyệt');
  });

  it('saves a draft (stays editable), then submits it; the audit rows are written', async () => {
    const before = (await regOf(na.id, 'bhxh.nghean'))!;
    expect(before.status).toBe('DRAFT');
    const save = await postForm(bhxh, unitPage(na.base, 'bhxh.nghean'), { ...valid, action: 'save', version: String(before.version) }, unitPage(na.base, 'bhxh.nghean'));
    expect(save.status).toBe(302);
    const draft = (await regOf(na.id, 'bhxh.nghean'))!;
    expect(draft).toMatchObject({ status: 'DRAFT', version: before.version + 1, collectiveTitle: 'TTLDXS', awardAims: 'BANG_KHEN_TINH', staffCount: 120, countLdtt: 100, countCstdcs: 15, countCstdTinh: 2, submittedAt: null });

    const page = await bhxh.get(unitPage(na.base, 'bhxh.nghean'));
    expect(page.text).toContain('data-testid="reg-form"');
    expect(page.text).toContain('value="120"');

    const submit = await postForm(
      bhxh,
      unitPage(na.base, 'bhxh.nghean'),
      { ...valid, awardAims: ['CO_TINH', 'BANG_KHEN_TINH'] as unknown as string, staffCount: '1.200', countLdtt: '1.000', countCstdcs: '150', action: 'submit', version: String(draft.version) },
      unitPage(na.base, 'bhxh.nghean'),
    );
    expect(submit.status).toBe(302);
    const sent = (await regOf(na.id, 'bhxh.nghean'))!;
    expect(sent).toMatchObject({ status: 'SUBMITTED', awardAims: 'CO_TINH,BANG_KHEN_TINH', staffCount: 1200, countLdtt: 1000, countCstdcs: 150, submittedById: userIdOf['bhxh.nghean'] });
    expect(sent.submittedAt).toBeInstanceOf(Date);
    expect(await t.db.auditLog.count({ where: { entity: 'Registration', entityId: String(sent.id), action: { in: ['registration.save', 'registration.submit'] } } })).toBe(2);
  });

  it('cannot be edited once sent (409), nothing written', async () => {
    const sent = (await regOf(na.id, 'bhxh.nghean'))!;
    const res = await postForm(bhxh, unitPage(na.base, 'bhxh.nghean'), { ...valid, staffCount: '99', action: 'save', version: String(sent.version) });
    expect(res.status).toBe(409);
    expect(res.text).toContain('Bản đăng ký đã gửi, không sửa được nữa.');
    expect(await regOf(na.id, 'bhxh.nghean')).toEqual(sent);
    // A registration the demo already sent is locked the same way.
    const dutru = await loginAs(t.app, 'dutru.nghean');
    const d = (await regOf(na.id, 'dutru.nghean'))!;
    const r2 = await postForm(dutru, unitPage(na.base, 'dutru.nghean'), { ...valid, action: 'save', version: String(d.version) });
    expect(r2.status).toBe(409);
    expect(await regOf(na.id, 'dutru.nghean')).toEqual(d);
  });

  it('the head sees every member in one table and returns the registration with a reason (required)', async () => {
    const list = await head.get(`${na.base}/registrations`);
    expect(list.status).toBe(200);
    const members = await t.db.membership.findMany({ where: { blocYearId: na.id }, include: { agencyVersion: true } });
    for (const m of members) expect(list.text).toContain(m.agencyVersion.name);
    expect(list.text).toContain('data-testid="registrations"');
    expect(list.text).toContain('1.200'); // numbers in Vietnamese format
    expect(list.text).toContain('Đã gửi, chờ duyệt');
    expect(list.text).toContain('Cờ thi đua của UBND tỉnh; Bằng khen của Chủ tịch UBND tỉnh');

    const sent = (await regOf(na.id, 'bhxh.nghean'))!;
    const page = await head.get(unitPage(na.base, 'bhxh.nghean'));
    expect(page.text).toContain('data-testid="review-forms"');
    const noReason = await postForm(head, `${unitPage(na.base, 'bhxh.nghean')}/return`, { version: String(sent.version), returnReason: 'abc' }, unitPage(na.base, 'bhxh.nghean'));
    expect(noReason.status).toBe(422);
    expect(noReason.text).toContain('Cần ghi lý do trả lại (từ 5 đến 1.000 ký tự).');
    expect(await regOf(na.id, 'bhxh.nghean')).toEqual(sent);

    const ret = await postForm(head, `${unitPage(na.base, 'bhxh.nghean')}/return`, { version: String(sent.version), returnReason: 'Số Chiến sĩ thi đua cơ sở chưa khớp với danh sách kèm theo.' }, unitPage(na.base, 'bhxh.nghean'));
    expect(ret.status).toBe(302);
    const returned = (await regOf(na.id, 'bhxh.nghean'))!;
    expect(returned).toMatchObject({ status: 'RETURNED', returnReason: 'Số Chiến sĩ thi đua cơ sở chưa khớp với danh sách kèm theo.', reviewedById: userIdOf['haiquan.nghean'] });
    expect(returned.reviewedAt).toBeInstanceOf(Date);
    expect(await t.db.auditLog.count({ where: { action: 'registration.return', entityId: String(returned.id) } })).toBe(1);
  });

  it('the unit sees the reason, corrects and sends again; the head accepts', async () => {
    const page = await bhxh.get(`${na.base}/registrations`);
    expect(page.text).toContain('data-testid="return-reason"');
    expect(page.text).toContain('Số Chiến sĩ thi đua cơ sở chưa khớp với danh sách kèm theo.');
    expect(page.text).toContain('data-testid="reg-form"');

    const returned = (await regOf(na.id, 'bhxh.nghean'))!;
    const save = await postForm(bhxh, unitPage(na.base, 'bhxh.nghean'), { ...valid, countCstdcs: '12', action: 'save', version: String(returned.version) });
    expect(save.status).toBe(302);
    expect((await regOf(na.id, 'bhxh.nghean'))!.status).toBe('RETURNED'); // a saved draft stays returned, reason kept
    const v = (await regOf(na.id, 'bhxh.nghean'))!.version;
    const resend = await postForm(bhxh, unitPage(na.base, 'bhxh.nghean'), { ...valid, countCstdcs: '12', action: 'submit', version: String(v) });
    expect(resend.status).toBe(302);
    const sent = (await regOf(na.id, 'bhxh.nghean'))!;
    expect(sent).toMatchObject({ status: 'SUBMITTED', countCstdcs: 12, returnReason: '' });

    const accept = await postForm(head, `${unitPage(na.base, 'bhxh.nghean')}/accept`, { version: String(sent.version) }, unitPage(na.base, 'bhxh.nghean'));
    expect(accept.status).toBe(302);
    const accepted = (await regOf(na.id, 'bhxh.nghean'))!;
    expect(accepted).toMatchObject({ status: 'ACCEPTED', reviewedById: userIdOf['haiquan.nghean'] });
    expect((await bhxh.get(unitPage(na.base, 'bhxh.nghean'))).text).toContain('Đã chấp nhận');

    // Only a submitted registration can be reviewed.
    const again = await postForm(head, `${unitPage(na.base, 'bhxh.nghean')}/accept`, { version: String(accepted.version) });
    expect(again.status).toBe(409);
    const ret = await postForm(head, `${unitPage(na.base, 'bhxh.nghean')}/return`, { version: String(accepted.version), returnReason: 'Thử trả lại lần nữa.' });
    expect(ret.status).toBe(409);
    expect(await regOf(na.id, 'bhxh.nghean')).toEqual(accepted);
    expect(t.errors).toEqual([]);
  });
});

describe('permissions (Nghệ An 2020)', () => {
  it("another member, the head, the board, admin and another bloc's officer cannot write a unit's registration (403), nothing written", async () => {
    const d = (await regOf(na.id, 'dutru.nghean'))!;
    await t.db.registration.update({ where: { id: d.id }, data: { status: 'DRAFT' } }); // editable for its own unit
    const before = (await regOf(na.id, 'dutru.nghean'))!;
    const auditsBefore = await t.db.auditLog.count({ where: { entity: 'Registration' } });
    for (const u of ['thue.nghean', 'haiquan.nghean', 'bantdkt.nghean', 'admin', 'thue.tayninh']) {
      const agent = await loginAs(t.app, u);
      const res = await postForm(agent, unitPage(na.base, 'dutru.nghean'), { ...valid, action: 'submit', version: String(before.version) });
      expect(res.status, u).toBe(403);
    }
    expect(await regOf(na.id, 'dutru.nghean')).toEqual(before);
    expect(await t.db.auditLog.count({ where: { entity: 'Registration' } })).toBe(auditsBefore);
  });

  it("a unit officer cannot accept or return (403); another member cannot read a unit's registration (403)", async () => {
    const d = (await regOf(na.id, 'dutru.nghean'))!;
    await t.db.registration.update({ where: { id: d.id }, data: { status: 'SUBMITTED' } });
    const before = (await regOf(na.id, 'dutru.nghean'))!;
    for (const u of ['thue.nghean', 'dutru.nghean', 'bantdkt.nghean']) {
      const agent = await loginAs(t.app, u);
      expect((await postForm(agent, `${unitPage(na.base, 'dutru.nghean')}/accept`, { version: String(before.version) })).status, u).toBe(403);
      expect((await postForm(agent, `${unitPage(na.base, 'dutru.nghean')}/return`, { version: String(before.version), returnReason: 'Không hợp lệ, đề nghị làm lại.' })).status, u).toBe(403);
    }
    expect(await regOf(na.id, 'dutru.nghean')).toEqual(before);

    const thue = await loginAs(t.app, 'thue.nghean');
    expect((await thue.get(unitPage(na.base, 'dutru.nghean'))).status).toBe(403);
    const own = await thue.get(unitPage(na.base, 'thue.nghean'));
    expect(own.status).toBe(200);
    expect(own.text).toContain('data-testid="reg-detail"'); // accepted: read-only
    // The unit's list hides the other units' details.
    const mine = await thue.get(`${na.base}/registrations`);
    expect(mine.text).not.toContain('data-testid="registrations"');
    // The board and admin see the table.
    for (const u of ['bantdkt.nghean', 'admin']) {
      const agent = await loginAs(t.app, u);
      const res = await agent.get(`${na.base}/registrations`);
      expect(res.status, u).toBe(200);
      expect(res.text).toContain('data-testid="registrations"');
      expect((await agent.get(unitPage(na.base, 'dutru.nghean'))).status, u).toBe(200);
    }
    const tayNinh = await loginAs(t.app, 'thue.tayninh');
    expect((await tayNinh.get(`${na.base}/registrations`)).status).toBe(403);
  });

  it('a closed year (Nghệ An 2019) is read-only: 403, nothing written', async () => {
    const y2019 = await t.db.blocYear.findUniqueOrThrow({ where: { blocId_year: { blocId: na.blocId, year: 2019 } } });
    const base2019 = `/blocs/${na.blocId}/years/2019`;
    const before = await regOf(y2019.id, 'bhxh.nghean');
    const res = await postForm(bhxh, unitPage(base2019, 'bhxh.nghean'), { ...valid, action: 'save', version: String(before?.version ?? 0) });
    expect(res.status).toBe(403);
    expect(res.text).toContain('Năm thi đua đã khóa sổ');
    expect(await regOf(y2019.id, 'bhxh.nghean')).toEqual(before);
    const read = await bhxh.get(`${base2019}/registrations`);
    expect(read.status).toBe(200);
    expect(read.text).not.toContain('data-testid="reg-form"');
  });
});

describe('a new registration, validation and conflicts (Hà Nam 2022)', () => {
  let thue: Agent;
  beforeAll(async () => {
    thue = await loginAs(t.app, 'thue.hanam');
  });

  it('at set-up registration is not open yet: 409 with a clear message, nothing written', async () => {
    const res = await postForm(thue, unitPage(hn.base, 'thue.hanam'), { ...valid, action: 'save', version: '0' });
    expect(res.status).toBe(409);
    expect(res.text).toContain('không cho phép đăng ký thi đua');
    expect(await t.db.registration.count({ where: { blocYearId: hn.id } })).toBe(0);
    await t.db.blocYear.update({ where: { id: hn.id }, data: { phase: 'REGISTRATION' } });
  });

  it('bad input → 422 with a message next to each field, the values kept, nothing written', async () => {
    const url = unitPage(hn.base, 'thue.hanam');
    const r1 = await postForm(thue, url, { ...valid, countLdtt: '-5', countCstdcs: 'abc', staffCount: '', action: 'save', version: '0' }, url);
    expect(r1.status).toBe(422);
    expect(r1.text).toContain('Số Lao động tiên tiến không được là số âm.');
    expect(r1.text).toContain('Số Chiến sĩ thi đua cơ sở phải là số nguyên không âm.');
    expect(r1.text).toContain('Cần nhập tổng số cán bộ');
    expect(r1.text).toContain('value="-5"');
    expect(r1.text).toContain('value="abc"');

    const r2 = await postForm(thue, url, { ...valid, countLdtt: '100', countCstdcs: '16', action: 'save', version: '0' }, url);
    expect(r2.status).toBe(422);
    expect(r2.text).toContain('Số Chiến sĩ thi đua cơ sở tối đa bằng 15% số Lao động tiên tiến, làm tròn xuống: với 100 Lao động tiên tiến thì tối đa 15.');
    expect(r2.text).toContain('value="16"');

    const r3 = await postForm(thue, url, { ...valid, collectiveTitle: 'ANH_HUNG', action: 'save', version: '0' }, url);
    expect(r3.status).toBe(422);
    expect(r3.text).toContain('Danh hiệu tập thể đăng ký không hợp lệ.');

    const r4 = await postForm(thue, url, { ...valid, staffCount: '50', countLdtt: '60', countCstdcs: '5', countCstdTinh: '6', awardAims: 'CO_CHINH_PHU', action: 'save', version: '0' }, url);
    expect(r4.status).toBe(422);
    expect(r4.text).toContain('Số Lao động tiên tiến không được vượt quá tổng số cán bộ (50).');
    expect(r4.text).toContain('Đăng ký Cờ thi đua của Chính phủ cần đăng ký cả Cờ thi đua của UBND tỉnh.');

    const r5 = await postForm(thue, url, { ...valid, countCstdTinh: '16', awardAims: 'GIAY_KHEN', targets: 'x'.repeat(4001), action: 'save', version: '0' }, url);
    expect(r5.status).toBe(422);
    expect(r5.text).toContain('Hình thức khen thưởng đăng ký không hợp lệ.');
    expect(r5.text).toContain('Chỉ tiêu, nhiệm vụ tối đa 4.000 ký tự.');

    const r6 = await postForm(thue, url, { ...valid, targets: '', action: 'submit', version: '0' }, url);
    expect(r6.status).toBe(422);
    expect(r6.text).toContain('Cần ghi chỉ tiêu, nhiệm vụ đăng ký');

    expect(await t.db.registration.count({ where: { blocYearId: hn.id } })).toBe(0);
    expect(await t.db.auditLog.count({ where: { entity: 'Registration', blocYearId: hn.id } })).toBe(0);
  });

  it('creates the registration; a form loaded before someone else saved → 409, not applied', async () => {
    const url = unitPage(hn.base, 'thue.hanam');
    const created = await postForm(thue, url, { ...valid, collectiveTitle: '', awardAims: '', action: 'save', version: '0' }, url);
    expect(created.status).toBe(302);
    const row = (await regOf(hn.id, 'thue.hanam'))!;
    expect(row).toMatchObject({ status: 'DRAFT', version: 1, collectiveTitle: '', awardAims: '' });

    // A second officer's tab still holds version 0 (the page before the row existed), then version 1 twice.
    const stale = await postForm(thue, url, { ...valid, staffCount: '130', action: 'save', version: '0' }, url);
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('Bản đăng ký vừa được cập nhật ở nơi khác. Vui lòng tải lại trang.');
    const token = await csrf(thue, url);
    const first = await thue.post(url).type('form').send({ ...valid, staffCount: '140', action: 'save', version: '1', _csrf: token });
    expect(first.status).toBe(302);
    const second = await thue.post(url).type('form').send({ ...valid, staffCount: '150', action: 'save', version: '1', _csrf: token });
    expect(second.status).toBe(409);
    const after = (await regOf(hn.id, 'thue.hanam'))!;
    expect(after).toMatchObject({ version: 2, staffCount: 140 });
    expect(await t.db.auditLog.count({ where: { entity: 'Registration', entityId: String(after.id) } })).toBe(2);
  });

  it('the head of Hà Nam may not write a member unit’s registration, only its own', async () => {
    const hanamHead = await loginAs(t.app, 'vpubnd.hanam');
    const res = await postForm(hanamHead, unitPage(hn.base, 'thue.hanam'), { ...valid, action: 'save', version: '2' });
    expect(res.status).toBe(403);
    const own = await postForm(hanamHead, unitPage(hn.base, 'vpubnd.hanam'), { ...valid, action: 'submit', version: '0' });
    expect(own.status).toBe(302);
    expect((await regOf(hn.id, 'vpubnd.hanam'))!.status).toBe('SUBMITTED');
    expect((await regOf(hn.id, 'thue.hanam'))!.version).toBe(2);
    const list = await hanamHead.get(`${hn.base}/registrations`);
    expect(list.text).toContain('<strong>1/9</strong> đơn vị đã gửi đăng ký');
    expect(t.errors).toEqual([]);
  });
});
