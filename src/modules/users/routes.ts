// Accounts and the audit log: the admin for every province, a province's board for its own.
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { requireLogin, principal, route } from '../../http/guards';
import { ForbiddenError, AppError } from '../../http/errors';
import { parse, check, idField } from '../../http/validate';
import { flash } from '../../http/locals';
import { newAccountSchema, userListQuerySchema, auditQuerySchema } from './schemas';
import { accountScope, auditScope, isEmptyScope, listUsers, accountOptions, createAccount, resetPassword, setActive, listAudit, type AccountScope } from './service';
import type { Principal } from '../../auth/principal';
import { ROLES } from '../../domain/enums';

const idParam = z.object({ id: idField('Mã tài khoản không hợp lệ.') });
const blank = (v: unknown) => (v === '' ? undefined : v);
/** GET /admin/users/new?role=&provinceId= — what the form starts with (a province's page links here). */
const newAccountQuery = z.object({
  role: z.preprocess(blank, z.enum(ROLES, { error: 'Vai trò không hợp lệ.' }).optional()),
  provinceId: z.preprocess(blank, idField('Tỉnh không hợp lệ.').optional()),
});

/**
 * The province whose agencies the new-account form lists: the one chosen if the caller manages it,
 * else a board's only province; none for the admin until one is chosen (the country's agencies are
 * too many for one list).
 */
function formProvince(scope: AccountScope, value: unknown): number | undefined {
  const id = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : undefined;
  if (id !== undefined && (scope === 'ALL' || scope.includes(id))) return id;
  return scope !== 'ALL' && scope.length === 1 ? scope[0] : undefined;
}

/** The caller manages accounts somewhere (admin, or a board of a province), else 403 — before any form is read. */
function accountManager(req: Request): { p: Principal; scope: AccountScope } {
  const p = principal(req);
  const scope = accountScope(p);
  if (isEmptyScope(scope)) throw new ForbiddenError();
  return { p, scope };
}

/** A page with a one-time password: rendered in the POST's own response, never stored or cached. */
function showOneTimePassword(res: Response, data: { username: string; fullName: string; oneTimePassword: string; created: boolean }) {
  res.set('Cache-Control', 'no-store');
  res.set('Pragma', 'no-cache');
  res.render('users/password-issued', { title: 'Mật khẩu dùng một lần', ...data });
}

export function userRoutes(db: Db): Router {
  const r = Router();

  const newForm = async (res: Response, status: number, scope: AccountScope, values: Record<string, unknown>, fieldErrors: Record<string, string>) => {
    const provinceId = formProvince(scope, values.provinceId);
    const { provinces, agencies } = await accountOptions(db, scope, provinceId ?? -1);
    const province = provinces.find((pr) => pr.id === provinceId) ?? null;
    res.status(status).render('users/new', {
      title: 'Thêm tài khoản',
      provinces,
      agencies,
      province,
      pickProvince: scope === 'ALL' || scope.length > 1,
      allRoles: scope === 'ALL',
      values: { ...values, provinceId: province?.id ?? '' },
      fieldErrors,
    });
  };

  // GET /admin/users — accounts I manage: search, filter by province and agency
  r.get(
    '/admin/users',
    requireLogin,
    route(async (req, res) => {
      const { p, scope } = accountManager(req);
      const query = parse(userListQuerySchema, req.query);
      // the agency filter lists one province's agencies (the one chosen, or the board's own), not
      // every agency of the country; -1: none until a province is chosen
      const agenciesOf = query.provinceId ?? (scope !== 'ALL' && scope.length === 1 ? scope[0] : -1);
      const [list, options] = await Promise.all([listUsers(db, scope, query), accountOptions(db, scope, agenciesOf)]);
      res.render('users/index', { title: 'Tài khoản người dùng', list, ...options, query, me: p.id });
    }),
  );

  // GET /admin/users/new?role=&provinceId= — new account form (admin: any role, picks the province
  // whose agencies are listed; board: its province's officers and members)
  r.get(
    '/admin/users/new',
    requireLogin,
    route(async (req, res) => {
      const { scope } = accountManager(req);
      const { role, provinceId } = parse(newAccountQuery, req.query);
      await newForm(res, 200, scope, { role: role ?? '', provinceId }, {});
    }),
  );

  // POST /admin/users — create an account with one role; a one-time password unless one is typed
  r.post(
    '/admin/users',
    requireLogin,
    route(async (req, res) => {
      const { p, scope } = accountManager(req);
      const input = check(newAccountSchema, req.body);
      const values = { ...req.body, password: '' };
      if (!input.ok) return newForm(res, 422, scope, values, input.errors);
      let created;
      try {
        created = await createAccount(db, { userId: p.id, ip: req.ip ?? '' }, scope, input.data);
      } catch (e) {
        if (e instanceof AppError && e.status === 422) return newForm(res, 422, scope, values, e.fieldErrors);
        throw e;
      }
      if (created.oneTimePassword) return showOneTimePassword(res, { ...created, oneTimePassword: created.oneTimePassword, created: true });
      flash(req, 'success', `Đã tạo tài khoản ${created.username}. Người dùng phải đổi mật khẩu ở lần đăng nhập đầu tiên.`);
      res.redirect('/admin/users');
    }),
  );

  // POST /admin/users/:id/reset-password — a new one-time password, shown once; ends the user's sessions
  r.post(
    '/admin/users/:id/reset-password',
    requireLogin,
    route(async (req, res) => {
      const { p, scope } = accountManager(req);
      const { id } = parse(idParam, req.params);
      const issued = await resetPassword(db, { userId: p.id, ip: req.ip ?? '' }, scope, id);
      showOneTimePassword(res, { ...issued, created: false });
    }),
  );

  // POST /admin/users/:id/disable, /enable — lock an account (its sessions end at once) or unlock it
  for (const [action, active] of [
    ['disable', false],
    ['enable', true],
  ] as const) {
    r.post(
      `/admin/users/:id/${action}`,
      requireLogin,
      route(async (req, res) => {
        const { p, scope } = accountManager(req);
        const { id } = parse(idParam, req.params);
        const out = await setActive(db, { userId: p.id, ip: req.ip ?? '' }, scope, id, active);
        const text = active
          ? out.changed ? `Đã mở khóa tài khoản ${out.username}.` : `Tài khoản ${out.username} đang hoạt động.`
          : out.changed ? `Đã khóa tài khoản ${out.username}; mọi phiên đăng nhập của tài khoản này đã kết thúc.` : `Tài khoản ${out.username} đã bị khóa từ trước.`;
        flash(req, 'success', text);
        res.redirect('/admin/users');
      }),
    );
  }

  // GET /audit?page=&provinceId= — the audit log: every row (admin), a board's own province only
  r.get(
    '/audit',
    requireLogin,
    route(async (req, res) => {
      const p = principal(req);
      const scope = auditScope(p);
      if (isEmptyScope(scope)) throw new ForbiddenError();
      const { page, provinceId } = parse(auditQuerySchema, req.query);
      if (provinceId !== undefined && scope !== 'ALL' && !scope.includes(provinceId)) throw new ForbiddenError();
      const data = await listAudit(db, scope, page, provinceId);
      res.render('audit/index', { title: 'Nhật ký hệ thống', ...data, provinceId, all: scope === 'ALL' });
    }),
  );

  return r;
}
