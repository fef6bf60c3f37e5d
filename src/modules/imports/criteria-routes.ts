// Criteria table imports: the province's template page and its import (the province's board, the
// admin), the preview / confirm / discard of a batch (whoever may import into the batch's target,
// checked again on every request), and the Excel workbook to fill in. The year's own import
// (POST Y/criteria/import, the head) is in setup/routes.ts and uses receiveCriteriaFile below.
//
// Multipart bodies: the form's `_csrf` is read by multer with the file and checked here (verifyCsrf),
// as the evidence upload does; so src/http/csrf.ts must skip its own check of multipart bodies for the
// two upload paths (…/criteria-template/import, Y/criteria/import), as it does for the evidence upload.
import { createHash } from 'node:crypto';
import { Router, type NextFunction, type Request, type Response } from 'express';
import multer from 'multer';
import { z } from 'zod';
import type { Db } from '../../db/client';
import type { Config } from '../../config';
import type { Principal } from '../../auth/principal';
import { can } from '../../auth/permissions';
import { verifyCsrf } from '../../http/csrf';
import { ForbiddenError, NotFoundError } from '../../http/errors';
import { principal, requireLogin, route, writeThenRedirect } from '../../http/guards';
import { idField, parse } from '../../http/validate';
import { tableMax } from '../../domain/scoring';
import { contentDisposition } from '../scoring/files';
import { CRITERION_KIND_LABELS } from '../setup/schemas';
import { loadYear, type YearContext } from '../years/context';
import {
  confirmCriteriaImport,
  CRITERIA_FILE_MAX_BYTES,
  currentTable,
  discardCriteriaImport,
  groupsOf,
  previewData,
  startCriteriaImport,
  summaryText,
  targetHref,
  targetText,
  type CriteriaBatch,
  type CriteriaTarget,
} from './criteria';
import { criteriaWorkbook, type TemplateRow } from './criteria-template';
import { UnreadableFileError } from './table';
import type { CriterionKind } from '../../domain/enums';

export const ACCEPT_CRITERIA_FILES = '.xlsx,.csv';
const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const upload = multer({ storage: multer.memoryStorage(), defParamCharset: 'utf8', limits: { fileSize: CRITERIA_FILE_MAX_BYTES, files: 1, fields: 5, fieldSize: 10_000 } });

/**
 * Parses a multipart upload of one file `file`. A refusal of multer (too large, more than one file)
 * is kept for the handler, which answers it on the form (422) once the token and the permission are checked.
 */
export function criteriaUpload(req: Request, res: Response, next: NextFunction): void {
  upload.single('file')(req, res, (err: unknown) => {
    if (err instanceof multer.MulterError) {
      res.locals.uploadError = err.code === 'LIMIT_FILE_SIZE' ? 'Tệp quá lớn: tối đa 1 MB.' : 'Vui lòng gửi đúng một tệp .xlsx hoặc .csv.';
      return next();
    }
    next(err);
  });
}

/**
 * The upload step shared by the template and the year: a file that cannot be read at all is answered
 * on the form (422, nothing stored); a readable one becomes a PREVIEW batch, shown next.
 */
export async function receiveCriteriaFile(db: Db, req: Request, res: Response, target: CriteriaTarget, badFile: (message: string) => Promise<unknown>): Promise<unknown> {
  const refused = res.locals.uploadError as string | undefined;
  if (refused) return badFile(refused);
  if (!req.file || req.file.size === 0) return badFile('Vui lòng chọn tệp Excel (.xlsx) hoặc CSV để nhập.');
  const name = req.file.originalname.normalize('NFC').slice(0, 200);
  try {
    const id = await startCriteriaImport(db, { userId: principal(req).id, ip: req.ip ?? '' }, target, {
      name,
      bytes: req.file.buffer,
      hash: createHash('sha256').update(req.file.buffer).digest('hex'),
    });
    res.redirect(`/criteria-imports/${id}`);
  } catch (e) {
    if (e instanceof UnreadableFileError) return badFile(e.message);
    throw e;
  }
}

/** The year a batch or a download names by id, loaded as its own pages load it (scope, 403/404). */
async function yearById(db: Db, req: Request, blocYearId: number): Promise<YearContext> {
  const by = await db.blocYear.findUnique({ where: { id: blocYearId }, select: { blocId: true, year: true } });
  if (!by) throw new NotFoundError('Không tìm thấy năm thi đua.');
  return loadYear(db, { user: req.user, params: { blocId: String(by.blocId), year: String(by.year) } } as unknown as Request);
}

async function provinceOf(db: Db, provinceId: number) {
  const province = await db.province.findUnique({ where: { id: provinceId }, select: { id: true, name: true } });
  if (!province) throw new NotFoundError('Không tìm thấy tỉnh.');
  return province;
}

const TEMPLATE_ONLY = 'Chỉ Ban Thi đua – Khen thưởng của tỉnh và quản trị hệ thống quản lý bảng tiêu chí mẫu của tỉnh.';

/** The province's template as a target: the province's board or the admin, else 403. */
async function templateTarget(db: Db, p: Principal, provinceId: number): Promise<CriteriaTarget & { kind: 'template' }> {
  const province = await provinceOf(db, provinceId);
  if (!can(p, 'province.rules', { provinceId })) throw new ForbiddenError(TEMPLATE_ONLY);
  return { kind: 'template', provinceId, provinceName: province.name };
}

/** A batch and its target, for whoever may import into that target now (checked on every request). */
async function batchFor(db: Db, req: Request, id: number): Promise<{ batch: CriteriaBatch; target: CriteriaTarget }> {
  const batch = await db.importBatch.findFirst({ where: { id, kind: 'CRITERIA' } });
  if (!batch) throw new NotFoundError('Không tìm thấy bản nhập bảng tiêu chí.');
  const p = principal(req);
  if (batch.target === 'template') return { batch, target: await templateTarget(db, p, batch.provinceId) };
  const m = /^blocYear:(\d+)$/.exec(batch.target);
  if (!m) throw new NotFoundError('Không tìm thấy bản nhập bảng tiêu chí.');
  const y = await yearById(db, req, Number(m[1]));
  if (!y.can('year.manage')) throw new ForbiddenError('Chỉ Khối trưởng của năm thi đua xem và xác nhận được bản nhập bảng tiêu chí của năm.');
  return { batch, target: { kind: 'blocYear', y } };
}

/** Heads (or acting deputies) of an open year — of a province, or of any — may fetch the workbook too. */
async function headsOpenYear(db: Db, p: Principal, provinceId?: number): Promise<boolean> {
  if (!p.agencyIds.length) return false;
  const n = await db.blocYear.count({
    where: {
      phase: { not: 'CLOSED' },
      ...(provinceId ? { bloc: { provinceId } } : {}),
      OR: [{ headAgencyId: { in: p.agencyIds } }, { deputyActsAsHead: true, deputyAgencyId: { in: p.agencyIds } }],
    },
  });
  return n > 0;
}

const toRows = (t: NonNullable<Awaited<ReturnType<typeof currentTable>>>): TemplateRow[] =>
  groupsOf(t).flatMap((g) =>
    g.criteria.map((c) => ({ groupCode: g.code, groupName: g.name, isCoreTask: g.isCoreTask, code: c.code, name: c.name, kind: c.kind as CriterionKind, maxCenti: c.maxCenti, stepCenti: c.stepCenti, guidance: c.guidance })),
  );

const idParam = z.object({ id: idField('Mã bản nhập không hợp lệ.') });
const provinceParam = z.object({ provinceId: idField('Mã tỉnh không hợp lệ.') });
const downloadQuery = z.object({
  from: z.enum(['template', 'blocYear'], { error: 'Nguồn bảng tiêu chí không hợp lệ.' }).optional(),
  provinceId: idField('Mã tỉnh không hợp lệ.').optional(),
  id: idField('Mã năm thi đua không hợp lệ.').optional(),
});

export function criteriaImportRoutes(db: Db, _config: Config): Router {
  const r = Router();
  r.use(['/criteria-imports', '/provinces/:provinceId/criteria-template'], requireLogin);
  const actor = (req: Request) => ({ userId: principal(req).id, ip: req.ip ?? '' });

  // GET /criteria-imports/template.xlsx[?from=template&provinceId= | ?from=blocYear&id=] — the workbook to fill in, blank or with a table's rows
  r.get(
    '/criteria-imports/template.xlsx',
    route(async (req, res) => {
      const p = principal(req);
      const q = parse(downloadQuery, req.query);
      let rows: TemplateRow[] | null = null;
      let title = 'Bảng tiêu chí chấm điểm thi đua (tệp mẫu để nhập)';
      let fileName = 'Mẫu bảng tiêu chí.xlsx';
      let baseTotal = 100;
      if (q.from === 'template') {
        if (!q.provinceId) throw new NotFoundError('Không tìm thấy tỉnh.');
        const province = await provinceOf(db, q.provinceId);
        if (!can(p, 'province.rules', { provinceId: province.id }) && !(await headsOpenYear(db, p, province.id))) throw new ForbiddenError(TEMPLATE_ONLY);
        const t = await currentTable(db, { kind: 'template', provinceId: province.id, provinceName: province.name });
        if (!t) throw new NotFoundError(`Tỉnh ${province.name} chưa có bảng tiêu chí mẫu.`);
        rows = toRows(t);
        title = `${t.name}`;
        fileName = `Bảng tiêu chí mẫu tỉnh ${province.name}.xlsx`;
        baseTotal = t.baseTotal;
      } else if (q.from === 'blocYear') {
        if (!q.id) throw new NotFoundError('Không tìm thấy năm thi đua.');
        const y = await yearById(db, req, q.id); // reading the year: admin, the province's board, its members
        const t = await currentTable(db, { kind: 'blocYear', y });
        if (!t) throw new NotFoundError(`Năm thi đua ${y.blocYear.year} chưa có bảng tiêu chí.`);
        rows = toRows(t);
        title = `${t.name} — ${y.blocName}`;
        fileName = `Bảng tiêu chí năm ${y.blocYear.year} — ${y.blocName}.xlsx`;
        baseTotal = t.baseTotal;
      } else if (!p.isAdmin && !p.boardProvinceIds.length && !(await headsOpenYear(db, p))) {
        throw new ForbiddenError('Tệp mẫu dành cho Ban Thi đua – Khen thưởng tỉnh và Khối trưởng.');
      }
      const bytes = await criteriaWorkbook({ title, rows, baseTotal });
      res.setHeader('Content-Type', XLSX_MIME);
      res.setHeader('Content-Disposition', contentDisposition(fileName.replace(/[\\/:*?"<>|]/g, '-')));
      res.send(bytes);
    }),
  );

  async function renderTemplatePage(res: Response, target: CriteriaTarget & { kind: 'template' }, extra: { status?: number; fileError?: string } = {}) {
    const t = await currentTable(db, target);
    const [earlier, rule] = await Promise.all([
      db.criteriaTable.count({ where: { provinceId: target.provinceId, blocYearId: null } }),
      db.provinceRuleSet.findUnique({ where: { provinceId_year: { provinceId: target.provinceId, year: new Date().getFullYear() } }, select: { baseTotal: true } }),
    ]);
    res.status(extra.status ?? 200).render('imports/criteria-template', {
      title: `Bảng tiêu chí mẫu — tỉnh ${target.provinceName}`,
      province: { id: target.provinceId, name: target.provinceName },
      table: t,
      groups: t ? groupsOf(t).map((g) => ({ ...g, max: tableMax(g.criteria) })) : [],
      max: t ? tableMax(t.criteria) : null,
      earlier: Math.max(0, earlier - 1),
      baseTotal: rule?.baseTotal ?? 100,
      kindLabels: CRITERION_KIND_LABELS,
      accept: ACCEPT_CRITERIA_FILES,
      fieldErrors: extra.fileError ? { file: extra.fileError } : {},
    });
  }

  // GET /provinces/:provinceId/criteria-template — the province's template and its import form (board, admin)
  r.get(
    '/provinces/:provinceId/criteria-template',
    route(async (req, res) => {
      const { provinceId } = parse(provinceParam, req.params);
      await renderTemplatePage(res, await templateTarget(db, principal(req), provinceId));
    }),
  );

  // POST /provinces/:provinceId/criteria-template/import — upload one .xlsx or .csv → a preview (multipart)
  r.post(
    '/provinces/:provinceId/criteria-template/import',
    criteriaUpload,
    route(async (req, res) => {
      verifyCsrf(req);
      const { provinceId } = parse(provinceParam, req.params);
      const target = await templateTarget(db, principal(req), provinceId);
      await receiveCriteriaFile(db, req, res, target, (fileError) => renderTemplatePage(res, target, { status: 422, fileError }));
    }),
  );

  async function renderPreview(res: Response, batch: CriteriaBatch, target: CriteriaTarget, extra: { status?: number; error?: string } = {}) {
    const data = await previewData(db, batch, target);
    const uploader = await db.user.findUnique({ where: { id: batch.userId }, select: { fullName: true } });
    res.status(extra.status ?? 200).render('imports/criteria-preview', {
      title: `Xem trước nhập bảng tiêu chí — ${batch.fileNames}`,
      batch,
      uploader: uploader?.fullName ?? '',
      targetText: targetText(target),
      targetHref: targetHref(target),
      year: target.kind === 'blocYear' ? target.y : null,
      ...data,
      kindLabels: CRITERION_KIND_LABELS,
      error: extra.error ?? '',
    });
  }

  // GET /criteria-imports/:id — the preview: the table the file describes, or every error with its sheet, row and column
  r.get(
    '/criteria-imports/:id',
    route(async (req, res) => {
      const { id } = parse(idParam, req.params);
      const { batch, target } = await batchFor(db, req, id);
      await renderPreview(res, batch, target);
    }),
  );

  // POST /criteria-imports/:id/confirm — writes the previewed table in one transaction (or nothing when identical)
  r.post(
    '/criteria-imports/:id/confirm',
    route(async (req, res) => {
      const { id } = parse(idParam, req.params);
      const { batch, target } = await batchFor(db, req, id);
      return writeThenRedirect(
        req,
        res,
        async () => {
          const summary = await confirmCriteriaImport(db, actor(req), batch, target);
          return { flash: summaryText(summary, target), to: targetHref(target) };
        },
        async (e) => {
          const fresh = (await db.importBatch.findUnique({ where: { id } })) ?? batch;
          return renderPreview(res, fresh, target, { status: e.status, error: e.message });
        },
      );
    }),
  );

  // POST /criteria-imports/:id/discard — drops a preview; nothing of it was written
  r.post(
    '/criteria-imports/:id/discard',
    route(async (req, res) => {
      const { id } = parse(idParam, req.params);
      const { batch, target } = await batchFor(db, req, id);
      return writeThenRedirect(
        req,
        res,
        async () => {
          await discardCriteriaImport(db, batch);
          return { flash: `Đã hủy bản nhập tệp "${batch.fileNames}"; không có gì được ghi.`, to: targetHref(target) };
        },
        (e) => renderPreview(res, batch, target, { status: e.status, error: e.message }),
      );
    }),
  );

  return r;
}
