// README's walk-through of a whole year, followed literally in Chromium on the current calendar
// year the demo seeds for Hà Nam's bloc (at set-up, every deadline ahead), with no rule waived:
// the head opens the year, three units register and sign on time, everyone self-scores, the head
// reviews (several at once from the lists) and the deputy reviews the head's own unit, the mid-year
// review and the year-end ranking are frozen, the bloc votes, the awards page finds units eligible
// for the provincial flag, the proposals go to the board and the year closes.
// Each unit keeps its own session (its cookies are put back when it acts again), as at a real
// conference where every unit signs in once on its own device.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cookie, Page } from 'playwright-core';
import { startBrowserEnv, login, shot, type BrowserEnv } from '../support/browser';
import { CURRENT_YEAR_BLOC } from '../../src/seed/current-year';

const YEAR = new Date().getFullYear();
const HEAD = 'sotaichinh.hanam';
const DEPUTY = 'thongke.hanam';
// The units that register aiming at the provincial flag; the bloc elects the first two.
const AIMING = ['thue.hanam', 'khobac.hanam', 'haiquan.hanam'];
const ELECTED = ['thue.hanam', 'khobac.hanam'];
const MEMBERS = ['vpdbqh.hanam', 'vpubnd.hanam', 'sokhdt.hanam', HEAD, 'khobac.hanam', 'thue.hanam', DEPUTY, 'nhnn.hanam', 'haiquan.hanam'];

let env: BrowserEnv;
let page: Page;
let blocId: number;
let base: string;
const unit: Record<string, { agencyId: number; name: string }> = {};
const sessions = new Map<string, Cookie[]>();
const errors: string[] = [];
const todayIso = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);

beforeAll(async () => {
  env = await startBrowserEnv();
  const bloc = await env.db.blocVersion.findFirstOrThrow({ where: { name: CURRENT_YEAR_BLOC } });
  blocId = bloc.blocId;
  base = `${env.base}/blocs/${blocId}/years/${YEAR}`;
  const y = await env.db.blocYear.findUniqueOrThrow({ where: { blocId_year: { blocId, year: YEAR } }, include: { memberships: { include: { agencyVersion: true } } } });
  for (const username of MEMBERS) {
    const u = await env.db.user.findUniqueOrThrow({ where: { username }, include: { assignments: true } });
    const agencyId = u.assignments[0].agencyId!;
    unit[username] = { agencyId, name: y.memberships.find((m) => m.agencyId === agencyId)!.agencyVersion.name };
  }
  page = await env.browser.newPage();
  page.on('dialog', (d) => void d.accept()); // every confirmation is answered "OK"
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${m.text()} (${m.location().url})`);
  });
});
afterAll(async () => env?.close());

/** Acts as `username`: signs in through the form the first time, then puts its session back. */
async function as(username: string) {
  const saved = sessions.get(username);
  if (saved) {
    await page.context().clearCookies();
    await page.context().addCookies(saved);
    return;
  }
  await login(page, env.base, username);
  expect(await page.textContent('[data-testid=whoami]')).toContain(username);
  sessions.set(username, await page.context().cookies());
}
async function go(url: string) {
  const res = await page.goto(url);
  expect(res?.status(), url).toBe(200);
}
async function submit(selector: string) {
  const [res] = await Promise.all([page.waitForNavigation(), page.click(selector)]);
  expect(res?.status(), selector).toBe(200);
}
const text = async (selector: string) => ((await page.textContent(selector)) ?? '').replace(/\s+/g, ' ').trim();

/**
 * The unit fills its sheet of the period (full marks, or one step less on the first criteria) and
 * sends it. `typed`: typed field by field as an officer would; otherwise the same values are put
 * into the form at once (18 sheets typed key by key would take minutes) and the form is still sent
 * by its own button.
 */
async function selfScoreAndSend(username: string, period: 'MID_YEAR' | 'YEAR_END', strong: boolean, typed = false) {
  await as(username);
  await go(`${base}/scores/${unit[username].agencyId}?period=${period}`);
  const table = await env.db.criteriaTable.findFirstOrThrow({ where: { blocYear: { blocId, year: YEAR } }, include: { criteria: { orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }] } } });
  let lowered = 0;
  const values: Record<string, string> = {};
  for (const c of table.criteria) {
    let centi = c.kind === 'NORMAL' ? c.maxCenti : 0;
    if (!strong && c.kind === 'NORMAL' && lowered < 4) {
      centi -= c.stepCenti;
      lowered++;
    }
    values[`score_${c.id}`] = (centi / 100).toLocaleString('vi-VN');
    if (centi > 0) values[`evidence_${c.id}`] = `Báo cáo ${period === 'MID_YEAR' ? 'sơ kết 6 tháng' : 'tổng kết năm'} ${YEAR}, mục ${c.code}.`;
  }
  if (typed) {
    for (const [id, v] of Object.entries(values)) await page.fill(`#${id}`, v);
  } else {
    await page.evaluate((vals) => {
      for (const [id, v] of Object.entries(vals)) {
        const el = document.getElementById(id) as HTMLInputElement | HTMLTextAreaElement;
        el.value = v;
        el.dispatchEvent(new Event('input', { bubbles: true }));
      }
    }, values);
  }
  await submit('button[name=action][value=submit]');
  expect(await text('[data-testid=sheet-status]'), username).toContain('Đã gửi');
}

/** The deputy's officer follows its home task to the head unit's record and accepts it. */
async function deputyAcceptsHeadUnit(taskText: string, button: string) {
  await as(DEPUTY);
  await go(env.base + '/');
  const task = page.locator('[data-testid=tasks] a', { hasText: taskText });
  expect(await task.count(), taskText).toBe(1);
  await Promise.all([page.waitForNavigation(), task.click()]);
  await submit(button);
}

/**
 * The head accepts the sent sheets: `oneByOne` first on its own page (README step 8), the rest ticked
 * together on the overview ("Chấp nhận các mục đã chọn"); its own unit's sheet is not offered and the
 * deputy accepts it.
 */
async function headAcceptsEverySheet(period: 'MID_YEAR' | 'YEAR_END', oneByOne: string[] = []) {
  await as(HEAD);
  for (const username of oneByOne) {
    await go(`${base}/scores/${unit[username].agencyId}?period=${period}`);
    await submit('button[name=action][value=accept]');
  }
  await go(`${base}/scores?period=${period}`);
  expect(await page.locator(`#pick-${unit[HEAD].agencyId}`).count()).toBe(0);
  await page.check('[data-bulk-all]');
  await submit('[data-testid=bulk-accept]');
  expect(await text('.alert-success'), period).toContain(`Đã chấp nhận ${MEMBERS.length - 1 - oneByOne.length} bảng điểm`);
  await deputyAcceptsHeadUnit('Thẩm định bảng điểm của đơn vị Khối trưởng', 'button[name=action][value=accept]');
  await as(HEAD);
  const sheets = await env.db.scoreSheet.findMany({ where: { period, blocYear: { blocId, year: YEAR } } });
  expect(sheets.map((s) => s.status)).toEqual(MEMBERS.map(() => 'ACCEPTED'));
}

async function fillMeeting(prefix: 'hon' | 'ehon', summary: string) {
  await page.fill('#f-heldAt', todayIso());
  await page.fill('#f-place', `Hội trường ${unit[HEAD].name}`);
  await page.fill('#f-chairName', 'Nguyễn Văn Chủ');
  await page.fill('#f-secretaryName', 'Trần Thị Thư');
  await page.fill('#f-summary', summary);
  await page.check(`#${prefix}-${unit['thue.hanam'].agencyId}`);
}

describe(`README's walk-through of ${YEAR}, every rule on`, () => {
  it('the head’s officer opens the year: criteria from the template, deadlines, registration, the pledge', async () => {
    await as(HEAD);
    const task = page.locator('[data-testid=tasks] a', { hasText: 'Mở năm thi đua' }).filter({ has: page.locator(`xpath=self::*[contains(@href, "/years/${YEAR}/setup")]`) });
    expect(await task.count()).toBe(1);
    await Promise.all([page.waitForNavigation(), task.click()]);
    expect(page.url()).toBe(`${base}/setup`);
    expect(await text('[data-testid=current-phase]')).toBe('Chuẩn bị');

    await go(`${base}/criteria`);
    await submit('[data-testid=copy-template]');
    expect(await text('[data-testid=running-total]')).toContain('100');

    // the seeded deadlines are ahead: saved as they are, with the year's theme
    await go(`${base}/setup`);
    expect(await page.inputValue('#f-registrationDue')).toBeTruthy();
    expect(await page.inputValue('#f-registrationDue') > todayIso()).toBe(true);
    await page.fill('#f-motto', 'Kỷ cương, liêm chính, hành động, trách nhiệm, sáng tạo, hiệu quả');
    await submit('button:has-text("Lưu thiết lập")');
    await submit('[data-testid=move-REGISTRATION]');
    expect(await text('[data-testid=current-phase]')).toBe('Đăng ký thi đua');

    await go(`${base}/pledge`);
    await page.fill('#f-body', `Các đơn vị thành viên ${CURRENT_YEAR_BLOC} giao ước thi đua hoàn thành xuất sắc nhiệm vụ chính trị năm ${YEAR}.`);
    await submit('[data-testid=pledge-form] button[type=submit]');
    await submit('[data-testid=publish-form] button[type=submit]');
    expect(await text('[data-testid=published]')).toContain('Công bố ngày');
  });

  it('three units register aiming at the provincial flag and sign the pledge, on time', async () => {
    for (const username of AIMING) {
      await as(username);
      await go(`${base}/registrations/${unit[username].agencyId}`);
      await page.check('input[name=collectiveTitle][value=TTLDXS]');
      await page.check('input[name=awardAims][value=CO_TINH]');
      await page.fill('#f-targets', 'Hoàn thành vượt mức chỉ tiêu được giao; cải cách hành chính, chuyển đổi số.');
      await page.fill('#f-staffCount', '100');
      await page.fill('#f-countLdtt', '85');
      await page.fill('#f-countCstdcs', '10');
      await page.fill('#f-countCstdTinh', '1');
      await submit('button[name=action][value=submit]');
      expect(await text('[data-testid=reg-status]'), username).toContain('Đã gửi');

      await go(`${base}/pledge`);
      await page.fill('#f-signerName', `Thủ trưởng ${unit[username].name}`);
      await page.fill('#f-signerTitle', 'Giám đốc');
      await submit('[data-testid=sign-form] button[type=submit]');
      expect(await text('[data-testid=signatures]'), username).toContain(`Thủ trưởng ${unit[username].name}`);
    }
    await shot(page, 'walkthrough-pledge-signed');
  });

  it('the head’s own unit registers too; its officer cannot accept it', async () => {
    await as(HEAD);
    await go(`${base}/registrations/${unit[HEAD].agencyId}`);
    await page.check('input[name=collectiveTitle][value=TTLDTT]');
    await page.fill('#f-targets', 'Hoàn thành dự toán thu, chi ngân sách; quản lý giá, tài sản công đúng quy định.');
    await page.fill('#f-staffCount', '80');
    await page.fill('#f-countLdtt', '60');
    await page.fill('#f-countCstdcs', '5');
    await submit('button[name=action][value=submit]');
    expect(await text('[data-testid=reg-status]')).toContain('Đã gửi');
    expect(await page.locator('[data-testid=review-forms]').count()).toBe(0);
    expect(await text('[data-testid=review-note]')).toContain('do Khối phó duyệt');
  });

  it('the head accepts the three registrations at once; the deputy accepts the head unit’s; scoring opens', async () => {
    await as(HEAD);
    await go(`${base}/registrations`);
    expect(await page.locator(`#pick-${unit[HEAD].agencyId}`).count()).toBe(0);
    for (const username of AIMING) await page.check(`#pick-${unit[username].agencyId}`);
    await submit('[data-testid=bulk-accept]');
    expect(await text('.alert-success')).toContain('Đã chấp nhận 3 bản đăng ký');
    await deputyAcceptsHeadUnit('Duyệt đăng ký thi đua của đơn vị Khối trưởng', '[data-testid=review-forms] button.btn-success');
    const regs = await env.db.registration.findMany({ where: { blocYear: { blocId, year: YEAR } } });
    expect(regs.map((r) => r.status)).toEqual(regs.map(() => 'ACCEPTED'));
    expect(regs.map((r) => r.agencyId).sort()).toEqual([...AIMING, HEAD].map((u) => unit[u].agencyId).sort());
    await as(HEAD);
    await go(`${base}/setup`);
    await submit('[data-testid=move-SCORING]');
    expect(await text('[data-testid=current-phase]')).toBe('Chấm điểm');
  });

  it('every unit self-scores the first half and sends; the head accepts; the mid-year review is frozen', async () => {
    for (const username of MEMBERS) await selfScoreAndSend(username, 'MID_YEAR', AIMING.includes(username), username === 'thue.hanam');
    await headAcceptsEverySheet('MID_YEAR', ['vpdbqh.hanam']);
    await go(`${base}/setup`);
    await submit('[data-testid=move-MID_YEAR_REVIEW]');
    await go(`${base}/reviews`);
    await fillMeeting('hon', `Các đơn vị hoàn thành tốt nhiệm vụ 6 tháng đầu năm ${YEAR}.`);
    await submit('form[action$="/reviews/mid-year/freeze"] button[type=submit]');
    expect(await text('[data-testid=mid-frozen]')).toContain('Đã chốt');
    expect(await page.locator('[data-testid=mid-results] tbody tr').count()).toBe(MEMBERS.length);
    // the freeze moves the year on to the second half
    await go(`${base}/setup`);
    expect(await text('[data-testid=current-phase]')).toBe('Chấm điểm');
  }, 240_000);

  it('year-end scoring (the sheet starts from mid-year); the head accepts; the year-end ranking is frozen at the conference', async () => {
    await as('nhnn.hanam');
    await go(`${base}/scores/${unit['nhnn.hanam'].agencyId}?period=YEAR_END`);
    expect(await text('[data-testid=prefilled]')).toContain('điền sẵn từ sơ kết 6 tháng');
    for (const username of MEMBERS) await selfScoreAndSend(username, 'YEAR_END', AIMING.includes(username), username === 'thue.hanam');
    await headAcceptsEverySheet('YEAR_END');
    await go(`${base}/setup`);
    await submit('[data-testid=move-YEAR_END_REVIEW]');
    await go(`${base}/reviews`);
    await fillMeeting('ehon', `Các đơn vị trong Khối hoàn thành tốt nhiệm vụ chính trị năm ${YEAR}.`);
    await submit('form[action$="/reviews/year-end/freeze"] button[type=submit]');
    expect(await text('[data-testid=end-frozen]')).toContain('Đã chốt');
    expect(await text('[data-testid=end-frozen]')).toContain(`${MEMBERS.length}/${MEMBERS.length} đơn vị dự`);
  }, 240_000);

  it('the bloc votes: the head opens a secret ballot for the provincial flag, every unit votes, the head closes it', async () => {
    await go(`${base}/awards`);
    // before the vote, the only thing missing is the vote itself: registration and pledge were on time
    const before = await text(`[data-award=CO_TINH] tr[data-unit="${unit['thue.hanam'].agencyId}"]`);
    expect(before).toContain('Chưa được hội nghị suy tôn');
    expect(before).not.toContain('không đúng hạn');
    expect(before).not.toContain('Chưa ký giao ước');

    await go(`${base}/ballots`);
    await page.selectOption('#f-purpose', 'AWARD');
    await page.selectOption('#f-awardKind', 'CO_TINH');
    await page.fill('#f-seats', '2');
    for (const username of AIMING) await page.check(`#cand-${unit[username].agencyId}`);
    await submit('[data-testid=open-ballot] button[type=submit]');
    const m = /\/ballots\/(\d+)$/.exec(new URL(page.url()).pathname);
    expect(m, page.url()).not.toBeNull();
    const ballotUrl = `${base}/ballots/${m![1]}`;

    for (const [i, username] of MEMBERS.entries()) {
      await as(username);
      await go(ballotUrl);
      // seven papers for Thuế and Kho bạc, two for Thuế and Hải quan
      const choices = i < 7 ? ELECTED : ['thue.hanam', 'haiquan.hanam'];
      const candidates = await page.$$eval('[data-testid=vote-form] input[name=candidateIds]', (inputs) =>
        inputs.map((el) => ({ id: el.id, label: document.querySelector(`label[for="${el.id}"]`)?.textContent?.trim() ?? '' })),
      );
      for (const c of choices) await page.check(`#${candidates.find((x) => x.label === unit[c].name)!.id}`);
      await submit('[data-testid=vote-form] button[type=submit]');
      expect(await text('[data-testid=voted]'), username).toContain('đã bỏ phiếu');
    }
    await as(HEAD);
    await go(ballotUrl);
    await submit('button:has-text("Kết thúc bỏ phiếu, kiểm phiếu")');
    const tally = Object.fromEntries(
      await page.$$eval('[data-testid=tally] tbody tr', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => (td.textContent ?? '').trim()))).then((rows) => rows.map((r) => [r[0], r.slice(1)])),
    );
    expect(tally[unit['thue.hanam'].name]).toEqual(['9', '100,00%', 'Trúng cử']);
    expect(tally[unit['khobac.hanam'].name]).toEqual(['7', '77,78%', 'Trúng cử']);
    expect(tally[unit['haiquan.hanam'].name]).toEqual(['2', '22,22%', 'Không trúng cử']);
  }, 180_000);

  it('the awards page shows the elected units eligible for the provincial flag, with no waiver', async () => {
    await go(`${base}/awards`);
    for (const username of ELECTED) {
      expect(await text(`[data-award=CO_TINH] tr[data-unit="${unit[username].agencyId}"]`), username).toContain('Đủ điều kiện');
    }
    // a unit that never registered is told why
    expect(await text(`[data-award=CO_TINH] tr[data-unit="${unit['nhnn.hanam'].agencyId}"]`)).toContain('Chưa có đăng ký thi đua được Khối trưởng chấp nhận.');
    await shot(page, 'walkthrough-awards-eligible');
    const rules = await env.db.provinceRuleSet.findFirstOrThrow({ where: { year: YEAR, province: { blocs: { some: { id: blocId } } } } });
    expect([rules.requireRegistration, rules.requirePledge]).toEqual([true, true]);
  });

  it('the head proposes both, sends the proposals, hands over by rotation and closes the year', async () => {
    for (const username of ELECTED) {
      await submit(`button[aria-label="Đề nghị Cờ thi đua của UBND tỉnh cho ${unit[username].name}"]`);
      expect(await page.locator('[data-testid=award-error]').count(), username).toBe(0);
    }
    await submit('button:has-text("Gửi đề nghị tới Ban TĐKT tỉnh")');
    const proposals = await env.db.awardProposal.findMany({ where: { blocYear: { blocId, year: YEAR } } });
    expect(proposals.map((p) => p.agencyId).sort()).toEqual(ELECTED.map((u) => unit[u].agencyId).sort());
    expect(proposals.every((p) => p.status === 'SENT')).toBe(true);

    await go(`${base}/closing`);
    await submit('[data-testid=rotation-form] button[type=submit]');
    expect(await page.locator('[data-testid=blockers]').count()).toBe(0);
    await page.check('#confirm-close');
    await submit(`button:has-text("Khóa sổ năm ${YEAR}")`);
    expect(await text('[data-testid=closed]')).toContain('đã khóa sổ');
    await shot(page, 'walkthrough-closed');
    const next = await env.db.blocYear.findUniqueOrThrow({ where: { blocId_year: { blocId, year: YEAR + 1 } } });
    expect(next.phase).toBe('SETUP');
  });

  it('no console errors in the browser, no server errors', () => {
    expect(errors).toEqual([]);
    expect(env.serverErrors()).toEqual([]);
  });
});
