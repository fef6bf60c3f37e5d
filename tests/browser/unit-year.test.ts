// The unit's year in a real browser (Hà Nam 2022, at set-up in the demo): the head sets up the year
// and publishes the pledge; a unit officer registers, signs, self-scores with an attachment and
// submits; the head returns one criterion with a reason; the unit corrects and resubmits; the head
// accepts; the mid-year review is frozen.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startBrowserEnv, login, shot, type BrowserEnv } from '../support/browser';

let env: BrowserEnv;
let base: string;
let unitId: number;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  env = await startBrowserEnv();
  const bloc = await env.db.blocVersion.findFirstOrThrow({ where: { name: 'Khối Thi đua Tổng hợp tỉnh Hà Nam' } });
  base = `${env.base}/blocs/${bloc.blocId}/years/2022`;
  const officer = await env.db.user.findUniqueOrThrow({ where: { username: 'thue.hanam' }, include: { assignments: true } });
  unitId = officer.assignments[0].agencyId!;
  page = await env.browser.newPage();
  page.on('dialog', (d) => void d.accept()); // every confirmation is answered "OK"
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
});
afterAll(async () => env?.close());

async function go(url: string) {
  const res = await page.goto(url);
  expect(res?.status(), url).toBe(200);
}
async function submit(selector: string) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

describe('the unit’s year in Chromium', () => {
  it('the head builds the criteria table from the template and opens registration', async () => {
    await login(page, env.base, 'vpubnd.hanam');
    await go(`${base}/criteria`);
    await submit('[data-testid=copy-template]');
    expect(await page.textContent('[data-testid=running-total]')).toContain('100');
    await shot(page, '10-criteria-table');
    await go(`${base}/setup`);
    await submit('[data-testid=move-REGISTRATION]');
    expect(await page.textContent('[data-testid=current-phase]')).toContain('Đăng ký thi đua');
  });

  it('the head drafts and publishes the pledge', async () => {
    await go(`${base}/pledge`);
    await page.fill('#f-body', 'Các đơn vị thành viên giao ước thi đua hoàn thành xuất sắc nhiệm vụ chính trị năm 2022.');
    await submit('[data-testid=pledge-form] button[type=submit]');
    await submit('[data-testid=publish-form] button[type=submit]');
    expect(await page.textContent('[data-testid=published]')).toContain('Công bố ngày');
  });

  it('a unit officer registers and signs the pledge', async () => {
    await login(page, env.base, 'thue.hanam');
    await go(`${base}/registrations/${unitId}`);
    await page.check('input[name=collectiveTitle][value=TTLDXS]');
    await page.check('input[name=awardAims][value=CO_TINH]');
    await page.fill('#f-targets', 'Thu ngân sách vượt 10% dự toán; cải cách hành chính, chuyển đổi số.');
    await page.fill('#f-staffCount', '120');
    await page.fill('#f-countLdtt', '100');
    await page.fill('#f-countCstdcs', '12');
    await page.fill('#f-countCstdTinh', '1');
    await submit('button[name=action][value=submit]');
    expect(await page.textContent('[data-testid=reg-status]')).toContain('Đã gửi');
    await shot(page, '11-registration-sent');

    await go(`${base}/pledge`);
    await page.fill('#f-signerName', 'Nguyễn Văn Thuế');
    await page.fill('#f-signerTitle', 'Cục trưởng');
    await submit('[data-testid=sign-form] button[type=submit]');
    expect(await page.textContent('[data-testid=signatures]')).toContain('Nguyễn Văn Thuế');
  });

  it('the head accepts the registration and opens scoring (the table locks)', async () => {
    await login(page, env.base, 'vpubnd.hanam');
    await go(`${base}/registrations/${unitId}`);
    await submit('[data-testid=review-forms] button.btn-success');
    await go(`${base}/registrations/${unitId}`);
    expect(await page.textContent('[data-testid=reg-status]')).toContain('Đã chấp nhận');
    await go(`${base}/setup`);
    await submit('[data-testid=move-SCORING]');
    expect(await page.textContent('[data-testid=current-phase]')).toContain('Chấm điểm');
    await go(`${base}/criteria`);
    expect(await page.textContent('[data-testid=locked]')).toContain('Đã khóa');
  });

  it('the unit self-scores, attaches a PDF and submits', async () => {
    await login(page, env.base, 'thue.hanam');
    await go(`${base}/scores/${unitId}?period=MID_YEAR`);
    const inputs = page.locator('input.score-input');
    const n = await inputs.count();
    expect(n).toBeGreaterThan(10);
    for (let i = 0; i < n; i++) {
      const kind = await inputs.nth(i).getAttribute('data-kind');
      await inputs.nth(i).fill(kind === 'NORMAL' ? '1' : '0');
    }
    expect(await page.textContent('[data-testid=live-total]')).not.toBe('0');
    await submit('button[name=action][value=save]');
    expect(await page.textContent('[data-testid=sheet-status]')).toContain('Đang soạn');

    const pdf = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'thidua-pdf-')), 'Báo cáo 6 tháng.pdf');
    fs.writeFileSync(pdf, '%PDF-1.4\n% minh chung\n%%EOF\n');
    const firstUpload = page.locator('form[enctype="multipart/form-data"]').first();
    await firstUpload.locator('input[type=file]').setInputFiles(pdf);
    // sheet.js attaches in place (no reload): wait for the file to appear in its criterion's list
    await firstUpload.locator('button[type=submit]').click();
    await page.waitForSelector('ul[data-files-for] a:has-text("Báo cáo 6 tháng.pdf")');

    await submit('button[name=action][value=submit]');
    expect(await page.textContent('[data-testid=sheet-status]')).toContain('Đã gửi');
    await shot(page, '12-sheet-submitted');
  });

  it('the head returns one criterion with a reason; the unit corrects and resubmits; the head accepts', async () => {
    const table = await env.db.criteriaTable.findFirstOrThrow({ where: { blocYear: { year: 2022, bloc: { versions: { some: { name: 'Khối Thi đua Tổng hợp tỉnh Hà Nam' } } } } }, include: { criteria: { orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }] } } });
    const c = table.criteria[1];
    await login(page, env.base, 'vpubnd.hanam');
    await go(`${base}/scores/${unitId}?period=MID_YEAR`);
    await page.check(`#return_${c.id}`);
    await page.fill(`#reason_${c.id}`, 'Chưa có văn bản minh chứng kèm theo');
    await shot(page, '13-head-review');
    await submit('button[name=action][value=return]');

    await login(page, env.base, 'thue.hanam');
    await go(`${base}/scores/${unitId}?period=MID_YEAR`);
    expect(await page.textContent(`[data-testid="reason-${c.code}"]`)).toContain('Chưa có văn bản minh chứng kèm theo');
    expect(await page.textContent('[data-testid=sheet-status]')).toContain('Bị trả lại');
    await page.fill(`#evidence_${c.id}`, 'Bổ sung Kế hoạch số 15/KH-CT');
    await page.fill(`#score_${c.id}`, '0,5');
    await submit('button[name=action][value=submit]');
    expect(await page.textContent('[data-testid=sheet-status]')).toContain('Đã gửi');

    await login(page, env.base, 'vpubnd.hanam');
    await go(`${base}/scores/${unitId}?period=MID_YEAR`);
    await submit('button[name=action][value=accept]');
    const sheet = await env.db.scoreSheet.findFirstOrThrow({ where: { agencyId: unitId, period: 'MID_YEAR', blocYear: { year: 2022 } } });
    expect(sheet.status).toBe('ACCEPTED');
  });

  it('the head freezes the mid-year review', async () => {
    // The other eight members' first-half sheets, reviewed: written directly to keep the journey short.
    const year = await env.db.blocYear.findFirstOrThrow({ where: { year: 2022, bloc: { versions: { some: { name: 'Khối Thi đua Tổng hợp tỉnh Hà Nam' } } } }, include: { memberships: true, criteria: { include: { criteria: true } } } });
    const criteria = year.criteria[0].criteria;
    for (const [i, m] of year.memberships.filter((x) => x.agencyId !== unitId).entries()) {
      const sheet = await env.db.scoreSheet.create({ data: { blocYearId: year.id, agencyId: m.agencyId, period: 'MID_YEAR', status: 'ACCEPTED' } });
      await env.db.scoreEntry.createMany({ data: criteria.map((c) => ({ sheetId: sheet.id, criterionId: c.id, selfCenti: c.kind === 'NORMAL' ? Math.max(0, c.maxCenti - 50 * (i % 3)) : 0, reviewedCenti: c.kind === 'NORMAL' ? Math.max(0, c.maxCenti - 50 * (i % 3)) : 0, status: 'AGREED' })) });
    }
    await go(`${base}/setup`);
    await submit('[data-testid=move-MID_YEAR_REVIEW]');
    await go(`${base}/reviews`);
    await page.fill('#f-heldAt', '2022-07-22');
    await page.fill('#f-place', 'Hội trường Văn phòng UBND tỉnh Hà Nam');
    await page.fill('#f-chairName', 'Trần Văn Chủ');
    await page.fill('#f-secretaryName', 'Lê Thị Thư');
    await page.fill('#f-summary', 'Các đơn vị hoàn thành tốt nhiệm vụ 6 tháng đầu năm 2022.');
    await page.check(`#hon-${unitId}`);
    await submit('form[action$="/reviews/mid-year/freeze"] button[type=submit]');
    expect(await page.textContent('[data-testid=mid-frozen]')).toContain('Đã chốt');
    expect(await page.locator('[data-testid=mid-results] tbody tr').count()).toBe(9);
    await shot(page, '14-mid-year-frozen');
    expect(errors).toEqual([]);
  });

  it('nothing typed is lost when the session times out before saving', async () => {
    const officer = await env.db.user.findUniqueOrThrow({ where: { username: 'khobac.hanam' }, include: { assignments: true } });
    const agencyId = officer.assignments[0].agencyId!;
    await login(page, env.base, 'khobac.hanam');
    await go(`${base}/scores/${agencyId}?period=YEAR_END`);
    const first = page.locator('input.score-input').first();
    await first.fill('1,5');
    await page.locator('textarea[name^=evidence_]').first().fill('Minh chứng gõ trước khi hết phiên');
    await page.context().clearCookies(); // the session ends (idle timeout) while the officer types
    const res = await Promise.all([page.waitForNavigation(), page.click('button[name=action][value=save]')]);
    expect(res[0]?.status()).toBe(403);
    expect(await page.textContent('main')).toContain('khôi phục');
    await login(page, env.base, 'khobac.hanam');
    await go(`${base}/scores/${agencyId}?period=YEAR_END`);
    expect(await page.isVisible('#draft-banner')).toBe(true);
    await page.click('#draft-restore');
    expect(await page.locator('input.score-input').first().inputValue()).toBe('1,5');
    expect(await page.locator('textarea[name^=evidence_]').first().inputValue()).toBe('Minh chứng gõ trước khi hết phiên');
    await submit('button[name=action][value=save]');
    const sheet = await env.db.scoreSheet.findFirstOrThrow({ where: { agencyId, period: 'YEAR_END', blocYear: { year: 2022 } }, include: { entries: true } });
    expect(sheet.entries.some((e) => e.selfCenti === 150)).toBe(true);
    expect(await page.isVisible('#draft-banner')).toBe(false);
  });
});
