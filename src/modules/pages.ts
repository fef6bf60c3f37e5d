// Read pages of the foundation: home, blocs, agencies, audit log; and user administration.
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db/client';
import { requireLogin, principal, route, authorize } from '../http/guards';
import { parse, check, idField } from '../http/validate';
import { listQuerySchema, pageOf, PAGE_SIZE } from '../http/pagination';
import { flash } from '../http/locals';
import { listBlocs, blocPage } from './blocs/service';
import { listAgencies, agencyPage } from './agencies/service';
import { unitTasks, boardSummary, adminSummary, currentYears } from './home/service';
import { listUsers, createUser } from './users/service';
import { createUserSchema } from './users/schemas';

const idParam = z.object({ id: idField('Mã không hợp lệ.') });
const yearQuery = z.object({
  year: z.coerce.number({ error: 'Năm không hợp lệ.' }).int('Năm không hợp lệ.').min(2000, 'Năm không hợp lệ.').max(2100, 'Năm không hợp lệ.').optional(),
});

export function pageRoutes(db: Db): Router {
  const r = Router();
  r.use(requireLogin);

  // GET / — home: what I must do next, per role
  r.get(
    '/',
    route(async (req, res) => {
      const p = principal(req);
      const [tasks, board, admin, current] = await Promise.all([unitTasks(db, p), boardSummary(db, p), p.isAdmin ? adminSummary(db) : null, currentYears(db, p)]);
      res.render('home/index', { title: 'Trang chủ', tasks, board, admin, current });
    }),
  );

  // GET /blocs — blocs I may see (paginated, searchable)
  r.get(
    '/blocs',
    route(async (req, res) => {
      const p = authorize(req, 'bloc.list');
      const { page, q } = parse(listQuerySchema, req.query);
      res.render('blocs/index', { title: 'Khối thi đua', list: await listBlocs(db, p, page, q), q });
    }),
  );

  // GET /blocs/:id?year=YYYY — a bloc: its years, head and deputy, the members of the year shown
  r.get(
    '/blocs/:id',
    route(async (req, res) => {
      const { id } = parse(idParam, req.params);
      const { year } = parse(yearQuery, req.query);
      const data = await blocPage(db, req, id, year);
      res.render('blocs/show', { title: data.name, ...data });
    }),
  );

  // GET /agencies — agencies I may see (paginated, searchable)
  r.get(
    '/agencies',
    route(async (req, res) => {
      const p = authorize(req, 'agency.list');
      const { page, q } = parse(listQuerySchema, req.query);
      res.render('agencies/index', { title: 'Cơ quan, đơn vị', list: await listAgencies(db, p, page, q), q });
    }),
  );

  // GET /agencies/:id — an agency: names over time, lineage, bloc memberships by year
  r.get(
    '/agencies/:id',
    route(async (req, res) => {
      const { id } = parse(idParam, req.params);
      const data = await agencyPage(db, req, id);
      res.render('agencies/show', { title: data.currentName, ...data });
    }),
  );

  // GET /audit — the audit log (admin)
  r.get(
    '/audit',
    route(async (req, res) => {
      authorize(req, 'users.manage');
      const { page } = parse(listQuerySchema, req.query);
      const [total, items] = await Promise.all([
        db.auditLog.count(),
        db.auditLog.findMany({
          orderBy: { id: 'desc' },
          skip: (page - 1) * PAGE_SIZE,
          take: PAGE_SIZE,
          include: { user: { select: { username: true } } },
        }),
      ]);
      res.render('audit/index', { title: 'Nhật ký hệ thống', list: pageOf(items, total, page) });
    }),
  );

  // GET /admin/users — user accounts (admin)
  r.get(
    '/admin/users',
    route(async (req, res) => {
      authorize(req, 'users.manage');
      const { page, q } = parse(listQuerySchema, req.query);
      res.render('users/index', { title: 'Tài khoản người dùng', list: await listUsers(db, page, q), q });
    }),
  );

  const formOptions = async () => {
    const [provinces, agencies] = await Promise.all([
      db.province.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true } }),
      db.agency.findMany({
        orderBy: [{ provinceId: 'asc' }, { id: 'asc' }],
        select: { id: true, province: { select: { name: true } }, versions: { orderBy: { validFrom: 'desc' }, take: 1, select: { name: true } } },
      }),
    ]);
    return { provinces, agencies: agencies.map((a) => ({ id: a.id, name: `${a.versions[0]?.name ?? a.id} (${a.province.name})` })) };
  };

  // GET /admin/users/new — new account form (admin)
  r.get(
    '/admin/users/new',
    route(async (req, res) => {
      authorize(req, 'users.manage');
      res.render('users/new', { title: 'Thêm tài khoản', ...(await formOptions()), values: {}, fieldErrors: {} });
    }),
  );

  // POST /admin/users — create an account with one role (admin)
  r.post(
    '/admin/users',
    route(async (req, res) => {
      const p = authorize(req, 'users.manage');
      const input = check(createUserSchema, req.body);
      const values = { ...req.body, password: '' };
      if (!input.ok) {
        return res.status(422).render('users/new', { title: 'Thêm tài khoản', ...(await formOptions()), values, fieldErrors: input.errors });
      }
      try {
        await createUser(db, { userId: p.id, ip: req.ip ?? '' }, input.data);
      } catch (e) {
        if (e instanceof Error && 'fieldErrors' in e && 'status' in e && (e as { status: number }).status === 422) {
          return res.status(422).render('users/new', { title: 'Thêm tài khoản', ...(await formOptions()), values, fieldErrors: (e as unknown as { fieldErrors: Record<string, string> }).fieldErrors });
        }
        throw e;
      }
      flash(req, 'success', `Đã tạo tài khoản ${input.data.username}.`);
      res.redirect('/admin/users');
    }),
  );

  return r;
}
