// The score workbooks of a closed demo year, downloaded as a clerk would and read back with exceljs:
// criteria in the table's order with group subtotals, sums that recompute to the totals the pages and
// the frozen ranking show, print set-up on every sheet, frozen headers, numbers as numbers, text
// cells that stay text, a correct title and file name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type request from 'supertest';
import ExcelJS from 'exceljs';
import { startTestApp, loginAs, type Agent, type TestApp } from '../support/app';
import { evaluate, loadXlsx, rawSheet, rowOf, styleOf } from '../support/xlsx-read';
import { sheetTotals } from '../../src/domain/scoring';
import { formatPoints } from '../../src/i18n/format';

const BLOC = 'Khối thi đua các Cơ quan Trung ương tỉnh Tây Ninh';
const YEAR = 2019;

let t: TestApp;
let board: Agent;
let y: Awaited<ReturnType<typeof closedYear>>;

const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

async function download(agent: Agent, path: string) {
  const res = await agent.get(`${y.base}${path}`).buffer(true).parse(binary);
  expect(res.status, path).toBe(200);
  const body = res.body as Buffer;
  return { res, body, wb: await loadXlsx(body) };
}

/** The year, its table group by group, every member's entries and the frozen year-end results. */
async function closedYear() {
  const bloc = await t.db.blocVersion.findFirstOrThrow({ where: { name: BLOC } });
  const by = await t.db.blocYear.findUniqueOrThrow({ where: { blocId_year: { blocId: bloc.blocId, year: YEAR } } });
  const table = await t.db.criteriaTable.findFirstOrThrow({
    where: { blocYearId: by.id },
    orderBy: { id: 'desc' },
    include: { groups: { orderBy: { sortOrder: 'asc' }, include: { criteria: { orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }] } } } },
  });
  const members = await t.db.membership.findMany({ where: { blocYearId: by.id, leftAt: null }, include: { agencyVersion: { select: { id: true, name: true } } } });
  const review = await t.db.review.findUniqueOrThrow({ where: { blocYearId_kind: { blocYearId: by.id, kind: 'YEAR_END' } }, include: { results: true } });
  const sheets = await t.db.scoreSheet.findMany({ where: { blocYearId: by.id, period: 'YEAR_END' }, include: { entries: true } });
  return { id: by.id, phase: by.phase, base: `/blocs/${bloc.blocId}/years/${YEAR}`, table, members, review, sheets };
}

beforeAll(async () => {
  t = await startTestApp();
  board = await loginAs(t.app, 'bantdkt.tayninh');
  y = await closedYear();
});
afterAll(async () => t.close());

describe(`scoreboard.xlsx of ${BLOC} ${YEAR} (closed)`, () => {
  it('is a closed year with frozen results', () => {
    expect(y.phase).toBe('CLOSED');
    expect(y.review.frozenAt).not.toBeNull();
    expect(y.review.results.length).toBe(y.members.length);
  });

  it('criteria in the table\'s order with a subtotal per group; title, bloc; sums recompute to the stored totals and the page\'s', async () => {
    const { wb, body } = await download(board, '/documents/scoreboard.xlsx?period=YEAR_END');
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Bảng tổng hợp điểm', 'Điểm tự chấm', 'Tiêu chí']);
    const raw = await rawSheet(body, 'xl/worksheets/sheet1.xml');
    const ws = wb.getWorksheet('Bảng tổng hợp điểm')!;
    expect(ws.getCell('A1').value).toBe(`BẢNG TỔNG HỢP ĐIỂM THI ĐUA — TỔNG KẾT NĂM ${YEAR}`);
    expect(ws.getCell('A2').value).toBe(BLOC);

    // the header: group by group, criteria by sortOrder, then "Cộng <group>" when it has scored criteria
    const expected: string[] = [];
    const groupAt = new Map<string, string>();
    for (const g of y.table.groups) {
      groupAt.set(`${g.code}. ${g.name}`, '');
      for (const c of g.criteria) expected.push(c.code);
      const normal = g.criteria.filter((c) => c.kind === 'NORMAL');
      if (normal.length) expected.push(`Cộng ${g.code}|${formatPoints(normal.reduce((s, c) => s + c.maxCenti, 0))}`);
    }
    const head4 = rowOf(ws, 4).filter((v): v is string => typeof v === 'string').map((v) => (v.startsWith('Cộng') ? v.replace('\n(', '|').replace(')', '') : v.split('\n')[0]));
    expect(head4).toEqual(expected);
    expect(expected.slice(0, 5)).toEqual(['1.1', '1.2', '1.3', '1.4', 'Cộng I|50']); // the demo's table, not 1.1, 2.1, 3.1…
    const head3 = rowOf(ws, 3).filter((v): v is string => typeof v === 'string');
    expect(head3).toEqual(['STT', 'Đơn vị', ...groupAt.keys(), 'Điểm chuẩn', 'Điểm cộng', 'Điểm trừ', 'Tổng điểm', 'Hạng', 'Xếp loại']);
    const col = (label: string) => rowOf(ws, 3).indexOf(label) + 1;
    const [baseCol, bonusCol, dedCol, totalCol, rankCol, bandCol] = ['Điểm chuẩn', 'Điểm cộng', 'Điểm trừ', 'Tổng điểm', 'Hạng', 'Xếp loại'].map(col);

    // the scores page: name → reviewed total as it is written there
    const page = await board.get(`${y.base}/scores?period=YEAR_END`);
    expect(page.status).toBe(200);
    const pageTotals = new Map<string, string>();
    for (const block of page.text.split('<tr data-agency="').slice(1)) {
      const cells = [...block.split('</tr>')[0].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => m[1].replace(/<[^>]+>/g, '').trim());
      // Đơn vị, Trạng thái, Ngày gửi, Tự chấm, Thẩm định, …
      pageTotals.set(cells[0], cells[4]);
    }
    expect(pageTotals.size).toBe(y.members.length);

    const nameOf = new Map(y.members.map((m) => [m.agencyId, m.agencyVersion.name]));
    const criteriaInOrder = y.table.groups.flatMap((g) => g.criteria);
    const critCols = rowOf(ws, 4).flatMap((v, i) => (typeof v === 'string' && !v.startsWith('Cộng') && i >= 2 ? [i + 1] : []));
    expect(critCols).toHaveLength(criteriaInOrder.length);
    const results = [...y.review.results].sort((a, b) => a.rank - b.rank);
    results.forEach((res, i) => {
      const r = 5 + i;
      const name = nameOf.get(res.agencyId)!;
      expect(ws.getCell(r, 1).value).toBe(i + 1);
      expect(ws.getCell(r, 2).value).toBe(name);
      expect(ws.getCell(r, rankCol).value).toBe(res.rank);
      expect(ws.getCell(r, bandCol).value).not.toBe('');
      // each criterion: the reviewed score, else the unit's own
      const entries = y.sheets.find((s) => s.agencyId === res.agencyId)!.entries;
      criteriaInOrder.forEach((c, k) => {
        const e = entries.find((x) => x.criterionId === c.id);
        const centi = e ? (e.reviewedCenti ?? e.selfCenti) : null;
        expect(ws.getCell(r, critCols[k]).value, `${name} ${c.code}`).toBe(centi === null ? null : centi / 100);
      });
      // formulas with cached results equal to the frozen results, and recomputing to them
      for (const [c, centi] of [[baseCol, res.baseCenti], [bonusCol, res.bonusCenti], [dedCol, res.deductionCenti], [totalCol, res.totalCenti]] as const) {
        const address = ws.getCell(r, c).address;
        expect(raw.get(address)?.f, `${name} ${address}`).toMatch(/^ROUND\(/);
        expect(Number(raw.get(address)?.v), `${name} ${address}`).toBe(centi / 100);
        expect(evaluate(ws, address)).toBeCloseTo(centi / 100, 9);
      }
      expect((ws.getCell(r, totalCol).value as ExcelJS.CellFormulaValue).formula).toMatch(/^ROUND\([A-Z]+\d+\+[A-Z]+\d+-[A-Z]+\d+,2\)$/);
      // …and what the scores page writes
      expect(formatPoints(res.totalCenti)).toBe(pageTotals.get(name));
      // the group subtotals add up to the base
      const subtotals = rowOf(ws, 4).flatMap((v, k) => (typeof v === 'string' && v.startsWith('Cộng') ? [evaluate(ws, ws.getCell(r, k + 1).address)] : []));
      expect(subtotals).toHaveLength(y.table.groups.filter((g) => g.criteria.some((c) => c.kind === 'NORMAL')).length);
      expect(subtotals.reduce((s, x) => s + x, 0)).toBeCloseTo(res.baseCenti / 100, 9);
      // numbers are numbers, in the General format
      expect(ws.getCell(r, critCols[0]).type).toBe(ExcelJS.ValueType.Number);
      expect(ws.getCell(r, critCols[0]).numFmt ?? 'General').toBe('General');
      expect(ws.getCell(r, totalCol).numFmt ?? 'General').toBe('General');
    });
  });

  it('the self-scores sheet recomputes to the self totals', async () => {
    const { wb } = await download(board, '/documents/scoreboard.xlsx?period=YEAR_END');
    const ws = wb.getWorksheet('Điểm tự chấm')!;
    const totalCol = rowOf(ws, 3).indexOf('Tổng điểm') + 1;
    const criteria = y.table.groups.flatMap((g) => g.criteria);
    const nameOf = new Map(y.members.map((m) => [m.agencyVersion.name, m.agencyId]));
    for (let r = 5; typeof ws.getCell(r, 1).value === 'number'; r++) {
      const agencyId = nameOf.get(String(ws.getCell(r, 2).value))!;
      const entries = y.sheets.find((s) => s.agencyId === agencyId)!.entries;
      const self = sheetTotals(criteria, entries).self.totalCenti;
      expect(evaluate(ws, ws.getCell(r, totalCol).address)).toBeCloseTo(self / 100, 9);
    }
  });

  it('the criteria sheet: the table group by group, each group\'s maximum, the base of 100', async () => {
    const { wb } = await download(board, '/documents/scoreboard.xlsx?period=YEAR_END');
    const ws = wb.getWorksheet('Tiêu chí')!;
    const names: string[] = [];
    for (let r = 4; r <= ws.rowCount; r++) if (typeof ws.getCell(r, 3).value === 'string' && !ws.getCell(r, 3).isMerged) names.push(String(ws.getCell(r, 3).value));
    expect(names).toEqual(y.table.groups.flatMap((g) => g.criteria.map((c) => c.name)));
    const last = ws.getCell(ws.rowCount, 5);
    expect((last.value as ExcelJS.CellFormulaValue).result).toBe(100);
    expect(evaluate(ws, last.address)).toBe(100);
    // rows are as tall as their wrapped names: the longest name has the tallest row
    const rowOfName = (n: string) => Array.from({ length: ws.rowCount }, (_, i) => i + 1).find((r) => ws.getCell(r, 3).value === n)!;
    const sorted = [...names].sort((a, b) => a.length - b.length);
    expect(ws.getRow(rowOfName(sorted.at(-1)!)).height).toBeGreaterThan(ws.getRow(rowOfName(sorted[0])).height);
  });

  it('print set-up on every sheet: landscape, A3 for the wide tables and A4 for the criteria, fitted to the width, headers repeated; frozen headers', async () => {
    const { wb } = await download(board, '/documents/scoreboard.xlsx?period=YEAR_END');
    const [main, self, crit] = wb.worksheets;
    for (const ws of wb.worksheets) {
      expect(ws.pageSetup, ws.name).toMatchObject({ orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
      expect(ws.pageSetup.margins).toMatchObject({ left: 0.4, right: 0.4, top: 0.6, bottom: 0.6 });
      expect(ws.headerFooter.oddFooter).toContain('Trang &P/&N');
      expect(ws.views[0].state).toBe('frozen');
    }
    // 17 criteria and 4 subtotals: A3 keeps the printed body at 8 pt or more
    expect(main.pageSetup.paperSize).toBe(8);
    expect(self.pageSetup.paperSize).toBe(8);
    expect(crit.pageSetup.paperSize).toBe(9);
    expect(main.pageSetup.printTitlesRow).toBe('3:4');
    expect(crit.pageSetup.printTitlesRow).toBe('3:3');
    expect(main.views[0]).toMatchObject({ xSplit: 2, ySplit: 4 });
    expect(crit.views[0]).toMatchObject({ ySplit: 3 });
    expect(main.getColumn(2).width).toBeGreaterThanOrEqual(30);
  });

  it('mid-year: the title says "Sơ kết 6 tháng"', async () => {
    const { wb } = await download(board, '/documents/scoreboard.xlsx?period=MID_YEAR');
    expect(wb.worksheets[0].getCell('A1').value).toBe(`BẢNG TỔNG HỢP ĐIỂM THI ĐUA — SƠ KẾT 6 THÁNG NĂM ${YEAR}`);
  });

  it('the file name says the kind, the bloc and the year: ASCII, and Vietnamese in filename*', async () => {
    const { res } = await download(board, '/documents/scoreboard.xlsx?period=YEAR_END');
    const cd = String(res.headers['content-disposition']);
    const ascii = /filename="([^"]+)"/.exec(cd)![1];
    expect(ascii).toMatch(/^[A-Za-z0-9._-]+\.xlsx$/);
    expect(ascii).toContain('bang-');
    expect(ascii).toContain('khoi-thi-dua-cac-co-quan-trung-uong-tinh-tay-ninh');
    expect(ascii).toContain(String(YEAR));
    const vietnamese = decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(cd)![1]);
    expect(vietnamese).toMatch(/^Bảng /);
    expect(vietnamese).toContain(BLOC);
    expect(vietnamese).toContain(String(YEAR));
    expect(vietnamese).toMatch(/\.xlsx$/);
    const rk = await download(board, '/documents/ranking.xlsx?period=MID_YEAR');
    const rkName = decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(String(rk.res.headers['content-disposition']))![1]);
    expect(rkName).toContain('xếp hạng');
    expect(rkName).toContain('6 tháng');
    expect(rkName).not.toBe(vietnamese);
  });

  it('a unit or criterion name starting with = + - @ stays text (Text format, quote prefix, a shared string)', async () => {
    const m = y.members[0];
    const crit = y.table.groups[0].criteria[0];
    const evil = '=HYPERLINK("http://example.invalid","Bấm vào đây")';
    await t.db.agencyVersion.update({ where: { id: m.agencyVersion.id }, data: { name: evil } });
    // the ranking keeps the name frozen with the results
    const frozen = y.review.results.find((x) => x.agencyId === m.agencyId)!;
    await t.db.reviewResult.update({ where: { id: frozen.id }, data: { agencyName: evil } });
    await t.db.criterion.update({ where: { id: crit.id }, data: { name: '+SUM(1,2)', code: '@1' } });
    try {
      const { wb, body } = await download(board, '/documents/scoreboard.xlsx?period=YEAR_END');
      const ws = wb.worksheets[0];
      const r = Array.from({ length: ws.rowCount }, (_, i) => i + 1).find((i) => ws.getCell(i, 2).value === evil)!;
      expect(r).toBeGreaterThanOrEqual(5);
      const cell = ws.getCell(r, 2);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.numFmt).toBe('@');
      const raw = await styleOf(body, 'xl/worksheets/sheet1.xml', cell.address);
      expect(raw.cellType).toBe('s');
      expect(raw.xf).toMatch(/numFmtId="49"/);
      expect(raw.xf).toMatch(/quotePrefix="1"/);
      expect(ws.getCell('C4').value).toBe('@1\n(20)');
      const critSheet = wb.getWorksheet('Tiêu chí')!;
      const cr = Array.from({ length: critSheet.rowCount }, (_, i) => i + 1).find((i) => critSheet.getCell(i, 3).value === '+SUM(1,2)')!;
      expect(critSheet.getCell(cr, 3).type).toBe(ExcelJS.ValueType.String);
      expect((await styleOf(body, 'xl/worksheets/sheet3.xml', `C${cr}`)).xf).toMatch(/quotePrefix="1"/);
      const rk = await download(board, '/documents/ranking.xlsx?period=YEAR_END');
      const rws = rk.wb.worksheets[0];
      const rr = Array.from({ length: rws.rowCount }, (_, i) => i + 1).find((i) => rws.getCell(i, 2).value === evil)!;
      expect((await styleOf(rk.body, 'xl/worksheets/sheet1.xml', `B${rr}`)).xf).toMatch(/quotePrefix="1"/);
    } finally {
      await t.db.agencyVersion.update({ where: { id: m.agencyVersion.id }, data: { name: m.agencyVersion.name } });
      await t.db.reviewResult.update({ where: { id: frozen.id }, data: { agencyName: frozen.agencyName } });
      await t.db.criterion.update({ where: { id: crit.id }, data: { name: crit.name, code: crit.code } });
    }
  });
});

describe(`ranking.xlsx of ${BLOC} ${YEAR} (closed)`, () => {
  it('rank order, totals as formulas of their parts equal to the frozen results, print set-up', async () => {
    const { wb, body } = await download(board, '/documents/ranking.xlsx?period=YEAR_END');
    const raw = await rawSheet(body, 'xl/worksheets/sheet1.xml');
    const ws = wb.worksheets[0];
    expect(ws.getCell('A1').value).toBe(`BẢNG XẾP HẠNG THI ĐUA — TỔNG KẾT NĂM ${YEAR}`);
    expect(ws.getCell('A2').value).toBe(BLOC);
    const nameOf = new Map(y.members.map((m) => [m.agencyId, m.agencyVersion.name]));
    [...y.review.results].sort((a, b) => a.rank - b.rank).forEach((res, i) => {
      const r = 4 + i;
      expect(rowOf(ws, r).slice(0, 5)).toEqual([res.rank, nameOf.get(res.agencyId), res.baseCenti / 100, res.bonusCenti / 100, res.deductionCenti / 100]);
      expect(raw.get(`F${r}`)).toMatchObject({ f: `ROUND(C${r}+D${r}-E${r},2)`, v: String(res.totalCenti / 100) });
      expect(evaluate(ws, `F${r}`)).toBeCloseTo(res.totalCenti / 100, 9);
    });
    expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '3:3' });
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
  });
});
