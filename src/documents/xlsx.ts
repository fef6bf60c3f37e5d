// Excel workbooks of the scores, made to be printed and filed as well as worked with:
// - criteria in the table's order (group by group), a subtotal column per group, and the sums as
//   formulas whose cached results are the stored totals (a clerk sees how the total is made and an
//   office suite that recalculates gets the same number);
// - points are numbers in the "General" format: 98,5 and 1 as the pages show them (formatPoints, no
//   trailing zeros), with the reader's decimal separator; the sums are ROUNDed to hundredths so no
//   binary remainder ever shows;
// - every text cell has the Text format ("@") and the quote prefix (what a typed leading ' sets): a
//   name beginning with = + - @ stays text, also when a clerk edits the cell later;
// - every sheet has its print set-up: landscape, A4 or A3 chosen from the table's width so that the
//   11 pt body prints at 8 pt or more when fitted to the page width, header rows repeated, margins,
//   page numbers; row heights are set from the wrapped text so no row overlaps another.
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { formatPoints } from '../i18n/format';
import type { RankingSheetData, ScoreboardData } from './types';

/** Points show as the pages show them: "98,5", "1", "97,25" (no fixed decimals). */
export const POINTS_FORMAT = 'General';
export const RANK_FORMAT = '0';
/** Text cells: what is typed into them later stays text (no formula). */
export const TEXT_FORMAT = '@';

const THIN: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FF000000' } };
const BOX: Partial<ExcelJS.Borders> = { top: THIN, bottom: THIN, left: THIN, right: THIN };
const HEAD_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7E6E6' } };
const SUB_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
const FONT = 'Times New Roman';
/** the table's font size; the print set-up keeps it at MIN_PRINT_PT or more on paper */
const BODY_PT = 11;
const MIN_PRINT_PT = 8;

type Period = 'MID_YEAR' | 'YEAR_END';
type Align = 'left' | 'center' | 'right';
type Criterion = ScoreboardData['criteria'][number];
type Unit = ScoreboardData['units'][number];

const points = (centi: number | null | undefined): number | null => (centi === null || centi === undefined ? null : centi / 100);

function periodOf(d: { period?: Period; periodLabel: string }): Period {
  return d.period ?? (/6 tháng/i.test(d.periodLabel) ? 'MID_YEAR' : 'YEAR_END');
}

/** "Tổng kết năm 2019" / "Sơ kết 6 tháng năm 2019" */
export function periodTitle(d: { period?: Period; periodLabel: string; year: number }): string {
  return periodOf(d) === 'MID_YEAR' ? `Sơ kết 6 tháng năm ${d.year}` : `Tổng kết năm ${d.year}`;
}

/** The bloc, and its province when the bloc's name does not already say it. */
function blocLine(d: { blocName: string; provinceName?: string }): string {
  const p = d.provinceName?.trim();
  return p && !d.blocName.toLocaleLowerCase('vi').includes(p.toLocaleLowerCase('vi')) ? `${d.blocName} (${p})` : d.blocName;
}

// ───────────────────────────── layout helpers ─────────────────────────────

function newWorkbook(title: string): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Cổng thông tin khối thi đua';
  wb.title = title;
  return wb;
}

/**
 * The file, with two things exceljs cannot set:
 * - the default font is Times New Roman 11 instead of Calibri. Column widths are counted in digits
 *   of that font; where Calibri is missing (LibreOffice without Carlito) a wider font stood in,
 *   every column grew by a third and the print shrank below 8 pt. Times New Roman is on Windows and
 *   LibreOffice maps it to Liberation Serif, which it ships, so the widths hold everywhere;
 * - the quote prefix on every Text-format style, Excel's own mark of "typed with a leading '".
 */
async function finish(wb: ExcelJS.Workbook): Promise<Buffer> {
  const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
  const file = zip.file('xl/styles.xml');
  if (!file) throw new Error('exceljs wrote no styles');
  const styles = (await file.async('string'))
    .replace(/<font>.*?<\/font>/, `<font><sz val="${BODY_PT}"/><name val="${FONT}"/><family val="1"/></font>`)
    .replace(/<cellXfs\b.*?<\/cellXfs>/s, (xfs) => xfs.replace(/<xf numFmtId="49"/g, '<xf numFmtId="49" quotePrefix="1"'));
  zip.file('xl/styles.xml', styles);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/**
 * Points of a column width. Excel's unit is the digit of the workbook's default font (Times New Roman
 * 11, see finish): 7 px at 96 dpi in Excel, 7.33 in LibreOffice; 7.5 keeps the estimate on the safe side.
 */
const widthPt = (w: number) => w * 7.5 * 0.75;

/** Lines a text takes in a cell of `width` when wrapped (an estimate erring on the side of more). */
export function wrappedLines(text: string, width: number, fontPt = BODY_PT, bold = false): number {
  const perLine = Math.max(1, Math.floor((widthPt(width) - 6) / (fontPt * (bold ? 0.56 : 0.5))));
  let n = 0;
  for (const para of text.split('\n')) {
    n++;
    let used = 0;
    for (const word of para.split(/\s+/).filter(Boolean)) {
      if (used > 0 && used + 1 + word.length <= perLine) {
        used += 1 + word.length;
        continue;
      }
      if (used > 0) n++;
      used = word.length;
      while (used > perLine) {
        n++;
        used -= perLine;
      }
    }
  }
  return n;
}

const rowHeight = (lines: number, fontPt = BODY_PT) => Math.ceil(lines * fontPt * 1.3 + 4);

/** A text cell: Text format, so that later edits stay text. */
function text(cell: ExcelJS.Cell, value: string, font: Partial<ExcelJS.Font>, horizontal: Align = 'left', wrap = true): void {
  cell.value = value;
  cell.numFmt = TEXT_FORMAT;
  cell.font = { name: FONT, size: BODY_PT, ...font };
  cell.alignment = { horizontal, vertical: 'middle', wrapText: wrap };
}

function head(cell: ExcelJS.Cell, value: string): void {
  text(cell, value, { bold: true }, 'center');
  cell.fill = HEAD_FILL;
  cell.border = BOX;
}

function bodyText(cell: ExcelJS.Cell, value: string, horizontal: Align = 'left'): void {
  text(cell, value, {}, horizontal);
  cell.border = BOX;
}

function bodyNumber(cell: ExcelJS.Cell, value: ExcelJS.CellValue, numFmt: string, bold = false): void {
  cell.value = value;
  cell.numFmt = numFmt;
  cell.font = { name: FONT, size: BODY_PT, bold };
  cell.alignment = { horizontal: numFmt === RANK_FORMAT ? 'center' : 'right', vertical: 'middle' };
  cell.border = BOX;
}

/** Title (upper case, bold) and the bloc's line, merged across the table. */
function titleRows(ws: ExcelJS.Worksheet, widths: number[], title: string, subtitle: string): void {
  const n = widths.length;
  const total = widths.reduce((s, w) => s + w, 0);
  ws.mergeCells(1, 1, 1, n);
  ws.mergeCells(2, 1, 2, n);
  text(ws.getCell(1, 1), title.toLocaleUpperCase('vi'), { bold: true, size: 14 }, 'center');
  text(ws.getCell(2, 1), subtitle, { italic: true, size: 12 }, 'center');
  ws.getRow(1).height = rowHeight(wrappedLines(title.toLocaleUpperCase('vi'), total, 14, true), 14);
  ws.getRow(2).height = rowHeight(wrappedLines(subtitle, total, 12), 12);
}

/** A note merged across the table under it, tall enough for its wrapped text. */
function noteRow(ws: ExcelJS.Worksheet, at: number, widths: number[], note: string): void {
  ws.mergeCells(at, 1, at, widths.length);
  text(ws.getCell(at, 1), note, { italic: true });
  ws.getRow(at).height = rowHeight(wrappedLines(note, widths.reduce((s, w) => s + w, 0)));
}

const PAPER = { A4: { id: 9, longPt: 842 }, A3: { id: 8, longPt: 1191 } } as const;
const MARGINS = { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 };

export type PrintChoice = { paperSize: 8 | 9; fitToWidth: number; printedPt: number };

/**
 * Landscape A4 when the table fitted to its width keeps the body at MIN_PRINT_PT or more, else A3;
 * a table too wide even for A3 prints over several pages wide (with its name columns repeated).
 */
export function choosePaper(widths: number[], fontPt = BODY_PT): PrintChoice {
  const tablePt = widths.reduce((s, w) => s + widthPt(w), 0);
  const printable = (longPt: number) => longPt - (MARGINS.left + MARGINS.right) * 72;
  // Excel and LibreOffice round the fitted scale down to a whole percent
  const printed = (longPt: number, pages: number) => (fontPt * Math.min(100, Math.floor((100 * pages * printable(longPt)) / tablePt))) / 100;
  if (printed(PAPER.A4.longPt, 1) >= MIN_PRINT_PT) return { paperSize: 9, fitToWidth: 1, printedPt: printed(PAPER.A4.longPt, 1) };
  let pages = 1;
  while (printed(PAPER.A3.longPt, pages) < MIN_PRINT_PT) pages++;
  return { paperSize: 8, fitToWidth: pages, printedPt: printed(PAPER.A3.longPt, pages) };
}

function printSetup(ws: ExcelJS.Worksheet, widths: number[], headerRows: string, footerTitle: string, titleColumns?: string): void {
  const p = choosePaper(widths);
  ws.pageSetup = {
    ...ws.pageSetup,
    // exceljs's PaperSize enum lacks A3 (8), which Excel and LibreOffice read as A3
    paperSize: p.paperSize as ExcelJS.PaperSize,
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: p.fitToWidth,
    fitToHeight: 0,
    printTitlesRow: headerRows,
    ...(p.fitToWidth > 1 && titleColumns ? { printTitlesColumn: titleColumns } : {}),
    horizontalCentered: true,
    margins: MARGINS,
  };
  const escaped = footerTitle.replace(/&/g, '&&');
  ws.headerFooter = { ...ws.headerFooter, oddFooter: `&L&"${FONT},Italic"&10${escaped}&R&"${FONT},Regular"&10Trang &P/&N` };
  widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
}

/** "C5:F5" for a run of adjacent columns, else a list. */
function refs(row: number, cols: number[]): string {
  const sorted = [...cols].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    const a = `${colName(sorted[i])}${row}`;
    parts.push(j > i ? `${a}:${colName(sorted[j])}${row}` : a);
    i = j + 1;
  }
  return parts.join(',');
}

function colName(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** A formula cell with its cached result, or the plain value when there is nothing to sum. */
const formula = (f: string, resultCenti: number): ExcelJS.CellFormulaValue => ({ formula: f, result: resultCenti / 100 });

// ───────────────────────────── criteria in the table's order ─────────────────────────────

type Group = { code: string; name: string; criteria: (Criterion & { index: number })[] };

/**
 * The criteria group by group (group's sortOrder, then the criterion's), each with its index in
 * the data's arrays; one unnamed group when the data does not say the groups.
 */
export function tableGroups(criteria: readonly Criterion[]): Group[] {
  const indexed = criteria.map((c, index) => ({ ...c, index }));
  if (indexed.length === 0) return [];
  if (!indexed.every((c) => c.group)) return [{ code: '', name: '', criteria: indexed }];
  const key = (c: Criterion) => `${c.group!.sortOrder}\u0000${c.group!.code}\u0000${c.group!.name}`;
  const sorted = [...indexed].sort(
    (a, b) => a.group!.sortOrder - b.group!.sortOrder || key(a).localeCompare(key(b)) || (a.sortOrder ?? 0) - (b.sortOrder ?? 0) || a.index - b.index,
  );
  const groups: Group[] = [];
  for (const c of sorted) {
    const last = groups.at(-1);
    if (last && key(last.criteria[0]) === key(c)) last.criteria.push(c);
    else groups.push({ code: c.group!.code, name: c.group!.name, criteria: [c] });
  }
  return groups;
}

const signed = (c: Criterion) => (c.kind === 'BONUS' ? `+${formatPoints(c.maxCenti)}` : c.kind === 'DEDUCTION' ? `−${formatPoints(c.maxCenti)}` : formatPoints(c.maxCenti));
const KIND_LABEL = { NORMAL: 'Chấm điểm', BONUS: 'Điểm cộng', DEDUCTION: 'Điểm trừ' } as const;

type ScoreColumn =
  | { kind: 'criterion'; col: number; c: Criterion & { index: number } }
  | { kind: 'subtotal'; col: number; group: Group; of: number[]; maxCenti: number };

/** Where everything goes on a score sheet. */
type Layout = {
  groups: Group[];
  named: boolean;
  scores: ScoreColumn[];
  base: number;
  bonus: number;
  deduction: number;
  total: number;
  widths: number[];
};

const W = { stt: 5, name: 32, criterion: 7, subtotal: 9, sum: 9, rank: 6, band: 11 };

function layoutOf(criteria: readonly Criterion[], tail: number[]): Layout {
  const groups = tableGroups(criteria);
  const named = groups.length > 0 && groups[0].criteria[0].group !== undefined;
  const scores: ScoreColumn[] = [];
  let col = 3;
  for (const g of groups) {
    const normal: number[] = [];
    for (const c of g.criteria) {
      scores.push({ kind: 'criterion', col, c });
      if (c.kind === 'NORMAL') normal.push(col);
      col++;
    }
    if (named && normal.length) {
      const maxCenti = g.criteria.filter((c) => c.kind === 'NORMAL').reduce((s, c) => s + c.maxCenti, 0);
      scores.push({ kind: 'subtotal', col: col++, group: g, of: normal, maxCenti });
    }
  }
  const widths = [W.stt, W.name, ...scores.map((s) => (s.kind === 'criterion' ? W.criterion : W.subtotal)), W.sum, W.sum, W.sum, W.sum, ...tail];
  return { groups, named, scores, base: col, bonus: col + 1, deduction: col + 2, total: col + 3, widths };
}

const HEAD_TOP = 3;
const HEAD_BOTTOM = 4;
const FIRST_UNIT = 5;

/** The two header rows: groups over their criteria, then each criterion's code and maximum. */
function scoreHeader(ws: ExcelJS.Worksheet, l: Layout, tail: string[]): void {
  const vertical = (col: number, value: string) => {
    ws.mergeCells(HEAD_TOP, col, HEAD_BOTTOM, col);
    head(ws.getCell(HEAD_TOP, col), value);
  };
  vertical(1, 'STT');
  vertical(2, 'Đơn vị');
  let topLines = 1;
  let col = 3;
  for (const g of l.groups) {
    const span = l.scores.filter((s) => (s.kind === 'criterion' ? g.criteria.includes(s.c) : s.group === g)).map((s) => s.col);
    const label = l.named ? `${g.code}. ${g.name}` : 'Tiêu chí chấm điểm (xem mã ở trang Tiêu chí)';
    if (span.length > 1) ws.mergeCells(HEAD_TOP, span[0], HEAD_TOP, span.at(-1)!);
    head(ws.getCell(HEAD_TOP, span[0]), label);
    topLines = Math.max(topLines, wrappedLines(label, span.reduce((s, c) => s + l.widths[c - 1], 0), BODY_PT, true));
    col = span.at(-1)! + 1;
  }
  for (const s of l.scores) {
    head(ws.getCell(HEAD_BOTTOM, s.col), s.kind === 'criterion' ? `${s.c.code}\n(${signed(s.c)})` : `Cộng ${s.group.code}\n(${formatPoints(s.maxCenti)})`);
    if (s.kind === 'subtotal') ws.getCell(HEAD_BOTTOM, s.col).fill = SUB_FILL;
  }
  ['Điểm chuẩn', 'Điểm cộng', 'Điểm trừ', 'Tổng điểm', ...tail].forEach((t, i) => vertical(col + i, t));
  let bottomLines = 2;
  for (let c = 1; c <= l.widths.length; c++) {
    const v = ws.getCell(HEAD_BOTTOM, c).value;
    if (typeof v === 'string') bottomLines = Math.max(bottomLines, wrappedLines(v, l.widths[c - 1], BODY_PT, true));
  }
  ws.getRow(HEAD_TOP).height = rowHeight(topLines);
  ws.getRow(HEAD_BOTTOM).height = rowHeight(bottomLines);
}

type Sums = { baseCenti: number | null; bonusCenti: number | null; deductionCenti: number | null; totalCenti: number | null };

/**
 * One unit's row: criteria, subtotals, and the four sums. A sum is a formula when the row's cells
 * make it (its cached result is the stored number), else the stored number itself — e.g. the
 * ranking total of a unit whose criteria the reader may not see.
 */
function scoreRow(ws: ExcelJS.Worksheet, l: Layout, r: number, n: number, name: string, values: (number | null)[], stored: Sums): void {
  const row = ws.getRow(r);
  bodyNumber(row.getCell(1), n, RANK_FORMAT);
  bodyText(row.getCell(2), name);
  row.height = rowHeight(wrappedLines(name, W.name));
  const any = values.some((v) => v !== null);
  const at = (cols: number[]) => cols.reduce((s, c) => s + (valueAt.get(c) ?? 0), 0);
  const valueAt = new Map<number, number | null>();
  for (const s of l.scores) {
    if (s.kind !== 'criterion') continue;
    valueAt.set(s.col, values[s.c.index] ?? null);
    bodyNumber(row.getCell(s.col), points(values[s.c.index]), POINTS_FORMAT);
  }
  const subtotals = l.scores.filter((s): s is Extract<ScoreColumn, { kind: 'subtotal' }> => s.kind === 'subtotal');
  for (const s of subtotals) {
    const cell = row.getCell(s.col);
    bodyNumber(cell, any ? formula(`ROUND(SUM(${refs(r, s.of)}),2)`, at(s.of)) : null, POINTS_FORMAT, true);
    cell.fill = SUB_FILL;
  }
  const ofKind = (k: Criterion['kind']) => l.scores.filter((s) => s.kind === 'criterion' && s.c.kind === k).map((s) => s.col);
  const normal = ofKind('NORMAL');
  const baseFrom = subtotals.length ? subtotals.map((s) => s.col) : normal;
  const made: Sums = { baseCenti: at(normal), bonusCenti: at(ofKind('BONUS')), deductionCenti: at(ofKind('DEDUCTION')), totalCenti: null };
  const sumCell = (col: number, cols: number[], key: 'baseCenti' | 'bonusCenti' | 'deductionCenti'): number | null => {
    const cell = row.getCell(col);
    if (any && made[key] === stored[key]) {
      bodyNumber(cell, cols.length ? formula(`ROUND(SUM(${refs(r, cols)}),2)`, made[key]!) : 0, POINTS_FORMAT);
      return made[key];
    }
    bodyNumber(cell, points(stored[key]), POINTS_FORMAT);
    return stored[key];
  };
  const base = sumCell(l.base, baseFrom, 'baseCenti');
  const bonus = sumCell(l.bonus, ofKind('BONUS'), 'bonusCenti');
  const deduction = sumCell(l.deduction, ofKind('DEDUCTION'), 'deductionCenti');
  const total = row.getCell(l.total);
  if (base !== null && bonus !== null && deduction !== null && base + bonus - deduction === stored.totalCenti) {
    const [b, p, m] = [l.base, l.bonus, l.deduction].map((c) => `${colName(c)}${r}`);
    bodyNumber(total, formula(`ROUND(${b}+${p}-${m},2)`, stored.totalCenti), POINTS_FORMAT, true);
  } else bodyNumber(total, points(stored.totalCenti), POINTS_FORMAT, true);
}

/** What a row's criteria make, for a sheet with no stored totals (the self scores). */
function sumsOf(criteria: readonly Criterion[], values: (number | null)[]): Sums {
  if (values.every((v) => v === null)) return { baseCenti: null, bonusCenti: null, deductionCenti: null, totalCenti: null };
  const by = (k: Criterion['kind']) => criteria.reduce((s, c, i) => s + (c.kind === k ? (values[i] ?? 0) : 0), 0);
  const [base, bonus, deduction] = [by('NORMAL'), by('BONUS'), by('DEDUCTION')];
  return { baseCenti: base, bonusCenti: bonus, deductionCenti: deduction, totalCenti: base + bonus - deduction };
}

/** The points that count: the bloc's reviewed score, else the unit's own (the bloc agreed with it). */
const counted = (u: Unit) => u.reviewed.map((v, i) => v ?? u.self[i] ?? null);

function scoreSheet(wb: ExcelJS.Workbook, sheetName: string, d: ScoreboardData, kind: 'counted' | 'self'): void {
  const withRank = kind === 'counted';
  const tail = withRank ? ['Hạng', 'Xếp loại'] : [];
  const l = layoutOf(d.criteria, withRank ? [W.rank, W.band] : []);
  const title = `${kind === 'counted' ? 'Bảng tổng hợp điểm thi đua' : 'Bảng điểm tự chấm của các đơn vị'} — ${periodTitle(d)}`;
  const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', xSplit: 2, ySplit: HEAD_BOTTOM, topLeftCell: `C${FIRST_UNIT}` }] });
  titleRows(ws, l.widths, title, blocLine(d));
  scoreHeader(ws, l, tail);
  d.units.forEach((u, i) => {
    const r = FIRST_UNIT + i;
    const values = kind === 'counted' ? counted(u) : u.self;
    scoreRow(ws, l, r, i + 1, u.name, values, kind === 'counted' ? u : sumsOf(d.criteria, values));
    if (withRank) {
      bodyNumber(ws.getCell(r, l.total + 1), u.rank, RANK_FORMAT);
      bodyText(ws.getCell(r, l.total + 2), u.band, 'center');
    }
  });
  const notes = [
    kind === 'counted'
      ? 'Điểm từng tiêu chí là điểm thẩm định; tiêu chí Khối không chấm lại tính theo điểm đơn vị tự chấm. '
      : 'Điểm các đơn vị tự chấm, trước thẩm định. ',
  ];
  notes[0] += l.named
    ? 'Điểm chuẩn = tổng các cột "Cộng"; Tổng điểm = Điểm chuẩn + Điểm cộng − Điểm trừ. Tên đầy đủ của tiêu chí ở trang "Tiêu chí".'
    : 'Tổng điểm = Điểm chuẩn + Điểm cộng − Điểm trừ. Tên đầy đủ của tiêu chí ở trang "Tiêu chí".';
  if (d.note) notes.push(d.note);
  notes.forEach((n, i) => noteRow(ws, FIRST_UNIT + d.units.length + 1 + i, l.widths, n));
  printSetup(ws, l.widths, `${HEAD_TOP}:${HEAD_BOTTOM}`, `${title} — ${d.blocName}`, 'A:B');
}

/** The criteria with their full names, group by group, with each group's and the table's maximum. */
function criteriaSheet(wb: ExcelJS.Workbook, d: ScoreboardData): void {
  const widths = [6, 8, 78, 12, 11];
  const title = `Bảng tiêu chí chấm điểm thi đua — ${periodTitle(d)}`;
  const ws = wb.addWorksheet('Tiêu chí', { views: [{ state: 'frozen', ySplit: 3, topLeftCell: 'A4' }] });
  titleRows(ws, widths, title, blocLine(d));
  ['STT', 'Mã', 'Tiêu chí', 'Loại', 'Điểm tối đa'].forEach((h, i) => head(ws.getCell(3, i + 1), h));
  ws.getRow(3).height = rowHeight(2);
  let r = 4;
  let n = 0;
  const groupSums: number[] = [];
  let normalCenti = 0;
  const groups = tableGroups(d.criteria);
  const named = groups.length > 0 && groups[0].criteria[0].group !== undefined;
  for (const g of groups) {
    let first = r;
    if (named) {
      const gr = r++;
      ws.mergeCells(gr, 2, gr, 4);
      for (let c = 1; c <= 5; c++) {
        ws.getCell(gr, c).border = BOX;
        ws.getCell(gr, c).fill = SUB_FILL;
      }
      text(ws.getCell(gr, 1), g.code, { bold: true }, 'center');
      text(ws.getCell(gr, 2), g.name, { bold: true });
      ws.getRow(gr).height = rowHeight(wrappedLines(g.name, widths[1] + widths[2] + widths[3], BODY_PT, true));
      first = r;
      const normal = g.criteria.filter((c) => c.kind === 'NORMAL');
      const sum = normal.reduce((s, c) => s + c.maxCenti, 0);
      // the group's maximum: the sum of its scored criteria (bonus and deduction limits are not points)
      const rows = g.criteria.map((c, k) => (c.kind === 'NORMAL' ? first + k : 0)).filter(Boolean);
      const cell = ws.getCell(gr, 5);
      bodyNumber(cell, rows.length ? formula(`SUM(${rows.map((x) => `E${x}`).join(',')})`, sum) : null, POINTS_FORMAT, true);
      cell.fill = SUB_FILL;
      if (rows.length) groupSums.push(gr);
    }
    for (const c of g.criteria) {
      const row = ws.getRow(r);
      bodyNumber(row.getCell(1), ++n, RANK_FORMAT);
      bodyText(row.getCell(2), c.code, 'center');
      bodyText(row.getCell(3), c.name);
      bodyText(row.getCell(4), KIND_LABEL[c.kind], 'center');
      bodyNumber(row.getCell(5), points(c.maxCenti), POINTS_FORMAT);
      row.height = rowHeight(Math.max(wrappedLines(c.name, widths[2]), wrappedLines(KIND_LABEL[c.kind], widths[3])));
      if (c.kind === 'NORMAL') normalCenti += c.maxCenti;
      if (!named && c.kind === 'NORMAL') groupSums.push(r);
      r++;
    }
  }
  ws.mergeCells(r, 1, r, 4);
  text(ws.getCell(r, 1), 'Tổng điểm chuẩn (các tiêu chí chấm điểm)', { bold: true }, 'right');
  for (let c = 1; c <= 5; c++) ws.getCell(r, c).border = BOX;
  bodyNumber(ws.getCell(r, 5), groupSums.length ? formula(`SUM(${groupSums.map((x) => `E${x}`).join(',')})`, normalCenti) : 0, POINTS_FORMAT, true);
  ws.getRow(r).height = rowHeight(1);
  printSetup(ws, widths, '3:3', `${title} — ${d.blocName}`);
}

/** The year's score table: the points that count (with rank and band), the self scores, the criteria. */
export async function scoreboardXlsx(d: ScoreboardData): Promise<Buffer> {
  const wb = newWorkbook(`Bảng tổng hợp điểm thi đua — ${periodTitle(d)} — ${d.blocName}`);
  scoreSheet(wb, 'Bảng tổng hợp điểm', d, 'counted');
  scoreSheet(wb, 'Điểm tự chấm', d, 'self');
  criteriaSheet(wb, d);
  return finish(wb);
}

export async function rankingXlsx(d: RankingSheetData): Promise<Buffer> {
  const title = `Bảng xếp hạng thi đua — ${periodTitle(d)}`;
  const wb = newWorkbook(`${title} — ${d.blocName}`);
  const ws = wb.addWorksheet('Bảng xếp hạng', { views: [{ state: 'frozen', ySplit: 3, topLeftCell: 'A4' }] });
  const widths = [8, 44, 12, 12, 12, 12, 14];
  titleRows(ws, widths, title, blocLine(d));
  ['Hạng', 'Đơn vị', 'Điểm chuẩn', 'Điểm cộng', 'Điểm trừ', 'Tổng điểm', 'Xếp loại'].forEach((h, i) => head(ws.getCell(3, i + 1), h));
  ws.getRow(3).height = rowHeight(1);
  d.rows.forEach((x, i) => {
    const r = 4 + i;
    const row = ws.getRow(r);
    bodyNumber(row.getCell(1), x.rank, RANK_FORMAT);
    bodyText(row.getCell(2), x.name);
    bodyNumber(row.getCell(3), points(x.baseCenti), POINTS_FORMAT);
    bodyNumber(row.getCell(4), points(x.bonusCenti), POINTS_FORMAT);
    bodyNumber(row.getCell(5), points(x.deductionCenti), POINTS_FORMAT);
    const made = x.baseCenti + x.bonusCenti - x.deductionCenti === x.totalCenti;
    bodyNumber(row.getCell(6), made ? formula(`ROUND(C${r}+D${r}-E${r},2)`, x.totalCenti) : points(x.totalCenti), POINTS_FORMAT, true);
    bodyText(row.getCell(7), x.band, 'center');
    row.height = rowHeight(wrappedLines(x.name, widths[1]));
  });
  printSetup(ws, widths, '3:3', `${title} — ${d.blocName}`);
  return finish(wb);
}
