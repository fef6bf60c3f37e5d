import type { Request } from 'express';
import type { Db } from '../../db/client';
import type { Principal } from '../../auth/principal';
import { agencyWhere } from '../../auth/scope';
import { ForbiddenError, NotFoundError } from '../../http/errors';
import { authorize } from '../../http/guards';
import { pageOf, PAGE_SIZE, type Page } from '../../http/pagination';
import { versionAt } from '../../domain/versions';
import { searchKeyFilter } from '../../db/search-keys';

export type AgencyListItem = { id: number; name: string; parentBody: string; provinceName: string; kind: string; blocCount: number };

// GET /agencies: 3 queries whatever the number of agencies.
export async function listAgencies(db: Db, p: Principal, page: number, q: string): Promise<Page<AgencyListItem>> {
  // any version: an agency renamed in the 2025 reorganisation is still found by its former name
  const key = await searchKeyFilter(db, 'AgencyVersion', q);
  const where = { AND: [agencyWhere(p), key ? { versions: { some: { searchKey: key } } } : {}] };
  const [total, rows] = await Promise.all([
    db.agency.count({ where }),
    db.agency.findMany({
      where,
      orderBy: [{ provinceId: 'asc' }, { id: 'asc' }],
      skip: (page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      include: {
        province: { select: { name: true } },
        versions: { select: { name: true, parentBody: true, validFrom: true, validTo: true } },
      },
    }),
  ]);
  const now = new Date();
  const items = rows.map((a) => {
    const v = versionAt(a.versions, now);
    return { id: a.id, name: v?.name ?? a.code, parentBody: v?.parentBody ?? '', provinceName: a.province.name, kind: a.kind, blocCount: 0 };
  });
  return pageOf(items, total, page);
}

export async function agencyPage(db: Db, req: Request, id: number) {
  const p = req.user as Principal;
  const agency = await db.agency.findFirst({
    where: { AND: [{ id }, agencyWhere(p)] },
    include: {
      province: true,
      versions: { orderBy: { validFrom: 'asc' } },
      predecessorOf: { include: { successor: { include: { versions: true } } } },
      successorOf: { include: { predecessor: { include: { versions: true } } } },
      flags: { orderBy: { fromDate: 'desc' } },
    },
  });
  if (!agency) {
    if (await db.agency.count({ where: { id } })) throw new ForbiddenError('Bạn không có quyền xem đơn vị này.');
    throw new NotFoundError('Không tìm thấy đơn vị.');
  }
  // Every bloc-year the agency was a member of, with the bloc name and that year's head.
  const memberships = await db.membership.findMany({
    where: { agencyId: agency.id },
    orderBy: { blocYear: { year: 'desc' } },
    select: {
      agencyVersion: { select: { name: true } },
      blocYear: {
        select: {
          id: true,
          year: true,
          phase: true,
          headAgencyId: true,
          deputyAgencyId: true,
          bloc: { select: { id: true, provinceId: true, versions: { select: { name: true, validFrom: true, validTo: true } } } },
          memberships: { select: { agencyId: true } },
        },
      },
    },
  });
  const fellowIds = [...new Set(memberships.flatMap((m) => m.blocYear.memberships.map((x) => x.agencyId)))];
  // A regional office may sit in one province and be a member of a bloc of another: the board of
  // either province may see it.
  const provinces = [agency.provinceId, ...memberships.map((m) => m.blocYear.bloc.provinceId)];
  const provinceId = provinces.find((id) => p.boardProvinceIds.includes(id)) ?? agency.provinceId;
  authorize(req, 'agency.view', { provinceId, agencyId: agency.id, memberAgencyIds: fellowIds });
  const isBoardOrAdmin = p.isAdmin || p.boardProvinceIds.includes(provinceId);
  return {
    agency,
    currentName: versionAt(agency.versions, new Date())?.name ?? agency.code,
    memberships: memberships.map((m) => ({
      year: m.blocYear.year,
      phase: m.blocYear.phase,
      nameThatYear: m.agencyVersion.name,
      blocId: m.blocYear.bloc.id,
      blocName: versionAt(m.blocYear.bloc.versions, new Date(Date.UTC(m.blocYear.year, 6, 1)))?.name ?? '',
      role: m.blocYear.headAgencyId === agency.id ? 'Khối trưởng' : m.blocYear.deputyAgencyId === agency.id ? 'Khối phó' : 'Thành viên',
    })),
    showFlags: isBoardOrAdmin || p.agencyIds.includes(agency.id),
  };
}
