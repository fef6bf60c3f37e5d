// Agencies: the list and the page (anyone who may see them), and their administration — create,
// edit, and the reorganisation events — for the admin (every province) and a province's board (its own).
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { requireLogin, principal, route, authorize, writeThenRedirect } from '../../http/guards';
import { ForbiddenError, AppError } from '../../http/errors';
import { parse, check, idField } from '../../http/validate';
import { flash } from '../../http/locals';
import type { Actor } from '../audit';
import {
  agencyListQuerySchema,
  provinceOfNewAgency,
  newAgencySchema,
  editAgencySchema,
  renameSchema,
  mergeSchema,
  splitSchema,
  transferSchema,
  dissolveSchema,
  SPLIT_ROWS,
} from './schemas';
import { AGENCY_KINDS, AGENCY_KIND_LABELS } from '../../domain/enums';
import {
  listAgencies,
  agencyPage,
  agencyManageScope,
  provinceOptions,
  agencyToManage,
  createAgency,
  editAgency,
  agencyForEdit,
  renameAgency,
  mergeAgency,
  splitAgency,
  transferAgency,
  dissolveAgency,
} from './service';

const idParam = z.object({ id: idField('Mã không hợp lệ.') });
const kinds = AGENCY_KINDS.map((k) => ({ value: k, label: AGENCY_KIND_LABELS[k] }));
const actorOf = (req: Request): Actor => ({ userId: principal(req).id, ip: req.ip ?? '' });

/** The form's values as typed, to show again (strings only). */
const typed = (body: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries((body ?? {}) as Record<string, unknown>).filter(([k, v]) => typeof v === 'string' && k !== '_csrf')) as Record<string, string>;

type EventName = 'rename' | 'merge' | 'split' | 'transfer' | 'dissolve';
const EVENTS: { name: EventName; schema: z.ZodType; run: (db: Db, actor: Actor, id: number, input: never) => Promise<unknown>; done: string }[] = [
  { name: 'rename', schema: renameSchema, run: renameAgency, done: 'Đã ghi nhận đổi tên.' },
  { name: 'merge', schema: mergeSchema, run: mergeAgency, done: 'Đã ghi nhận hợp nhất.' },
  { name: 'split', schema: splitSchema, run: splitAgency, done: 'Đã ghi nhận chia tách; các cơ quan, đơn vị mới đã được tạo.' },
  { name: 'transfer', schema: transferSchema, run: transferAgency, done: 'Đã ghi nhận chuyển giao.' },
  { name: 'dissolve', schema: dissolveSchema, run: dissolveAgency, done: 'Đã ghi nhận giải thể.' },
];

export function agencyRoutes(db: Db): Router {
  const r = Router();

  const showPage = async (req: Request, res: Response, id: number, status = 200, form?: { event: EventName; values: Record<string, string>; fieldErrors: Record<string, string>; message?: string }) => {
    const data = await agencyPage(db, req, id);
    res.status(status).render('agencies/show', { title: data.currentName, ...data, kinds, splitRows: SPLIT_ROWS, form: form ?? null });
  };

  const newForm = async (req: Request, res: Response, status: number, values: Record<string, string>, fieldErrors: Record<string, string>) => {
    const provinces = await provinceOptions(db, agencyManageScope(principal(req)));
    res.status(status).render('agencies/new', { title: 'Thêm cơ quan, đơn vị', provinces, kinds, values, fieldErrors });
  };

  /** Manages agencies somewhere (admin, or a province's board), else 403 — before any form is read. */
  const manager = (req: Request) => {
    const scope = agencyManageScope(principal(req));
    if (scope !== 'ALL' && scope.length === 0) throw new ForbiddenError();
    return scope;
  };

  // GET /agencies?q=&page=&provinceId= — agencies I may see (paginated, folded search; a province filter for the admin)
  r.get(
    '/agencies',
    requireLogin,
    route(async (req, res) => {
      const p = authorize(req, 'agency.list');
      const { page, q, provinceId } = parse(agencyListQuerySchema, req.query);
      const scope = agencyManageScope(p);
      const [list, provinces] = await Promise.all([listAgencies(db, p, page, q, provinceId), p.isAdmin ? provinceOptions(db, 'ALL') : Promise.resolve([])]);
      res.render('agencies/index', { title: 'Cơ quan, đơn vị', list, q, provinceId, provinces, canCreate: scope === 'ALL' || scope.length > 0 });
    }),
  );

  // GET /agencies/new — new agency form (admin: any province; board: its own)
  r.get(
    '/agencies/new',
    requireLogin,
    route(async (req, res) => {
      manager(req);
      const { provinceId } = parse(z.object({ provinceId: z.preprocess((v) => (v === '' ? undefined : v), idField('Tỉnh không hợp lệ.').optional()) }), req.query);
      await newForm(req, res, 200, provinceId ? { provinceId: String(provinceId) } : {}, {});
    }),
  );

  // POST /agencies — create an agency of a province (its province's permission first, then the form)
  r.post(
    '/agencies',
    requireLogin,
    route(async (req, res) => {
      manager(req);
      const values = typed(req.body);
      const where = check(provinceOfNewAgency, req.body);
      if (!where.ok) return newForm(req, res, 422, values, where.errors);
      authorize(req, 'agency.manage', { provinceId: where.data.provinceId });
      const input = check(newAgencySchema, req.body);
      if (!input.ok) return newForm(req, res, 422, values, input.errors);
      try {
        const id = await createAgency(db, actorOf(req), input.data);
        flash(req, 'success', `Đã thêm ${input.data.name}.`);
        res.redirect(`/agencies/${id}`);
      } catch (e) {
        if (e instanceof AppError && e.status === 422) return newForm(req, res, 422, values, e.fieldErrors);
        throw e;
      }
    }),
  );

  // GET /agencies/:id — an agency: names over time, lineage, memberships by year (and its predecessors')
  r.get(
    '/agencies/:id',
    requireLogin,
    route(async (req, res) => {
      const { id } = parse(idParam, req.params);
      await showPage(req, res, id);
    }),
  );

  const editForm = async (res: Response, status: number, id: number, values: Record<string, string> | null, fieldErrors: Record<string, string>) => {
    const a = await agencyForEdit(db, id);
    res.status(status).render('agencies/edit', { title: `Sửa thông tin: ${a.name}`, agency: a, kinds, values: values ?? a.values, fieldErrors });
  };

  // GET /agencies/:id/edit — the current version's kind, parent body, area
  r.get(
    '/agencies/:id/edit',
    requireLogin,
    route(async (req, res) => {
      const { id } = parse(idParam, req.params);
      await agencyToManage(db, req, id);
      await editForm(res, 200, id, null, {});
    }),
  );

  // POST /agencies/:id — save those corrections
  r.post(
    '/agencies/:id',
    requireLogin,
    route(async (req, res) => {
      const { id } = parse(idParam, req.params);
      await agencyToManage(db, req, id);
      const values = typed(req.body);
      const input = check(editAgencySchema, req.body);
      if (!input.ok) return editForm(res, 422, id, values, input.errors);
      await editAgency(db, actorOf(req), id, input.data);
      flash(req, 'success', 'Đã lưu thông tin cơ quan, đơn vị.');
      res.redirect(`/agencies/${id}`);
    }),
  );

  // POST /agencies/:id/rename|merge|split|transfer|dissolve — a reorganisation event with its date and decision
  for (const ev of EVENTS) {
    r.post(
      `/agencies/:id/${ev.name}`,
      requireLogin,
      route(async (req, res) => {
        const { id } = parse(idParam, req.params);
        await agencyToManage(db, req, id);
        const values = typed(req.body);
        const input = check(ev.schema, req.body);
        if (!input.ok) return showPage(req, res, id, 422, { event: ev.name, values, fieldErrors: input.errors });
        await writeThenRedirect(
          req,
          res,
          async () => {
            await ev.run(db, actorOf(req), id, input.data as never);
            return { flash: ev.done, to: `/agencies/${id}` };
          },
          (err) => showPage(req, res, id, err.status, { event: ev.name, values, fieldErrors: err.fieldErrors, message: err.message }),
        );
      }),
    );
  }

  return r;
}
