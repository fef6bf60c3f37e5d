import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/client';
import type { Config } from '../../config';
import { route } from '../../http/guards';
import { check, dayField, idList, intField } from '../../http/validate';
import { flash } from '../../http/locals';
import { loadYear, type YearContext } from '../years/context';
import * as svc from './service';

const midYearSchema = z.object({
  heldAt: dayField('Cần nhập ngày họp sơ kết hợp lệ.'),
  place: z.string({ error: 'Cần nhập địa điểm họp.' }).trim().min(2, 'Cần nhập địa điểm họp.').max(300, 'Địa điểm tối đa 300 ký tự.'),
  chairName: z.string({ error: 'Cần nhập người chủ trì.' }).trim().min(2, 'Cần nhập người chủ trì.').max(100, 'Tối đa 100 ký tự.'),
  // the post apart from the name, so that the minutes sign with the name alone
  chairTitle: z.string({ error: 'Tối đa 150 ký tự.' }).trim().max(150, 'Tối đa 150 ký tự.').default(''),
  secretaryName: z.string({ error: 'Cần nhập thư ký.' }).trim().min(2, 'Cần nhập thư ký.').max(100, 'Tối đa 100 ký tự.'),
  membersPresent: intField('Số đơn vị dự họp không hợp lệ.', 1, 1000),
  absentees: z.string({ error: 'Tối đa 1.000 ký tự.' }).trim().max(1000, 'Tối đa 1.000 ký tự.').default(''),
  summary: z.string({ error: 'Cần nhập tóm tắt kết quả (ít nhất 10 ký tự).' }).trim().min(10, 'Cần nhập tóm tắt kết quả (ít nhất 10 ký tự).').max(10000, 'Tối đa 10.000 ký tự.'),
  tasksAhead: z.string({ error: 'Tối đa 10.000 ký tự.' }).trim().max(10000, 'Tối đa 10.000 ký tự.').default(''),
  honoreeAgencyIds: idList('Đơn vị không hợp lệ.'),
  honoreePeople: z
    .string({ error: 'Tối đa 5.000 ký tự.' })
    .max(5000, 'Tối đa 5.000 ký tự.')
    .default('')
    .transform((s) =>
      s
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
        .map((l) => {
          const [name, ...rest] = l.split(/\s+[—–-]\s+/);
          return { personName: name.slice(0, 100), note: rest.join(' - ').slice(0, 300) };
        }),
    ),
});

const yearEndSchema = midYearSchema.extend({
  notCompletedAgencyIds: idList('Đơn vị không hợp lệ.'),
});

export function reviewRoutes(db: Db, _config: Config): Router {
  const r = Router({ mergeParams: true });

  async function render(res: import('express').Response, y: YearContext, extra: { status?: number; fieldErrors?: Record<string, string>; values?: Record<string, unknown> } = {}) {
    const [reviews, { MID_YEAR: mid, YEAR_END: end }] = await Promise.all([svc.loadReviews(db, y), svc.liveRankings(db, y)]);
    const midRank = new Map((reviews.mid?.results ?? []).map((r) => [r.agencyId, r]));
    const change = end.ranked.map((r) => {
      const before = midRank.get(r.agencyId);
      return { ...r, midTotal: before?.totalCenti ?? null, midRank: before?.rank ?? null, delta: before ? r.totalCenti - before.totalCenti : null, rankDelta: before ? before.rank - r.rank : null };
    });
    res.status(extra.status ?? 200).render('reviews/index', {
      title: `Sơ kết, tổng kết — ${y.blocName} ${y.blocYear.year}`,
      y,
      ...reviews,
      liveMid: mid,
      change,
      endPending: end.notAccepted,
      canFreeze: y.can('review.run') && y.state.phase === 'MID_YEAR_REVIEW' && !y.state.midYearFrozen,
      canFreezeEnd: y.can('review.run') && y.state.phase === 'YEAR_END_REVIEW' && !reviews.end?.frozenAt,
      fieldErrors: extra.fieldErrors ?? {},
      values: extra.values ?? {},
    });
  }

  // GET /reviews — the mid-year snapshot (or the head's form to freeze it) and the change since mid-year
  r.get(
    '/reviews',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      await render(res, y);
    }),
  );

  // POST /reviews/mid-year/freeze — the head records the mid-year meeting and freezes its snapshot
  r.post(
    '/reviews/mid-year/freeze',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      y.authorize('review.run');
      const input = check(midYearSchema, req.body);
      if (!input.ok) return render(res, y, { status: 422, fieldErrors: input.errors, values: req.body });
      await svc.freezeReview(db, y, { userId: y.p.id, ip: req.ip ?? '' }, 'MID_YEAR', input.data);
      flash(req, 'success', 'Đã chốt sơ kết 6 tháng. Các đơn vị tiếp tục chấm điểm cả năm.');
      res.redirect(`${y.base}/reviews`);
    }),
  );

  // POST /reviews/year-end/freeze — the head records the year-end conference and freezes the year's ranking
  r.post(
    '/reviews/year-end/freeze',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      y.authorize('review.run');
      const input = check(yearEndSchema, req.body);
      if (!input.ok) return render(res, y, { status: 422, fieldErrors: input.errors, values: req.body });
      await svc.freezeReview(db, y, { userId: y.p.id, ip: req.ip ?? '' }, 'YEAR_END', input.data);
      flash(req, 'success', 'Đã chốt kết quả tổng kết năm. Tiếp tục bình xét, bỏ phiếu suy tôn và đề nghị khen thưởng.');
      res.redirect(`${y.base}/reviews`);
    }),
  );

  return r;
}
