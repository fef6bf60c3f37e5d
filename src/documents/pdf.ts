// Renders an AdminDoc to PDF with pdfkit on A4 with the margins of Nghị định 30. The fonts are
// DejaVu Serif Condensed from the dejavu-fonts-ttf package: they carry every Vietnamese glyph, are
// close to Times New Roman in width, and pdfkit embeds a subset with a ToUnicode map so the text
// can be searched and copied. Nothing is fetched at run time.
import PDFDocument from 'pdfkit';
import type { AdminDoc, AdminHeader, Align, Block, Column, SignBox, Span } from './admin';

type Doc = PDFKit.PDFDocument;
type FontKey = 'R' | 'B' | 'I' | 'BI';

const FONT_FILES: Record<FontKey, string> = {
  R: 'DejaVuSerifCondensed.ttf',
  B: 'DejaVuSerifCondensed-Bold.ttf',
  I: 'DejaVuSerifCondensed-Italic.ttf',
  BI: 'DejaVuSerifCondensed-BoldItalic.ttf',
};
// Resolved through the package so it works wherever npm put node_modules.
const fontPath = (k: FontKey) => require.resolve(`dejavu-fonts-ttf/ttf/${FONT_FILES[k]}`);

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

  para(spans: Span[], align: Align, indent: boolean, keep: boolean): void {
    // no lone line at the foot of a page; a heading takes a few lines of what follows with it
    this.ensure(this.lineHeight(SIZE.body) * (keep ? 4 : 2));
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

  table(columns: Column[], rows: string[][]): void {
    const sum = columns.reduce((a, c) => a + c.width, 0);
    const widths = columns.map((c) => (this.width * c.width) / sum);
    const head = columns.map((c) => c.header);
    const heights = (cells: string[], font: FontKey) =>
      cells.map((t, i) => this.doc.font(font).fontSize(SIZE.table).heightOfString(t || ' ', { width: widths[i] - 2 * CELL_PAD, lineGap: LINE_GAP }));
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

    const headH = rowH(heights(head, 'B'));
    const firstH = rows.length ? rowH(heights(rows[0], 'R')) : 0;
    this.ensure(headH + firstH);
    drawHead();
    for (const r of rows) {
      const cells = columns.map((_, i) => r[i] ?? '');
      // a row never splits; the header row is repeated on every page the table runs onto
      if (this.ensure(rowH(heights(cells, 'R')))) drawHead();
      draw(cells, 'R', columns.map((c) => c.align));
    }
    this.y += PARA_AFTER * 2;
  }

  signBoxHeight(s: SignBox): number {
    const lh = this.lineHeight(SIZE.body);
    return (s.role.length + s.sub.length + 5) * lh;
  }

  signBox(s: SignBox, x: number, y: number, width: number): void {
    let yy = y;
    for (const r of s.role) yy = this.put(r, x, yy, width, { font: 'B', align: 'center' });
    for (const r of s.sub) yy = this.put(r, x, yy, width, { align: 'center' });
    // room for the signature and the seal
    yy += this.lineHeight(SIZE.body) * 4;
    this.put(s.name, x, yy, width, { font: 'B', align: 'center' });
  }

  closing(recipients: string[] | null, signers: SignBox[]): void {
    this.y += PARA_AFTER;
    if (recipients) {
      const leftW = this.width * 0.45;
      const [first, ...rest] = signers;
      const recH = this.lineHeight(SIZE.recipientsHead) + recipients.length * this.lineHeight(SIZE.recipients) + 4;
      this.ensure(Math.max(recH, first ? this.signBoxHeight(first) : 0));
      let yl = this.put('Nơi nhận:', this.x0, this.y, leftW, { font: 'BI', size: SIZE.recipientsHead });
      for (const l of recipients) yl = this.put(l, this.x0, yl, leftW, { size: SIZE.recipients });
      if (first) this.signBox(first, this.x0 + leftW, this.y, this.width - leftW);
      this.y = Math.max(yl, this.y + (first ? this.signBoxHeight(first) : 0));
      if (rest.length) this.closing(null, rest);
      return;
    }
    if (!signers.length) return;
    if (signers.length === 1) {
      const half = this.width / 2;
      this.ensure(this.signBoxHeight(signers[0]));
      this.signBox(signers[0], this.x0 + half, this.y, half);
      this.y += this.signBoxHeight(signers[0]);
      return;
    }
    const perRow = Math.min(3, signers.length);
    const w = this.width / perRow;
    for (let i = 0; i < signers.length; i += perRow) {
      const chunk = signers.slice(i, i + perRow);
      const h = Math.max(...chunk.map((s) => this.signBoxHeight(s)));
      this.ensure(h);
      chunk.forEach((s, j) => this.signBox(s, this.x0 + j * w, this.y, w));
      this.y += h + PARA_AFTER;
    }
  }

  block(b: Block, next: Block | undefined): void {
    switch (b.kind) {
      case 'title':
        return this.title(b.text, next?.kind !== 'title');
      case 'para':
        return this.para(b.spans, b.align, !!b.indent, !!b.keep);
      case 'rule':
        return this.rule();
      case 'table':
        return this.table(b.columns, b.rows);
      case 'closing':
        return this.closing(b.recipients, b.signers);
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

export function renderPdf(model: AdminDoc): Promise<Buffer> {
  const doc: Doc = new PDFDocument({
    size: 'A4',
    margins: MARGINS,
    font: fontPath('R'),
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
  for (const k of Object.keys(FONT_FILES) as FontKey[]) doc.registerFont(k, fontPath(k));

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
