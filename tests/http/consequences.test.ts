// Consequences shown before they happen: a unit about to send its registration after the deadline,
// with an unsigned pledge or an open flag, sees which awards that rules out (and why) before it
// sends; the head sees it on the registrations list and the awards page. Flags only for the unit and
// those who oversee the year. The demo's current year of the Hà Nam bloc is moved to registration.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDate } from '../../src/i18n/format';
import { startTestApp, loginAs, postForm, type Agent, type TestApp } from '../support/app';

let t: TestApp;
let base: string;
let yearId: number;
let thue: number;
const A: Record<string, Agent> = {};
const DAY = 86_400_000;

const setDue = (registrationDue: Date) => t.db.blocYear.update({ where: { id: yearId }, data: { phase: 'REGISTRATION', registrationDue } });

beforeAll(async () => {
  t = await startTestApp();
  const bloc = await t.db.blocVersion.findFirstOrThrow({ where: { name: 'Khối Thi đua Tổng hợp tỉnh Hà Nam' } });
  const y = await t.db.blocYear.findFirstOrThrow({ where: { blocId: bloc.blocId }, orderBy: { year: 'desc' } });
  expect(y.year).toBe(new Date().getFullYear());
  yearId = y.id;
  base = `/blocs/${bloc.blocId}/years/${y.year}`;
  thue = (await t.db.roleAssignment.findFirstOrThrow({ where: { user: { username: 'thue.hanam' } } })).agencyId!;
  for (const u of ['thue.hanam', 'khobac.hanam', 'sotaichinh.hanam', 'bantdkt.hanam']) A[u] = await loginAs(t.app, u);
});
afterAll(async () => t.close());

describe('a registration about to be sent after its deadline', () => {
  it('the unit sees, before "Gửi Khối trưởng", every award it rules out and why', async () => {
    const due = new Date(Date.now() - 10 * DAY);
    await setDue(due);
    const page = await A['thue.hanam'].get(`${base}/registrations/${thue}`);
    expect(page.status).toBe(200);
    const warning = `Gửi sau hạn ${formatDate(due)}: đơn vị sẽ không đủ điều kiện Cờ thi đua của UBND tỉnh, Cờ thi đua của Chính phủ, Bằng khen của Chủ tịch UBND tỉnh, Tập thể lao động xuất sắc, Tập thể lao động tiên tiến theo quy định của tỉnh.`;
    expect(page.text).toContain(warning);
    // shown before the send button
    expect(page.text.indexOf('data-testid="consequences"')).toBeLessThan(page.text.indexOf('Gửi Khối trưởng</button>'));
    // the head's list and the awards page name the unit with the same consequence; so does the unit's home task
    const list = await A['sotaichinh.hanam'].get(`${base}/registrations`);
    expect(list.text).toContain(`data-testid="consequences-${thue}"`);
    expect(list.text).toContain(warning);
    const awards = await A['sotaichinh.hanam'].get(`${base}/awards`);
    expect(awards.text).toContain('data-testid="consequences"');
    expect(awards.text).toContain(warning);
    const home = await A['thue.hanam'].get('/');
    expect(home.text).toContain(`Gửi đăng ký thi đua của đơn vị. ${warning}`);
  });

  it('sent late: stated as done on the head\'s list, no longer as a warning', async () => {
    const due = new Date(Date.now() - 10 * DAY);
    const form = { collectiveTitle: 'TTLDXS', awardAims: 'CO_TINH', targets: 'Hoàn thành 100% chỉ tiêu thu ngân sách.', staffCount: '100', countLdtt: '85', countCstdcs: '10', countCstdTinh: '1', version: '0', action: 'submit' };
    const sent = await postForm(A['thue.hanam'], `${base}/registrations/${thue}`, form);
    expect(sent.status).toBe(302);
    const list = await A['sotaichinh.hanam'].get(`${base}/registrations`);
    expect(list.text).toContain(`Đã gửi đăng ký sau hạn ${formatDate(due)}: đơn vị không đủ điều kiện Cờ thi đua của UBND tỉnh`);
  });

  it('with the deadline ahead: no warning', async () => {
    await setDue(new Date(Date.now() + 10 * DAY));
    const page = await A['khobac.hanam'].get(`${base}/registrations`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('data-testid="consequences"');
    expect(page.text).not.toContain('Gửi sau hạn');
    const home = await A['khobac.hanam'].get('/');
    expect(home.text).not.toContain('Gửi sau hạn');
  });

  it('the board waived the on-time rule: no warning either', async () => {
    const year = (await t.db.blocYear.findUniqueOrThrow({ where: { id: yearId }, include: { bloc: true } }));
    await setDue(new Date(Date.now() - 10 * DAY));
    await t.db.provinceRuleSet.upsert({
      where: { provinceId_year: { provinceId: year.bloc.provinceId, year: year.year } },
      update: { requireRegistration: false },
      create: { provinceId: year.bloc.provinceId, year: year.year, requireRegistration: false },
    });
    try {
      const page = await A['khobac.hanam'].get(`${base}/registrations`);
      expect(page.text).not.toContain('Gửi sau hạn');
    } finally {
      await t.db.provinceRuleSet.update({ where: { provinceId_year: { provinceId: year.bloc.provinceId, year: year.year } }, data: { requireRegistration: true } });
      await setDue(new Date(Date.now() + 10 * DAY));
    }
  });
});

describe('an unsigned pledge and a flag on the unit', () => {
  it('an unsigned published pledge: the unit is told what not signing costs', async () => {
    await t.db.pledge.upsert({ where: { blocYearId: yearId }, update: { publishedAt: new Date() }, create: { blocYearId: yearId, body: 'Giao ước', publishedAt: new Date() } });
    const page = await A['khobac.hanam'].get(`${base}/registrations`);
    expect(page.text).toContain('Chưa ký giao ước thi đua: nếu không ký trước hội nghị tổng kết, đơn vị sẽ không đủ điều kiện Cờ thi đua của UBND tỉnh');
    const home = await A['khobac.hanam'].get('/');
    expect(home.text).toContain('Ký giao ước thi đua. Chưa ký giao ước thi đua: nếu không ký');
  });

  it('a flag: shown to the unit and the head, never to another member', async () => {
    await t.db.agencyFlag.create({ data: { agencyId: thue, kind: 'INSPECTION', fromDate: new Date(Date.now() - 30 * DAY) } });
    const text = 'Đang thanh tra: nếu chưa kết thúc trước hội nghị tổng kết, đơn vị sẽ không đủ điều kiện';
    expect((await A['thue.hanam'].get(`${base}/registrations/${thue}`)).text).toContain(text);
    expect((await A['sotaichinh.hanam'].get(`${base}/registrations`)).text).toContain(text);
    expect((await A['bantdkt.hanam'].get(`${base}/awards`)).text).toContain(text);
    const other = await A['khobac.hanam'].get(`${base}/awards`);
    expect(other.status).toBe(200);
    expect(other.text).not.toContain('Đang thanh tra');
  });
});

describe('a score sheet about to be sent after its deadline', () => {
  it('the unit sees before "Gửi bảng điểm" that the province rules out no award for it, and its other consequences', async () => {
    // Nghệ An 2020 is in scoring, its self-scoring deadline long past
    const bloc = await t.db.blocVersion.findFirstOrThrow({ where: { name: 'Khối các cơ quan Trung ương tỉnh Nghệ An' } });
    const y = await t.db.blocYear.findUniqueOrThrow({ where: { blocId_year: { blocId: bloc.blocId, year: 2020 } } });
    expect(y.selfScoreDue).not.toBeNull();
    const done = await t.db.scoreSheet.findMany({ where: { blocYearId: y.id, period: 'YEAR_END', status: { in: ['SUBMITTED', 'ACCEPTED'] } }, select: { agencyId: true } });
    const officer = await t.db.roleAssignment.findFirstOrThrow({
      where: { role: 'UNIT_OFFICER', agencyId: { notIn: done.map((d) => d.agencyId) }, agency: { memberships: { some: { blocYearId: y.id } } } },
      select: { agencyId: true, user: { select: { username: true } } },
    });
    const agent = await loginAs(t.app, officer.user.username);
    const page = await agent.get(`/blocs/${bloc.blocId}/years/2020/scores/${officer.agencyId}?period=YEAR_END`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`Gửi sau hạn ${formatDate(y.selfScoreDue)}: quy định của tỉnh không loại đơn vị khỏi hình thức khen thưởng nào vì gửi bảng điểm muộn`);
    expect(page.text.indexOf('data-testid="consequences"')).toBeLessThan(page.text.indexOf('Gửi bảng điểm</button>'));
  });
});
