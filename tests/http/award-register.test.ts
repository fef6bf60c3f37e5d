// The province's award register: the board's decisions write it in their own transaction (an
// approval adds a row, a correction to "not awarded" removes it, a new number or date updates it),
// awards decided outside the portal are imported from Excel or CSV through a preview (errors with
// their sheet, row and column; nothing written until a clean preview is confirmed; the same file
// twice writes nothing the second time), and only the province's board and the admin see it.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrf, loginAs, postForm, startTestApp, type Agent, type TestApp } from '../support/app';
import { ROOT, TEST_DB } from '../support/testdb';

let t: TestApp;
let tayninh: number;
let nghean: number;
let base: string; // Tây Ninh 2020, at its year-end conference
let yearId: number;
let blocId: number;
const A: Record<string, Agent> = {};
const P: Record<string, number> = {};
const agency = async (name: string) => (await t.db.agencyVersion.findFirstOrThrow({ where: { name } })).agencyId;

beforeAll(async () => {
  t = await startTestApp();
  tayninh = (await t.db.province.findFirstOrThrow({ where: { name: 'Tây Ninh' } })).id;
  nghean = (await t.db.province.findFirstOrThrow({ where: { name: 'Nghệ An' } })).id;
  const bloc = await t.db.blocVersion.findFirstOrThrow({ where: { name: 'Khối thi đua các Cơ quan Trung ương tỉnh Tây Ninh' } });
  blocId = bloc.blocId;
  yearId = (await t.db.blocYear.findUniqueOrThrow({ where: { blocId_year: { blocId, year: 2020 } } })).id;
  base = `/blocs/${blocId}/years/2020`;
  const sent = { blocYearId: yearId, status: 'SENT', sentAt: new Date('2020-12-20T03:00:00Z') };
  P.tax = (await t.db.awardProposal.create({ data: { ...sent, awardKind: 'BANG_KHEN_TINH', agencyId: await agency('Cục Thuế tỉnh Tây Ninh') } })).id;
  P.insurance = (await t.db.awardProposal.create({ data: { ...sent, awardKind: 'BANG_KHEN_TINH', agencyId: await agency('Bảo hiểm xã hội tỉnh Tây Ninh') } })).id;
  for (const u of ['bantdkt.tayninh', 'bantdkt.nghean', 'thongke.tayninh', 'thue.tayninh', 'admin']) A[u] = await loginAs(t.app, u);
}, 120_000);
afterAll(async () => t.close());

const board = () => A['bantdkt.tayninh'];
const register = (provinceId = tayninh) => `/provinces/${provinceId}/awards`;
const recordOf = (proposalId: number) => t.db.awardRecord.findUnique({ where: { proposalId } });
const decision = { decisionNumber: '120/QĐ-UBND', decisionDate: '2021-02-10', outcome: 'APPROVED', confirm: 'yes' };
const correction = { decisionNumber: '121/QĐ-UBND', decisionDate: '2021-02-11', outcome: 'APPROVED', reason: 'Nhập nhầm số và ngày của quyết định.', confirm: 'yes' };

describe('the board\'s decisions write the register', () => {
  it('an approval adds one row (PORTAL, the unit\'s name that year, bloc, kind, number, date), in the register page and its search', async () => {
    expect(await recordOf(P.tax)).toBeNull();
    const res = await postForm(board(), `${base}/awards/${P.tax}/decide`, decision);
    expect(res.status).toBe(302);
    const r = await recordOf(P.tax);
    expect(r).toMatchObject({
      provinceId: tayninh,
      year: 2020,
      awardKind: 'BANG_KHEN_TINH',
      awardTitle: 'Bằng khen của Chủ tịch UBND tỉnh',
      level: 'TINH',
      subjectKind: 'UNIT',
      subjectName: 'Cục Thuế tỉnh Tây Ninh',
      agencyKind: 'TAX',
      blocId,
      decisionNumber: '120/QĐ-UBND',
      source: 'PORTAL',
    });
    expect(r!.decisionDate?.toISOString().slice(0, 10)).toBe('2021-02-10');
    expect(r!.searchKey).toContain('cuc thue tinh tay ninh');

    const page = await board().get(`${register()}?year=2020`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('data-testid="register"');
    expect(page.text).toContain(`data-id="${r!.id}"`);
    expect(page.text).toContain('120/QĐ-UBND');
    expect(page.text).toContain('10/02/2021');
    // folded search, in SQL: no case, no diacritics
    for (const q of ['CỤC THUẾ', 'cuc thue', '120/qđ']) {
      const found = await board().get(`${register()}?year=2020&q=${encodeURIComponent(q)}`);
      expect(found.text, q).toContain(`data-id="${r!.id}"`);
    }
    const none = await board().get(`${register()}?year=2020&q=${encodeURIComponent('Kho bạc')}`);
    expect(none.text).not.toContain(`data-id="${r!.id}"`);
    expect(none.text).toContain('data-testid="register-empty"');
  });

  it('a rejection writes no row', async () => {
    const res = await postForm(board(), `${base}/awards/${P.insurance}/decide`, { ...decision, outcome: 'REJECTED' });
    expect(res.status).toBe(302);
    expect(await recordOf(P.insurance)).toBeNull();
  });

  it('a correction of number and date updates the row (and its search key)', async () => {
    const before = await recordOf(P.tax);
    const res = await postForm(board(), `${base}/awards/${P.tax}/decision/correct`, correction);
    expect(res.status).toBe(302);
    const r = await recordOf(P.tax);
    expect(r!.id).toBe(before!.id);
    expect(r!.decisionNumber).toBe('121/QĐ-UBND');
    expect(r!.decisionDate?.toISOString().slice(0, 10)).toBe('2021-02-11');
    expect(r!.searchKey).toContain('121/qd-ubnd');
    expect(await t.db.awardRecord.count({ where: { proposalId: P.tax } })).toBe(1);
  });

  it('a correction to "not awarded" removes it; back to "awarded" adds it again', async () => {
    let res = await postForm(board(), `${base}/awards/${P.tax}/decision/correct`, { ...correction, outcome: 'REJECTED' });
    expect(res.status).toBe(302);
    expect(await recordOf(P.tax)).toBeNull();
    const page = await board().get(`${register()}?year=2020&q=${encodeURIComponent('Cục Thuế')}`);
    expect(page.text).toContain('data-testid="register-empty"');
    res = await postForm(board(), `${base}/awards/${P.insurance}/decision/correct`, { ...correction, decisionNumber: '122/QĐ-UBND', reason: 'Quyết định đúng là được khen thưởng.' });
    expect(res.status).toBe(302);
    expect(await recordOf(P.insurance)).toMatchObject({ subjectName: 'Bảo hiểm xã hội tỉnh Tây Ninh', decisionNumber: '122/QĐ-UBND', agencyKind: 'SOCIAL_INSURANCE' });
  });

  it('a refused decision (a proposal already decided) changes nothing in the register', async () => {
    const before = await t.db.awardRecord.count();
    const res = await postForm(board(), `${base}/awards/${P.insurance}/decide`, decision);
    expect(res.status).toBe(409);
    expect(await t.db.awardRecord.count()).toBe(before);
  });

  it('the demo\'s decided awards are in the register (Nghệ An 2019), one per approved proposal', async () => {
    const approved = await t.db.awardProposal.findMany({ where: { status: 'APPROVED', blocYear: { year: 2019, bloc: { provinceId: nghean } } }, select: { id: true } });
    expect(approved.length).toBeGreaterThan(0);
    const rows = await t.db.awardRecord.findMany({ where: { provinceId: nghean, year: 2019 } });
    expect(rows.map((r) => r.proposalId).sort()).toEqual(approved.map((p) => p.id).sort());
    expect(rows.every((r) => r.source === 'PORTAL' && r.decisionNumber === '215/QĐ-UBND' && r.searchKey !== '')).toBe(true);
    const page = await A['bantdkt.nghean'].get(`${register(nghean)}?year=2019`);
    expect(page.status).toBe(200);
    expect((page.text.match(/data-testid="register-row"/g) ?? []).length).toBe(rows.length);
  });

  it('the migration\'s backfill writes the same rows as the decisions do', async () => {
    const dir = TEST_DB === 'postgres' ? 'prisma/postgres/migrations' : 'prisma/migrations';
    const sql = fs.readFileSync(path.join(ROOT, dir, '20261129183103_award_register', 'migration.sql'), 'utf8');
    const insert = sql.slice(sql.indexOf('INSERT INTO "AwardRecord"'));
    const fields = { provinceId: true, year: true, awardKind: true, awardTitle: true, level: true, subjectKind: true, agencyId: true, subjectName: true, agencyKind: true, blocId: true, decisionNumber: true, decisionDate: true, source: true, proposalId: true } as const;
    const written = await t.db.awardRecord.findMany({ where: { source: 'PORTAL' }, orderBy: { proposalId: 'asc' }, select: fields });
    expect(written.length).toBeGreaterThan(1);
    await t.db.awardRecord.deleteMany({ where: { source: 'PORTAL' } });
    await t.db.$executeRawUnsafe(insert.trim().replace(/;\s*$/, ''));
    const backfilled = await t.db.awardRecord.findMany({ where: { source: 'PORTAL' }, orderBy: { proposalId: 'asc' }, select: fields });
    expect(backfilled).toEqual(written);
  });
});

// ───────────────────────────── Import ─────────────────────────────

const HEADER = ['Năm*', 'Đối tượng (Tập thể/Cá nhân)*', 'Tên tập thể, cá nhân*', 'Đơn vị', 'Hình thức khen thưởng, danh hiệu*', 'Cấp (Tỉnh / Bộ, ngành / Chính phủ / Nhà nước)*', 'Số quyết định*', 'Ngày quyết định (dd/mm/yyyy)*'];
const GOOD: string[][] = [
  ['2024', 'Cá nhân', 'Nguyễn Thị Hoa', 'Cục Thuế tỉnh Tây Ninh', 'Chiến sĩ thi đua cơ sở', 'Tỉnh', '45/QĐ-UBND', '15/01/2025'],
  ['2024', 'Tập thể', 'Kho bạc Nhà nước tỉnh Tây Ninh', '', 'Cờ thi đua UBND tỉnh', 'Tỉnh', '46/QĐ-UBND', '16/01/2025'],
  ['2024', 'Cá nhân', 'Trần Văn Bình', '', 'Bằng khen của Thủ tướng Chính phủ', 'Chính phủ', '120/QĐ-TTg', '20/03/2025'],
  ['2023', 'Tập thể', 'Phòng Tổ chức cán bộ', '', 'Giấy khen của Giám đốc', 'Bộ, ngành', '99/QĐ-BTC', '05/02/2024'],
];
/** The bad row (Excel row 4 of the sheet: header, two good rows, this one): unknown level, impossible date. */
const BAD = ['2024', 'Cá nhân', 'Lê Văn C', '', 'Lao động tiên tiến', 'Huyện', '47/QĐ-UBND', '31/02/2025'];

async function xlsx(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Khen thưởng');
  ws.addRow(HEADER);
  for (const r of rows) ws.addRow(r.map((c, i) => (i === 0 ? Number(c) : c)));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function csv(rows: string[][]): Buffer {
  const line = (cells: string[]) => cells.map((c) => (/[;"]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(';');
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from([line(HEADER), ...rows.map(line)].join('\r\n'), 'utf8')]);
}

/** Uploads a file as the import form does (multipart with the form's token); returns the response. */
async function upload(agent: Agent, bytes: Buffer, name: string, provinceId = tayninh) {
  const token = await csrf(agent, '/account/password');
  // the token also in the header: src/http/csrf.ts checks multipart bodies of this path only once told to skip it
  return agent.post(`/provinces/${provinceId}/awards/import`).set('x-csrf-token', token).field('_csrf', token).attach('file', bytes, name);
}

async function previewOf(res: { status: number; headers: Record<string, string> }) {
  expect(res.status).toBe(302);
  const m = /\/provinces\/(\d+)\/awards\/imports\/(\d+)$/.exec(res.headers.location);
  expect(m).not.toBeNull();
  const id = Number(m![2]);
  const page = await board().get(res.headers.location);
  expect(page.status).toBe(200);
  return { id, page };
}

/** What a refused or unconfirmed import must leave alone. */
const registerState = async () => ({
  records: await t.db.awardRecord.count(),
  ids: (await t.db.awardRecord.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((r) => r.id),
});

describe('importing awards decided outside the portal', () => {
  it('the form and its template are the board\'s', async () => {
    const page = await board().get(`${register()}/import`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('data-testid="import-form"');
    expect(page.text).toContain('enctype="multipart/form-data"');
    expect(page.text).toContain('name="_csrf"');
    const tpl = await board().get(`${register()}/import/template.xlsx`).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(tpl.status).toBe(200);
    expect(tpl.headers['content-disposition']).toContain("filename*=UTF-8''");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(tpl.body as unknown as ArrayBuffer);
    expect((wb.getWorksheet('Khen thưởng')!.getRow(1).values as unknown[]).slice(1)).toEqual(HEADER);
  });

  it('xlsx with one bad row: every error with its sheet, row and column; nothing written, and the batch cannot be confirmed', async () => {
    const before = await registerState();
    const { id, page } = await previewOf(await upload(board(), await xlsx([GOOD[0], GOOD[1], BAD]), 'ds-loi.xlsx'));
    expect(page.text).toContain('data-testid="errors"');
    expect(page.text).toMatch(/<th>Trang tính<\/th><th class="num">Dòng<\/th><th>Cột<\/th><th>Lỗi<\/th>/);
    expect(page.text).toContain('data-row="4" data-column="F"');
    expect(page.text).toContain('Cấp &#34;Huyện&#34; không hợp lệ');
    expect(page.text).toContain('data-row="4" data-column="H"');
    expect(page.text).toContain('Ngày quyết định &#34;31/02/2025&#34; không hợp lệ');
    expect(page.text).toContain('<td>Khen thưởng</td>');
    expect(page.text).not.toContain('data-testid="confirm-form"');
    const errors = JSON.parse((await t.db.importBatch.findUniqueOrThrow({ where: { id } })).errors);
    expect(errors).toEqual([
      expect.objectContaining({ sheet: 'Khen thưởng', row: 4, column: 'F' }),
      expect.objectContaining({ sheet: 'Khen thưởng', row: 4, column: 'H' }),
    ]);
    const confirm = await postForm(board(), `${register()}/imports/${id}/confirm`, {});
    expect(confirm.status).toBe(409);
    expect(confirm.text).toContain('còn lỗi');
    expect(await registerState()).toEqual(before);
  });

  it('fixed: the preview lists the awards; confirming writes them in one go (kinds, levels, units, blocs)', async () => {
    const before = await t.db.awardRecord.count();
    const bytes = await xlsx(GOOD);
    const { id, page } = await previewOf(await upload(board(), bytes, 'ds.xlsx'));
    expect(page.text).not.toContain('data-testid="errors"');
    expect(page.text).toContain('data-testid="fresh-count">4<');
    expect(await t.db.awardRecord.count()).toBe(before); // a preview writes nothing
    const res = await postForm(board(), `${register()}/imports/${id}/confirm`, {});
    expect(res.status).toBe(302);
    expect(res.headers.location).toContain(`${register()}?year=all&source=IMPORT`);
    const rows = await t.db.awardRecord.findMany({ where: { importBatchId: id }, orderBy: { id: 'asc' } });
    expect(rows).toHaveLength(4);
    expect(rows.every((r) => r.source === 'IMPORT' && r.provinceId === tayninh)).toBe(true);
    expect(rows[0]).toMatchObject({ year: 2024, subjectKind: 'PERSON', subjectName: 'Nguyễn Thị Hoa', awardKind: 'CSTDCS', level: 'TINH', agencyId: await agency('Cục Thuế tỉnh Tây Ninh'), agencyKind: 'TAX', decisionNumber: '45/QĐ-UBND' });
    expect(rows[0].decisionDate?.toISOString().slice(0, 10)).toBe('2025-01-15');
    // a collective named as a known agency is that agency; the title is the portal's wording
    expect(rows[1]).toMatchObject({ subjectKind: 'UNIT', awardKind: 'CO_TINH', awardTitle: 'Cờ thi đua của UBND tỉnh', agencyId: await agency('Kho bạc Nhà nước tỉnh Tây Ninh'), agencyKind: 'TREASURY' });
    expect(rows[2]).toMatchObject({ awardKind: 'BANG_KHEN_TTG', level: 'CHINH_PHU', agencyId: null, agencyKind: 'OTHER', blocId: null });
    expect(rows[3]).toMatchObject({ year: 2023, awardKind: 'OTHER', awardTitle: 'Giấy khen của Giám đốc', level: 'BO_NGANH' });
    expect(await t.db.auditLog.count({ where: { action: 'award.import', entityId: String(id) } })).toBe(1);
    const list = await board().get(`${register()}?year=2024&source=IMPORT&q=${encodeURIComponent('nguyen thi hoa')}`);
    expect(list.text).toContain(`data-id="${rows[0].id}"`);
    expect(list.text).toContain('Cục Thuế tỉnh Tây Ninh'); // the person's unit
    // a second confirm of the same batch is refused
    expect((await postForm(board(), `${register()}/imports/${id}/confirm`, {})).status).toBe(409);
    expect(await t.db.awardRecord.count()).toBe(before + 4);
  });

  it('the same file again: the preview says they are all in the register; confirming writes nothing', async () => {
    const before = await registerState();
    const { id, page } = await previewOf(await upload(board(), await xlsx(GOOD), 'ds.xlsx'));
    expect(page.text).toContain('data-testid="fresh-count">0<');
    expect(page.text).toContain('data-testid="already-count">4<');
    const res = await postForm(board(), `${register()}/imports/${id}/confirm`, {});
    expect(res.status).toBe(302);
    expect(await registerState()).toEqual(before);
    const done = await board().get(`${register()}/imports/${id}`);
    expect(done.text).toContain('Không có khen thưởng mới');
  });

  it('CSV with a BOM and semicolons: a bad row is reported the same way; fixed, it is written', async () => {
    const before = await registerState();
    const rows = [
      ['2020', 'Cá nhân', 'Phạm Văn Dũng', 'Bảo hiểm xã hội tỉnh Tây Ninh', 'Lao động tiên tiến', 'Tỉnh', '12/QĐ-BHXH', '10/01/2021'],
      ['2020', 'Tập thể', 'Cục Hải quan Tây Ninh', '', 'Tập thể lao động xuất sắc', 'Tỉnh', '13/QĐ-UBND', '11/01/2021'],
    ];
    const bad = ['2020', 'Cá nhân', 'Võ Thị E', 'Sở Không Tồn Tại', 'Lao động tiên tiến', 'Tỉnh', '12/QĐ-BHXH', '10/01/2021'];
    const first = await previewOf(await upload(board(), csv([...rows, bad]), 'ds.csv'));
    expect(first.page.text).toContain('data-row="4" data-column="D"');
    expect(first.page.text).toContain('Không tìm thấy đơn vị &#34;Sở Không Tồn Tại&#34;');
    expect((await postForm(board(), `${register()}/imports/${first.id}/confirm`, {})).status).toBe(409);
    expect(await registerState()).toEqual(before);

    const second = await previewOf(await upload(board(), csv(rows), 'ds.csv'));
    expect(second.page.text).toContain('data-testid="fresh-count">2<');
    expect((await postForm(board(), `${register()}/imports/${second.id}/confirm`, {})).status).toBe(302);
    // members of the Tây Ninh bloc in 2020: the rows carry the bloc of that year
    const written = await t.db.awardRecord.findMany({ where: { importBatchId: second.id }, orderBy: { id: 'asc' } });
    expect(written.map((r) => [r.subjectName, r.awardKind, r.agencyKind, r.blocId])).toEqual([
      ['Phạm Văn Dũng', 'LDTT', 'SOCIAL_INSURANCE', blocId],
      ['Cục Hải quan Tây Ninh', 'TTLDXS', 'CUSTOMS', blocId],
    ]);
  });

  it('a discarded preview writes nothing and cannot be confirmed afterwards', async () => {
    const before = await registerState();
    const { id } = await previewOf(await upload(board(), await xlsx([['2021', 'Cá nhân', 'Đỗ Văn G', '', 'Lao động tiên tiến', 'Tỉnh', '1/QĐ', '02/01/2022']]), 'ds2.xlsx'));
    expect((await postForm(board(), `${register()}/imports/${id}/discard`, {})).status).toBe(302);
    expect((await postForm(board(), `${register()}/imports/${id}/confirm`, {})).status).toBe(409);
    expect(await registerState()).toEqual(before);
  });

  it('a file that cannot be read, a missing file or a wrong header: 422 on the form or errors, nothing written', async () => {
    const before = await registerState();
    const notExcel = await upload(board(), Buffer.from('not a zip'), 'ds.xlsx');
    expect(notExcel.status).toBe(422);
    expect(notExcel.text).toContain('data-testid="file-error"');
    const pdf = await upload(board(), Buffer.from('%PDF-1.4'), 'ds.pdf');
    expect(pdf.status).toBe(422);
    const token = await csrf(board(), '/account/password');
    const noFile = await board().post(`${register()}/import`).set('x-csrf-token', token).field('_csrf', token);
    expect(noFile.status).toBe(422);
    const header = Buffer.from('\ufeffNăm;Tên\r\n2024;A\r\n', 'utf8');
    const { page } = await previewOf(await upload(board(), header, 'x.csv'));
    expect(page.text).toContain('Thiếu cột &#34;Đối tượng&#34;');
    expect(await registerState()).toEqual(before);
  });

  it('a multipart post without the form token is refused', async () => {
    const before = await registerState();
    const res = await board().post(`${register()}/import`).field('_csrf', 'forged').attach('file', await xlsx(GOOD), 'ds.xlsx');
    expect(res.status).toBe(403);
    expect(await registerState()).toEqual(before);
  });
});

describe('who sees the register', () => {
  it('another province\'s board, a unit officer and a bloc head: 403 on every page and write, nothing written', async () => {
    const batch = await t.db.importBatch.findFirstOrThrow({ where: { provinceId: tayninh, kind: 'AWARDS', status: 'PREVIEW' } }).catch(async () => {
      const { id } = await previewOf(await upload(board(), await xlsx([['2021', 'Cá nhân', 'Hồ Văn H', '', 'Lao động tiên tiến', 'Tỉnh', '3/QĐ', '02/01/2022']]), 'ds3.xlsx'));
      return { id };
    });
    const before = await registerState();
    for (const u of ['bantdkt.nghean', 'thue.tayninh', 'thongke.tayninh']) {
      for (const url of [register(), `${register()}?year=2020`, `${register()}/import`, `${register()}/import/template.xlsx`, `${register()}/imports/${batch.id}`, `${register()}/statistics`, `${register()}/statistics.xlsx`]) {
        expect((await A[u].get(url)).status, `${u} GET ${url}`).toBe(403);
      }
      expect((await upload(A[u], await xlsx(GOOD), 'ds.xlsx')).status, `${u} upload`).toBe(403);
      expect((await postForm(A[u], `${register()}/imports/${batch.id}/confirm`, {})).status, `${u} confirm`).toBe(403);
    }
    expect(await registerState()).toEqual(before);
    expect((await t.db.importBatch.findUniqueOrThrow({ where: { id: batch.id } })).status).toBe('PREVIEW');
  });

  it('the admin sees any province; a batch of another province is not found through this one', async () => {
    expect((await A.admin.get(`${register(nghean)}?year=2019`)).status).toBe(200);
    const batch = await t.db.importBatch.findFirstOrThrow({ where: { provinceId: tayninh, kind: 'AWARDS' } });
    expect((await A['bantdkt.nghean'].get(`${register(nghean)}/imports/${batch.id}`)).status).toBe(404);
  });

  it('bad filters are a 422, never a 500', async () => {
    for (const qs of ['year=abc', 'year=1999', 'kind=XYZ', 'level=HUYEN', 'page=0', 'page=1e30', 'source=EMAIL']) {
      expect((await board().get(`${register()}?${qs}`)).status, qs).toBe(422);
    }
    expect(t.errors).toEqual([]);
  });
});
