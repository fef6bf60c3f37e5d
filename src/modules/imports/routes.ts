// Importing a province's organisation from Excel or CSV: the template, the upload, the preview, the
// confirmation (one transaction) and its result with the new officers' one-time passwords.
// The admin for every province, a province's board for its own.
import { Router, type Request, type Response, type NextFunction } from 'express';
import multer from 'multer';
import type { Db } from '../../db/client';
import type { Config } from '../../config';
import { requireLogin, principal, route } from '../../http/guards';
import { AppError, ForbiddenError } from '../../http/errors';
import { parse, check } from '../../http/validate';
import { flash } from '../../http/locals';
import { verifyCsrf } from '../../http/csrf';
import { contentDisposition } from '../scoring/files';
import type { Actor } from '../audit';
import { UnreadableFileError } from './table';
import { idParam, importListQuery, uploadFields, MAX_IMPORT_BYTES, MAX_IMPORT_FILES, MAX_IMPORT_MB, MAX_IMPORT_ROWS, PREVIEW_ROWS } from './schemas';
import { organisationTemplate } from './template';
import { SPECS, countsOf, fmtDay, type ImportError, type Plan } from './organisation';
import {
  importer,
  importProvinces,
  canImport,
  readUpload,
  createPreview,
  batchFor,
  listBatches,
  currentPlan,
  confirmBatch,
  discardBatch,
  summaryCounts,
  ImportRefusedError,
  type BatchRow,
  type IssuedPassword,
} from './service';

const actorOf = (req: Request): Actor => ({ userId: principal(req).id, ip: req.ip ?? '' });

/** The one-time passwords as a CSV file (UTF-8 with BOM, so Excel shows Vietnamese), in a data: link of the result page. */
function passwordsCsv(rows: IssuedPassword[]): string {
  // a cell opening with = + - @ would be a formula in Excel: shown as text instead
  const q = (s: string) => `"${(/^[=+\-@\t\r]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"`;
  const lines = [['Tên đăng nhập', 'Họ và tên', 'Đơn vị', 'Mật khẩu một lần'], ...rows.map((r) => [r.username, r.fullName, r.agencyName, r.password])];
  const text = '\ufeff' + lines.map((l) => l.map(q).join(',')).join('\r\n') + '\r\n';
  return `data:text/csv;charset=utf-8;base64,${Buffer.from(text, 'utf8').toString('base64')}`;
}

/** What the preview lists per sheet: the first rows of each, with what happens to them. */
function previewRows(plan: Plan) {
  const cap = <T>(xs: T[]) => ({ items: xs.slice(0, PREVIEW_ROWS), more: Math.max(0, xs.length - PREVIEW_ROWS), total: xs.length });
  return {
    agencies: cap(plan.agencies.map((a) => ({ row: a.row, name: a.name, action: a.action, detail: a.action === 'create' ? `Hiệu lực từ ${fmtDay(a.data.validFrom)}` : a.changes.join('; ') }))),
    blocs: cap(plan.blocs.map((b) => ({ row: b.row, name: b.name, action: b.action, detail: b.action === 'create' ? `${b.kind === 'CUM' ? 'Cụm' : 'Khối'}; ${b.decision}` : b.changes.join('; ') }))),
    years: cap(
      plan.years.map((y) => ({
        row: y.row,
        name: `${y.blocName} — năm ${y.year}`,
        action: y.action,
        detail: y.action === 'create' ? `${y.members.length} đơn vị; Khối trưởng: ${y.headName}; Khối phó: ${y.deputyName}` : y.changes.join('; '),
      })),
    ),
    officers: cap(plan.officers.map((o) => ({ row: o.row, name: `${o.username} — ${o.fullName}`, action: o.action, detail: o.action === 'create' ? o.agencyName : o.changes.join('; ') }))),
  };
}

export function importRoutes(db: Db, _config?: Config): Router {
  const r = Router();
  const upload = multer({
    storage: multer.memoryStorage(),
    defParamCharset: 'utf8',
    limits: { fileSize: MAX_IMPORT_BYTES, files: MAX_IMPORT_FILES, fields: 5, fieldSize: 10_000 },
  });

  /** The province a page is about: the one asked for when the caller imports there, else a board's only one. */
  const provinceOf = async (req: Request, requested: number | undefined) => {
    const provinces = await importProvinces(db, principal(req));
    const province = provinces.find((pr) => pr.id === requested) ?? (provinces.length === 1 ? provinces[0] : undefined);
    if (requested !== undefined && province?.id !== requested) throw new ForbiddenError('Bạn chỉ được nhập dữ liệu cho tỉnh mình quản lý.');
    return { provinces, province };
  };

  const indexPage = async (req: Request, res: Response, status: number, requested: number | undefined, page = 1, uploadError = '') => {
    const { provinces, province } = await provinceOf(req, requested);
    const list = province ? await listBatches(db, province.id, page) : null;
    res.status(status).render('imports/index', {
      title: 'Nhập dữ liệu tổ chức từ Excel',
      provinces,
      province: province ?? null,
      list,
      uploadError,
      maxMb: MAX_IMPORT_MB,
      maxRows: MAX_IMPORT_ROWS,
      sheetNames: Object.values(SPECS).map((s) => s.name),
      summaryCounts,
    });
  };

  const showPage = async (res: Response, batch: BatchRow, status = 200, extra: { message?: string; errors?: ImportError[] } = {}) => {
    const plan = batch.status === 'PREVIEW' ? await currentPlan(db, batch) : null;
    const errors = extra.errors ?? plan?.errors ?? [];
    res.status(status).render('imports/show', {
      title: `Lần nhập số ${batch.id}`,
      batch,
      plan,
      counts: plan ? countsOf(plan) : null,
      rows: plan ? previewRows(plan) : null,
      applied: summaryCounts(batch.summary),
      errors,
      message: extra.message ?? '',
      previewRows: PREVIEW_ROWS,
    });
  };

  // GET /imports?provinceId=&page= — the template, the upload form and the province's latest imports
  r.get(
    '/imports',
    requireLogin,
    route(async (req, res) => {
      importer(principal(req));
      const { provinceId, page } = parse(importListQuery, req.query);
      await indexPage(req, res, 200, provinceId, page);
    }),
  );

  // GET /imports/template.xlsx — the template workbook (instructions with samples, three data sheets)
  r.get(
    '/imports/template.xlsx',
    requireLogin,
    route(async (req, res) => {
      importer(principal(req));
      const buf = await organisationTemplate();
      res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      res.setHeader('Content-Disposition', contentDisposition('mau-nhap-to-chuc-khoi-thi-dua.xlsx'));
      res.send(buf);
    }),
  );

  // POST /imports — upload (multipart: one .xlsx or one or more .csv): read, check, keep a preview
  r.post(
    '/imports',
    requireLogin,
    (req: Request, _res: Response, next: NextFunction) => {
      importer(principal(req));
      next();
    },
    (req: Request, res: Response, next: NextFunction) => {
      upload.array('files', MAX_IMPORT_FILES)(req, res, (err: unknown) => {
        if (!(err instanceof multer.MulterError)) return next(err);
        const message =
          err.code === 'LIMIT_FILE_SIZE'
            ? `Tệp quá lớn: mỗi tệp tối đa ${MAX_IMPORT_MB} MB.`
            : err.code === 'LIMIT_FILE_COUNT' || err.code === 'LIMIT_UNEXPECTED_FILE'
              ? `Tải lên một tệp .xlsx hoặc tối đa ${MAX_IMPORT_FILES} tệp .csv.`
              : 'Tệp gửi lên không hợp lệ.';
        // nothing was read into the database; the form again, with the message next to the file field
        indexPage(req, res, 422, undefined, 1, message).catch(next);
      });
    },
    route(async (req, res) => {
      verifyCsrf(req);
      const fields = check(uploadFields, req.body ?? {});
      const requested = fields.ok ? fields.data.provinceId : undefined;
      const { province } = await provinceOf(req, requested);
      if (!province) return indexPage(req, res, 422, undefined, 1, 'Vui lòng chọn tỉnh.');
      if (!canImport(principal(req), province.id)) throw new ForbiddenError();
      const files = ((req.files ?? []) as Express.Multer.File[]).map((f) => ({ originalname: f.originalname, buffer: f.buffer }));
      let sheets;
      try {
        sheets = await readUpload(files);
      } catch (e) {
        if (e instanceof UnreadableFileError) return indexPage(req, res, 422, province.id, 1, e.message);
        throw e;
      }
      const id = await createPreview(db, actorOf(req), province.id, files, sheets);
      res.redirect(`/imports/${id}`);
    }),
  );

  // GET /imports/:id — the preview (created / updated / unchanged per sheet, every error), or the result
  r.get(
    '/imports/:id',
    requireLogin,
    route(async (req, res) => {
      const { id } = parse(idParam, req.params);
      await showPage(res, await batchFor(db, principal(req), id));
    }),
  );

  // POST /imports/:id/confirm — checked again and written in one transaction; the result page shows the one-time passwords once
  r.post(
    '/imports/:id/confirm',
    requireLogin,
    route(async (req, res) => {
      const { id } = parse(idParam, req.params);
      const batch = await batchFor(db, principal(req), id);
      try {
        const result = await confirmBatch(db, actorOf(req), batch);
        res.set('Cache-Control', 'no-store');
        res.set('Pragma', 'no-cache');
        res.render('imports/result', {
          title: 'Đã nhập dữ liệu',
          batch,
          counts: result.counts,
          passwords: result.passwords,
          passwordsHref: result.passwords.length ? passwordsCsv(result.passwords) : '',
          passwordsFile: `mat-khau-mot-lan-lan-nhap-${batch.id}.csv`,
        });
      } catch (e) {
        if (e instanceof ImportRefusedError) return showPage(res, batch, 422, { message: e.message, errors: e.errors });
        if (e instanceof AppError && e.status === 409) return showPage(res, await batchFor(db, principal(req), id), 409, { message: e.message });
        throw e;
      }
    }),
  );

  // POST /imports/:id/discard — the preview is dropped; nothing was written
  r.post(
    '/imports/:id/discard',
    requireLogin,
    route(async (req, res) => {
      const { id } = parse(idParam, req.params);
      const batch = await batchFor(db, principal(req), id);
      try {
        await discardBatch(db, actorOf(req), batch);
      } catch (e) {
        if (e instanceof AppError && e.status === 409) return showPage(res, batch, 409, { message: e.message });
        throw e;
      }
      flash(req, 'success', `Đã hủy lần nhập số ${batch.id}; không có dữ liệu nào được ghi.`);
      res.redirect(`/imports?provinceId=${batch.provinceId}`);
    }),
  );

  return r;
}
