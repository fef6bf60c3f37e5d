// Registration pages of a bloc-year (paths relative to /blocs/:blocId/years/:year).
import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/client';
import type { Config } from '../../config';
import { route } from '../../http/guards';
import { check, parse } from '../../http/validate';
import { flash } from '../../http/locals';
import { ConflictError, ForbiddenError } from '../../http/errors';
import { canRegister } from '../../domain/phases';
import { loadYear, type YearContext } from '../years/context';
import { consequencesFor } from '../awards/service';
import { namesList, parseBulkPicks } from '../../http/bulk';
import { acceptSchema, agencyParam, registrationSchema, returnSchema, splitAims, AWARD_AIMS, COLLECTIVE_TITLES, CSTDCS_PERCENT } from './schemas';
import * as svc from './service';

const actor = (req: Request, y: YearContext) => ({ userId: y.p.id, ip: req.ip ?? '' });
const unitUrl = (y: YearContext, agencyId: number) => `${y.base}/registrations/${agencyId}`;

type Extra = { status?: number; fieldErrors?: Record<string, string>; values?: Record<string, unknown>; reviewValues?: Record<string, unknown>; error?: string };

export function registrationRoutes(db: Db, _config: Config): Router {
  const r = Router({ mergeParams: true });

  /** One unit's registration: the form for its officer while editable, otherwise read-only; the head's review forms. */
  async function renderUnit(res: Response, y: YearContext, agencyId: number, extra: Extra = {}, statusList?: Awaited<ReturnType<typeof svc.registrationStatuses>>) {
    const member = svc.memberOr404(y, agencyId);
    const [data, { byUnit }] = await Promise.all([svc.loadRegistration(db, y, agencyId), consequencesFor(db, y)]);
    const status = data.reg?.status ?? null;
    const editable = y.can('registration.write', agencyId) && canRegister(y.state) && svc.isEditableStatus(status);
    const reviewable = status === 'SUBMITTED' && y.can('registration.review', agencyId);
    const values = extra.values ?? {
      collectiveTitle: data.reg?.collectiveTitle ?? '',
      awardAims: splitAims(data.reg?.awardAims ?? ''),
      targets: data.reg?.targets ?? '',
      staffCount: data.reg ? data.reg.staffCount : '',
      countLdtt: data.reg ? data.reg.countLdtt : '',
      countCstdcs: data.reg ? data.reg.countCstdcs : '',
      countCstdTinh: data.reg ? data.reg.countCstdTinh : '',
    };
    const aims = values.awardAims;
    res.status(extra.status ?? 200).render('registrations/show', {
      title: `Đăng ký thi đua — ${member.name}`,
      y,
      member,
      ...data,
      status,
      editable,
      reviewable,
      consequences: byUnit.get(agencyId) ?? [],
      reviewNote: status === 'SUBMITTED' && !reviewable ? svc.reviewerNote(y, agencyId) : null,
      canReturn: reviewable && canRegister(y.state),
      phaseOpen: canRegister(y.state),
      values: { ...values, awardAims: Array.isArray(aims) ? aims.map(String) : typeof aims === 'string' ? [aims] : [] },
      reviewValues: extra.reviewValues ?? {},
      fieldErrors: extra.fieldErrors ?? {},
      error: extra.error,
      statusList: statusList ?? null,
      collectiveTitles: COLLECTIVE_TITLES,
      awardAims: AWARD_AIMS,
      cstdcsPercent: CSTDCS_PERCENT,
    });
  }

  // GET /registrations — the head, board and admin: every member's registration; a unit: its own, and who has registered
  r.get(
    '/registrations',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      if (svc.seesAllRegistrations(y)) {
        const [data, { byUnit }] = await Promise.all([svc.registrationTable(db, y), consequencesFor(db, y)]);
        const reviewNotes = new Map(y.members.map((m) => [m.agencyId, svc.reviewerNote(y, m.agencyId)]));
        return res.render('registrations/index', { title: `Đăng ký thi đua — ${y.blocName} ${y.blocYear.year}`, y, ...data, acceptOpen: svc.acceptOpen(y), reviewNotes, consequences: byUnit });
      }
      if (!y.myAgencyId) throw new ForbiddenError();
      await renderUnit(res, y, y.myAgencyId, {}, await svc.registrationStatuses(db, y));
    }),
  );

  // GET /registrations/:agencyId — one unit's registration (the unit, the head, the board, admin)
  r.get(
    '/registrations/:agencyId',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      const { agencyId } = parse(agencyParam, req.params);
      if (!svc.seesRegistration(y, agencyId)) {
        throw new ForbiddenError('Chỉ đơn vị, Khối trưởng và Ban Thi đua – Khen thưởng được xem bản đăng ký này.');
      }
      await renderUnit(res, y, agencyId);
    }),
  );

  // POST /registrations/accept — the reviewer accepts the ticked sent registrations at once (one changed since the list was loaded is skipped and named)
  r.post(
    '/registrations/accept',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      svc.assertCanReview(y, 'accept');
      const picks = parseBulkPicks(req.body, 'Chưa chọn bản đăng ký nào: đánh dấu các bản đăng ký cần chấp nhận.');
      const { accepted, skipped } = await svc.acceptRegistrations(db, y, actor(req, y), picks);
      if (accepted.length) flash(req, 'success', `Đã chấp nhận ${accepted.length} bản đăng ký: ${namesList(accepted.map((m) => m.name))}.`);
      if (skipped.length) {
        flash(req, 'warning', `Chưa chấp nhận ${skipped.length} bản đăng ký vừa được thay đổi sau khi tải trang: ${namesList(skipped.map((m) => m.name))}. Vui lòng xem lại từng bản.`);
      }
      res.redirect(`${y.base}/registrations`);
    }),
  );

  // POST /registrations/:agencyId — the unit's officer saves its draft (action=save) or sends it (action=submit)
  r.post(
    '/registrations/:agencyId',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      const { agencyId } = parse(agencyParam, req.params);
      svc.assertCanWrite(y, agencyId);
      svc.memberOr404(y, agencyId);
      if (!svc.isEditableStatus(await svc.currentStatus(db, y, agencyId))) throw new ConflictError(svc.LOCKED);
      const input = check(registrationSchema, req.body);
      if (!input.ok) return renderUnit(res, y, agencyId, { status: 422, fieldErrors: input.errors, values: req.body });
      const { status } = await svc.saveRegistration(db, y, actor(req, y), agencyId, input.data);
      flash(req, 'success', status === 'SUBMITTED' ? 'Đã gửi bản đăng ký thi đua tới Khối trưởng.' : 'Đã lưu bản nháp đăng ký thi đua.');
      res.redirect(unitUrl(y, agencyId));
    }),
  );

  // POST /registrations/:agencyId/accept — the head accepts a submitted registration
  r.post(
    '/registrations/:agencyId/accept',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      const { agencyId } = parse(agencyParam, req.params);
      svc.assertCanReview(y, 'accept', agencyId);
      svc.memberOr404(y, agencyId);
      const { version } = parse(acceptSchema, req.body);
      await svc.reviewRegistration(db, y, actor(req, y), agencyId, { kind: 'accept', version });
      flash(req, 'success', `Đã chấp nhận bản đăng ký của ${svc.memberOr404(y, agencyId).name}.`);
      res.redirect(`${y.base}/registrations`);
    }),
  );

  // POST /registrations/:agencyId/return — the head returns a submitted registration with a reason
  r.post(
    '/registrations/:agencyId/return',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      const { agencyId } = parse(agencyParam, req.params);
      svc.assertCanReview(y, 'return', agencyId);
      svc.memberOr404(y, agencyId);
      const input = check(returnSchema, req.body);
      if (!input.ok) return renderUnit(res, y, agencyId, { status: 422, fieldErrors: input.errors, reviewValues: req.body });
      await svc.reviewRegistration(db, y, actor(req, y), agencyId, { kind: 'return', ...input.data });
      flash(req, 'success', `Đã trả lại bản đăng ký cho ${svc.memberOr404(y, agencyId).name} để sửa.`);
      res.redirect(`${y.base}/registrations`);
    }),
  );

  return r;
}
