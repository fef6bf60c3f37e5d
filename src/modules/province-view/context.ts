// The province view (the board's pages across the blocs of its province): who may open it and the
// tabs every page of it shows, from one list so every page is one click from the others.
import type { Request } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/client';
import type { Period } from '../../domain/enums';
import { can } from '../../auth/permissions';
import { principal } from '../../http/guards';
import { parse, idField } from '../../http/validate';
import { ForbiddenError, NotFoundError } from '../../http/errors';

export type ProvinceTab = { key: string; label: string; href: string };

/** The tabs of the province view, in the order a board works through them. */
export function provinceTabs(provinceId: number, year: number): ProvinceTab[] {
  const p = `/provinces/${provinceId}`;
  return [
    { key: 'dashboard', label: 'Tổng quan các khối', href: `${p}/dashboard?year=${year}` },
    { key: 'results', label: 'Kết quả, xếp hạng', href: `${p}/results?year=${year}` },
    { key: 'proposals', label: 'Đề nghị khen thưởng', href: `${p}/proposals?year=${year}` },
    { key: 'register', label: 'Sổ khen thưởng', href: `${p}/awards?year=${year}` },
    { key: 'statistics', label: 'Thống kê khen thưởng', href: `${p}/awards/statistics?year=${year}` },
    { key: 'rules', label: 'Quy định', href: `${p}/rules?year=${year}` },
    { key: 'template', label: 'Bảng tiêu chí mẫu', href: `${p}/criteria-template` },
  ];
}

const provinceParams = z.object({ provinceId: idField('Mã tỉnh không hợp lệ.') });

export type ProvinceViewContext = { id: number; name: string; tabs: ProvinceTab[]; year: number };

/** The province asked for, once the signed-in user may view it (403 before any data is read). */
function allowedProvinceId(req: Request): number {
  const { provinceId } = parse(provinceParams, req.params);
  if (!can(principal(req), 'province.view', { provinceId })) {
    // an unknown id and a forbidden one look the same to whoever may not see the province
    throw new ForbiddenError('Chỉ Ban Thi đua – Khen thưởng của tỉnh và quản trị hệ thống mới xem được trang này.');
  }
  return provinceId;
}

const notFound = () => new NotFoundError('Không tìm thấy tỉnh.');

/**
 * The province of `/provinces/:provinceId/...` for its board or the admin: 404 when there is none,
 * 403 for anyone else (another province's board, unit officers, heads) — before any data is read.
 */
export async function loadProvinceView(db: Db, req: Request, year: number): Promise<ProvinceViewContext> {
  const provinceId = allowedProvinceId(req);
  const province = await db.province.findUnique({ where: { id: provinceId }, select: { id: true, name: true } });
  if (!province) throw notFound();
  return { ...province, year, tabs: provinceTabs(province.id, year) };
}

export type ProvinceYears = {
  pv: ProvinceViewContext;
  /** The years the province has bloc-years in, latest first. */
  years: number[];
  /** The latest year in which a bloc of the province froze its review of each period. */
  latestFrozen: Record<Period, number | null>;
};

type YearRow = { id: unknown; name: string; year: unknown; frozenKind: string | null };

/**
 * loadProvinceView and the province's years (with the years a review was frozen) in one query, for
 * the pages with a select of years: the same 403 before any data, the same 404.
 */
export async function loadProvinceYears(db: Db, req: Request, year: number): Promise<ProvinceYears> {
  const provinceId = allowedProvinceId(req);
  // one row per year and kind of frozen review (a handful), or one row of nulls for a province with no bloc-year
  const rows = await db.$queryRaw<YearRow[]>`
    SELECT p."id" AS "id", p."name" AS "name", y."year" AS "year", r."kind" AS "frozenKind"
    FROM "Province" p
    LEFT JOIN "Bloc" b ON b."provinceId" = p."id"
    LEFT JOIN "BlocYear" y ON y."blocId" = b."id"
    LEFT JOIN "Review" r ON r."blocYearId" = y."id" AND r."frozenAt" IS NOT NULL
    WHERE p."id" = ${provinceId}
    GROUP BY p."id", p."name", y."year", r."kind"`;
  const first = rows[0];
  if (!first) throw notFound();
  const id = Number(first.id);
  const withYear = rows.filter((r) => r.year !== null && r.year !== undefined);
  const years = [...new Set(withYear.map((r) => Number(r.year)))].sort((a, b) => b - a);
  const latest = (kind: Period) => {
    const frozen = withYear.filter((r) => r.frozenKind === kind).map((r) => Number(r.year));
    return frozen.length ? Math.max(...frozen) : null;
  };
  return { pv: { id, name: first.name, year, tabs: provinceTabs(id, year) }, years, latestFrozen: { MID_YEAR: latest('MID_YEAR'), YEAR_END: latest('YEAR_END') } };
}
