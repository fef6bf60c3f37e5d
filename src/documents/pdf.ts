// Renders an AdminDoc to PDF with pdfkit on A4 with the margins of Nghị định 30. The font is
// Liberation Serif 2 (Debian's fonts-liberation2: the metrics of Times New Roman, with the
// Vietnamese glyphs) when it is installed, so the PDF breaks its lines and pages as the DOCX does
// in Word or LibreOffice; else DejaVu Serif Condensed from the dejavu-fonts-ttf package, which
// carries every Vietnamese glyph and is always there. pdfkit embeds a subset with a ToUnicode map
// so the text can be searched and copied. Nothing is fetched at run time.
import fs from 'node:fs';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { withWholeNames, type AdminDoc, type AdminHeader, type Align, type Block, type Column, type SignBox, type Span } from './admin';

type Doc = PDFKit.PDFDocument;
type FontKey = 'R' | 'B' | 'I' | 'BI';

export type PdfFont = { family: 'Liberation Serif' | 'DejaVu Serif Condensed'; files: Record<FontKey, string> };

/** Where Debian puts Liberation 2 (Liberation 1.x, in …/liberation, has no Vietnamese glyphs). */
export const LIBERATION2_DIRS = ['/usr/share/fonts/truetype/liberation2'];
const LIBERATION_FILES: Record<FontKey, string> = {
  R: 'LiberationSerif-Regular.ttf',
  B: 'LiberationSerif-Bold.ttf',
  I: 'LiberationSerif-Italic.ttf',
  BI: 'LiberationSerif-BoldItalic.ttf',
};
const DEJAVU_FILES: Record<FontKey, string> = {
  R: 'DejaVuSerifCondensed.ttf',
  B: 'DejaVuSerifCondensed-Bold.ttf',
  I: 'DejaVuSerifCondensed-Italic.ttf',
  BI: 'DejaVuSerifCondensed-BoldItalic.ttf',
};
const KEYS: FontKey[] = ['R', 'B', 'I', 'BI'];
const mapKeys = (f: (k: FontKey) => string) => Object.fromEntries(KEYS.map((k) => [k, f(k)])) as Record<FontKey, string>;

/** The font the PDFs are set in on this machine: Liberation Serif 2 when all four files exist, else DejaVu. */
export function pdfFont(dirs: readonly string[] = LIBERATION2_DIRS): PdfFont {
  for (const dir of dirs) {
    const files = mapKeys((k) => path.join(dir, LIBERATION_FILES[k]));
    if (KEYS.every((k) => fs.existsSync(files[k]))) return { family: 'Liberation Serif', files };
  }
  // Resolved through the package so it works wherever npm put node_modules.
  return { family: 'DejaVu Serif Condensed', files: mapKeys((k) => require.resolve(`dejavu-fonts-ttf/ttf/${DEJAVU_FILES[k]}`)) };
}

let chosen: PdfFont | null = null;
const currentFont = () => (chosen ??= pdfFont());

const MM = 72 / 25.4;
const MARGINS = { top: 20 * MM, bottom: 20 * MM, left: 30 * MM, right: 15 * MM };
// NĐ 30: the national name 12–13 pt, the motto below it 13–14 pt
const SIZE = { body: 13, title: 14, table: 12, nation: 12, recipientsHead: 12, recipients: 11, pageNumber: 13 } as const;
const LINE_GAP = 2;
const PARA_AFTER = 6;
const FIRST_LINE = 10 * MM;
const CELL_PAD = 3;

function fontOf(s: { bold?: boolean; italic?: boolean }): FontKey {
  return s.bold ? (s.italic ? 'BI' : 'B') : s.italic ? 'I' : 'R';
}

class Layout {
  readonly x0: number;
  readonly width: number;
  readonly top: number;
  readonly bottom: number;
  y: number;

  constructor(readonly doc: Doc) {
    this.x0 = MARGINS.left;
    this.width = doc.page.width - MARGINS.left - MARGINS.right;
    this.top = MARGINS.top;
    this.bottom = doc.page.height - MARGINS.bottom;
    this.y = this.top;
  }

  /** Starts a new page unless h points still fit on this one; true when it did. */
  ensure(h: number): boolean {
    if (this.y + h <= this.bottom) return false;
    this.doc.addPage();
    this.y = this.top;
    return true;
  }

  lineHeight(size: number): number {
    return this.doc.font('R').fontSize(size).currentLineHeight(true) + LINE_GAP;
  }

  /** Height of a paragraph of spans (several spans are measured in bold: a little high, never low). */
  paraHeight(spans: Span[], indent: boolean): number {
    const text = spans.map((s) => s.text).join('');
    const font: FontKey = spans.length === 1 ? fontOf(spans[0]) : 'B';
    return this.doc.font(font).fontSize(SIZE.body).heightOfString(text || ' ', { width: this.width, lineGap: LINE_GAP, indent: indent ? FIRST_LINE : 0 }) + PARA_AFTER;
  }

  /** Height of what must stay on the page of the block before it: a table's head and first rows, a closing's first row. */
  startHeight(b: Block | undefined): number {
    if (!b) return 0;
    if (b.kind === 'table') {
      const t = this.tableGeometry(b.columns, b.rows);
      return t.headH + t.rowHs.slice(0, 2).reduce((a, h) => a + h, 0);
    }
    if (b.kind === 'closing') return PARA_AFTER + (this.closingRows(b.recipients, b.signers, b.perRow)[0]?.height ?? 0);
    if (b.kind === 'para') return this.paraHeight(b.spans, !!b.indent);
    return 0;
  }

  /** Largest size ≤ size at which text fits on one line of the width. */
  fit(text: string, font: FontKey, size: number, width: number): number {
    let s = size;
    while (s > 8 && this.doc.font(font).fontSize(s).widthOfString(text) > width) s -= 0.5;
    return s;
  }

  /** Writes one line (or a wrapped paragraph) at (x, y) and returns the y below it. */
  put(text: string, x: number, y: number, width: number, opts: { font?: FontKey; size?: number; align?: Align; underline?: boolean } = {}): number {
    this.doc
      .font(opts.font ?? 'R')
      .fontSize(opts.size ?? SIZE.body)
      .text(text, x, y, { width, align: opts.align ?? 'left', lineGap: LINE_GAP, underline: opts.underline });
    return this.doc.y;
  }

  header(h: AdminHeader): void {
    const leftW = this.width * 0.4;
    const rightW = this.width - leftW;
    const xl = this.x0;
    const xr = this.x0 + leftW;
    let yl = this.top;
    for (const p of h.parent) yl = this.put(p, xl, yl, leftW, { align: 'center' });
    yl = this.put(h.issuer, xl, yl, leftW, { font: 'B', align: 'center' });
    const ruleW = 22 * MM;
    this.doc.lineWidth(0.75).moveTo(xl + (leftW - ruleW) / 2, yl + 2).lineTo(xl + (leftW + ruleW) / 2, yl + 2).stroke();
    yl += 6;

    let yr = this.top;
    yr = this.put(h.motto, xr, yr, rightW, { font: 'B', size: this.fit(h.motto, 'B', SIZE.nation, rightW), align: 'center' });
    yr = this.put(h.slogan, xr, yr, rightW, { font: 'B', size: this.fit(h.slogan, 'B', SIZE.body, rightW), align: 'center', underline: true });

    const y = Math.max(yl, yr) + 4;
    const a = this.put(h.numberLine, xl, y, leftW, { align: 'center' });
    const b = this.put(h.placeDate, xr, y, rightW, { font: 'I', size: this.fit(h.placeDate, 'I', SIZE.body, rightW), align: 'center' });
    this.y = Math.max(a, b) + 12;
  }

  title(text: string, last: boolean): void {
    // keep a title with at least two lines of what follows
    this.ensure(this.lineHeight(SIZE.title) * 3);
    this.y = this.put(text, this.x0, this.y, this.width, { font: 'B', size: SIZE.title, align: 'center' }) + (last ? PARA_AFTER : 0);
  }

  para(spans: Span[], align: Align, indent: boolean, keep: boolean, next: Block | undefined): void {
    // no lone line at the foot of a page; a heading takes what follows with it (a table's head and
    // first rows, or a few lines); the paragraph before the signatures goes with their first row
    const own = Math.min(this.paraHeight(spans, indent), this.lineHeight(SIZE.body) * 2);
    const withNext = keep || next?.kind === 'closing' ? this.paraHeight(spans, indent) + Math.max(this.startHeight(next), keep ? this.lineHeight(SIZE.body) * 2 : 0) : own;
    this.ensure(withNext <= this.bottom - this.top ? withNext : own);
    if (spans.length === 1) {
      const s = spans[0];
      this.doc.font(fontOf(s)).fontSize(SIZE.body).text(s.text, this.x0, this.y, {
        width: this.width,
        align,
        lineGap: LINE_GAP,
        indent: indent ? FIRST_LINE : 0,
        underline: s.underline,
      });
    } else {
      // pdfkit justifies chained (continued) runs unreliably, so those stay left-aligned
      const a = align === 'justify' ? 'left' : align;
      spans.forEach((s, i) => {
        const last = i === spans.length - 1;
        const opts = { width: this.width, align: a, lineGap: LINE_GAP, indent: indent ? FIRST_LINE : 0, underline: s.underline, continued: !last };
        this.doc.font(fontOf(s)).fontSize(SIZE.body);
        if (i === 0) this.doc.text(s.text, this.x0, this.y, opts);
        else this.doc.text(s.text, opts);
      });
    }
    this.y = this.doc.y + PARA_AFTER;
  }

  rule(): void {
    const w = 30 * MM;
    const x = this.x0 + (this.width - w) / 2;
    this.doc.lineWidth(0.75).moveTo(x, this.y + 2).lineTo(x + w, this.y + 2).stroke();
    this.y += 2 + PARA_AFTER;
  }

  tableGeometry(columns: Column[], rows: string[][]) {
    const sum = columns.reduce((a, c) => a + c.width, 0);
    const widths = columns.map((c) => (this.width * c.width) / sum);
    const heights = (cells: string[], font: FontKey) =>
      cells.map((t, i) => this.doc.font(font).fontSize(SIZE.table).heightOfString(t || ' ', { width: widths[i] - 2 * CELL_PAD, lineGap: LINE_GAP }));
    const rowH = (hs: number[]) => Math.max(...hs) + 2 * CELL_PAD;
    const cellsOf = (r: string[]) => columns.map((_, i) => r[i] ?? '');
    return { widths, heights, headH: rowH(heights(columns.map((c) => c.header), 'B')), rowHs: rows.map((r) => rowH(heights(cellsOf(r), 'R'))), cellsOf };
  }

  table(columns: Column[], rows: string[][]): void {
    const { widths, heights, headH, rowHs, cellsOf } = this.tableGeometry(columns, rows);
    const head = columns.map((c) => c.header);
    const rowH = (hs: number[]) => Math.max(...hs) + 2 * CELL_PAD;

    const draw = (cells: string[], font: FontKey, aligns: Column['align'][]) => {
      const hs = heights(cells, font);
      const h = rowH(hs);
      let x = this.x0;
      this.doc.lineWidth(0.5);
      cells.forEach((t, i) => {
        this.doc.rect(x, this.y, widths[i], h).stroke();
        if (t) {
          this.doc.font(font).fontSize(SIZE.table).text(t, x + CELL_PAD, this.y + (h - hs[i]) / 2, { width: widths[i] - 2 * CELL_PAD, align: aligns[i], lineGap: LINE_GAP });
        }
        x += widths[i];
      });
      this.y += h;
    };
    const drawHead = () => draw(head, 'B', columns.map(() => 'center'));

    // the head with the first two rows: never a head or a single row alone at the foot of a page
    this.ensure(headH + rowHs.slice(0, 2).reduce((a, h) => a + h, 0));
    drawHead();
    rows.forEach((r, i) => {
      // a row never splits; the last row never stands alone on a page: when it would not fit after
      // the one before, that one goes over with it; the head is repeated on every page the table runs onto
      const last = i === rows.length - 2 && this.y + rowHs[i] + rowHs[i + 1] > this.bottom;
      if (this.ensure(last ? rowHs[i] + rowHs[i + 1] : rowHs[i])) drawHead();
      draw(cellsOf(r), 'R', columns.map((c) => c.align));
    });
    this.y += PARA_AFTER * 2;
  }

  /** Lines of a box, each wrapped to the box's width. */
  private boxLines(s: SignBox): { text: string; font: FontKey }[] {
    return [...s.role.map((text) => ({ text, font: 'B' as const })), ...s.sub.map((text) => ({ text, font: 'R' as const })), ...s.title.map((text) => ({ text, font: 'B' as const }))];
  }

  signBoxHeight(s: SignBox, width: number): number {
    const lh = this.lineHeight(SIZE.body);
    const top = this.boxLines(s).reduce((a, l) => a + this.doc.font(l.font).fontSize(SIZE.body).heightOfString(l.text, { width, lineGap: LINE_GAP }), 0);
    // room for the signature and the seal (4 lines), the name
    return top + lh * 5;
  }

  signBox(s: SignBox, x: number, y: number, width: number): void {
    let yy = y;
    for (const l of this.boxLines(s)) yy = this.put(l.text, x, yy, width, { font: l.font, align: 'center' });
    const lh = this.lineHeight(SIZE.body);
    if (s.note) this.put(s.note, x, yy + lh * 1.5, width, { font: 'I', size: this.fit(s.note, 'I', SIZE.body, width), align: 'center' });
    yy += lh * 4;
    // the name on one line: a smaller size rather than a break inside it
    if (s.name) this.put(s.name, x, yy, width, { font: 'B', size: this.fit(s.name, 'B', SIZE.body, width), align: 'center' });
  }

  /** The rows of boxes of a closing, each with its height; the recipients share the first row. */
  closingRows(recipients: string[] | null, signers: SignBox[], perRowMax = 3): { height: number; draw: () => void }[] {
    const rows: { height: number; draw: () => void }[] = [];
    let rest = signers;
    if (recipients) {
      const leftW = this.width * 0.45;
      const first = signers[0];
      rest = signers.slice(1);
      const recH = this.lineHeight(SIZE.recipientsHead) + recipients.length * this.lineHeight(SIZE.recipients) + 4;
      const height = Math.max(recH, first ? this.signBoxHeight(first, this.width - leftW) : 0);
      rows.push({
        height,
        draw: () => {
          let yl = this.put('Nơi nhận:', this.x0, this.y, leftW, { font: 'BI', size: SIZE.recipientsHead });
          for (const l of recipients) yl = this.put(l, this.x0, yl, leftW, { size: SIZE.recipients });
          if (first) this.signBox(first, this.x0 + leftW, this.y, this.width - leftW);
        },
      });
    }
    if (rest.length === 1 && !recipients) {
      // one signer signs on the right half
      const half = this.width / 2;
      rows.push({ height: this.signBoxHeight(rest[0], half), draw: () => this.signBox(rest[0], this.x0 + half, this.y, half) });
      return rows;
    }
    const perRow = Math.min(perRowMax, rest.length);
    const w = this.width / Math.max(1, perRow);
    for (let i = 0; i < rest.length; i += perRow) {
      const chunk = rest.slice(i, i + perRow);
      rows.push({
        height: Math.max(...chunk.map((s) => this.signBoxHeight(s, w))) + PARA_AFTER,
        draw: () => chunk.forEach((s, j) => this.signBox(s, this.x0 + j * w, this.y, w)),
      });
    }
    return rows;
  }

  closing(recipients: string[] | null, signers: SignBox[], perRow?: number): void {
    this.y += PARA_AFTER;
    // a row of boxes never splits across pages; the first row was kept with the paragraph before
    for (const row of this.closingRows(recipients, signers, perRow)) {
      this.ensure(row.height);
      row.draw();
      this.y += row.height;
    }
  }

  block(b: Block, next: Block | undefined): void {
    switch (b.kind) {
      case 'title':
        return this.title(b.text, next?.kind !== 'title');
      case 'para':
        return this.para(b.spans, b.align, !!b.indent, !!b.keep, next);
      case 'rule':
        return this.rule();
      case 'table':
        return this.table(b.columns, b.rows);
      case 'closing':
        return this.closing(b.recipients, b.signers, b.perRow);
    }
  }

  /** NĐ 30: page numbers centred in the top margin, none on the first page. */
  pageNumbers(): void {
    const range = this.doc.bufferedPageRange();
    for (let i = range.start + 1; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      this.doc.font('R').fontSize(SIZE.pageNumber).text(String(i + 1), this.x0, this.top / 2 - SIZE.pageNumber / 2, { width: this.width, align: 'center', lineBreak: false });
    }
  }
}

export function renderPdf(doc0: AdminDoc, font: PdfFont = currentFont()): Promise<Buffer> {
  const model = withWholeNames(doc0);
  const doc: Doc = new PDFDocument({
    size: 'A4',
    margins: MARGINS,
    font: font.files.R,
    bufferPages: true,
    lang: 'vi-VN',
    displayTitle: true,
    // the header date instead of "now", so the same data gives the same file
    info: {
      Title: model.meta.title,
      Subject: model.meta.subject,
      Author: model.meta.author,
      Creator: 'Cổng thông tin khối thi đua',
      CreationDate: model.meta.date,
      ModDate: model.meta.date,
    },
  });
  for (const k of KEYS) doc.registerFont(k, font.files[k]);

  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const layout = new Layout(doc);
  layout.header(model.header);
  model.blocks.forEach((b, i) => layout.block(b, model.blocks[i + 1]));
  layout.pageNumbers();
  doc.end();
  return done;
}
