// Provinces' administration: the list, a new province, its page with the name history and the
// board's accounts, and the rename from a date. Creating and renaming: the admin only; a
// province's board reads its own province's page.
import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/client';
import { principal, requireLogin, route, writeThenRedirect } from '../../http/guards';
import { AppError } from '../../http/errors';
import { check, parse } from '../../http/validate';
import { flash } from '../../http/locals';
import type { Actor } from '../audit';
import { newProvinceSchema, provinceIdParam, provinceListQuerySchema, renameProvinceSchema } from './admin-schemas';
import { createProvince, listProvinces, provincePage, renameProvince, requireProvinceAdmin } from './admin-service';

const actorOf = (req: Request): Actor => ({ userId: principal(req).id, ip: req.ip ?? '' });

/** The form's values as typed, to show again (strings only, never the CSRF token). */
const typed = (body: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries((body ?? {}) as Record<string, unknown>).filter(([k, v]) => typeof v === 'string' && k !== '_csrf')) as Record<string, string>;

type RenameForm = { values: Record<string, string>; fieldErrors: Record<string, string>; message?: string };

export function provinceAdminRoutes(db: Db): Router {
  const r = Router();
  r.use('/admin/provinces', requireLogin);

  const newForm = (res: Response, status: number, values: Record<string, string>, fieldErrors: Record<string, string>, message = '') =>
    res.status(status).render('provinces/admin-new', { title: 'Thêm tỉnh, thành phố', values, fieldErrors, message });

  const showPage = async (req: Request, res: Response, id: number, status = 200, form?: RenameForm) => {
    const data = await provincePage(db, principal(req), id);
    res.status(status).render('provinces/admin-show', {
      title: data.province.name,
      ...data,
      values: form?.values ?? {},
      fieldErrors: form?.fieldErrors ?? {},
      message: form?.message ?? '',
    });
  };

  // GET /admin/provinces?q=&page= — every province: current and former names, counts (admin)
  r.get(
    '/admin/provinces',
    route(async (req, res) => {
      requireProvinceAdmin(principal(req));
      const { page, q } = parse(provinceListQuerySchema, req.query);
      res.render('provinces/admin-index', { title: 'Tỉnh, thành phố', list: await listProvinces(db, page, q), q });
    }),
  );

  // GET /admin/provinces/new — new province form (admin)
  r.get(
    '/admin/provinces/new',
    route(async (req, res) => {
      requireProvinceAdmin(principal(req));
      newForm(res, 200, {}, {});
    }),
  );

  // POST /admin/provinces — create a province with the first row of its name history (admin)
  r.post(
    '/admin/provinces',
    route(async (req, res) => {
      requireProvinceAdmin(principal(req));
      const values = typed(req.body);
      const input = check(newProvinceSchema, req.body);
      if (!input.ok) return newForm(res, 422, values, input.errors);
      try {
        const created = await createProvince(db, actorOf(req), input.data);
        flash(req, 'success', `Đã thêm ${created.name}. Tiếp theo: tạo tài khoản Ban Thi đua – Khen thưởng của tỉnh.`);
        res.redirect(`/admin/provinces/${created.id}`);
      } catch (e) {
        if (e instanceof AppError && (e.status === 422 || e.status === 409)) return newForm(res, e.status, values, e.fieldErrors, e.status === 409 ? e.message : '');
        throw e;
      }
    }),
  );

  // GET /admin/provinces/:id — a province: name history, counts, links, its board's accounts (admin; its own board)
  r.get(
    '/admin/provinces/:id',
    route(async (req, res) => {
      const { id } = parse(provinceIdParam, req.params);
      await showPage(req, res, id);
    }),
  );

  // POST /admin/provinces/:id/rename — a new name from a date with its legal basis; the old one is kept (admin)
  r.post(
    '/admin/provinces/:id/rename',
    route(async (req, res) => {
      requireProvinceAdmin(principal(req));
      const { id } = parse(provinceIdParam, req.params);
      const values = typed(req.body);
      const input = check(renameProvinceSchema, req.body);
      if (!input.ok) return showPage(req, res, id, 422, { values, fieldErrors: input.errors });
      return writeThenRedirect(
        req,
        res,
        async () => {
          const out = await renameProvince(db, actorOf(req), id, input.data);
          return { flash: `Đã đổi tên ${out.oldName} thành ${out.name}; tên cũ được giữ trong lịch sử tên gọi.`, to: `/admin/provinces/${id}` };
        },
        (err) => showPage(req, res, id, err.status, { values, fieldErrors: err.fieldErrors, message: err.status === 409 ? err.message : '' }),
      );
    }),
  );

  return r;
}
