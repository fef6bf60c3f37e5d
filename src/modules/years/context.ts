// The bloc-year a request is about: loaded once per request in two raw queries (every page of a
// year pays for them: a Prisma include costs one query per relation), scoped to the signed-in user (404 when it does not exist, 403 when it is outside their scope), with the
// permission scope every route of the year checks against.
import type { Request } from 'express';
import { z } from 'zod';
import { Prisma, type Db } from '../../db/client';
import { raw } from '../../db/raw';
import type { Principal } from '../../auth/principal';
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

// One row per version of the bloc's name (usually one): the year with its bloc, province and
// mid-year review, and whether a member unit of the signed-in user ever sat in it (blocYearWhere).
type YearRow = {
  id: unknown; blocId: unknown; year: unknown; phase: string; theme: string; motto: string;
  headAgencyId: unknown; deputyAgencyId: unknown; deputyActsAsHead: unknown;
  nextHeadAgencyId: unknown; nextDeputyAgencyId: unknown; handoverMethod: string;
  registrationDue: unknown; pledgeDue: unknown; criteriaDue: unknown; midYearReviewDue: unknown;
  selfScoreDue: unknown; yearEndReviewDue: unknown; appealUntil: unknown;
  openedAt: unknown; closedAt: unknown; closedById: unknown; reopenedAt: unknown; reopenReason: string;
  version: unknown; createdAt: unknown; updatedAt: unknown;
  provinceId: unknown; provinceName: string; midYearFrozenAt: unknown; memberOfYear: unknown;
  versionName: string | null; validFrom: unknown; validTo: unknown;
};
type MemberRow = { agencyId: unknown; sortOrder: unknown; name: string; shortName: string };

const { int, intOrNull, date, dateOrNull, bool } = raw;

export async function loadYear(db: Db, req: Request): Promise<YearContext> {
  const p = req.user as Principal;
  if (!p) throw new ForbiddenError();
  const { blocId, year } = parse(yearParams, req.params);
  // The scope of blocYearWhere(p) in src/auth/scope.ts, kept equal to it: admin, the province's
  // board (checked below on the row's provinceId), or a unit of the user with a membership of the
  // year, left or not (this column). The row is read first to tell 404 from 403 in one query.
  const memberOfYear = p.agencyIds.length
    ? Prisma.sql`CASE WHEN EXISTS (SELECT 1 FROM "Membership" sm WHERE sm."blocYearId" = y."id" AND sm."agencyId" IN (${Prisma.join(p.agencyIds)})) THEN 1 ELSE 0 END`
    : Prisma.sql`0`;
  const rows = await db.$queryRaw<YearRow[]>`
    SELECT y."id", y."blocId", y."year", y."phase", y."theme", y."motto", y."headAgencyId", y."deputyAgencyId", y."deputyActsAsHead",
           y."nextHeadAgencyId", y."nextDeputyAgencyId", y."handoverMethod", y."registrationDue", y."pledgeDue", y."criteriaDue",
           y."midYearReviewDue", y."selfScoreDue", y."yearEndReviewDue", y."appealUntil", y."openedAt", y."closedAt", y."closedById",
           y."reopenedAt", y."reopenReason", y."version", y."createdAt", y."updatedAt",
           b."provinceId" AS "provinceId", pr."name" AS "provinceName", r."frozenAt" AS "midYearFrozenAt", ${memberOfYear} AS "memberOfYear",
           v."name" AS "versionName", v."validFrom" AS "validFrom", v."validTo" AS "validTo"
    FROM "BlocYear" y
    JOIN "Bloc" b ON b."id" = y."blocId"
    JOIN "Province" pr ON pr."id" = b."provinceId"
    LEFT JOIN "Review" r ON r."blocYearId" = y."id" AND r."kind" = ${'MID_YEAR'}
    LEFT JOIN "BlocVersion" v ON v."blocId" = b."id"
    WHERE y."blocId" = ${blocId} AND y."year" = ${year}
    ORDER BY v."id"`;
  const row = rows[0];
  if (!row) throw new NotFoundError('Không tìm thấy năm thi đua của khối.');
  const provinceId = int(row.provinceId);
  const inScope = p.isAdmin || p.boardProvinceIds.includes(provinceId) || bool(row.memberOfYear);
  if (!inScope) throw new ForbiddenError('Bạn không có quyền với năm thi đua của khối này.');
  const memberRows = await db.$queryRaw<MemberRow[]>`
    SELECT m."agencyId" AS "agencyId", m."sortOrder" AS "sortOrder", av."name" AS "name", av."shortName" AS "shortName"
    FROM "Membership" m
    JOIN "AgencyVersion" av ON av."id" = m."agencyVersionId"
    WHERE m."blocYearId" = ${int(row.id)} AND m."leftAt" IS NULL
    ORDER BY m."sortOrder", m."id"`;
  const members: Member[] = memberRows.map((m) => ({
    agencyId: int(m.agencyId),
    name: m.name,
    shortName: m.shortName || m.name,
    sortOrder: int(m.sortOrder),
  }));
  const blocYear = {
    id: int(row.id),
    blocId: int(row.blocId),
    year: int(row.year),
    phase: row.phase as Phase,
    theme: row.theme,
    motto: row.motto,
    headAgencyId: intOrNull(row.headAgencyId),
    deputyAgencyId: intOrNull(row.deputyAgencyId),
    deputyActsAsHead: bool(row.deputyActsAsHead),
    nextHeadAgencyId: intOrNull(row.nextHeadAgencyId),
    nextDeputyAgencyId: intOrNull(row.nextDeputyAgencyId),
    handoverMethod: row.handoverMethod,
    registrationDue: dateOrNull(row.registrationDue),
    pledgeDue: dateOrNull(row.pledgeDue),
    criteriaDue: dateOrNull(row.criteriaDue),
    midYearReviewDue: dateOrNull(row.midYearReviewDue),
    selfScoreDue: dateOrNull(row.selfScoreDue),
    yearEndReviewDue: dateOrNull(row.yearEndReviewDue),
    appealUntil: dateOrNull(row.appealUntil),
    openedAt: dateOrNull(row.openedAt),
    closedAt: dateOrNull(row.closedAt),
    closedById: intOrNull(row.closedById),
    reopenedAt: dateOrNull(row.reopenedAt),
    reopenReason: row.reopenReason,
    version: int(row.version),
    createdAt: date(row.createdAt),
    updatedAt: date(row.updatedAt),
  };
  const blocVersions = rows
    .filter((v) => v.versionName !== null)
    .map((v) => ({ name: v.versionName as string, validFrom: date(v.validFrom), validTo: dateOrNull(v.validTo) }));
  const state: YearState = { phase: blocYear.phase, midYearFrozen: Boolean(dateOrNull(row.midYearFrozenAt)) };
  const scope: Scope = {
    provinceId,
    memberAgencyIds: members.map((m) => m.agencyId),
    headAgencyId: blocYear.headAgencyId,
    deputyAgencyId: blocYear.deputyAgencyId,
    deputyActsAsHead: blocYear.deputyActsAsHead,
    closed: blocYear.phase === 'CLOSED',
  };
  const canHere = (action: Action, agencyId?: number) => can(p, action, agencyId === undefined ? scope : { ...scope, agencyId });
  // Reading a year needs bloc.view (admin, the province's board, or a member of this year).
  if (!canHere('bloc.view')) throw new ForbiddenError('Bạn không có quyền với năm thi đua của khối này.');
  const myAgencyId = p.agencyIds.find((a) => scope.memberAgencyIds!.includes(a)) ?? null;
  return {
    p,
    blocYear,
    blocName: versionAt(blocVersions, midYear(blocYear.year))?.name ?? '',
    provinceId,
    provinceName: row.provinceName,
    members,
    state,
    period: activePeriod(state),
    scope,
    base: `/blocs/${blocYear.blocId}/years/${blocYear.year}`,
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
