// The year's documents (paths relative to /blocs/:blocId/years/:year). An issued document (minutes,
// tally records, proposal letter, achievement reports, pledge) is served as it was stored when it
// was issued, as DOCX or PDF; nothing later changes it. A document not issued yet is either a draft
// marked "DỰ THẢO" without a number (while it can still change) or a 404 saying when it is issued.
// The scoreboard and the ranking (XLSX) are working tables generated from the data on each request.
import { Router, type Response } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/client';
import type { Config } from '../../config';
import { AWARD_LABELS, PERIODS, type AwardKind } from '../../domain/enums';
import * as docs from '../../documents';
import { ForbiddenError, NotFoundError } from '../../http/errors';
import { route } from '../../http/guards';
import { idField, parse } from '../../http/validate';
import { loadYear, type YearContext } from '../years/context';
import { seesAllRegistrations } from '../registrations/service';
import * as issue from './issue';
import * as svc from './service';
import { rfc5987 } from '../scoring/files';

type Ext = 'docx' | 'pdf';
const extParams = z.object({ ext: z.enum(['docx', 'pdf'], { error: 'Định dạng tệp không hỗ trợ.' }) });
const tallyParams = extParams.extend({ ballotId: idField('Mã cuộc bỏ phiếu không hợp lệ.') });
const achievementParams = extParams.extend({ proposalId: idField('Mã đề nghị không hợp lệ.') });
const issuedParams = extParams.extend({ docId: idField('Mã văn bản không hợp lệ.') });
const periodQuery = z.object({ period: z.enum(PERIODS, { error: 'Kỳ chấm điểm không hợp lệ.' }).default('YEAR_END') });
const draftQuery = z.object({ draft: z.enum(['1']).optional() });

/** ASCII name for old clients, the Vietnamese one (RFC 5987) for the others. */
export function attachmentHeader(fileBase: string, fileName: string, ext: string): string {
  const ascii = (fileBase || 'van-ban').replace(/[^A-Za-z0-9._-]/g, '-');
  return `attachment; filename="${ascii}.${ext}"; filename*=UTF-8''${rfc5987(`${fileName || fileBase}.${ext}`)}`;
}

function send(res: Response, buf: Buffer, ext: Ext | 'xlsx', fileBase: string, fileName = fileBase) {
  res.type(docs.MIME[ext]);
  res.setHeader('Content-Disposition', attachmentHeader(fileBase, fileName, ext));
  res.setHeader('Cache-Control', 'private, no-store');
  res.send(buf);
}

/** XLSX names: the table, the bloc, the year and the period. */
function tableNames(y: YearContext, slug: string, label: string, period: (typeof PERIODS)[number]): [string, string] {
  const mid = period === 'MID_YEAR';
  return [`${slug}-${issue.asciiSlug(y.blocName)}-${y.blocYear.year}-${mid ? '6-thang' : 'ca-nam'}`, `${label} ${y.blocName} năm ${y.blocYear.year} (${mid ? '6 tháng' : 'cả năm'})`];
}

/** The URL of the current document of a key (the links other pages use), relative to the year. */
export function keyPath(key: string): string {
  const p = issue.parseKey(key);
  switch (p.kind) {
    case 'MINUTES':
      return '/documents/minutes';
    case 'MINUTES_MID_YEAR':
      return '/documents/mid-year-minutes';
    case 'TALLY':
      return `/documents/tally/${p.id}`;
    case 'PROPOSAL_LETTER':
      return '/documents/proposal-letter';
    case 'PLEDGE':
      return '/documents/pledge';
    case 'ACHIEVEMENT':
      return `/documents/achievements/${p.id}`;
  }
}

const META = { id: true, kind: true, key: true, number: true, actDate: true, issuedAt: true, title: true, fileBase: true, fileName: true, agencyId: true, supersededAt: true, supersededById: true } as const;

/** An achievement report carries the unit's registration (staff, targets): the unit, the head and the board. */
const mayRead = (y: YearContext, d: { kind: string; agencyId: number | null }) => d.kind !== 'ACHIEVEMENT' || d.agencyId === null || seesAllRegistrations(y) || y.p.agencyIds.includes(d.agencyId);
const READ_REPORT = 'Báo cáo thành tích chỉ đơn vị đó, Khối trưởng và Ban Thi đua – Khen thưởng tải được.';

export function documentRoutes(db: Db, _config: Config): Router {
  const r = Router({ mergeParams: true });

  /** Whether a draft of the key may be made now: only while the document can still change. */
  async function draftAllowed(y: YearContext, key: string): Promise<boolean> {
    const p = issue.parseKey(key);
    if (y.state.phase === 'CLOSED') return false;
    switch (p.kind) {
      case 'MINUTES':
        return y.state.phase === 'YEAR_END_REVIEW';
      case 'PROPOSAL_LETTER':
        return (await db.awardProposal.count({ where: { blocYearId: y.blocYear.id, status: 'DRAFT' } })) > 0;
      case 'ACHIEVEMENT':
        return (await db.awardProposal.count({ where: { id: p.id!, blocYearId: y.blocYear.id, status: 'DRAFT' } })) > 0;
      case 'PLEDGE':
        return (await db.pledge.count({ where: { blocYearId: y.blocYear.id, publishedAt: { not: null } } })) > 0;
      default:
        return false;
    }
  }

  /** The current document of a key (the last issued), else its draft when allowed, else 404. */
  async function serveKey(res: Response, y: YearContext, key: string, ext: Ext, wantDraft: boolean) {
    const current = wantDraft ? null : await db.issuedDocument.findFirst({ where: { blocYearId: y.blocYear.id, key, supersededAt: null }, orderBy: { id: 'desc' }, select: META });
    if (current) return serveIssued(res, y, current, ext);
    if (await draftAllowed(y, key)) {
      const draft = await issue.draftOf(db, y, key);
      return send(res, await docs.renderAdminDoc(draft.doc, ext), ext, draft.names.fileBase, draft.names.fileName);
    }
    const reg = issue.REGISTERS[issue.parseKey(key).kind];
    throw new NotFoundError(`${reg.label} chưa được ban hành: văn bản được cấp số và lưu ${reg.when}.`);
  }

  async function serveIssued(res: Response, y: YearContext, d: { id: number; kind: string; agencyId: number | null; fileBase: string; fileName: string }, ext: Ext) {
    if (!mayRead(y, d)) throw new ForbiddenError(READ_REPORT);
    const files = await issue.filesOf(db, y, d.id);
    // names stored at the first render of a document issued without files
    const names = d.fileBase ? d : await db.issuedDocument.findUniqueOrThrow({ where: { id: d.id }, select: { fileBase: true, fileName: true } });
    send(res, files[ext], ext, names.fileBase, names.fileName);
  }

  // GET /documents — every document issued in the year (superseded ones marked), drafts, and the board's decisions
  r.get(
    '/documents',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      const id = y.blocYear.id;
      const [issued, drafts, pledge, frozen, decisions] = await Promise.all([
        db.issuedDocument.findMany({ where: { blocYearId: id, key: { not: '' } }, orderBy: { id: 'asc' }, select: META }),
        db.awardProposal.findMany({ where: { blocYearId: id, status: 'DRAFT', agencyId: { not: null } }, orderBy: [{ awardKind: 'asc' }, { id: 'asc' }], select: { id: true, awardKind: true, agencyId: true } }),
        db.pledge.findUnique({ where: { blocYearId: id }, select: { publishedAt: true, _count: { select: { signatures: { where: { agencyId: { in: y.members.map((m) => m.agencyId) } } } } } } }),
        db.review.findUnique({ where: { blocYearId_kind: { blocYearId: id, kind: 'YEAR_END' } }, select: { frozenAt: true } }),
        db.awardProposal.findMany({
          where: { blocYearId: id, OR: [{ decisionNumber: { not: '' } }, { status: { in: ['APPROVED', 'REJECTED'] } }] },
          orderBy: [{ decisionDate: 'asc' }, { awardKind: 'asc' }, { id: 'asc' }],
          select: { id: true, awardKind: true, agencyId: true, personName: true, status: true, decisionNumber: true, decisionDate: true, decisionOutcome: true, decisionNote: true, decisionSigner: true },
        }),
      ]);
      const order = Object.keys(issue.REGISTERS);
      const rows = issued
        .sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || a.id - b.id)
        .map((d) => ({
          ...d,
          label: issue.REGISTERS[d.kind as issue.DocKind]?.label ?? d.kind,
          href: `${y.base}${d.supersededAt ? `/documents/issued/${d.id}` : keyPath(d.key)}`,
          readable: mayRead(y, d),
          supersededBy: d.supersededById ? issued.find((x) => x.id === d.supersededById)?.number ?? '' : '',
        }));
      const has = (key: string) => issued.some((d) => d.key === key && !d.supersededAt);
      const open = y.state.phase !== 'CLOSED';
      const nameOf = (agencyId: number | null) => y.members.find((m) => m.agencyId === agencyId)?.name ?? '';
      res.render('documents/index', {
        title: `Văn bản năm ${y.blocYear.year} — ${y.blocName}`,
        y,
        rows,
        registers: issue.REGISTERS,
        pending: {
          minutes: !has(issue.KEYS.minutes) ? { draft: open && y.state.phase === 'YEAR_END_REVIEW' && Boolean(frozen?.frozenAt) } : null,
          letter: drafts.length && open && frozen?.frozenAt ? { count: drafts.length, reissue: has(issue.KEYS.letter) } : null,
          reports: open && frozen?.frozenAt ? drafts.filter((p) => mayRead(y, { kind: 'ACHIEVEMENT', agencyId: p.agencyId })).map((p) => ({ id: p.id, name: nameOf(p.agencyId), award: AWARD_LABELS[p.awardKind as AwardKind] ?? p.awardKind })) : [],
          pledge: !has(issue.KEYS.pledge) && pledge?.publishedAt ? { signed: pledge._count.signatures, total: y.members.length, draft: open } : null,
        },
        decisions: decisions.map((p) => ({ ...p, name: p.agencyId ? nameOf(p.agencyId) : p.personName, award: AWARD_LABELS[p.awardKind as AwardKind] ?? p.awardKind })),
      });
    }),
  );

  // GET /documents/issued/:docId.:ext — one issued document by its record, superseded ones included
  r.get(
    '/documents/issued/:docId.:ext',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      const p = parse(issuedParams, req.params);
      const d = await db.issuedDocument.findFirst({ where: { id: p.docId, blocYearId: y.blocYear.id, key: { not: '' } }, select: META });
      if (!d) throw new NotFoundError('Không tìm thấy văn bản.');
      await serveIssued(res, y, d, p.ext);
    }),
  );

  /** The current document of a key; `?draft=1` asks for the draft of the next one. */
  function byKey<S extends typeof extParams>(path: string, params: S, key: (p: z.infer<S>) => string) {
    r.get(
      path,
      route(async (req, res) => {
        const y = await loadYear(db, req);
        const p = parse(params, req.params);
        const { draft } = parse(draftQuery, req.query);
        await serveKey(res, y, key(p), p.ext, draft === '1');
      }),
    );
  }

  // GET /documents/minutes.:ext — minutes of the year-end conference (issued when the year is closed)
  byKey('/documents/minutes.:ext', extParams, () => issue.KEYS.minutes);
  // GET /documents/mid-year-minutes.:ext — minutes of the mid-year meeting (issued at its freeze)
  byKey('/documents/mid-year-minutes.:ext', extParams, () => issue.KEYS.midYearMinutes);
  // GET /documents/tally/:ballotId.:ext — the tally record of a closed ballot (issued at the close)
  byKey('/documents/tally/:ballotId.:ext', tallyParams, (p) => issue.KEYS.tally(p.ballotId));
  // GET /documents/proposal-letter.:ext — the proposal letter with its lists (issued at sending)
  byKey('/documents/proposal-letter.:ext', extParams, () => issue.KEYS.letter);
  // GET /documents/achievements/:proposalId.:ext — the proposed unit's achievement report (issued at sending)
  byKey('/documents/achievements/:proposalId.:ext', achievementParams, (p) => issue.KEYS.achievement(p.proposalId));
  // GET /documents/pledge.:ext — the pledge with every member's signature (issued at the last signature)
  byKey('/documents/pledge.:ext', extParams, () => issue.KEYS.pledge);

  // GET /documents/scoreboard.xlsx — every unit × criterion, self and reviewed, totals, rank
  r.get(
    '/documents/scoreboard.xlsx',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      const { period } = parse(periodQuery, req.query);
      send(res, await docs.scoreboardXlsx(await svc.scoreboardData(db, y, period)), 'xlsx', ...tableNames(y, 'bang-diem', 'Bảng điểm', period));
    }),
  );

  // GET /documents/ranking.xlsx — the ranking (frozen at the review, else live)
  r.get(
    '/documents/ranking.xlsx',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      const { period } = parse(periodQuery, req.query);
      send(res, await docs.rankingXlsx(await svc.rankingData(db, y, period)), 'xlsx', ...tableNames(y, 'xep-hang', 'Bảng xếp hạng', period));
    }),
  );

  return r;
}
