import type { Db } from '../../db/client';
import type { Principal } from '../../auth/principal';
import { blocWhere } from '../../auth/scope';
import { ForbiddenError, NotFoundError } from '../../http/errors';
import { authorize } from '../../http/guards';
import { pageOf, PAGE_SIZE, type Page } from '../../http/pagination';
import { versionAt, midYear } from '../../domain/versions';
import { searchKeyFilter } from '../../db/search-keys';
import { can, type Scope } from '../../auth/permissions';
import type { Phase } from '../../domain/enums';
import { overseesYear } from '../years/context';
import { yearTabs } from '../years/tabs';
import type { Request } from 'express';

export type BlocListItem = {
  id: number;
  name: string;
  kind: string;
  provinceName: string;
  latestYear: number | null;
  latestPhase: string | null;
  headName: string | null;
  memberCount: number;
};

// GET /blocs: 4 queries whatever the number of blocs (count, blocs, versions, latest years with head).
export async function listBlocs(db: Db, p: Principal, page: number, q: string): Promise<Page<BlocListItem>> {
  // any version: a bloc is still found by the name it had before a kiện toàn renamed it
  const key = await searchKeyFilter(db, 'BlocVersion', q);
  const where = { AND: [blocWhere(p), key ? { versions: { some: { searchKey: key } } } : {}] };
  const [total, blocs] = await Promise.all([
    db.bloc.count({ where }),
    db.bloc.findMany({
      where,
      orderBy: [{ provinceId: 'asc' }, { id: 'asc' }],
      skip: (page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      include: {
        province: { select: { name: true } },
        versions: { select: { name: true, validFrom: true, validTo: true } },
        years: {
          orderBy: { year: 'desc' },
          take: 1,
          select: {
            year: true,
            phase: true,
            headAgencyId: true,
            _count: { select: { memberships: true } },
            memberships: { select: { agencyId: true, agencyVersion: { select: { name: true } } } },
          },
        },
      },
    }),
  ]);
  const now = new Date();
  const items = blocs.map((b) => {
    const y = b.years[0];
    const head = y?.memberships.find((m) => m.agencyId === y.headAgencyId);
    return {
      id: b.id,
      name: versionAt(b.versions, y ? midYear(y.year) : now)?.name ?? b.code,
      kind: b.kind,
      provinceName: b.province.name,
      latestYear: y?.year ?? null,
      latestPhase: y?.phase ?? null,
      headName: head?.agencyVersion.name ?? null,
      memberCount: y?._count.memberships ?? 0,
    };
  });
  return pageOf(items, total, page);
}

/** Throws 404 when the bloc does not exist, 403 when it exists but is outside the user's scope. */
async function scopedBlocOr403(db: Db, p: Principal, id: number) {
  const bloc = await db.bloc.findFirst({
    where: { AND: [{ id }, blocWhere(p)] },
    include: { province: true, versions: { orderBy: { validFrom: 'asc' } } },
  });
  if (bloc) return bloc;
  if (await db.bloc.count({ where: { id } })) throw new ForbiddenError('Bạn không có quyền xem khối thi đua này.');
  throw new NotFoundError('Không tìm thấy khối thi đua.');
}

export async function blocPage(db: Db, req: Request, id: number, requestedYear: number | undefined) {
  const p = req.user as Principal;
  const bloc = await scopedBlocOr403(db, p, id);
  const years = await db.blocYear.findMany({
    where: { blocId: bloc.id },
    orderBy: { year: 'desc' },
    select: {
      id: true,
      year: true,
      phase: true,
      headAgencyId: true,
      deputyAgencyId: true,
      deputyActsAsHead: true,
      nextHeadAgencyId: true,
      nextDeputyAgencyId: true,
      theme: true,
      closedAt: true,
    },
  });
  const selected = requestedYear === undefined ? years[0] : years.find((y) => y.year === requestedYear);
  if (requestedYear !== undefined && !selected) throw new NotFoundError(`Khối chưa có năm thi đua ${requestedYear}.`);

  // Members of every year in one query: head/deputy names per year, and the selected year's list.
  const memberships = await db.membership.findMany({
    where: { blocYearId: { in: years.map((y) => y.id) } },
    orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }],
    select: {
      blocYearId: true,
      agencyId: true,
      sortOrder: true,
      leftAt: true,
      agencyVersion: { select: { name: true, parentBody: true } },
      agency: { select: { kind: true, provinceId: true } },
    },
  });
  const memberAgencyIdsAnyYear = [...new Set(memberships.map((m) => m.agencyId))];
  authorize(req, 'bloc.view', { provinceId: bloc.provinceId, memberAgencyIds: memberAgencyIdsAnyYear });

  const nameIn = (blocYearId: number, agencyId: number | null) =>
    agencyId === null ? null : memberships.find((m) => m.blocYearId === blocYearId && m.agencyId === agencyId)?.agencyVersion.name ?? null;

  const yearRows = years.map((y) => ({
    ...y,
    headName: nameIn(y.id, y.headAgencyId),
    deputyName: nameIn(y.id, y.deputyAgencyId),
    memberCount: memberships.filter((m) => m.blocYearId === y.id).length,
  }));
  const selectedRow = selected ? yearRows.find((y) => y.id === selected.id)! : undefined;
  const members = selected ? memberships.filter((m) => m.blocYearId === selected.id) : [];
  // next year's head and deputy are members of this year: their names come from the same rows
  const nextHeadName = selected ? nameIn(selected.id, selected.nextHeadAgencyId) : null;
  const nextDeputyName = selected ? nameIn(selected.id, selected.nextDeputyAgencyId) : null;
  // the selected year's scope as loadYear() builds it (current members only), so the tabs shown
  // here are the pages the year's routes will open
  const scope: Scope = selected
    ? {
        provinceId: bloc.provinceId,
        memberAgencyIds: members.filter((m) => m.leftAt === null).map((m) => m.agencyId),
        headAgencyId: selected.headAgencyId,
        deputyAgencyId: selected.deputyAgencyId,
        deputyActsAsHead: selected.deputyActsAsHead,
        closed: selected.phase === 'CLOSED',
      }
    : { provinceId: bloc.provinceId };
  const tabs = selected
    ? yearTabs({ blocId: bloc.id, year: selected.year, phase: selected.phase as Phase, readable: can(p, 'bloc.view', scope), oversees: overseesYear(p, scope) })
    : [];
  return {
    bloc,
    name: versionAt(bloc.versions, selected ? midYear(selected.year) : new Date())?.name ?? bloc.code,
    years: yearRows,
    selected: selectedRow,
    members,
    nextHeadName,
    nextDeputyName,
    isHead: can(p, 'year.manage', scope),
    tabs,
  };
}
