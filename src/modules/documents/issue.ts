// Issued documents are records. At the act that issues a document (a ballot's close, sending the
// proposals, the last signature of the pledge, a review's freeze, closing the year) the document is
// numbered from the bloc's register of its kind for the year, dated the day of the act, built from
// the data as it stands inside the act's transaction, rendered as DOCX and PDF, and stored: the data
// model (JSON) and both files. Downloads serve the stored bytes; nothing later (a board decision, a
// reopen, a rename, a score edited) changes them. A reissue (the same document issued again after a
// reopen) takes the next number and supersedes the one before; both stay listed.
import type { Request } from 'express';
import type { Db, Tx } from '../../db/client';
import * as docs from '../../documents';
import type { AdminDoc, DocHeader } from '../../documents';
import type { Principal } from '../../auth/principal';
import { AWARD_LABELS, type AwardKind } from '../../domain/enums';
import { ConflictError, NotFoundError } from '../../http/errors';
import { loadYear, type YearContext } from '../years/context';
import { lockYearRow } from '../years/lock';
import * as svc from './service';
import { slugify } from '../../domain/search';

/** The registers of a bloc-year: one sequence of numbers per kind, with its symbol. */
export const REGISTERS = {
  MINUTES_MID_YEAR: { symbol: 'BBSK-KTĐ', label: 'Biên bản hội nghị sơ kết 6 tháng', slug: 'bien-ban-so-ket', when: 'khi Khối trưởng chốt kết quả sơ kết 6 tháng' },
  PLEDGE: { symbol: 'GƯ-KTĐ', label: 'Giao ước thi đua', slug: 'giao-uoc-thi-dua', when: 'khi tất cả các đơn vị thành viên đã ký giao ước đã công bố' },
  TALLY: { symbol: 'BBKP-KTĐ', label: 'Biên bản kiểm phiếu', slug: 'bien-ban-kiem-phieu', when: 'khi Khối trưởng kết thúc cuộc bỏ phiếu' },
  PROPOSAL_LETTER: { symbol: 'TTr-KTĐ', label: 'Tờ trình đề nghị khen thưởng', slug: 'to-trinh-khen-thuong', when: 'khi Khối trưởng gửi đề nghị khen thưởng' },
  ACHIEVEMENT: { symbol: 'BCTT-KTĐ', label: 'Báo cáo thành tích', slug: 'bao-cao-thanh-tich', when: 'khi Khối trưởng gửi đề nghị khen thưởng của đơn vị' },
  MINUTES: { symbol: 'BB-KTĐ', label: 'Biên bản hội nghị tổng kết', slug: 'bien-ban-tong-ket', when: 'khi khóa sổ năm thi đua: biên bản ghi toàn bộ hội nghị tổng kết (xếp hạng, bỏ phiếu, đề nghị khen thưởng, bầu Khối trưởng, Khối phó)' },
} as const;
export type DocKind = keyof typeof REGISTERS;

/** The document a key names: MINUTES_YEAR_END, MINUTES_MID_YEAR, PROPOSAL_LETTER, PLEDGE, TALLY:<ballotId>, ACHIEVEMENT:<proposalId>. */
export const KEYS = {
  minutes: 'MINUTES_YEAR_END',
  midYearMinutes: 'MINUTES_MID_YEAR',
  letter: 'PROPOSAL_LETTER',
  pledge: 'PLEDGE',
  tally: (ballotId: number) => `TALLY:${ballotId}`,
  achievement: (proposalId: number) => `ACHIEVEMENT:${proposalId}`,
} as const;

type Parsed = { kind: DocKind; id: number | null };

export function parseKey(key: string): Parsed {
  if (key === KEYS.minutes) return { kind: 'MINUTES', id: null };
  if (key === KEYS.midYearMinutes) return { kind: 'MINUTES_MID_YEAR', id: null };
  if (key === KEYS.letter) return { kind: 'PROPOSAL_LETTER', id: null };
  if (key === KEYS.pledge) return { kind: 'PLEDGE', id: null };
  const m = /^(TALLY|ACHIEVEMENT):(\d+)$/.exec(key);
  if (m) return { kind: m[1] as DocKind, id: Number(m[2]) };
  throw new NotFoundError('Không xác định được văn bản.');
}

export const NUMBER_TAKEN = 'Số văn bản vừa được cấp cho một văn bản khác. Vui lòng thử lại.';

/** "01/TTr-KTĐ" → 1 */
const ordinal = (number: string) => Number.parseInt(number, 10) || 0;

/**
 * The next number of a register, under the year's lock: two documents issued at once wait for each
 * other and the second reads the first's number; the highest number + 1, so a gap is never refilled.
 */
async function nextNumber(tx: Tx, blocYearId: number, kind: DocKind): Promise<string> {
  await lockYearRow(tx, blocYearId);
  const issued = await tx.issuedDocument.findMany({ where: { blocYearId, kind }, select: { number: true } });
  const n = issued.reduce((max, d) => Math.max(max, ordinal(d.number)), 0) + 1;
  return `${String(n).padStart(2, '0')}/${REGISTERS[kind].symbol}`;
}

function uniqueGuard(e: { code?: string }): never {
  if (e.code === 'P2002') throw new ConflictError(NUMBER_TAKEN);
  throw e;
}

/**
 * A number alone, with no document behind it (kept for callers that only need the register, and
 * for tests of the register under concurrency). The unique key (year, kind, number) is the last guard.
 */
export async function reserveNumber(tx: Tx, blocYearId: number, kind: DocKind, issuedById: number): Promise<string> {
  const number = await nextNumber(tx, blocYearId, kind);
  await tx.issuedDocument.create({ data: { blocYearId, kind, number, issuedById } }).catch(uniqueGuard);
  return number;
}

// ───────────── building a document from the data ─────────────

type DocData = { header: DocHeader };

/** The data of a document from the database, as the content module builds it. */
async function buildData(db: Db, y: YearContext, p: Parsed): Promise<DocData> {
  switch (p.kind) {
    case 'MINUTES':
      return svc.minutesData(db, y);
    case 'MINUTES_MID_YEAR':
      return svc.midYearMinutesData(db, y);
    case 'TALLY':
      return svc.tallyData(db, y, p.id!);
    case 'PROPOSAL_LETTER':
      return svc.proposalLetterData(db, y);
    case 'PLEDGE':
      return svc.pledgeData(db, y);
    case 'ACHIEVEMENT':
      return svc.achievementData(db, y, p.id!);
  }
}

/** The administrative document of a data model. */
export function docOf(kind: DocKind, d: DocData): AdminDoc {
  switch (kind) {
    case 'MINUTES':
      return docs.minutesDoc(d as docs.MinutesData);
    case 'MINUTES_MID_YEAR':
      return docs.midYearMinutesDoc(d as docs.MinutesData);
    case 'TALLY':
      return docs.tallyDoc(d as docs.TallyData);
    case 'PROPOSAL_LETTER':
      return docs.proposalLetterDoc(d as docs.ProposalLetterData);
    case 'PLEDGE':
      return docs.pledgeDoc(d as docs.PledgeDocData);
    case 'ACHIEVEMENT':
      return docs.achievementReportDoc(d as docs.AchievementReportData);
  }
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** The stored model back as data: its dates were written by JSON.stringify as ISO strings. */
export const reviveModel = (json: string): DocData => JSON.parse(json, (_k, v: unknown) => (typeof v === 'string' && ISO.test(v) ? new Date(v) : v)) as DocData;

/** ASCII file name part: "Cục Thuế tỉnh Tây Ninh" → "cuc-thue-tinh-tay-ninh". */
export const asciiSlug = slugify;

type Names = { title: string; fileBase: string; fileName: string };

/** Title and file names: the kind, the unit or the bloc, the year; the number when the year has several. */
async function namesOf(db: Db, y: YearContext, p: Parsed, data: DocData, number: string, numbered: boolean): Promise<Names> {
  const year = y.blocYear.year;
  const reg = REGISTERS[p.kind];
  const no = numbered ? { ascii: `-so-${String(ordinal(number)).padStart(2, '0')}`, vi: ` số ${String(ordinal(number)).padStart(2, '0')}` } : { ascii: '', vi: '' };
  const forBloc = (title: string) => ({ title, fileBase: `${reg.slug}-${asciiSlug(y.blocName)}-${year}${no.ascii}`, fileName: `${reg.label} ${y.blocName} năm ${year}${no.vi}` });
  switch (p.kind) {
    case 'MINUTES':
      return forBloc(`Biên bản hội nghị tổng kết năm ${year}`);
    case 'MINUTES_MID_YEAR':
      return forBloc(`Biên bản hội nghị sơ kết 6 tháng đầu năm ${year}`);
    case 'TALLY':
      return forBloc(`Biên bản kiểm phiếu: ${(data as docs.TallyData).ballotTitle}`);
    case 'PROPOSAL_LETTER':
      return forBloc(`Tờ trình đề nghị khen thưởng năm ${year}`);
    case 'PLEDGE':
      return forBloc(`Giao ước thi đua năm ${year}`);
    case 'ACHIEVEMENT': {
      const d = data as docs.AchievementReportData;
      const prop = await db.awardProposal.findUnique({ where: { id: p.id! }, select: { awardKind: true } });
      const award = AWARD_LABELS[prop?.awardKind as AwardKind] ?? d.award;
      return {
        title: `Báo cáo thành tích: ${d.unitName} — ${award}`,
        fileBase: `${reg.slug}-${asciiSlug(d.unitName)}-${asciiSlug(prop?.awardKind ?? '')}-${year}${no.ascii}`.replace(/--+/g, '-'),
        fileName: `${reg.label} ${d.unitName} năm ${year} (${award})${no.vi}`,
      };
    }
  }
}

const render = async (doc: AdminDoc) => {
  const [docx, pdf] = await Promise.all([docs.renderAdminDoc(doc, 'docx'), docs.renderAdminDoc(doc, 'pdf')]);
  return { docx: new Uint8Array(docx), pdf: new Uint8Array(pdf) };
};

export type IssueOptions = {
  /** the date the document bears (the meeting, the ballot's close, the sending, the last signature) */
  actDate: Date;
  /** the unit the document is about (achievement report) */
  agencyId?: number | null;
  /**
   * render both files now (the default, inside the act's transaction) or only store the model and
   * render once at the first download (the demo seed, which issues hundreds of documents at once)
   */
  render?: boolean;
};

/**
 * Issues the document `key` of the year inside the act's transaction `tx` (call it after the act's
 * own writes, so the data is the act's): number, data, files, and the supersession of the document
 * with the same key issued before. A failed act rolls all of it back.
 */
export async function issueDocument(tx: Tx, y: YearContext, issuedById: number, key: string, opts: IssueOptions): Promise<{ id: number; number: string }> {
  const p = parseKey(key);
  const db = tx as unknown as Db;
  const number = await nextNumber(tx, y.blocYear.id, p.kind);
  const built = await buildData(db, y, p);
  const data: DocData = { ...built, header: { ...built.header, number, date: opts.actDate } };
  const previous = await tx.issuedDocument.findFirst({ where: { blocYearId: y.blocYear.id, key, supersededAt: null }, orderBy: { id: 'desc' }, select: { id: true } });
  const names = await namesOf(db, y, p, data, number, p.kind === 'TALLY' || previous !== null);
  const files = opts.render === false ? {} : await render(docOf(p.kind, data));
  const doc = await tx.issuedDocument
    .create({
      data: { blocYearId: y.blocYear.id, kind: p.kind, key, number, issuedById, actDate: opts.actDate, agencyId: opts.agencyId ?? null, ...names, model: JSON.stringify(data), ...files },
      select: { id: true, issuedAt: true },
    })
    .catch(uniqueGuard);
  if (previous) await tx.issuedDocument.update({ where: { id: previous.id }, data: { supersededAt: doc.issuedAt, supersededById: doc.id } });
  return { id: doc.id, number };
}

// ───────────── the acts ─────────────

/** Closing the year: the minutes of the year-end conference, dated the meeting. */
export async function issueYearEndMinutes(tx: Tx, y: YearContext, issuedById: number, opts: { render?: boolean } = {}) {
  const review = await tx.review.findUnique({ where: { blocYearId_kind: { blocYearId: y.blocYear.id, kind: 'YEAR_END' } }, select: { heldAt: true, frozenAt: true } });
  if (!review?.frozenAt) return null;
  return issueDocument(tx, y, issuedById, KEYS.minutes, { actDate: review.heldAt ?? review.frozenAt, ...opts });
}

/** The mid-year freeze: the minutes of the mid-year meeting, dated the meeting. */
export async function issueMidYearMinutes(tx: Tx, y: YearContext, issuedById: number, heldAt: Date, opts: { render?: boolean } = {}) {
  return issueDocument(tx, y, issuedById, KEYS.midYearMinutes, { actDate: heldAt, ...opts });
}

/** A ballot's close: its tally record, dated the close. */
export async function issueTally(tx: Tx, y: YearContext, issuedById: number, ballotId: number, closedAt: Date) {
  return issueDocument(tx, y, issuedById, KEYS.tally(ballotId), { actDate: closedAt });
}

/** Sending the proposals: the proposal letter and the achievement report of each unit sent, dated the sending. */
export async function issueProposalDossier(tx: Tx, y: YearContext, issuedById: number, sentAt: Date, proposalIds: number[], opts: { render?: boolean } = {}) {
  const letter = await issueDocument(tx, y, issuedById, KEYS.letter, { actDate: sentAt, ...opts });
  const sent = await tx.awardProposal.findMany({ where: { id: { in: proposalIds }, blocYearId: y.blocYear.id, agencyId: { not: null } }, orderBy: [{ awardKind: 'asc' }, { id: 'asc' }], select: { id: true, agencyId: true } });
  for (const p of sent) await issueDocument(tx, y, issuedById, KEYS.achievement(p.id), { actDate: sentAt, agencyId: p.agencyId, ...opts });
  return letter;
}

/** The last member's signature completes the pledge: issued then, dated that day. */
export async function issuePledgeIfSigned(tx: Tx, y: YearContext, issuedById: number, at: Date, opts: { render?: boolean } = {}) {
  const memberIds = y.members.map((m) => m.agencyId);
  const pledge = await tx.pledge.findUnique({ where: { blocYearId: y.blocYear.id }, select: { publishedAt: true, _count: { select: { signatures: { where: { agencyId: { in: memberIds } } } } } } });
  if (!pledge?.publishedAt || pledge._count.signatures < memberIds.length) return null;
  return issueDocument(tx, y, issuedById, KEYS.pledge, { actDate: at, ...opts });
}

/**
 * The year as the system sees it, for acts done outside a request (the demo seed): an
 * administrator's view, so a document holds everything its issuer would put in it.
 */
export async function systemYear(db: Db | Tx, blocYearId: number, userId: number): Promise<YearContext> {
  const row = await db.blocYear.findUniqueOrThrow({ where: { id: blocYearId }, select: { blocId: true, year: true } });
  const p: Principal = { id: userId, username: 'system', fullName: '', roles: ['ADMIN'], isAdmin: true, boardProvinceIds: [], agencyIds: [], passwordChangedAt: 0 };
  const req = { user: p, params: { blocId: String(row.blocId), year: String(row.year) } } as unknown as Request;
  return loadYear(db as Db, req);
}

// ───────────── serving ─────────────

/** The files of an issued document. A document issued without files (the seed, numbers issued
 *  before documents were stored) is rendered once, at its first download, and stored: the first
 *  stored wins, so every download after gets the same bytes. */
export async function filesOf(db: Db, y: YearContext, id: number): Promise<{ docx: Buffer; pdf: Buffer }> {
  const row = await db.issuedDocument.findFirst({ where: { id, blocYearId: y.blocYear.id }, select: { docx: true, pdf: true, model: true, key: true, kind: true, number: true, actDate: true, issuedAt: true, title: true } });
  if (!row) throw new NotFoundError('Không tìm thấy văn bản.');
  if (row.docx && row.pdf) return { docx: Buffer.from(row.docx), pdf: Buffer.from(row.pdf) };
  if (!row.key) throw new NotFoundError('Số văn bản này chưa gắn với văn bản nào.');
  const p = parseKey(row.key);
  let model = row.model;
  const extra: { model?: string; title?: string; fileBase?: string; fileName?: string; actDate?: Date } = {};
  if (!model) {
    // a number issued before documents were stored: the data as it stands now, with that number
    const built = await buildData(db, y, p);
    const data: DocData = { ...built, header: { ...built.header, number: row.number, date: row.actDate ?? built.header.date } };
    model = JSON.stringify(data);
    const numbered = p.kind === 'TALLY' || (await db.issuedDocument.count({ where: { blocYearId: y.blocYear.id, key: row.key, id: { lt: id } } })) > 0;
    Object.assign(extra, { model, actDate: data.header.date }, row.title ? {} : await namesOf(db, y, p, data, row.number, numbered));
  }
  const files = await render(docOf(p.kind, reviveModel(model)));
  await db.issuedDocument.updateMany({ where: { id, docx: null }, data: { ...extra, ...files } });
  const stored = await db.issuedDocument.findUniqueOrThrow({ where: { id }, select: { docx: true, pdf: true } });
  return { docx: Buffer.from(stored.docx!), pdf: Buffer.from(stored.pdf!) };
}

/** A clearly marked draft of a document not issued yet: live data, no number, "DỰ THẢO" on top. */
export async function draftOf(db: Db, y: YearContext, key: string): Promise<{ doc: AdminDoc; names: Names }> {
  const p = parseKey(key);
  const built = await buildData(db, y, p);
  const data: DocData = { ...built, header: { ...built.header, number: '' } };
  const doc = docOf(p.kind, data);
  const names = await namesOf(db, y, p, data, '', false);
  return {
    doc: {
      ...doc,
      meta: { ...doc.meta, title: `DỰ THẢO — ${doc.meta.title}` },
      blocks: [{ kind: 'para', spans: [{ text: 'DỰ THẢO — văn bản chưa ban hành, chưa có số', bold: true }], align: 'center' }, ...doc.blocks],
    },
    names: { title: `Dự thảo: ${names.title}`, fileBase: `du-thao-${names.fileBase}`, fileName: `Dự thảo ${names.fileName}` },
  };
}

/**
 * Options of an act's transaction that issues documents: rendering DOCX and PDF inside it takes a
 * few hundred milliseconds per document, more than Prisma's default 5 s allows for a large dossier.
 */
export const ISSUING = { timeout: 60_000, maxWait: 10_000 } as const;
