// Secret ballots of a bloc-year (paths relative to /blocs/:blocId/years/:year).
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/client';
import type { Config } from '../../config';
import { AWARD_KINDS } from '../../domain/enums';
import { closeRefusal } from '../../domain/ballots';
import { route, writeThenRedirect } from '../../http/guards';
import { check, idField, idList, parse } from '../../http/validate';
import { loadYear, type YearContext } from '../years/context';
import { awardsPage, quorumOf } from '../awards/service';
import { rotationProposal } from '../closing/service';
import * as svc from './service';


const openSchema = z
  .object({
    purpose: z.enum(['AWARD', 'NEXT_HEAD', 'NEXT_DEPUTY'], { error: 'Chọn nội dung bỏ phiếu.' }),
    awardKind: z.union([z.enum(AWARD_KINDS), z.literal('')], { error: 'Hình thức khen thưởng không hợp lệ.' }).default(''),
    seats: z.coerce.number({ error: 'Số chỉ tiêu không hợp lệ.' }).int('Số chỉ tiêu không hợp lệ.').min(1, 'Số chỉ tiêu ít nhất là 1.').max(14, 'Số chỉ tiêu không hợp lệ.'),
    candidateIds: idList('Ứng viên không hợp lệ.').refine((a) => a.length > 0, 'Chọn ít nhất 1 ứng viên.'),
    presentIds: idList('Đơn vị dự họp không hợp lệ.').refine((a) => a.length > 0, 'Chọn các đơn vị có mặt.'),
  })
  .transform((v) => ({ ...v, awardKind: v.purpose === 'AWARD' ? v.awardKind : ('' as const) }));

const voteSchema = z.object({ candidateIds: idList('Phiếu không hợp lệ.') });
const nextRoundSchema = z.object({ presentIds: idList('Đơn vị dự họp không hợp lệ.').refine((a) => a.length > 0, 'Chọn các đơn vị có mặt.') });
const ballotParams = z.object({ ballotId: idField('Mã cuộc bỏ phiếu không hợp lệ.') });
const actor = (req: Request, y: YearContext) => ({ userId: y.p.id, ip: req.ip ?? '' });

type Extra = { status?: number; error?: string; fieldErrors?: Record<string, string>; values?: Record<string, unknown> };

export function ballotRoutes(db: Db, config: Config): Router {
  const r = Router({ mergeParams: true });

  async function renderList(res: Response, y: YearContext, extra: Extra = {}) {
    // the province's rules come with the awards page (read once)
    const [ballots, awards, rotation] = await Promise.all([svc.listBallots(db, y), awardsPage(db, y), rotationProposal(db, y)]);
    res.status(extra.status ?? 200).render('ballots/index', {
      title: `Bỏ phiếu suy tôn, bầu Khối trưởng — ${y.blocName} ${y.blocYear.year}`,
      y,
      ballots,
      awards: awards.awards.filter((a) => a.rule.needsBallot),
      frozen: awards.frozen,
      quorum: quorumOf(awards.vote, y.members.length),
      threshold: awards.vote.thresholdPercent,
      rotation,
      canOpen: y.can('ballot.manage') && y.state.phase === 'YEAR_END_REVIEW' && awards.frozen,
      error: extra.error ?? '',
      fieldErrors: extra.fieldErrors ?? {},
      values: extra.values ?? {},
    });
  }

  async function renderOne(res: Response, y: YearContext, ballotId: number, extra: Extra = {}) {
    const b = await svc.getBallot(db, y, ballotId);
    res.status(extra.status ?? 200).render('ballots/show', {
      title: `${b.title} — ${y.blocName}`,
      y,
      b,
      canVote: b.status === 'OPEN' && y.myAgencyId !== null && y.can('ballot.vote', y.myAgencyId) && Boolean(b.mine) && !b.mine?.votedAt,
      canClose: b.status === 'OPEN' && y.can('ballot.manage') && y.state.phase === 'YEAR_END_REVIEW',
      closeRefusal: b.status === 'OPEN' ? closeRefusal({ returned: b.voted, issued: b.issued, quorumNeeded: b.quorumNeeded }) : null,
      canNextRound: b.status === 'CLOSED' && y.can('ballot.manage') && y.state.phase === 'YEAR_END_REVIEW' && b.candidates.filter((c) => c.elected).length < b.seats,
      error: extra.error ?? '',
      fieldErrors: extra.fieldErrors ?? {},
      values: extra.values ?? {},
    });
  }

  // GET /ballots — the year's ballots (results only once closed) and the head's form to open one
  r.get('/ballots', route(async (req, res) => renderList(res, await loadYear(db, req))));

  // POST /ballots — the head opens a ballot: purpose, candidates, seats, member units present
  r.post(
    '/ballots',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      y.authorize('ballot.manage');
      const input = check(openSchema, req.body);
      if (!input.ok) return renderList(res, y, { status: 422, error: Object.values(input.errors)[0], fieldErrors: input.errors, values: req.body });
      return writeThenRedirect(
        req,
        res,
        async () => ({ flash: 'Đã mở bỏ phiếu. Đại diện các đơn vị có mặt bỏ phiếu trên trang này.', to: `${y.base}/ballots/${await svc.openBallot(db, y, actor(req, y), input.data)}` }),
        (e) => renderList(res, y, { status: e.status, error: e.message, fieldErrors: e.fieldErrors, values: req.body }),
      );
    }),
  );

  // GET /ballots/:ballotId — the paper for a present unit; turnout while open; the tally once closed
  r.get(
    '/ballots/:ballotId',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      const { ballotId } = parse(ballotParams, req.params);
      await renderOne(res, y, ballotId);
    }),
  );

  // POST /ballots/:ballotId/vote — one secret paper per present member unit
  r.post(
    '/ballots/:ballotId/vote',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      const { ballotId } = parse(ballotParams, req.params);
      if (y.myAgencyId !== null) y.authorize('ballot.vote', y.myAgencyId);
      const input = check(voteSchema, req.body);
      if (!input.ok) return renderOne(res, y, ballotId, { status: 422, error: Object.values(input.errors)[0], fieldErrors: input.errors });
      return writeThenRedirect(
        req,
        res,
        async () => {
          await svc.castVote(db, y, actor(req, y), ballotId, input.data.candidateIds, config.sessionSecret);
          return { flash: 'Đã ghi nhận phiếu bầu của đơn vị. Kết quả chỉ được công bố khi kết thúc bỏ phiếu.', to: `${y.base}/ballots/${ballotId}` };
        },
        (e) => renderOne(res, y, ballotId, { status: e.status, error: e.message }),
      );
    }),
  );

  // POST /ballots/:ballotId/close — the head ends the vote; the tally is computed and cannot change
  r.post(
    '/ballots/:ballotId/close',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      y.authorize('ballot.manage');
      const { ballotId } = parse(ballotParams, req.params);
      return writeThenRedirect(
        req,
        res,
        async () => {
          const t = await svc.closeBallot(db, y, actor(req, y), ballotId, config.sessionSecret);
          return { flash: `Đã kết thúc bỏ phiếu: ${t.valid} phiếu hợp lệ trên ${t.returned} phiếu thu về.`, to: `${y.base}/ballots/${ballotId}` };
        },
        (e) => renderOne(res, y, ballotId, { status: e.status, error: e.message }),
      );
    }),
  );

  // POST /ballots/:ballotId/next-round — a second round among the tied (or those below the threshold)
  r.post(
    '/ballots/:ballotId/next-round',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      y.authorize('ballot.manage');
      const { ballotId } = parse(ballotParams, req.params);
      const input = check(nextRoundSchema, req.body);
      if (!input.ok) return renderOne(res, y, ballotId, { status: 422, error: Object.values(input.errors)[0], fieldErrors: input.errors });
      return writeThenRedirect(
        req,
        res,
        async () => ({ flash: 'Đã mở bỏ phiếu vòng tiếp theo.', to: `${y.base}/ballots/${await svc.nextRound(db, y, actor(req, y), ballotId, input.data.presentIds)}` }),
        (e) => renderOne(res, y, ballotId, { status: e.status, error: e.message }),
      );
    }),
  );

  return r;
}
