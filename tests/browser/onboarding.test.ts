// Onboarding a new province, in Chromium, from a fresh installation as README describes it outside
// demo mode: an empty database, README's create-admin command, `npm start` with DEMO_MODE=false.
// The admin creates the province and its board's account; the board signs in with the one-time
// password (and must change it), downloads the import template, fills it (here by code, as a clerk
// would in Excel) with a real bloc of ten units of Thanh Hóa — not a demo province — uploads it, sees
// the one bad row refused with its sheet, row and column, fixes it and imports; the bloc, its year,
// head and deputy and the officers exist; an imported officer signs in with its one-time password,
// changes it and sees its unit's year.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startBrowserEnv, shot, type BrowserEnv } from '../support/browser';
import { ROOT } from '../support/testdb';

type Fixture = {
  province: string;
  bloc: { name: string; kind: string; decision: string };
  agencies: { name: string; shortName: string; kind: string; parentBody: string }[];
  head: string;
  deputy: string;
  officers: { username: string; fullName: string; jobTitle: string; unit: string }[];
};
const data = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests', 'fixtures', 'onboarding-thanh-hoa.json'), 'utf8')) as Fixture;
const YEAR = new Date().getFullYear();
const ADMIN = { username: 'quantri', fullName: 'Nguyễn Văn Quản', password: 'Quan tri he thong 2026' };
const BOARD = { username: 'bantdkt.thanhhoa', fullName: 'Lê Văn Cường' };
const NEW_PASSWORD = 'Mat khau moi 2026';

let env: BrowserEnv;
let page: Page;
const consoleErrors: string[] = [];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'thidua-onboarding-'));

beforeAll(async () => {
  env = await startBrowserEnv({ fresh: { admin: ADMIN } });
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

async function signIn(username: string, password: string) {
  await page.context().clearCookies();
  await page.goto(`${env.base}/login`);
  await page.fill('#f-username', username);
  await page.fill('#f-password', password);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
}

/** A one-time password must be changed before anything else: the portal sends the user to the form. */
async function changeOneTimePassword(oneTime: string) {
  expect(new URL(page.url()).pathname).toBe('/account/password');
  expect(await page.locator('[data-testid=must-change-password]').count()).toBe(1);
  // any other page leads back to the form until the password is changed
  await page.goto(`${env.base}/`);
  expect(new URL(page.url()).pathname).toBe('/account/password');
  await page.fill('#f-currentPassword', oneTime);
  await page.fill('#f-newPassword', NEW_PASSWORD);
  await page.fill('#f-confirmPassword', NEW_PASSWORD);
  await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
  expect(new URL(page.url()).pathname).not.toBe('/account/password');
}

async function clickLink(name: string | RegExp) {
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name }).first().click()]);
}

/** Fills the downloaded template's data sheets (their header row is row 1) from the fixture. */
async function fillTemplate(template: string, opts: { deputy: string }): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(template);
  const sheet = (name: string) => {
    const ws = wb.getWorksheet(name);
    if (!ws) throw new Error(`the template has no sheet "${name}"`);
    const header = (ws.getRow(1).values as unknown[]).map((v) => String(v ?? '').replace(/\s*\*\s*$/, ''));
    return {
      add: (cells: Record<string, string | number>) => {
        const row: unknown[] = [];
        for (const [label, value] of Object.entries(cells)) {
          const col = header.indexOf(label);
          if (col < 1) throw new Error(`sheet "${name}" has no column "${label}" (${header.join(' | ')})`);
          row[col - 1] = value;
        }
        ws.addRow(row);
      },
    };
  };
  const agencies = sheet('Cơ quan, đơn vị');
  for (const a of data.agencies) {
    agencies.add({ 'Tên cơ quan, đơn vị': a.name, 'Tên viết tắt': a.shortName, Loại: a.kind, 'Cơ quan chủ quản': a.parentBody, 'Địa bàn': data.province, 'Hiệu lực từ': '01/07/2025' });
  }
  // one row per member; in the bad file the deputy's row names a unit that does not exist
  const blocs = sheet('Khối thi đua');
  data.agencies.forEach((a, i) => {
    const role = a.name === data.head ? 'Khối trưởng' : a.name === data.deputy ? 'Khối phó' : '';
    blocs.add({
      'Tên khối': data.bloc.name,
      'Loại khối': data.bloc.kind,
      'Quyết định kiện toàn': data.bloc.decision,
      Năm: YEAR,
      'Đơn vị thành viên': a.name === data.deputy ? opts.deputy : a.name,
      'Thứ tự luân phiên': i + 1,
      ...(role ? { 'Vai trò': role } : {}),
    });
  });
  const officers = sheet('Cán bộ');
  for (const o of data.officers) officers.add({ 'Tên đăng nhập': o.username, 'Họ và tên': o.fullName, 'Chức vụ': o.jobTitle, 'Đơn vị': o.unit });
  const out = path.join(tmp, `to-chuc-thanh-hoa-${opts.deputy === data.deputy ? 'dung' : 'loi'}.xlsx`);
  await wb.xlsx.writeFile(out);
  return out;
}

describe('onboarding a new province from an empty database', () => {
  let boardPassword = '';
  let officerPassword = '';
  let templatePath = '';
  let deputyRowNumber = 0;

  it('the first admin (README create-admin) creates the province and its board account', async () => {
    await signIn(ADMIN.username, ADMIN.password);
    expect(await page.textContent('[data-testid=whoami]')).toContain(ADMIN.username);
    expect(await page.textContent('main')).toContain('Chưa có tỉnh, thành phố nào');
    await clickLink('Tỉnh, thành phố');
    await clickLink('Thêm tỉnh, thành phố');
    await page.fill('#f-name', data.province);
    await page.fill('#f-validFrom', '2025-07-01');
    await page.fill('#f-legalBasis', 'Nghị quyết số 202/2025/QH15 ngày 12/6/2025 của Quốc hội');
    await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
    expect(await page.textContent('h1')).toContain(data.province);
    await clickLink('Thêm tài khoản Ban Thi đua – Khen thưởng');
    expect(await page.textContent('[data-testid=form-province]')).toContain(data.province);
    expect(await page.inputValue('#f-role')).toBe('BOARD');
    await page.fill('#f-username', BOARD.username);
    await page.fill('#f-fullName', BOARD.fullName);
    await page.fill('#f-jobTitle', 'Trưởng ban Thi đua – Khen thưởng');
    await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]:has-text("Tạo tài khoản")')]);
    boardPassword = (await page.textContent('[data-testid=one-time-password]'))!.trim();
    expect(boardPassword.length).toBeGreaterThanOrEqual(12);
  });

  it('the board signs in with the one-time password, must change it, then downloads the template', async () => {
    await signIn(BOARD.username, boardPassword);
    await changeOneTimePassword(boardPassword);
    await page.goto(`${env.base}/`);
    await clickLink('Nhập dữ liệu từ Excel');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=template-link]')]);
    templatePath = path.join(tmp, 'mau.xlsx');
    await download.saveAs(templatePath);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(templatePath);
    expect(wb.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(['Hướng dẫn', 'Cơ quan, đơn vị', 'Khối thi đua', 'Cán bộ']));
  });

  it('a file with one bad row is refused with its sheet, row and column; nothing is written', async () => {
    const bad = await fillTemplate(templatePath, { deputy: 'Kho bạc Nhà nước khu vực XX' });
    deputyRowNumber = 2 + data.agencies.findIndex((a) => a.name === data.deputy);
    await page.setInputFiles('#f-files', bad);
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Tải lên và kiểm tra")')]);
    const errors = page.locator('[data-testid=import-errors] tbody tr');
    expect(await errors.count()).toBeGreaterThanOrEqual(1);
    const rows = await errors.evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent!.trim())));
    const deputyError = rows.find((r) => r[0] === 'Khối thi đua' && r[1] === String(deputyRowNumber));
    expect(deputyError, JSON.stringify(rows)).toBeTruthy();
    expect(deputyError![2]).toMatch(/^[A-Z]+/); // the column letter (and its header)
    expect(deputyError![3]).toContain('Kho bạc Nhà nước khu vực XX');
    expect(await page.locator('[data-testid=confirm-import]').count()).toBe(0);
    await shot(page, 'onboarding-import-error');
    expect(await env.db.agency.count()).toBe(0);
    expect(await env.db.bloc.count()).toBe(0);
  });

  it('the fixed file is imported in one go, with one-time passwords shown once', async () => {
    await page.goto(`${env.base}/imports`);
    const good = await fillTemplate(templatePath, { deputy: data.deputy });
    await page.setInputFiles('#f-files', good);
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Tải lên và kiểm tra")')]);
    expect(await page.locator('[data-testid=import-errors]').count()).toBe(0);
    await Promise.all([page.waitForNavigation(), page.click('[data-testid=confirm-import]')]);
    expect(await page.textContent('[data-testid=import-done]')).toContain('Đã ghi');
    const otp = await page.locator('[data-testid=one-time-passwords] tbody tr').evaluateAll((trs) =>
      trs.map((tr) => ({ username: tr.querySelector('[data-testid=otp-username]')!.textContent!.trim(), password: tr.querySelector('[data-testid=otp-password]')!.textContent!.trim() })),
    );
    expect(otp.map((o) => o.username).sort()).toEqual(data.officers.map((o) => o.username).sort());
    officerPassword = otp.find((o) => o.username === data.officers[0].username)!.password;
    await shot(page, 'onboarding-import-done');
    // the passwords file for the board to hand out
    const [file] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=download-passwords]')]);
    const saved = path.join(tmp, 'mat-khau.csv');
    await file.saveAs(saved);
    const csv = fs.readFileSync(saved, 'utf8');
    for (const o of otp) expect(csv).toContain(o.password);

    // what the import wrote
    const bloc = await env.db.blocVersion.findFirstOrThrow({ where: { name: data.bloc.name }, select: { blocId: true } });
    const year = await env.db.blocYear.findUniqueOrThrow({
      where: { blocId_year: { blocId: bloc.blocId, year: YEAR } },
      select: { phase: true, head: { select: { versions: { select: { name: true } } } }, deputy: { select: { versions: { select: { name: true } } } }, memberships: { select: { agencyVersion: { select: { name: true } } } } },
    });
    expect(year.phase).toBe('SETUP');
    expect(year.head!.versions.map((v) => v.name)).toContain(data.head);
    expect(year.deputy!.versions.map((v) => v.name)).toContain(data.deputy);
    expect(year.memberships.map((m) => m.agencyVersion.name).sort()).toEqual(data.agencies.map((a) => a.name).sort());
    const officers = await env.db.user.findMany({ where: { username: { in: data.officers.map((o) => o.username) } }, select: { mustChangePassword: true, passwordHash: true, assignments: { select: { role: true } } } });
    expect(officers).toHaveLength(data.officers.length);
    for (const o of officers) {
      expect(o.mustChangePassword).toBe(true);
      expect(o.assignments.map((a) => a.role)).toEqual(['UNIT_OFFICER']);
      expect(o.passwordHash).not.toContain(officerPassword);
    }
  });

  it("an imported officer signs in with its one-time password, changes it and sees its unit's year", async () => {
    const officer = data.officers[0];
    await signIn(officer.username, officerPassword);
    await changeOneTimePassword(officerPassword);
    await page.goto(`${env.base}/`);
    await clickLink(data.bloc.name);
    expect(new URL(page.url()).pathname).toMatch(new RegExp(`/blocs/\\d+(/years/${YEAR})?`));
    const text = await page.textContent('main');
    expect(text).toContain(String(YEAR));
    expect(text).toContain(officer.unit);
    await shot(page, 'onboarding-officer-year');
    // and signs in again with the new password
    await signIn(officer.username, NEW_PASSWORD);
    expect(await page.textContent('[data-testid=whoami]')).toContain(officer.username);
  });

  it('served every page without a server or console error', () => {
    expect(env.serverErrors()).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
