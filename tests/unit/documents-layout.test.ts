// Where the pages of the documents break, read back from the files: a signature block never stands
// alone on a page (it keeps with the closing sentence), a table's last row never stands alone, a
// unit's name never breaks inside its place name, and the same model gives the same bytes. The PDF
// is checked as rendered here; the DOCX as LibreOffice lays it out, when soffice is installed.
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { minutesDoc, midYearMinutesDoc, pdfFont, pledgeDoc, proposalLetterDoc, renderAdminDoc, type AdminDoc } from '../../src/documents';
import { renderPdf } from '../../src/documents/pdf';
import type { DocHeader, MinutesData, PledgeDocData, ProposalLetterData } from '../../src/documents';
import { docxParagraphs, docxToPdfWithLibreOffice, docxXml, lastPageOf, pageOf, pdfLines, pdfPages, pdfText, sofficePath } from '../support/documents';

const FONT = pdfFont();
// Which font this run set the PDFs in: Liberation Serif 2 (fonts-liberation2) or the DejaVu fallback.
console.info(`PDF font for this run: ${FONT.family}`);

const DATE = new Date('2019-12-20T03:00:00Z');
const header = (issuer = 'Khối thi đua các cơ quan Trung ương tỉnh Hà Nam'): DocHeader => ({ issuer, issuerParent: 'Sở Tài chính tỉnh Hà Nam', number: '05/BB-KTĐ', place: 'Hà Nam', date: DATE });
const UNITS = [
  'Sở Tài chính tỉnh Hà Nam',
  'Cục Thuế tỉnh Hà Nam',
  'Kho bạc Nhà nước tỉnh Hà Nam',
  'Cục Thống kê tỉnh Hà Nam',
  'Bảo hiểm xã hội tỉnh Hà Nam',
  'Ngân hàng Nhà nước Chi nhánh tỉnh Hà Nam',
  'Chi cục Hải quan quản lý các khu công nghiệp tỉnh Hà Nam',
  'Cục Quản lý thị trường tỉnh Hà Nam',
  'Chi cục Dự trữ Nhà nước Hà Nam',
  'Văn phòng Đăng ký đất đai tỉnh Hà Nam',
  'Công an tỉnh Hà Nam',
  'Cục Thi hành án dân sự tỉnh Hà Nam',
  'Sở Nội vụ tỉnh Hà Nam',
  'Sở Kế hoạch và Đầu tư tỉnh Hà Nam',
];
const SENTENCE = 'Năm 2019, các đơn vị trong Khối đã hoàn thành tốt nhiệm vụ chính trị được giao, phong trào thi đua được triển khai sâu rộng.';

const minutes = (summaryLines: number, over: Partial<MinutesData> = {}): MinutesData => ({
  header: header(),
  meetingTitle: 'Hội nghị tổng kết công tác thi đua, khen thưởng năm 2019',
  legalBasis: ['Căn cứ Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003;'],
  heldAt: DATE,
  place: 'Hội trường Sở Tài chính tỉnh Hà Nam',
  chairName: 'Nguyễn Văn Hùng',
  chairTitle: 'Giám đốc',
  chairUnit: UNITS[0],
  secretaryName: 'Trần Thị Lan',
  secretaryUnit: UNITS[0],
  membersTotal: 8,
  membersPresent: 8,
  absentees: [],
  method: 'Bỏ phiếu kín',
  summary: Array.from({ length: summaryLines }, (_, i) => `${i + 1}. ${SENTENCE}`).join('\n'),
  ranking: UNITS.slice(0, 8).map((name, i) => ({ rank: i + 1, name, baseCenti: 9500 - i * 100, bonusCenti: 100, deductionCenti: 0, totalCenti: 9600 - i * 100, band: 'Xuất sắc' })),
  honorees: [{ name: UNITS[1], note: 'Đơn vị tiêu biểu' }],
  tasksAhead: 'Tiếp tục đẩy mạnh các phong trào thi đua năm 2020.',
  ballots: [],
  proposals: [{ stt: 1, name: UNITS[1], award: 'Cờ thi đua của UBND tỉnh', note: '' }],
  nextHead: UNITS[1],
  nextDeputy: UNITS[2],
  handoverMethod: 'Theo thứ tự luân phiên đã thống nhất',
  signers: [
    { role: 'THƯ KÝ', unit: UNITS[0], name: 'Trần Thị Lan' },
    { role: 'CHỦ TRÌ', unit: UNITS[0], name: 'Nguyễn Văn Hùng', title: 'Giám đốc' },
  ],
  ...over,
});

const pledge = (members: number, bodyLines = 3): PledgeDocData => ({
  header: header(),
  title: 'Giao ước thi đua năm 2020',
  theme: 'Đoàn kết, kỷ cương, sáng tạo, hoàn thành xuất sắc nhiệm vụ',
  body: Array.from({ length: bodyLines }, () => SENTENCE).join('\n'),
  targets: 'Hoàn thành 100% chỉ tiêu được giao.',
  legalBasis: ['Căn cứ Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003;'],
  signatures: UNITS.slice(0, members).map((unit, i) => ({
    unit,
    role: i === 0 ? 'Khối trưởng' : i === 1 ? 'Khối phó' : '',
    signerName: `Người Ký Số ${i + 1}`,
    signerTitle: i % 2 ? 'Cục trưởng' : 'Giám đốc',
    signedAt: i === members - 1 ? null : new Date('2020-02-10T02:30:00Z'),
  })),
});

const letter = (rows: number): ProposalLetterData => ({
  header: header(),
  subject: 'Về việc đề nghị khen thưởng công tác thi đua năm 2019',
  recipient: 'Ủy ban nhân dân tỉnh Hà Nam',
  legalBasis: ['Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ;'],
  body: SENTENCE,
  lists: [
    {
      award: 'Bằng khen của Chủ tịch UBND tỉnh',
      rows: Array.from({ length: rows }, (_, i) => ({ stt: i + 1, name: `Đơn vị số ${i + 1} tỉnh Hà Nam`, totalCenti: 9000, rank: i + 1, achievements: 'Hoàn thành xuất sắc nhiệm vụ' })),
    },
  ],
  copies: ['Như trên', 'Lưu: VT'],
  signer: { role: 'TRƯỞNG KHỐI', unit: UNITS[0], name: 'Nguyễn Văn Hùng', title: 'Giám đốc' },
});

const CLOSING = 'Biên bản được lập và thông qua tại hội nghị';

describe('PDF page breaks', () => {
  it('the minutes’ signatures stay on the page of the closing sentence, wherever the break falls', { timeout: 60_000 }, async () => {
    let moved = 0;
    // 0…44 lines of summary move the end of the minutes over a page and a half
    for (let n = 0; n <= 44; n += 4) {
      const pages = await pdfLines(await renderPdf(minutesDoc(minutes(n))));
      const sign = pageOf(pages, 'CHỦ TRÌ');
      expect(sign, `${n} lines`).toBe(pageOf(pages, CLOSING));
      expect(lastPageOf(pages, 'Nguyễn Văn Hùng'), `${n} lines`).toBe(sign);
      // the role, the post and the name on separate lines: the post never lands on the name line
      const nameLine = pages[sign].findLast((l) => l.includes('Nguyễn Văn Hùng'))!;
      expect(nameLine).not.toContain('Giám đốc');
      expect(pages[sign].some((l) => l.includes('Giám đốc Sở Tài chính tỉnh Hà Nam'))).toBe(true);
      // the closing sentence opens a page (under the page number) when it went over with the signatures
      if (pageOf(pages, CLOSING) > 0 && pages[pageOf(pages, CLOSING)].slice(0, 2).some((l) => l.startsWith(CLOSING))) moved++;
    }
    // some of these lengths did push the closing sentence over with the signatures
    expect(moved).toBeGreaterThan(0);
  });

  it('a table’s last row never stands alone on a page, and the letter’s signer stays with its closing', { timeout: 60_000 }, async () => {
    for (let rows = 28; rows <= 36; rows++) {
      const pages = await pdfLines(await renderPdf(proposalLetterDoc(letter(rows))));
      const last = pageOf(pages, `Đơn vị số ${rows} tỉnh Hà Nam`);
      expect(pageOf(pages, `Đơn vị số ${rows - 1} tỉnh Hà Nam`), `${rows} rows`).toBe(last);
      expect(pageOf(pages, 'TRƯỞNG KHỐI'), `${rows} rows`).toBe(pageOf(pages, 'Kính trình Ủy ban nhân dân tỉnh Hà Nam'));
    }
  });

  it('the pledge has a signature box per member, each box whole on one page, the first with the closing sentence', { timeout: 60_000 }, async () => {
    for (const members of [4, 8, 14]) {
      for (const bodyLines of [3, 9, 15]) {
        const pages = await pdfPages(await renderPdf(pledgeDoc(pledge(members, bodyLines))));
        const at = (needle: string) => pages.findIndex((p) => p.includes(needle));
        for (let i = 0; i < members; i++) {
          const unitPage = at(`ĐẠI DIỆN ${UNITS[i].toLocaleUpperCase('vi-VN')}`);
          expect(unitPage, `${members}/${bodyLines}: ${UNITS[i]}`).toBeGreaterThanOrEqual(0);
          // the last member has not signed: an empty box marked "Chưa ký"
          if (i < members - 1) expect(at(`Người Ký Số ${i + 1}`), `${members}/${bodyLines}: ${i}`).toBe(unitPage);
        }
        expect(at('ĐẠI DIỆN SỞ TÀI CHÍNH TỈNH HÀ NAM')).toBe(at('đơn vị đã ký'));
      }
    }
    // eight members fit on two pages with the text
    expect((await pdfText(await renderPdf(pledgeDoc(pledge(8))))).pages).toBe(2);
  });

  it('a unit’s name never breaks inside its place name', async () => {
    const pages = [...(await pdfLines(await renderPdf(pledgeDoc(pledge(14))))), ...(await pdfLines(await renderPdf(minutesDoc(minutes(16)))))];
    const lines = pages.flat();
    // the ranking's unit column is narrow: "Kho bạc Nhà nước / tỉnh Hà Nam", never "… tỉnh Hà / Nam"
    expect(lines.some((l) => l.includes('tỉnh Hà Nam'))).toBe(true);
    // the head's issuer in the 40% column breaks before "TỈNH HÀ NAM", never between HÀ and NAM
    expect(lines.filter((l) => / (HÀ|Hà)$/.test(l))).toEqual([]);
    expect(lines.some((l) => l.includes('TỈNH HÀ NAM'))).toBe(true);
  });
});

describe('fonts', () => {
  it(`the PDF embeds the font of this run (${FONT.family}) and falls back to DejaVu without Liberation 2`, async () => {
    const raw = (await renderPdf(minutesDoc(minutes(2)))).toString('latin1');
    expect(raw).toContain(FONT.family === 'Liberation Serif' ? 'LiberationSerif' : 'DejaVuSerifCondensed');
    const fallback = pdfFont(['/nonexistent/liberation2']);
    expect(fallback.family).toBe('DejaVu Serif Condensed');
    const buf = await renderPdf(minutesDoc(minutes(2)), fallback);
    expect(buf.toString('latin1')).toContain('DejaVuSerifCondensed');
    expect((await pdfText(buf)).text).toContain('Nguyễn Văn Hùng');
  });
});

describe('the same model gives the same bytes', () => {
  const docs: [string, AdminDoc][] = [
    ['minutes', minutesDoc(minutes(4))],
    ['mid-year minutes', midYearMinutesDoc(minutes(4))],
    ['pledge', pledgeDoc(pledge(8))],
  ];
  it.each(docs)('%s, DOCX and PDF, rendered at different moments', async (_name, doc) => {
    const [docx1, pdf1] = [await renderAdminDoc(doc, 'docx'), await renderAdminDoc(doc, 'pdf')];
    // the zip entries carry a time to two seconds: render again after that
    await new Promise((r) => setTimeout(r, 2100));
    const [docx2, pdf2] = [await renderAdminDoc(doc, 'docx'), await renderAdminDoc(doc, 'pdf')];
    expect(docx1.equals(docx2)).toBe(true);
    expect(pdf1.equals(pdf2)).toBe(true);
    const zip = await JSZip.loadAsync(docx1);
    const core = await zip.file('docProps/core.xml')!.async('string');
    expect(core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2019-12-20T03:00:00Z</dcterms:created>');
    expect(core).toContain('<dcterms:modified xsi:type="dcterms:W3CDTF">2019-12-20T03:00:00Z</dcterms:modified>');
    for (const f of Object.values(zip.files)) expect(f.date.toISOString(), f.name).toBe('2019-12-20T03:00:00.000Z');
    expect(pdf1.toString('latin1')).toContain('(D:20191220030000Z)');
  }, 20_000);
});

describe('DOCX keeps', () => {
  it('names hold no-break spaces in the place name, the closing sentence keeps with the signatures', async () => {
    const buf = await renderAdminDoc(minutesDoc(minutes(2)), 'docx');
    const xml = await docxXml(buf);
    expect(xml).toContain('SỞ TÀI\u00a0CHÍNH TỈNH\u00a0HÀ\u00a0NAM'); // "tài chính" is one word; the place name is one piece
    const closing = /<w:p>(?:(?!<w:p>)[\s\S])*?Biên bản được lập[\s\S]*?<\/w:p>/.exec(xml)![0];
    expect(closing).toContain('<w:keepNext/>');
    // every row cannot split
    expect((xml.match(/<w:tr>/g) ?? []).length).toBe((xml.match(/<w:cantSplit\/>/g) ?? []).length);
    expect((await docxParagraphs(buf)).join('\n')).toContain('Chủ trì: Nguyễn Văn Hùng – Giám đốc Sở Tài chính tỉnh Hà Nam');
  });
});

// LibreOffice lays the DOCX out with Liberation Serif (metric-compatible with Times New Roman), as
// Word does with Times New Roman: the same checks on its pages. Runs only where soffice is installed
// (Debian: libreoffice-writer-nogui).
describe.skipIf(!sofficePath())('DOCX as LibreOffice lays it out', () => {
  it('minutes and pledge: the signatures with the closing sentence, boxes whole, names whole', async () => {
    const cases: Record<string, AdminDoc> = {};
    for (const n of [0, 8, 16, 24, 32, 40]) cases[`minutes-${n}`] = minutesDoc(minutes(n));
    for (const m of [8, 14]) for (const b of [3, 12]) cases[`pledge-${m}-${b}`] = pledgeDoc(pledge(m, b));
    const docx: Record<string, Buffer> = {};
    for (const [k, d] of Object.entries(cases)) docx[k] = await renderAdminDoc(d, 'docx');
    const started = Date.now();
    const pdfs = await docxToPdfWithLibreOffice(docx);
    console.info(`LibreOffice converted ${Object.keys(docx).length} DOCX in ${Date.now() - started} ms`);
    for (const [k, buf] of Object.entries(pdfs)) {
      const pages = await pdfLines(buf);
      const lines = pages.flat();
      expect(lines.filter((l) => / (HÀ|Hà)$/.test(l)), `${k}: a name broken before Nam`).toEqual([]);
      if (k.startsWith('minutes')) {
        expect(pageOf(pages, 'CHỦ TRÌ'), k).toBe(pageOf(pages, CLOSING));
        expect(lastPageOf(pages, 'Nguyễn Văn Hùng'), k).toBe(pageOf(pages, 'CHỦ TRÌ'));
      } else {
        const m = Number(k.split('-')[1]);
        // two boxes side by side share their printed lines: find a box by the first words of its unit
        const head = (i: number) => `ĐẠI DIỆN ${UNITS[i].toLocaleUpperCase('vi-VN').split(' ').slice(0, 2).join(' ')}`;
        for (let i = 0; i < m - 1; i++) {
          expect(pageOf(pages, head(i)), `${k}: ${i}`).toBeGreaterThanOrEqual(0);
          expect(pageOf(pages, `Người Ký Số ${i + 1}`), `${k}: ${i}`).toBe(pageOf(pages, head(i)));
        }
        expect(pageOf(pages, head(0)), k).toBe(pageOf(pages, 'đơn vị đã ký'));
      }
    }
  }, 180_000);
});

describe('names are never broken inside a word', () => {
  it('binds the two-syllable words of agency and bloc names, and the place name', async () => {
    const { keepNamesWhole } = await import('../../src/documents/admin');
    const shown = (t: string) => keepNamesWhole(t).replace(/\u00a0/g, '~');
    expect(shown('KHỐI THI ĐUA CÁC CƠ QUAN TRUNG ƯƠNG TỈNH TÂY NINH')).toBe('KHỐI THI~ĐUA CÁC CƠ~QUAN TRUNG~ƯƠNG TỈNH~TÂY~NINH');
    expect(shown('Kho bạc Nhà nước khu vực X')).toBe('Kho~bạc Nhà~nước khu~vực~X');
    // only whole words: "quanx" is not "quan"
    expect(shown('Cơ quanx lớn nhỏ')).toBe('Cơ quanx lớn~nhỏ');
  });
});
