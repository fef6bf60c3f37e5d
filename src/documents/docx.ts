// Renders an AdminDoc to DOCX (Word), Times New Roman 13 on A4 with the margins of Nghị định 30:
// top 20 mm, bottom 20 mm, left 30 mm, right 15 mm. Each Span becomes exactly one run so a name
// or a number is never split across runs. Page breaks are left to Word (or LibreOffice) with the
// rules set here: table rows never split, a table's head keeps with its first rows and its last
// row with the one before, a heading and the paragraph before the signatures keep with what
// follows. The same model gives the same bytes: the dates inside are the document's own.
import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableBorders,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
  convertMillimetersToTwip,
} from 'docx';
import { withWholeNames, type AdminDoc, type AdminHeader, type Align, type Block, type Column, type SignBox, type Span } from './admin';

const FONT = 'Times New Roman';
/** sizes in half-points */
// NĐ 30: the national name 12–13 pt, the motto below it 13–14 pt
const SIZE = { body: 26, title: 28, table: 24, nation: 24, recipientsHead: 24, recipients: 22 } as const;
const PAGE = { width: 11906, height: 16838 };
const MARGIN = { top: convertMillimetersToTwip(20), bottom: convertMillimetersToTwip(20), left: convertMillimetersToTwip(30), right: convertMillimetersToTwip(15) };
const TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
/** NĐ 30: paragraphs at least 6 pt apart, first line indented 1 cm */
const PARA_AFTER = 120;
const FIRST_LINE = convertMillimetersToTwip(10);

const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' } as const;
const NO_CELL_BORDERS = { top: NONE, bottom: NONE, left: NONE, right: NONE } as const;
const LINE = { style: BorderStyle.SINGLE, size: 6, color: '000000' } as const;

const ALIGN = {
  left: AlignmentType.LEFT,
  center: AlignmentType.CENTER,
  right: AlignmentType.RIGHT,
  justify: AlignmentType.JUSTIFIED,
} as const satisfies Record<Align, unknown>;

function run(s: Span, size?: number): TextRun {
  return new TextRun({ text: s.text, bold: s.bold, italics: s.italic, underline: s.underline ? {} : undefined, size });
}

/** A paragraph with no spacing, as used inside the header and the tables. */
function tight(spans: Span[], align: Align, size?: number, keepNext?: boolean): Paragraph {
  return new Paragraph({ alignment: ALIGN[align], spacing: { before: 0, after: 0 }, keepNext: keepNext || undefined, children: spans.map((s) => run(s, size)) });
}

/** A short centred line drawn as the bottom border of an empty, very low paragraph. */
function rule(columnWidth: number, ruleWidth: number): Paragraph {
  const side = Math.max(0, Math.round((columnWidth - ruleWidth) / 2));
  return new Paragraph({
    indent: { left: side, right: side },
    spacing: { before: 0, after: 60, line: 60, lineRule: 'exact' },
    border: { bottom: LINE },
    run: { size: 4 },
  });
}

function borderless(widths: number[], rows: Paragraph[][][], cantSplit = false): Table {
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: TableBorders.NONE,
    rows: rows.map(
      (cells) =>
        new TableRow({
          cantSplit,
          children: cells.map((children, i) => new TableCell({ width: { size: widths[i], type: WidthType.DXA }, borders: NO_CELL_BORDERS, children })),
        }),
    ),
  });
}

function header(h: AdminHeader): Table {
  const left = Math.round(TEXT_WIDTH * 0.4);
  const widths = [left, TEXT_WIDTH - left];
  const issuer: Paragraph[] = [
    ...h.parent.map((p) => tight([{ text: p }], 'center')),
    tight([{ text: h.issuer, bold: true }], 'center'),
    rule(left, convertMillimetersToTwip(22)),
  ];
  const motto: Paragraph[] = [tight([{ text: h.motto, bold: true }], 'center', SIZE.nation), tight([{ text: h.slogan, bold: true, underline: true }], 'center')];
  return borderless(
    widths,
    [
      [issuer, motto],
      [[tight([{ text: h.numberLine }], 'center')], [tight([{ text: h.placeDate, italic: true }], 'center')]],
    ],
    true,
  );
}

function table(columns: Column[], rows: string[][]): Table {
  const sum = columns.reduce((a, c) => a + c.width, 0);
  const widths = columns.map((c) => Math.floor((TEXT_WIDTH * c.width) / sum));
  const margins = { top: 40, bottom: 40, left: 80, right: 80 };
  // "keep with next" on every paragraph of a row keeps the row on the page of the next row
  const cell = (text: string, i: number, head: boolean, keepNext: boolean) =>
    new TableCell({
      width: { size: widths[i], type: WidthType.DXA },
      margins,
      verticalAlign: VerticalAlignTable.CENTER,
      children: text.split('\n').map((line) => tight([{ text: line, bold: head }], head ? 'center' : columns[i].align, SIZE.table, keepNext)),
    });
  // the head with the first row, the first row with the second when there are more, the last row with the one before
  const keeps = (i: number) => (i === 0 && rows.length > 2) || i === rows.length - 2;
  return new Table({
    width: { size: widths.reduce((a, w) => a + w, 0), type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: columns.map((c, i) => cell(c.header, i, true, rows.length > 0)) }),
      ...rows.map((r, ri) => new TableRow({ cantSplit: true, children: columns.map((_, i) => cell(r[i] ?? '', i, false, keeps(ri))) })),
    ],
  });
}

function signBox(s: SignBox): Paragraph[] {
  const blank = () => tight([{ text: '' }], 'center');
  return [
    ...s.role.map((r) => tight([{ text: r, bold: true }], 'center')),
    ...s.sub.map((r) => tight([{ text: r }], 'center')),
    ...s.title.map((r) => tight([{ text: r, bold: true }], 'center')),
    // room for the signature and the seal, the note ("Đã ký ngày …") inside it
    blank(),
    s.note ? tight([{ text: s.note, italic: true }], 'center') : blank(),
    blank(),
    blank(),
    tight([{ text: s.name, bold: true }], 'center'),
  ];
}

function recipients(lines: string[]): Paragraph[] {
  return [
    tight([{ text: 'Nơi nhận:', bold: true, italic: true }], 'left', SIZE.recipientsHead),
    ...lines.map((l) => tight([{ text: l }], 'left', SIZE.recipients)),
  ];
}

function closing(b: Extract<Block, { kind: 'closing' }>): Table[] {
  if (b.recipients) {
    const left = Math.round(TEXT_WIDTH * 0.45);
    const [first, ...rest] = b.signers;
    const tables = [borderless([left, TEXT_WIDTH - left], [[recipients(b.recipients), first ? signBox(first) : [tight([{ text: '' }], 'left')]]], true)];
    return tables.concat(rest.length ? closing({ kind: 'closing', recipients: null, signers: rest, perRow: b.perRow }) : []);
  }
  if (!b.signers.length) return [];
  // One signer signs on the right half; more sign side by side, three to a row at most.
  if (b.signers.length === 1) {
    const half = Math.round(TEXT_WIDTH / 2);
    return [borderless([half, TEXT_WIDTH - half], [[[tight([{ text: '' }], 'left')], signBox(b.signers[0])]], true)];
  }
  const perRow = Math.min(b.perRow ?? 3, b.signers.length);
  const w = Math.floor(TEXT_WIDTH / perRow);
  const rows: Paragraph[][][] = [];
  for (let i = 0; i < b.signers.length; i += perRow) {
    const chunk = b.signers.slice(i, i + perRow).map(signBox);
    while (chunk.length < perRow) chunk.push([tight([{ text: '' }], 'left')]);
    rows.push(chunk);
  }
  return [borderless(Array.from({ length: perRow }, () => w), rows, true)];
}

function block(b: Block, next: Block | undefined): (Paragraph | Table)[] {
  switch (b.kind) {
    case 'title': {
      const after = next?.kind === 'title' ? 0 : PARA_AFTER;
      return [new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 0, after }, keepNext: true, children: [run({ text: b.text, bold: true }, SIZE.title)] })];
    }
    case 'para':
      return [
        new Paragraph({
          alignment: ALIGN[b.align],
          // a heading, and the closing sentence before the signatures, stay with what follows
          keepNext: b.keep || next?.kind === 'closing' || undefined,
          indent: b.indent ? { firstLine: FIRST_LINE } : undefined,
          spacing: { before: 0, after: PARA_AFTER },
          children: b.spans.map((s) => run(s)),
        }),
      ];
    case 'rule':
      return [rule(TEXT_WIDTH, convertMillimetersToTwip(30))];
    case 'table':
      // an empty paragraph after a table keeps two tables from merging into one
      return [table(b.columns, b.rows), new Paragraph({ spacing: { before: 0, after: PARA_AFTER }, children: [] })];
    case 'closing':
      return [new Paragraph({ spacing: { before: 0, after: 0 }, keepNext: true, children: [] }), ...closing(b)];
  }
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** docProps/core.xml with the document's date as created and modified (the docx library writes "now"). */
function coreXml(meta: AdminDoc['meta']): string {
  const at = meta.date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${xml(meta.title)}</dc:title><dc:subject>${xml(meta.subject)}</dc:subject><dc:creator>${xml(meta.author)}</dc:creator>` +
    `<cp:lastModifiedBy>${xml(meta.author)}</cp:lastModifiedBy><cp:revision>1</cp:revision>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${at}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${at}</dcterms:modified>` +
    '</cp:coreProperties>'
  );
}

/**
 * Sets the modification time of every entry of a zip file to `date` (the zip library stamps "now").
 * The times sit in the local headers and in the central directory, outside the compressed data
 * and its checksum, so they are rewritten in place.
 */
export function stampZip(buf: Buffer, date: Date): Buffer {
  const out = Buffer.from(buf);
  const y = Math.min(2107, Math.max(1980, date.getUTCFullYear()));
  const dosDate = ((y - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate();
  const dosTime = (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | (date.getUTCSeconds() >> 1);
  let at = 0;
  while (at + 30 <= out.length && out.readUInt32LE(at) === 0x04034b50) {
    out.writeUInt16LE(dosTime, at + 10);
    out.writeUInt16LE(dosDate, at + 12);
    at += 30 + out.readUInt16LE(at + 26) + out.readUInt16LE(at + 28) + out.readUInt32LE(at + 18);
  }
  while (at + 46 <= out.length && out.readUInt32LE(at) === 0x02014b50) {
    out.writeUInt16LE(dosTime, at + 12);
    out.writeUInt16LE(dosDate, at + 14);
    at += 46 + out.readUInt16LE(at + 28) + out.readUInt16LE(at + 30) + out.readUInt16LE(at + 32);
  }
  return out;
}

export async function renderDocx(doc0: AdminDoc): Promise<Buffer> {
  const doc = withWholeNames(doc0);
  const file = new Document({
    title: doc.meta.title,
    subject: doc.meta.subject,
    creator: doc.meta.author,
    styles: { default: { document: { run: { font: FONT, size: SIZE.body } } } },
    sections: [
      {
        properties: {
          titlePage: true,
          page: { size: { width: PAGE.width, height: PAGE.height }, margin: { ...MARGIN, header: convertMillimetersToTwip(10), footer: convertMillimetersToTwip(10) } },
        },
        // NĐ 30: page numbers centred in the top margin, none on the first page
        headers: {
          default: new Header({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT] })] })] }),
          first: new Header({ children: [new Paragraph({ children: [] })] }),
        },
        children: [header(doc.header), new Paragraph({ spacing: { before: 0, after: PARA_AFTER }, children: [] }), ...doc.blocks.flatMap((b, i) => block(b, doc.blocks[i + 1]))],
      },
    ],
  });
  const buf = await Packer.toBuffer(file, undefined, [{ path: 'docProps/core.xml', data: coreXml(doc.meta) }]);
  return stampZip(buf, doc.meta.date);
}
