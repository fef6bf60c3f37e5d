// The administrative documents (Nghị định 30/2020/NĐ-CP layout) as one small model each.
// Each document is built here once; docx.ts and pdf.ts only know how to draw the model, so the
// DOCX and the PDF always carry the same text.
import { formatDate, formatDateTime, formatInt, formatPercent, formatPlaceDate, formatPoints } from '../i18n/format';
import type { AchievementReportData, DocHeader, MinutesData, PledgeDocData, ProposalLetterData, Signer, TallyData } from './types';

export type Align = 'left' | 'center' | 'right' | 'justify';

/** A piece of text with one style; renderers keep each span in one run so a string is never split. */
export type Span = { text: string; bold?: boolean; italic?: boolean; underline?: boolean };

export type Column = { header: string; /** relative width */ width: number; align: 'left' | 'center' | 'right' };

/** A signature box: role lines in bold caps, optional plain lines, room to sign, the name in bold. */
export type SignBox = { role: string[]; sub: string[]; name: string };

export type Block =
  | { kind: 'title'; text: string }
  /** keep: a heading, kept on the same page as what follows it */
  | { kind: 'para'; spans: Span[]; align: Align; indent?: boolean; keep?: boolean }
  /** a short centred rule, under the subject line of a letter */
  | { kind: 'rule' }
  /** cells may hold several lines separated by "\n" */
  | { kind: 'table'; columns: Column[]; rows: string[][] }
  /** the closing of the document: "Nơi nhận" on the left when given, signature boxes side by side */
  | { kind: 'closing'; recipients: string[] | null; signers: SignBox[] };

export type AdminHeader = {
  /** upper case lines above the issuer (the acting unit); may be empty */
  parent: string[];
  issuer: string;
  /** "Số: 01/BB-KTĐ" or "Số: ……" */
  numberLine: string;
  motto: string;
  slogan: string;
  placeDate: string;
};

export type AdminDoc = {
  /** document properties (PDF info, DOCX core properties) */
  meta: { title: string; subject: string; author: string; date: Date };
  header: AdminHeader;
  blocks: Block[];
};

export const MOTTO = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
export const SLOGAN = 'Độc lập - Tự do - Hạnh phúc';
/** what a blank number looks like, to be filled in by hand after signing */
export const BLANK_NUMBER = '……';

const upper = (s: string) => s.toLocaleUpperCase('vi-VN');

export function buildHeader(h: DocHeader): AdminHeader {
  return {
    parent: h.issuerParent.trim() ? [upper(h.issuerParent.trim())] : [],
    issuer: upper(h.issuer),
    numberLine: `Số: ${h.number.trim() || BLANK_NUMBER}`,
    motto: MOTTO,
    slogan: SLOGAN,
    placeDate: formatPlaceDate(h.place, h.date),
  };
}

// ---- small builders --------------------------------------------------------------------------

const title = (text: string): Block => ({ kind: 'title', text });
const para = (text: string, align: Align = 'justify'): Block => ({ kind: 'para', spans: [{ text }], align, indent: align === 'justify' });
const centred = (text: string, style: Omit<Span, 'text'> = {}): Block => ({ kind: 'para', spans: [{ text, ...style }], align: 'center' });
const heading = (text: string): Block => ({ kind: 'para', spans: [{ text, bold: true }], align: 'left', indent: true, keep: true });
const italic = (text: string): Block => ({ kind: 'para', spans: [{ text, italic: true }], align: 'justify', indent: true });
/** "Label: value" with the label in bold; label and value stay one span each */
const field = (label: string, value: string): Block => ({ kind: 'para', spans: [{ text: `${label}: `, bold: true }, { text: value }], align: 'left', indent: true });
/** Several "label: value" pairs on one line, separated by semicolons. */
const fields = (pairs: [string, string][]): Block => ({
  kind: 'para',
  spans: pairs.flatMap(([label, value], i) => [
    { text: i ? `; ${label.charAt(0).toLocaleLowerCase('vi-VN')}${label.slice(1)}: ` : `${label}: `, bold: true },
    { text: value },
  ]),
  align: 'left',
  indent: true,
});
const bullet = (text: string): Block => ({ kind: 'para', spans: [{ text: `- ${text}` }], align: 'justify', indent: true });

/** Free text from a form: one paragraph per non-empty line. */
function paras(text: string): Block[] {
  return text.split(/\r?\n/).map((s) => s.trim()).filter(Boolean).map((s) => para(s));
}

/** Roles may carry two lines ("KT. TRƯỞNG KHỐI / PHÓ TRƯỞNG KHỐI" or with a line break). */
export function signBox(s: Signer): SignBox {
  return {
    role: s.role.split(/\s+\/\s+|\r?\n/).map((r) => upper(r.trim())).filter(Boolean),
    sub: s.unit.trim() ? [s.unit.trim()] : [],
    name: s.name,
  };
}

/** End a sentence with the punctuation of a "Nơi nhận" list: ";" between items, "." at the end. */
function recipientLines(copies: string[]): string[] {
  const items = copies.map((c) => c.trim().replace(/^[-–]\s*/, '').replace(/[;.,]+$/, '')).filter(Boolean);
  return items.map((c, i) => `- ${c}${i === items.length - 1 ? '.' : ';'}`);
}

const basis = (lines: string[]): Block[] => lines.map((l) => l.trim()).filter(Boolean).map(italic);

// ---- the documents ---------------------------------------------------------------------------

export function minutesDoc(d: MinutesData): AdminDoc {
  const b: Block[] = [title('BIÊN BẢN'), title(upper(d.meetingTitle)), ...basis(d.legalBasis)];
  b.push(heading('I. THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN'));
  b.push(field('Thời gian', formatDate(d.heldAt)));
  b.push(field('Địa điểm', d.place));
  b.push(field('Chủ trì', withUnit(d.chairName, d.chairUnit)));
  b.push(field('Thư ký', withUnit(d.secretaryName, d.secretaryUnit)));
  b.push(field('Thành phần', `${d.membersPresent}/${d.membersTotal} đơn vị thành viên dự họp`));
  b.push(field('Vắng', d.absentees.length ? d.absentees.join('; ') : 'không'));

  b.push(heading('II. NỘI DUNG'));
  b.push(field('Phương thức biểu quyết', d.method));
  b.push(heading('1. Tổng kết công tác thi đua, khen thưởng'));
  b.push(...paras(d.summary));

  b.push(heading('2. Kết quả chấm điểm, xếp hạng'));
  b.push(d.ranking.length ? rankingTable(d.ranking) : para('Chưa có kết quả chấm điểm.'));

  b.push(heading('3. Kết quả bỏ phiếu'));
  if (!d.ballots.length) b.push(para('Hội nghị không tổ chức bỏ phiếu.'));
  for (const ballot of d.ballots) {
    b.push({ kind: 'para', spans: [{ text: ballot.title, italic: true, bold: true }], align: 'left', indent: true, keep: true });
    b.push(...ballot.result.map(bullet));
  }

  b.push(heading('4. Đề nghị khen thưởng'));
  b.push(
    d.proposals.length
      ? {
          kind: 'table',
          columns: [
            { header: 'STT', width: 8, align: 'center' },
            { header: 'Đơn vị', width: 42, align: 'left' },
            { header: 'Hình thức khen thưởng', width: 32, align: 'left' },
            { header: 'Ghi chú', width: 18, align: 'left' },
          ],
          rows: d.proposals.map((p) => [String(p.stt), p.name, p.award, p.note]),
        }
      : para('Không có đơn vị được đề nghị khen thưởng.'),
  );

  b.push(heading('5. Bầu Trưởng khối, Phó Trưởng khối năm tiếp theo'));
  b.push(field('Phương thức', d.handoverMethod));
  b.push(field('Trưởng khối', d.nextHead));
  b.push(field('Phó Trưởng khối', d.nextDeputy));
  b.push(para('Biên bản được lập và thông qua tại hội nghị, các thành viên dự họp thống nhất với nội dung biên bản./.'));

  // The secretary signs on the left and the chair on the right; fall back to the named people.
  const signers = d.signers.length
    ? [...d.signers].sort((x, y) => Number(!/THƯ KÝ/i.test(x.role)) - Number(!/THƯ KÝ/i.test(y.role)))
    : [
        { role: 'THƯ KÝ', unit: '', name: d.secretaryName },
        { role: 'CHỦ TRÌ', unit: '', name: d.chairName },
      ];
  b.push({ kind: 'closing', recipients: null, signers: signers.map(signBox) });
  return {
    meta: { title: `Biên bản ${d.meetingTitle}`, subject: d.meetingTitle, author: d.header.issuer, date: d.header.date },
    header: buildHeader(d.header),
    blocks: b,
  };
}

function withUnit(name: string, unit: string): string {
  return unit.trim() ? `${name} – ${unit.trim()}` : name;
}

function rankingTable(rows: MinutesData['ranking']): Block {
  return {
    kind: 'table',
    columns: [
      { header: 'Hạng', width: 9, align: 'center' },
      { header: 'Đơn vị', width: 33, align: 'left' },
      { header: 'Điểm chuẩn', width: 11, align: 'right' },
      { header: 'Cộng', width: 9, align: 'right' },
      { header: 'Trừ', width: 9, align: 'right' },
      { header: 'Tổng', width: 11, align: 'right' },
      { header: 'Xếp loại', width: 18, align: 'center' },
    ],
    rows: rows.map((r) => [
      String(r.rank),
      r.name,
      formatPoints(r.baseCenti),
      formatPoints(r.bonusCenti),
      formatPoints(r.deductionCenti),
      formatPoints(r.totalCenti),
      r.band,
    ]),
  };
}

export function tallyDoc(d: TallyData): AdminDoc {
  const b: Block[] = [title('BIÊN BẢN KIỂM PHIẾU'), title(d.ballotTitle)];
  b.push(fields([['Thời gian', formatDate(d.heldAt)], ['Vòng bỏ phiếu', String(d.round)], ['Hình thức', d.method]]));
  b.push(fields([['Tổng số đơn vị thành viên', formatInt(d.membersTotal)], ['Số đơn vị có mặt', formatInt(d.membersPresent)]]));
  b.push(fields([['Số phiếu phát ra', formatInt(d.issued)], ['Số phiếu thu về', formatInt(d.returned)]]));
  b.push(fields([['Số phiếu hợp lệ', formatInt(d.valid)], ['Số phiếu không hợp lệ', formatInt(d.invalid)]]));
  b.push(fields([['Số lượng được chọn', formatInt(d.seats)], ['Nguyên tắc', d.thresholdText]]));
  b.push(
    para(
      d.quorumMet
        ? 'Số đơn vị có mặt đủ điều kiện theo quy định để tiến hành bỏ phiếu.'
        : 'Số đơn vị có mặt không đủ điều kiện theo quy định để tiến hành bỏ phiếu.',
    ),
  );
  b.push(heading('Kết quả kiểm phiếu:'));
  b.push({
    kind: 'table',
    columns: [
      { header: 'STT', width: 8, align: 'center' },
      { header: 'Đơn vị', width: 44, align: 'left' },
      { header: 'Số phiếu', width: 12, align: 'right' },
      { header: 'Tỷ lệ', width: 14, align: 'right' },
      { header: 'Kết quả', width: 22, align: 'center' },
    ],
    rows: d.candidates.map((c, i) => [String(i + 1), c.name, formatInt(c.votes), formatPercent(c.ratio), c.elected ? 'Trúng cử' : 'Không trúng cử']),
  });
  if (d.result.length) {
    b.push(heading('Kết luận:'));
    b.push(...d.result.map(bullet));
  }
  b.push(para('Ban kiểm phiếu lập biên bản này và công bố kết quả tại hội nghị./.'));
  b.push({ kind: 'closing', recipients: null, signers: d.signers.map(signBox) });
  return {
    meta: { title: `Biên bản kiểm phiếu: ${d.ballotTitle}`, subject: d.ballotTitle, author: d.header.issuer, date: d.header.date },
    header: buildHeader(d.header),
    blocks: b,
  };
}

export function proposalLetterDoc(d: ProposalLetterData): AdminDoc {
  const b: Block[] = [title('TỜ TRÌNH'), centred(d.subject, { bold: true }), { kind: 'rule' }];
  b.push(centred(`Kính gửi: ${d.recipient}`));
  b.push(...basis(d.legalBasis));
  b.push(...paras(d.body));
  d.lists.forEach((list, i) => {
    b.push(heading(`${i + 1}. ${list.award}`));
    b.push({
      kind: 'table',
      columns: [
        { header: 'STT', width: 7, align: 'center' },
        { header: 'Đơn vị', width: 33, align: 'left' },
        { header: 'Tổng điểm', width: 12, align: 'right' },
        { header: 'Xếp hạng', width: 10, align: 'center' },
        { header: 'Thành tích', width: 38, align: 'left' },
      ],
      rows: list.rows.map((r) => [String(r.stt), r.name, formatPoints(r.totalCenti), r.rank === null ? '' : String(r.rank), r.achievements]),
    });
  });
  b.push(para(`Kính trình ${d.recipient} xem xét, quyết định./.`));
  b.push({ kind: 'closing', recipients: recipientLines(d.copies), signers: [signBox(d.signer)] });
  return {
    meta: { title: `Tờ trình ${d.subject}`, subject: d.subject, author: d.header.issuer, date: d.header.date },
    header: buildHeader(d.header),
    blocks: b,
  };
}

export function pledgeDoc(d: PledgeDocData): AdminDoc {
  const b: Block[] = [title(upper(d.title))];
  if (d.theme.trim()) b.push(centred(d.theme.trim(), { italic: true, bold: true }));
  b.push(...paras(d.body));
  if (d.targets.trim()) {
    b.push(heading('Các chỉ tiêu, nhiệm vụ thi đua'));
    b.push(...paras(d.targets));
  }
  b.push(heading('Các đơn vị thành viên ký giao ước'));
  b.push({
    kind: 'table',
    columns: [
      { header: 'STT', width: 8, align: 'center' },
      { header: 'Đơn vị', width: 30, align: 'left' },
      { header: 'Người ký', width: 21, align: 'left' },
      { header: 'Chức vụ', width: 17, align: 'left' },
      { header: 'Thời điểm ký', width: 24, align: 'center' },
    ],
    // The order is the caller's: head first, deputy second, then the members.
    rows: d.signatures.map((s, i) => [
      String(i + 1),
      s.role.trim() ? `${s.unit}\n(${s.role.trim()})` : s.unit,
      s.signerName,
      s.signerTitle,
      s.signedAt ? formatDateTime(s.signedAt) : 'Chưa ký',
    ]),
  });
  return {
    meta: { title: d.title, subject: d.theme, author: d.header.issuer, date: d.header.date },
    header: buildHeader(d.header),
    blocks: b,
  };
}

/** The unit's achievement report, part of the dossier of a proposal (tờ trình + báo cáo + biên bản). */
export function achievementReportDoc(d: AchievementReportData): AdminDoc {
  const b: Block[] = [title('BÁO CÁO THÀNH TÍCH'), centred(`Đề nghị tặng ${d.award} năm ${d.year}`, { bold: true }), { kind: 'rule' }];
  b.push(heading('I. Sơ lược đặc điểm, tình hình'));
  b.push(field('Tên đơn vị', d.unitName));
  b.push(field('Thành viên', d.blocName));
  if (d.staffCount > 0) b.push(field('Tổng số cán bộ, công chức, người lao động', formatInt(d.staffCount)));
  b.push(heading(`II. Thành tích đạt được năm ${d.year}`));
  if (d.targets.trim()) {
    b.push(para('Các chỉ tiêu đơn vị đăng ký từ đầu năm:'));
    b.push(...d.targets.split(/\r?\n/).map((s) => s.trim()).filter(Boolean).map(bullet));
  }
  b.push(para(`Kết quả chấm điểm, xếp hạng thi đua của khối (điểm đã được khối thẩm định):`));
  b.push({
    kind: 'table',
    columns: [
      { header: 'Tổng điểm', width: 18, align: 'right' },
      { header: 'Điểm cộng', width: 16, align: 'right' },
      { header: 'Điểm trừ', width: 16, align: 'right' },
      { header: 'Xếp hạng', width: 20, align: 'center' },
      { header: 'Xếp loại', width: 30, align: 'left' },
    ],
    rows: [[formatPoints(d.totalCenti), formatPoints(d.bonusCenti), formatPoints(d.deductionCenti), `${d.rank}/${d.membersTotal}`, d.band]],
  });
  if (d.voteResult) b.push(para(`Hội nghị tổng kết của khối suy tôn: ${d.voteResult}.`));
  b.push(...paras(d.achievements));
  b.push(heading('III. Đề nghị'));
  b.push(para(`Đơn vị kính đề nghị Ủy ban nhân dân tỉnh xem xét, tặng ${d.award} năm ${d.year}./.`));
  b.push({ kind: 'closing', recipients: null, signers: [signBox(d.signer)] });
  return {
    meta: { title: `Báo cáo thành tích ${d.unitName}`, subject: `Đề nghị tặng ${d.award} năm ${d.year}`, author: d.unitName, date: d.header.date },
    header: buildHeader(d.header),
    blocks: b,
  };
}
