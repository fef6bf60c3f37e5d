// Read pages of the foundation: home, blocs (agencies: agencies/routes.ts; accounts and the audit log: users/routes.ts).
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db/client';
import { requireLogin, principal, route, authorize } from '../http/guards';
import { parse, idField } from '../http/validate';
import { listQuerySchema } from '../http/pagination';
import { listBlocs, blocPage } from './blocs/service';
import { unitTasks, boardSummary, adminSummary, currentYears } from './home/service';

const idParam = z.object({ id: idField('Mã không hợp lệ.') });
const yearQuery = z.object({
  year: z.coerce.number({ error: 'Năm không hợp lệ.' }).int('Năm không hợp lệ.').min(2000, 'Năm không hợp lệ.').max(2100, 'Năm không hợp lệ.').optional(),
});

export function pageRoutes(db: Db): Router {
  const r = Router();
  r.use(requireLogin);

  // GET / — home: what I must do next, per role
  r.get(
    '/',
    route(async (req, res) => {
      const p = principal(req);
      const [tasks, board, admin, current] = await Promise.all([unitTasks(db, p), boardSummary(db, p), p.isAdmin ? adminSummary(db) : null, currentYears(db, p)]);
      res.render('home/index', { title: 'Trang chủ', tasks, board, admin, current });
    }),
  );

  // GET /blocs — blocs I may see (paginated, searchable)
  r.get(
    '/blocs',
    route(async (req, res) => {
      const p = authorize(req, 'bloc.list');
      const { page, q } = parse(listQuerySchema, req.query);
      res.render('blocs/index', { title: 'Khối thi đua', list: await listBlocs(db, p, page, q), q });
    }),
  );

  // GET /blocs/:id?year=YYYY — a bloc: its years, head and deputy, the members of the year shown
  r.get(
    '/blocs/:id',
    route(async (req, res) => {
      const { id } = parse(idParam, req.params);
      const { year } = parse(yearQuery, req.query);
      const data = await blocPage(db, req, id, year);
      res.render('blocs/show', { title: data.name, ...data });
    }),
  );

  return r;
}
