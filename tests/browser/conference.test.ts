// The year-end conference in a real browser (Tây Ninh 2020, at "Tổng kết năm" in the demo with every
// year-end sheet reviewed): the head freezes the ranking; the flag proposal is refused before the
// vote; the head opens a secret ballot; the seven member units vote from their own sessions without
// anyone seeing a count; the head closes it and the tally elects BHXH and Thuế; both are proposed,
// a third is refused by the quota; the proposals are sent; the handover follows the rotation; the
// year is closed and 2021 passes to the new head; the documents download and read correctly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Response } from 'playwright-core';
import ExcelJS from 'exceljs';
import { docxText, pdfText as readPdf } from '../support/documents';
import { startBrowserEnv, login, shot, type BrowserEnv } from '../support/browser';

const BLOC = 'Khối thi đua các Cơ quan Trung ương tỉnh Tây Ninh';
const NAMES = {
  thue: 'Cục Thuế tỉnh Tây Ninh',
  bhxh: 'Bảo hiểm xã hội tỉnh Tây Ninh',
  haiquan: 'Cục Hải quan Tây Ninh',
  khobac: 'Kho bạc Nhà nước tỉnh Tây Ninh',
  nhnn: 'Ngân hàng Nhà nước Việt Nam Chi nhánh tỉnh Tây Ninh',
  thongke: 'Cục Thống kê tỉnh Tây Ninh',
  qltt: 'Cục Quản lý thị trường tỉnh Tây Ninh',
} as const;
type Unit = keyof typeof NAMES;
const UNITS = Object.keys(NAMES) as Unit[];
const HEAD = 'thongke.tayninh';
const BOARD = 'bantdkt.tayninh';
const MOTTO = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';

// Each unit's paper (at most 2 choices for 2 seats): BHXH 6, Thuế 6, Kho bạc 2 of 7.
const PAPERS: Record<Unit, Unit[]> = {
  thue: ['bhxh', 'thue'],
  bhxh: ['bhxh', 'thue'],
  haiquan: ['bhxh', 'thue'],
  khobac: ['khobac', 'bhxh'],
  nhnn: ['khobac', 'thue'],
  thongke: ['bhxh', 'thue'],
  qltt: ['bhxh', 'thue'],
};

let env: BrowserEnv;
let blocId: number;
let base: string;
let page: Page;
let ballotId = 0;
const ids = {} as Record<Unit, number>;
const errors: { text: string; url: string }[] = [];
// Refusals the journey provokes on purpose (a 409 page, a 403 page): Chromium logs each as
// "Failed to load resource"; only those, one per expected response, are not console errors.
const expectedFailures: string[] = [];

beforeAll(async () => {
  env = await startBrowserEnv();
  const bloc = await env.db.blocVersion.findFirstOrThrow({ where: { name: BLOC } });
  blocId = bloc.blocId;
  base = `${env.base}/blocs/${blocId}/years/2020`;
  for (const u of UNITS) ids[u] = (await env.db.agencyVersion.findFirstOrThrow({ where: { name: NAMES[u] } })).agencyId;
  page = await env.browser.newPage();
  page.on('dialog', (d) => void d.accept()); // every confirmation is answered "OK"
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push({ text: m.text(), url: m.location().url });
  });
});
afterAll(async () => env?.close());

async function go(url: string, status = 200): Promise<Response | null> {
  const res = await page.goto(url);
  expect(res?.status(), url).toBe(status);
  if (status >= 400) expectedFailures.push(`${status} ${res!.url()}`);
  return res;
}
async function submit(selector: string, status = 200): Promise<Response | null> {
  const [res] = await Promise.all([page.waitForNavigation(), page.click(selector)]);
  expect(res?.status(), selector).toBe(status);
  if (status >= 400) expectedFailures.push(`${status} ${res!.url()}`);
  return res;
}

/** Console errors other than the logged loads of the refusals provoked on purpose. */
function unexpectedErrors(): string[] {
  const pending = [...expectedFailures];
  return errors
    .filter((e) => {
      const m = /^Failed to load resource: the server responded with a status of (\d{3})\b/.exec(e.text);
      const i = m ? pending.indexOf(`${m[1]} ${e.url}`) : -1;
      if (i < 0) return true;
      pending.splice(i, 1);
      return false;
    })
    .map((e) => `${e.text} (${e.url})`);
}
const text = async (selector: string) => ((await page.textContent(selector)) ?? '').replace(/\s+/g, ' ').trim();

/** The rows of a two-column table (th → td). */
async function pairs(selector: string): Promise<Record<string, string>> {
  return page.$$eval(`${selector} tr`, (rows) =>
    Object.fromEntries(rows.map((r) => [r.querySelector('th')?.textContent?.trim() ?? '', r.querySelector('td')?.textContent?.trim() ?? ''])),
  );
}

/** Every row of a table as its cells' text. */
async function rows(selector: string): Promise<string[][]> {
  // rows marked data-sub hold a form for the row above (report, decision), not data
  return page.$$eval(`${selector} tbody tr:not([data-sub])`, (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => (td.textContent ?? '').replace(/\s+/g, ' ').trim())));
}

async function download(path: string, type: string): Promise<Buffer> {
  const res = await page.request.get(`${base}${path}`);
  expect(res.status(), path).toBe(200);
  expect(res.headers()['content-type'], path).toContain(type);
  return res.body();
}

async function pdfText(buf: Buffer): Promise<string> {
  expect(buf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  return (await readPdf(buf)).text;
}

describe('the year-end conference in Chromium', () => {
  it('the head freezes the year-end ranking at the conference', async () => {
    await login(page, env.base, HEAD);
    await go(`${base}/reviews`);
    await page.fill('#f-heldAt', '2020-12-18');
    await page.fill('#f-place', 'Hội trường Cục Thống kê tỉnh Tây Ninh');
    await page.fill('#f-chairName', 'Nguyễn Văn Chủ');
    await page.fill('#f-secretaryName', 'Trần Thị Thư');
    expect(await page.inputValue('#f-membersPresent')).toBe('7');
    await page.fill('#f-summary', 'Các đơn vị trong Khối hoàn thành tốt nhiệm vụ chính trị năm 2020.');
    await page.fill('#f-tasksAhead', 'Tiếp tục đẩy mạnh chuyển đổi số, cải cách hành chính năm 2021.');
    await page.check(`#ehon-${ids.bhxh}`);
    await submit('form[action$="/reviews/year-end/freeze"] button[type=submit]');
    expect(await text('[data-testid=end-frozen]')).toContain('Đã chốt');
    expect(await text('[data-testid=end-frozen]')).toContain('7/7 đơn vị dự');
    const ranking = await rows('[data-testid=end-results]');
    expect(ranking).toHaveLength(7);
    expect(ranking.map((r) => r[1]).sort()).toEqual(Object.values(NAMES).sort());
    expect(ranking[0][0]).toBe('1');
    await shot(page, 'conference-ranking');
  });

  it('the awards page shows the flag quota; a proposal before the vote is refused with the reason', async () => {
    await go(`${base}/awards`);
    expect(await text('[data-testid=quota-CO_TINH]')).toContain('tối đa 2 đơn vị');
    const row = `[data-award=CO_TINH] tr[data-unit="${ids.bhxh}"]`;
    expect(await text(row)).toContain('Chưa được hội nghị suy tôn');
    await submit(`button[aria-label="Đề nghị Cờ thi đua của UBND tỉnh cho ${NAMES.bhxh}"]`, 409);
    expect(await text('[data-testid=award-error]')).toContain('Chưa được hội nghị suy tôn');
    expect(await page.locator('[data-testid=proposals]').count()).toBe(0);
    await shot(page, 'conference-awards-before');
    expect(await env.db.awardProposal.count({ where: { blocYear: { blocId, year: 2020 } } })).toBe(0);
  });

  it('the head opens a secret ballot for the provincial flag: 3 candidates, 2 seats, all 7 present', async () => {
    await go(`${base}/ballots`);
    await page.selectOption('#f-purpose', 'AWARD');
    await page.selectOption('#f-awardKind', 'CO_TINH');
    await page.fill('#f-seats', '2');
    for (const u of ['bhxh', 'thue', 'khobac'] as Unit[]) await page.check(`#cand-${ids[u]}`);
    for (const u of UNITS) expect(await page.isChecked(`#pres-${ids[u]}`), u).toBe(true);
    await submit('[data-testid=open-ballot] button[type=submit]');
    const m = /\/ballots\/(\d+)$/.exec(new URL(page.url()).pathname);
    expect(m, page.url()).not.toBeNull();
    ballotId = Number(m![1]);
    expect(await text('[data-testid=turnout]')).toContain('0/7 đơn vị có mặt đã bỏ phiếu');
    expect(await page.locator('[data-testid=tally]').count()).toBe(0);
    await shot(page, 'conference-ballot-open');
  });

  it('each of the 7 member units votes once from its own session; nobody sees a count before the close', async () => {
    const url = `${base}/ballots/${ballotId}`;
    for (const [i, u] of UNITS.entries()) {
      await login(page, env.base, `${u}.tayninh`);
      await go(url);
      expect(await page.locator('[data-testid=tally]').count(), u).toBe(0);
      expect(await text('[data-testid=turnout]'), u).toContain(`${i}/7 đơn vị có mặt đã bỏ phiếu`);
      // the candidates of the paper, by the unit named in each label
      const candidates = await page.$$eval('[data-testid=vote-form] input[name=candidateIds]', (inputs) =>
        inputs.map((el) => ({ id: (el as HTMLInputElement).value, label: document.querySelector(`label[for="${el.id}"]`)?.textContent?.trim() ?? '' })),
      );
      expect(candidates.map((c) => c.label).sort(), u).toEqual([NAMES.bhxh, NAMES.thue, NAMES.khobac].sort());
      for (const choice of PAPERS[u]) {
        const c = candidates.find((x) => x.label === NAMES[choice])!;
        await page.check(`#vote-${c.id}`);
      }
      await submit('[data-testid=vote-form] button[type=submit]');
      expect(await text('[data-testid=voted]'), u).toContain('đã bỏ phiếu');
      expect(await page.locator('[data-testid=vote-form]').count(), u).toBe(0);
      expect(await page.locator('[data-testid=tally]').count(), u).toBe(0);
      expect(await text('[data-testid=turnout]'), u).toContain(`${i + 1}/7 đơn vị có mặt đã bỏ phiếu`);
      // a second visit: still no paper to fill in
      await go(url);
      expect(await page.locator('[data-testid=vote-form]').count(), u).toBe(0);
      expect(await page.isVisible('[data-testid=voted]'), u).toBe(true);
    }
    // the head and the board see the turnout only
    for (const who of [HEAD, BOARD]) {
      await login(page, env.base, who);
      await go(url);
      expect(await text('[data-testid=turnout]'), who).toContain('7/7 đơn vị có mặt đã bỏ phiếu');
      expect(await page.locator('[data-testid=tally]').count(), who).toBe(0);
      expect(await page.locator('[data-testid=tally-counts]').count(), who).toBe(0);
      expect(await page.locator('[data-testid=vote-form]').count(), who).toBe(0);
    }
    // nothing counted while open
    expect((await env.db.ballotCandidate.findMany({ where: { ballotId } })).every((c) => c.votes === 0)).toBe(true);
  }, 180_000); // nine sign-ins and seven papers

  it('the head closes the ballot; the tally elects BHXH and Thuế', async () => {
    await login(page, env.base, HEAD);
    await go(`${base}/ballots/${ballotId}`);
    await submit('button:has-text("Kết thúc bỏ phiếu, kiểm phiếu")');
    const counts = await pairs('[data-testid=tally-counts]');
    expect(counts['Số phiếu phát ra']).toBe('7');
    expect(counts['Số phiếu thu về']).toBe('7');
    expect(counts['Số phiếu hợp lệ']).toBe('7');
    expect(counts['Số phiếu không hợp lệ']).toBe('0');
    const tally = Object.fromEntries((await rows('[data-testid=tally]')).map((r) => [r[0], r.slice(1)]));
    expect(tally[NAMES.bhxh]).toEqual(['6', '85,71%', 'Trúng cử']);
    expect(tally[NAMES.thue]).toEqual(['6', '85,71%', 'Trúng cử']);
    expect(tally[NAMES.khobac]).toEqual(['2', '28,57%', 'Không trúng cử']);
    expect(await page.locator(`a[href$="/documents/tally/${ballotId}.docx"]`).count()).toBe(1);
    expect(await page.locator(`a[href$="/documents/tally/${ballotId}.pdf"]`).count()).toBe(1);
    expect(await page.locator('[data-testid=vote-form]').count()).toBe(0);
    await shot(page, 'conference-tally');
  });

  it('the head proposes the two elected units; a third is blocked by the quota; the proposals are sent', async () => {
    await go(`${base}/awards`);
    for (const u of ['bhxh', 'thue'] as Unit[]) {
      await submit(`button[aria-label="Đề nghị Cờ thi đua của UBND tỉnh cho ${NAMES[u]}"]`);
      expect(await page.locator('[data-testid=award-error]').count(), u).toBe(0);
    }
    const proposed = await rows('[data-testid=proposals]');
    expect(proposed.map((r) => r[1]).sort()).toEqual([NAMES.bhxh, NAMES.thue].sort());
    expect(proposed.every((r) => r[2] === 'Cờ thi đua của UBND tỉnh')).toBe(true);
    expect(await text(`[data-award=CO_TINH] tr[data-unit="${ids.bhxh}"]`)).toContain('Đã đề nghị');

    await submit(`button[aria-label="Đề nghị Cờ thi đua của UBND tỉnh cho ${NAMES.khobac}"]`, 409);
    const err = await text('[data-testid=award-error]');
    expect(err).toContain('Vượt chỉ tiêu Cờ thi đua của UBND tỉnh');
    expect(err).toContain('tối đa 2 đơn vị');
    expect((await rows('[data-testid=proposals]')).map((r) => r[1]).sort()).toEqual([NAMES.bhxh, NAMES.thue].sort());
    await shot(page, 'conference-quota-blocked');

    // BHXH's officer writes its achievement report into the dossier before the head sends
    const bhxhProposal = await env.db.awardProposal.findFirstOrThrow({ where: { blocYear: { blocId, year: 2020 }, agencyId: ids.bhxh } });
    await login(page, env.base, 'bhxh.tayninh');
    await go(`${base}/awards`);
    expect(await page.locator('[data-testid=achievements-form]').count()).toBe(1); // its own proposal only
    await page.fill(`#ach-${bhxhProposal.id}`, 'Hoàn thành vượt mức 100% kế hoạch thu; 98,5% người dân hài lòng.');
    await submit(`form[action$="/awards/${bhxhProposal.id}/achievements"] button[type=submit]`);
    expect((await env.db.awardProposal.findUniqueOrThrow({ where: { id: bhxhProposal.id } })).achievements).toContain('98,5%');
    await login(page, env.base, 'thongke.tayninh');
    await go(`${base}/awards`);

    await submit('button:has-text("Gửi đề nghị tới Ban TĐKT tỉnh")');
    const proposals = await env.db.awardProposal.findMany({ where: { blocYear: { blocId, year: 2020 } } });
    expect(proposals.map((p) => p.agencyId).sort()).toEqual([ids.bhxh, ids.thue].sort());
    expect(proposals.every((p) => p.status === 'SENT' && p.sentAt)).toBe(true);
    expect((await rows('[data-testid=proposals]')).every((r) => r[3].startsWith('Đã gửi'))).toBe(true);
  });

  it('the head confirms the handover by rotation and closes the year', async () => {
    await go(`${base}/closing`);
    expect(await text('[data-testid=blockers]')).toContain('Chưa bầu Khối trưởng, Khối phó năm 2021');
    expect(await text('[data-testid=rotation-form]')).toContain(`Khối trưởng: ${NAMES.qltt}; Khối phó: ${NAMES.thue}`);
    await submit('[data-testid=rotation-form] button[type=submit]');
    const handover = await text('[data-testid=handover]');
    expect(handover).toContain(`Khối trưởng: ${NAMES.qltt}`);
    expect(handover).toContain(`Khối phó: ${NAMES.thue}`);
    expect(await page.locator('[data-testid=blockers]').count()).toBe(0);
    const locks = await text('[data-testid=locks]');
    expect(locks).toContain('1 cuộc bỏ phiếu');
    expect(locks).toContain('2 đề nghị khen thưởng');
    await page.check('#confirm-close');
    await submit('button:has-text("Khóa sổ năm 2020")');
    expect(await text('[data-testid=closed]')).toContain('đã khóa sổ');
    expect(await text('[data-testid=phase]')).toContain('Đã khóa sổ');
    expect(await page.locator('[data-testid=rotation-form]').count()).toBe(0);
    await shot(page, 'conference-closed');
    const y = await env.db.blocYear.findUniqueOrThrow({ where: { blocId_year: { blocId, year: 2020 } } });
    expect(y.phase).toBe('CLOSED');
  });

  it('2021 belongs to the new head; the old head still reads 2020', async () => {
    const base21 = `${env.base}/blocs/${blocId}/years/2021`;
    await login(page, env.base, 'qltt.tayninh');
    await go(`${env.base}/`);
    const task = page.locator('[data-testid=tasks] a', { hasText: 'Mở năm thi đua: chủ đề, thời hạn, thành viên, bảng tiêu chí' });
    expect(await task.count()).toBe(1);
    expect(await task.getAttribute('href')).toBe(`/blocs/${blocId}/years/2021/setup`);
    await Promise.all([page.waitForNavigation(), task.click()]);
    expect(page.url()).toBe(`${base21}/setup`);
    expect(await text('[data-testid=current-phase]')).toBe('Chuẩn bị');
    expect(await page.locator('[data-testid=read-only]').count()).toBe(0);
    const members = Object.fromEntries((await rows('[data-testid=members]')).map((r) => [r[1], r[2]]));
    expect(Object.keys(members)).toHaveLength(7);
    expect(members[NAMES.qltt]).toBe('Khối trưởng');
    expect(members[NAMES.thue]).toBe('Khối phó');
    expect(members[NAMES.thongke]).toBe('Thành viên');

    await login(page, env.base, HEAD);
    await go(`${base21}/setup`, 403);
    await go(`${base}/closing`);
    expect(await page.isVisible('[data-testid=closed]')).toBe(true);
    expect(await text('[data-testid=phase]')).toContain('Đã khóa sổ');
  });

  it('the documents of the year download and read correctly', async () => {
    await go(`${base}/documents`);
    const links = await page.$$eval('[data-testid=documents] a', (as) => as.map((a) => a.getAttribute('href') ?? ''));
    const rel = links.map((h) => h.replace(`/blocs/${blocId}/years/2020`, ''));
    for (const p of [
      '/documents/minutes.docx',
      '/documents/minutes.pdf',
      `/documents/tally/${ballotId}.docx`,
      `/documents/tally/${ballotId}.pdf`,
      '/documents/proposal-letter.docx',
      '/documents/proposal-letter.pdf',
      '/documents/scoreboard.xlsx?period=YEAR_END',
      '/documents/ranking.xlsx?period=YEAR_END',
    ]) {
      expect(rel, p).toContain(p);
    }

    const DOCX = 'wordprocessingml';
    const minutes = await docxText(await download('/documents/minutes.docx', DOCX));
    for (const s of [MOTTO, NAMES.bhxh, NAMES.thue, '7/7', 'Nguyễn Văn Chủ', 'Trần Thị Thư']) expect(minutes, s).toContain(s);

    const minutesPdf = await pdfText(await download('/documents/minutes.pdf', 'application/pdf'));
    expect(minutesPdf).toContain(NAMES.bhxh);

    const letter = await docxText(await download('/documents/proposal-letter.docx', DOCX));
    for (const s of [MOTTO, '01/TTr-KTĐ', NAMES.bhxh, NAMES.thue]) expect(letter, s).toContain(s);
    expect(letter).not.toContain(NAMES.khobac);

    const tallyPdf = await pdfText(await download(`/documents/tally/${ballotId}.pdf`, 'application/pdf'));
    for (const s of [NAMES.bhxh, NAMES.thue, NAMES.khobac]) expect(tallyPdf, s).toContain(s);

    const xlsx = await download('/documents/ranking.xlsx?period=YEAR_END', 'spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0];
    const byName = new Map<string, unknown[]>();
    ws.eachRow((row) => {
      const v = row.values as unknown[];
      if (typeof v[2] === 'string') byName.set(v[2], v);
    });
    for (const name of Object.values(NAMES)) {
      const r = byName.get(name);
      expect(r, name).toBeDefined();
      expect(typeof r![1], `rank of ${name}`).toBe('number');
      // the total is a formula (base + bonus − deduction) whose cached result is the stored total
      const total = r![6] as number | { formula: string; result: number };
      const value = typeof total === 'object' ? total.result : total;
      if (typeof total === 'object') expect(total.formula, `total of ${name}`).toMatch(/^ROUND\(|[+-]/);
      expect(typeof value, `total of ${name}`).toBe('number');
      expect(value, `total of ${name}`).toBeGreaterThan(0);
    }
  });

  it('no console errors in the browser, no server errors', async () => {
    expect(unexpectedErrors()).toEqual([]);
    expect(errors.length).toBeLessThanOrEqual(expectedFailures.length);
    expect(env.serverErrors()).toEqual([]);
  });
});
