// The board's province view, in Chromium, on the demo data as `npm start` serves it: Tây Ninh's board
// opens the dashboard from its home page (every bloc of the year with its progress), filters the
// overdue blocs, opens a unit's trend (the chart drawn by Chart.js under the strict CSP, and the
// table beside it), decides two proposals from the inbox (one approved, one not), corrects one with a
// reason, opens the award statistics and exports them; the bloc's head then sees the decisions.
//
// The demo's Tây Ninh 2020 conference has not sent proposals yet (the walk-through test sends real
// ones through a whole year); here two are put in the state the head's "Gửi đề nghị" leaves them in.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startBrowserEnv, login, shot, type BrowserEnv } from '../support/browser';

const BOARD = 'bantdkt.tayninh';
const HEAD = 'thongke.tayninh'; // Tây Ninh bloc's head in 2020
const YEAR = 2020;

let env: BrowserEnv;
let page: Page;
let provinceId: number;
let blocId: number;
const proposals: { id: number; name: string }[] = [];
const consoleErrors: string[] = [];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'thidua-province-'));

beforeAll(async () => {
  env = await startBrowserEnv();
  const bloc = await env.db.blocVersion.findFirstOrThrow({ where: { name: 'Khối thi đua các Cơ quan Trung ương tỉnh Tây Ninh' }, select: { blocId: true, bloc: { select: { provinceId: true } } } });
  blocId = bloc.blocId;
  provinceId = bloc.bloc.provinceId;
  const year = await env.db.blocYear.findUniqueOrThrow({ where: { blocId_year: { blocId, year: YEAR } }, include: { memberships: { include: { agencyVersion: true }, orderBy: { id: 'asc' } } } });
  const taken = new Set((await env.db.awardProposal.findMany({ where: { blocYearId: year.id, awardKind: 'BANG_KHEN_TINH' }, select: { agencyId: true } })).map((p) => p.agencyId));
  for (const m of year.memberships.filter((m) => !taken.has(m.agencyId)).slice(0, 2)) {
    const p = await env.db.awardProposal.create({ data: { blocYearId: year.id, awardKind: 'BANG_KHEN_TINH', agencyId: m.agencyId, status: 'SENT', sentAt: new Date('2020-12-20T03:00:00Z') } });
    proposals.push({ id: p.id, name: m.agencyVersion.name });
  }
  page = await env.browser.newPage();
  page.on('dialog', (d) => void d.accept()); // every confirmation is answered "OK"
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(`${m.text()} (${m.location().url})`);
  });
}, 180_000);
afterAll(async () => {
  await env?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function go(action: Promise<unknown>) {
  await Promise.all([page.waitForNavigation(), action]);
}

describe("the board's province view", () => {
  it('the dashboard, opened from the home page, shows every bloc of the province with its progress', async () => {
    await login(page, env.base, BOARD);
    await go(page.getByRole('link', { name: 'Tổng quan các khối' }).first().click());
    expect(new URL(page.url()).pathname).toBe(`/provinces/${provinceId}/dashboard`);
    await page.selectOption('#f-year', String(YEAR));
    await go(page.click('[data-testid=dashboard-filters] button[type=submit]'));
    const expected = await env.db.blocYear.findMany({ where: { year: YEAR, bloc: { provinceId } }, select: { blocId: true } });
    const shown = await page.locator('[data-testid=bloc-row]').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-bloc-id'))));
    expect(shown.sort()).toEqual(expected.map((b) => b.blocId).sort());
    expect(await page.locator(`[data-testid=bloc-row][data-bloc-id="${blocId}"] a[href^="/blocs/${blocId}/years/${YEAR}"]`).count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=bloc-row] [role=progressbar], [data-testid=bloc-row] progress, [data-testid=bloc-row] .progress').count()).toBeGreaterThan(0);
    await shot(page, 'province-dashboard');
  });

  it('filters the overdue blocs', async () => {
    await page.check('#f-overdue');
    await go(page.click('[data-testid=dashboard-filters] button[type=submit]'));
    const rows = page.locator('[data-testid=bloc-row]');
    const n = await rows.count();
    expect(n).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=bloc-row][data-overdue="1"]').count()).toBe(n);
    expect(await page.locator('[data-testid=overdue-badge]').count()).toBe(n);
  });

  it("opens a unit's trend: the chart is drawn and the same numbers are in the table beside it", async () => {
    await go(page.getByRole('link', { name: 'Kết quả, xếp hạng' }).first().click());
    await go(page.locator('[data-testid=unit-trend-link]').first().click());
    expect(new URL(page.url()).pathname).toMatch(new RegExp(`^/provinces/${provinceId}/units/\\d+/trend$`));
    await page.waitForFunction(() => {
      const w = window as unknown as { Chart?: { getChart: (c: Element) => unknown } };
      const canvas = document.querySelector('#unit-trend-chart');
      return Boolean(canvas && w.Chart && w.Chart.getChart(canvas));
    });
    const tableRows = await page.locator('#unit-trend-table tbody tr').count();
    expect(tableRows).toBeGreaterThan(0);
    const points = await page.evaluate(() => {
      const w = window as unknown as { Chart: { getChart: (c: Element) => { data: { labels: unknown[] } } } };
      return w.Chart.getChart(document.querySelector('#unit-trend-chart')!).data.labels.length;
    });
    expect(points).toBeGreaterThan(0);
    await shot(page, 'province-unit-trend');
  });

  it('decides two proposals from the inbox, one approved and one not, then corrects one with a reason', async () => {
    await go(page.getByRole('link', { name: 'Đề nghị khen thưởng' }).first().click());
    await page.selectOption('[data-testid=inbox-filters] #f-year', String(YEAR));
    await go(page.click('[data-testid=inbox-filters] button[type=submit]'));
    const [approved, refused] = proposals;

    await page.check(`#pick-${approved.id}`);
    await page.check('#bo-a');
    await page.fill('#bd-number', '215/QĐ-UBND');
    await page.fill('#bd-date', '10/02/2021');
    await page.fill('#bd-signer', 'Nguyễn Thanh Ngọc, Chủ tịch UBND tỉnh');
    await page.check('#bd-confirm');
    await go(page.click('[data-testid=bulk-decide-form] button[type=submit]'));
    expect(await page.getAttribute(`[data-testid=proposal-row][data-proposal-id="${approved.id}"]`, 'data-status')).toBe('APPROVED');

    await page.check(`#pick-${refused.id}`);
    await page.check('#bo-r');
    await page.fill('#bd-number', '216/QĐ-UBND');
    await page.fill('#bd-date', '10/02/2021');
    await page.fill('#bd-signer', 'Nguyễn Thanh Ngọc, Chủ tịch UBND tỉnh');
    await page.fill('#bd-reason', 'Chưa đủ hai năm liên tục hoàn thành xuất sắc nhiệm vụ.');
    await page.check('#bd-confirm');
    await go(page.click('[data-testid=bulk-decide-form] button[type=submit]'));
    expect(await page.getAttribute(`[data-testid=proposal-row][data-proposal-id="${refused.id}"]`, 'data-status')).toBe('REJECTED');

    // the number was mistyped: corrected with a reason, the old value kept
    const row = page.locator(`[data-testid=proposal-row][data-proposal-id="${approved.id}"]`);
    await row.locator('summary', { hasText: 'Đính chính quyết định' }).click();
    await page.fill(`#cn-${approved.id}`, '251/QĐ-UBND');
    await page.fill(`#cr-${approved.id}`, 'Nhập nhầm số quyết định: số đúng là 251/QĐ-UBND.');
    await page.check(`#cc-${approved.id}`);
    await go(row.locator('button', { hasText: 'Lưu đính chính' }).click());
    const corrected = page.locator(`[data-testid=proposal-row][data-proposal-id="${approved.id}"] [data-testid=decision-corrected]`);
    expect(await corrected.textContent()).toContain('215/QĐ-UBND');
    await shot(page, 'province-inbox');

    const rows = await env.db.awardProposal.findMany({ where: { id: { in: proposals.map((p) => p.id) } }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.status, r.decisionNumber, r.decisionSigner])).toEqual([
      ['APPROVED', '251/QĐ-UBND', 'Nguyễn Thanh Ngọc, Chủ tịch UBND tỉnh'],
      ['REJECTED', '216/QĐ-UBND', 'Nguyễn Thanh Ngọc, Chủ tịch UBND tỉnh'],
    ]); // created in this order: the first approved, the second not
  });

  it('opens the award statistics of the year and exports them to Excel', async () => {
    await go(page.getByRole('link', { name: 'Thống kê khen thưởng' }).first().click());
    await page.selectOption('#s-year', String(YEAR));
    await go(page.click('[data-testid=statistics-filter] button[type=submit]'));
    const total = await page.locator('[data-testid=stat-table]').first().locator('[data-testid=stat-total]').getAttribute('data-count');
    const inRegister = await env.db.awardRecord.count({ where: { provinceId, year: YEAR } });
    expect(Number(total)).toBe(inRegister);
    expect(inRegister).toBeGreaterThan(0); // the approval just recorded is in the register
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-xlsx]')]);
    const file = path.join(tmp, download.suggestedFilename());
    await download.saveAs(file);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.map((w) => w.name)).toContain('Theo hình thức');
    await shot(page, 'province-statistics');
  });

  it('the bloc head sees the decisions on its awards page', async () => {
    await login(page, env.base, HEAD);
    await page.goto(`${env.base}/blocs/${blocId}/years/${YEAR}/awards`);
    const text = (await page.textContent('main'))!;
    expect(text).toContain('251/QĐ-UBND');
    expect(text).toContain('216/QĐ-UBND');
    expect(text).toContain('Chưa đủ hai năm liên tục hoàn thành xuất sắc nhiệm vụ.');
    // and may not open the province view
    const res = await page.goto(`${env.base}/provinces/${provinceId}/dashboard`);
    expect(res!.status()).toBe(403);
  });

  it('served every page without a server error or a console error (no CSP violation)', () => {
    expect(env.serverErrors()).toEqual([]);
    expect(consoleErrors.filter((e) => !e.includes('403'))).toEqual([]);
  });
});
