// Award proposals of a bloc-year (paths relative to /blocs/:blocId/years/:year).
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/client';
import type { Config } from '../../config';
import { AWARD_KINDS } from '../../domain/enums';
import { route, writeThenRedirect } from '../../http/guards';
import { check, dayField, idField, parse } from '../../http/validate';
import { loadYear, type YearContext } from '../years/context';
import * as svc from './service';
import { seesAllRegistrations } from '../registrations/service';

const proposeSchema = z.object({
  awardKind: z.enum(AWARD_KINDS, { error: 'Hình thức khen thưởng không hợp lệ.' }),
  agencyId: idField('Đơn vị không hợp lệ.'),
  achievements: z.string({ error: 'Tóm tắt thành tích tối đa 5.000 ký tự.' }).trim().max(5000, 'Tóm tắt thành tích tối đa 5.000 ký tự.').default(''),
});

const decideSchema = z.object({
  decisionNumber: z.string({ error: 'Cần nhập số quyết định (ví dụ 215/QĐ-UBND).' }).trim().min(3, 'Cần nhập số quyết định (ví dụ 215/QĐ-UBND).').max(50, 'Số quyết định tối đa 50 ký tự.'),
  decisionDate: dayField('Cần nhập ngày quyết định hợp lệ.'),
  outcome: z.enum(['APPROVED', 'REJECTED'], { error: 'Chọn kết quả: được hoặc không được khen thưởng.' }),
  note: z.string({ error: 'Ghi chú tối đa 1.000 ký tự.' }).trim().max(1000, 'Ghi chú tối đa 1.000 ký tự.').default(''),
  signer: z.string({ error: 'Người ký tối đa 150 ký tự.' }).trim().max(150, 'Người ký tối đa 150 ký tự.').default(''),
  // recording a decision cannot be undone by a click: the board ticks that it has checked it
  confirm: z.literal('yes', { error: 'Đánh dấu xác nhận đã đối chiếu số, ngày và kết quả với quyết định trước khi ghi.' }),
});

const correctSchema = z.object({
  decisionNumber: decideSchema.shape.decisionNumber,
  decisionDate: decideSchema.shape.decisionDate,
  outcome: decideSchema.shape.outcome,
  reason: z.string({ error: 'Cần ghi lý do đính chính (ít nhất 10 ký tự).' }).trim().min(10, 'Cần ghi lý do đính chính (ít nhất 10 ký tự).').max(1000, 'Lý do đính chính tối đa 1.000 ký tự.'),
  confirm: z.literal('yes', { error: 'Đánh dấu xác nhận đính chính quyết định trước khi lưu.' }),
});

const achievementsSchema = z.object({ achievements: z.string({ error: 'Báo cáo thành tích cần ít nhất 20 ký tự.' }).trim().min(20, 'Báo cáo thành tích cần ít nhất 20 ký tự.').max(10000, 'Báo cáo thành tích tối đa 10.000 ký tự.') });
const proposalParams = z.object({ proposalId: idField('Mã đề nghị không hợp lệ.') });
const actor = (req: Request, y: YearContext) => ({ userId: y.p.id, ip: req.ip ?? '' });

type Extra = { status?: number; error?: string; fieldErrors?: Record<string, string>; values?: Record<string, unknown>; decideId?: number; correctId?: number };

export function awardRoutes(db: Db, _config: Config): Router {
  const r = Router({ mergeParams: true });

  async function render(res: Response, y: YearContext, extra: Extra = {}) {
    const data = await svc.awardsPage(db, y);
    const canPropose = y.can('proposal.send') && y.state.phase === 'YEAR_END_REVIEW' && data.frozen;
    res.status(extra.status ?? 200).render('awards/index', {
      title: `Bình xét, đề nghị khen thưởng — ${y.blocName} ${y.blocYear.year}`,
      y,
      ...data,
      canPropose,
      canSend: canPropose && data.proposals.some((p) => p.status === 'DRAFT'),
      canDecide: y.can('proposal.decide'),
      // an achievement report holds the unit's own figures: the unit, the head and the overseers read it
      readsReport: (agencyId: number) => seesAllRegistrations(y) || y.p.agencyIds.includes(agencyId),
      error: extra.error ?? '',
      fieldErrors: extra.fieldErrors ?? {},
      values: extra.values ?? {},
      decideId: extra.decideId ?? 0,
      correctId: extra.correctId ?? 0,
    });
  }

  /** A rule broken: the page again with the message at the top. */
  const attempt = (req: Request, res: Response, y: YearContext, write: () => Promise<string>, extra: Extra = {}) =>
    writeThenRedirect(req, res, async () => ({ flash: await write(), to: `${y.base}/awards` }), (e) =>
      render(res, y, { ...extra, status: e.status, error: e.message, fieldErrors: e.fieldErrors, values: req.body }),
    );

  // GET /awards — quotas, every unit's eligibility (with reasons), the proposals and the board's decisions
  r.get(
    '/awards',
    route(async (req, res) => render(res, await loadYear(db, req))),
  );

  // POST /awards/propose — the head proposes one unit for one award (quota and conditions enforced)
  r.post(
    '/awards/propose',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      y.authorize('proposal.send');
      const input = check(proposeSchema, req.body);
      if (!input.ok) return render(res, y, { status: 422, error: Object.values(input.errors)[0], fieldErrors: input.errors, values: req.body });
      return attempt(req, res, y, () => svc.propose(db, y, actor(req, y), input.data));
    }),
  );

  // POST /awards/send — the head sends every draft proposal to the provincial board (tờ trình)
  r.post(
    '/awards/send',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      y.authorize('proposal.send');
      return attempt(req, res, y, () => svc.sendProposals(db, y, actor(req, y)));
    }),
  );

  // POST /awards/:proposalId/withdraw — the head takes a proposal back before closing
  r.post(
    '/awards/:proposalId/withdraw',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      y.authorize('proposal.send');
      const { proposalId } = parse(proposalParams, req.params);
      return attempt(req, res, y, () => svc.withdraw(db, y, actor(req, y), proposalId));
    }),
  );

  // POST /awards/:proposalId/achievements — the unit (or the head) writes its achievement report before sending
  r.post(
    '/awards/:proposalId/achievements',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      const { proposalId } = parse(proposalParams, req.params);
      const input = check(achievementsSchema, req.body);
      if (!input.ok) {
        const p = await db.awardProposal.findFirst({ where: { id: proposalId, blocYearId: y.blocYear.id }, select: { agencyId: true } });
        y.authorize('proposal.report', p?.agencyId ?? -1);
        return render(res, y, { status: 422, error: Object.values(input.errors)[0], fieldErrors: input.errors, values: req.body, decideId: proposalId });
      }
      return attempt(req, res, y, () => svc.saveAchievements(db, y, actor(req, y), proposalId, input.data.achievements), { decideId: proposalId });
    }),
  );

  // POST /awards/:proposalId/decide — the provincial board records the decision (number, date, outcome)
  r.post(
    '/awards/:proposalId/decide',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      y.authorize('proposal.decide');
      const { proposalId } = parse(proposalParams, req.params);
      const input = check(decideSchema, req.body);
      if (!input.ok) return render(res, y, { status: 422, error: Object.values(input.errors)[0], fieldErrors: input.errors, values: req.body, decideId: proposalId });
      return attempt(req, res, y, () => svc.decide(db, y, actor(req, y), proposalId, input.data), { decideId: proposalId });
    }),
  );

  // POST /awards/:proposalId/decision/correct — the provincial board corrects a recorded decision, with a reason (audited)
  r.post(
    '/awards/:proposalId/decision/correct',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      y.authorize('proposal.decide');
      const { proposalId } = parse(proposalParams, req.params);
      const input = check(correctSchema, req.body);
      if (!input.ok) return render(res, y, { status: 422, error: Object.values(input.errors)[0], fieldErrors: input.errors, values: req.body, correctId: proposalId });
      return attempt(req, res, y, () => svc.correctDecision(db, y, actor(req, y), proposalId, input.data), { correctId: proposalId });
    }),
  );

  return r;
}
