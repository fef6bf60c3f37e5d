// Renders every conference document from Vietnamese sample data, opens the file again and reads
// what a person would see: the text of the DOCX paragraphs, the text of the PDF pages (which proves
// the embedded font maps Vietnamese glyphs back to Unicode) and the cells of the XLSX sheets.
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import {
  EXT,
  MIME,
  minutesDocx,
  minutesPdf,
  pledgeDocx,
  pledgePdf,
  proposalLetterDocx,
  proposalLetterPdf,
  tallyDocx,
  tallyPdf,
} from '../../src/documents';
import { docxParagraphs, docxRuns, pdfText } from '../support/documents';
import type { DocHeader, MinutesData, PledgeDocData, ProposalLetterData, RankRow, TallyData } from '../../src/documents';

const ISSUER = 'Khối thi đua các cơ quan Trung ương tỉnh Nghệ An';
const ISSUER_UP = 'KHỐI THI ĐUA CÁC CƠ QUAN TRUNG ƯƠNG TỈNH NGHỆ AN';
const THUE = 'Cục Thuế Nghệ An';
const HQ = 'Cục Hải quan Nghệ An';
const BHXH = 'Bảo hiểm xã hội tỉnh Nghệ An';
const KBNN = 'Kho bạc Nhà nước Nghệ An';
const DATE = new Date('2019-11-15T03:00:00Z');
const PLACE_DATE = 'Nghệ An, ngày 15 tháng 11 năm 2019';
const MOTTO = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
const SLOGAN = 'Độc lập - Tự do - Hạnh phúc';

const header = (number: string): DocHeader => ({ issuer: ISSUER, issuerParent: HQ, number, place: 'Nghệ An', date: DATE });

const ranking: RankRow[] = [
  { rank: 1, name: THUE, baseCenti: 9500, bonusCenti: 350, deductionCenti: 100, totalCenti: 9750, band: 'Xuất sắc' },
  { rank: 2, name: HQ, baseCenti: 9300, bonusCenti: 200, deductionCenti: 0, totalCenti: 9500, band: 'Xuất sắc' },
  { rank: 3, name: BHXH, baseCenti: 8825, bonusCenti: 0, deductionCenti: 50, totalCenti: 8775, band: 'Tốt' },
];

const minutes = (over: Partial<MinutesData> = {}): MinutesData => ({
  header: header('01/BB-KTĐ'),
  meetingTitle: 'Hội nghị tổng kết công tác thi đua, khen thưởng năm 2019',
  legalBasis: ['Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003;', 'Căn cứ Quy chế hoạt động của Khối thi đua;'],
  heldAt: DATE,
  place: 'Hội trường Cục Hải quan Nghệ An',
  chairName: 'Nguyễn Văn Hùng',
  chairTitle: '',
  chairUnit: HQ,
  secretaryName: 'Trần Thị Lan',
  secretaryUnit: THUE,
  membersTotal: 8,
  membersPresent: 7,
  absentees: [KBNN],
  method: 'Bỏ phiếu kín',
  summary: 'Năm 2019, các đơn vị trong Khối đã hoàn thành xuất sắc nhiệm vụ chính trị được giao.\nPhong trào thi đua được triển khai sâu rộng.',
  ranking,
  honorees: [
    { name: THUE, note: 'Đơn vị tiêu biểu' },
    { name: 'Nguyễn Thị Mai', note: 'Cục Thuế Nghệ An, sáng kiến cải cách hành chính' },
  ],
  tasksAhead: 'Tiếp tục đẩy mạnh các phong trào thi đua năm 2020.',
  ballots: [{ title: 'Suy tôn đơn vị đề nghị tặng Cờ thi đua của UBND tỉnh năm 2019', result: ['Cục Thuế Nghệ An: trúng cử (7/8 phiếu, 87,50%)'] }],
  proposals: [
    { stt: 1, name: THUE, award: 'Cờ thi đua của UBND tỉnh', note: 'Dẫn đầu Khối' },
    { stt: 2, name: HQ, award: 'Bằng khen của Chủ tịch UBND tỉnh', note: '' },
  ],
  nextHead: BHXH,
  nextDeputy: KBNN,
  handoverMethod: 'Theo thứ tự luân phiên đã thống nhất',
  signers: [
    { role: 'CHỦ TRÌ', unit: HQ, name: 'Nguyễn Văn Hùng' },
    { role: 'THƯ KÝ', unit: THUE, name: 'Trần Thị Lan' },
  ],
  ...over,
});

const tally: TallyData = {
  header: header('02/BB-KP'),
  ballotTitle: 'Suy tôn đơn vị đề nghị tặng Cờ thi đua của UBND tỉnh năm 2019',
  round: 1,
  method: 'Bỏ phiếu kín',
  heldAt: DATE,
  membersTotal: 8,
  membersPresent: 7,
  issued: 7,
  returned: 7,
  valid: 6,
  invalid: 1,
  seats: 1,
  thresholdText: 'Trúng cử khi được trên 50% tổng số đơn vị thành viên đồng ý',
  quorumMet: true,
  candidates: [
    { name: THUE, votes: 7, ratio: 7 / 8, elected: true },
    { name: HQ, votes: 3, ratio: 3 / 8, elected: false },
  ],
  result: ['Cục Thuế Nghệ An: trúng cử (7/8 phiếu, 87,50%)'],
  signers: [
    { role: 'TRƯỞNG BAN KIỂM PHIẾU', unit: BHXH, name: 'Lê Minh Đức' },
    { role: 'THÀNH VIÊN', unit: KBNN, name: 'Phạm Thị Hoa' },
  ],
};

const letterRows = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    stt: i + 1,
    name: i === 0 ? THUE : `Đơn vị thành viên số ${i + 1} tỉnh Nghệ An`,
    totalCenti: i === 0 ? 9750 : 9000 - i * 10,
    rank: i + 1,
    achievements: 'Hoàn thành xuất sắc nhiệm vụ, dẫn đầu phong trào thi đua',
  }));

const letter = (over: Partial<ProposalLetterData> = {}): ProposalLetterData => ({
  header: header(''),
  subject: 'Về việc đề nghị tặng Cờ thi đua của UBND tỉnh năm 2019',
  recipient: 'Ủy ban nhân dân tỉnh Nghệ An',
  legalBasis: ['Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31/7/2017 của Chính phủ;'],
  body: 'Khối thi đua đã tổ chức Hội nghị tổng kết và bình xét khen thưởng năm 2019.',
  lists: [
    { award: 'Cờ thi đua của UBND tỉnh', rows: letterRows(1) },
    { award: 'Bằng khen của Chủ tịch UBND tỉnh', rows: [{ stt: 1, name: HQ, totalCenti: null, rank: null, achievements: 'Có thành tích xuất sắc' }] },
  ],
  copies: ['Như trên', 'Ban Thi đua - Khen thưởng tỉnh', 'Lưu: VT'],
  signer: { role: 'TRƯỞNG KHỐI', unit: HQ, name: 'Nguyễn Văn Hùng' },
  ...over,
});

const pledge: PledgeDocData = {
  header: header('03/GƯ-KTĐ'),
  title: 'Giao ước thi đua năm 2020',
  theme: 'Đoàn kết, kỷ cương, sáng tạo, hoàn thành xuất sắc nhiệm vụ',
  body: 'Các đơn vị thành viên Khối thi đua cùng ký giao ước thi đua năm 2020.',
  targets: 'Hoàn thành 100% chỉ tiêu được giao.\nKhông có cán bộ vi phạm kỷ luật.',
  legalBasis: ['Căn cứ Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003;'],
  signatures: [
    { unit: BHXH, role: 'Trưởng khối', signerName: 'Hoàng Văn Sơn', signerTitle: 'Giám đốc', signedAt: new Date('2020-02-10T02:30:00Z') },
    { unit: KBNN, role: 'Phó Trưởng khối', signerName: 'Phạm Thị Hoa', signerTitle: 'Giám đốc', signedAt: new Date('2020-02-11T08:05:00Z') },
    { unit: THUE, role: '', signerName: 'Trần Thị Lan', signerTitle: 'Cục trưởng', signedAt: null },
  ],
};

// ---- reading the files back ------------------------------------------------------------------

function expectAll(haystack: string, needles: string[]): void {
  for (const n of needles) expect(haystack, n).toContain(n);
}

const isPdf = (b: Buffer) => b.subarray(0, 5).toString('latin1') === '%PDF-';
const isZip = (b: Buffer) => b[0] === 0x50 && b[1] === 0x4b;

// ---- the documents ---------------------------------------------------------------------------

describe('biên bản hội nghị tổng kết', () => {
  const expected = [
    MOTTO,
    SLOGAN,
    PLACE_DATE,
    'Số: 01/BB-KTĐ',
    ISSUER_UP,
    'CỤC HẢI QUAN NGHỆ AN',
    'BIÊN BẢN',
    'HỘI NGHỊ TỔNG KẾT CÔNG TÁC THI ĐUA, KHEN THƯỞNG NĂM 2019',
    'Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003;',
    'Thời gian: 15/11/2019',
    'Địa điểm: Hội trường Cục Hải quan Nghệ An',
    'Chủ trì: Nguyễn Văn Hùng – Cục Hải quan Nghệ An',
    'Thư ký: Trần Thị Lan – Cục Thuế Nghệ An',
    'Thành phần: 7/8 đơn vị thành viên',
    `Vắng: ${KBNN}`,
    'Bỏ phiếu kín',
    'Phong trào thi đua được triển khai sâu rộng.',
    'Điểm chuẩn',
    'Xếp loại',
    '97,5',
    '88,25',
    'Xuất sắc',
    'Suy tôn đơn vị đề nghị tặng Cờ thi đua của UBND tỉnh năm 2019',
    'Cục Thuế Nghệ An: trúng cử (7/8 phiếu, 87,50%)',
    'Hình thức khen thưởng',
    'Bằng khen của Chủ tịch UBND tỉnh',
    'Dẫn đầu Khối',
    `Trưởng khối: ${BHXH}`,
    `Phó Trưởng khối: ${KBNN}`,
    'Theo thứ tự luân phiên đã thống nhất',
    'THƯ KÝ',
    'CHỦ TRÌ',
  ];

  it('DOCX carries the header, the body, the tables and both signers', async () => {
    const buf = await minutesDocx(minutes());
    expect(isZip(buf)).toBe(true);
    const paras = await docxParagraphs(buf);
    expectAll(paras.join('\n'), expected);
    const runs = await docxRuns(buf);
    for (const s of [MOTTO, SLOGAN, PLACE_DATE, 'Số: 01/BB-KTĐ', THUE, '97,5', 'Nguyễn Văn Hùng', 'Trần Thị Lan']) expect(runs, s).toContain(s);
    // the secretary signs on the left, the chair on the right, whatever order the data had
    expect(paras.indexOf('THƯ KÝ')).toBeLessThan(paras.indexOf('CHỦ TRÌ'));
    expect(paras.indexOf('Trần Thị Lan', paras.indexOf('THƯ KÝ'))).toBeGreaterThan(0);
  });

  it('DOCX uses A4, the NĐ 30 margins and Times New Roman 13', async () => {
    const zip = await JSZip.loadAsync(await minutesDocx(minutes()));
    const doc = await zip.file('word/document.xml')!.async('string');
    expect(doc).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    const margin = doc.match(/<w:pgMar [^>]*>/)![0];
    // 20 mm ≈ 1134 twips, 30 mm ≈ 1701, 15 mm ≈ 850
    expect(margin).toMatch(/w:top="113[34]"/);
    expect(margin).toMatch(/w:bottom="113[34]"/);
    expect(margin).toMatch(/w:left="170[01]"/);
    expect(margin).toMatch(/w:right="85[01]"/);
    const styles = await zip.file('word/styles.xml')!.async('string');
    expect(styles).toContain('Times New Roman');
    expect(styles).toMatch(/<w:sz w:val="26"\/>/);
  });

  it('PDF text is extractable with its Vietnamese diacritics', async () => {
    const buf = await minutesPdf(minutes());
    expect(isPdf(buf)).toBe(true);
    const { text } = await pdfText(buf);
    expectAll(text, [...expected, 'Nguyễn Văn Hùng', 'Trần Thị Lan']);
  });

  it('no absentee reads "Vắng: không"', async () => {
    const d = minutes({ absentees: [], membersPresent: 8 });
    expect((await docxParagraphs(await minutesDocx(d))).join('\n')).toContain('Vắng: không');
    const { text } = await pdfText(await minutesPdf(d));
    expectAll(text, ['Vắng: không', 'Thành phần: 8/8 đơn vị thành viên']);
  });

  it('the same data gives the same PDF', async () => {
    const [a, b] = await Promise.all([minutesPdf(minutes()), minutesPdf(minutes())]);
    expect(a.equals(b)).toBe(true);
  });
});

describe('biên bản kiểm phiếu', () => {
  const expected = [
    MOTTO,
    SLOGAN,
    PLACE_DATE,
    'Số: 02/BB-KP',
    'BIÊN BẢN KIỂM PHIẾU',
    'Suy tôn đơn vị đề nghị tặng Cờ thi đua của UBND tỉnh năm 2019',
    'Tổng số đơn vị thành viên: 8',
    'số đơn vị có mặt: 7',
    'Số phiếu phát ra: 7',
    'số phiếu thu về: 7',
    'Số phiếu hợp lệ: 6',
    'số phiếu không hợp lệ: 1',
    'Trúng cử khi được trên 50% tổng số đơn vị thành viên đồng ý',
    'đủ điều kiện theo quy định để tiến hành bỏ phiếu',
    THUE,
    HQ,
    '87,50%',
    '37,50%',
    'Trúng cử',
    'Không trúng cử',
    'Cục Thuế Nghệ An: trúng cử (7/8 phiếu, 87,50%)',
    'TRƯỞNG BAN KIỂM PHIẾU',
    'Lê Minh Đức',
    'Phạm Thị Hoa',
  ];

  it('DOCX', async () => {
    const paras = (await docxParagraphs(await tallyDocx(tally))).join('\n');
    expectAll(paras, expected);
    expect(paras).not.toContain('không đủ điều kiện');
  });

  it('PDF', async () => {
    const { text } = await pdfText(await tallyPdf(tally));
    expectAll(text, expected);
  });

  it('says when the quorum is not met', async () => {
    const paras = (await docxParagraphs(await tallyDocx({ ...tally, quorumMet: false }))).join('\n');
    expect(paras).toContain('không đủ điều kiện theo quy định để tiến hành bỏ phiếu');
  });
});

describe('tờ trình đề nghị khen thưởng', () => {
  const expected = [
    MOTTO,
    SLOGAN,
    PLACE_DATE,
    'Số: ……',
    ISSUER_UP,
    'TỜ TRÌNH',
    'Về việc đề nghị tặng Cờ thi đua của UBND tỉnh năm 2019',
    'Kính gửi: Ủy ban nhân dân tỉnh Nghệ An',
    'Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31/7/2017 của Chính phủ;',
    '1. Cờ thi đua của UBND tỉnh',
    '2. Bằng khen của Chủ tịch UBND tỉnh',
    THUE,
    HQ,
    '97,5',
    'Thành tích',
    'Nơi nhận:',
    '- Như trên;',
    '- Lưu: VT.',
    'TRƯỞNG KHỐI',
    'Nguyễn Văn Hùng',
  ];

  it('DOCX, with a blank number to fill in by hand', async () => {
    const paras = await docxParagraphs(await proposalLetterDocx(letter()));
    expectAll(paras.join('\n'), expected);
    expect(paras).toContain('Số: ……');
  });

  it('PDF', async () => {
    const { text } = await pdfText(await proposalLetterPdf(letter()));
    expectAll(text, expected);
  });

  it('a long list runs onto more pages, its header repeated', async () => {
    const d = letter({ lists: [{ award: 'Giấy khen của Khối thi đua', rows: letterRows(60) }] });
    const { text, pages } = await pdfText(await proposalLetterPdf(d));
    expect(pages).toBeGreaterThan(1);
    expectAll(text, ['Đơn vị thành viên số 60 tỉnh Nghệ An', 'Nguyễn Văn Hùng']);
    // the table's header row is drawn again on the page it runs onto
    expect((text.match(/Thành tích/g) ?? []).length).toBeGreaterThan(1);
    const paras = await docxParagraphs(await proposalLetterDocx(d));
    expect(paras).toContain('Đơn vị thành viên số 60 tỉnh Nghệ An');
  });
});

describe('giao ước thi đua', () => {
  const expected = [
    MOTTO,
    SLOGAN,
    PLACE_DATE,
    'Số: 03/GƯ-KTĐ',
    'GIAO ƯỚC THI ĐUA NĂM 2020',
    'Đoàn kết, kỷ cương, sáng tạo, hoàn thành xuất sắc nhiệm vụ',
    'Hoàn thành 100% chỉ tiêu được giao.',
    'ĐẠI DIỆN BẢO HIỂM XÃ HỘI TỈNH NGHỆ AN',
    '(Trưởng khối)',
    'Hoàng Văn Sơn',
    'Đã ký ngày 10/02/2020',
    'Phạm Thị Hoa',
    'Đã ký ngày 11/02/2020',
    'GIÁM ĐỐC',
    'ĐẠI DIỆN CỤC THUẾ NGHỆ AN',
    'Chưa ký',
    '(2/3 đơn vị đã ký)',
  ];

  it('DOCX has one signature box per member (unit, part, post, date, name), head and deputy first', async () => {
    const paras = await docxParagraphs(await pledgeDocx(pledge));
    expectAll(paras.join('\n'), expected);
    const at = (s: string) => paras.indexOf(s);
    expect(at('ĐẠI DIỆN BẢO HIỂM XÃ HỘI TỈNH NGHỆ AN')).toBeGreaterThan(0);
    expect(at('ĐẠI DIỆN BẢO HIỂM XÃ HỘI TỈNH NGHỆ AN')).toBeLessThan(at('ĐẠI DIỆN KHO BẠC NHÀ NƯỚC NGHỆ AN'));
    expect(at('ĐẠI DIỆN KHO BẠC NHÀ NƯỚC NGHỆ AN')).toBeLessThan(at('ĐẠI DIỆN CỤC THUẾ NGHỆ AN'));
    // the name sits alone on its line, under the post; an unsigned member has no name and no post
    expect(at('Hoàng Văn Sơn')).toBeGreaterThan(at('GIÁM ĐỐC'));
    expect(paras).not.toContain('CỤC TRƯỞNG');
    expect(paras).not.toContain('Trần Thị Lan');
    // no table of signatures any more: the boxes are the signatures
    expect(paras).not.toContain('Thời điểm ký');
  });

  it('PDF', async () => {
    const { text } = await pdfText(await pledgePdf(pledge));
    expectAll(text, expected);
  });
});

// The workbooks (scoreboard, ranking) are tested in tests/unit/xlsx.test.ts and tests/http/documents-xlsx.test.ts.

describe('MIME types and extensions', () => {
  it('are the standard ones', () => {
    expect(MIME.docx).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(MIME.pdf).toBe('application/pdf');
    expect(MIME.xlsx).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(EXT).toEqual({ docx: '.docx', pdf: '.pdf', xlsx: '.xlsx' });
  });
});

describe('căn cứ lines of the proposal letter', () => {
  it('cite the law and decree once, then each other text of the province once', async () => {
    const { basisLines } = await import('../../src/modules/documents/service');
    const lines = basisLines(
      [
        'Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định 152/2025/NĐ-CP',
        'Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định 152/2025/NĐ-CP; quy chế hoạt động khối thi đua của tỉnh',
        'Quyết định số 12/2019/QĐ-UBND ban hành quy chế khối thi đua; quy chế hoạt động khối thi đua của tỉnh',
      ],
      new Date('2025-11-20T03:00:00Z'),
    );
    expect(lines).toHaveLength(4);
    expect(lines.filter((l) => l.includes('06/2022/QH15'))).toHaveLength(1);
    expect(lines.filter((l) => l.includes('152/2025/NĐ-CP'))).toHaveLength(1);
    expect(lines).toContain('Căn cứ quy chế hoạt động khối thi đua của tỉnh;');
    expect(lines).toContain('Căn cứ Quyết định số 12/2019/QĐ-UBND ban hành quy chế khối thi đua;');
  });
});
