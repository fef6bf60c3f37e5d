// The province's award register and award statistics (the board of the province, the admin):
// the register with its filters, the import of awards decided outside the portal (upload → preview
// → confirm or discard), the statistics page and its Excel workbook.
//
// Multipart bodies: the form's `_csrf` is read by multer with the file and checked here (verifyCsrf),
// as the evidence upload does; src/http/csrf.ts must let POST /provinces/:id/awards/import through
// its form check for that.
import { createHash } from 'node:crypto';
import { Router, type NextFunction, type Request, type Response } from 'express';
import ExcelJS from 'exceljs';
import multer from 'multer';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { can } from '../../auth/permissions';
import { verifyCsrf } from '../../http/csrf';
import { ForbiddenError, NotFoundError } from '../../http/errors';
import { principal, requireLogin, route, writeThenRedirect } from '../../http/guards';
import { idField, intField, parse } from '../../http/validate';
import {
  AWARD_LEVELS,
  AWARD_LEVEL_LABELS,
  RECORD_SOURCES,
  RECORD_SOURCE_LABELS,
  REGISTER_KINDS,
  REGISTER_KIND_LABELS,
  SUBJECT_KIND_LABELS,
  levelLabel,
  registerKindLabel,
} from '../../domain/award-register';
import { shareText } from '../../domain/stats';
import { contentDisposition } from '../scoring/files';
import { UnreadableFileError } from '../imports/table';
import { loadProvinceView, type ProvinceViewContext } from './context';
import {
  AWARD_COLUMNS,
  AWARD_FILE_MAX_BYTES,
  AWARD_SHEET,
  awardPreview,
  confirmAwardImport,
  discardAwardImport,
  findAwardBatch,
  registerPage,
  startAwardImport,
  summaryText,
  type AwardBatch,
} from './register';
import { awardStatistics, statisticsWorkbook } from './statistics';
import { searchText } from '../../http/pagination';
import { slugify as slug } from '../../domain/search';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const ACCEPT_AWARD_FILES = '.xlsx,.csv';

/** '' and absent are the same: no value. */
const blank = (v: unknown) => (v === '' ? undefined : v);
const yearField = intField('Năm không hợp lệ (từ 2000 đến 2100).', 2000, 2100);

const registerQuery = z.object({
  year: z.preprocess(blank, z.union([z.literal('all'), yearField]).optional()),
  q: searchText.default(''),
  kind: z.preprocess(blank, z.enum(REGISTER_KINDS, { error: 'Hình thức khen thưởng không hợp lệ.' }).optional()),
  level: z.preprocess(blank, z.enum(AWARD_LEVELS, { error: 'Cấp khen thưởng không hợp lệ.' }).optional()),
  source: z.preprocess(blank, z.enum(RECORD_SOURCES, { error: 'Nguồn không hợp lệ.' }).optional()),
  page: z.preprocess(blank, intField('Số trang không hợp lệ.', 1, 1_000_000).default(1)),
});

const MAX_YEARS = 30;
const statisticsQuery = z
  .object({
    year: z.preprocess(blank, yearField.optional()),
    from: z.preprocess(blank, yearField.optional()),
    to: z.preprocess(blank, yearField.optional()),
  })
  .transform((q, ctx) => {
    const year = q.year ?? new Date().getFullYear();
    const to = q.to ?? Math.max(year, q.from ?? year);
    const from = q.from ?? Math.max(2000, to - 4);
    if (from > to) ctx.addIssue({ code: 'custom', path: ['from'], message: 'Năm bắt đầu phải trước hoặc bằng năm kết thúc.' });
    else if (to - from + 1 > MAX_YEARS) ctx.addIssue({ code: 'custom', path: ['from'], message: `Thống kê theo năm tối đa ${MAX_YEARS} năm.` });
    return { year, from, to };
  });

const yearOnly = z.object({ year: z.preprocess(blank, yearField.optional()) });
const batchParams = z.object({ id: idField('Mã bản nhập không hợp lệ.') });

const upload = multer({ storage: multer.memoryStorage(), defParamCharset: 'utf8', limits: { fileSize: AWARD_FILE_MAX_BYTES, files: 1, fields: 5, fieldSize: 10_000 } });

/** multer's refusals (too large, several files) are kept for the handler, which answers on the form after the token and permission checks. */
function awardUpload(req: Request, res: Response, next: NextFunction): void {
  upload.single('file')(req, res, (err: unknown) => {
    if (err instanceof multer.MulterError) {
      res.locals.uploadError = err.code === 'LIMIT_FILE_SIZE' ? 'Tệp quá lớn: tối đa 5 MB.' : 'Vui lòng gửi đúng một tệp .xlsx hoặc .csv.';
      return next();
    }
    next(err);
  });
}

const REGISTER_ONLY = 'Chỉ Ban Thi đua – Khen thưởng của tỉnh và quản trị hệ thống nhập được danh sách khen thưởng vào sổ.';


/** The workbook to fill in: the sheet with its header and one example row, and a guide sheet. */
async function templateWorkbook(provinceName: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Cổng thông tin khối thi đua';
  const ws = wb.addWorksheet(AWARD_SHEET);
  const head = Object.values(AWARD_COLUMNS);
  ws.columns = head.map((h, i) => ({ header: h, width: [8, 16, 36, 36, 40, 22, 18, 18][i] }));
  ws.getRow(1).font = { bold: true };
  ws.addRow([new Date().getFullYear() - 1, 'Cá nhân', 'Nguyễn Văn A', '', 'Bằng khen của Chủ tịch UBND tỉnh', 'Tỉnh', '123/QĐ-UBND', `15/01/${new Date().getFullYear()}`]);
  ws.getColumn(8).numFmt = '@';
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  const guide = wb.addWorksheet('Hướng dẫn');
  guide.columns = [{ width: 36 }, { width: 80 }];
  const lines: [string, string][] = [
    ['Sổ khen thưởng', `Danh sách khen thưởng đã quyết định ngoài cổng của tỉnh ${provinceName}. Mỗi dòng một khen thưởng; dòng mẫu ở trang "${AWARD_SHEET}" cần xóa trước khi nhập.`],
    ['Cột có dấu *', 'Bắt buộc.'],
    ['Đối tượng', 'Tập thể hoặc Cá nhân.'],
    ['Đơn vị', 'Đơn vị của cá nhân (hoặc của tập thể): tên một cơ quan, đơn vị của tỉnh như trên cổng; để trống nếu không thuộc đơn vị nào.'],
    ['Cấp', AWARD_LEVELS.map((l) => AWARD_LEVEL_LABELS[l]).join(' / ')],
    ['Ngày quyết định', 'dd/mm/yyyy, ví dụ 15/01/2025.'],
    ['Hình thức khen thưởng, danh hiệu', `Các tên cổng nhận biết: ${REGISTER_KINDS.filter((k) => k !== 'OTHER').map((k) => REGISTER_KIND_LABELS[k]).join('; ')}. Tên khác được ghi là "hình thức khác".`],
    ['Nhập lại cùng tệp', 'Khen thưởng đã có trong sổ (cùng năm, tên, hình thức và số quyết định) được giữ nguyên, không ghi hai lần.'],
  ];
  for (const l of lines) guide.addRow(l).alignment = { wrapText: true, vertical: 'top' };
  guide.getColumn(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function provinceAwardRoutes(db: Db): Router {
  const r = Router();
  r.use('/provinces/:provinceId/awards', requireLogin);
  const actor = (req: Request) => ({ userId: principal(req).id, ip: req.ip ?? '' });

  /** The province view for its board or the admin (403 otherwise), and the right to import into its register. */
  async function registerView(req: Request, year: number): Promise<ProvinceViewContext> {
    const pv = await loadProvinceView(db, req, year);
    if (!can(principal(req), 'award.register', { provinceId: pv.id })) throw new ForbiddenError(REGISTER_ONLY);
    return pv;
  }

  async function batchOf(req: Request): Promise<{ pv: ProvinceViewContext; batch: AwardBatch }> {
    const pv = await registerView(req, new Date().getFullYear());
    const { id } = parse(batchParams, req.params);
    const batch = await findAwardBatch(db, pv.id, id);
    if (!batch) throw new NotFoundError('Không tìm thấy bản nhập danh sách khen thưởng.');
    return { pv, batch };
  }

  // GET /provinces/:provinceId/awards?year=&q=&kind=&level=&source=&page= — the register, filtered and searched (folded), 50 a page
  r.get(
    '/provinces/:provinceId/awards',
    route(async (req, res) => {
      const q = parse(registerQuery, req.query);
      const year = q.year === 'all' ? null : (q.year ?? new Date().getFullYear());
      const pv = await loadProvinceView(db, req, year ?? new Date().getFullYear());
      const data = await registerPage(db, pv.id, { year, q: q.q.trim(), kind: q.kind ?? '', level: q.level ?? '', source: q.source ?? '', page: q.page });
      const filter = { year: year === null ? 'all' : String(year), q: q.q.trim(), kind: q.kind ?? '', level: q.level ?? '', source: q.source ?? '' };
      const link = (page: number) => `/provinces/${pv.id}/awards?${new URLSearchParams({ ...Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== '')), page: String(page) }).toString()}`;
      const years = [...new Set([...data.years, new Date().getFullYear(), ...(year ? [year] : [])])].sort((a, b) => b - a);
      res.render('province/register', {
        title: `Sổ khen thưởng${year ? ` năm ${year}` : ''} — tỉnh ${pv.name}`,
        pv,
        tab: 'register',
        ...data,
        years,
        filter,
        link,
        canImport: can(principal(req), 'award.register', { provinceId: pv.id }),
        labels: { kind: registerKindLabel, level: levelLabel, subject: (k: string) => (SUBJECT_KIND_LABELS as Record<string, string>)[k] ?? k, source: (s: string) => (RECORD_SOURCE_LABELS as Record<string, string>)[s] ?? s },
        kinds: REGISTER_KINDS.map((k) => ({ value: k, label: REGISTER_KIND_LABELS[k] })),
        levels: AWARD_LEVELS.map((l) => ({ value: l, label: AWARD_LEVEL_LABELS[l] })),
        sources: RECORD_SOURCES.map((s) => ({ value: s, label: RECORD_SOURCE_LABELS[s] })),
      });
    }),
  );

  async function renderImportForm(res: Response, pv: ProvinceViewContext, extra: { status?: number; fileError?: string } = {}) {
    const recent = await db.importBatch.findMany({
      where: { provinceId: pv.id, kind: 'AWARDS' },
      orderBy: { id: 'desc' },
      take: 10,
      select: { id: true, fileNames: true, status: true, createdAt: true, summary: true, errors: true },
    });
    res.status(extra.status ?? 200).render('province/register-import', {
      title: `Nhập danh sách khen thưởng — tỉnh ${pv.name}`,
      pv,
      tab: 'register',
      accept: ACCEPT_AWARD_FILES,
      columns: Object.values(AWARD_COLUMNS),
      sheetName: AWARD_SHEET,
      recent: recent.map((b) => ({ ...b, errorCount: (JSON.parse(b.errors) as unknown[]).length, summaryText: b.summary ? summaryText(JSON.parse(b.summary)) : '' })),
      fieldErrors: extra.fileError ? { file: extra.fileError } : {},
    });
  }

  // GET /provinces/:provinceId/awards/import — the import form, the columns and the latest imports (board, admin)
  r.get(
    '/provinces/:provinceId/awards/import',
    route(async (req, res) => {
      const { year } = parse(yearOnly, req.query);
      await renderImportForm(res, await registerView(req, year ?? new Date().getFullYear()));
    }),
  );

  // GET /provinces/:provinceId/awards/import/template.xlsx — the workbook to fill in
  r.get(
    '/provinces/:provinceId/awards/import/template.xlsx',
    route(async (req, res) => {
      const pv = await registerView(req, new Date().getFullYear());
      const bytes = await templateWorkbook(pv.name);
      res.setHeader('Content-Type', XLSX_MIME);
      res.setHeader('Content-Disposition', contentDisposition(`Mẫu danh sách khen thưởng — ${pv.name}.xlsx`));
      res.send(bytes);
    }),
  );

  // POST /provinces/:provinceId/awards/import — upload one .xlsx or .csv → a preview (multipart; nothing written to the register)
  r.post(
    '/provinces/:provinceId/awards/import',
    awardUpload,
    route(async (req, res) => {
      verifyCsrf(req);
      const pv = await registerView(req, new Date().getFullYear());
      const refused = res.locals.uploadError as string | undefined;
      const badFile = (fileError: string) => renderImportForm(res, pv, { status: 422, fileError });
      if (refused) return badFile(refused);
      if (!req.file || req.file.size === 0) return badFile('Vui lòng chọn tệp Excel (.xlsx) hoặc CSV để nhập.');
      try {
        const id = await startAwardImport(db, actor(req), pv.id, {
          name: req.file.originalname.normalize('NFC').slice(0, 200),
          bytes: req.file.buffer,
          hash: createHash('sha256').update(req.file.buffer).digest('hex'),
        });
        res.redirect(`/provinces/${pv.id}/awards/imports/${id}`);
      } catch (e) {
        if (e instanceof UnreadableFileError) return badFile(e.message);
        throw e;
      }
    }),
  );

  async function renderPreview(res: Response, pv: ProvinceViewContext, batch: AwardBatch, extra: { status?: number; error?: string } = {}) {
    const [data, uploader] = await Promise.all([awardPreview(db, batch), db.user.findUnique({ where: { id: batch.userId }, select: { fullName: true } })]);
    res.status(extra.status ?? 200).render('province/register-preview', {
      title: `Xem trước nhập danh sách khen thưởng — ${batch.fileNames}`,
      pv,
      tab: 'register',
      batch,
      uploader: uploader?.fullName ?? '',
      ...data,
      summaryText: data.summary ? summaryText(data.summary) : '',
      labels: { kind: registerKindLabel, level: levelLabel, subject: (k: string) => (SUBJECT_KIND_LABELS as Record<string, string>)[k] ?? k },
      error: extra.error ?? '',
    });
  }

  // GET /provinces/:provinceId/awards/imports/:id — the preview: the awards of the file, or every error with its sheet, row and column
  r.get(
    '/provinces/:provinceId/awards/imports/:id',
    route(async (req, res) => {
      const { pv, batch } = await batchOf(req);
      await renderPreview(res, pv, batch);
    }),
  );

  // POST /provinces/:provinceId/awards/imports/:id/confirm — writes the awards not yet in the register, in one transaction
  r.post(
    '/provinces/:provinceId/awards/imports/:id/confirm',
    route(async (req, res) => {
      const { pv, batch } = await batchOf(req);
      return writeThenRedirect(
        req,
        res,
        async () => {
          const summary = await confirmAwardImport(db, actor(req), batch);
          const year = summary.years.length === 1 ? summary.years[0] : 'all';
          return { flash: summaryText(summary), to: `/provinces/${pv.id}/awards?year=${year}&source=IMPORT` };
        },
        async (e) => {
          const fresh = (await findAwardBatch(db, pv.id, batch.id)) ?? batch;
          return renderPreview(res, pv, fresh, { status: e.status, error: e.message });
        },
      );
    }),
  );

  // POST /provinces/:provinceId/awards/imports/:id/discard — the preview is dropped; nothing written
  r.post(
    '/provinces/:provinceId/awards/imports/:id/discard',
    route(async (req, res) => {
      const { pv, batch } = await batchOf(req);
      return writeThenRedirect(
        req,
        res,
        async () => {
          await discardAwardImport(db, actor(req), batch);
          return { flash: 'Đã hủy bản nhập; không có khen thưởng nào được ghi.', to: `/provinces/${pv.id}/awards/import` };
        },
        async (e) => renderPreview(res, pv, (await findAwardBatch(db, pv.id, batch.id)) ?? batch, { status: e.status, error: e.message }),
      );
    }),
  );

  // GET /provinces/:provinceId/awards/statistics?year=&from=&to= — counts and shares by award, level, year, bloc, agency kind; proposals and quotas
  r.get(
    '/provinces/:provinceId/awards/statistics',
    route(async (req, res) => {
      const q = parse(statisticsQuery, req.query);
      const pv = await loadProvinceView(db, req, q.year);
      const stats = await awardStatistics(db, pv.id, q.year, q.from, q.to);
      res.render('province/statistics', {
        title: `Thống kê khen thưởng năm ${q.year} — tỉnh ${pv.name}`,
        pv,
        tab: 'statistics',
        stats,
        shareText,
        exportHref: `/provinces/${pv.id}/awards/statistics.xlsx?year=${q.year}&from=${q.from}&to=${q.to}`,
        years: Array.from({ length: 12 }, (_, i) => new Date().getFullYear() + 1 - i),
      });
    }),
  );

  // GET /provinces/:provinceId/awards/statistics.xlsx?year=&from=&to= — the same tables, one sheet each (numbers, percentage cells)
  r.get(
    '/provinces/:provinceId/awards/statistics.xlsx',
    route(async (req, res) => {
      const q = parse(statisticsQuery, req.query);
      const pv = await loadProvinceView(db, req, q.year);
      const stats = await awardStatistics(db, pv.id, q.year, q.from, q.to);
      const bytes = await statisticsWorkbook(stats, pv.name);
      res.setHeader('Content-Type', XLSX_MIME);
      const name = `Thống kê khen thưởng ${pv.name} ${q.year}.xlsx`;
      res.setHeader('Content-Disposition', contentDisposition(name).replace(/filename="[^"]*"/, `filename="thong-ke-khen-thuong-${slug(pv.name)}-${q.year}.xlsx"`));
      res.send(bytes);
    }),
  );

  return r;
}
