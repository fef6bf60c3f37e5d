// The organisation import, as a board uses it: download the template, fill it (a real bloc of ten
// units: nine new agencies and one of the demo's), upload, read the preview and its errors, fix,
// confirm — all or nothing — and hand out the one-time passwords. The same data as CSV gives the
// same preview; names typed in decomposed Unicode match; another province's board is refused.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import ExcelJS from 'exceljs';
import { startTestApp, loginAs, csrfFrom, type Agent, type TestApp } from '../support/app';
import { changedTables, snapshot, tableNames } from '../support/snapshot';
import { ROOT } from '../support/testdb';

let t: TestApp;
let tables: string[];
let admin: Agent;
let board: Agent; // bantdkt.tayninh
let otherBoard: Agent; // bantdkt.nghean
let hanamBoard: Agent; // bantdkt.hanam
let officer: Agent; // thue.tayninh
let tayninh: number;
let template: Buffer | undefined;

const Y = new Date().getFullYear();
const BLOC = 'Khối thi đua các cơ quan Nội chính tỉnh Tây Ninh';
const DECISION = `Quyết định số 125/QĐ-UBND ngày 20/01/${Y} của UBND tỉnh Tây Ninh`;

const H = {
  agencies: ['Tên cơ quan, đơn vị*', 'Tên viết tắt', 'Loại', 'Cơ quan chủ quản', 'Địa bàn', 'Hiệu lực từ'],
  blocs: ['Tên khối*', 'Loại khối', 'Quyết định kiện toàn', 'Năm*', 'Đơn vị thành viên*', 'Vai trò', 'Thứ tự luân phiên'],
  officers: ['Tên đăng nhập*', 'Họ và tên*', 'Chức vụ', 'Thư điện tử', 'Đơn vị*'],
};
const SHEETS = { agencies: 'Cơ quan, đơn vị', blocs: 'Khối thi đua', officers: 'Cán bộ' } as const;
type Data = { agencies?: string[][]; blocs?: string[][]; officers?: string[][] };

const AGENCIES = [
  ['Công an tỉnh Tây Ninh', 'CA Tây Ninh', 'Khác', 'Bộ Công an', 'Tây Ninh', ''],
  ['Bộ Chỉ huy Quân sự tỉnh Tây Ninh', 'BCHQS Tây Ninh', 'Khác', 'Quân khu 7', '', ''],
  ['Bộ Chỉ huy Bộ đội Biên phòng tỉnh Tây Ninh', 'BĐBP Tây Ninh', 'Khác', 'Bộ Tư lệnh Bộ đội Biên phòng', '', ''],
  ['Tòa án nhân dân tỉnh Tây Ninh', 'TAND Tây Ninh', 'Khác', 'Tòa án nhân dân tối cao', '', ''],
  ['Viện kiểm sát nhân dân tỉnh Tây Ninh', 'VKSND Tây Ninh', 'Khác', 'Viện kiểm sát nhân dân tối cao', '', ''],
  ['Thi hành án dân sự tỉnh Tây Ninh', 'THADS Tây Ninh', 'Khác', 'Bộ Tư pháp', '', '01/03/2025'],
  ['Sở Tư pháp tỉnh Tây Ninh', 'STP Tây Ninh', 'Khác', 'UBND tỉnh Tây Ninh', '', ''],
  ['Thanh tra tỉnh Tây Ninh', 'Thanh tra Tây Ninh', 'Khác', 'UBND tỉnh Tây Ninh', '', ''],
  ['Ban Nội chính Tỉnh ủy Tây Ninh', 'BNC Tỉnh ủy Tây Ninh', 'Khác', 'Tỉnh ủy Tây Ninh', '', ''],
];
// nine new units and one of the demo's own (by its current name)
const MEMBERS = [...AGENCIES.map((a) => a[0]), 'Cục Quản lý thị trường tỉnh Tây Ninh'];
const HEAD = 'Tòa án nhân dân tỉnh Tây Ninh';
const DEPUTY = 'Viện kiểm sát nhân dân tỉnh Tây Ninh';
const BLOC_ROWS = MEMBERS.map((m, i) => [BLOC, i === 0 ? 'Khối' : '', i === 0 ? DECISION : '', String(Y), m, m === HEAD ? 'Khối trưởng' : m === DEPUTY ? 'Khối phó' : '', String(i + 1)]);
const OFFICERS = [
  ['ca.tayninh', 'Nguyễn Văn Hùng', 'Phó Trưởng phòng Công tác đảng', 'hung.nv@tayninh.gov.vn', 'Công an tỉnh Tây Ninh'],
  ['toaan.tayninh', 'Lê Thị Thu Hà', 'Chánh Văn phòng', '', 'Tòa án nhân dân tỉnh Tây Ninh'],
  ['vks.tayninh', 'Phạm Minh Tuấn', 'Trưởng phòng Tổ chức cán bộ', '', 'Viện kiểm sát nhân dân tỉnh Tây Ninh'],
  ['thuky.qltt.tayninh', 'Võ Thị Mai', 'Chuyên viên', '', 'Cục Quản lý thị trường tỉnh Tây Ninh'],
];
const GOOD: Data = { agencies: AGENCIES, blocs: BLOC_ROWS, officers: OFFICERS };

/** The good file with five mistakes, each on a row and column of its own. */
const BAD: Data = {
  agencies: AGENCIES.map((a) => (a[0] === 'Thi hành án dân sự tỉnh Tây Ninh' ? [...a.slice(0, 5), '31/02/2025'] : a)), // row 7, F
  blocs: [
    ...BLOC_ROWS.map((r) => (r[4] === 'Sở Tư pháp tỉnh Tây Ninh' ? [...r.slice(0, 4), 'Sở Tư Pháp tinh Tay Ninh', ...r.slice(5)] : r)), // row 8, E: unknown
    [BLOC, '', '', String(Y), 'Công an tỉnh Tây Ninh', '', ''], // row 12, E: twice in the bloc-year
    ['Cụm thi đua thử nghiệm', 'Cụm', 'Quyết định số 1/QĐ-UBND', String(Y), 'Cục Thuế tỉnh Tây Ninh', 'Khối trưởng', ''], // row 13: only three members
    ['Cụm thi đua thử nghiệm', '', '', String(Y), 'Kho bạc Nhà nước tỉnh Tây Ninh', 'Khối phó', ''],
    ['Cụm thi đua thử nghiệm', '', '', String(Y), 'Cục Thống kê tỉnh Tây Ninh', '', ''],
  ],
  officers: OFFICERS.map((o) => (o[0] === 'vks.tayninh' ? ['VKS Tay Ninh', ...o.slice(1)] : o)), // row 4, A
};

/** GET /imports/template.xlsx as bytes. */
function downloadTemplate(agent: Agent) {
  return agent
    .get('/imports/template.xlsx')
    .buffer(true)
    .parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
}

/** The downloaded template with the data sheets filled by code, as a board would in Excel. */
async function fill(data: Data): Promise<Buffer> {
  template ??= (await downloadTemplate(board)).body as Buffer;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(template as unknown as ArrayBuffer);
  for (const kind of ['agencies', 'blocs', 'officers'] as const) {
    const ws = wb.getWorksheet(SHEETS[kind])!;
    (data[kind] ?? []).forEach((r, i) => {
      ws.getRow(i + 2).values = r;
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** One CSV file per sheet, as "CSV UTF-8" from a Vietnamese Excel: BOM, semicolons, CRLF. */
function csv(header: string[], rows: string[][], delimiter = ';', bom = true): Buffer {
  const q = (s: string) => (/[;,"\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return Buffer.from((bom ? '\ufeff' : '') + [header, ...rows].map((r) => r.map(q).join(delimiter)).join('\r\n') + '\r\n', 'utf8');
}

async function upload(agent: Agent, files: { name: string; data: Buffer }[], provinceId = tayninh) {
  const token = csrfFrom((await agent.get('/imports')).text);
  let req = agent.post('/imports').field('_csrf', token).field('provinceId', String(provinceId));
  for (const f of files) req = req.attach('files', f.data, f.name);
  return req;
}

const decode = (s: string) =>
  s
    .replace(/<[^>]+>/g, '')
    .replace(/&#34;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .trim();

/** The rows of a table of the page, by its data-testid: each row's cells as text. */
function tableRows(html: string, testid: string): string[][] {
  const m = new RegExp(`<table[^>]*data-testid="${testid}"[^>]*>([\\s\\S]*?)</table>`).exec(html);
  if (!m) return [];
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(m[1])?.[1] ?? '';
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((r) => [...r[1].matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((c) => decode(c[1])));
}
const tableHead = (html: string, testid: string) => {
  const m = new RegExp(`<table[^>]*data-testid="${testid}"[^>]*>[\\s\\S]*?<thead[^>]*>([\\s\\S]*?)</thead>`).exec(html);
  return m ? [...m[1].matchAll(/<th[^>]*>([\s\S]*?)<\/th>/g)].map((c) => decode(c[1])) : [];
};
/** The counts table: kind → [create, update, unchanged]. */
const counts = (html: string) => Object.fromEntries(tableRows(html, 'import-counts').map(([label, ...n]) => [label, n.map(Number)]));

const batchId = (location: string) => Number(/^\/imports\/(\d+)$/.exec(location)?.[1]);

async function confirm(agent: Agent, id: number) {
  const token = csrfFrom((await agent.get(`/imports/${id}`)).text);
  return agent.post(`/imports/${id}/confirm`).type('form').send({ _csrf: token });
}

beforeAll(async () => {
  t = await startTestApp();
  tables = await tableNames(t.db, t.config.DATABASE_URL);
  tayninh = (await t.db.province.findFirstOrThrow({ where: { name: 'Tây Ninh' } })).id;
  [admin, board, otherBoard, hanamBoard, officer] = await Promise.all(['admin', 'bantdkt.tayninh', 'bantdkt.nghean', 'bantdkt.hanam', 'thue.tayninh'].map((u) => loginAs(t.app, u)));
}, 60_000);
afterAll(async () => t.close());

describe('who may import', () => {
  it('a unit officer gets 403 on the page, the template and the upload', async () => {
    expect((await officer.get('/imports')).status).toBe(403);
    expect((await officer.get('/imports/template.xlsx')).status).toBe(403);
    const token = csrfFrom((await officer.get('/account/password')).text);
    const res = await officer.post('/imports').field('_csrf', token).attach('files', Buffer.from('a'), 'x.csv');
    expect(res.status).toBe(403);
  });

  it('a board sees its own province only; another province in the query is 403', async () => {
    const page = await board.get('/imports');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Tây Ninh');
    expect(page.text).toContain('href="/imports/template.xlsx"');
    expect(page.text).toContain('enctype="multipart/form-data"');
    expect(page.text).toContain('nhận ra theo hàng tiêu đề');
    const nghean = (await t.db.province.findFirstOrThrow({ where: { name: 'Nghệ An' } })).id;
    expect((await board.get(`/imports?provinceId=${nghean}`)).status).toBe(403);
    // the admin chooses among all provinces, and must choose one to upload
    const adminPage = await admin.get('/imports');
    expect(adminPage.text).toContain('Nghệ An');
    expect(adminPage.text).toContain('Hà Nam');
    const token = csrfFrom(adminPage.text);
    const noProvince = await admin.post('/imports').field('_csrf', token).field('provinceId', '').attach('files', csv(H.officers, [['x.y', 'Nguyễn Văn A', '', '', 'Cục Thuế tỉnh Hà Nam']]), 'can-bo.csv');
    expect(noProvince.status).toBe(422);
    expect(noProvince.text).toContain('Vui lòng chọn tỉnh.');
    const hanam = (await t.db.province.findFirstOrThrow({ where: { name: 'Hà Nam' } })).id;
    const res = await upload(admin, [{ name: 'can-bo.csv', data: csv(H.officers, [['x.y', 'Nguyễn Văn A', '', '', 'Cục Thuế tỉnh Hà Nam']]) }], hanam);
    expect(res.status).toBe(302);
    const batch = await t.db.importBatch.findUniqueOrThrow({ where: { id: batchId(res.headers.location) } });
    expect(batch.provinceId).toBe(hanam);
    // its board sees it, another board does not
    expect((await hanamBoard.get(res.headers.location)).status).toBe(200);
    expect((await board.get(res.headers.location)).status).toBe(403);
  });
});

describe('the template', () => {
  it('is a workbook with the instructions and three data sheets: bold frozen headers, drop-down lists, no data rows', async () => {
    const res = await downloadTemplate(board);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain('attachment');
    template = res.body as Buffer;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(template as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Hướng dẫn', 'Cơ quan, đơn vị', 'Khối thi đua', 'Cán bộ']);
    for (const kind of ['agencies', 'blocs', 'officers'] as const) {
      const ws = wb.getWorksheet(SHEETS[kind])!;
      expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(H[kind]);
      expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(ws.actualRowCount).toBe(1); // the samples are on the instructions sheet
    }
    const dv = (sheet: string, addr: string) => (wb.getWorksheet(sheet) as unknown as { dataValidations: { model: Record<string, { type: string; formulae: string[] }> } }).dataValidations.model[addr];
    expect(dv('Cơ quan, đơn vị', 'C2')).toMatchObject({ type: 'list' });
    expect(dv('Cơ quan, đơn vị', 'C2').formulae[0]).toContain('Kho bạc Nhà nước');
    expect(dv('Khối thi đua', 'F2').formulae[0]).toContain('Khối trưởng');
    expect(dv('Khối thi đua', 'B2').formulae[0]).toContain('Cụm');
    const guide = wb.getWorksheet('Hướng dẫn')!;
    const text: string[] = [];
    guide.eachRow((r) => r.eachCell((c) => text.push(String(c.value))));
    const all = text.join('\n');
    expect(all).toContain('ngày/tháng/năm');
    expect(all).toContain('CSV UTF-8');
    expect(all).toContain('Sở Tư pháp tỉnh Tây Ninh'); // the sample row
  });

  it('imports as it is downloaded: nothing to import (422, nothing stored)', async () => {
    const before = await t.db.importBatch.count();
    const res = await upload(board, [{ name: 'mau.xlsx', data: await fill({}) }]);
    expect(res.status).toBe(422);
    expect(res.text).toContain('chưa có dòng dữ liệu nào');
    expect(await t.db.importBatch.count()).toBe(before);
  });
});

describe('a new bloc of ten units, from a file with mistakes to its import', () => {
  let badHtml: string;
  let goodId: number;
  let passwords: Map<string, string>;

  it('every mistake is listed with its sheet, row, column and a Vietnamese message; no confirm button', async () => {
    const res = await upload(board, [{ name: 'noi-chinh.xlsx', data: await fill(BAD) }]);
    expect(res.status).toBe(302);
    const page = await board.get(res.headers.location);
    badHtml = page.text;
    expect(tableHead(page.text, 'import-errors')).toEqual(['Trang tính', 'Dòng', 'Cột', 'Lỗi']);
    const errors = tableRows(page.text, 'import-errors');
    const at = (sheet: string, row: number, col: string) => errors.filter((e) => e[0] === sheet && e[1] === String(row) && e[2].startsWith(col));
    expect(at('Cơ quan, đơn vị', 7, 'F (Hiệu lực từ)')[0]?.[3]).toContain('31/02/2025');
    expect(at('Khối thi đua', 8, 'E (Đơn vị thành viên)')[0]?.[3]).toContain('Không tìm thấy đơn vị "Sở Tư Pháp tinh Tay Ninh" trong tỉnh Tây Ninh');
    expect(at('Khối thi đua', 12, 'E')[0]?.[3]).toContain('đã có ở dòng 2');
    expect(at('Khối thi đua', 13, 'E')[0]?.[3]).toContain('từ 4 đến 14');
    expect(at('Cán bộ', 4, 'A (Tên đăng nhập)')[0]?.[3]).toContain('chữ thường không dấu');
    // nothing else: one error per mistake, none caused by another
    expect(errors.map((e) => `${e[0]}!${e[1]}!${e[2].split(' ')[0]}`)).toEqual(['Cơ quan, đơn vị!7!F', 'Khối thi đua!8!E', 'Khối thi đua!12!E', 'Khối thi đua!13!E', 'Cán bộ!4!A']);
    expect(page.text).not.toContain('Xác nhận nhập');
    expect(page.text).not.toContain(`/imports/${batchId(res.headers.location)}/confirm`);
    const batch = await t.db.importBatch.findUniqueOrThrow({ where: { id: batchId(res.headers.location) } });
    expect(batch).toMatchObject({ status: 'PREVIEW', kind: 'ORGANISATION', provinceId: tayninh, fileNames: 'noi-chinh.xlsx' });
    expect(JSON.parse(batch.errors).length).toBe(errors.length);
  });

  it('confirming the bad file anyway is refused (422) and writes nothing', async () => {
    const id = Number(/\/imports\/(\d+)\/discard/.exec(badHtml)?.[1]);
    const before = await snapshot(t.db, tables);
    const res = await confirm(board, id);
    expect(res.status).toBe(422);
    expect(tableRows(res.text, 'import-errors').length).toBeGreaterThan(0);
    expect(changedTables(before, await snapshot(t.db, tables))).toEqual([]);
  });

  it('the same mistakes in CSV files (semicolons, BOM) give the same errors', async () => {
    const res = await upload(board, [
      { name: 'co-quan.csv', data: csv(H.agencies, BAD.agencies!) },
      { name: 'khoi.csv', data: csv(H.blocs, BAD.blocs!) },
      { name: 'can-bo.csv', data: csv(H.officers, BAD.officers!, ',', false) },
    ]);
    expect(res.status).toBe(302);
    const page = await board.get(res.headers.location);
    expect(tableRows(page.text, 'import-errors')).toEqual(tableRows(badHtml, 'import-errors'));
  });

  it('the fixed file: the preview lists what it will create, as xlsx and as CSV alike', async () => {
    const res = await upload(board, [{ name: 'noi-chinh.xlsx', data: await fill(GOOD) }]);
    expect(res.status).toBe(302);
    goodId = batchId(res.headers.location);
    const page = await board.get(res.headers.location);
    expect(tableRows(page.text, 'import-errors')).toEqual([]);
    expect(counts(page.text)).toEqual({
      'Cơ quan, đơn vị': [9, 0, 0],
      'Khối thi đua': [1, 0, 0],
      'Năm thi đua của khối': [1, 0, 0],
      'Tài khoản cán bộ': [4, 0, 0],
    });
    expect(page.text).toContain('Xác nhận nhập');
    expect(page.text).toContain('data-confirm=');
    const years = tableRows(page.text, 'preview-years');
    expect(years).toEqual([['2', `${BLOC} — năm ${Y}`, 'Tạo mới', `10 đơn vị; Khối trưởng: ${HEAD}; Khối phó: ${DEPUTY}`]]);
    // the same data as CSV (one with comma, no BOM): the same preview
    const asCsv = await upload(board, [
      { name: 'can-bo.csv', data: csv(H.officers, OFFICERS, ',', false) },
      { name: 'khoi.csv', data: csv(H.blocs, BLOC_ROWS) },
      { name: 'co-quan.csv', data: csv(H.agencies, AGENCIES) },
    ]);
    const csvPage = await board.get(asCsv.headers.location);
    expect(counts(csvPage.text)).toEqual(counts(page.text));
    for (const k of ['agencies', 'blocs', 'years', 'officers']) expect(tableRows(csvPage.text, `preview-${k}`)).toEqual(tableRows(page.text, `preview-${k}`));
  });

  it('another province’s board gets 403 on the preview, the confirmation and the discard; nothing written', async () => {
    const before = await snapshot(t.db, tables);
    expect((await otherBoard.get(`/imports/${goodId}`)).status).toBe(403);
    const token = csrfFrom((await otherBoard.get('/imports')).text);
    expect((await otherBoard.post(`/imports/${goodId}/confirm`).type('form').send({ _csrf: token })).status).toBe(403);
    expect((await otherBoard.post(`/imports/${goodId}/discard`).type('form').send({ _csrf: token })).status).toBe(403);
    expect((await otherBoard.get('/imports/999999')).status).toBe(404);
    expect(changedTables(before, await snapshot(t.db, tables))).toEqual([]);
  });

  it('confirming writes the bloc, its year at set-up, members, head, deputy and the officers; the passwords are shown once', async () => {
    const res = await confirm(board, goodId);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toContain('no-store');
    expect(counts(res.text)['Tài khoản cán bộ']).toEqual([4, 0, 0]);
    expect(tableHead(res.text, 'one-time-passwords')).toEqual(['Tên đăng nhập', 'Họ và tên', 'Đơn vị', 'Mật khẩu một lần']);
    const rows = tableRows(res.text, 'one-time-passwords');
    passwords = new Map(rows.map((r) => [r[0], r[3]]));
    expect([...passwords.keys()].sort()).toEqual(OFFICERS.map((o) => o[0]).sort());
    for (const p of passwords.values()) expect(p).toMatch(/^[A-Za-z0-9]{12}$/);
    // the download: a CSV in a data: link of this same page
    const href = /href="(data:text\/csv;charset=utf-8;base64,[^"]+)" download="([^"]+)"/.exec(res.text);
    expect(href?.[2]).toBe(`mat-khau-mot-lan-lan-nhap-${goodId}.csv`);
    const file = Buffer.from(href![1].split(',')[1], 'base64').toString('utf8');
    expect(file.startsWith('\ufeff"Tên đăng nhập","Họ và tên","Đơn vị","Mật khẩu một lần"\r\n')).toBe(true);
    for (const [u, p] of passwords) expect(file).toMatch(new RegExp(`"${u.replace(/\./g, '\\.')}",.*,"${p}"\r\n`));

    const bloc = await t.db.bloc.findFirstOrThrow({ where: { provinceId: tayninh, versions: { some: { name: BLOC } } }, include: { versions: true } });
    expect(bloc.kind).toBe('KHOI');
    expect(bloc.code).toMatch(/^tay-ninh-khoi-\d+$/);
    expect(bloc.versions[0]).toMatchObject({ decision: DECISION, validTo: null, validFrom: new Date(Date.UTC(Y, 0, 1, 12)) });
    const year = await t.db.blocYear.findUniqueOrThrow({
      where: { blocId_year: { blocId: bloc.id, year: Y } },
      include: { memberships: { orderBy: { sortOrder: 'asc' }, include: { agencyVersion: true, agency: true } } },
    });
    expect(year.phase).toBe('SETUP');
    expect(year.memberships.map((m) => m.agencyVersion.name)).toEqual(MEMBERS);
    expect(year.memberships.map((m) => m.rotationOrder)).toEqual(MEMBERS.map((_, i) => i + 1));
    expect(year.memberships.every((m) => m.agency.provinceId === tayninh && m.agencyVersion.agencyId === m.agencyId)).toBe(true);
    const idOf = (name: string) => year.memberships.find((m) => m.agencyVersion.name === name)!.agencyId;
    expect(year.headAgencyId).toBe(idOf(HEAD));
    expect(year.deputyAgencyId).toBe(idOf(DEPUTY));
    // the new agencies: kind, short name, parent body, start (given, or 1 January of their first year)
    const thads = year.memberships.find((m) => m.agencyVersion.name === 'Thi hành án dân sự tỉnh Tây Ninh')!;
    expect(thads.agencyVersion).toMatchObject({ shortName: 'THADS Tây Ninh', parentBody: 'Bộ Tư pháp', validFrom: new Date(Date.UTC(2025, 2, 1, 12)) });
    expect(year.memberships.find((m) => m.agencyVersion.name === HEAD)!.agencyVersion.validFrom).toEqual(new Date(Date.UTC(Y, 0, 1, 12)));
    expect(thads.agency.code).toMatch(/^tay-ninh-/);
    // officers: must change the password, one UNIT_OFFICER role of their unit; only a hash is stored
    for (const [username, agencyName] of OFFICERS.map((o) => [o[0], o[4]])) {
      const u = await t.db.user.findUniqueOrThrow({ where: { username }, include: { assignments: true } });
      expect(u.mustChangePassword).toBe(true);
      expect(u.assignments).toMatchObject([{ role: 'UNIT_OFFICER', agencyId: idOf(agencyName), provinceId: null }]);
      expect(u.passwordHash).toMatch(/^\$argon2id\$/);
      expect(u.passwordHash).not.toContain(passwords.get(username)!);
    }
    expect((await t.db.user.findUniqueOrThrow({ where: { username: 'ca.tayninh' } })).email).toBe('hung.nv@tayninh.gov.vn');
    // the batch and the audit: applied, with counts; never a password
    const batch = await t.db.importBatch.findUniqueOrThrow({ where: { id: goodId } });
    expect(batch.status).toBe('APPLIED');
    expect(batch.appliedAt).not.toBeNull();
    expect(JSON.parse(batch.summary).applied.officers.create).toBe(4);
    const audits = await t.db.auditLog.findMany({ where: { at: { gte: batch.appliedAt! } } });
    expect(audits.filter((a) => a.action === 'agency.create')).toHaveLength(9);
    expect(audits.filter((a) => a.action === 'user.create')).toHaveLength(4);
    expect(audits.filter((a) => a.action === 'import.apply')).toHaveLength(1);
    expect(audits.every((a) => a.provinceId === tayninh)).toBe(true);
    const stored = JSON.stringify([batch, audits]);
    for (const p of passwords.values()) expect(stored).not.toContain(p);
    // afterwards the batch's page shows the result, not the passwords
    const again = await board.get(`/imports/${goodId}`);
    expect(again.text).toContain('Đã nhập');
    for (const p of passwords.values()) expect(again.text).not.toContain(p);
  });

  it('an imported officer signs in with the one-time password, must change it, then sees its unit’s year', async () => {
    const agent = request.agent(t.app);
    const token = csrfFrom((await agent.get('/login')).text);
    const login = await agent.post('/login').type('form').send({ username: 'toaan.tayninh', password: passwords.get('toaan.tayninh'), _csrf: token });
    expect(login.status).toBe(302);
    expect(login.headers.location).toBe('/account/password');
    expect((await agent.get('/blocs')).headers.location).toBe('/account/password');
    const form = csrfFrom((await agent.get('/account/password')).text);
    const changed = await agent
      .post('/account/password')
      .type('form')
      .send({ currentPassword: passwords.get('toaan.tayninh'), newPassword: 'NoiChinh2026moi', confirmPassword: 'NoiChinh2026moi', _csrf: form });
    expect(changed.status).toBe(302);
    const bloc = await t.db.bloc.findFirstOrThrow({ where: { versions: { some: { name: BLOC } } } });
    const page = await agent.get(`/blocs/${bloc.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(BLOC);
    expect(page.text).toContain(String(Y));
  });

  it('confirming the same batch again is 409 and writes nothing', async () => {
    const before = await snapshot(t.db, tables);
    const res = await confirm(board, goodId);
    expect(res.status).toBe(409);
    expect(changedTables(before, await snapshot(t.db, tables))).toEqual([]);
  });

  it('the same file again: nothing to create or update, and its confirmation changes no table but its own batch', async () => {
    const res = await upload(board, [{ name: 'noi-chinh.xlsx', data: await fill(GOOD) }]);
    const page = await board.get(res.headers.location);
    expect(counts(page.text)).toEqual({
      'Cơ quan, đơn vị': [0, 0, 9],
      'Khối thi đua': [0, 0, 1],
      'Năm thi đua của khối': [0, 0, 1],
      'Tài khoản cán bộ': [0, 0, 4],
    });
    expect(page.text).toContain('Không có gì để tạo mới hay cập nhật');
    const before = await snapshot(t.db, tables);
    const done = await confirm(board, batchId(res.headers.location));
    expect(done.status).toBe(200);
    expect(tableRows(done.text, 'one-time-passwords')).toEqual([]);
    expect(changedTables(before, await snapshot(t.db, tables))).toEqual(['ImportBatch']);
  });

  it('the file is checked again at confirmation: a username taken meanwhile is an error, nothing written; then discarded', async () => {
    // a preview that would create an agency and an officer
    const res = await upload(board, [
      { name: 'them.csv', data: csv(H.agencies, [['Văn phòng Tỉnh ủy Tây Ninh', 'VPTU', 'Khác', 'Tỉnh ủy Tây Ninh', '', '']]) },
      { name: 'can-bo.csv', data: csv(H.officers, [['vptu.tayninh', 'Đỗ Văn Bình', '', '', 'Văn phòng Tỉnh ủy Tây Ninh']]) },
    ]);
    const id = batchId(res.headers.location);
    expect(counts((await board.get(`/imports/${id}`)).text)['Tài khoản cán bộ']).toEqual([1, 0, 0]);
    // meanwhile someone takes the username for an account of another province
    const hanamAgency = await t.db.agency.findFirstOrThrow({ where: { code: 'ha-nam-thue' } });
    await t.db.user.create({ data: { username: 'vptu.tayninh', fullName: 'Người khác', passwordHash: 'x', assignments: { create: { role: 'UNIT_OFFICER', agencyId: hanamAgency.id } } } });
    const before = await snapshot(t.db, tables);
    const refused = await confirm(board, id);
    expect(refused.status).toBe(422);
    expect(tableRows(refused.text, 'import-errors')).toEqual([['Cán bộ', '2', 'A (Tên đăng nhập)', 'Tên đăng nhập "vptu.tayninh" đã có người dùng ở đơn vị hoặc tỉnh khác: hãy chọn tên khác.']]);
    expect(changedTables(before, await snapshot(t.db, tables))).toEqual([]);
    // discarding it: nothing else written, and it can no longer be confirmed
    const token = csrfFrom((await board.get(`/imports/${id}`)).text);
    const discarded = await board.post(`/imports/${id}/discard`).type('form').send({ _csrf: token });
    expect(discarded.status).toBe(302);
    expect((await t.db.importBatch.findUniqueOrThrow({ where: { id } })).status).toBe('DISCARDED');
    expect((await confirm(board, id)).status).toBe(409);
    expect(await t.db.agencyVersion.count({ where: { name: 'Văn phòng Tỉnh ủy Tây Ninh' } })).toBe(0);
  });
});

describe('names typed in decomposed Unicode, and years past set-up', () => {
  const nfd = (s: string) => s.normalize('NFD');

  it('match the demo’s agencies and bloc: a new year of the existing bloc, no new agency', async () => {
    const demoBloc = 'Khối thi đua các Cơ quan Trung ương tỉnh Tây Ninh';
    const members = ['Cục Thuế tỉnh Tây Ninh', 'Bảo hiểm xã hội tỉnh Tây Ninh', 'Cục Hải quan Tây Ninh', 'Kho bạc Nhà nước tỉnh Tây Ninh', 'Ngân hàng Nhà nước Việt Nam Chi nhánh tỉnh Tây Ninh', 'Cục Thống kê tỉnh Tây Ninh'];
    expect(nfd(members[0])).not.toBe(members[0]);
    const rows = members.map((m, i) => [nfd(demoBloc.toUpperCase()), '', '', '2021', ` ${nfd(m)} `, i === 0 ? 'Khối trưởng' : i === 1 ? nfd('Khối phó') : '', ''].map(String));
    const agencies = [[nfd('Cục Thuế tỉnh Tây Ninh'), '', nfd('Thuế'), '', '', '']];
    const agenciesBefore = await t.db.agency.count();
    const res = await upload(board, [{ name: 'nfd.xlsx', data: await fill({ agencies, blocs: rows }) }]);
    const page = await board.get(res.headers.location);
    expect(tableRows(page.text, 'import-errors')).toEqual([]);
    expect(counts(page.text)).toMatchObject({ 'Cơ quan, đơn vị': [0, 0, 1], 'Khối thi đua': [0, 0, 1], 'Năm thi đua của khối': [1, 0, 0] });
    expect((await confirm(board, batchId(res.headers.location))).status).toBe(200);
    expect(await t.db.agency.count()).toBe(agenciesBefore);
    const bloc = await t.db.bloc.findFirstOrThrow({ where: { versions: { some: { name: demoBloc } } } });
    const y2021 = await t.db.blocYear.findUniqueOrThrow({ where: { blocId_year: { blocId: bloc.id, year: 2021 } }, include: { memberships: { include: { agencyVersion: true } } } });
    expect(y2021.memberships.map((m) => m.agencyVersion.name).sort()).toEqual([...members].sort());
    expect(y2021.memberships.map((m) => m.rotationOrder).sort((a, b) => a! - b!)).toEqual([1, 2, 3, 4, 5, 6]); // list order
    const thue = await t.db.roleAssignment.findFirstOrThrow({ where: { user: { username: 'thue.tayninh' } } });
    expect(y2021.headAgencyId).toBe(thue.agencyId);
  });

  it('a year already past set-up cannot be changed by a file (its head here): one error, on the year’s first row', async () => {
    const demoBloc = 'Khối thi đua các Cơ quan Trung ương tỉnh Tây Ninh';
    const members = ['Cục Thuế tỉnh Tây Ninh', 'Bảo hiểm xã hội tỉnh Tây Ninh', 'Cục Hải quan Tây Ninh', 'Kho bạc Nhà nước tỉnh Tây Ninh', 'Ngân hàng Nhà nước Việt Nam Chi nhánh tỉnh Tây Ninh', 'Cục Thống kê tỉnh Tây Ninh', 'Cục Quản lý thị trường tỉnh Tây Ninh'];
    const rows = members.map((m, i) => [demoBloc, '', '', '2020', m, i === 0 ? 'Khối trưởng' : i === 1 ? 'Khối phó' : '', '']);
    const res = await upload(board, [{ name: '2020.xlsx', data: await fill({ blocs: rows }) }]);
    const errors = tableRows((await board.get(res.headers.location)).text, 'import-errors');
    expect(errors).toHaveLength(1);
    expect(errors[0].slice(0, 3)).toEqual(['Khối thi đua', '2', 'D (Năm)']);
    expect(errors[0][3]).toContain('đã qua giai đoạn Chuẩn bị');
  });
});

describe('a year still at set-up is updated by a corrected file (Hà Nam, the current year)', () => {
  it('new head and deputy, one member fewer: updated in place, the membership row of the unit that left removed', async () => {
    const hanam = await t.db.province.findFirstOrThrow({ where: { name: 'Hà Nam' } });
    const bloc = await t.db.bloc.findFirstOrThrow({ where: { provinceId: hanam.id }, include: { versions: true } });
    const year = await t.db.blocYear.findFirstOrThrow({ where: { blocId: bloc.id, phase: 'SETUP' }, orderBy: { year: 'desc' }, include: { memberships: { include: { agencyVersion: true }, orderBy: { sortOrder: 'asc' } } } });
    const names = year.memberships.map((m) => m.agencyVersion.name);
    const kept = names.slice(0, -1);
    const rows = kept.map((m, i) => [bloc.versions[0].name, '', '', String(year.year), m, i === 2 ? 'Khối trưởng' : i === 3 ? 'Khối phó' : '', '']);
    const res = await upload(hanamBoard, [{ name: 'ha-nam.xlsx', data: await fill({ blocs: rows }) }], hanam.id);
    const page = await hanamBoard.get(res.headers.location);
    expect(tableRows(page.text, 'import-errors')).toEqual([]);
    expect(counts(page.text)['Năm thi đua của khối']).toEqual([0, 1, 0]);
    expect(tableRows(page.text, 'preview-years')[0][3]).toContain(`bỏ ${names.at(-1)}`);
    expect((await confirm(hanamBoard, batchId(res.headers.location))).status).toBe(200);
    const after = await t.db.blocYear.findUniqueOrThrow({ where: { id: year.id }, include: { memberships: { include: { agencyVersion: true } } } });
    expect(after.phase).toBe('SETUP');
    expect(after.memberships.map((m) => m.agencyVersion.name).sort()).toEqual([...kept].sort());
    expect(after.headAgencyId).toBe(year.memberships[2].agencyId);
    expect(after.deputyAgencyId).toBe(year.memberships[3].agencyId);
    expect(after.version).toBe(year.version + 1);
    // rotation left as it was (the file gives none)
    for (const m of after.memberships) expect(m.rotationOrder).toBe(year.memberships.find((x) => x.agencyId === m.agencyId)!.rotationOrder);
    expect(await t.db.auditLog.count({ where: { action: 'year.members.replace', entityId: String(year.id), provinceId: hanam.id } })).toBe(1);
  });
});

describe('files that cannot be read: 422 on the upload form, nothing stored', () => {
  const cases: [string, { name: string; data: Buffer }[], string][] = [
    ['a PDF named .xlsx', [{ name: 'to-chuc.xlsx', data: Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj <<>> endobj\n', 'latin1') }], 'không phải tệp Excel'],
    ['a PDF', [{ name: 'to-chuc.pdf', data: Buffer.from('%PDF-1.4\n', 'latin1') }], 'không phải tệp Excel (.xlsx) hay CSV'],
    ['an old .xls workbook', [{ name: 'cu.xls', data: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]) }], '.xls'],
    ['a CSV in Windows-1258', [{ name: 'khoi.csv', data: Buffer.from([0x54, 0xea, 0x6e, 0x3b, 0x4e, 0xe3, 0x6d, 0x0a]) }], 'UTF-8'],
    ['a CSV whose header is no sheet of the template', [{ name: 'khac.csv', data: csv(['Họ tên', 'Điểm'], [['A', '1']]) }], 'hàng tiêu đề'],
    ['no file', [], 'Vui lòng chọn tệp'],
    ['a file over 2 MB', [{ name: 'lon.csv', data: Buffer.alloc(2 * 1024 * 1024 + 10, 0x41) }], '2 MB'],
  ];
  for (const [what, files, message] of cases) {
    it(what, async () => {
      const before = await t.db.importBatch.count();
      const res = await upload(board, files);
      expect(res.status).toBe(422);
      expect(decode(/data-testid="upload-error">([\s\S]*?)<\/div>/.exec(res.text)?.[1] ?? '')).toContain(message);
      expect(await t.db.importBatch.count()).toBe(before);
    });
  }

  it('odd requests are 4xx, never 500, and store nothing', async () => {
    const before = await t.db.importBatch.count();
    const token = csrfFrom((await board.get('/imports')).text);
    const plain = await board.post('/imports').type('form').send({ _csrf: token, provinceId: '1e21', files: 'x' });
    expect(plain.status).toBe(422);
    for (const url of ['/imports/abc', '/imports/0', '/imports/99999999999', '/imports/%ZZ']) expect((await board.get(url)).status).toBeGreaterThanOrEqual(400);
    for (const url of ['/imports/abc/confirm', '/imports/2147483648/confirm', '/imports/999999/discard']) {
      const res = await board.post(url).type('form').send({ _csrf: token });
      expect([400, 404, 422]).toContain(res.status);
    }
    expect((await admin.get('/imports?provinceId=abc')).status).toBe(422);
    expect(t.errors).toEqual([]);
    expect(await t.db.importBatch.count()).toBe(before);
  });

  it('a multipart upload without the form token is refused (403)', async () => {
    const res = await board.post('/imports').field('provinceId', String(tayninh)).attach('files', csv(H.agencies, AGENCIES), 'a.csv');
    expect(res.status).toBe(403);
  });
});

describe('the demo data’s realistic import file (tests/fixtures)', () => {
  it('adds 2021 of Nghệ An’s central-agencies bloc with its eight members under their names of 2021, the rotation’s head and deputy, and the bloc secretaries', async () => {
    const file = fs.readFileSync(path.join(ROOT, 'tests', 'fixtures', 'to-chuc-nghe-an-2021.xlsx'));
    const nghean = await t.db.province.findFirstOrThrow({ where: { name: 'Nghệ An' } });
    const res = await upload(otherBoard, [{ name: 'to-chuc-nghe-an-2021.xlsx', data: file }], nghean.id);
    expect(res.status).toBe(302);
    const page = await otherBoard.get(res.headers.location);
    expect(tableRows(page.text, 'import-errors')).toEqual([]);
    expect(counts(page.text)).toEqual({
      'Cơ quan, đơn vị': [0, 0, 8],
      'Khối thi đua': [0, 0, 1],
      'Năm thi đua của khối': [1, 0, 0],
      'Tài khoản cán bộ': [2, 0, 0],
    });
    const done = await confirm(otherBoard, batchId(res.headers.location));
    expect(done.status).toBe(200);
    expect(tableRows(done.text, 'one-time-passwords').map((r) => r[0]).sort()).toEqual(['thuky.thongke.nghean', 'thuky.thue.nghean']);
    const bloc = await t.db.bloc.findFirstOrThrow({ where: { provinceId: nghean.id } });
    const y = await t.db.blocYear.findUniqueOrThrow({
      where: { blocId_year: { blocId: bloc.id, year: 2021 } },
      include: { memberships: { orderBy: { rotationOrder: 'asc' }, include: { agencyVersion: true } }, head: { include: { versions: true } }, deputy: { include: { versions: true } } },
    });
    expect(y.phase).toBe('SETUP');
    expect(y.memberships).toHaveLength(8);
    // the tax office is a member under its 2021 name, though the file uses today's ("Thuế tỉnh Nghệ An")
    expect(y.memberships.map((m) => m.agencyVersion.name)).toContain('Cục Thuế Nghệ An');
    expect(y.head!.versions[0].name).toBe('Cục Thống kê Nghệ An');
    expect(y.deputy!.versions.map((v) => v.name)).toContain('Thuế tỉnh Nghệ An');
    expect(y.memberships.map((m) => m.rotationOrder)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});
