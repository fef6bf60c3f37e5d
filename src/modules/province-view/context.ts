// The province view (the board's pages across the blocs of its province): who may open it and the
// tabs every page of it shows, from one list so every page is one click from the others.
import type { Request } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/client';
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

/**
 * The province of `/provinces/:provinceId/...` for its board or the admin: 404 when there is none,
 * 403 for anyone else (another province's board, unit officers, heads) — before any data is read.
 */
export async function loadProvinceView(db: Db, req: Request, year: number): Promise<ProvinceViewContext> {
  const { provinceId } = parse(provinceParams, req.params);
  const p = principal(req);
  if (!can(p, 'province.view', { provinceId })) {
    // an unknown id and a forbidden one look the same to whoever may not see the province
    throw new ForbiddenError('Chỉ Ban Thi đua – Khen thưởng của tỉnh và quản trị hệ thống mới xem được trang này.');
  }
  const province = await db.province.findUnique({ where: { id: provinceId }, select: { id: true, name: true } });
  if (!province) throw new NotFoundError('Không tìm thấy tỉnh.');
  return { ...province, year, tabs: provinceTabs(province.id, year) };
}
