// The board's province dashboard and proposals inbox (board of the province, admin; deciding: the
// board only). Every page first checks the province view's permission (loadProvinceView), then reads.
import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/client';
import { can } from '../../auth/permissions';
import { AWARD_KINDS, AWARD_LABELS, PHASES, PHASE_LABELS, PROPOSAL_STATUS_LABELS } from '../../domain/enums';
import { ForbiddenError } from '../../http/errors';
import { principal, requireLogin, route, writeThenRedirect } from '../../http/guards';
import { check, parse } from '../../http/validate';
import { loadProvinceView, loadProvinceYears, provinceTabs, type ProvinceViewContext, type ProvinceYears } from './context';
import { dashboardQuery, defaultYear, filterRows, provinceDashboard, provinceYears, ratio, SORT_KEYS, yearOptions, yearQuery } from './dashboard';
import { bulkDecisionSchema, correctionSchema, correctOne, decideSelection, decisionsByAward, inboxPage, inboxQuery, INBOX_STATUSES, proposalParams, type InboxQuery } from './inbox';

const DASHBOARD_PAGE_SIZE = 50;

type Extra = { status?: number; error?: string; fieldErrors?: Record<string, string>; values?: Record<string, unknown>; correctId?: number };

/** The province view for the year asked (or the default one), with tabs pointing at that year. */
async function provinceYear(db: Db, pv: ProvinceViewContext, asked: number | undefined): Promise<{ pv: ProvinceViewContext; years: number[] }> {
  const known = await provinceYears(db, pv.id);
  const year = defaultYear(asked, known, new Date());
  return { pv: { ...pv, year, tabs: provinceTabs(pv.id, year) }, years: yearOptions(known, year) };
}

/** The same, from the years loaded with the province (loadProvinceYears): no query. */
function yearShown(loaded: ProvinceYears, asked: number | undefined): { pv: ProvinceViewContext; years: number[] } {
  const year = defaultYear(asked, loaded.years, new Date());
  return { pv: { ...loaded.pv, year, tabs: provinceTabs(loaded.pv.id, year) }, years: yearOptions(loaded.years, year) };
}

/** The inbox's own URL with its filters, for the redirect after a decision and the page links. */
export function inboxHref(provinceId: number, q: { year: number; award?: string; status?: string; page?: number }): string {
  const s = new URLSearchParams({ year: String(q.year) });
  if (q.award) s.set('award', q.award);
  if (q.status) s.set('status', q.status);
  if (q.page && q.page > 1) s.set('page', String(q.page));
  return `/provinces/${provinceId}/proposals?${s.toString()}`;
}

export function provinceDashboardRoutes(db: Db): Router {
  const r = Router();
  const actor = (req: Request) => ({ userId: principal(req).id, ip: req.ip ?? '' });

  // GET /provinces/:provinceId/dashboard?year=&phase=&overdue=1&q=&sort=&dir=&page= — every bloc of the year side by side
  r.get(
    '/provinces/:provinceId/dashboard',
    requireLogin,
    route(async (req, res) => {
      const loaded = await loadProvinceYears(db, req, new Date().getFullYear()); // 403 before the query is even read
      const q = parse(dashboardQuery, req.query);
      const { pv, years } = yearShown(loaded, q.year);
      const { rows: all, todos } = await provinceDashboard(db, pv.id, pv.year);
      const rows = filterRows(all, q);
      const pages = Math.max(1, Math.ceil(rows.length / DASHBOARD_PAGE_SIZE));
      const page = Math.min(q.page, pages);
      const filters = { year: pv.year, phase: q.phase ?? '', overdue: q.overdue ?? '', q: q.q, sort: q.sort, dir: q.dir };
      /** This page's URL with some filters changed (sort links, page links, clearing a filter). */
      const href = (change: Partial<Record<keyof typeof filters | 'page', string | number>>) => {
        const s = new URLSearchParams();
        for (const [k, v] of Object.entries({ ...filters, ...change })) if (v !== '' && v !== undefined) s.set(k, String(v));
        return `/provinces/${pv.id}/dashboard?${s.toString()}`;
      };
      res.render('province/dashboard', {
        title: `Tổng quan các khối thi đua năm ${pv.year} — tỉnh ${pv.name}`,
        pv,
        years,
        filters,
        rows: rows.slice((page - 1) * DASHBOARD_PAGE_SIZE, page * DASHBOARD_PAGE_SIZE),
        total: all.length,
        shown: rows.length,
        overdueCount: all.filter((x) => x.overdue.length).length,
        page,
        pages,
        href,
        todos,
        ratio,
        phases: PHASES.map((p) => ({ value: p, label: PHASE_LABELS[p] })),
        sortKeys: SORT_KEYS,
      });
    }),
  );

  async function renderInbox(req: Request, res: Response, pv: ProvinceViewContext, years: number[], q: InboxQuery, extra: Extra = {}) {
    const data = await inboxPage(db, pv.id, pv.year, q);
    res.status(extra.status ?? 200).render('province/proposals', {
      title: `Đề nghị khen thưởng năm ${pv.year} — tỉnh ${pv.name}`,
      pv,
      years,
      q,
      ...data,
      canDecide: can(principal(req), 'proposal.decide', { provinceId: pv.id }),
      awards: AWARD_KINDS.map((k) => ({ value: k, label: AWARD_LABELS[k] })),
      statuses: INBOX_STATUSES.map((s) => ({ value: s, label: PROPOSAL_STATUS_LABELS[s] })),
      href: (change: Partial<{ award: string; status: string; page: number }>) => inboxHref(pv.id, { year: pv.year, award: q.award, status: q.status, page: q.page, ...change }),
      error: extra.error ?? '',
      fieldErrors: extra.fieldErrors ?? {},
      values: extra.values ?? {},
      correctId: extra.correctId ?? 0,
    });
  }

  /** The filters a form was sent from (hidden fields), so a refused form shows the same page again. */
  function formFilters(body: Record<string, unknown>): InboxQuery & { year?: number } {
    const r = inboxQuery.safeParse({ year: body.year, award: body.award, status: body.status, page: body.page });
    return r.success ? r.data : { page: 1 };
  }

  /** Deciding is the board's: the admin reads the inbox but records nothing. */
  function requireDecide(req: Request, pv: ProvinceViewContext) {
    if (!can(principal(req), 'proposal.decide', { provinceId: pv.id })) throw new ForbiddenError('Chỉ Ban Thi đua – Khen thưởng của tỉnh mới ghi quyết định khen thưởng.');
  }

  // GET /provinces/:provinceId/proposals?year=&award=&status=&page= — the year's proposals of every bloc, with their dossiers
  r.get(
    '/provinces/:provinceId/proposals',
    requireLogin,
    route(async (req, res) => {
      const loaded = await loadProvinceYears(db, req, new Date().getFullYear());
      const q = parse(inboxQuery, req.query);
      const { pv, years } = yearShown(loaded, q.year);
      await renderInbox(req, res, pv, years, q);
    }),
  );

  // POST /provinces/:provinceId/proposals/decide — one decision for the selected proposals (all or nothing)
  r.post(
    '/provinces/:provinceId/proposals/decide',
    requireLogin,
    route(async (req, res) => {
      const view = await loadProvinceView(db, req, new Date().getFullYear());
      const body = (req.body ?? {}) as Record<string, unknown>;
      const f = formFilters(body);
      const { pv, years } = await provinceYear(db, view, f.year);
      requireDecide(req, pv);
      const input = check(bulkDecisionSchema, body);
      if (!input.ok) return renderInbox(req, res, pv, years, f, { status: 422, error: 'Chưa ghi được quyết định. Vui lòng kiểm tra các ô được đánh dấu.', fieldErrors: input.errors, values: body });
      return writeThenRedirect(
        req,
        res,
        async () => ({ flash: await decideSelection(db, req, pv.id, actor(req), input.data), to: inboxHref(pv.id, { year: pv.year, award: f.award, status: f.status, page: f.page }) }),
        (e) => renderInbox(req, res, pv, years, f, { status: e.status, error: e.message, fieldErrors: e.fieldErrors, values: body }),
      );
    }),
  );

  // POST /provinces/:provinceId/proposals/:proposalId/correct — the board corrects a recorded decision, with a reason (audited)
  r.post(
    '/provinces/:provinceId/proposals/:proposalId/correct',
    requireLogin,
    route(async (req, res) => {
      const view = await loadProvinceView(db, req, new Date().getFullYear());
      const { proposalId } = parse(proposalParams, req.params);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const f = formFilters(body);
      const { pv, years } = await provinceYear(db, view, f.year);
      requireDecide(req, pv);
      const input = check(correctionSchema, body);
      if (!input.ok) return renderInbox(req, res, pv, years, f, { status: 422, error: 'Chưa đính chính được quyết định. Vui lòng kiểm tra các ô được đánh dấu.', fieldErrors: input.errors, values: body, correctId: proposalId });
      return writeThenRedirect(
        req,
        res,
        async () => ({ flash: await correctOne(db, req, pv.id, actor(req), proposalId, input.data), to: inboxHref(pv.id, { year: pv.year, award: f.award, status: f.status, page: f.page }) }),
        (e) => renderInbox(req, res, pv, years, f, { status: e.status, error: e.message, fieldErrors: e.fieldErrors, values: body, correctId: proposalId }),
      );
    }),
  );

  // GET /provinces/:provinceId/proposals/print?year= — the year's decisions per award, to print
  r.get(
    '/provinces/:provinceId/proposals/print',
    requireLogin,
    route(async (req, res) => {
      const loaded = await loadProvinceYears(db, req, new Date().getFullYear());
      const { year } = parse(yearQuery, req.query);
      const { pv } = yearShown(loaded, year);
      res.render('province/proposals-print', {
        title: `Danh sách quyết định khen thưởng năm ${pv.year} — tỉnh ${pv.name}`,
        pv,
        awards: await decisionsByAward(db, pv.id, pv.year),
        printedAt: new Date(),
      });
    }),
  );

  return r;
}
