// Closing the year and the handover (paths relative to /blocs/:blocId/years/:year).
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/client';
import type { Config } from '../../config';
import { route, writeThenRedirect } from '../../http/guards';
import { check, idField } from '../../http/validate';
import { loadYear, type YearContext } from '../years/context';
import * as svc from './service';

const optionalId = (msg: string) => z.preprocess((v) => (v === '' || v === undefined ? undefined : v), idField(msg).optional());
const handoverSchema = z.object({
  method: z.enum(['ROTATION', 'AGREED'], { error: 'Chọn cách xác định Khối trưởng năm sau.' }),
  headId: optionalId('Khối trưởng năm sau không hợp lệ.'),
  deputyId: optionalId('Khối phó năm sau không hợp lệ.'),
});
const closeSchema = z.object({ confirm: z.literal('yes', { error: 'Đánh dấu xác nhận khóa sổ trước khi khóa.' }) });
const reopenSchema = z.object({ reason: z.string({ error: 'Cần nêu lý do mở lại (ít nhất 10 ký tự).' }).trim().min(10, 'Cần nêu lý do mở lại (ít nhất 10 ký tự).').max(1000, 'Lý do tối đa 1.000 ký tự.') });
const actor = (req: Request, y: YearContext) => ({ userId: y.p.id, ip: req.ip ?? '' });

type Extra = { status?: number; error?: string; fieldErrors?: Record<string, string>; values?: Record<string, unknown> };

export function closingRoutes(db: Db, _config: Config): Router {
  const r = Router({ mergeParams: true });

  async function render(res: Response, y: YearContext, extra: Extra = {}) {
    const [preview, rotation] = await Promise.all([svc.closePreview(db, y), svc.rotationProposal(db, y)]);
    res.status(extra.status ?? 200).render('closing/index', {
      title: `Khóa sổ, chuyển giao — ${y.blocName} ${y.blocYear.year}`,
      y,
      preview,
      rotation,
      canHandover: y.can('year.close') && y.state.phase === 'YEAR_END_REVIEW',
      canClose: y.can('year.close') && y.state.phase === 'YEAR_END_REVIEW',
      canReopen: y.can('year.reopen') && y.state.phase === 'CLOSED',
      error: extra.error ?? '',
      fieldErrors: extra.fieldErrors ?? {},
      values: extra.values ?? {},
    });
  }

  const attempt = (req: Request, res: Response, y: YearContext, write: () => Promise<{ flash: string; to: string }>) =>
    writeThenRedirect(req, res, write, (e) => render(res, y, { status: e.status, error: e.message, fieldErrors: e.fieldErrors, values: req.body }));

  // GET /closing — next year's head and deputy, what closing locks and what stands in the way; the board's reopen
  r.get('/closing', route(async (req, res) => render(res, await loadYear(db, req))));

  // POST /closing/handover — the head records next year's head and deputy (rotation or agreed at the conference)
  r.post(
    '/closing/handover',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      y.authorize('year.close');
      const input = check(handoverSchema, req.body);
      if (!input.ok) return render(res, y, { status: 422, error: Object.values(input.errors)[0], fieldErrors: input.errors, values: req.body });
      return attempt(req, res, y, async () => ({ flash: await svc.setHandover(db, y, actor(req, y), input.data), to: `${y.base}/closing` }));
    }),
  );

  // POST /closing/close — the head closes the year (after confirming) and next year is created
  r.post(
    '/closing/close',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      y.authorize('year.close');
      const input = check(closeSchema, req.body);
      if (!input.ok) return render(res, y, { status: 422, error: Object.values(input.errors)[0], fieldErrors: input.errors });
      return attempt(req, res, y, async () => {
        const out = await svc.closeYear(db, y, actor(req, y));
        return {
          flash: `Đã khóa sổ năm ${y.blocYear.year}.` + (out.created ? ` Năm ${out.nextYear} đã được tạo với Khối trưởng, Khối phó mới; quyền điều hành chuyển sang đơn vị Khối trưởng mới.` : ''),
          to: `${y.base}/closing`,
        };
      });
    }),
  );

  // POST /closing/reopen — a board member reopens a closed year with a reason (audit-logged)
  r.post(
    '/closing/reopen',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      y.authorize('year.reopen');
      const input = check(reopenSchema, req.body);
      if (!input.ok) return render(res, y, { status: 422, error: Object.values(input.errors)[0], fieldErrors: input.errors, values: req.body });
      return attempt(req, res, y, async () => {
        await svc.reopenYear(db, y, actor(req, y), input.data.reason);
        return { flash: `Đã mở lại năm ${y.blocYear.year} về giai đoạn tổng kết năm.`, to: `${y.base}/closing` };
      });
    }),
  );

  return r;
}
