// The board's proposals inbox: every proposal the blocs of the province sent for a year, with its
// dossier (proposal letter, minutes, tally record, achievement report); the board's decision for a
// selection at once (all or nothing) or a correction of one; the printable list of decisions.
// Decisions go through the awards service (decide / correctDecision) so the rules, the audit rows
// and whatever else a decision writes stay in one place.
import type { Request } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { Prisma } from '../../db/client';
import { AWARD_KINDS, AWARD_LABELS, PROPOSAL_STATUS_LABELS, type AwardKind, type ProposalStatus } from '../../domain/enums';
import { versionAt, midYear } from '../../domain/versions';
import { ConflictError, ValidationError } from '../../http/errors';
import { idField, idList, intField } from '../../http/validate';
import { pageOf, type Page } from '../../http/pagination';
import type { Actor } from '../audit';
import { loadYear, type YearContext } from '../years/context';
import { yearBase } from '../years/tabs';
import { correctDecision, decide, DECISION_CORRECTED } from '../awards/service';

export const INBOX_PAGE_SIZE = 50;

/** What the board sees: proposals sent to it (a draft stays the bloc's until it is sent). */
export const INBOX_STATUSES = ['SENT', 'APPROVED', 'REJECTED', 'WITHDRAWN'] as const;
export type InboxStatus = (typeof INBOX_STATUSES)[number];

const blankToUndefined = (v: unknown) => (v === '' ? undefined : v);

export const inboxQuery = z.object({
  year: z.preprocess(blankToUndefined, z.coerce.number({ error: 'Năm không hợp lệ.' }).int('Năm không hợp lệ.').min(2000, 'Năm không hợp lệ.').max(2100, 'Năm không hợp lệ.').optional()),
  award: z.preprocess(blankToUndefined, z.enum(AWARD_KINDS, { error: 'Hình thức khen thưởng không hợp lệ.' }).optional()),
  status: z.preprocess(blankToUndefined, z.enum(INBOX_STATUSES, { error: 'Trạng thái không hợp lệ.' }).optional()),
  page: intField('Số trang không hợp lệ.', 1, 100_000).default(1),
});
export type InboxQuery = z.infer<typeof inboxQuery>;

// ───────────────────────────── Forms ─────────────────────────────

const DMY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const DATE_MSG = 'Cần nhập ngày quyết định hợp lệ (ngày/tháng/năm, ví dụ 15/01/2021).';

/** dd/mm/yyyy (or yyyy-mm-dd from a date picker) → noon UTC that day; a day that does not exist is refused. */
export const decisionDay = z
  .string({ error: DATE_MSG })
  .trim()
  .transform((s, ctx) => {
    const m = DMY.exec(s);
    const iso = m ? `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}` : s;
    const d = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T12:00:00Z`) : new Date(Number.NaN);
    if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso || d.getUTCFullYear() < 2000 || d.getUTCFullYear() > 2100) {
      ctx.addIssue({ code: 'custom', message: DATE_MSG });
      return z.NEVER;
    }
    return d;
  });

const decisionNumber = z.string({ error: 'Cần nhập số quyết định (ví dụ 215/QĐ-UBND).' }).trim().min(3, 'Cần nhập số quyết định (ví dụ 215/QĐ-UBND).').max(50, 'Số quyết định tối đa 50 ký tự.');
const outcome = z.enum(['APPROVED', 'REJECTED'], { error: 'Chọn kết quả: được hoặc không được khen thưởng.' });

export const bulkDecisionSchema = z
  .object({
    proposalIds: idList('Đề nghị được chọn không hợp lệ.').refine((ids) => ids.length > 0, 'Chọn ít nhất một đề nghị để ghi quyết định.'),
    outcome,
    decisionNumber,
    decisionDate: decisionDay,
    signer: z.string({ error: 'Cần ghi người ký quyết định.' }).trim().min(3, 'Cần ghi người ký quyết định (họ tên, chức vụ).').max(150, 'Người ký tối đa 150 ký tự.'),
    reason: z.string({ error: 'Lý do tối đa 800 ký tự.' }).trim().max(800, 'Lý do tối đa 800 ký tự.').default(''),
    // a decision cannot be undone by a click: the board ticks that it has checked it
    confirm: z.literal('yes', { error: 'Đánh dấu xác nhận đã đối chiếu số, ngày, người ký và kết quả với quyết định trước khi ghi.' }),
  })
  .superRefine((v, ctx) => {
    if (v.outcome === 'REJECTED' && v.reason.length < 5) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'Cần ghi lý do không khen thưởng.' });
  });
export type BulkDecision = z.infer<typeof bulkDecisionSchema>;

export const correctionSchema = z.object({
  outcome,
  decisionNumber,
  decisionDate: decisionDay,
  reason: z.string({ error: 'Cần ghi lý do đính chính (ít nhất 10 ký tự).' }).trim().min(10, 'Cần ghi lý do đính chính (ít nhất 10 ký tự).').max(1000, 'Lý do đính chính tối đa 1.000 ký tự.'),
  confirm: z.literal('yes', { error: 'Đánh dấu xác nhận đính chính quyết định trước khi lưu.' }),
});
export const proposalParams = z.object({ proposalId: idField('Mã đề nghị không hợp lệ.') });

/** The note stored with a decision: when not approved, why (the signer has its own field). */
export function decisionNote(d: Pick<BulkDecision, 'reason' | 'outcome'>): string {
  return d.outcome === 'REJECTED' ? `Lý do không khen thưởng: ${d.reason}` : d.reason;
}

// ───────────────────────────── The inbox ─────────────────────────────

const inYear = (provinceId: number, year: number) => ({ year, bloc: { provinceId } });

/** Proposals the board may see: sent to it, and those withdrawn after being sent. */
function sentWhere(provinceId: number, year: number, q: Pick<InboxQuery, 'award' | 'status'>) {
  return {
    blocYear: inYear(provinceId, year),
    AND: [
      { OR: [{ status: { in: ['SENT', 'APPROVED', 'REJECTED'] } }, { status: 'WITHDRAWN', sentAt: { not: null } }] },
      ...(q.status ? [{ status: q.status }] : []),
      ...(q.award ? [{ awardKind: q.award }] : []),
    ],
  };
}

export type Dossier = { letter: { number: string; href: string } | null; minutes: string | null; tally: string | null; achievements: string | null };
export type Correction = { at: Date; reason: string; oldOutcome: string; oldNumber: string; oldDate: string; count: number };
export type InboxRow = {
  id: number;
  blocYearId: number;
  blocId: number;
  year: number;
  blocName: string;
  base: string;
  subject: string;
  awardKind: string;
  awardLabel: string;
  status: string;
  statusLabel: string;
  sentAt: Date | null;
  decisionOutcome: string;
  decisionNumber: string;
  decisionDate: Date | null;
  decisionNote: string;
  decisionSigner: string;
  dossier: Dossier;
  correction: Correction | null;
};

/**
 * One page of the year's proposals with their dossiers: five queries whatever the page holds (the
 * total is the sum of the counts per status, read with them).
 */
export async function inboxPage(db: Db, provinceId: number, year: number, q: InboxQuery): Promise<{ list: Page<InboxRow>; counts: Record<InboxStatus, number> }> {
  const where = sentWhere(provinceId, year, q);
  const [rows, byStatus] = await Promise.all([
    db.awardProposal.findMany({
      where,
      orderBy: [{ blocYearId: 'asc' }, { awardKind: 'asc' }, { id: 'asc' }],
      skip: (q.page - 1) * INBOX_PAGE_SIZE,
      take: INBOX_PAGE_SIZE,
      select: {
        id: true,
        blocYearId: true,
        awardKind: true,
        agencyId: true,
        personName: true,
        personTitle: true,
        ballotId: true,
        status: true,
        sentAt: true,
        decisionOutcome: true,
        decisionNumber: true,
        decisionDate: true,
        decisionNote: true,
        decisionSigner: true,
      },
    }),
    db.awardProposal.groupBy({ by: ['status'], where: sentWhere(provinceId, year, { award: q.award }), _count: { _all: true } }),
  ]);
  const counts = Object.fromEntries(INBOX_STATUSES.map((s) => [s, byStatus.find((b) => b.status === s)?._count._all ?? 0])) as Record<InboxStatus, number>;
  // every status the board sees is one of INBOX_STATUSES, so the counts add up to the unfiltered total
  const total = q.status ? counts[q.status] : INBOX_STATUSES.reduce((n, s) => n + counts[s], 0);
  return { list: pageOf(await withDossiers(db, provinceId, year, rows), total, q.page, INBOX_PAGE_SIZE), counts };
}

type ProposalRow = {
  id: number;
  blocYearId: number;
  awardKind: string;
  agencyId: number | null;
  personName: string;
  personTitle: string;
  ballotId: number | null;
  status: string;
  sentAt: Date | null;
  decisionOutcome: string;
  decisionNumber: string;
  decisionDate: Date | null;
  decisionNote: string;
  decisionSigner: string;
};

/** A bloc-year of the page, once per version of its bloc's name (raw SQL: numbers may be bigint, dates text). */
type RawYear = { id: unknown; blocId: unknown; year: unknown; code: string; frozen: unknown; letter: string | null; versionName: string | null; validFrom: unknown; validTo: unknown };
type DossierYear = { blocId: number; year: number; code: string; frozen: boolean; letter: string | null; versions: { name: string; validFrom: Date; validTo: Date | null }[] };

/**
 * The page's bloc-years (within the province and year) with their bloc's names, whether the
 * year-end review is frozen and the number of the latest proposal letter: one query.
 */
async function dossierYears(db: Db, provinceId: number, year: number, blocYearIds: number[]): Promise<Map<number, DossierYear>> {
  const out = new Map<number, DossierYear>();
  if (!blocYearIds.length) return out;
  const rows = await db.$queryRaw<RawYear[]>`
    SELECT y."id" AS "id", y."blocId" AS "blocId", y."year" AS "year", b."code" AS "code",
           (SELECT COUNT(*) FROM "Review" r WHERE r."blocYearId" = y."id" AND r."kind" = ${'YEAR_END'} AND r."frozenAt" IS NOT NULL) AS "frozen",
           (SELECT d."number" FROM "IssuedDocument" d WHERE d."blocYearId" = y."id" AND d."kind" = ${'PROPOSAL_LETTER'} ORDER BY d."id" DESC LIMIT 1) AS "letter",
           v."name" AS "versionName", v."validFrom" AS "validFrom", v."validTo" AS "validTo"
    FROM "BlocYear" y
    JOIN "Bloc" b ON b."id" = y."blocId"
    LEFT JOIN "BlocVersion" v ON v."blocId" = b."id"
    WHERE y."id" IN (${Prisma.join(blocYearIds)}) AND y."year" = ${year} AND b."provinceId" = ${provinceId}
    ORDER BY y."id", v."id"`;
  for (const r of rows) {
    const id = Number(r.id);
    const y = out.get(id) ?? { blocId: Number(r.blocId), year: Number(r.year), code: r.code, frozen: Number(r.frozen) > 0, letter: r.letter, versions: [] };
    if (r.versionName !== null) y.versions.push({ name: r.versionName, validFrom: new Date(r.validFrom as string | Date), validTo: r.validTo === null ? null : new Date(r.validTo as string | Date) });
    out.set(id, y);
  }
  return out;
}

/** The names the page's units had in those bloc-years (their membership's version): one query. */
async function memberNames(db: Db, blocYearIds: number[], agencyIds: number[]): Promise<Map<string, string>> {
  if (!blocYearIds.length || !agencyIds.length) return new Map();
  const rows = await db.$queryRaw<{ blocYearId: unknown; agencyId: unknown; name: string }[]>`
    SELECT m."blocYearId" AS "blocYearId", m."agencyId" AS "agencyId", av."name" AS "name"
    FROM "Membership" m
    JOIN "AgencyVersion" av ON av."id" = m."agencyVersionId"
    WHERE m."blocYearId" IN (${Prisma.join(blocYearIds)}) AND m."agencyId" IN (${Prisma.join(agencyIds)})`;
  return new Map(rows.map((m) => [`${Number(m.blocYearId)}:${Number(m.agencyId)}`, m.name]));
}

/** Names valid that year, dossier links and corrections for a page of proposals: three queries. */
async function withDossiers(db: Db, provinceId: number, year: number, rows: ProposalRow[]): Promise<InboxRow[]> {
  if (!rows.length) return [];
  const blocYearIds = [...new Set(rows.map((r) => r.blocYearId))];
  const agencyIds = [...new Set(rows.map((r) => r.agencyId).filter((a): a is number => a !== null))];
  const [years, members, corrections] = await Promise.all([
    dossierYears(db, provinceId, year, blocYearIds),
    memberNames(db, blocYearIds, agencyIds),
    db.auditLog.findMany({
      where: { action: DECISION_CORRECTED, entity: 'AwardProposal', entityId: { in: rows.map((r) => String(r.id)) } },
      orderBy: { id: 'asc' },
      select: { at: true, entityId: true, oldValue: true, newValue: true },
    }),
  ]);
  const correctionOf = new Map<number, Correction>();
  for (const c of corrections) {
    const id = Number(c.entityId);
    const o = readJson(c.oldValue);
    const n = readJson(c.newValue);
    correctionOf.set(id, {
      at: c.at,
      reason: String(n.reason ?? ''),
      oldOutcome: String(o.outcome ?? ''),
      oldNumber: String(o.decisionNumber ?? ''),
      oldDate: typeof o.decisionDate === 'string' ? o.decisionDate : '',
      count: (correctionOf.get(id)?.count ?? 0) + 1,
    });
  }
  return rows.map((r): InboxRow => {
    const y = years.get(r.blocYearId);
    const base = y ? yearBase(y.blocId, y.year) : '';
    const letter = y?.letter ?? null;
    const frozen = y?.frozen ?? false;
    return {
      id: r.id,
      blocYearId: r.blocYearId,
      blocId: y?.blocId ?? 0,
      year: y?.year ?? year,
      blocName: y ? (versionAt(y.versions, midYear(y.year))?.name ?? y.code) : '',
      base,
      subject: r.agencyId ? (members.get(`${r.blocYearId}:${r.agencyId}`) ?? '') : [r.personName, r.personTitle].filter(Boolean).join(', '),
      awardKind: r.awardKind,
      awardLabel: AWARD_LABELS[r.awardKind as AwardKind] ?? r.awardKind,
      status: r.status,
      statusLabel: PROPOSAL_STATUS_LABELS[r.status as ProposalStatus] ?? r.status,
      sentAt: r.sentAt,
      decisionOutcome: r.decisionOutcome,
      decisionNumber: r.decisionNumber,
      decisionDate: r.decisionDate,
      decisionNote: r.decisionNote,
      decisionSigner: r.decisionSigner,
      dossier: {
        letter: letter !== null ? { number: letter, href: `${base}/documents/proposal-letter.pdf` } : null,
        minutes: frozen ? `${base}/documents/minutes.pdf` : null,
        tally: r.ballotId ? `${base}/documents/tally/${r.ballotId}.pdf` : null,
        achievements: r.agencyId ? `${base}/documents/achievements/${r.id}.pdf` : null,
      },
      correction: correctionOf.get(r.id) ?? null,
    };
  });
}

function readJson(s: string): Record<string, unknown> {
  try {
    const v = JSON.parse(s) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

// ───────────────────────────── Decisions ─────────────────────────────

type Target = { id: number; blocId: number; year: number; status: string; label: string };

/** The selected proposals, each with its bloc-year, only within this province (another's ids find nothing). */
async function targetsOf(db: Db, provinceId: number, ids: number[]): Promise<Target[]> {
  const rows = await db.awardProposal.findMany({
    where: { id: { in: ids }, blocYear: { bloc: { provinceId } } },
    orderBy: [{ blocYearId: 'asc' }, { id: 'asc' }],
    select: { id: true, status: true, awardKind: true, personName: true, blocYear: { select: { blocId: true, year: true } }, agency: { select: { versions: { orderBy: { validFrom: 'desc' }, take: 1, select: { name: true } } } } },
  });
  return rows.map((r) => ({
    id: r.id,
    blocId: r.blocYear.blocId,
    year: r.blocYear.year,
    status: r.status,
    label: `${AWARD_LABELS[r.awardKind as AwardKind] ?? r.awardKind} — ${r.agency?.versions[0]?.name ?? r.personName}`,
  }));
}

/**
 * The bloc-year of a proposal as its own pages load it (loadYear: the signed-in user's scope and
 * the year's permission scope), so decide() judges the board's right exactly as on the bloc's page.
 */
async function yearOf(db: Db, req: Request, blocId: number, year: number): Promise<YearContext> {
  const like = { user: req.user, params: { blocId: String(blocId), year: String(year) } } as unknown as Request;
  return loadYear(db, like);
}

/** Selections beyond this are refused: one transaction holds every year of the selection locked. */
export const MAX_SELECTION = 100;

/**
 * The same decision (outcome, number, date, signer, reason) for every selected proposal, all or
 * nothing: one transaction (the awards service's decide runs in it), the bloc-years locked in id
 * order (two boards deciding at once cannot deadlock), each proposal recorded, entered in the
 * register and audited by the awards service.
 */
export async function decideSelection(db: Db, req: Request, provinceId: number, actor: Actor, input: BulkDecision): Promise<string> {
  const ids = [...new Set(input.proposalIds)];
  if (ids.length > MAX_SELECTION) throw new ValidationError({ proposalIds: `Mỗi lần ghi tối đa ${MAX_SELECTION} đề nghị.` });
  const targets = await targetsOf(db, provinceId, ids);
  if (targets.length !== ids.length) throw new ValidationError({ proposalIds: 'Có đề nghị được chọn không thuộc tỉnh này hoặc không còn tồn tại. Vui lòng tải lại trang.' });
  const decided = targets.filter((t) => t.status !== 'SENT');
  if (decided.length) throw new ConflictError(`Chỉ ghi quyết định cho đề nghị đã gửi và chưa có quyết định: ${decided.map((t) => t.label).join('; ')}.`);
  const years = new Map<string, YearContext>();
  for (const t of targets) {
    const key = `${t.blocId}:${t.year}`;
    if (!years.has(key)) years.set(key, await yearOf(db, req, t.blocId, t.year));
  }
  const note = decisionNote(input);
  await db.$transaction(
    async (tx) => {
      for (const t of targets) {
        await decide(db, years.get(`${t.blocId}:${t.year}`)!, actor, t.id, { decisionNumber: input.decisionNumber, decisionDate: input.decisionDate, outcome: input.outcome, note, signer: input.signer }, tx);
      }
    },
    { maxWait: 10_000, timeout: 60_000 },
  );
  const what = input.outcome === 'APPROVED' ? 'được khen thưởng' : 'không được khen thưởng';
  return `Đã ghi quyết định số ${input.decisionNumber} (${what}) cho ${targets.length} đề nghị.`;
}

/** The board corrects one recorded decision with a reason (the old value is kept in the audit log). */
export async function correctOne(db: Db, req: Request, provinceId: number, actor: Actor, proposalId: number, input: z.infer<typeof correctionSchema>): Promise<string> {
  const [t] = await targetsOf(db, provinceId, [proposalId]);
  if (!t) throw new ValidationError({ proposalId: 'Không tìm thấy đề nghị khen thưởng của tỉnh này.' });
  const y = await yearOf(db, req, t.blocId, t.year);
  return correctDecision(db, y, actor, t.id, { outcome: input.outcome, decisionNumber: input.decisionNumber, decisionDate: input.decisionDate, reason: input.reason });
}

// ───────────────────────────── The printable list ─────────────────────────────

export type PrintedDecision = { id: number; blocName: string; subject: string; outcome: string; decisionNumber: string; decisionDate: Date | null; signer: string; note: string };

/** The year's decisions per award, in the order of the award list: approved first, then by date. */
export async function decisionsByAward(db: Db, provinceId: number, year: number) {
  const rows = await db.awardProposal.findMany({
    where: { blocYear: inYear(provinceId, year), status: { in: ['APPROVED', 'REJECTED'] } },
    orderBy: [{ awardKind: 'asc' }, { status: 'asc' }, { decisionDate: 'asc' }, { id: 'asc' }],
    take: 5000,
    select: { id: true, blocYearId: true, awardKind: true, agencyId: true, personName: true, personTitle: true, ballotId: true, status: true, sentAt: true, decisionOutcome: true, decisionNumber: true, decisionDate: true, decisionNote: true, decisionSigner: true },
  });
  const full = await withDossiers(db, provinceId, year, rows);
  return AWARD_KINDS.map((kind) => {
    const of = full.filter((r) => r.awardKind === kind);
    const line = (r: InboxRow): PrintedDecision => ({ id: r.id, blocName: r.blocName, subject: r.subject, outcome: r.status, decisionNumber: r.decisionNumber, decisionDate: r.decisionDate, signer: r.decisionSigner, note: r.decisionNote });
    return { kind, label: AWARD_LABELS[kind], approved: of.filter((r) => r.status === 'APPROVED').map(line), rejected: of.filter((r) => r.status === 'REJECTED').map(line) };
  }).filter((a) => a.approved.length || a.rejected.length);
}
