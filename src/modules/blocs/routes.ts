// Blocs administration: the admin for every province, a province's board for its own (bloc.manage).
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { requireLogin, principal, route } from '../../http/guards';
import { AppError } from '../../http/errors';
import { check, idField, parse } from '../../http/validate';
import { flash } from '../../http/locals';
import type { Actor } from '../audit';
import { newBlocSchema, renameBlocSchema, retireBlocSchema, newYearSchema, newYearQuerySchema, checkMembers, MIN_MEMBERS, MAX_MEMBERS } from './schemas';
import { blocManager, managedProvinces, managedBloc, createBloc, renameBloc, retireBloc, newYearForm, createBlocYear, yearFormValues, type ManagedBloc, type YearFormValues } from './service';

const idParam = z.object({ id: idField('Mã khối không hợp lệ.') });
const actorOf = (req: Request): Actor => ({ userId: principal(req).id, ip: req.ip ?? '' });
type Errors = Record<string, string>;
const body = (req: Request) => (req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {});

/** A refusal of the service that the form shows (422, 409) — not 403/404, which keep their pages. */
function formError(e: unknown): { status: number; message: string; fieldErrors: Errors } | null {
  if (e instanceof AppError && (e.status === 422 || e.status === 409)) return { status: e.status, message: e.message, fieldErrors: e.fieldErrors ?? {} };
  return null;
}

export function blocAdminRoutes(db: Db): Router {
  const r = Router();
  const newBlocForm = async (req: Request, res: Response, status: number, values: Record<string, unknown>, fieldErrors: Errors, message = '') => {
    const p = principal(req);
    res.status(status).render('blocs/new', { title: 'Thêm khối, cụm thi đua', provinces: await managedProvinces(db, p), values, fieldErrors, message });
  };
  const blocForm = (view: 'rename' | 'retire') => (res: Response, bloc: ManagedBloc, status: number, values: Record<string, unknown>, fieldErrors: Errors, message = '') =>
    res.status(status).render(`blocs/${view}`, { title: view === 'rename' ? `Đổi tên: ${bloc.name}` : `Ngừng hoạt động: ${bloc.name}`, bloc, values, fieldErrors, message });
  const renameForm = blocForm('rename');
  const retireForm = blocForm('retire');
  const yearForm = async (res: Response, bloc: ManagedBloc, status: number, year: number | undefined, posted: YearFormValues | undefined, fieldErrors: Errors, message = '') => {
    const form = await newYearForm(db, bloc, year, posted);
    res.status(status).render('blocs/year-new', { title: `Thêm năm thi đua: ${bloc.name}`, bloc, ...form, fieldErrors, message, MIN_MEMBERS, MAX_MEMBERS });
  };

  // GET /blocs/new — new bloc form (admin: chooses the province; a board: its own)
  r.get(
    '/blocs/new',
    requireLogin,
    route(async (req, res) => {
      blocManager(principal(req));
      await newBlocForm(req, res, 200, {}, {});
    }),
  );

  // POST /blocs — create a bloc: province, name, kind, the UBND decision, valid from
  r.post(
    '/blocs',
    requireLogin,
    route(async (req, res) => {
      const p = blocManager(principal(req));
      const values = body(req);
      const input = check(newBlocSchema, values);
      // the admin (or a board of several provinces) must choose; said with the other fields' errors
      const mustChoose = (p.isAdmin || p.boardProvinceIds.length > 1) && (values.provinceId === undefined || values.provinceId === '');
      if (!input.ok || mustChoose) return newBlocForm(req, res, 422, values, { ...(mustChoose ? { provinceId: 'Vui lòng chọn tỉnh.' } : {}), ...(input.ok ? {} : input.errors) });
      try {
        const created = await createBloc(db, actorOf(req), p, input.data);
        flash(req, 'success', `Đã tạo ${created.name}. Tiếp theo: thêm năm thi đua với các đơn vị thành viên.`);
        res.redirect(`/blocs/${created.id}`);
      } catch (e) {
        const err = formError(e);
        if (!err) throw e;
        await newBlocForm(req, res, err.status, values, err.fieldErrors, err.message);
      }
    }),
  );

  // GET /blocs/:id/rename — rename form (kiện toàn from a date)
  r.get(
    '/blocs/:id/rename',
    requireLogin,
    route(async (req, res) => {
      const { id } = parse(idParam, req.params);
      const bloc = await managedBloc(db, principal(req), id);
      renameForm(res, bloc, 200, { name: bloc.latest?.name ?? '' }, {});
    }),
  );

  // POST /blocs/:id/rename — the current name ends the day before the date; a new version with its decision
  r.post(
    '/blocs/:id/rename',
    requireLogin,
    route(async (req, res) => {
      const { id } = parse(idParam, req.params);
      const bloc = await managedBloc(db, principal(req), id);
      const values = body(req);
      const input = check(renameBlocSchema, values);
      if (!input.ok) return renameForm(res, bloc, 422, values, input.errors);
      try {
        await renameBloc(db, actorOf(req), bloc, input.data);
      } catch (e) {
        const err = formError(e);
        if (!err) throw e;
        return renameForm(res, bloc, err.status, values, err.fieldErrors, err.message);
      }
      flash(req, 'success', `Đã đổi tên khối thành “${input.data.name}”.`);
      res.redirect(`/blocs/${bloc.id}`);
    }),
  );

  // GET /blocs/:id/retire — retire form (date, decision; confirmation)
  r.get(
    '/blocs/:id/retire',
    requireLogin,
    route(async (req, res) => {
      const { id } = parse(idParam, req.params);
      const bloc = await managedBloc(db, principal(req), id);
      retireForm(res, bloc, 200, {}, {});
    }),
  );

  // POST /blocs/:id/retire — the bloc stops at a date; refused (409) while one of its years is open
  r.post(
    '/blocs/:id/retire',
    requireLogin,
    route(async (req, res) => {
      const { id } = parse(idParam, req.params);
      const bloc = await managedBloc(db, principal(req), id);
      const values = body(req);
      const input = check(retireBlocSchema, values);
      if (!input.ok) return retireForm(res, bloc, 422, values, input.errors);
      try {
        await retireBloc(db, actorOf(req), bloc, input.data);
      } catch (e) {
        const err = formError(e);
        if (!err) throw e;
        return retireForm(res, bloc, err.status, values, err.fieldErrors, err.message);
      }
      flash(req, 'success', `Đã ghi nhận ${bloc.name} ngừng hoạt động.`);
      res.redirect(`/blocs/${bloc.id}`);
    }),
  );

  // GET /blocs/:id/years/new?year= — new bloc-year form (pre-filled from the latest year)
  r.get(
    '/blocs/:id/years/new',
    requireLogin,
    route(async (req, res) => {
      const { id } = parse(idParam, req.params);
      const bloc = await managedBloc(db, principal(req), id);
      const { year } = parse(newYearQuerySchema, req.query);
      await yearForm(res, bloc, 200, year, undefined, {});
    }),
  );

  // POST /blocs/:id/years — a bloc-year at set-up: members, head, deputy, rotation order
  r.post(
    '/blocs/:id/years',
    requireLogin,
    route(async (req, res) => {
      const { id } = parse(idParam, req.params);
      const bloc = await managedBloc(db, principal(req), id);
      const raw = body(req);
      const posted = yearFormValues(raw);
      const yearShown = /^\d{4}$/.test(posted.year) && Number(posted.year) >= 2000 && Number(posted.year) <= 2100 ? Number(posted.year) : undefined;
      const input = check(newYearSchema, raw);
      if (!input.ok) return yearForm(res, bloc, 422, yearShown, posted, input.errors);
      const members = checkMembers(input.data, raw);
      if (!members.ok) return yearForm(res, bloc, 422, yearShown, posted, members.errors);
      try {
        await createBlocYear(db, actorOf(req), bloc, input.data, members.members);
      } catch (e) {
        const err = formError(e);
        if (!err) throw e;
        return yearForm(res, bloc, err.status, yearShown, posted, err.fieldErrors, err.message);
      }
      flash(req, 'success', `Đã tạo năm thi đua ${input.data.year} ở giai đoạn Chuẩn bị; Khối trưởng mở năm từ trang chủ của đơn vị.`);
      res.redirect(`/blocs/${bloc.id}?year=${input.data.year}`);
    }),
  );

  return r;
}
