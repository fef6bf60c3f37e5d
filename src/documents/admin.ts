// The administrative documents (Nghị định 30/2020/NĐ-CP layout) as one small model each.
// Each document is built here once; docx.ts and pdf.ts only know how to draw the model, so the
// DOCX and the PDF always carry the same text.
import { formatDate, formatInt, formatPercent, formatPlaceDate, formatPoints } from '../i18n/format';
import type { AchievementReportData, DocHeader, Honoree, MinutesData, PledgeDocData, ProposalLetterData, Signer, TallyData } from './types';

export type Align = 'left' | 'center' | 'right' | 'justify';

/** A piece of text with one style; renderers keep each span in one run so a string is never split. */
export type Span = { text: string; bold?: boolean; italic?: boolean; underline?: boolean };

/** names: the cells hold names of units or people, kept whole (see keepNamesWhole) */
export type Column = { header: string; /** relative width */ width: number; align: 'left' | 'center' | 'right'; names?: boolean };

/**
 * A signature box: role lines in bold caps, plain lines (unit, post), the post in bold caps when
 * it stands alone, room to sign (a note such as "Đã ký ngày …" in italics inside it), the name in
 * bold. Renderers never split a box across pages, and keep the first row of boxes on the page of
 * the paragraph before it.
 */
export type SignBox = { role: string[]; sub: string[]; title: string[]; note: string; name: string };

export type Block =
  | { kind: 'title'; text: string }
  /** keep: a heading, kept on the same page as what follows it */
  | { kind: 'para'; spans: Span[]; align: Align; indent?: boolean; keep?: boolean }
  /** a short centred rule, under the subject line of a letter */
  | { kind: 'rule' }
  /** cells may hold several lines separated by "\n" */
  | { kind: 'table'; columns: Column[]; rows: string[][] }
  /** the closing of the document: "Nơi nhận" on the left when given, signature boxes side by side (perRow: at most 3 by default) */
  | { kind: 'closing'; recipients: string[] | null; signers: SignBox[]; perRow?: number };

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

export const NBSP = '\u00a0';

const PLACE_WORDS = /(^|\s)(tỉnh|thành phố|khu vực|TỈNH|THÀNH PHỐ|KHU VỰC|Tỉnh|Thành phố|Khu vực)(\s+\S+){1,5}$/u;

/**
 * A unit's name with no-break spaces where a line must not break: inside the place name at its end
 * ("TỈNH HÀ NAM", "khu vực Nghệ Tĩnh") and between its last two words, so a narrow column gives
 * "SỞ TÀI CHÍNH / TỈNH HÀ NAM", never "SỞ TÀI CHÍNH TỈNH HÀ / NAM".
 */
/**
 * Two-syllable words of agency and bloc names: a line never breaks inside one ("CƠ / QUAN",
 * "TRUNG / ƯƠNG"). Vietnamese writes a word's syllables apart, so only a list can tell them.
 */
const COMPOUNDS = [
  'cơ quan', 'trung ương', 'thi đua', 'khen thưởng', 'tài chính', 'nhà nước', 'bảo hiểm', 'xã hội', 'hải quan',
  'kho bạc', 'thống kê', 'ngân hàng', 'chi nhánh', 'chi cục', 'quản lý', 'thị trường', 'dự trữ', 'kế hoạch',
  'đầu tư', 'văn phòng', 'đại biểu', 'quốc hội', 'hội đồng', 'nhân dân', 'ủy ban', 'tư pháp', 'thi hành',
  'dân sự', 'điện lực', 'viễn thông', 'bưu điện', 'tổng hợp', 'nội chính', 'kinh tế', 'văn hóa', 'giáo dục',
  'y tế', 'công an', 'quân sự', 'khu vực', 'thành phố', 'doanh nghiệp', 'đoàn thể', 'công thương', 'nông nghiệp',
];
const COMPOUND = new RegExp(`(?<!\\p{L})(${COMPOUNDS.map((w) => w.replace(' ', ')\\s+(')).map((w) => `(?:${w})`).join('|')})(?!\\p{L})`, 'giu');

/** The spaces inside the listed two-syllable words become no-break spaces. */
export function bindCompounds(text: string): string {
  return text.replace(COMPOUND, (w) => w.replace(/\s+/u, NBSP));
}

export function keepNamesWhole(text: string): string {
  let s = bindCompounds(text.trim());
  const m = PLACE_WORDS.exec(s);
  if (m) s = s.slice(0, m.index + m[1].length) + s.slice(m.index + m[1].length).replace(/\s+/g, NBSP);
  return s.replace(/\s+(\S+)$/u, `${NBSP}$1`);
}

/** The document with the cells of its name columns kept whole (keepNamesWhole); renderers start from this. */
export function withWholeNames(doc: AdminDoc): AdminDoc {
  return {
    ...doc,
    blocks: doc.blocks.map((b) => (b.kind === 'table' ? { ...b, rows: b.rows.map((r) => r.map((c, i) => (b.columns[i]?.names ? keepNamesWhole(c) : c))) } : b)),
  };
}

/** A person's name in one piece: it is short, and a signature line never breaks inside it. */
export const personName = (name: string): string => name.trim().replace(/\s+/g, NBSP);

export const MOTTO = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
export const SLOGAN = 'Độc lập - Tự do - Hạnh phúc';
/** what a blank number looks like, to be filled in by hand after signing */
export const BLANK_NUMBER = '……';

const upper = (s: string) => s.toLocaleUpperCase('vi-VN');

export function buildHeader(h: DocHeader): AdminHeader {
  return {
    parent: h.issuerParent.trim() ? [keepNamesWhole(upper(h.issuerParent.trim()))] : [],
    issuer: keepNamesWhole(upper(h.issuer)),
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

/** "Cục trưởng" at "Cục Thuế tỉnh Nghệ An" → "Cục trưởng Cục Thuế tỉnh Nghệ An"; either may be empty. */
export function postAt(title: string | undefined, unit: string): string {
  const t = (title ?? '').trim();
  const u = unit.trim();
  if (!t) return u;
  if (!u || t.toLocaleLowerCase('vi-VN').includes(u.toLocaleLowerCase('vi-VN'))) return t;
  return `${t} ${u}`;
}

/** Roles may carry two lines ("KT. TRƯỞNG KHỐI / PHÓ TRƯỞNG KHỐI" or with a line break); the post and unit go below. */
export function signBox(s: Signer): SignBox {
  const post = postAt(s.title, s.unit);
  return {
    role: s.role.split(/\s+\/\s+|\r?\n/).map((r) => upper(r.trim())).filter(Boolean),
    sub: post ? [keepNamesWhole(post)] : [],
    title: [],
    note: '',
    name: personName(s.name),
  };
}

/** End a sentence with the punctuation of a "Nơi nhận" list: ";" between items, "." at the end. */
function recipientLines(copies: string[]): string[] {
  const items = copies.map((c) => c.trim().replace(/^[-–]\s*/, '').replace(/[;.,]+$/, '')).filter(Boolean);
  return items.map((c, i) => `- ${c}${i === items.length - 1 ? '.' : ';'}`);
}

const basis = (lines: string[]): Block[] => lines.map((l) => l.trim()).filter(Boolean).map(italic);

// ---- the documents ---------------------------------------------------------------------------

/** Part I of both minutes: when, where, who. */
function meetingBlocks(d: MinutesData): Block[] {
  return [
    heading('I. THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN'),
    field('Thời gian', formatDate(d.heldAt)),
    field('Địa điểm', d.place),
    field('Chủ trì', withPost(d.chairName, d.chairTitle ?? '', d.chairUnit)),
    field('Thư ký', withPost(d.secretaryName, '', d.secretaryUnit)),
    field('Thành phần', `${d.membersPresent}/${d.membersTotal} đơn vị thành viên dự họp`),
    field('Vắng', d.absentees.length ? d.absentees.join('; ') : 'không'),
  ];
}

// Models stored before honourees, tasks, prior awards and the pledge's basis existed lack them: read as empty.
function honoreeBlocks(honorees: Honoree[] | undefined): Block[] {
  if (!honorees?.length) return [para('Hội nghị không biểu dương đơn vị, cá nhân.')];
  return [
    {
      kind: 'table',
      columns: [
        { header: 'STT', width: 8, align: 'center' },
        { header: 'Đơn vị, cá nhân', width: 46, align: 'left', names: true },
        { header: 'Thành tích', width: 46, align: 'left' },
      ],
      rows: honorees.map((h, i) => [String(i + 1), h.name, h.note]),
    },
  ];
}

/** The closing of both minutes: the closing sentence, then the secretary (left) and the chair (right). */
function minutesClosing(d: MinutesData): Block[] {
  const signers = d.signers.length
    ? [...d.signers].sort((x, y) => Number(!/THƯ KÝ/i.test(x.role)) - Number(!/THƯ KÝ/i.test(y.role)))
    : [
        { role: 'THƯ KÝ', unit: '', name: d.secretaryName },
        { role: 'CHỦ TRÌ', unit: '', name: d.chairName, title: d.chairTitle },
      ];
  return [
    para('Biên bản được lập và thông qua tại hội nghị, các thành viên dự họp thống nhất với nội dung biên bản./.'),
    { kind: 'closing', recipients: null, signers: signers.map(signBox) },
  ];
}

/** Biên bản hội nghị sơ kết 6 tháng: results so far, the ranking of the snapshot, exemplary units and people, the second half's tasks. */
export function midYearMinutesDoc(d: MinutesData): AdminDoc {
  const b: Block[] = [title('BIÊN BẢN'), title(upper(d.meetingTitle)), ...basis(d.legalBasis), ...meetingBlocks(d)];
  b.push(heading('II. NỘI DUNG'));
  b.push(heading('1. Kết quả thực hiện phong trào thi đua 6 tháng đầu năm'));
  b.push(...(d.summary.trim() ? paras(d.summary) : [para('Không có nội dung.')]));
  b.push(heading('2. Kết quả chấm điểm, xếp hạng 6 tháng đầu năm'));
  b.push(d.ranking.length ? rankingTable(d.ranking) : para('Chưa có kết quả chấm điểm.'));
  b.push(heading('3. Đơn vị, cá nhân tiêu biểu'));
  b.push(...honoreeBlocks(d.honorees));
  b.push(heading('4. Nhiệm vụ trọng tâm 6 tháng cuối năm'));
  b.push(...(d.tasksAhead?.trim() ? paras(d.tasksAhead) : [para('Tiếp tục thực hiện các chỉ tiêu, nhiệm vụ thi đua đã đăng ký.')]));
  b.push(...minutesClosing(d));
  return {
    meta: { title: `Biên bản ${d.meetingTitle}`, subject: d.meetingTitle, author: d.header.issuer, date: d.header.date },
    header: buildHeader(d.header),
    blocks: b,
  };
}

export function minutesDoc(d: MinutesData): AdminDoc {
  const b: Block[] = [title('BIÊN BẢN'), title(upper(d.meetingTitle)), ...basis(d.legalBasis), ...meetingBlocks(d)];

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
            { header: 'Đơn vị', width: 42, align: 'left', names: true },
            { header: 'Hình thức khen thưởng', width: 32, align: 'left' },
            { header: 'Ghi chú', width: 18, align: 'left' },
          ],
          rows: d.proposals.map((p) => [String(p.stt), p.name, p.award, p.note]),
        }
      : para('Không có đơn vị được đề nghị khen thưởng.'),
  );

  b.push(heading('5. Đơn vị, cá nhân tiêu biểu'));
  b.push(...honoreeBlocks(d.honorees));

  b.push(heading('6. Bầu Trưởng khối, Phó Trưởng khối năm tiếp theo'));
  b.push(field('Phương thức', d.handoverMethod));
  b.push(field('Trưởng khối', d.nextHead));
  b.push(field('Phó Trưởng khối', d.nextDeputy));

  b.push(heading('7. Phương hướng, nhiệm vụ năm tiếp theo'));
  b.push(...(d.tasksAhead?.trim() ? paras(d.tasksAhead) : [para('Hội nghị thống nhất tiếp tục thực hiện các nhiệm vụ thi đua theo kế hoạch của tỉnh.')]));

  // The secretary signs on the left and the chair on the right; fall back to the named people.
  b.push(...minutesClosing(d));
  return {
    meta: { title: `Biên bản ${d.meetingTitle}`, subject: d.meetingTitle, author: d.header.issuer, date: d.header.date },
    header: buildHeader(d.header),
    blocks: b,
  };
}

/** "Nguyễn Văn Hùng – Cục trưởng Cục Hải quan Nghệ An" */
function withPost(name: string, title: string, unit: string): string {
  const post = postAt(title, unit);
  return post ? `${name} – ${post}` : name;
}

function rankingTable(rows: MinutesData['ranking']): Block {
  return {
    kind: 'table',
    columns: [
      { header: 'Hạng', width: 9, align: 'center' },
      { header: 'Đơn vị', width: 33, align: 'left', names: true },
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
      { header: 'Đơn vị', width: 44, align: 'left', names: true },
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
        { header: 'Đơn vị', width: 33, align: 'left', names: true },
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

/**
 * Giao ước thi đua: the targets, then one signature box per member — "ĐẠI DIỆN <unit>", its part
 * in the bloc, the signer's post, the date signed and the name — two boxes to a row, as on the
 * print page. A member that has not signed keeps an empty box to sign by hand.
 */
export function pledgeDoc(d: PledgeDocData): AdminDoc {
  const b: Block[] = [title(upper(d.title))];
  if (d.theme.trim()) b.push(centred(`Chủ đề thi đua: “${d.theme.trim()}”`, { italic: true, bold: true }));
  b.push(...basis(d.legalBasis ?? []));
  b.push(...paras(d.body));
  if (d.targets.trim()) {
    b.push(heading('Các chỉ tiêu, nhiệm vụ thi đua'));
    b.push(...paras(d.targets));
  }
  const signed = d.signatures.filter((s) => s.signedAt).length;
  b.push(para(`Giao ước thi đua được các đơn vị thành viên ký kết (${signed}/${d.signatures.length} đơn vị đã ký)./.`));
  // The order is the caller's: head first, deputy second, then the members.
  const boxes: SignBox[] = d.signatures.map((s) => ({
    role: [keepNamesWhole(`ĐẠI DIỆN ${upper(s.unit.trim())}`)],
    sub: s.role.trim() ? [`(${s.role.trim()})`] : [],
    title: s.signedAt && s.signerTitle.trim() ? [upper(s.signerTitle.trim())] : [],
    note: s.signedAt ? `Đã ký ngày ${formatDate(s.signedAt)}` : 'Chưa ký',
    name: s.signedAt ? personName(s.signerName) : '',
  }));
  b.push({ kind: 'closing', recipients: null, signers: boxes, perRow: 2 });
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
  b.push(heading('III. Các hình thức khen thưởng đã được ghi nhận'));
  b.push(
    d.priorAwards?.length
      ? {
          kind: 'table',
          columns: [
            { header: 'Năm', width: 12, align: 'center' },
            { header: 'Danh hiệu, hình thức khen thưởng', width: 48, align: 'left' },
            { header: 'Số, ngày quyết định', width: 40, align: 'left' },
          ],
          rows: d.priorAwards.map((a) => [String(a.year), a.award, a.decision]),
        }
      : para('Chưa có hình thức khen thưởng nào được ghi trong sổ khen thưởng của tỉnh.'),
  );
  b.push(heading('IV. Đề nghị'));
  b.push(para(`Đơn vị kính đề nghị Ủy ban nhân dân tỉnh xem xét, tặng ${d.award} năm ${d.year}./.`));
  b.push({ kind: 'closing', recipients: null, signers: [signBox(d.signer)] });
  return {
    meta: { title: `Báo cáo thành tích ${d.unitName}`, subject: `Đề nghị tặng ${d.award} năm ${d.year}`, author: d.unitName, date: d.header.date },
    header: buildHeader(d.header),
    blocks: b,
  };
}
