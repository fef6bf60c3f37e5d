// The score workbooks without a database: table order and subtotals, formulas that evaluate to the
// stored totals, rows the reader may not see, print set-up, Text cells, file names.
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { choosePaper, periodTitle, rankingXlsx, scoreboardXlsx, tableGroups, wrappedLines } from '../../src/documents/xlsx';
import type { ScoreboardData } from '../../src/documents/types';
import { evaluate, loadXlsx, rowOf, styleOf } from '../support/xlsx-read';

const BLOC = 'Khối thi đua các Cơ quan Trung ương tỉnh Tây Ninh';
const g1 = { code: 'I', name: 'Thực hiện nhiệm vụ chuyên môn', sortOrder: 1 };
const g2 = { code: 'II', name: 'Công tác xây dựng Đảng, đoàn thể', sortOrder: 2 };
const g3 = { code: 'III', name: 'Điểm thưởng, điểm trừ', sortOrder: 3 };

// as the database lists them (sortOrder, then id): the groups interleaved
const criteria: ScoreboardData['criteria'] = [
  { code: '1.1', name: 'Hoàn thành chỉ tiêu', kind: 'NORMAL', maxCenti: 6000, sortOrder: 1, group: g1 },
  { code: '2.1', name: 'Tổ chức đảng', kind: 'NORMAL', maxCenti: 2000, sortOrder: 1, group: g2 },
  { code: 'T1', name: 'Cờ thi đua của Chính phủ', kind: 'BONUS', maxCenti: 500, sortOrder: 1, group: g3 },
  { code: '1.2', name: 'Tiến độ nhiệm vụ', kind: 'NORMAL', maxCenti: 2000, sortOrder: 2, group: g1 },
  { code: 'D1', name: 'Nộp báo cáo chậm', kind: 'DEDUCTION', maxCenti: 300, sortOrder: 2, group: g3 },
];

const data: ScoreboardData = {
  blocName: BLOC,
  provinceName: 'Tây Ninh',
  year: 2019,
  period: 'YEAR_END',
  periodLabel: 'Cả năm',
  criteria,
  note: 'Ghi chú của bảng điểm.',
  units: [
    // reviewed 1.1 lower than self; the other criteria agreed (reviewed null → self counts)
    { name: 'Cục Thuế tỉnh Tây Ninh', rank: 1, band: 'Xuất sắc', self: [5900, 1950, 500, 1950, 100], reviewed: [5850, null, null, null, null], baseCenti: 9750, bonusCenti: 500, deductionCenti: 100, totalCenti: 10150 },
    // hidden from the reader: no criterion, the ranking's numbers
    { name: '=HYPERLINK("http://x.invalid","Kho bạc")', rank: 2, band: 'Tốt', self: [null, null, null, null, null], reviewed: [null, null, null, null, null], baseCenti: 9000, bonusCenti: 0, deductionCenti: 50, totalCenti: 8950 },
    // not scored yet
    { name: 'Bảo hiểm xã hội tỉnh', rank: null, band: '', self: [null, null, null, null, null], reviewed: [null, null, null, null, null], baseCenti: null, bonusCenti: null, deductionCenti: null, totalCenti: null },
  ],
};

describe('tableGroups', () => {
  it('orders the criteria group by group, then by sortOrder, keeping each one\'s index in the data', () => {
    const gs = tableGroups(criteria);
    expect(gs.map((g) => g.code)).toEqual(['I', 'II', 'III']);
    expect(gs.flatMap((g) => g.criteria.map((c) => `${c.code}@${c.index}`))).toEqual(['1.1@0', '1.2@3', '2.1@1', 'T1@2', 'D1@4']);
  });
  it('without groups: one unnamed group in the data\'s order', () => {
    const gs = tableGroups(criteria.map(({ group: _g, ...c }) => c));
    expect(gs).toHaveLength(1);
    expect(gs[0].code).toBe('');
    expect(gs[0].criteria.map((c) => c.code)).toEqual(['1.1', '2.1', 'T1', '1.2', 'D1']);
  });
});

describe('scoreboardXlsx', () => {
  it('criteria in table order with group subtotals; sums are formulas evaluating to the stored totals', async () => {
    const wb = await loadXlsx(await scoreboardXlsx(data));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Bảng tổng hợp điểm', 'Điểm tự chấm', 'Tiêu chí']);
    const ws = wb.getWorksheet('Bảng tổng hợp điểm')!;
    expect(ws.getCell('A1').value).toBe('BẢNG TỔNG HỢP ĐIỂM THI ĐUA — TỔNG KẾT NĂM 2019');
    // the bloc's name already says the province
    expect(ws.getCell('A2').value).toBe(BLOC);
    expect(rowOf(ws, 4).slice(2, 9)).toEqual(['1.1\n(60)', '1.2\n(20)', 'Cộng I\n(80)', '2.1\n(20)', 'Cộng II\n(20)', 'T1\n(+5)', 'D1\n(−3)']);
    expect(rowOf(ws, 3).slice(0, 3)).toEqual(['STT', 'Đơn vị', 'I. Thực hiện nhiệm vụ chuyên môn']);
    expect(ws.getCell('F3').value).toBe('II. Công tác xây dựng Đảng, đoàn thể');
    expect(ws.getCell('H3').value).toBe('III. Điểm thưởng, điểm trừ');
    expect(ws.getCell('C3').isMerged && ws.getCell('E3').master.address).toBe('C3');
    expect(rowOf(ws, 3).slice(9)).toEqual(['Điểm chuẩn', 'Điểm cộng', 'Điểm trừ', 'Tổng điểm', 'Hạng', 'Xếp loại']);

    // row 5: Cục Thuế — reviewed 58,5 counts for 1.1, self for the rest
    expect(rowOf(ws, 5).slice(0, 4)).toEqual([1, 'Cục Thuế tỉnh Tây Ninh', 58.5, 19.5]);
    expect(ws.getCell('E5').value).toEqual({ formula: 'ROUND(SUM(C5:D5),2)', result: 78 });
    expect(ws.getCell('G5').value).toEqual({ formula: 'ROUND(SUM(F5),2)', result: 19.5 });
    expect(ws.getCell('J5').value).toEqual({ formula: 'ROUND(SUM(E5,G5),2)', result: 97.5 });
    expect(ws.getCell('K5').value).toEqual({ formula: 'ROUND(SUM(H5),2)', result: 5 });
    expect(ws.getCell('L5').value).toEqual({ formula: 'ROUND(SUM(I5),2)', result: 1 });
    expect(ws.getCell('M5').value).toEqual({ formula: 'ROUND(J5+K5-L5,2)', result: 101.5 });
    for (const a of ['E5', 'G5', 'J5', 'K5', 'L5', 'M5']) {
      const v = ws.getCell(a).value as ExcelJS.CellFormulaValue;
      expect(evaluate(ws, a), a).toBeCloseTo(v.result as number, 9);
    }
    expect(ws.getCell('N5').value).toBe(1);
    expect(ws.getCell('O5').value).toBe('Xuất sắc');

    // row 6: the reader may not see its criteria: blank, the ranking's numbers, the total still a formula
    expect(rowOf(ws, 6).slice(2, 9)).toEqual([null, null, null, null, null, null, null]);
    expect([ws.getCell('J6').value, ws.getCell('K6').value, ws.getCell('L6').value]).toEqual([90, 0, 0.5]);
    expect(ws.getCell('M6').value).toEqual({ formula: 'ROUND(J6+K6-L6,2)', result: 89.5 });
    expect(evaluate(ws, 'M6')).toBe(89.5);
    // row 7: nothing yet
    expect(rowOf(ws, 7).slice(2)).toEqual([null, null, null, null, null, null, null, null, null, null, null, null, '']);

    // points are plain numbers in the General format (98,5 and 1 as the pages write them)
    expect(ws.getCell('C5').type).toBe(ExcelJS.ValueType.Number);
    expect(ws.getCell('C5').numFmt ?? 'General').toBe('General');
    expect(ws.getCell('N5').numFmt).toBe('0');

    // notes under the table
    expect(ws.getCell('A9').value).toContain('Tổng điểm = Điểm chuẩn + Điểm cộng − Điểm trừ');
    expect(ws.getCell('A10').value).toBe('Ghi chú của bảng điểm.');
  });

  it('the self scores sheet sums the self scores', async () => {
    const ws = (await loadXlsx(await scoreboardXlsx(data))).getWorksheet('Điểm tự chấm')!;
    expect(ws.getCell('A1').value).toBe('BẢNG ĐIỂM TỰ CHẤM CỦA CÁC ĐƠN VỊ — TỔNG KẾT NĂM 2019');
    expect(rowOf(ws, 5).slice(2, 4)).toEqual([59, 19.5]);
    // 59 + 19,5 + 19,5 + 5 − 1
    expect((ws.getCell('M5').value as ExcelJS.CellFormulaValue).result).toBe(102);
    expect(evaluate(ws, 'M5')).toBe(102);
    expect(ws.getCell('M6').value).toBeNull();
    expect(ws.getCell('N3').value).toBeNull(); // no rank or band here
  });

  it('the criteria sheet lists the groups with their maxima and the table\'s base', async () => {
    const ws = (await loadXlsx(await scoreboardXlsx(data))).getWorksheet('Tiêu chí')!;
    expect(rowOf(ws, 3)).toEqual(['STT', 'Mã', 'Tiêu chí', 'Loại', 'Điểm tối đa']);
    const col = (c: number) => Array.from({ length: 8 }, (_, i) => ws.getCell(4 + i, c).value);
    expect(col(2)).toEqual(['Thực hiện nhiệm vụ chuyên môn', '1.1', '1.2', 'Công tác xây dựng Đảng, đoàn thể', '2.1', 'Điểm thưởng, điểm trừ', 'T1', 'D1']);
    expect(ws.getCell('E4').value).toEqual({ formula: 'SUM(E5,E6)', result: 80 });
    expect(ws.getCell('E9').value).toBeNull();
    expect(ws.getCell('E12').value).toEqual({ formula: 'SUM(E4,E7)', result: 100 });
    expect(evaluate(ws, 'E12')).toBe(100);
  });

  it('without groups in the data: criteria as given, no subtotal, base = the scored criteria', async () => {
    const ws = (await loadXlsx(await scoreboardXlsx({ ...data, criteria: criteria.map(({ group: _g, ...c }) => c) }))).worksheets[0];
    expect(rowOf(ws, 4).slice(2, 7)).toEqual(['1.1\n(60)', '2.1\n(20)', 'T1\n(+5)', '1.2\n(20)', 'D1\n(−3)']);
    expect(ws.getCell('H5').value).toEqual({ formula: 'ROUND(SUM(C5:D5,F5),2)', result: 97.5 });
    expect(evaluate(ws, 'K5')).toBe(101.5);
  });

  it('a row whose cells do not make the stored numbers keeps the stored numbers as values', async () => {
    const odd = { ...data, units: [{ ...data.units[0], baseCenti: 9700, totalCenti: 10100 }] };
    const ws = (await loadXlsx(await scoreboardXlsx(odd))).worksheets[0];
    expect(ws.getCell('J5').value).toBe(97);
    expect(ws.getCell('M5').value).toEqual({ formula: 'ROUND(J5+K5-L5,2)', result: 101 });
  });

  it('print set-up on every sheet, frozen headers, row heights for wrapped names', async () => {
    const wb = await loadXlsx(await scoreboardXlsx(data));
    for (const ws of wb.worksheets) {
      expect(ws.pageSetup, ws.name).toMatchObject({ orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
      expect(ws.pageSetup.margins).toMatchObject({ left: 0.4, right: 0.4 });
      expect(ws.headerFooter.oddFooter).toContain('Trang &P/&N');
      expect(ws.views[0].state).toBe('frozen');
    }
    expect(wb.worksheets[0].pageSetup.printTitlesRow).toBe('3:4');
    expect(wb.worksheets[0].views[0]).toMatchObject({ xSplit: 2, ySplit: 4 });
    expect(wb.worksheets[2].pageSetup.printTitlesRow).toBe('3:3');
    // a long name wraps onto more lines than a short one
    expect(wb.worksheets[0].getRow(6).height).toBeGreaterThan(wb.worksheets[0].getRow(7).height);
  });

  it('text cells are Text with the quote prefix: a name starting with = stays text', async () => {
    const buf = await scoreboardXlsx(data);
    const ws = (await loadXlsx(buf)).worksheets[0];
    expect(ws.getCell('B6').value).toBe('=HYPERLINK("http://x.invalid","Kho bạc")');
    expect(ws.getCell('B6').type).toBe(ExcelJS.ValueType.String);
    expect(ws.getCell('B6').numFmt).toBe('@');
    const style = await styleOf(buf, 'xl/worksheets/sheet1.xml', 'B6');
    expect(style.cellType).toBe('s'); // a shared string, not a formula
    expect(style.xf).toMatch(/numFmtId="49"/);
    expect(style.xf).toMatch(/quotePrefix="1"/);
    // the default font is Times New Roman (column widths are counted in its digits)
    const styles = await (await JSZip.loadAsync(buf)).file('xl/styles.xml')!.async('string');
    expect(styles).toMatch(/<fonts[^>]*><font><sz val="11"\/><name val="Times New Roman"\/>/);
  });

  it('mid-year title; the province when the bloc\'s name does not say it', async () => {
    const ws = (await loadXlsx(await scoreboardXlsx({ ...data, blocName: 'Khối thi đua số 3', period: 'MID_YEAR', periodLabel: '6 tháng đầu năm' }))).worksheets[0];
    expect(ws.getCell('A1').value).toBe('BẢNG TỔNG HỢP ĐIỂM THI ĐUA — SƠ KẾT 6 THÁNG NĂM 2019');
    expect(ws.getCell('A2').value).toBe('Khối thi đua số 3 (Tây Ninh)');
    // without the period key, from the label
    const old = (await loadXlsx(await scoreboardXlsx({ ...data, period: undefined, periodLabel: '6 tháng đầu năm' }))).worksheets[0];
    expect(old.getCell('A1').value).toBe('BẢNG TỔNG HỢP ĐIỂM THI ĐUA — SƠ KẾT 6 THÁNG NĂM 2019');
  });
});

describe('rankingXlsx', () => {
  it('rank order, total as a formula of its parts, print set-up', async () => {
    const rows = [
      { rank: 1, name: 'Cục Thuế tỉnh Tây Ninh', baseCenti: 9750, bonusCenti: 500, deductionCenti: 100, totalCenti: 10150, band: 'Xuất sắc' },
      { rank: 2, name: '+Kho bạc', baseCenti: 9000, bonusCenti: 0, deductionCenti: 0, totalCenti: 9000, band: 'Tốt' },
    ];
    const buf = await rankingXlsx({ blocName: BLOC, year: 2019, period: 'YEAR_END', periodLabel: 'Cả năm', rows });
    const ws = (await loadXlsx(buf)).worksheets[0];
    expect(ws.getCell('A1').value).toBe('BẢNG XẾP HẠNG THI ĐUA — TỔNG KẾT NĂM 2019');
    expect(rowOf(ws, 3)).toEqual(['Hạng', 'Đơn vị', 'Điểm chuẩn', 'Điểm cộng', 'Điểm trừ', 'Tổng điểm', 'Xếp loại']);
    expect(rowOf(ws, 4).slice(0, 5)).toEqual([1, 'Cục Thuế tỉnh Tây Ninh', 97.5, 5, 1]);
    expect(ws.getCell('F4').value).toEqual({ formula: 'ROUND(C4+D4-E4,2)', result: 101.5 });
    expect(evaluate(ws, 'F5')).toBe(90);
    expect(ws.getCell('B5').numFmt).toBe('@');
    expect((await styleOf(buf, 'xl/worksheets/sheet1.xml', 'B5')).xf).toMatch(/quotePrefix="1"/);
    expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '3:3' });
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
  });
});

describe('print set-up and titles', () => {
  it('A4 while the fitted body stays at 8 pt or more, else A3, else several pages wide', () => {
    expect(choosePaper([6, 44, 12, 12, 12, 12, 14])).toMatchObject({ paperSize: 9, fitToWidth: 1, printedPt: 11 });
    // the demo table: 17 criteria, 4 subtotals
    const demo = [5, 32, ...Array(17).fill(7), ...Array(4).fill(9), 9, 9, 9, 9, 6, 11];
    const p = choosePaper(demo);
    expect(p).toMatchObject({ paperSize: 8, fitToWidth: 1 });
    expect(p.printedPt).toBeGreaterThanOrEqual(8);
    expect(choosePaper(demo.slice(0, 20)).paperSize).toBe(9);
    const huge = choosePaper([5, 32, ...Array(60).fill(7)]);
    expect(huge.paperSize).toBe(8);
    expect(huge.fitToWidth).toBe(2);
    expect(huge.printedPt).toBeGreaterThanOrEqual(8);
  });

  it('wrapped lines: more for a narrower cell, one per paragraph at least', () => {
    const name = 'Chi nhánh Ngân hàng Nhà nước Việt Nam tỉnh Tây Ninh';
    expect(wrappedLines(name, 60)).toBe(1);
    expect(wrappedLines(name, 20)).toBeGreaterThan(wrappedLines(name, 32));
    expect(wrappedLines('1.1\n(20)', 7)).toBe(2);
  });

  it('period titles', () => {
    expect(periodTitle({ year: 2022, period: 'MID_YEAR', periodLabel: '' })).toBe('Sơ kết 6 tháng năm 2022');
    expect(periodTitle({ year: 2022, periodLabel: 'Cả năm' })).toBe('Tổng kết năm 2022');
    expect(periodTitle({ year: 2022, periodLabel: '6 tháng đầu năm' })).toBe('Sơ kết 6 tháng năm 2022');
  });
});
