// The year's documents (paths relative to /blocs/:blocId/years/:year): minutes, tally records,
// proposal letter and pledge as DOCX and PDF; scoreboard and ranking as XLSX. Anyone who may read
// the year may download them; each is generated from the data at the moment of the request.
import { Router, type Response } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/client';
import type { Config } from '../../config';
import { PERIODS } from '../../domain/enums';
import * as docs from '../../documents';
import { route } from '../../http/guards';
import { idField, parse } from '../../http/validate';
import { loadYear } from '../years/context';
import { yearEndReview } from '../awards/service';
import * as svc from './service';

const extParams = z.object({ ext: z.enum(['docx', 'pdf'], { error: 'Định dạng tệp không hỗ trợ.' }) });
const tallyParams = extParams.extend({ ballotId: idField('Mã cuộc bỏ phiếu không hợp lệ.') });
const achievementParams = extParams.extend({ proposalId: idField('Mã đề nghị không hợp lệ.') });
const periodQuery = z.object({ period: z.enum(PERIODS, { error: 'Kỳ chấm điểm không hợp lệ.' }).default('YEAR_END') });

function send(res: Response, buf: Buffer, ext: 'docx' | 'pdf' | 'xlsx', name: string) {
  res.type(docs.MIME[ext]);
  res.attachment(`${name}.${ext}`);
  res.setHeader('Cache-Control', 'private, no-store');
  res.send(buf);
}

export function documentRoutes(db: Db, _config: Config): Router {
  const r = Router({ mergeParams: true });

  // GET /documents — the list of what can be downloaded for the year
  r.get(
    '/documents',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      const [review, ballots, proposals, pledge] = await Promise.all([
        yearEndReview(db, y.blocYear.id),
        db.ballot.findMany({ where: { blocYearId: y.blocYear.id, status: 'CLOSED' }, orderBy: { id: 'asc' }, select: { id: true, title: true } }),
        db.awardProposal.findMany({ where: { blocYearId: y.blocYear.id, status: { in: ['DRAFT', 'SENT', 'APPROVED'] }, agencyId: { not: null } }, orderBy: [{ awardKind: 'asc' }, { id: 'asc' }], select: { id: true, awardKind: true, agencyId: true } }),
        db.pledge.findUnique({ where: { blocYearId: y.blocYear.id }, select: { publishedAt: true } }),
      ]);
      res.render('documents/index', {
        title: `Văn bản năm ${y.blocYear.year} — ${y.blocName}`,
        y,
        hasMinutes: Boolean(review?.frozenAt),
        ballots,
        hasProposals: proposals.length > 0 && Boolean(review?.frozenAt),
        proposals: review?.frozenAt ? proposals.map((p) => ({ ...p, name: y.members.find((m) => m.agencyId === p.agencyId)?.name ?? '' })) : [],
        hasPledge: Boolean(pledge?.publishedAt),
      });
    }),
  );

  // GET /documents/minutes.:ext — minutes of the year-end conference (biên bản hội nghị tổng kết)
  r.get(
    '/documents/minutes.:ext',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      const { ext } = parse(extParams, req.params);
      const data = await svc.minutesData(db, y);
      send(res, ext === 'docx' ? await docs.minutesDocx(data) : await docs.minutesPdf(data), ext, `bien-ban-tong-ket-${y.blocYear.year}`);
    }),
  );

  // GET /documents/tally/:ballotId.:ext — the tally record of a closed ballot (biên bản kiểm phiếu)
  r.get(
    '/documents/tally/:ballotId.:ext',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      const { ext, ballotId } = parse(tallyParams, req.params);
      const data = await svc.tallyData(db, y, ballotId);
      send(res, ext === 'docx' ? await docs.tallyDocx(data) : await docs.tallyPdf(data), ext, `bien-ban-kiem-phieu-${ballotId}`);
    }),
  );

  // GET /documents/proposal-letter.:ext — the proposal letter with its lists (tờ trình)
  r.get(
    '/documents/proposal-letter.:ext',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      const { ext } = parse(extParams, req.params);
      const data = await svc.proposalLetterData(db, y);
      send(res, ext === 'docx' ? await docs.proposalLetterDocx(data) : await docs.proposalLetterPdf(data), ext, `to-trinh-khen-thuong-${y.blocYear.year}`);
    }),
  );

  // GET /documents/achievements/:proposalId.:ext — the proposed unit's achievement report (báo cáo thành tích)
  r.get(
    '/documents/achievements/:proposalId.:ext',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      const { ext, proposalId } = parse(achievementParams, req.params);
      const data = await svc.achievementData(db, y, proposalId);
      send(res, ext === 'docx' ? await docs.achievementReportDocx(data) : await docs.achievementReportPdf(data), ext, `bao-cao-thanh-tich-${proposalId}`);
    }),
  );

  // GET /documents/pledge.:ext — the pledge with every member's signature (giao ước thi đua)
  r.get(
    '/documents/pledge.:ext',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      const { ext } = parse(extParams, req.params);
      const data = await svc.pledgeData(db, y);
      send(res, ext === 'docx' ? await docs.pledgeDocx(data) : await docs.pledgePdf(data), ext, `giao-uoc-thi-dua-${y.blocYear.year}`);
    }),
  );

  // GET /documents/scoreboard.xlsx — every unit × criterion, self and reviewed, totals, rank
  r.get(
    '/documents/scoreboard.xlsx',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      const { period } = parse(periodQuery, req.query);
      send(res, await docs.scoreboardXlsx(await svc.scoreboardData(db, y, period)), 'xlsx', `bang-diem-${y.blocYear.year}-${period === 'MID_YEAR' ? '6-thang' : 'ca-nam'}`);
    }),
  );

  // GET /documents/ranking.xlsx — the ranking (frozen at the review, else live)
  r.get(
    '/documents/ranking.xlsx',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      const { period } = parse(periodQuery, req.query);
      send(res, await docs.rankingXlsx(await svc.rankingData(db, y, period)), 'xlsx', `xep-hang-${y.blocYear.year}-${period === 'MID_YEAR' ? '6-thang' : 'ca-nam'}`);
    }),
  );

  return r;
}
