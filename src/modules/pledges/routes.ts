// Pledge pages of a bloc-year (paths relative to /blocs/:blocId/years/:year).
import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/client';
import type { Config } from '../../config';
import { route } from '../../http/guards';
import { check, parse } from '../../http/validate';
import { flash } from '../../http/locals';
import { NotFoundError } from '../../http/errors';
import { canSignPledge } from '../../domain/phases';
import { loadYear, type YearContext } from '../years/context';
import { pledgeSchema, publishSchema, signSchema } from './schemas';
import * as svc from './service';

const actor = (req: Request, y: YearContext) => ({ userId: y.p.id, ip: req.ip ?? '' });

type Extra = { status?: number; fieldErrors?: Record<string, string>; values?: Record<string, unknown>; signValues?: Record<string, unknown> };

export function pledgeRoutes(db: Db, _config: Config): Router {
  const r = Router({ mergeParams: true });

  async function render(res: Response, y: YearContext, extra: Extra = {}) {
    const data = await svc.pledgePage(db, y);
    const published = Boolean(data.pledge?.publishedAt);
    const editable = !published && y.can('year.manage');
    res.status(extra.status ?? 200).render('pledge/index', {
      title: `Giao ước thi đua — ${y.blocName} ${y.blocYear.year}`,
      y,
      ...data,
      published,
      showText: published || svc.seesDraft(y),
      editable,
      publishable: editable && Boolean(data.pledge?.body.trim()) && canSignPledge(y.state),
      canSign: published && !data.mySignature && y.myAgencyId !== null && y.can('pledge.sign', y.myAgencyId) && canSignPledge(y.state),
      values: extra.values ?? {
        title: data.pledge?.title ?? `Giao ước thi đua năm ${y.blocYear.year}`,
        body: data.pledge?.body ?? '',
        targets: data.pledge?.targets ?? '',
      },
      stamp: data.pledge ? String(data.pledge.updatedAt.getTime()) : '',
      signValues: extra.signValues ?? {},
      fieldErrors: extra.fieldErrors ?? {},
    });
  }

  // GET /pledge — the year's pledge, who has signed and who has not; the head's editor before publishing
  r.get(
    '/pledge',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      await render(res, y);
    }),
  );

  // POST /pledge — the head creates or edits the pledge text (only while not published)
  r.post(
    '/pledge',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      y.authorize('year.manage');
      await svc.assertEditable(db, y);
      const input = check(pledgeSchema, req.body);
      if (!input.ok) return render(res, y, { status: 422, fieldErrors: input.errors, values: req.body });
      await svc.savePledge(db, y, actor(req, y), input.data);
      flash(req, 'success', 'Đã lưu nội dung giao ước thi đua.');
      res.redirect(`${y.base}/pledge`);
    }),
  );

  // POST /pledge/publish — the head publishes the pledge for the members to sign
  r.post(
    '/pledge/publish',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      y.authorize('year.manage');
      const { stamp } = parse(publishSchema, req.body);
      await svc.publishPledge(db, y, actor(req, y), stamp);
      flash(req, 'success', 'Đã công bố giao ước thi đua. Các đơn vị thành viên có thể ký.');
      res.redirect(`${y.base}/pledge`);
    }),
  );

  // POST /pledge/sign — the unit's officer signs the published pledge for the unit, once
  r.post(
    '/pledge/sign',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      const agencyId = svc.assertCanSign(y);
      await svc.assertSignable(db, y, agencyId);
      const input = check(signSchema, req.body);
      if (!input.ok) return render(res, y, { status: 422, fieldErrors: input.errors, signValues: req.body });
      await svc.signPledge(db, y, actor(req, y), input.data);
      flash(req, 'success', 'Đơn vị đã ký giao ước thi đua.');
      res.redirect(`${y.base}/pledge`);
    }),
  );

  // GET /pledge/print — the pledge as a printable document with a signature block per member
  r.get(
    '/pledge/print',
    route(async (req, res) => {
      const y = await loadYear(db, req);
      const data = await svc.pledgePage(db, y);
      if (!data.pledge || (!data.pledge.publishedAt && !svc.seesDraft(y))) throw new NotFoundError('Khối chưa công bố giao ước thi đua năm này.');
      res.render('pledge/print', { title: `${data.pledge.title} — ${y.blocName}`, y, ...data, draft: !data.pledge.publishedAt, dated: data.pledge.publishedAt ?? new Date() });
    }),
  );

  return r;
}
