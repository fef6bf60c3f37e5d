// The mid-year review: the head freezes a snapshot (ranking at that moment, exemplary units and
// people); the year then continues with the second half; the year-end view shows the change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, loginAs, postForm, type Agent, type TestApp } from '../support/app';

let t: TestApp;
let base: string;
let yearId: number;
let head: Agent;
let firstMember: number;

const form = (extra: Record<string, string> = {}) => ({
  heldAt: '2020-07-24',
  place: 'Hội trường Cục Thống kê tỉnh Tây Ninh',
  chairName: 'Nguyễn Văn Chủ',
  secretaryName: 'Trần Thị Thư',
  membersPresent: '7',
  summary: 'Các đơn vị hoàn thành tốt nhiệm vụ 6 tháng đầu năm 2020.',
  honoreePeople: 'Lê Văn A — Cục Thuế tỉnh Tây Ninh, hoàn thành xuất sắc nhiệm vụ',
  ...extra,
});

beforeAll(async () => {
  t = await startTestApp();
  const bloc = await t.db.blocVersion.findFirstOrThrow({ where: { name: 'Khối thi đua các Cơ quan Trung ương tỉnh Tây Ninh' } });
  const year = await t.db.blocYear.findUniqueOrThrow({ where: { blocId_year: { blocId: bloc.blocId, year: 2020 } }, include: { memberships: { orderBy: { sortOrder: 'asc' } } } });
  yearId = year.id;
  base = `/blocs/${bloc.blocId}/years/2020`;
  firstMember = year.memberships[0].agencyId;
  // Put the year back before its mid-year review: not frozen, phase MID_YEAR_REVIEW.
  const mid = await t.db.review.findUniqueOrThrow({ where: { blocYearId_kind: { blocYearId: year.id, kind: 'MID_YEAR' } } });
  await t.db.reviewResult.deleteMany({ where: { reviewId: mid.id } });
  await t.db.reviewHonoree.deleteMany({ where: { reviewId: mid.id } });
  await t.db.review.delete({ where: { id: mid.id } });
  await t.db.blocYear.update({ where: { id: year.id }, data: { phase: 'MID_YEAR_REVIEW' } });
  head = await loginAs(t.app, 'thongke.tayninh');
});
afterAll(async () => t.close());

const reviewCount = () => t.db.review.count({ where: { blocYearId: yearId } });

describe('mid-year review', () => {
  it('only the head freezes: a member, the board, another bloc → 403; nothing written', async () => {
    for (const u of ['thue.tayninh', 'bantdkt.tayninh', 'haiquan.nghean']) {
      const a = await loginAs(t.app, u);
      expect((await postForm(a, `${base}/reviews/mid-year/freeze`, form())).status, u).toBe(403);
    }
    expect(await reviewCount()).toBe(0);
  });

  it('missing fields → 422 with messages; nothing written', async () => {
    const res = await postForm(head, `${base}/reviews/mid-year/freeze`, form({ heldAt: '', summary: 'ngắn' }), `${base}/reviews`);
    expect(res.status).toBe(422);
    expect(res.text).toContain('Cần nhập ngày họp sơ kết hợp lệ.');
    expect(res.text).toContain('Cần nhập tóm tắt kết quả');
    expect(await reviewCount()).toBe(0);
  });

  it('a unit whose sheet is not reviewed yet blocks the freeze (409, named)', async () => {
    const sheet = await t.db.scoreSheet.findFirstOrThrow({ where: { blocYearId: yearId, agencyId: firstMember, period: 'MID_YEAR' } });
    await t.db.scoreSheet.update({ where: { id: sheet.id }, data: { status: 'SUBMITTED' } });
    const res = await postForm(head, `${base}/reviews/mid-year/freeze`, form(), `${base}/reviews`);
    expect(res.status).toBe(409);
    expect(res.text).toContain('chưa được thẩm định xong');
    expect(await reviewCount()).toBe(0);
    await t.db.scoreSheet.update({ where: { id: sheet.id }, data: { status: 'ACCEPTED' } });
  });

  it('the head freezes: results ranked, honourees kept, the year goes on to the second half; a second freeze → 409', async () => {
    const res = await postForm(head, `${base}/reviews/mid-year/freeze`, { ...form(), honoreeAgencyIds: String(firstMember) }, `${base}/reviews`);
    expect(res.status).toBe(302);
    const review = await t.db.review.findUniqueOrThrow({ where: { blocYearId_kind: { blocYearId: yearId, kind: 'MID_YEAR' } }, include: { results: { orderBy: { rank: 'asc' } }, honorees: true } });
    expect(review.frozenAt).not.toBeNull();
    expect(review.results).toHaveLength(7);
    for (let i = 1; i < review.results.length; i++) expect(review.results[i].totalCenti).toBeLessThanOrEqual(review.results[i - 1].totalCenti);
    expect(review.honorees.map((h) => h.agencyId ?? h.personName)).toEqual([firstMember, 'Lê Văn A']);
    expect((await t.db.blocYear.findUniqueOrThrow({ where: { id: yearId } })).phase).toBe('SCORING');
    const page = await head.get(`${base}/reviews`);
    expect(page.text).toContain('data-testid="mid-frozen"');
    const again = await postForm(head, `${base}/reviews/mid-year/freeze`, form(), `${base}/reviews`);
    expect(again.status).toBe(409);
    expect(await t.db.reviewResult.count({ where: { reviewId: review.id } })).toBe(7);
  });

  it('the year-end view shows each unit’s change since mid-year', async () => {
    // one year-end sheet accepted, with every criterion at its maximum
    const table = await t.db.criteriaTable.findFirstOrThrow({ where: { blocYearId: yearId }, include: { criteria: true } });
    const sheet = await t.db.scoreSheet.upsert({
      where: { blocYearId_agencyId_period: { blocYearId: yearId, agencyId: firstMember, period: 'YEAR_END' } },
      create: { blocYearId: yearId, agencyId: firstMember, period: 'YEAR_END', status: 'ACCEPTED' },
      update: { status: 'ACCEPTED' },
    });
    await t.db.scoreEntry.deleteMany({ where: { sheetId: sheet.id } });
    await t.db.scoreEntry.createMany({ data: table.criteria.map((c) => ({ sheetId: sheet.id, criterionId: c.id, selfCenti: c.kind === 'NORMAL' ? c.maxCenti : 0, reviewedCenti: c.kind === 'NORMAL' ? c.maxCenti : 0 })) });
    const page = await head.get(`${base}/reviews`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('data-testid="year-end-change"');
    expect(page.text).toMatch(/>100<\/td>/);
    expect(page.text).toMatch(/\+\d/);
    const member = await loginAs(t.app, 'thue.tayninh');
    expect((await member.get(`${base}/reviews`)).status).toBe(200);
    expect(t.errors).toEqual([]);
  });
});
