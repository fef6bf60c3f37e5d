import { Router, type Request, type Response } from 'express';
import multer from 'multer';
import { z } from 'zod';
import type { Db } from '../../db/client';
import type { Config } from '../../config';
import { route } from '../../http/guards';
import { idField, parse } from '../../http/validate';
import { flash } from '../../http/locals';
import { verifyCsrf } from '../../http/csrf';
import { AppError, ForbiddenError, ValidationError } from '../../http/errors';
import { PERIODS, type Period } from '../../domain/enums';
import { canSelfScore, canReview } from '../../domain/phases';
import { loadYear, type YearContext } from '../years/context';
import { checkEvidenceType, cleanFileName, contentDisposition, storedPath, ACCEPT_ATTR, ALLOWED_TYPES_TEXT } from './files';
import * as svc from './service';
import { consequencesFor } from '../awards/service';
import { namesList, parseBulkPicks } from '../../http/bulk';

const agencyParam = z.object({ agencyId: idField('Mã đơn vị không hợp lệ.') });
const criterionParam = agencyParam.extend({ criterionId: idField('Mã tiêu chí không hợp lệ.') });
const idParam = (name: string) => z.object({ [name]: idField('Mã không hợp lệ.') });
const periodQuery = z.object({ period: z.enum(PERIODS, { error: 'Kỳ chấm điểm không hợp lệ.' }).optional() });
const appealSchema = z.object({
  reason: z.string({ error: 'Cần ghi lý do khiếu nại.' }).trim().min(10, 'Lý do khiếu nại cần ít nhất 10 ký tự.').max(2000, 'Lý do tối đa 2.000 ký tự.'),
  evidenceText: z.string({ error: 'Minh chứng không hợp lệ.' }).trim().max(5000, 'Minh chứng tối đa 5.000 ký tự.').default(''),
  period: z.enum(PERIODS, { error: 'Kỳ chấm điểm không hợp lệ.' }),
});
const resolveSchema = z.object({
  outcome: z.enum(['UPHELD', 'REJECTED'], { error: 'Cần chọn kết quả giải quyết.' }),
  score: z.string({ error: 'Điểm không hợp lệ.' }).max(20, 'Điểm phải là số, tối đa hai chữ số thập phân (ví dụ 9,5).').default(''),
  resolution: z.string({ error: 'Cần ghi nội dung giải quyết.' }).trim().min(5, 'Cần ghi nội dung giải quyết (ít nhất 5 ký tự).').max(2000, 'Tối đa 2.000 ký tự.'),
});

const actor = (req: Request, y: YearContext) => ({ userId: y.p.id, ip: req.ip ?? '' });
const sheetUrl = (y: YearContext, agencyId: number, period: Period) => `${y.base}/scores/${agencyId}?period=${period}`;

export function scoringRoutes(db: Db, config: Config): Router {
  const r = Router({ mergeParams: true });
  const maxBytes = config.UPLOAD_MAX_MB * 1024 * 1024;
  const upload = multer({ storage: multer.memoryStorage(), defParamCharset: 'utf8', limits: { fileSize: maxBytes, files: 1, fields: 5, fieldSize: 10_000 } });

  async function renderSheet(req: Request, res: Response, y: YearContext, agencyId: number, period: Period, extra: { status?: number; fieldErrors?: Record<string, string>; values?: Record<string, unknown>; error?: string } = {}) {
    const member = y.members.find((m) => m.agencyId === agencyId);
    if (!member) throw new AppError(404, 'Đơn vị không phải thành viên của khối trong năm này.');
    if (!svc.canSeeSheet(y, agencyId)) {
      throw new ForbiddenError('Chỉ đơn vị, Khối trưởng và Ban Thi đua – Khen thưởng được xem bảng điểm này.');
    }
    const data = await svc.loadSheet(db, y, agencyId, period);
    const editable = y.can('score.self', agencyId) && canSelfScore(y.state, period, data.status);
    const reviewable = y.can('score.review', agencyId) && canReview(y.state, period) && data.status === 'SUBMITTED';
    // A year-end sheet never saved starts from the unit's mid-year entries (initial values only).
    const prefill = editable && period === 'YEAR_END' && !data.sheet && !extra.values ? await svc.midYearPrefill(db, y, agencyId, data.criteria.map((c) => c.id)) : null;
    const appealable = y.can('score.appeal', agencyId) && data.status === 'ACCEPTED' && Boolean(y.blocYear.appealUntil);
    // before "Gửi bảng điểm": what sending late, the unsigned pledge or a flag will cost the unit
    const lost = editable ? await consequencesFor(db, y) : null;
    res.status(extra.status ?? 200).render('scoring/sheet', {
      title: `Bảng điểm — ${member.name}`,
      y,
      member,
      period,
      ...data,
      editable,
      reviewable,
      appealable,
      acceptAttr: ACCEPT_ATTR,
      allowedTypes: ALLOWED_TYPES_TEXT,
      maxMb: config.UPLOAD_MAX_MB,
      fieldErrors: extra.fieldErrors ?? {},
      values: extra.values ?? prefill,
      prefilled: Boolean(prefill),
      reviewNote: data.status === 'SUBMITTED' && !reviewable ? svc.reviewerNote(y, agencyId) : null,
      error: extra.error,
      consequences: lost ? [...(lost.lateSheet ? [lost.lateSheet] : []), ...(lost.byUnit.get(agencyId) ?? [])] : [],
    });
  }

  // GET /scores — the head, board, admin: every member's sheet side by side; a unit: its own sheet
  r.get(
    '/scores',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      const { period = y.period } = parse(periodQuery, req.query);
      if (!y.oversees) {
        if (!y.myAgencyId) throw new ForbiddenError();
        return res.redirect(sheetUrl(y, y.myAgencyId, period));
      }
      const data = await svc.sheetsOverview(db, y, period);
      res.render('scoring/overview', { title: `Chấm điểm — ${y.blocName} ${y.blocYear.year}`, y, period, ...data, reviewOpen: canReview(y.state, period) });
    }),
  );

  // GET /scores/:agencyId?period= — one unit's sheet: the unit self-scores, the head reviews
  r.get(
    '/scores/:agencyId',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      const { agencyId } = parse(agencyParam, req.params);
      const { period = y.period } = parse(periodQuery, req.query);
      await renderSheet(req, res, y, agencyId, period);
    }),
  );

  // POST /scores/accept — the reviewer accepts the ticked sent sheets without changes at once (one changed since the list was loaded is skipped and named)
  r.post(
    '/scores/accept',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      y.authorize('score.review');
      const { period } = parse(z.object({ period: z.enum(PERIODS, { error: 'Kỳ chấm điểm không hợp lệ.' }) }), req.body);
      const picks = parseBulkPicks(req.body, 'Chưa chọn bảng điểm nào: đánh dấu các bảng điểm cần chấp nhận.');
      const { accepted, skipped } = await svc.acceptSheets(db, y, actor(req, y), period, picks);
      if (accepted.length) flash(req, 'success', `Đã chấp nhận ${accepted.length} bảng điểm: ${namesList(accepted.map((m) => m.name))}.`);
      if (skipped.length) {
        flash(req, 'warning', `Chưa chấp nhận ${skipped.length} bảng điểm vừa được thay đổi sau khi tải trang: ${namesList(skipped.map((m) => m.name))}. Vui lòng xem lại từng bảng.`);
      }
      res.redirect(`${y.base}/scores?period=${period}`);
    }),
  );

  // POST /scores/:agencyId — the unit saves its self scores (action=save) or sends them (action=submit)
  r.post(
    '/scores/:agencyId',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      const { agencyId } = parse(agencyParam, req.params);
      const { period } = parse(z.object({ period: z.enum(PERIODS, { error: 'Kỳ chấm điểm không hợp lệ.' }) }), req.body);
      const submit = req.body.action === 'submit';
      try {
        await svc.saveSelfScores(db, y, actor(req, y), agencyId, period, req.body, submit);
      } catch (e) {
        if (e instanceof ValidationError) return renderSheet(req, res, y, agencyId, period, { status: 422, fieldErrors: e.fieldErrors, values: req.body, error: e.message });
        throw e;
      }
      flash(req, 'success', submit ? 'Đã gửi bảng điểm tới Khối trưởng để thẩm định.' : 'Đã lưu bản nháp bảng điểm.');
      res.redirect(sheetUrl(y, agencyId, period));
    }),
  );

  // POST /scores/:agencyId/review — the head saves reviewed scores, returns the sheet, or accepts it
  r.post(
    '/scores/:agencyId/review',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      const { agencyId } = parse(agencyParam, req.params);
      const { period, action } = parse(
        z.object({ period: z.enum(PERIODS, { error: 'Kỳ chấm điểm không hợp lệ.' }), action: z.enum(['save', 'return', 'accept'], { error: 'Thao tác không hợp lệ.' }) }),
        req.body,
      );
      try {
        await svc.reviewSheet(db, y, actor(req, y), agencyId, period, req.body, action);
      } catch (e) {
        if (e instanceof ValidationError) return renderSheet(req, res, y, agencyId, period, { status: 422, fieldErrors: e.fieldErrors, values: req.body, error: e.message });
        throw e;
      }
      const done = { save: 'Đã lưu điểm thẩm định.', return: 'Đã trả lại bảng điểm cho đơn vị.', accept: 'Đã chấp nhận bảng điểm.' }[action];
      flash(req, 'success', done);
      // the deputy reviewing the head's unit has no overview: back to the sheet
      res.redirect(action === 'save' || !y.oversees ? sheetUrl(y, agencyId, period) : `${y.base}/scores?period=${period}`);
    }),
  );

  // POST /scores/:agencyId/entries/:criterionId/files — the unit attaches an evidence file (multipart)
  r.post(
    '/scores/:agencyId/entries/:criterionId/files',
    (req, res, next) => {
      upload.single('file')(req, res, (err: unknown) => {
        if (err instanceof multer.MulterError) {
          const msg = err.code === 'LIMIT_FILE_SIZE' ? `Tệp quá lớn: tối đa ${config.UPLOAD_MAX_MB} MB.` : 'Tệp gửi lên không hợp lệ.';
          return next(new AppError(err.code === 'LIMIT_FILE_SIZE' ? 413 : 400, msg));
        }
        next(err);
      });
    },
    route(async (req, res) => {
      verifyCsrf(req);
      const y = await loadYear(db, req);
      const { agencyId, criterionId } = parse(criterionParam, req.params);
      const { period } = parse(z.object({ period: z.enum(PERIODS, { error: 'Kỳ chấm điểm không hợp lệ.' }) }), req.body);
      y.authorize('score.self', agencyId);
      if (!req.file) throw new ValidationError({ file: 'Cần chọn tệp minh chứng.' }, 'Cần chọn tệp minh chứng.');
      const originalName = cleanFileName(req.file.originalname);
      const mimeType = checkEvidenceType(originalName, req.file.mimetype, req.file.buffer.subarray(0, 16));
      const fileId = await svc.addEvidence(db, y, actor(req, y), agencyId, criterionId, period, { originalName, mimeType, data: req.file.buffer }, config.UPLOAD_DIR);
      const message = `Đã đính kèm tệp "${originalName}".`;
      // sheet.js uploads in place so the scores typed but not yet saved stay in the page; a plain
      // form post (no script) still gets the redirect below.
      if (req.accepts(['html', 'json']) === 'json') {
        // The first file of a never-saved sheet creates the sheet (version 1) under a form still at
        // version 0, whose next save would then be refused as a conflict. When the sheet holds no
        // score and no evidence text, nobody's work can be overwritten: the page may take its version.
        const sheet = await db.scoreSheet.findUnique({
          where: { blocYearId_agencyId_period: { blocYearId: y.blocYear.id, agencyId, period } },
          select: { version: true, entries: { where: { OR: [{ selfCenti: { not: null } }, { evidenceText: { not: '' } }] }, select: { id: true }, take: 1 } },
        });
        return res.status(201).json({
          message,
          sheet: sheet ? { version: sheet.version, blank: sheet.entries.length === 0 } : null,
          file: { id: fileId, name: originalName, sizeBytes: req.file.buffer.length, url: `${y.base}/files/${fileId}`, deleteUrl: `${y.base}/files/${fileId}/delete` },
        });
      }
      flash(req, 'success', message);
      res.redirect(`${sheetUrl(y, agencyId, period)}#c-${criterionId}`);
    }),
  );

  // GET /files/:fileId — download an evidence file (the unit, the head, the board, admin)
  r.get(
    '/files/:fileId',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      const { fileId } = parse(idParam('fileId'), req.params) as { fileId: number };
      const file = await svc.evidenceForDownload(db, y, fileId);
      res.setHeader('Content-Type', file.mimeType);
      res.setHeader('Content-Disposition', contentDisposition(file.originalName));
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Cache-Control', 'private, no-store');
      res.sendFile(storedPath(config.UPLOAD_DIR, file.storedName), { root: undefined }, (err) => {
        if (err && !res.headersSent) res.status(404).type('text/plain; charset=utf-8').send('Không tìm thấy tệp trên máy chủ.');
      });
    }),
  );

  // POST /files/:fileId/delete — the unit removes one of its evidence files while the sheet is editable
  r.post(
    '/files/:fileId/delete',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      const { fileId } = parse(idParam('fileId'), req.params) as { fileId: number };
      const { agencyId, period } = await svc.deleteEvidence(db, y, actor(req, y), fileId);
      flash(req, 'success', 'Đã xóa tệp minh chứng.');
      res.redirect(sheetUrl(y, agencyId, period));
    }),
  );

  // POST /scores/:agencyId/entries/:criterionId/appeal — the unit appeals one reviewed score
  r.post(
    '/scores/:agencyId/entries/:criterionId/appeal',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      const { agencyId, criterionId } = parse(criterionParam, req.params);
      const input = parse(appealSchema, req.body);
      await svc.fileAppeal(db, y, actor(req, y), agencyId, criterionId, input.period, input, config.now());
      flash(req, 'success', 'Đã gửi khiếu nại tới Khối trưởng.');
      res.redirect(sheetUrl(y, agencyId, input.period));
    }),
  );

  // POST /appeals/:appealId/resolve — the head upholds (with the new score) or rejects an appeal
  r.post(
    '/appeals/:appealId/resolve',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      const { appealId } = parse(idParam('appealId'), req.params) as { appealId: number };
      y.authorize('score.review'); // a refusal says 403 whatever the form holds
      y.authorize('score.review', await svc.appealAgencyId(db, y, appealId)); // never on one's own unit's appeal
      const input = parse(resolveSchema, req.body);
      await svc.resolveAppeal(db, y, actor(req, y), appealId, input);
      flash(req, 'success', 'Đã giải quyết khiếu nại.');
      res.redirect(req.body.back && typeof req.body.back === 'string' && req.body.back.startsWith(y.base) ? req.body.back : `${y.base}/scores`);
    }),
  );

  // GET /progress — who has registered, signed, submitted, been reviewed; deadlines passed
  r.get(
    '/progress',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      if (!y.oversees) {
        throw new ForbiddenError('Chỉ Khối trưởng và Ban Thi đua – Khen thưởng xem được tiến độ của khối.');
      }
      res.render('scoring/progress', { title: `Tiến độ — ${y.blocName} ${y.blocYear.year}`, y, ...(await svc.progress(db, y)) });
    }),
  );

  return r;
}
