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
import { loadYear, type YearContext } from '../years/context';
import { LIVE_PROPOSAL, yearEndReview } from '../awards/service';
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
        db.awardProposal.findMany({ where: { blocYearId: y.blocYear.id, status: { in: LIVE_PROPOSAL }, agencyId: { not: null } }, orderBy: [{ awardKind: 'asc' }, { id: 'asc' }], select: { id: true, awardKind: true, agencyId: true } }),
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

  /** One administrative document, as DOCX or PDF from the same model. */
  function adminDocument<S extends typeof extParams>(path: string, params: S, build: (y: YearContext, p: z.infer<S>) => Promise<docs.AdminDoc>, fileName: (y: YearContext, p: z.infer<S>) => string) {
    r.get(
      path,
      route(async (req, res) => {
        const y = await loadYear(db, req);
        const p = parse(params, req.params);
        send(res, await docs.renderAdminDoc(await build(y, p), p.ext), p.ext, fileName(y, p));
      }),
    );
  }

  // GET /documents/minutes.:ext — minutes of the year-end conference (biên bản hội nghị tổng kết)
  adminDocument('/documents/minutes.:ext', extParams, async (y) => docs.minutesDoc(await svc.minutesData(db, y)), (y) => `bien-ban-tong-ket-${y.blocYear.year}`);

  // GET /documents/tally/:ballotId.:ext — the tally record of a closed ballot (biên bản kiểm phiếu)
  adminDocument('/documents/tally/:ballotId.:ext', tallyParams, async (y, p) => docs.tallyDoc(await svc.tallyData(db, y, p.ballotId)), (_y, p) => `bien-ban-kiem-phieu-${p.ballotId}`);

  // GET /documents/proposal-letter.:ext — the proposal letter with its lists (tờ trình)
  adminDocument('/documents/proposal-letter.:ext', extParams, async (y) => docs.proposalLetterDoc(await svc.proposalLetterData(db, y)), (y) => `to-trinh-khen-thuong-${y.blocYear.year}`);

  // GET /documents/achievements/:proposalId.:ext — the proposed unit's achievement report (báo cáo thành tích)
  adminDocument('/documents/achievements/:proposalId.:ext', achievementParams, async (y, p) => docs.achievementReportDoc(await svc.achievementData(db, y, p.proposalId)), (_y, p) => `bao-cao-thanh-tich-${p.proposalId}`);

  // GET /documents/pledge.:ext — the pledge with every member's signature (giao ước thi đua)
  adminDocument('/documents/pledge.:ext', extParams, async (y) => docs.pledgeDoc(await svc.pledgeData(db, y)), (y) => `giao-uoc-thi-dua-${y.blocYear.year}`);

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
