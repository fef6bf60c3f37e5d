// The province's rules of a year (board of the province, admin).
import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/client';
import { principal, requireLogin, route, writeThenRedirect } from '../../http/guards';
import { check, parse } from '../../http/validate';
import * as svc from './service';
import { awardParams, awardSchema, generalSchema, provinceParams, yearQuery } from './schemas';

type Extra = { status?: number; error?: string; fieldErrors?: Record<string, string>; values?: Record<string, unknown>; form?: string };

/** The year a refused form is shown again for: the one typed when valid, else this year. */
function formYear(v: unknown): number {
  const r = yearQuery.safeParse({ year: v });
  return (r.success && r.data.year) || new Date().getFullYear();
}

export function provinceRoutes(db: Db): Router {
  const r = Router();
  r.use('/provinces', requireLogin);

  async function render(res: Response, province: { id: number; name: string }, year: number, extra: Extra = {}) {
    const data = await svc.rulesPage(db, province.id, year);
    res.status(extra.status ?? 200).render('provinces/rules', {
      title: `Quy định thi đua, khen thưởng năm ${year} — tỉnh ${province.name}`,
      province,
      year,
      ...data,
      error: extra.error ?? '',
      fieldErrors: extra.fieldErrors ?? {},
      values: extra.values ?? {},
      form: extra.form ?? '',
    });
  }

  const actor = (req: Request) => ({ userId: principal(req).id, ip: req.ip ?? '' });

  // GET /provinces/:provinceId/rules?year= — bands, vote rules, tie order, and each award's quota and conditions
  r.get(
    '/provinces/:provinceId/rules',
    route(async (req, res) => {
      const { provinceId } = parse(provinceParams, req.params);
      const province = await svc.provinceFor(db, principal(req), provinceId);
      const { year = new Date().getFullYear() } = parse(yearQuery, req.query);
      await render(res, province, year);
    }),
  );

  // POST /provinces/:provinceId/rules — the general rules of a year
  r.post(
    '/provinces/:provinceId/rules',
    route(async (req, res) => {
      const { provinceId } = parse(provinceParams, req.params);
      const province = await svc.provinceFor(db, principal(req), provinceId);
      const input = check(generalSchema, req.body);
      const year = formYear(req.body.year);
      if (!input.ok) return render(res, province, year, { status: 422, error: 'Quy định chưa hợp lệ. Vui lòng kiểm tra các ô được đánh dấu.', fieldErrors: input.errors, values: req.body, form: 'general' });
      return writeThenRedirect(
        req,
        res,
        async () => {
          await svc.saveGeneral(db, provinceId, actor(req), input.data);
          return { flash: `Đã lưu quy định chung năm ${input.data.year}.`, to: `/provinces/${provinceId}/rules?year=${input.data.year}` };
        },
        (e) => render(res, province, input.data.year, { status: e.status, error: e.message, values: req.body, form: 'general' }),
      );
    }),
  );

  // POST /provinces/:provinceId/rules/awards/:awardKind — one award's quota and conditions for a year
  r.post(
    '/provinces/:provinceId/rules/awards/:awardKind',
    route(async (req, res) => {
      const { provinceId, awardKind } = parse(awardParams, req.params);
      const province = await svc.provinceFor(db, principal(req), provinceId);
      const input = check(awardSchema, req.body);
      const year = formYear(req.body.year);
      if (!input.ok) return render(res, province, year, { status: 422, error: 'Quy định chưa hợp lệ. Vui lòng kiểm tra các ô được đánh dấu.', fieldErrors: input.errors, values: req.body, form: awardKind });
      return writeThenRedirect(
        req,
        res,
        async () => {
          await svc.saveAward(db, provinceId, actor(req), awardKind, input.data);
          return { flash: `Đã lưu quy định khen thưởng năm ${input.data.year}.`, to: `/provinces/${provinceId}/rules?year=${input.data.year}#aw-${awardKind}` };
        },
        (e) => render(res, province, input.data.year, { status: e.status, error: e.message, values: req.body, form: awardKind }),
      );
    }),
  );

  return r;
}
