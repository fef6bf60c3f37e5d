// The bloc-year a request is about: loaded once per request with a fixed number of queries, scoped
// to the signed-in user (404 when it does not exist, 403 when it is outside their scope), with the
// permission scope every route of the year checks against.
import type { Request } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/client';
import type { Principal } from '../../auth/principal';
import { blocYearWhere } from '../../auth/scope';
import { can, type Action, type Scope } from '../../auth/permissions';
import { ConflictError, ForbiddenError, NotFoundError } from '../../http/errors';
import { idField, parse } from '../../http/validate';
import { versionAt, midYear } from '../../domain/versions';
import { activePeriod, type YearState } from '../../domain/phases';
import type { Phase, Period } from '../../domain/enums';

export const yearParams = z.object({
  blocId: idField('Mã khối không hợp lệ.'),
  year: z.coerce.number({ error: 'Năm không hợp lệ.' }).int('Năm không hợp lệ.').min(2000, 'Năm không hợp lệ.').max(2100, 'Năm không hợp lệ.'),
});

export type Member = { agencyId: number; name: string; shortName: string; sortOrder: number };

export type YearContext = {
  p: Principal;
  blocYear: {
    id: number;
    blocId: number;
    year: number;
    phase: Phase;
    theme: string;
    motto: string;
    headAgencyId: number | null;
    deputyAgencyId: number | null;
    deputyActsAsHead: boolean;
    registrationDue: Date | null;
    pledgeDue: Date | null;
    criteriaDue: Date | null;
    midYearReviewDue: Date | null;
    selfScoreDue: Date | null;
    yearEndReviewDue: Date | null;
    appealUntil: Date | null;
    version: number;
  };
  blocName: string;
  provinceId: number;
  provinceName: string;
  members: Member[];
  state: YearState;
  period: Period; // the scoring period open now
  scope: Scope; // for can(): the year's members, head and deputy, closed or not
  base: string; // URL prefix of the year's pages
  /** can(p, action) in this year, optionally for one unit's record */
  can: (action: Action, agencyId?: number) => boolean;
  /** throws 403 unless allowed */
  authorize: (action: Action, agencyId?: number) => void;
  /** the signed-in officer's unit in this year, if it is a member */
  myAgencyId: number | null;
  /** may run the year now (the head's officers, or the deputy's while delegated; never in a closed year) */
  isHead: boolean;
  /** oversees the year read-only: admin, the province's board, and the year's own head even once closed */
  oversees: boolean;
};

export async function loadYear(db: Db, req: Request): Promise<YearContext> {
  const p = req.user as Principal;
  if (!p) throw new ForbiddenError();
  const { blocId, year } = parse(yearParams, req.params);
  const row = await db.blocYear.findFirst({
    where: { AND: [{ blocId, year }, blocYearWhere(p)] },
    include: {
      bloc: { select: { provinceId: true, province: { select: { name: true } }, versions: { select: { name: true, validFrom: true, validTo: true } } } },
      memberships: {
        where: { leftAt: null },
        orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }],
        select: { agencyId: true, sortOrder: true, agencyVersion: { select: { name: true, shortName: true } } },
      },
      reviews: { where: { kind: 'MID_YEAR' }, select: { frozenAt: true } },
    },
  });
  if (!row) {
    if (await db.blocYear.count({ where: { blocId, year } })) throw new ForbiddenError('Bạn không có quyền với năm thi đua của khối này.');
    throw new NotFoundError('Không tìm thấy năm thi đua của khối.');
  }
  const members = row.memberships.map((m) => ({
    agencyId: m.agencyId,
    name: m.agencyVersion.name,
    shortName: m.agencyVersion.shortName || m.agencyVersion.name,
    sortOrder: m.sortOrder,
  }));
  const state: YearState = { phase: row.phase as Phase, midYearFrozen: Boolean(row.reviews[0]?.frozenAt) };
  const scope: Scope = {
    provinceId: row.bloc.provinceId,
    memberAgencyIds: members.map((m) => m.agencyId),
    headAgencyId: row.headAgencyId,
    deputyAgencyId: row.deputyAgencyId,
    deputyActsAsHead: row.deputyActsAsHead,
    closed: row.phase === 'CLOSED',
  };
  const canHere = (action: Action, agencyId?: number) => can(p, action, agencyId === undefined ? scope : { ...scope, agencyId });
  // Reading a year needs bloc.view (admin, the province's board, or a member of this year).
  if (!canHere('bloc.view')) throw new ForbiddenError('Bạn không có quyền với năm thi đua của khối này.');
  const myAgencyId = p.agencyIds.find((a) => scope.memberAgencyIds!.includes(a)) ?? null;
  return {
    p,
    blocYear: { ...row, phase: row.phase as Phase },
    blocName: versionAt(row.bloc.versions, midYear(row.year))?.name ?? '',
    provinceId: row.bloc.provinceId,
    provinceName: row.bloc.province.name,
    members,
    state,
    period: activePeriod(state),
    scope,
    base: `/blocs/${row.blocId}/years/${row.year}`,
    can: canHere,
    authorize: (action, agencyId) => {
      if (!canHere(action, agencyId)) {
        throw new ForbiddenError(
          scope.closed ? 'Năm thi đua đã khóa sổ: không thể thay đổi dữ liệu.' : 'Bạn không có quyền thực hiện thao tác này.',
        );
      }
    },
    myAgencyId,
    isHead: canHere('year.manage'),
    oversees: overseesYear(p, scope),
  };
}

/** Oversees a year read-only: admin, the province's board, and the year's own head even once closed. */
export function overseesYear(p: Principal, s: Scope): boolean {
  return (
    p.isAdmin ||
    (s.provinceId !== undefined && p.boardProvinceIds.includes(s.provinceId)) ||
    [s.headAgencyId, s.deputyActsAsHead ? s.deputyAgencyId : null].some((a) => a != null && p.agencyIds.includes(a))
  );
}

/** Guard for writes after the permission check: a clear 409 when the phase does not allow it. */
export function requirePhase(ok: boolean, message: string): void {
  if (!ok) throw new ConflictError(message);
}
