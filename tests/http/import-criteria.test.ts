// Criteria table import from Excel/CSV: the workbook to fill in, the province's template (its board,
// the admin) and a bloc-year in set-up (its head). Upload → preview with every error located by sheet,
// row and column → confirm a preview without errors in one transaction → the same file twice changes
// nothing; a bad file, a bad row, another province, a member or a locked table writes nothing.
import ExcelJS from 'exceljs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, loginAs, csrf, type Agent, type TestApp } from '../support/app';
import { changedTables, snapshot, tableNames } from '../support/snapshot';
import { CURRENT_YEAR_BLOC } from '../../src/seed/current-year';

let t: TestApp;
let tables: string[];
let admin: Agent;
let board: Agent; // bantdkt.hanam
let otherBoard: Agent; // bantdkt.tayninh
let head: Agent; // sotaichinh.hanam, head of Hà Nam's current year
let member: Agent; // a plain member of that year
let tnHead: Agent; // head of Tây Ninh 2020 (past scoring: its table is locked)
let ids: { hanam: number; tayninh: number; yearId: number; Y: string; tnY: string; tnYearId: number };
const year = new Date().getFullYear();

const HEADER = ['Mã nhóm*', 'Tên nhóm*', 'Nhiệm vụ trọng tâm', 'Mã tiêu chí*', 'Nội dung tiêu chí*', 'Loại', 'Điểm tối đa*', 'Bước điểm', 'Hướng dẫn chấm'];
type Cell = string | number | null;
const G1 = ['I', 'Thực hiện nhiệm vụ chính trị, chuyên môn được giao', 'Có'];
const G2 = ['II', 'Công tác xây dựng Đảng, đoàn thể', 'Không'];
const G3 = ['III', 'Điểm thưởng, điểm trừ', ''];
/** A valid table on a base of 100: a decimal comma typed as text, numeric cells, defaults left empty. */
const GOOD: Cell[][] = [
  [...G1, '1.1', 'Hoàn thành các chỉ tiêu chuyên môn được giao', 'Tiêu chí', 40, '0,5', 'Đủ chỉ tiêu: 40 điểm.'],
  [...G1, '1.2', 'Cải cách hành chính, chuyển đổi số', 'Tiêu chí', '22,5', '0,25', ''],
  [...G2, '2.1', 'Tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ', 'Tiêu chí', 27.5, '0,5', ''],
  [...G2, '2.2', 'Công đoàn, Đoàn Thanh niên hoạt động hiệu quả', '', 10, '', ''],
  [...G3, 'T1', 'Được tặng Cờ thi đua của Chính phủ', 'Điểm thưởng', 5, '1', 'Cộng 5 điểm.'],
  [...G3, 'D1', 'Nộp báo cáo chậm', 'Điểm trừ', '2,5', '0,5', 'Trừ 0,5 điểm mỗi lần.'],
];

async function xlsx(rows: Cell[][], opts: { sheet?: string; header?: string[] } = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Ghi chú').addRow(['Bảng tiêu chí do khối gửi']);
  const ws = wb.addWorksheet(opts.sheet ?? 'Bảng tiêu chí');
  ws.addRow(opts.header ?? HEADER);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function csv(rows: Cell[][], opts: { bom?: boolean; sep?: ',' | ';' } = {}): Buffer {
  const sep = opts.sep ?? ',';
  const cell = (v: Cell) => {
    const s = v === null ? '' : String(v);
    return s.includes(sep) || s.includes('"') || s.includes('\n') ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const text = [HEADER, ...rows].map((r) => r.map(cell).join(sep)).join('\r\n') + '\r\n';
  return Buffer.from((opts.bom ? '\ufeff' : '') + text, 'utf8');
}

const nfd = (rows: Cell[][]) => rows.map((r) => r.map((c) => (typeof c === 'string' ? c.normalize('NFD') : c)));

/** Posts a file as the import form does: the token in the multipart body (and, for the check before multer, its header). */
async function upload(agent: Agent, url: string, file: Buffer, name: string, fromPage = '/account/password') {
  const token = await csrf(agent, fromPage);
  return agent.post(url).set('X-CSRF-Token', token).field('_csrf', token).attach('file', file, name);
}

async function post(agent: Agent, url: string) {
  const token = await csrf(agent, '/account/password');
  return agent.post(url).type('form').send({ _csrf: token });
}

const batchIdOf = (res: { status: number; headers: Record<string, string>; text: string }) => {
  expect(res.status, res.text.slice(0, 500)).toBe(302);
  const m = /^\/criteria-imports\/(\d+)$/.exec(res.headers.location);
  expect(m, res.headers.location).not.toBeNull();
  return Number(m![1]);
};

const templateOf = (provinceId: number) =>
  t.db.criteriaTable.findFirst({
    where: { provinceId, blocYearId: null },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    include: { groups: { orderBy: { sortOrder: 'asc' }, include: { criteria: { orderBy: { sortOrder: 'asc' } } } } },
  });

/** Groups and criteria as plain rows, to compare tables. */
const contents = (tbl: NonNullable<Awaited<ReturnType<typeof templateOf>>>) =>
  tbl.groups.map((g) => ({ code: g.code, name: g.name, core: g.isCoreTask, criteria: g.criteria.map((c) => [c.code, c.name, c.kind, c.maxCenti, c.stepCenti, c.guidance]) }));

const EXPECTED = [
  {
    code: 'I',
    name: 'Thực hiện nhiệm vụ chính trị, chuyên môn được giao',
    core: true,
    criteria: [
      ['1.1', 'Hoàn thành các chỉ tiêu chuyên môn được giao', 'NORMAL', 4000, 50, 'Đủ chỉ tiêu: 40 điểm.'],
      ['1.2', 'Cải cách hành chính, chuyển đổi số', 'NORMAL', 2250, 25, ''],
    ],
  },
  {
    code: 'II',
    name: 'Công tác xây dựng Đảng, đoàn thể',
    core: false,
    criteria: [
      ['2.1', 'Tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ', 'NORMAL', 2750, 50, ''],
      ['2.2', 'Công đoàn, Đoàn Thanh niên hoạt động hiệu quả', 'NORMAL', 1000, 50, ''],
    ],
  },
  {
    code: 'III',
    name: 'Điểm thưởng, điểm trừ',
    core: false,
    criteria: [
      ['T1', 'Được tặng Cờ thi đua của Chính phủ', 'BONUS', 500, 100, 'Cộng 5 điểm.'],
      ['D1', 'Nộp báo cáo chậm', 'DEDUCTION', 250, 50, 'Trừ 0,5 điểm mỗi lần.'],
    ],
  },
];

const usernameOf = async (agencyId: number) => (await t.db.user.findFirstOrThrow({ where: { assignments: { some: { agencyId, role: 'UNIT_OFFICER' } } }, select: { username: true } })).username;

beforeAll(async () => {
  t = await startTestApp();
  tables = await tableNames(t.db, t.config.DATABASE_URL);
  const hanam = await t.db.province.findFirstOrThrow({ where: { name: 'Hà Nam' } });
  const tayninh = await t.db.province.findFirstOrThrow({ where: { name: 'Tây Ninh' } });
  const cy = await t.db.blocYear.findFirstOrThrow({ where: { year, bloc: { versions: { some: { name: CURRENT_YEAR_BLOC } } } }, include: { memberships: true } });
  const tn = await t.db.blocYear.findFirstOrThrow({ where: { year: 2020, bloc: { provinceId: tayninh.id, code: { contains: 'tay-ninh' } } } });
  const plain = cy.memberships.find((m) => m.agencyId !== cy.headAgencyId && m.agencyId !== cy.deputyAgencyId)!;
  ids = { hanam: hanam.id, tayninh: tayninh.id, yearId: cy.id, Y: `/blocs/${cy.blocId}/years/${year}`, tnY: `/blocs/${tn.blocId}/years/2020`, tnYearId: tn.id };
  expect(await usernameOf(cy.headAgencyId!)).toBe('sotaichinh.hanam');
  [admin, board, otherBoard, head, member, tnHead] = await Promise.all(
    ['admin', 'bantdkt.hanam', 'bantdkt.tayninh', 'sotaichinh.hanam', await usernameOf(plain.agencyId), await usernameOf(tn.headAgencyId!)].map((u) => loginAs(t.app, u)),
  );
}, 120_000);
afterAll(async () => t?.close());

describe('the workbook to fill in', () => {
  it('is a valid xlsx: instructions, the "Bảng tiêu chí" sheet with its headers, frozen header row, drop-down lists and valid sample rows', async () => {
    const res = await board.get('/criteria-imports/template.xlsx').buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Hướng dẫn', 'Bảng tiêu chí', 'Danh mục']);
    const ws = wb.getWorksheet('Bảng tiêu chí')!;
    expect((ws.getRow(1).values as Cell[]).slice(1)).toEqual(HEADER);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getColumn(5).width).toBeGreaterThan(30);
    expect(ws.getCell('F2').dataValidation).toMatchObject({ type: 'list' });
    expect(ws.getCell('H2').dataValidation).toMatchObject({ type: 'list' });
    expect(ws.getCell('B2').value).toBeTruthy();

    // the sample rows, uploaded as they are, form a table without errors
    const before = await t.db.importBatch.count();
    const id = batchIdOf(await upload(board, `/provinces/${ids.hanam}/criteria-template/import`, res.body as Buffer, 'Mẫu bảng tiêu chí.xlsx'));
    const batch = await t.db.importBatch.findUniqueOrThrow({ where: { id } });
    expect(JSON.parse(batch.errors)).toEqual([]);
    expect(await t.db.importBatch.count()).toBe(before + 1);
    expect((await post(board, `/criteria-imports/${id}/discard`)).status).toBe(302);
    expect((await t.db.importBatch.findUniqueOrThrow({ where: { id } })).status).toBe('DISCARDED');
  });

  it('comes pre-filled with a table the user may read, and is refused to whoever may not', async () => {
    const load = async (agent: Agent, url: string) => {
      const res = await agent.get(url).buffer(true).parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
      return res;
    };
    const res = await load(board, `/criteria-imports/template.xlsx?from=template&provinceId=${ids.hanam}`);
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Bảng tiêu chí')!;
    const tpl = await templateOf(ids.hanam);
    expect(ws.actualRowCount).toBe(1 + tpl!.groups.reduce((n, g) => n + g.criteria.length, 0));
    expect(ws.getCell('D2').value).toBe(tpl!.groups[0].criteria[0].code);
    expect(ws.getCell('G2').value).toBe(tpl!.groups[0].criteria[0].maxCenti / 100);

    expect((await load(otherBoard, `/criteria-imports/template.xlsx?from=template&provinceId=${ids.hanam}`)).status).toBe(403);
    expect((await load(member, '/criteria-imports/template.xlsx')).status).toBe(403);
    // the head of an open year of the province may start from the province's template
    expect((await load(head, `/criteria-imports/template.xlsx?from=template&provinceId=${ids.hanam}`)).status).toBe(200);
    // a year's table: whoever reads the year (Tây Ninh's board reads its own province's year, not Hà Nam's)
    expect((await load(otherBoard, `/criteria-imports/template.xlsx?from=blocYear&id=${ids.tnYearId}`)).status).toBe(200);
    expect([403, 404]).toContain((await load(board, `/criteria-imports/template.xlsx?from=blocYear&id=${ids.tnYearId}`)).status);
  });
});

describe("the province's template", () => {
  it('a board imports a valid table: preview, confirm, a new template with the right groups, criteria and points', async () => {
    const page = await board.get(`/provinces/${ids.hanam}/criteria-template`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('data-testid="import-form"');
    expect(page.text).toContain('enctype="multipart/form-data"');
    const old = await templateOf(ids.hanam);
    const yearTables = await t.db.criterion.count({ where: { table: { blocYearId: { not: null } } } });

    const id = batchIdOf(await upload(board, `/provinces/${ids.hanam}/criteria-template/import`, await xlsx(GOOD), 'Bảng tiêu chí 2026.xlsx'));
    const preview = await board.get(`/criteria-imports/${id}`);
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('data-testid="confirm"');
    expect(preview.text).not.toContain('data-testid="errors"');
    expect(preview.text).toContain('22,5');
    expect(preview.text).toMatch(/Tổng điểm tối đa các tiêu chí: <strong>100<\/strong>/);
    // nothing written before the confirm
    expect((await templateOf(ids.hanam))!.id).toBe(old!.id);

    const done = await post(board, `/criteria-imports/${id}/confirm`);
    expect(done.status).toBe(302);
    expect(done.headers.location).toBe(`/provinces/${ids.hanam}/criteria-template`);
    const tpl = await templateOf(ids.hanam);
    expect(tpl!.id).not.toBe(old!.id);
    expect(tpl!.baseTotal).toBe(100);
    expect(contents(tpl!)).toEqual(EXPECTED);
    // the earlier template and every year's copy stay as they were
    expect(await t.db.criteriaTable.count({ where: { id: old!.id } })).toBe(1);
    expect(await t.db.criterion.count({ where: { table: { blocYearId: { not: null } } } })).toBe(yearTables);
    const batch = await t.db.importBatch.findUniqueOrThrow({ where: { id } });
    expect(batch.status).toBe('APPLIED');
    expect(JSON.parse(batch.summary)).toMatchObject({ unchanged: false, groups: 3, criteria: 6 });
    expect(await t.db.auditLog.count({ where: { action: 'criteria.template.import', entityId: String(tpl!.id), provinceId: ids.hanam } })).toBe(1);

    const shown = await board.get(done.headers.location);
    expect(shown.text).toContain('Đã tạo bảng tiêu chí mẫu mới của tỉnh Hà Nam gồm 3 nhóm, 6 tiêu chí');
    expect(shown.text).toMatch(/data-testid="criterion-1\.2"[\s\S]*?22,5/);
    expect(shown.text).toMatch(/data-testid="subtotal-I">62,5/);
    // a second confirm of the same batch: 409, nothing more
    const again = await post(board, `/criteria-imports/${id}/confirm`);
    expect(again.status).toBe(409);
    expect((await templateOf(ids.hanam))!.id).toBe(tpl!.id);
  });

  it('the same file again — even typed in decomposed Unicode, or as CSV — changes nothing', async () => {
    const before = await snapshot(t.db, tables);
    for (const [file, name] of [
      [await xlsx(GOOD), 'Bảng tiêu chí 2026.xlsx'],
      [await xlsx(nfd(GOOD)), 'Bảng tiêu chí NFD.xlsx'],
      [csv(GOOD, { bom: true, sep: ';' }), 'bang-tieu-chi.csv'],
    ] as const) {
      const id = batchIdOf(await upload(board, `/provinces/${ids.hanam}/criteria-template/import`, file, name));
      const preview = await board.get(`/criteria-imports/${id}`);
      expect(preview.text).toContain('data-testid="unchanged"');
      const done = await post(board, `/criteria-imports/${id}/confirm`);
      expect(done.status).toBe(302);
      expect(JSON.parse((await t.db.importBatch.findUniqueOrThrow({ where: { id } })).summary)).toMatchObject({ unchanged: true });
      expect((await board.get(done.headers.location)).text).toContain('không có gì thay đổi');
    }
    // only the batches themselves (and the sessions' flash) were written
    expect(changedTables(before, await snapshot(t.db, tables))).toEqual(['ImportBatch']);
  });

  it('CSV with a BOM and semicolons, or plain comma CSV, gives the same preview as the workbook', async () => {
    const tableOf = async (file: Buffer, name: string) => {
      const id = batchIdOf(await upload(board, `/provinces/${ids.hanam}/criteria-template/import`, file, name));
      const b = await t.db.importBatch.findUniqueOrThrow({ where: { id } });
      return { errors: JSON.parse(b.errors), table: JSON.parse(b.payload).table };
    };
    const fromXlsx = await tableOf(await xlsx(GOOD), 'a.xlsx');
    expect(fromXlsx.errors).toEqual([]);
    expect(await tableOf(csv(GOOD, { bom: true, sep: ';' }), 'b.csv')).toEqual(fromXlsx);
    expect(await tableOf(csv(GOOD, { sep: ',' }), 'c.csv')).toEqual(fromXlsx);
    // and the same errors, at the same rows and columns
    const bad = GOOD.map((r) => [...r]);
    bad[1][6] = '2,3';
    const xe = await tableOf(await xlsx(bad), 'd.xlsx');
    expect(xe.errors.length).toBeGreaterThan(0);
    expect(await tableOf(csv(bad, { bom: true, sep: ';' }), 'e.csv')).toEqual(xe);
  });

  it('bad rows: each error with its sheet, row and column; the confirm is refused and nothing is written', async () => {
    const bad: Cell[][] = [
      [...G1, '1.1', 'Hoàn thành các chỉ tiêu chuyên môn được giao', 'Tiêu chí', '2,3', '0,5', ''], // row 2: not a multiple of the step
      [...G1, '1.2', 'Cải cách hành chính', 'Điểm phạt', 10, '0,5', ''], // row 3: unknown kind
      [...G2, '1.1', 'Tổ chức cơ sở đảng', 'Tiêu chí', 10, '0,3', ''], // row 4: duplicate code, bad step
      ['II', 'Xây dựng Đảng', 'Không', '2.2', 'Công đoàn', 'Tiêu chí', 10, '', ''], // row 5: another name for group II
      [...G3, 'T1', '', 'Điểm thưởng', 5, '1', ''], // row 6: missing name
      [...G3, 'T2', 'Sáng kiến', 'Điểm thưởng', '1,234', '', ''], // row 7: three decimals
    ];
    const before = await snapshot(t.db, tables);
    const id = batchIdOf(await upload(board, `/provinces/${ids.hanam}/criteria-template/import`, await xlsx(bad), 'Bảng lỗi.xlsx'));
    const errors = JSON.parse((await t.db.importBatch.findUniqueOrThrow({ where: { id } })).errors) as { sheet: string; row: number; column: string; message: string }[];
    const at = (row: number, column: string) => errors.filter((e) => e.row === row && e.column === column);
    expect(errors.every((e) => e.sheet === 'Bảng tiêu chí')).toBe(true);
    expect(at(2, 'G')[0].message).toContain('bội số của bước điểm 0,5');
    expect(at(3, 'F')[0].message).toContain('Điểm phạt');
    expect(at(4, 'D')[0].message).toContain('trùng với dòng 2');
    expect(at(4, 'H')[0].message).toContain('0,25; 0,5 hoặc 1');
    expect(at(5, 'B')[0].message).toContain('Tên nhóm II khác với dòng 4');
    expect(at(6, 'E')[0].message).toContain('Thiếu nội dung tiêu chí');
    expect(at(7, 'G')[0].message).toContain('quá hai chữ số thập phân');

    const preview = await board.get(`/criteria-imports/${id}`);
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('<th>Trang tính</th><th class="num">Dòng</th><th>Cột</th><th>Lỗi</th>');
    expect(preview.text).toContain('data-testid="error-count"');
    expect(preview.text).not.toContain('data-testid="confirm"');
    const refused = await post(board, `/criteria-imports/${id}/confirm`);
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('còn lỗi');
    // only the preview batch was stored by the upload; the refused confirm wrote nothing
    expect(changedTables(before, await snapshot(t.db, tables))).toEqual(['ImportBatch']);
    expect((await t.db.importBatch.findUniqueOrThrow({ where: { id } })).status).toBe('PREVIEW');
  });

  it('criteria that do not add up to the base total: an error naming the sum', async () => {
    const short = GOOD.map((r) => [...r]);
    short[0][6] = 35; // 95 in all
    const id = batchIdOf(await upload(board, `/provinces/${ids.hanam}/criteria-template/import`, await xlsx(short), 'Thiếu điểm.xlsx'));
    const errors = JSON.parse((await t.db.importBatch.findUniqueOrThrow({ where: { id } })).errors);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ sheet: 'Bảng tiêu chí', row: null, column: 'G' });
    expect(errors[0].message).toContain('là 95, chưa bằng thang điểm 100');
    const before = await snapshot(t.db, tables);
    expect((await post(board, `/criteria-imports/${id}/confirm`)).status).toBe(409);
    expect(changedTables(before, await snapshot(t.db, tables))).toEqual([]);
  });

  it('a file that cannot be read is refused on the form (422) and nothing is stored', async () => {
    const before = await t.db.importBatch.count();
    const url = `/provinces/${ids.hanam}/criteria-template/import`;
    const cases: [Buffer, string, string][] = [
      [Buffer.from('không phải Excel'), 'bang.xlsx', 'Không đọc được tệp Excel'],
      [Buffer.from('a,b\n1,2\n'), 'bang.txt', 'Chỉ nhận tệp Excel (.xlsx) hoặc CSV'],
      [Buffer.from([0x4d, 0xe3, 0x20, 0x6e, 0x68, 0xf3, 0x6d, 0x0a]), 'latin1.csv', 'không phải mã UTF-8'],
      [await xlsx(GOOD, { sheet: 'Sheet1', header: ['A', 'B'] }), 'khac.xlsx', 'không có trang tính'],
      [Buffer.alloc(1024 * 1024 + 10, 0x41), 'lon.csv', 'tối đa 1 MB'],
    ];
    for (const [file, name, message] of cases) {
      const res = await upload(board, url, file, name);
      expect(res.status, name).toBe(422);
      expect(res.text, name).toContain('data-testid="file-error"');
      expect(res.text, name).toContain(message);
    }
    const none = await board.post(url).set('X-CSRF-Token', await csrf(board, '/account/password')).type('form').send({ _csrf: await csrf(board, '/account/password') });
    expect(none.status).toBe(422);
    expect(await t.db.importBatch.count()).toBe(before);
  });

  it("another province's board, a unit officer: 403/404 on the page, the upload, the preview and the confirm; the DB unchanged", async () => {
    const id = batchIdOf(await upload(board, `/provinces/${ids.hanam}/criteria-template/import`, await xlsx(GOOD.slice(0, 4).map((r, i) => (i === 0 ? [...r.slice(0, 6), 45, ...r.slice(7)] : r))), 'Bảng khác.xlsx'));
    const before = await snapshot(t.db, tables);
    for (const agent of [otherBoard, member]) {
      expect([403, 404]).toContain((await agent.get(`/provinces/${ids.hanam}/criteria-template`)).status);
      expect([403, 404]).toContain((await upload(agent, `/provinces/${ids.hanam}/criteria-template/import`, await xlsx(GOOD), 'x.xlsx')).status);
      expect([403, 404]).toContain((await agent.get(`/criteria-imports/${id}`)).status);
      expect([403, 404]).toContain((await post(agent, `/criteria-imports/${id}/confirm`)).status);
      expect([403, 404]).toContain((await post(agent, `/criteria-imports/${id}/discard`)).status);
    }
    // the head of a year reads its own year's batches only, never the province's template
    expect((await head.get(`/criteria-imports/${id}`)).status).toBe(403);
    expect(changedTables(before, await snapshot(t.db, tables))).toEqual([]);
    // anonymous: the sign-in page
    for (const url of [`/provinces/${ids.hanam}/criteria-template`, `/criteria-imports/${id}`, '/criteria-imports/template.xlsx']) {
      const res = await request(t.app).get(url);
      expect(res.status, url).toBe(302);
      expect(res.headers.location).toBe('/login');
    }
    // the admin may
    expect((await admin.get(`/provinces/${ids.hanam}/criteria-template`)).status).toBe(200);
    expect((await admin.get(`/criteria-imports/${id}`)).status).toBe(200);
    expect((await post(admin, `/criteria-imports/${id}/discard`)).status).toBe(302);
  });

  it('a multipart post without the right token is refused (403) and stores nothing', async () => {
    const before = await t.db.importBatch.count();
    const res = await board.post(`/provinces/${ids.hanam}/criteria-template/import`).field('_csrf', 'sai').attach('file', await xlsx(GOOD), 'a.xlsx');
    expect(res.status).toBe(403);
    expect(await t.db.importBatch.count()).toBe(before);
  });

  it('the import form works as a browser sends it: the token only in the multipart body', async () => {
    // No script: the token travels with the file. Needs the import paths in src/http/csrf.ts's multipart list.
    const token = await csrf(board, `/provinces/${ids.hanam}/criteria-template`);
    const res = await board.post(`/provinces/${ids.hanam}/criteria-template/import`).field('_csrf', token).attach('file', await xlsx(GOOD), 'a.xlsx');
    batchIdOf(res);
  });
});

describe("a bloc-year's table (Hà Nam, current year at set-up)", () => {
  const SECOND: Cell[][] = [
    [...G1, '1.1', 'Hoàn thành các chỉ tiêu chuyên môn được giao', 'Tiêu chí', 35, '0,5', ''],
    [...G1, '1.3', 'Thực hiện kỷ luật, kỷ cương hành chính', 'Tiêu chí', 5, '1', ''],
    ...GOOD.slice(1),
  ];

  it('a member, the board, the admin may not import into the year (403), nothing written', async () => {
    const before = await snapshot(t.db, tables);
    for (const agent of [member, board, admin]) {
      const res = await upload(agent, `${ids.Y}/criteria/import`, await xlsx(GOOD), 'a.xlsx', `${ids.Y}/criteria`);
      expect(res.status).toBe(403);
    }
    expect((await member.get(`${ids.Y}/criteria`)).text).not.toContain('data-testid="import-form"');
    expect(changedTables(before, await snapshot(t.db, tables))).toEqual([]);
  });

  it('the head imports into the year with no table yet: preview, confirm, the year page shows the table; a member may not see the batch', async () => {
    expect(await t.db.criteriaTable.count({ where: { blocYearId: ids.yearId } })).toBe(0);
    const page = await head.get(`${ids.Y}/criteria`);
    expect(page.text).toContain('data-testid="import-form"');
    expect(page.text).toContain(`action="${ids.Y}/criteria/import"`);

    const id = batchIdOf(await upload(head, `${ids.Y}/criteria/import`, await xlsx(GOOD), 'Bảng tiêu chí năm nay.xlsx', `${ids.Y}/criteria`));
    expect((await t.db.importBatch.findUniqueOrThrow({ where: { id } })).target).toBe(`blocYear:${ids.yearId}`);
    expect((await head.get(`/criteria-imports/${id}`)).status).toBe(200);
    for (const agent of [member, board, otherBoard]) {
      expect([403, 404]).toContain((await agent.get(`/criteria-imports/${id}`)).status);
      expect([403, 404]).toContain((await post(agent, `/criteria-imports/${id}/confirm`)).status);
    }
    expect(await t.db.criteriaTable.count({ where: { blocYearId: ids.yearId } })).toBe(0);

    const done = await post(head, `/criteria-imports/${id}/confirm`);
    expect(done.status).toBe(302);
    expect(done.headers.location).toBe(`${ids.Y}/criteria`);
    const tbl = await t.db.criteriaTable.findFirstOrThrow({
      where: { blocYearId: ids.yearId },
      include: { groups: { orderBy: { sortOrder: 'asc' }, include: { criteria: { orderBy: { sortOrder: 'asc' } } } } },
    });
    expect(tbl.name).toBe(`Bảng tiêu chí chấm điểm thi đua năm ${year}`);
    expect(contents(tbl)).toEqual(EXPECTED);
    expect(await t.db.auditLog.count({ where: { action: 'criteria.import', blocYearId: ids.yearId } })).toBe(1);
    const shown = await head.get(`${ids.Y}/criteria`);
    expect(shown.text).toContain('data-testid="criterion-D1"');
    expect(shown.text).toMatch(/data-testid="running-total"[\s\S]*?<strong>100<\/strong> \/ thang điểm <strong>100<\/strong>/);
    // the head can edit it like any other table
    expect(shown.text).toContain('id="add-item"');
  });

  it('importing the same file again changes nothing; another file replaces the table in place', async () => {
    const before = await snapshot(t.db, tables);
    const same = batchIdOf(await upload(head, `${ids.Y}/criteria/import`, csv(GOOD, { bom: true, sep: ';' }), 'bang.csv', `${ids.Y}/criteria`));
    expect((await post(head, `/criteria-imports/${same}/confirm`)).status).toBe(302);
    expect(changedTables(before, await snapshot(t.db, tables))).toEqual(['ImportBatch']);

    const tableId = (await t.db.criteriaTable.findFirstOrThrow({ where: { blocYearId: ids.yearId } })).id;
    const id = batchIdOf(await upload(head, `${ids.Y}/criteria/import`, await xlsx(SECOND), 'Bảng sửa.xlsx', `${ids.Y}/criteria`));
    expect((await head.get(`/criteria-imports/${id}`)).text).toContain('data-testid="replaces"');
    const done = await post(head, `/criteria-imports/${id}/confirm`);
    expect(done.status).toBe(302);
    const tables2 = await t.db.criteriaTable.findMany({ where: { blocYearId: ids.yearId }, include: { criteria: { orderBy: [{ groupId: 'asc' }, { sortOrder: 'asc' }] } } });
    expect(tables2).toHaveLength(1);
    expect(tables2[0].id).toBe(tableId);
    expect(tables2[0].criteria.map((c) => c.code)).toEqual(['1.1', '1.3', '1.2', '2.1', '2.2', 'T1', 'D1']);
    expect((await head.get(done.headers.location)).text).toContain('bỏ 3 nhóm, 6 tiêu chí cũ');
  });

  it('the imported table works with the rest: the year moves to registration', async () => {
    const setup = await head.get(`${ids.Y}/setup`);
    const token = /name="_csrf" value="([^"]+)"/.exec(setup.text)![1];
    const res = await head.post(`${ids.Y}/setup/phase`).type('form').send({ _csrf: token, to: 'REGISTRATION' });
    expect(res.status, res.text.slice(0, 300)).toBe(302);
    expect((await t.db.blocYear.findUniqueOrThrow({ where: { id: ids.yearId } })).phase).toBe('REGISTRATION');
    // still editable in registration: the import form stays
    expect((await head.get(`${ids.Y}/criteria`)).text).toContain('data-testid="import-form"');
  });

  it('a batch previewed before the year moved on is refused at confirm (409), nothing written', async () => {
    const id = batchIdOf(await upload(head, `${ids.Y}/criteria/import`, await xlsx(GOOD), 'a.xlsx', `${ids.Y}/criteria`));
    // scoring opens (and locks the table) between the preview and the confirm
    await t.db.blocYear.update({ where: { id: ids.yearId }, data: { phase: 'SCORING' } });
    await t.db.criteriaTable.updateMany({ where: { blocYearId: ids.yearId }, data: { lockedAt: new Date() } });
    const before = await snapshot(t.db, tables);
    const res = await post(head, `/criteria-imports/${id}/confirm`);
    expect(res.status).toBe(409);
    expect(changedTables(before, await snapshot(t.db, tables))).toEqual([]);
    expect((await head.get(`${ids.Y}/criteria`)).text).not.toContain('data-testid="import-form"');
    const upload409 = await upload(head, `${ids.Y}/criteria/import`, await xlsx(GOOD), 'a.xlsx', `${ids.Y}/criteria`);
    expect(upload409.status).toBe(409);
    expect(changedTables(before, await snapshot(t.db, tables))).toEqual([]);
  });

  it('a locked table of a year past scoring (Tây Ninh 2020): 409 for its head, nothing written', async () => {
    expect((await t.db.criteriaTable.findFirstOrThrow({ where: { blocYearId: ids.tnYearId } })).lockedAt).not.toBeNull();
    const before = await snapshot(t.db, tables);
    const res = await upload(tnHead, `${ids.tnY}/criteria/import`, await xlsx(GOOD), 'a.xlsx', `${ids.tnY}/criteria`);
    expect(res.status).toBe(409);
    expect(res.text).toContain('Bảng tiêu chí đã khóa');
    expect(changedTables(before, await snapshot(t.db, tables))).toEqual([]);
  });
});
