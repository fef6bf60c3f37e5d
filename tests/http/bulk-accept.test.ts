// The head's work in bulk: several sent registrations, or several sent sheets without changes,
// accepted at once from the list — all or nothing, audited per unit. Demo data: Nghệ An 2020 in
// scoring (year-end period); head haiquan.nghean, deputy qltt.nghean.
//
// Decided: a ticked record whose version moved on since the list was loaded is skipped and named
// (it needs a second look); a ticked record the list could not have offered (a draft, a sheet with
// changed scores) refuses the whole request with its name (409), nothing written; the reviewer's
// own unit in the list is a 403 (the deputy reviews the head's unit), nothing written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, loginAs, csrf, type Agent, type TestApp } from '../support/app';
import { changedTables, snapshot, tableNames } from '../support/snapshot';

let t: TestApp;
let base: string;
let yearId: number;
let tables: string[];
const id: Record<string, number> = {};
const nameOf: Record<number, string> = {};
let head: Agent;
let deputy: Agent;

beforeAll(async () => {
  t = await startTestApp();
  const bloc = await t.db.blocVersion.findFirstOrThrow({ where: { name: 'Khối các cơ quan Trung ương tỉnh Nghệ An' } });
  const year = await t.db.blocYear.findUniqueOrThrow({ where: { blocId_year: { blocId: bloc.blocId, year: 2020 } } });
  yearId = year.id;
  base = `/blocs/${bloc.blocId}/years/2020`;
  for (const a of await t.db.roleAssignment.findMany({ where: { role: 'UNIT_OFFICER' }, include: { user: true } })) id[a.user.username] = a.agencyId!;
  for (const m of await t.db.membership.findMany({ where: { blocYearId: yearId }, include: { agencyVersion: true } })) nameOf[m.agencyId] = m.agencyVersion.name;
  tables = await tableNames(t.db, t.config.DATABASE_URL);
  head = await loginAs(t.app, 'haiquan.nghean');
  deputy = await loginAs(t.app, 'qltt.nghean');
});
afterAll(async () => t.close());

/** Posts the list's form: ticked units with the versions the list showed. */
async function postBulk(agent: Agent, url: string, picks: [number, number][], extra: Record<string, string> = {}) {
  const form = new URLSearchParams({ _csrf: await csrf(agent, '/account/password'), ...extra });
  for (const [agencyId, version] of picks) {
    form.append('agencyIds', String(agencyId));
    form.append(`version_${agencyId}`, String(version));
  }
  return agent.post(url).type('form').send(form.toString());
}

const reg = (username: string) => t.db.registration.findUniqueOrThrow({ where: { blocYearId_agencyId: { blocYearId: yearId, agencyId: id[username] } } });
const sheet = (username: string) =>
  t.db.scoreSheet.findUniqueOrThrow({ where: { blocYearId_agencyId_period: { blocYearId: yearId, agencyId: id[username], period: 'YEAR_END' } }, include: { entries: true } });
/** Puts a unit's registration back to "sent, waiting for the head" (test set-up). */
const sendRegistration = (username: string) =>
  t.db.registration.update({ where: { blocYearId_agencyId: { blocYearId: yearId, agencyId: id[username] } }, data: { status: 'SUBMITTED', reviewedAt: null, reviewedById: null, version: { increment: 1 } } });

describe('registrations: accept several at once', () => {
  const regsUrl = () => `${base}/registrations/accept`;

  it('the list offers a checkbox per sent registration the head may accept, with a confirmation', async () => {
    const page = await head.get(`${base}/registrations`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Chấp nhận các mục đã chọn');
    expect(page.text).toMatch(/<form[^>]+action="[^"]+\/registrations\/accept"[^>]+data-confirm="[^"]+"/);
    expect(page.text).toContain(`name="agencyIds" value="${id['dutru.nghean']}"`);
    expect(page.text).not.toContain(`name="agencyIds" value="${id['bhxh.nghean']}"`); // a draft
  });

  it('accepts 3 sent registrations in one step, one audit row per unit', async () => {
    await sendRegistration('thue.nghean');
    await sendRegistration('nhnn.nghean');
    const units = ['dutru.nghean', 'thue.nghean', 'nhnn.nghean'];
    const picks = await Promise.all(units.map(async (u) => [id[u], (await reg(u)).version] as [number, number]));
    const auditsBefore = await t.db.auditLog.count({ where: { action: 'registration.accept' } });
    const res = await postBulk(head, regsUrl(), picks);
    expect(res.status, res.text.slice(0, 300)).toBe(302);
    for (const u of units) expect(await reg(u)).toMatchObject({ status: 'ACCEPTED', reviewedById: expect.any(Number) });
    expect(await t.db.auditLog.count({ where: { action: 'registration.accept' } })).toBe(auditsBefore + 3);
    const list = await head.get(`${base}/registrations`);
    expect(list.text).toContain(`Đã chấp nhận 3 bản đăng ký: ${nameOf[id['dutru.nghean']]}`);
  });

  it('a registration changed since the list was loaded is skipped and named; the others are accepted', async () => {
    await sendRegistration('thue.nghean');
    await sendRegistration('nhnn.nghean');
    const stale = (await reg('nhnn.nghean')).version;
    await t.db.registration.update({ where: { id: (await reg('nhnn.nghean')).id }, data: { version: { increment: 1 } } }); // the unit resent it meanwhile
    const res = await postBulk(head, regsUrl(), [
      [id['thue.nghean'], (await reg('thue.nghean')).version],
      [id['nhnn.nghean'], stale],
    ]);
    expect(res.status).toBe(302);
    expect((await reg('thue.nghean')).status).toBe('ACCEPTED');
    expect((await reg('nhnn.nghean')).status).toBe('SUBMITTED');
    const list = await head.get(`${base}/registrations`);
    expect(list.text).toContain(`Chưa chấp nhận 1 bản đăng ký vừa được thay đổi sau khi tải trang: ${nameOf[id['nhnn.nghean']]}`);
  });

  it('a draft in the list → 409 naming it, nothing written', async () => {
    await sendRegistration('thue.nghean');
    const draft = await reg('bhxh.nghean');
    expect(draft.status).toBe('DRAFT');
    const before = await snapshot(t.db, tables);
    const res = await postBulk(head, regsUrl(), [
      [id['thue.nghean'], (await reg('thue.nghean')).version],
      [id['bhxh.nghean'], draft.version],
    ]);
    expect(res.status).toBe(409);
    expect(res.text).toContain(nameOf[id['bhxh.nghean']]);
    expect(changedTables(before, await snapshot(t.db, tables))).toEqual([]);
  });

  it('a unit officer, the board, the head for its own unit → 403, nothing written', async () => {
    await sendRegistration('haiquan.nghean');
    const v = (u: string) => reg(u).then((r) => r.version);
    const cases: [Agent, [number, number][]][] = [
      [await loginAs(t.app, 'thue.nghean'), [[id['thue.nghean'], await v('thue.nghean')]]],
      [await loginAs(t.app, 'bantdkt.nghean'), [[id['thue.nghean'], await v('thue.nghean')]]],
      [deputy, [[id['thue.nghean'], await v('thue.nghean')]]], // the deputy reviews the head's unit only
      [head, [[id['thue.nghean'], await v('thue.nghean')], [id['haiquan.nghean'], await v('haiquan.nghean')]]],
    ];
    for (const [agent, picks] of cases) {
      const before = await snapshot(t.db, tables);
      const res = await postBulk(agent, regsUrl(), picks);
      expect(res.status).toBe(403);
      expect(changedTables(before, await snapshot(t.db, tables))).toEqual([]);
    }
  });

  it('the deputy accepts the head unit’s registration', async () => {
    const res = await postBulk(deputy, regsUrl(), [[id['haiquan.nghean'], (await reg('haiquan.nghean')).version]]);
    expect(res.status).toBe(302);
    expect((await reg('haiquan.nghean')).status).toBe('ACCEPTED');
  });

  it('nothing ticked → 422; a missing or bad version → 422; nothing written', async () => {
    const before = await snapshot(t.db, tables);
    const none = await postBulk(head, regsUrl(), []);
    expect(none.status).toBe(422);
    expect(none.text).toContain('Chưa chọn bản đăng ký nào');
    const form = new URLSearchParams({ _csrf: await csrf(head, '/account/password'), agencyIds: String(id['thue.nghean']) });
    expect((await head.post(regsUrl()).type('form').send(form.toString())).status).toBe(422);
    for (const bad of ['', 'abc', '-1', '1e21']) {
      const f = new URLSearchParams({ _csrf: await csrf(head, '/account/password'), agencyIds: String(id['thue.nghean']), [`version_${id['thue.nghean']}`]: bad });
      expect((await head.post(regsUrl()).type('form').send(f.toString())).status, bad).toBe(422);
    }
    expect((await postBulk(head, regsUrl(), [[0, 1]])).status).toBe(422);
    expect(changedTables(before, await snapshot(t.db, tables))).toEqual([]);
  });
});

describe('score sheets: accept several without changes at once', () => {
  const scoresUrl = () => `${base}/scores/accept`;
  const period = { period: 'YEAR_END' };

  it('set-up: Kho bạc completes and sends its year-end sheet', async () => {
    const s = await sheet('khobac.nghean');
    for (const e of s.entries) if (e.selfCenti === null) await t.db.scoreEntry.update({ where: { id: e.id }, data: { selfCenti: 0 } });
    await t.db.scoreSheet.update({ where: { id: s.id }, data: { status: 'SUBMITTED', submittedAt: new Date() } });
  });

  it('the overview offers a checkbox per sent sheet without changes, not the head’s own', async () => {
    const page = await head.get(`${base}/scores?period=YEAR_END`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Chấp nhận các mục đã chọn');
    for (const u of ['thongke.nghean', 'thue.nghean', 'khobac.nghean']) expect(page.text).toContain(`name="agencyIds" value="${id[u]}"`);
    expect(page.text).not.toContain(`name="agencyIds" value="${id['haiquan.nghean']}"`);
    expect(page.text).toContain('Khối phó thẩm định bảng điểm của đơn vị Khối trưởng.');
  });

  it('a sheet with a changed reviewed score in the list → 409 naming it, nothing written', async () => {
    const s = await sheet('thongke.nghean');
    const e = s.entries.find((x) => x.selfCenti !== null && x.selfCenti > 0)!;
    await t.db.scoreEntry.update({ where: { id: e.id }, data: { reviewedCenti: e.selfCenti! - 50, reviewReason: 'Chưa đủ minh chứng', status: 'CHANGED' } });
    const before = await snapshot(t.db, tables);
    const res = await postBulk(head, scoresUrl(), [
      [id['thongke.nghean'], s.version],
      [id['thue.nghean'], (await sheet('thue.nghean')).version],
    ], period);
    expect(res.status).toBe(409);
    expect(res.text).toContain(nameOf[id['thongke.nghean']]);
    expect(changedTables(before, await snapshot(t.db, tables))).toEqual([]);
    await t.db.scoreEntry.update({ where: { id: e.id }, data: { reviewedCenti: null, reviewReason: '', status: 'PENDING' } });
  });

  it('the head’s own sheet, or a unit officer → 403, nothing written', async () => {
    for (const [agent, u] of [[head, 'haiquan.nghean'], [await loginAs(t.app, 'thue.nghean'), 'thue.nghean']] as const) {
      const before = await snapshot(t.db, tables);
      const res = await postBulk(agent, scoresUrl(), [[id[u], (await sheet(u)).version]], period);
      expect(res.status).toBe(403);
      expect(changedTables(before, await snapshot(t.db, tables))).toEqual([]);
    }
  });

  it('a DRAFT sheet in the list → 409 naming it; nothing ticked → 422; nothing written', async () => {
    const draft = await t.db.scoreSheet.create({ data: { blocYearId: yearId, agencyId: id['nhnn.nghean'], period: 'YEAR_END', status: 'DRAFT' } });
    const before = await snapshot(t.db, tables);
    const res = await postBulk(head, scoresUrl(), [[id['thue.nghean'], (await sheet('thue.nghean')).version], [id['nhnn.nghean'], draft.version]], period);
    expect(res.status).toBe(409);
    expect(res.text).toContain(nameOf[id['nhnn.nghean']]);
    const none = await postBulk(head, scoresUrl(), [], period);
    expect(none.status).toBe(422);
    expect(none.text).toContain('Chưa chọn bảng điểm nào');
    expect((await postBulk(head, scoresUrl(), [[id['thue.nghean'], 1]], { period: 'SOMETIME' })).status).toBe(422);
    expect(changedTables(before, await snapshot(t.db, tables))).toEqual([]);
  });

  it('accepts 3 sheets at once: reviewed = self on every criterion, one audit row per unit; a stale one is skipped and named', async () => {
    const units = ['thongke.nghean', 'thue.nghean', 'khobac.nghean'];
    const picks = await Promise.all(units.map(async (u) => [id[u], (await sheet(u)).version] as [number, number]));
    const auditsBefore = await t.db.auditLog.count({ where: { action: 'score.review.accept' } });
    const res = await postBulk(head, scoresUrl(), picks, period);
    expect(res.status, res.text.slice(0, 300)).toBe(302);
    for (const u of units) {
      const s = await sheet(u);
      expect(s.status).toBe('ACCEPTED');
      for (const e of s.entries) expect({ reviewed: e.reviewedCenti, status: e.status }).toEqual({ reviewed: e.selfCenti, status: 'AGREED' });
    }
    expect(await t.db.auditLog.count({ where: { action: 'score.review.accept' } })).toBe(auditsBefore + 3);
    const page = await head.get(`${base}/scores?period=YEAR_END`);
    expect(page.text).toContain(`Đã chấp nhận 3 bảng điểm: ${nameOf[id['thongke.nghean']]}`);

    // stale: the list showed an older version of a sheet resent meanwhile
    await t.db.scoreSheet.update({ where: { id: (await sheet('thue.nghean')).id }, data: { status: 'SUBMITTED' } });
    const thue = await sheet('thue.nghean');
    const again = await postBulk(head, scoresUrl(), [[id['thue.nghean'], thue.version - 1]], period);
    expect(again.status).toBe(302);
    expect((await sheet('thue.nghean')).status).toBe('SUBMITTED');
    const after = await head.get(`${base}/scores?period=YEAR_END`);
    expect(after.text).toContain(`Chưa chấp nhận 1 bảng điểm vừa được thay đổi sau khi tải trang: ${nameOf[id['thue.nghean']]}`);
  });
});
