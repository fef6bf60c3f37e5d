// Finding one's way: the year tabs on the bloc page (only what the role may open), breadcrumbs,
// the home page's links to each bloc's current year, the navbar per role, and the next step one
// click away (a proposed unit is told to write its achievement report).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, loginAs, postForm, type Agent, type TestApp } from '../support/app';

let t: TestApp;
const A: Record<string, Agent> = {};
const ids = { ngheAn: 0, tayNinh: 0, tayNinhTax: 0, ngheAnProvince: 0 };

beforeAll(async () => {
  t = await startTestApp();
  for (const u of ['admin', 'bantdkt.nghean', 'qltt.nghean', 'thue.tayninh', 'thongke.tayninh']) A[u] = await loginAs(t.app, u);
  const blocId = async (name: string) => (await t.db.blocVersion.findFirstOrThrow({ where: { name } })).blocId;
  ids.ngheAn = await blocId('Khối các cơ quan Trung ương tỉnh Nghệ An');
  ids.tayNinh = await blocId('Khối thi đua các Cơ quan Trung ương tỉnh Tây Ninh');
  ids.tayNinhTax = (await t.db.agencyVersion.findFirstOrThrow({ where: { name: 'Cục Thuế tỉnh Tây Ninh' } })).agencyId;
  ids.ngheAnProvince = (await t.db.bloc.findUniqueOrThrow({ where: { id: ids.ngheAn } })).provinceId;
});
afterAll(async () => t.close());

const tabsOf = (html: string) => [...(/data-testid="year-tabs">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '').matchAll(/href="([^"]+)">([^<]+)</g)].map((m) => m[2]);
const crumbsOf = (html: string) => [...(/data-testid="breadcrumb">([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? '').matchAll(/<li[^>]*>(?:<a [^>]*>)?([^<]+)</g)].map((m) => m[1].trim());

describe('the bloc page shows the year tabs the role may open', () => {
  it('the board of the province: every tab of a year in scoring, set-up and progress included', async () => {
    const res = await A['bantdkt.nghean'].get(`/blocs/${ids.ngheAn}?year=2020`);
    expect(res.status).toBe(200);
    expect(tabsOf(res.text)).toEqual(['Tổng quan', 'Thiết lập năm', 'Bảng tiêu chí', 'Đăng ký thi đua', 'Giao ước', 'Chấm điểm', 'Tiến độ', 'Sơ kết, tổng kết', 'Văn bản']);
    expect(res.text).toContain(`href="/blocs/${ids.ngheAn}/years/2020/criteria"`);
  });

  it('the deputy (not standing in): no set-up or progress; a closed year adds ballots, awards and closing', async () => {
    const open = await A['qltt.nghean'].get(`/blocs/${ids.ngheAn}?year=2020`);
    expect(tabsOf(open.text)).toEqual(['Tổng quan', 'Bảng tiêu chí', 'Đăng ký thi đua', 'Giao ước', 'Chấm điểm', 'Sơ kết, tổng kết', 'Văn bản']);
    const closed = await A['qltt.nghean'].get(`/blocs/${ids.ngheAn}?year=2019`);
    expect(tabsOf(closed.text)).toEqual(['Tổng quan', 'Bảng tiêu chí', 'Đăng ký thi đua', 'Giao ước', 'Chấm điểm', 'Sơ kết, tổng kết', 'Bỏ phiếu', 'Khen thưởng', 'Khóa sổ, chuyển giao', 'Văn bản']);
  });

  it('breadcrumbs lead from the home page to the page of a year', async () => {
    const res = await A['thue.tayninh'].get(`/blocs/${ids.tayNinh}/years/2020/registrations/${ids.tayNinhTax}`);
    expect(res.status).toBe(200);
    expect(crumbsOf(res.text)).toEqual(['Trang chủ', 'Khối thi đua', 'Khối thi đua các Cơ quan Trung ương tỉnh Tây Ninh', 'Năm 2020', 'Đăng ký thi đua', 'Cục Thuế tỉnh Tây Ninh']);
    const tab = await A['thue.tayninh'].get(`/blocs/${ids.tayNinh}/years/2020/criteria`);
    expect(crumbsOf(tab.text).slice(-2)).toEqual(['Năm 2020', 'Bảng tiêu chí']);
  });
});

describe('the home page links to the current year of each bloc, the navbar to what the role may open', () => {
  it('a unit officer: its bloc, latest year; no rules, accounts or audit log in the navbar', async () => {
    const res = await A['thue.tayninh'].get('/');
    expect(res.text).toContain('data-testid="current-years"');
    expect(res.text).toContain(`href="/blocs/${ids.tayNinh}?year=2020"`);
    expect(res.text).not.toContain('Nghệ An');
    expect(res.text).not.toContain('/rules');
    expect(res.text).not.toContain('href="/admin/users"');
    expect(res.text).not.toContain('href="/audit"');
  });

  it("a board: its province's blocs and the rules page of its province", async () => {
    const res = await A['bantdkt.nghean'].get('/');
    expect(res.text).toContain(`href="/blocs/${ids.ngheAn}?year=`);
    expect(res.text).not.toContain(`href="/blocs/${ids.tayNinh}`);
    expect(res.text).toContain(`href="/provinces/${ids.ngheAnProvince}/rules">Quy định</a>`);
    expect(res.text).toContain('href="/admin/users"'); // its province's accounts
    expect(res.text).toContain('href="/audit"'); // its province's audit log
  });

  it('the admin: the bloc list, accounts, the audit log and the rules page of every province', async () => {
    const res = await A.admin.get('/');
    for (const pr of await t.db.province.findMany({ select: { id: true } })) expect(res.text).toContain(`href="/provinces/${pr.id}/rules"`);
    expect(res.text).toContain('href="/blocs"');
    expect(res.text).toContain('href="/admin/users"');
    expect(res.text).toContain('href="/audit"');
  });
});

describe('the next step is one click away', () => {
  it('a proposed unit is told to write its achievement report, and the task goes once written', async () => {
    const year = await t.db.blocYear.findFirstOrThrow({ where: { blocId: ids.tayNinh, year: 2020 } });
    expect(year.phase).toBe('YEAR_END_REVIEW');
    // the proposal as the conference leaves it (quota and ballot rules are tested in conference.test.ts)
    const proposal = await t.db.awardProposal.create({ data: { blocYearId: year.id, awardKind: 'BANG_KHEN_TINH', agencyId: ids.tayNinhTax } });
    const base = `/blocs/${ids.tayNinh}/years/2020`;
    const home = await A['thue.tayninh'].get('/');
    expect(home.text).toMatch(new RegExp(`<a href="${base}/awards" class="fw-semibold">Viết báo cáo thành tích: Bằng khen của Chủ tịch UBND tỉnh</a>`));
    const awards = await A['thue.tayninh'].get(`${base}/awards`);
    expect(awards.text).toContain(`action="${base}/awards/${proposal.id}/achievements"`);
    // a fellow member is not proposed: no such task
    expect((await A['thongke.tayninh'].get('/')).text).not.toContain('Viết báo cáo thành tích');
    const saved = await postForm(A['thue.tayninh'], `${base}/awards/${proposal.id}/achievements`, { achievements: 'Hoàn thành xuất sắc nhiệm vụ thu ngân sách năm 2020, vượt 12% dự toán.' });
    expect(saved.status).toBe(302);
    expect((await A['thue.tayninh'].get('/')).text).not.toContain('Viết báo cáo thành tích');
  });
});
