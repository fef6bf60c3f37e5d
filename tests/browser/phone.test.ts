// Phones (issue 10): what a member unit opens at the year-end conference — the ballot paper, its
// own score sheet, the pledge — fits a 390-px-wide screen without scrolling the page sideways (wide
// tables scroll inside their own box), and passes axe. Tây Ninh 2020 is at its conference in the
// demo: the head freezes the ranking and opens a ballot first, as at the meeting.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startBrowserEnv, login, shot, type BrowserEnv } from '../support/browser';
import { ROOT } from '../support/testdb';

const WIDTH = 390;
const AXE = fs.readFileSync(path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

let env: BrowserEnv;
let page: Page;
let base: string;
let ballotUrl: string;
let sheetUrl: string;
const errors: string[] = [];

beforeAll(async () => {
  env = await startBrowserEnv();
  const bloc = await env.db.blocVersion.findFirstOrThrow({ where: { name: 'Khối thi đua các Cơ quan Trung ương tỉnh Tây Ninh' } });
  base = `${env.base}/blocs/${bloc.blocId}/years/2020`;
  const unit = await env.db.user.findUniqueOrThrow({ where: { username: 'thue.tayninh' }, include: { assignments: true } });
  sheetUrl = `${base}/scores/${unit.assignments[0].agencyId}?period=YEAR_END`;
  page = await env.browser.newPage();
  page.on('dialog', (d) => void d.accept());
  page.on('pageerror', (e) => errors.push(e.message));
});
afterAll(async () => env?.close());

async function submit(selector: string) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

/** The page fits the phone's width, is saved for the README, and has no serious axe violation. */
async function checkOnPhone(url: string, name: string) {
  const res = await page.goto(url);
  expect(res?.status(), url).toBe(200);
  const widths = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, body: document.body.scrollWidth }));
  expect(widths.doc, `${name}: the page scrolls sideways`).toBeLessThanOrEqual(WIDTH);
  expect(widths.body, `${name}: the body scrolls sideways`).toBeLessThanOrEqual(WIDTH);
  await shot(page, name);
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (c: Document, o: object) => Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  expect(violations, name).toEqual([]);
}

describe('a member unit at the conference, on a 390-px phone', () => {
  it('the head freezes the ranking and opens a ballot (desktop)', async () => {
    await login(page, env.base, 'thongke.tayninh');
    await page.goto(`${base}/reviews`);
    await page.fill('#f-heldAt', '2020-12-18');
    await page.fill('#f-place', 'Hội trường Cục Thống kê tỉnh Tây Ninh');
    await page.fill('#f-chairName', 'Nguyễn Văn Chủ');
    await page.fill('#f-secretaryName', 'Trần Thị Thư');
    await page.fill('#f-summary', 'Các đơn vị trong Khối hoàn thành tốt nhiệm vụ chính trị năm 2020.');
    await page.fill('#f-tasksAhead', 'Tiếp tục đẩy mạnh chuyển đổi số, cải cách hành chính năm 2021.');
    await submit('form[action$="/reviews/year-end/freeze"] button[type=submit]');
    await page.goto(`${base}/ballots`);
    await page.selectOption('#f-purpose', 'AWARD');
    await page.selectOption('#f-awardKind', 'CO_TINH');
    await page.fill('#f-seats', '2');
    // The three units the demo ranks xuất sắc and registered for the flag.
    for (const u of ['bhxh', 'thue', 'khobac']) {
      const officer = await env.db.user.findUniqueOrThrow({ where: { username: `${u}.tayninh` }, include: { assignments: true } });
      await page.check(`#cand-${officer.assignments[0].agencyId}`);
    }
    await submit('[data-testid=open-ballot] button[type=submit]');
    expect(new URL(page.url()).pathname, (await page.locator('.alert').allInnerTexts()).join(' / ')).toMatch(/\/ballots\/\d+$/);
    ballotUrl = page.url();
  });

  it('the ballot paper, the score sheet and the pledge fit the screen', async () => {
    await page.setViewportSize({ width: WIDTH, height: 844 });
    await login(page, env.base, 'thue.tayninh');
    await checkOnPhone(ballotUrl, 'phone-ballot');
    expect(await page.locator('[data-testid=vote-form] input[name=candidateIds]').count()).toBe(3);
    await checkOnPhone(sheetUrl, 'phone-sheet');
    await checkOnPhone(`${base}/pledge`, 'phone-pledge');
    // The paper can be filled in and sent on the phone.
    await page.goto(ballotUrl);
    await page.locator('[data-testid=vote-form] input[name=candidateIds]').first().check();
    await submit('[data-testid=vote-form] button[type=submit]');
    expect(await page.textContent('[data-testid=voted]')).toContain('đã bỏ phiếu');
    expect(errors).toEqual([]);
  });
});
