// The pledge (giao ước thi đua) through real HTTP on the demo data: Nghệ An 2020's pledge is
// published and signed by all but BHXH and Dự trữ; Hà Nam 2022 (set-up) has no pledge yet.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, loginAs, postForm, csrf, type Agent, type TestApp } from '../support/app';

let t: TestApp;
let na: { base: string; id: number; blocId: number; pledgeId: number };
let hn: { base: string; id: number };
const agencyOf: Record<string, number> = {};
const userIdOf: Record<string, number> = {};

beforeAll(async () => {
  t = await startTestApp();
  const naBloc = await t.db.blocVersion.findFirstOrThrow({ where: { name: 'Khối các cơ quan Trung ương tỉnh Nghệ An' } });
  const naYear = await t.db.blocYear.findUniqueOrThrow({ where: { blocId_year: { blocId: naBloc.blocId, year: 2020 } }, include: { pledge: true } });
  na = { base: `/blocs/${naBloc.blocId}/years/2020`, id: naYear.id, blocId: naBloc.blocId, pledgeId: naYear.pledge!.id };
  const hnBloc = await t.db.blocVersion.findFirstOrThrow({ where: { name: 'Khối Thi đua Tổng hợp tỉnh Hà Nam' } });
  const hnYear = await t.db.blocYear.findUniqueOrThrow({ where: { blocId_year: { blocId: hnBloc.blocId, year: 2022 } } });
  hn = { base: `/blocs/${hnBloc.blocId}/years/2022`, id: hnYear.id };
  for (const a of await t.db.roleAssignment.findMany({ include: { user: true } })) {
    userIdOf[a.user.username] = a.userId;
    if (a.agencyId) agencyOf[a.user.username] = a.agencyId;
  }
});
afterAll(async () => t.close());

const signatures = (pledgeId: number) => t.db.pledgeSignature.findMany({ where: { pledgeId }, orderBy: { id: 'asc' } });
const rowOf = (html: string, agencyId: number) => {
  const m = new RegExp(`<tr data-agency="${agencyId}">([\\s\\S]*?)</tr>`).exec(html);
  return m ? m[1] : '';
};

/** One signature block of the printable page. */
const sigBlock = (html: string, agencyId: number) => {
  const start = html.indexOf(`class="sig" data-agency="${agencyId}"`);
  if (start < 0) return '';
  const next = html.indexOf('class="sig" data-agency=', start + 1);
  return html.slice(start, next < 0 ? html.indexOf('</section>', start) : next);
};

describe('signing a published pledge (Nghệ An 2020)', () => {
  let bhxh: Agent;
  beforeAll(async () => {
    bhxh = await loginAs(t.app, 'bhxh.nghean');
  });

  it('the page shows the pledge, who has signed (name, title, time, account) and who has not', async () => {
    const res = await bhxh.get(`${na.base}/pledge`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Giao ước thi đua năm 2020');
    expect(res.text).toContain('<strong>6/8</strong> đơn vị đã ký.');
    expect(rowOf(res.text, agencyOf['bhxh.nghean'])).toContain('Chưa ký');
    expect(rowOf(res.text, agencyOf['dutru.nghean'])).toContain('Chưa ký');
    const headRow = rowOf(res.text, agencyOf['haiquan.nghean']);
    expect(headRow).toContain('Đã ký');
    expect(headRow).toContain('Khối trưởng');
    expect(headRow).toContain('(haiquan.nghean)');
    expect(headRow).toMatch(/\d{2}\/\d{2}\/2020 \d{2}:\d{2}/);
    expect(res.text).toContain('data-testid="sign-form"');
    // The published pledge is read-only, even for the head: no editor.
    const head = await loginAs(t.app, 'haiquan.nghean');
    const headPage = await head.get(`${na.base}/pledge`);
    expect(headPage.text).not.toContain('data-testid="pledge-form"');
    expect(headPage.text).not.toContain('data-testid="sign-form"'); // already signed
  });

  it('bad input → 422 with the message and the values kept, nothing written', async () => {
    const before = await signatures(na.pledgeId);
    const res = await postForm(bhxh, `${na.base}/pledge/sign`, { signerName: 'A', signerTitle: 'Giám đốc' }, `${na.base}/pledge`);
    expect(res.status).toBe(422);
    expect(res.text).toContain('Họ tên người ký cần từ 2 đến 100 ký tự.');
    expect(res.text).toContain('value="Giám đốc"');
    const long = await postForm(bhxh, `${na.base}/pledge/sign`, { signerName: 'Nguyễn Văn Nam', signerTitle: 'x'.repeat(101) }, `${na.base}/pledge`);
    expect(long.status).toBe(422);
    expect(long.text).toContain('Chức vụ tối đa 100 ký tự.');
    expect(await signatures(na.pledgeId)).toEqual(before);
  });

  it('the unit signs once; a second signature → 409 "Đơn vị đã ký giao ước."', async () => {
    const res = await postForm(bhxh, `${na.base}/pledge/sign`, { signerName: 'Nguyễn Văn Nam', signerTitle: 'Giám đốc' }, `${na.base}/pledge`);
    expect(res.status).toBe(302);
    const sig = await t.db.pledgeSignature.findUniqueOrThrow({ where: { pledgeId_agencyId: { pledgeId: na.pledgeId, agencyId: agencyOf['bhxh.nghean'] } } });
    expect(sig).toMatchObject({ signerName: 'Nguyễn Văn Nam', signerTitle: 'Giám đốc', signedById: userIdOf['bhxh.nghean'] });
    expect(await t.db.auditLog.count({ where: { action: 'pledge.sign', entityId: String(sig.id), blocYearId: na.id } })).toBe(1);

    const before = await signatures(na.pledgeId);
    const again = await postForm(bhxh, `${na.base}/pledge/sign`, { signerName: 'Trần Văn B', signerTitle: 'Phó Giám đốc' }, `${na.base}/pledge`);
    expect(again.status).toBe(409);
    expect(again.text).toContain('Đơn vị đã ký giao ước.');
    expect(await signatures(na.pledgeId)).toEqual(before);

    const page = await bhxh.get(`${na.base}/pledge`);
    expect(page.text).toContain('<strong>7/8</strong> đơn vị đã ký.');
    expect(rowOf(page.text, agencyOf['bhxh.nghean'])).toContain('Nguyễn Văn Nam, Giám đốc');
    expect(page.text).not.toContain('data-testid="sign-form"');
  });

  it('two signatures sent at the same moment: one is recorded, the other gets 409', async () => {
    const dutru = await loginAs(t.app, 'dutru.nghean');
    const token = await csrf(dutru, `${na.base}/pledge`);
    const send = () => dutru.post(`${na.base}/pledge/sign`).type('form').send({ signerName: 'Lê Văn C', signerTitle: 'Cục trưởng', _csrf: token });
    const results = await Promise.all([send(), send()]);
    expect(results.map((r) => r.status).sort()).toEqual([302, 409]);
    expect(await t.db.pledgeSignature.count({ where: { pledgeId: na.pledgeId, agencyId: agencyOf['dutru.nghean'] } })).toBe(1);
    expect(t.errors).toEqual([]);
  });

  it("nobody signs for another unit: the board, admin, another bloc's officer → 403, nothing written", async () => {
    await t.db.pledgeSignature.deleteMany({ where: { pledgeId: na.pledgeId, agencyId: agencyOf['dutru.nghean'] } });
    const before = await signatures(na.pledgeId);
    for (const u of ['bantdkt.nghean', 'admin', 'thue.tayninh', 'bantdkt.tayninh']) {
      const agent = await loginAs(t.app, u);
      const res = await postForm(agent, `${na.base}/pledge/sign`, { signerName: 'Người Lạ', signerTitle: 'Giám đốc' });
      expect(res.status, u).toBe(403);
    }
    expect(await signatures(na.pledgeId)).toEqual(before);
  });

  it('the head cannot edit or publish again a published pledge (409); a closed year is read-only (403)', async () => {
    const head = await loginAs(t.app, 'haiquan.nghean');
    const before = await t.db.pledge.findUniqueOrThrow({ where: { id: na.pledgeId } });
    const edit = await postForm(head, `${na.base}/pledge`, { title: 'Giao ước mới', body: 'Nội dung khác', targets: '', stamp: String(before.updatedAt.getTime()) });
    expect(edit.status).toBe(409);
    expect(edit.text).toContain('Giao ước đã công bố, không sửa được nữa.');
    const publish = await postForm(head, `${na.base}/pledge/publish`, {});
    expect(publish.status).toBe(409);
    expect(await t.db.pledge.findUniqueOrThrow({ where: { id: na.pledgeId } })).toEqual(before);

    const bhxh2019 = await loginAs(t.app, 'bhxh.nghean');
    const closed = await postForm(bhxh2019, `/blocs/${na.blocId}/years/2019/pledge/sign`, { signerName: 'Nguyễn Văn Nam', signerTitle: 'Giám đốc' });
    expect(closed.status).toBe(403);
    const closedPage = await bhxh2019.get(`/blocs/${na.blocId}/years/2019/pledge`);
    expect(closedPage.status).toBe(200);
    expect(closedPage.text).not.toContain('data-testid="sign-form"');
  });

  it('the printable page has the national motto, the place and date line and every signer’s name, head and deputy first', async () => {
    const res = await bhxh.get(`${na.base}/pledge/print`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(res.text).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(res.text).toContain('KHỐI CÁC CƠ QUAN TRUNG ƯƠNG TỈNH NGHỆ AN');
    expect(res.text).toContain('Nghệ An, ngày 20 tháng 02 năm 2020');
    expect(res.text).toContain('/css/print.css');
    expect(res.text).not.toContain('style=');
    expect(res.text).not.toMatch(/<script>/);
    const sigs = await signatures(na.pledgeId);
    expect(sigs.length).toBe(7);
    for (const s of sigs) expect(res.text).toContain(s.signerName);
    const order = [...res.text.matchAll(/class="sig" data-agency="(\d+)"/g)].map((m) => Number(m[1]));
    expect(order.slice(0, 2)).toEqual([agencyOf['haiquan.nghean'], agencyOf['qltt.nghean']]);
    expect(order.length).toBe(8);
    expect(sigBlock(res.text, agencyOf['dutru.nghean'])).toContain('…………'); // a blank line for the unit that has not signed
    expect(sigBlock(res.text, agencyOf['bhxh.nghean'])).toContain('Nguyễn Văn Nam');
    const css = await bhxh.get('/css/print.css');
    expect(css.status).toBe(200);
  });
});

describe('the head writes and publishes the pledge (Hà Nam 2022)', () => {
  let head: Agent;
  let thue: Agent;
  beforeAll(async () => {
    head = await loginAs(t.app, 'vpubnd.hanam');
    thue = await loginAs(t.app, 'thue.hanam');
  });
  const pledgeOf = () => t.db.pledge.findUnique({ where: { blocYearId: hn.id } });

  it('drafts the pledge at set-up; members do not see the draft; publishing waits for registration (409)', async () => {
    const empty = await head.get(`${hn.base}/pledge`);
    expect(empty.text).toContain('data-testid="pledge-form"');
    expect(empty.text).toContain('value="Giao ước thi đua năm 2022"');
    const res = await postForm(head, `${hn.base}/pledge`, { title: 'Giao ước thi đua năm 2022', body: '', targets: '', stamp: '' }, `${hn.base}/pledge`);
    expect(res.status).toBe(302);
    const draft = (await pledgeOf())!;
    expect(draft).toMatchObject({ title: 'Giao ước thi đua năm 2022', body: '', publishedAt: null });
    expect(await t.db.auditLog.count({ where: { action: 'pledge.save', entityId: String(draft.id) } })).toBe(1);

    const members = await thue.get(`${hn.base}/pledge`);
    expect(members.status).toBe(200);
    expect(members.text).not.toContain('data-testid="pledge-form"');
    expect(members.text).toContain('Khối trưởng đang soạn giao ước');
    expect((await thue.get(`${hn.base}/pledge/print`)).status).toBe(404);

    const withBody = await postForm(head, `${hn.base}/pledge`, { title: 'Giao ước thi đua năm 2022', body: 'Các đơn vị cam kết.', targets: '', stamp: String(draft.updatedAt.getTime()) }, `${hn.base}/pledge`);
    expect(withBody.status).toBe(302);
    const early = await postForm(head, `${hn.base}/pledge/publish`, {});
    expect(early.status).toBe(409);
    expect(early.text).toContain('Chỉ công bố được giao ước khi năm thi đua đã mở đăng ký thi đua');
    expect((await pledgeOf())!.publishedAt).toBeNull();
    await t.db.blocYear.update({ where: { id: hn.id }, data: { phase: 'REGISTRATION' } });
  });

  it('only the head writes the pledge (403); bad input → 422, nothing written', async () => {
    const before = (await pledgeOf())!;
    for (const u of ['thue.hanam', 'bantdkt.hanam', 'admin', 'thue.tayninh']) {
      const agent = await loginAs(t.app, u);
      const res = await postForm(agent, `${hn.base}/pledge`, { title: 'Giao ước sửa trộm', body: 'x', targets: '', stamp: String(before.updatedAt.getTime()) });
      expect(res.status, u).toBe(403);
      expect((await postForm(agent, `${hn.base}/pledge/publish`, {})).status, u).toBe(403);
    }
    const bad = await postForm(head, `${hn.base}/pledge`, { title: 'GU', body: 'a'.repeat(20_001), targets: '', stamp: String(before.updatedAt.getTime()) }, `${hn.base}/pledge`);
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Tiêu đề cần từ 3 đến 200 ký tự.');
    expect(bad.text).toContain('Nội dung giao ước tối đa 20.000 ký tự.');
    expect(bad.text).toContain('value="GU"');
    expect(await pledgeOf()).toEqual(before);
  });

  it('an empty body cannot be published (409); a stale form → 409; signing before publishing → 409', async () => {
    const cur = (await pledgeOf())!;
    const blank = await postForm(head, `${hn.base}/pledge`, { title: 'Giao ước thi đua năm 2022', body: '   ', targets: '', stamp: String(cur.updatedAt.getTime()) }, `${hn.base}/pledge`);
    expect(blank.status).toBe(302);
    const emptyPublish = await postForm(head, `${hn.base}/pledge/publish`, {});
    expect(emptyPublish.status).toBe(409);
    expect(emptyPublish.text).toContain('Giao ước chưa có nội dung');

    const stale = await postForm(head, `${hn.base}/pledge`, { title: 'Giao ước thi đua năm 2022', body: 'Bản cũ', targets: '', stamp: String(cur.updatedAt.getTime()) });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('Giao ước vừa được cập nhật ở nơi khác. Vui lòng tải lại trang.');
    expect((await pledgeOf())!.body).toBe('');

    const unpublished = await postForm(thue, `${hn.base}/pledge/sign`, { signerName: 'Phạm Thị D', signerTitle: 'Cục trưởng' });
    expect(unpublished.status).toBe(409);
    expect(unpublished.text).toContain('Giao ước chưa được Khối trưởng công bố');
    expect(await t.db.pledgeSignature.count({ where: { pledgeId: cur.id } })).toBe(0);
  });

  it('writes the text, publishes it; then it is read-only and members sign; the page lists who has not signed', async () => {
    const cur = (await pledgeOf())!;
    const body = 'Thực hiện phong trào thi đua năm 2022, các đơn vị thành viên Khối giao ước:\n1. Hoàn thành xuất sắc nhiệm vụ chính trị được giao.\n2. Thực hiện tốt công tác cải cách hành chính.';
    const save = await postForm(head, `${hn.base}/pledge`, { title: 'Giao ước thi đua năm 2022', body, targets: 'Phấn đấu 100% đơn vị hoàn thành xuất sắc nhiệm vụ.', stamp: String(cur.updatedAt.getTime()) }, `${hn.base}/pledge`);
    expect(save.status).toBe(302);
    const page = await head.get(`${hn.base}/pledge`);
    expect(page.text).toContain('data-testid="publish-form"');
    expect(page.text).toContain('data-confirm="Công bố giao ước thi đua?');

    const publish = await postForm(head, `${hn.base}/pledge/publish`, { stamp: String((await pledgeOf())!.updatedAt.getTime()) }, `${hn.base}/pledge`);
    expect(publish.status).toBe(302);
    const published = (await pledgeOf())!;
    expect(published.publishedAt).toBeInstanceOf(Date);
    expect(published.publishedById).toBe(userIdOf['vpubnd.hanam']);
    expect(published.body).toBe(body);
    expect(await t.db.auditLog.count({ where: { action: 'pledge.publish', entityId: String(published.id) } })).toBe(1);

    const edit = await postForm(head, `${hn.base}/pledge`, { title: 'Sửa sau công bố', body: 'x', targets: '', stamp: String(published.updatedAt.getTime()) });
    expect(edit.status).toBe(409);
    expect((await postForm(head, `${hn.base}/pledge/publish`, {})).status).toBe(409);
    expect(await pledgeOf()).toEqual(published);

    const sign = await postForm(thue, `${hn.base}/pledge/sign`, { signerName: 'Phạm Thị D', signerTitle: 'Cục trưởng' }, `${hn.base}/pledge`);
    expect(sign.status).toBe(302);
    const again = await postForm(thue, `${hn.base}/pledge/sign`, { signerName: 'Phạm Thị D', signerTitle: 'Cục trưởng' });
    expect(again.status).toBe(409);
    expect(await t.db.pledgeSignature.count({ where: { pledgeId: published.id } })).toBe(1);

    const list = await thue.get(`${hn.base}/pledge`);
    expect(list.text).toContain('<strong>1/9</strong> đơn vị đã ký.');
    expect(rowOf(list.text, agencyOf['thue.hanam'])).toContain('Phạm Thị D, Cục trưởng');
    expect(rowOf(list.text, agencyOf['thue.hanam'])).toContain('(thue.hanam)');
    expect(rowOf(list.text, agencyOf['vpubnd.hanam'])).toContain('Chưa ký');
    expect((list.text.match(/Chưa ký/g) ?? []).length).toBe(8);

    const print = await thue.get(`${hn.base}/pledge/print`);
    expect(print.status).toBe(200);
    expect(print.text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(print.text).toContain('Hà Nam, ngày');
    expect(print.text).toContain('GIAO ƯỚC THI ĐUA NĂM 2022');
    expect(print.text).toContain('Phạm Thị D');
    expect(print.text).toContain('2. Thực hiện tốt công tác cải cách hành chính.');
    expect(t.errors).toEqual([]);
  });
});
