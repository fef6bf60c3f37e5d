// No unit reviews its own work: the head's officers do not review, accept or return their own
// unit's registration or sheet, nor resolve its appeals — the deputy's officers do; the deputy's own
// unit goes to the head. Demo data: Nghệ An 2020 in scoring (year-end period), head haiquan.nghean
// (its year-end sheet sent), deputy qltt.nghean.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, loginAs, postForm, type Agent, type TestApp } from '../support/app';
import { changedTables, snapshot, tableNames } from '../support/snapshot';

let t: TestApp;
let base: string;
let yearId: number;
let tables: string[];
let headUnit: number;
let deputyUnit: number;
let head: Agent;
let deputy: Agent;
let criteria: { id: number; kind: string; maxCenti: number }[];

beforeAll(async () => {
  t = await startTestApp();
  const bloc = await t.db.blocVersion.findFirstOrThrow({ where: { name: 'Khối các cơ quan Trung ương tỉnh Nghệ An' } });
  const year = await t.db.blocYear.findUniqueOrThrow({ where: { blocId_year: { blocId: bloc.blocId, year: 2020 } } });
  yearId = year.id;
  headUnit = year.headAgencyId!;
  deputyUnit = year.deputyAgencyId!;
  base = `/blocs/${bloc.blocId}/years/2020`;
  criteria = (await t.db.criteriaTable.findFirstOrThrow({ where: { blocYearId: yearId }, include: { criteria: true } })).criteria;
  tables = await tableNames(t.db, t.config.DATABASE_URL);
  head = await loginAs(t.app, 'haiquan.nghean');
  deputy = await loginAs(t.app, 'qltt.nghean');
});
afterAll(async () => t.close());

const sheetUrl = (a: number) => `${base}/scores/${a}?period=YEAR_END`;
const sheetOf = (agencyId: number) =>
  t.db.scoreSheet.findUniqueOrThrow({ where: { blocYearId_agencyId_period: { blocYearId: yearId, agencyId, period: 'YEAR_END' } }, include: { entries: true } });
const regOf = (agencyId: number) => t.db.registration.findUniqueOrThrow({ where: { blocYearId_agencyId: { blocYearId: yearId, agencyId } } });
const accept = async (agent: Agent, agencyId: number) =>
  postForm(agent, `${base}/scores/${agencyId}/review`, { period: 'YEAR_END', action: 'accept', version: String((await sheetOf(agencyId)).version) }, sheetUrl(agencyId));

async function refusedNothingWritten(write: () => Promise<{ status: number }>) {
  const before = await snapshot(t.db, tables);
  const res = await write();
  expect(res.status).toBe(403);
  expect(changedTables(before, await snapshot(t.db, tables))).toEqual([]);
}

describe('the head unit’s sheet is reviewed by the deputy', () => {
  it('the head sees its own sent sheet without the review form, with a note', async () => {
    expect((await sheetOf(headUnit)).status).toBe('SUBMITTED');
    const page = await head.get(sheetUrl(headUnit));
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('Chấp nhận bảng điểm</button>');
    expect(page.text).toContain('Bảng điểm của đơn vị Khối trưởng do Khối phó thẩm định');
  });

  it('the head accepting, returning or saving a review of its own sheet → 403, nothing written', async () => {
    await refusedNothingWritten(() => accept(head, headUnit));
    for (const action of ['save', 'return']) {
      await refusedNothingWritten(async () =>
        postForm(head, `${base}/scores/${headUnit}/review`, { period: 'YEAR_END', action, version: String((await sheetOf(headUnit)).version), returnReason: 'Thiếu minh chứng' }, sheetUrl(headUnit)),
      );
    }
  });

  it('the deputy’s home page links to the head unit’s sheet; the deputy opens it and accepts it', async () => {
    const home = await deputy.get('/');
    expect(home.text).toContain('Thẩm định bảng điểm của đơn vị Khối trưởng');
    expect(home.text).toContain(`href="${base}/scores/${headUnit}?period=YEAR_END"`);
    const page = await deputy.get(sheetUrl(headUnit));
    expect(page.status).toBe(200);
    expect(page.text).toContain('Chấp nhận bảng điểm</button>');
    const res = await accept(deputy, headUnit);
    expect(res.status).toBe(302);
    const s = await sheetOf(headUnit);
    expect(s.status).toBe('ACCEPTED');
    const deputyUser = await t.db.user.findUniqueOrThrow({ where: { username: 'qltt.nghean' } });
    expect(s.reviewedById).toBe(deputyUser.id);
    expect((await deputy.get('/')).text).not.toContain('Thẩm định bảng điểm của đơn vị Khối trưởng');
  });

  it('the deputy still sees no other unit’s sheet and reviews nothing else', async () => {
    const other = (await t.db.scoreSheet.findFirstOrThrow({ where: { blocYearId: yearId, period: 'YEAR_END', status: 'SUBMITTED', agencyId: { notIn: [headUnit, deputyUnit] } } })).agencyId;
    expect((await deputy.get(sheetUrl(other))).status).toBe(403);
    await refusedNothingWritten(() => accept(deputy, other));
  });

  it('appeals on the head unit’s sheet: the deputy resolves them, the head may not', async () => {
    const s = await sheetOf(headUnit);
    const e = s.entries.find((x) => x.selfCenti !== null && x.selfCenti > 0)!;
    await t.db.scoreEntry.update({ where: { id: e.id }, data: { reviewedCenti: e.selfCenti! - 50, reviewReason: 'Thiếu minh chứng', status: 'CHANGED' } });
    const officer = await t.db.user.findUniqueOrThrow({ where: { username: 'haiquan.nghean' } });
    const appeal = await t.db.appeal.create({ data: { entryId: e.id, reason: 'Đã bổ sung văn bản minh chứng đầy đủ.', createdById: officer.id } });
    const form = { outcome: 'REJECTED', score: '', resolution: 'Giữ nguyên điểm thẩm định.', back: sheetUrl(headUnit) };
    expect((await head.get(sheetUrl(headUnit))).text).not.toContain('data-testid="resolve-');
    await refusedNothingWritten(() => postForm(head, `${base}/appeals/${appeal.id}/resolve`, form, sheetUrl(headUnit)));
    expect((await deputy.get(sheetUrl(headUnit))).text).toContain('data-testid="resolve-');
    const ok = await postForm(deputy, `${base}/appeals/${appeal.id}/resolve`, form, sheetUrl(headUnit));
    expect(ok.status).toBe(302);
    expect((await t.db.appeal.findUniqueOrThrow({ where: { id: appeal.id } })).status).toBe('REJECTED');
  });
});

describe('the deputy unit’s sheet is reviewed by the head', () => {
  it('the deputy sends its sheet; accepting it itself → 403, nothing written; the head accepts it', async () => {
    const scores = Object.fromEntries(criteria.map((c) => [`score_${c.id}`, c.kind === 'NORMAL' ? String(c.maxCenti / 100) : '0']));
    const sent = await postForm(deputy, `${base}/scores/${deputyUnit}`, { period: 'YEAR_END', version: '0', action: 'submit', ...scores }, sheetUrl(deputyUnit));
    expect(sent.status).toBe(302);
    expect((await sheetOf(deputyUnit)).status).toBe('SUBMITTED');
    expect((await deputy.get(sheetUrl(deputyUnit))).text).toContain('Bảng điểm của đơn vị Khối phó do Khối trưởng thẩm định');
    await refusedNothingWritten(() => accept(deputy, deputyUnit));
    const res = await accept(head, deputyUnit);
    expect(res.status).toBe(302);
    expect((await sheetOf(deputyUnit)).status).toBe('ACCEPTED');
  });
});

describe('registrations: the same rule', () => {
  it('the head’s own sent registration: no review forms for the head (a note), 403 on accept and return, nothing written', async () => {
    await t.db.registration.update({ where: { blocYearId_agencyId: { blocYearId: yearId, agencyId: headUnit } }, data: { status: 'SUBMITTED', reviewedAt: null, reviewedById: null } });
    const page = await head.get(`${base}/registrations/${headUnit}`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('data-testid="review-forms"');
    expect(page.text).toContain('Bản đăng ký của đơn vị Khối trưởng do Khối phó duyệt');
    const list = await head.get(`${base}/registrations`);
    expect(list.text).not.toContain(`name="agencyIds" value="${headUnit}"`);
    const v = String((await regOf(headUnit)).version);
    await refusedNothingWritten(() => postForm(head, `${base}/registrations/${headUnit}/accept`, { version: v }, `${base}/registrations`));
    await refusedNothingWritten(() => postForm(head, `${base}/registrations/${headUnit}/return`, { version: v, returnReason: 'Thiếu chỉ tiêu cụ thể.' }, `${base}/registrations`));
  });

  it('the deputy finds it from its home page, opens it and accepts it; other units’ registrations stay closed to it', async () => {
    const home = await deputy.get('/');
    expect(home.text).toContain('Duyệt đăng ký thi đua của đơn vị Khối trưởng');
    expect(home.text).toContain(`href="${base}/registrations/${headUnit}"`);
    const page = await deputy.get(`${base}/registrations/${headUnit}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('data-testid="review-forms"');
    const dutru = (await t.db.registration.findFirstOrThrow({ where: { blocYearId: yearId, status: 'SUBMITTED', agencyId: { notIn: [headUnit, deputyUnit] } } })).agencyId;
    expect((await deputy.get(`${base}/registrations/${dutru}`)).status).toBe(403);
    await refusedNothingWritten(() => postForm(deputy, `${base}/registrations/${dutru}/accept`, { version: '1' }, `${base}/registrations`));
    const res = await postForm(deputy, `${base}/registrations/${headUnit}/accept`, { version: String((await regOf(headUnit)).version) }, `${base}/registrations/${headUnit}`);
    expect(res.status).toBe(302);
    expect((await regOf(headUnit)).status).toBe('ACCEPTED');
  });

  it('the deputy’s own registration: the deputy → 403, the head accepts it', async () => {
    await t.db.registration.update({ where: { blocYearId_agencyId: { blocYearId: yearId, agencyId: deputyUnit } }, data: { status: 'SUBMITTED', reviewedAt: null, reviewedById: null } });
    const v = String((await regOf(deputyUnit)).version);
    await refusedNothingWritten(() => postForm(deputy, `${base}/registrations/${deputyUnit}/accept`, { version: v }, `${base}/registrations`));
    expect((await postForm(head, `${base}/registrations/${deputyUnit}/accept`, { version: v }, `${base}/registrations`)).status).toBe(302);
    expect((await regOf(deputyUnit)).status).toBe('ACCEPTED');
  });
});
