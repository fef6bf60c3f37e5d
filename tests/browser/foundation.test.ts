// Main journeys of the foundation in a real browser: sign in, see what to do, open the bloc,
// see the members of a year, sign out; a wrong password; a page of another bloc is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserEnv, login, shot, type BrowserEnv } from '../support/browser';

let env: BrowserEnv;
beforeAll(async () => {
  env = await startBrowserEnv();
});
afterAll(async () => env?.close());

describe('foundation journeys in Chromium', () => {
  it('a unit officer signs in, sees the tasks, opens the bloc and a past year, signs out', async () => {
    const page = await env.browser.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await login(page, env.base, 'thue.nghean');
    expect(await page.textContent('h1')).toContain('Xin chào');
    expect(await page.textContent('[data-testid=whoami]')).toContain('thue.nghean');
    await shot(page, '01-home-unit-officer');

    await page.click('nav >> text=Khối thi đua');
    await page.click('text=Khối các cơ quan Trung ương tỉnh Nghệ An');
    expect(await page.textContent('[data-testid=head]')).toContain('Cục Hải quan Nghệ An');
    expect(await page.textContent('[data-testid=deputy]')).toContain('Cục Quản lý thị trường tỉnh Nghệ An');
    const rows = await page.locator('[data-testid=members] tbody tr').count();
    expect(rows).toBe(8);
    await shot(page, '02-bloc-2020');

    await page.click('[data-testid=years] >> text=2019');
    expect(await page.textContent('[data-testid=head]')).toContain('Bảo hiểm xã hội tỉnh Nghệ An');
    expect(await page.textContent('[data-testid=phase]')).toContain('Đã khóa sổ');

    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Đăng xuất")')]);
    expect(page.url()).toBe(`${env.base}/login`);
    await page.goto(`${env.base}/`);
    expect(page.url()).toBe(`${env.base}/login`);
    expect(errors).toEqual([]); // no CSP violation, no script error
    await page.close();
  });

  it('a wrong password shows the message next to the form', async () => {
    const page = await env.browser.newPage();
    await login(page, env.base, 'thue.nghean', 'sai-mat-khau');
    expect(await page.textContent('[data-testid=login-error]')).toContain('Tên đăng nhập hoặc mật khẩu không đúng.');
    await shot(page, '00-login-error');
    await page.close();
  });

  it('the provincial board sees its summary; another bloc of another province is refused', async () => {
    const page = await env.browser.newPage();
    await login(page, env.base, 'bantdkt.nghean');
    expect(await page.textContent('main')).toContain('Tổng quan của Ban Thi đua – Khen thưởng');
    await shot(page, '03-home-board');
    const tayNinh = await env.db.blocVersion.findFirstOrThrow({ where: { name: { contains: 'Tây Ninh' } } });
    const res = await page.goto(`${env.base}/blocs/${tayNinh.blocId}`);
    expect(res?.status()).toBe(403);
    expect(await page.textContent('h1')).toContain('Không có quyền truy cập');
    await page.close();
  });
});
