// Excel workbooks of the scores. Points are numeric cells (centi / 100) with a number format, so
// Excel shows them with the reader's separators (97,50 in a Vietnamese locale) and can sum them;
// ranks are integers and bands text.
import ExcelJS from 'exceljs';
import { formatPoints } from '../i18n/format';
import type { RankingSheetData, ScoreboardData } from './types';

/** number format of points: two decimals, thousands grouped */
export const POINTS_FORMAT = '#,##0.00';
export const RANK_FORMAT = '0';

const THIN: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FF000000' } };
const BOX: Partial<ExcelJS.Borders> = { top: THIN, bottom: THIN, left: THIN, right: THIN };
const HEAD_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7E6E6' } };
const FONT = 'Times New Roman';

const points = (centi: number | null | undefined): number | null => (centi === null || centi === undefined ? null : centi / 100);

function newWorkbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Cổng thông tin khối thi đua';
  return wb;
}

/** Title and subtitle rows merged across the table's width. */
function titleRows(ws: ExcelJS.Worksheet, width: number, title: string, subtitle: string): void {
  ws.mergeCells(1, 1, 1, width);
  ws.mergeCells(2, 1, 2, width);
  const t = ws.getCell(1, 1);
  t.value = title;
  t.font = { name: FONT, bold: true, size: 14 };
  t.alignment = { horizontal: 'center', vertical: 'middle' };
  const s = ws.getCell(2, 1);
  s.value = subtitle;
  s.font = { name: FONT, italic: true, size: 12 };
  s.alignment = { horizontal: 'center', vertical: 'middle' };
  ws.getRow(1).height = 22;
}

function styleHead(cell: ExcelJS.Cell): void {
  cell.font = { name: FONT, bold: true, size: 11 };
  cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  cell.fill = HEAD_FILL;
  cell.border = BOX;
}

function styleBody(cell: ExcelJS.Cell, numFmt?: string, horizontal: 'left' | 'center' | 'right' = 'left'): void {
  cell.font = { name: FONT, size: 11 };
  cell.border = BOX;
  cell.alignment = { horizontal, vertical: 'middle', wrapText: horizontal === 'left' };
  if (numFmt) cell.numFmt = numFmt;
}

const KIND_LABEL = { NORMAL: 'Chấm điểm', BONUS: 'Điểm cộng', DEDUCTION: 'Điểm trừ' } as const;

function criterionHeader(c: ScoreboardData['criteria'][number]): string {
  const max = formatPoints(c.maxCenti);
  const limit = c.kind === 'BONUS' ? `cộng tối đa ${max}` : c.kind === 'DEDUCTION' ? `trừ tối đa ${max}` : `tối đa ${max}`;
  return `${c.code}. ${c.name} (${limit})`;
}

/** Every unit × criterion with the self and the reviewed score, then the sums, rank and band. */
export async function scoreboardXlsx(d: ScoreboardData): Promise<Buffer> {
  const wb = newWorkbook();
  const ws = wb.addWorksheet('Bảng tổng hợp điểm', {
    // header rows and the unit names stay visible while scrolling
    views: [{ state: 'frozen', xSplit: 2, ySplit: 4 }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '3:4' },
  });
  const nCrit = d.criteria.length;
  const firstSum = 3 + 2 * nCrit;
  const tail = ['Điểm chuẩn', 'Điểm cộng', 'Điểm trừ', 'Tổng điểm', 'Hạng', 'Xếp loại'];
  const width = firstSum + tail.length - 1;
  titleRows(ws, width, 'BẢNG TỔNG HỢP ĐIỂM THI ĐUA', `${d.blocName} — ${d.periodLabel} năm ${d.year}`);

  // Two header rows: the criterion over its "Tự chấm" / "Thẩm định" pair; the rest span both.
  const single = (col: number, text: string) => {
    ws.mergeCells(3, col, 4, col);
    ws.getCell(3, col).value = text;
  };
  single(1, 'STT');
  single(2, 'Đơn vị');
  d.criteria.forEach((c, i) => {
    const col = 3 + 2 * i;
    ws.mergeCells(3, col, 3, col + 1);
    ws.getCell(3, col).value = criterionHeader(c);
    ws.getCell(4, col).value = 'Tự chấm';
    ws.getCell(4, col + 1).value = 'Thẩm định';
  });
  tail.forEach((t, i) => single(firstSum + i, t));
  for (let r = 3; r <= 4; r++) for (let c = 1; c <= width; c++) styleHead(ws.getCell(r, c));
  ws.getRow(3).height = 60;
  ws.getRow(4).height = 18;

  d.units.forEach((u, i) => {
    const row = ws.getRow(5 + i);
    row.getCell(1).value = i + 1;
    styleBody(row.getCell(1), RANK_FORMAT, 'center');
    row.getCell(2).value = u.name;
    styleBody(row.getCell(2));
    for (let k = 0; k < nCrit; k++) {
      const self = row.getCell(3 + 2 * k);
      const reviewed = row.getCell(4 + 2 * k);
      self.value = points(u.self[k]);
      reviewed.value = points(u.reviewed[k]);
      styleBody(self, POINTS_FORMAT, 'right');
      styleBody(reviewed, POINTS_FORMAT, 'right');
    }
    [u.baseCenti, u.bonusCenti, u.deductionCenti, u.totalCenti].forEach((v, j) => {
      const cell = row.getCell(firstSum + j);
      cell.value = points(v);
      styleBody(cell, POINTS_FORMAT, 'right');
    });
    const total = row.getCell(firstSum + 3);
    total.font = { name: FONT, size: 11, bold: true };
    const rank = row.getCell(firstSum + 4);
    rank.value = u.rank;
    styleBody(rank, RANK_FORMAT, 'center');
    const band = row.getCell(firstSum + 5);
    band.value = u.band;
    styleBody(band, undefined, 'center');
  });

  if (d.note) {
    const at = 5 + d.units.length + 1;
    ws.mergeCells(at, 1, at, width);
    const cell = ws.getCell(at, 1);
    cell.value = d.note;
    cell.font = { name: FONT, italic: true, size: 11 };
    cell.alignment = { horizontal: 'left', vertical: 'middle', wrapText: true };
  }

  ws.getColumn(1).width = 6;
  ws.getColumn(2).width = 36;
  for (let c = 3; c < firstSum; c++) ws.getColumn(c).width = 11;
  for (let j = 0; j < 4; j++) ws.getColumn(firstSum + j).width = 12;
  ws.getColumn(firstSum + 4).width = 8;
  ws.getColumn(firstSum + 5).width = 14;

  criteriaSheet(wb, d);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The criteria with their full names, kind and maximum, for reading the scoreboard's columns. */
function criteriaSheet(wb: ExcelJS.Workbook, d: ScoreboardData): void {
  const ws = wb.addWorksheet('Tiêu chí', { views: [{ state: 'frozen', ySplit: 3 }] });
  titleRows(ws, 5, 'DANH MỤC TIÊU CHÍ CHẤM ĐIỂM', `${d.blocName} — ${d.periodLabel} năm ${d.year}`);
  ['STT', 'Mã', 'Tiêu chí', 'Loại', 'Điểm tối đa'].forEach((h, i) => {
    const cell = ws.getCell(3, i + 1);
    cell.value = h;
    styleHead(cell);
  });
  d.criteria.forEach((c, i) => {
    const row = ws.getRow(4 + i);
    const values: [ExcelJS.CellValue, string | undefined, 'left' | 'center' | 'right'][] = [
      [i + 1, RANK_FORMAT, 'center'],
      [c.code, undefined, 'center'],
      [c.name, undefined, 'left'],
      [KIND_LABEL[c.kind], undefined, 'center'],
      [points(c.maxCenti), POINTS_FORMAT, 'right'],
    ];
    values.forEach(([v, fmt, align], j) => {
      row.getCell(j + 1).value = v;
      styleBody(row.getCell(j + 1), fmt, align);
    });
  });
  [6, 8, 60, 14, 12].forEach((w, i) => (ws.getColumn(i + 1).width = w));
}

export async function rankingXlsx(d: RankingSheetData): Promise<Buffer> {
  const wb = newWorkbook();
  const ws = wb.addWorksheet('Bảng xếp hạng', {
    views: [{ state: 'frozen', ySplit: 3 }],
    pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '3:3' },
  });
  const heads = ['Hạng', 'Đơn vị', 'Điểm chuẩn', 'Điểm cộng', 'Điểm trừ', 'Tổng điểm', 'Xếp loại'];
  titleRows(ws, heads.length, 'BẢNG XẾP HẠNG THI ĐUA', `${d.blocName} — ${d.periodLabel} năm ${d.year}`);
  heads.forEach((h, i) => {
    const cell = ws.getCell(3, i + 1);
    cell.value = h;
    styleHead(cell);
  });
  ws.getRow(3).height = 20;
  d.rows.forEach((r, i) => {
    const row = ws.getRow(4 + i);
    const cells: [ExcelJS.CellValue, string | undefined, 'left' | 'center' | 'right'][] = [
      [r.rank, RANK_FORMAT, 'center'],
      [r.name, undefined, 'left'],
      [points(r.baseCenti), POINTS_FORMAT, 'right'],
      [points(r.bonusCenti), POINTS_FORMAT, 'right'],
      [points(r.deductionCenti), POINTS_FORMAT, 'right'],
      [points(r.totalCenti), POINTS_FORMAT, 'right'],
      [r.band, undefined, 'center'],
    ];
    cells.forEach(([v, fmt, align], j) => {
      row.getCell(j + 1).value = v;
      styleBody(row.getCell(j + 1), fmt, align);
    });
    row.getCell(6).font = { name: FONT, size: 11, bold: true };
  });
  [8, 40, 13, 12, 12, 13, 14].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
