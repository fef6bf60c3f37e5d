// The board's results across the blocs of its province, and the trends of a unit and of a bloc.
// Board of the province and the admin only (loadProvinceView: 403 for anyone else, before any data).
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { PERIOD_LABELS } from '../../domain/enums';
import { requireLogin, route } from '../../http/guards';
import { idField, parse } from '../../http/validate';
import { loadProvinceView, loadProvinceYears, provinceTabs } from './context';
import { periodQuery, resultsPage, resultsQuery } from './results';
import { blocTrend, unitTrend } from './trends';

const unitParams = z.object({ provinceId: idField('Mã tỉnh không hợp lệ.'), agencyId: idField('Mã đơn vị không hợp lệ.') });
const blocParams = z.object({ provinceId: idField('Mã tỉnh không hợp lệ.'), blocId: idField('Mã khối không hợp lệ.') });

/** What the review of a period is called on these pages. */
export const REVIEW_LABELS = { MID_YEAR: 'Sơ kết 6 tháng', YEAR_END: 'Tổng kết năm' } as const;

export function provinceResultsRoutes(db: Db): Router {
  const r = Router();
  r.use('/provinces', requireLogin);

  // GET /provinces/:provinceId/results?year=&period=&bloc=&q=&page= — every unit with bloc, final score, band, rank; each bloc's distribution
  r.get(
    '/provinces/:provinceId/results',
    route(async (req, res) => {
      const { pv, years, latestFrozen: frozen } = await loadProvinceYears(db, req, new Date().getFullYear());
      const input = parse(resultsQuery, req.query);
      const latestFrozen = frozen[input.period];
      // no year asked: the latest year a bloc has frozen this review, else the latest year of the province
      const year = input.year ?? latestFrozen ?? years[0] ?? pv.year;
      const view = { ...pv, year, tabs: provinceTabs(pv.id, year) };
      const data = await resultsPage(db, pv.id, year, input);
      res.render('province/results', {
        title: `Kết quả, xếp hạng năm ${year} — tỉnh ${pv.name}`,
        pv: view,
        years: years.includes(year) ? years : [year, ...years].sort((a, b) => b - a),
        q: input.q,
        reviewLabels: REVIEW_LABELS,
        periodLabels: PERIOD_LABELS,
        ...data,
      });
    }),
  );

  // GET /provinces/:provinceId/units/:agencyId/trend — a unit's years (its predecessors' too): bloc, scores, ranks, groups
  r.get(
    '/provinces/:provinceId/units/:agencyId/trend',
    route(async (req, res) => {
      const pv = await loadProvinceView(db, req, new Date().getFullYear());
      const { agencyId } = parse(unitParams, req.params);
      const data = await unitTrend(db, pv.id, agencyId);
      const year = data.rows.at(-1)?.year ?? pv.year;
      res.render('province/trend-unit', {
        title: `Diễn biến kết quả — ${data.agency.name}`,
        pv: { ...pv, year, tabs: provinceTabs(pv.id, year) },
        reviewLabels: REVIEW_LABELS,
        ...data,
      });
    }),
  );

  // GET /provinces/:provinceId/blocs/:blocId/trend?period= — a bloc's years: members, min/median/max, band shares, leader
  r.get(
    '/provinces/:provinceId/blocs/:blocId/trend',
    route(async (req, res) => {
      const pv = await loadProvinceView(db, req, new Date().getFullYear());
      const { blocId } = parse(blocParams, req.params);
      const { period } = parse(periodQuery, req.query);
      const data = await blocTrend(db, pv.id, blocId, period);
      const year = data.rows.at(-1)?.year ?? pv.year;
      res.render('province/trend-bloc', {
        title: `Diễn biến kết quả — ${data.bloc.name}`,
        pv: { ...pv, year, tabs: provinceTabs(pv.id, year) },
        period,
        reviewLabels: REVIEW_LABELS,
        ...data,
      });
    }),
  );

  return r;
}
