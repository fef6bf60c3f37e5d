// The head's pages to set up the year: settings, members, phase moves, and the criteria table.
// Paths are relative to /blocs/:blocId/years/:year. Handlers: load the year, check the permission,
// parse, call the service, redirect with a flash — or re-render the form with 422.
import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/client';
import type { Config } from '../../config';
import { route } from '../../http/guards';
import { check, parse } from '../../http/validate';
import { flash } from '../../http/locals';
import { ForbiddenError, ValidationError } from '../../http/errors';
import { PHASE_LABELS } from '../../domain/enums';
import { canEditCriteria, canEditMembers } from '../../domain/phases';
import { verifyCsrf } from '../../http/csrf';
import { loadYear, requirePhase, type YearContext } from '../years/context';
import { ACCEPT_CRITERIA_FILES, criteriaUpload, receiveCriteriaFile } from '../imports/criteria-routes';
import * as svc from './service';
import * as crit from './criteria';
import {
  setupSchema,
  addMemberSchema,
  agencyParam,
  groupParam,
  criterionParam,
  phaseSchema,
  copySchema,
  groupSchema,
  itemSchema,
  DEADLINES,
  DEADLINE_LABELS,
  CRITERION_KIND_LABELS,
  STEPS,
} from './schemas';

type Extra = { status?: number; form?: string; fieldErrors?: Record<string, string>; values?: Record<string, unknown> };

const actor = (req: Request, y: YearContext) => ({ userId: y.p.id, ip: req.ip ?? '' });
/** "2,5" for an input box (formatPoints would write 1.000 with a thousands dot, which is not an input). */
const pointsInput = (centi: number) => String(centi / 100).replace('.', ',');

/** Runs a service call; a ValidationError it raises re-renders the form (422) instead of the error page. */
async function attempt<T>(fn: () => Promise<T>, rerender: (fieldErrors: Record<string, string>) => Promise<void>): Promise<{ ok: true; value: T } | { ok: false }> {
  try {
    return { ok: true, value: await fn() };
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    await rerender(e.fieldErrors);
    return { ok: false };
  }
}

export function setupRoutes(db: Db, _config: Config): Router {
  const r = Router({ mergeParams: true });

  async function renderSetup(res: Response, y: YearContext, extra: Extra = {}) {
    // The head runs it; the province's board and the admin may look; other members have no business here.
    if (!y.oversees) throw new ForbiddenError('Chỉ Khối trưởng và Ban Thi đua – Khen thưởng tỉnh xem được trang thiết lập năm.');
    const data = await svc.setupPage(db, y);
    res.status(extra.status ?? 200).render('setup/index', {
      title: `Thiết lập năm ${y.blocYear.year} — ${y.blocName}`,
      y,
      ...data,
      canManage: y.can('year.manage'),
      canEditMembers: y.can('year.manage') && canEditMembers(y.state),
      deadlines: DEADLINES.map((k) => ({ key: k, label: DEADLINE_LABELS[k] })),
      form: extra.form ?? '',
      fieldErrors: extra.fieldErrors ?? {},
      values: extra.values ?? {},
    });
  }

  // GET /setup — the head's set-up page (read-only for the province's board and the admin)
  r.get(
    '/setup',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      await renderSetup(res, y);
    }),
  );

  // POST /setup — the head saves theme, motto, deadlines and the delegation to the deputy
  r.post(
    '/setup',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      y.authorize('year.manage');
      const input = check(setupSchema(y.blocYear.year), req.body);
      if (!input.ok) return renderSetup(res, y, { status: 422, form: 'setup', fieldErrors: input.errors, values: req.body });
      await svc.saveSetup(db, y, actor(req, y), input.data);
      flash(req, 'success', `Đã lưu thiết lập năm thi đua ${y.blocYear.year}.`);
      res.redirect(`${y.base}/setup`);
    }),
  );

  // POST /setup/members — the head adds a unit to the year (set-up phase only)
  r.post(
    '/setup/members',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      y.authorize('year.manage');
      const input = check(addMemberSchema, req.body);
      const rerender = (fieldErrors: Record<string, string>) => renderSetup(res, y, { status: 422, form: 'member', fieldErrors, values: req.body });
      if (!input.ok) return rerender(input.errors);
      const added = await attempt(() => svc.addMember(db, y, actor(req, y), input.data.agencyId), rerender);
      if (!added.ok) return;
      flash(req, 'success', `Đã thêm ${added.value} vào khối năm ${y.blocYear.year}.`);
      res.redirect(`${y.base}/setup`);
    }),
  );

  // POST /setup/members/:agencyId/remove — the head removes a unit (not the head nor the deputy)
  r.post(
    '/setup/members/:agencyId/remove',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      y.authorize('year.manage');
      const { agencyId } = parse(agencyParam, req.params);
      const removed = await attempt(
        () => svc.removeMember(db, y, actor(req, y), agencyId),
        (fieldErrors) => renderSetup(res, y, { status: 422, form: 'remove', fieldErrors }),
      );
      if (!removed.ok) return;
      flash(req, 'success', `Đã bỏ ${removed.value} khỏi khối năm ${y.blocYear.year}.`);
      res.redirect(`${y.base}/setup`);
    }),
  );

  // POST /setup/phase — the head moves the year to the next phase (opening scoring locks the criteria table)
  r.post(
    '/setup/phase',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      y.authorize('year.manage');
      const { to } = parse(phaseSchema, req.body);
      await svc.movePhase(db, y, actor(req, y), to);
      const locked = y.state.phase === 'REGISTRATION' && to === 'SCORING' ? ' Bảng tiêu chí đã được khóa.' : '';
      flash(req, 'success', `Đã chuyển năm thi đua ${y.blocYear.year} sang giai đoạn “${PHASE_LABELS[to]}”.${locked}`);
      res.redirect(`${y.base}/setup`);
    }),
  );

  // ───────────────────────────── Criteria table ─────────────────────────────

  async function renderCriteria(res: Response, y: YearContext, extra: Extra = {}) {
    const data = await crit.criteriaPage(db, y);
    res.status(extra.status ?? 200).render('criteria/index', {
      title: `Bảng tiêu chí năm ${y.blocYear.year} — ${y.blocName}`,
      y,
      ...data,
      kindLabels: CRITERION_KIND_LABELS,
      steps: STEPS,
      acceptImport: ACCEPT_CRITERIA_FILES,
      form: extra.form ?? '',
      fieldErrors: extra.fieldErrors ?? {},
      values: extra.values ?? {},
    });
  }

  // GET /criteria — the year's criteria table, for everyone who may read the year; the head edits it here
  r.get(
    '/criteria',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      await renderCriteria(res, y);
    }),
  );

  // POST /criteria/copy — the head creates the year's table from the province template or last year's table
  r.post(
    '/criteria/copy',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      y.authorize('year.manage');
      const { source } = parse(copySchema, req.body);
      const made = await crit.copyTable(db, y, actor(req, y), source);
      const from = source === 'template' ? `bảng tiêu chí mẫu của tỉnh ${y.provinceName}` : `bảng tiêu chí năm ${y.blocYear.year - 1} của khối`;
      flash(req, 'success', `Đã lập ${made.name} (${made.criteria} tiêu chí) từ ${from}.`);
      res.redirect(`${y.base}/criteria`);
    }),
  );

  // POST /criteria/import — the head uploads the year's table as .xlsx or .csv (multipart) → a preview at /criteria-imports/:id
  r.post(
    '/criteria/import',
    criteriaUpload,
    route(async (req, res) => {
      verifyCsrf(req);
      const y = await loadYear(db, req);
      y.authorize('year.manage');
      const table = await db.criteriaTable.findFirst({ where: { blocYearId: y.blocYear.id }, orderBy: { id: 'desc' }, select: { lockedAt: true } });
      requirePhase(canEditCriteria(y.state) && !table?.lockedAt, crit.LOCKED);
      await receiveCriteriaFile(db, req, res, { kind: 'blocYear', y }, (message) => renderCriteria(res, y, { status: 422, form: 'import', fieldErrors: { file: message } }));
    }),
  );

  // POST /criteria/groups — the head adds a group of criteria
  r.post(
    '/criteria/groups',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      const table = await crit.editableTable(db, y);
      const input = check(groupSchema, req.body);
      const rerender = (fieldErrors: Record<string, string>) => renderCriteria(res, y, { status: 422, form: 'group', fieldErrors, values: req.body });
      if (!input.ok) return rerender(input.errors);
      if (!(await attempt(() => crit.createGroup(db, y, actor(req, y), table, input.data), rerender)).ok) return;
      flash(req, 'success', `Đã thêm nhóm ${input.data.groupCode}. ${input.data.groupName}.`);
      res.redirect(`${y.base}/criteria`);
    }),
  );

  async function renderGroupEdit(res: Response, y: YearContext, group: { id: number; code: string; name: string; isCoreTask: boolean }, extra: Extra = {}) {
    res.status(extra.status ?? 200).render('criteria/group-edit', {
      title: `Sửa nhóm tiêu chí ${group.code} — năm ${y.blocYear.year}`,
      y,
      group,
      fieldErrors: extra.fieldErrors ?? {},
      values: extra.values ?? { groupCode: group.code, groupName: group.name, isCoreTask: group.isCoreTask ? 'on' : undefined },
    });
  }

  // GET /criteria/groups/:groupId/edit — the head's form to edit a group
  r.get(
    '/criteria/groups/:groupId/edit',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      const { groupId } = parse(groupParam, req.params);
      const { group } = await crit.editableGroup(db, y, groupId);
      await renderGroupEdit(res, y, group);
    }),
  );

  // POST /criteria/groups/:groupId — the head edits a group
  r.post(
    '/criteria/groups/:groupId',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      const { groupId } = parse(groupParam, req.params);
      const { table, group } = await crit.editableGroup(db, y, groupId);
      const input = check(groupSchema, req.body);
      const rerender = (fieldErrors: Record<string, string>) => renderGroupEdit(res, y, group, { status: 422, fieldErrors, values: req.body });
      if (!input.ok) return rerender(input.errors);
      if (!(await attempt(() => crit.updateGroup(db, y, actor(req, y), table, group, input.data), rerender)).ok) return;
      flash(req, 'success', `Đã lưu nhóm ${input.data.groupCode}. ${input.data.groupName}.`);
      res.redirect(`${y.base}/criteria`);
    }),
  );

  // POST /criteria/groups/:groupId/delete — the head deletes an empty group
  r.post(
    '/criteria/groups/:groupId/delete',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      const { groupId } = parse(groupParam, req.params);
      const { table, group } = await crit.editableGroup(db, y, groupId);
      await crit.deleteGroup(db, y, actor(req, y), table, group);
      flash(req, 'success', `Đã xóa nhóm ${group.code}. ${group.name}.`);
      res.redirect(`${y.base}/criteria`);
    }),
  );

  // POST /criteria/items — the head adds a criterion, a bonus or a deduction item
  r.post(
    '/criteria/items',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      const table = await crit.editableTable(db, y);
      const input = check(itemSchema, req.body);
      const rerender = (fieldErrors: Record<string, string>) => renderCriteria(res, y, { status: 422, form: 'item', fieldErrors, values: req.body });
      if (!input.ok) return rerender(input.errors);
      if (!(await attempt(() => crit.createCriterion(db, y, actor(req, y), table, input.data), rerender)).ok) return;
      flash(req, 'success', `Đã thêm ${CRITERION_KIND_LABELS[input.data.kind].toLowerCase()} ${input.data.code}.`);
      res.redirect(`${y.base}/criteria`);
    }),
  );

  async function renderItemEdit(res: Response, y: YearContext, tableId: number, criterion: { id: number; groupId: number; code: string; name: string; kind: string; maxCenti: number; stepCenti: number; guidance: string }, extra: Extra = {}) {
    res.status(extra.status ?? 200).render('criteria/item-edit', {
      title: `Sửa tiêu chí ${criterion.code} — năm ${y.blocYear.year}`,
      y,
      criterion,
      groups: await crit.groupOptions(db, tableId),
      kindLabels: CRITERION_KIND_LABELS,
      steps: STEPS,
      fieldErrors: extra.fieldErrors ?? {},
      values: extra.values ?? {
        groupId: criterion.groupId,
        code: criterion.code,
        name: criterion.name,
        kind: criterion.kind,
        maxPoints: pointsInput(criterion.maxCenti),
        stepCenti: criterion.stepCenti,
        guidance: criterion.guidance,
      },
    });
  }

  // GET /criteria/items/:criterionId/edit — the head's form to edit a criterion
  r.get(
    '/criteria/items/:criterionId/edit',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      const { criterionId } = parse(criterionParam, req.params);
      const { table, criterion } = await crit.editableCriterion(db, y, criterionId);
      await renderItemEdit(res, y, table.id, criterion);
    }),
  );

  // POST /criteria/items/:criterionId — the head edits a criterion
  r.post(
    '/criteria/items/:criterionId',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      const { criterionId } = parse(criterionParam, req.params);
      const { table, criterion } = await crit.editableCriterion(db, y, criterionId);
      const input = check(itemSchema, req.body);
      const rerender = (fieldErrors: Record<string, string>) => renderItemEdit(res, y, table.id, criterion, { status: 422, fieldErrors, values: req.body });
      if (!input.ok) return rerender(input.errors);
      if (!(await attempt(() => crit.updateCriterion(db, y, actor(req, y), table, criterion, input.data), rerender)).ok) return;
      flash(req, 'success', `Đã lưu tiêu chí ${input.data.code}.`);
      res.redirect(`${y.base}/criteria`);
    }),
  );

  // POST /criteria/items/:criterionId/delete — the head deletes a criterion
  r.post(
    '/criteria/items/:criterionId/delete',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      const { criterionId } = parse(criterionParam, req.params);
      const { table, criterion } = await crit.editableCriterion(db, y, criterionId);
      await crit.deleteCriterion(db, y, actor(req, y), table, criterion);
      flash(req, 'success', `Đã xóa tiêu chí ${criterion.code}.`);
      res.redirect(`${y.base}/criteria`);
    }),
  );

  return r;
}
