// Accounts: the admin manages every account; a province's board manages the accounts of its
// province (unit officers of its agencies, its own members). The scope is part of every query's
// `where`, so another province's account is simply not found (404).
import type { Db } from '../../db/client';
import { Prisma } from '../../db/client';
import { ConflictError, NotFoundError, ValidationError } from '../../http/errors';
import { hashPassword } from '../../auth/passwords';
import { can } from '../../auth/permissions';
import type { Principal } from '../../auth/principal';
import { pageOf, PAGE_SIZE } from '../../http/pagination';
import { audit, type Actor, type AuditContext } from '../audit';
import { searchKeyFilter } from '../../db/search-keys';
import type { CreateUserInput, NewAccountInput, UserListQuery } from './schemas';
import { oneTimePassword } from './one-time-password';

/** Whose accounts a person manages: every account, or those of these provinces. */
export type AccountScope = 'ALL' | number[];

export function accountScope(p: Principal): AccountScope {
  if (can(p, 'users.manage')) return 'ALL';
  return p.boardProvinceIds.filter((id) => can(p, 'users.manageProvince', { provinceId: id }));
}

/** Whose audit rows a person reads: every row, or those of these provinces. */
export function auditScope(p: Principal): AccountScope {
  if (can(p, 'audit.view')) return 'ALL';
  return p.boardProvinceIds.filter((id) => can(p, 'audit.view', { provinceId: id }));
}

export const isEmptyScope = (s: AccountScope) => s !== 'ALL' && s.length === 0;

/**
 * Accounts inside the scope: for a board, an account with at least one role, every one of them in
 * its provinces (so a board never acts on an admin, nor on someone who also serves elsewhere).
 */
export function userScopeWhere(scope: AccountScope): Prisma.UserWhereInput {
  if (scope === 'ALL') return {};
  return {
    assignments: {
      some: {},
      every: { OR: [{ role: 'BOARD', provinceId: { in: scope } }, { role: 'UNIT_OFFICER', agency: { is: { provinceId: { in: scope } } } }] },
    },
  };
}

function agencyScopeWhere(scope: AccountScope): Prisma.AgencyWhereInput {
  return scope === 'ALL' ? {} : { provinceId: { in: scope } };
}

function provinceScopeWhere(scope: AccountScope): Prisma.ProvinceWhereInput {
  return scope === 'ALL' ? {} : { id: { in: scope } };
}

/** An account's role as the list shows it: the province of a board, the unit (latest name) and its province of an officer. */
type AssignmentShown = { role: string; province: { name: string } | null; agency: { versions: { name: string }[]; province: { name: string } } | null };
type AssignmentRow = { userId: unknown; role: string; provinceName: string | null; agencyId: unknown; agencyName: string | null; agencyProvinceName: string | null };

/** The role assignments of the accounts on a page, in one query (joins instead of one query per relation). */
async function assignmentsOf(db: Db, userIds: number[]): Promise<Map<number, AssignmentShown[]>> {
  const byUser = new Map<number, AssignmentShown[]>(userIds.map((id) => [id, []]));
  if (!userIds.length) return byUser;
  const rows = await db.$queryRaw<AssignmentRow[]>`
    SELECT a."userId" AS "userId", a."role" AS "role", p."name" AS "provinceName", a."agencyId" AS "agencyId",
           (SELECT v."name" FROM "AgencyVersion" v WHERE v."agencyId" = a."agencyId" ORDER BY v."validFrom" DESC LIMIT 1) AS "agencyName",
           ap."name" AS "agencyProvinceName"
    FROM "RoleAssignment" a
    LEFT JOIN "Province" p ON p."id" = a."provinceId"
    LEFT JOIN "Agency" ag ON ag."id" = a."agencyId"
    LEFT JOIN "Province" ap ON ap."id" = ag."provinceId"
    WHERE a."userId" IN (${Prisma.join(userIds)})
    ORDER BY a."id" ASC`;
  for (const r of rows) {
    byUser.get(Number(r.userId))?.push({
      role: r.role,
      province: r.provinceName === null ? null : { name: r.provinceName },
      agency: r.agencyId === null || r.agencyProvinceName === null ? null : { versions: r.agencyName === null ? [] : [{ name: r.agencyName }], province: { name: r.agencyProvinceName } },
    });
  }
  return byUser;
}

export async function listUsers(db: Db, scope: AccountScope, query: Pick<UserListQuery, 'page' | 'q' | 'provinceId' | 'agencyId'>) {
  const { page, q, provinceId, agencyId } = query;
  const key = await searchKeyFilter(db, 'User', q);
  const and: Prisma.UserWhereInput[] = [userScopeWhere(scope)];
  if (key) and.push({ searchKey: key });
  if (provinceId !== undefined) {
    and.push({ assignments: { some: { OR: [{ role: 'BOARD', provinceId }, { role: 'UNIT_OFFICER', agency: { is: { provinceId } } }] } } });
  }
  if (agencyId !== undefined) and.push({ assignments: { some: { agencyId } } });
  const where: Prisma.UserWhereInput = { AND: and };
  const [total, users] = await Promise.all([
    db.user.count({ where }),
    db.user.findMany({
      where,
      orderBy: { username: 'asc' },
      skip: (page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      select: { id: true, username: true, fullName: true, isActive: true, mustChangePassword: true, lastLoginAt: true },
    }),
  ]);
  const assignments = await assignmentsOf(db, users.map((u) => u.id));
  const items = users.map((u) => ({ ...u, assignments: assignments.get(u.id) ?? [] }));
  return pageOf(items, total, page);
}

type AgencyOptionRow = { id: unknown; name: string | null; provinceName: string };

/** The provinces and agencies a person may pick (filters, the new-account form): two queries. */
export async function accountOptions(db: Db, scope: AccountScope, agenciesOfProvince?: number) {
  const conditions: Prisma.Sql[] = [];
  if (scope !== 'ALL') conditions.push(scope.length ? Prisma.sql`ag."provinceId" IN (${Prisma.join(scope)})` : Prisma.sql`1 = 0`);
  if (agenciesOfProvince !== undefined) conditions.push(Prisma.sql`ag."provinceId" = ${agenciesOfProvince}`);
  const [provinces, agencies] = await Promise.all([
    db.province.findMany({ where: provinceScopeWhere(scope), orderBy: { name: 'asc' }, select: { id: true, name: true } }),
    db.$queryRaw<AgencyOptionRow[]>`
      SELECT ag."id" AS "id", p."name" AS "provinceName",
             (SELECT v."name" FROM "AgencyVersion" v WHERE v."agencyId" = ag."id" ORDER BY v."validFrom" DESC LIMIT 1) AS "name"
      FROM "Agency" ag
      JOIN "Province" p ON p."id" = ag."provinceId"
      ${conditions.length ? Prisma.sql`WHERE ${Prisma.join(conditions, ' AND ')}` : Prisma.empty}
      ORDER BY ag."provinceId" ASC, ag."id" ASC`,
  ]);
  return { provinces, agencies: agencies.map((a) => ({ id: Number(a.id), name: `${a.name ?? Number(a.id)} (${a.provinceName})` })) };
}

export type Created = { id: number; username: string; fullName: string; oneTimePassword: string | null };

/** An account created with a password its owner chose (`npm run create-admin`): nothing to change. */
export async function createUser(db: Db, ctx: AuditContext, input: CreateUserInput): Promise<number> {
  return (await insertAccount(db, ctx, 'ALL', input, { password: input.password, mustChangePassword: false })).id;
}

/**
 * An account created from the form, within the creator's scope. Without a typed password a
 * one-time password is generated and returned (to be shown once); either way the user must change
 * it at first sign-in.
 */
export async function createAccount(db: Db, ctx: AuditContext, scope: AccountScope, input: NewAccountInput): Promise<Created> {
  const generated = input.password ? null : oneTimePassword();
  const created = await insertAccount(db, ctx, scope, input, { password: input.password ?? generated!, mustChangePassword: true });
  return { ...created, oneTimePassword: generated };
}

/** The user and its role assignment in one transaction, with the audit row (never the password). */
async function insertAccount(
  db: Db,
  ctx: AuditContext,
  scope: AccountScope,
  input: Omit<NewAccountInput, 'password'>,
  pw: { password: string; mustChangePassword: boolean },
): Promise<{ id: number; username: string; fullName: string }> {
  const passwordHash = await hashPassword(pw.password);
  return db.$transaction(async (tx) => {
    if (scope !== 'ALL' && input.role === 'ADMIN') {
      throw new ValidationError({ role: 'Ban TĐKT chỉ tạo tài khoản cán bộ đơn vị hoặc thành viên Ban TĐKT của tỉnh mình.' });
    }
    if (await tx.user.findUnique({ where: { username: input.username }, select: { id: true } })) {
      throw new ValidationError({ username: 'Tên đăng nhập này đã có người dùng.' });
    }
    let provinceId: number | null = null;
    if (input.role === 'BOARD') {
      const province = await tx.province.findFirst({ where: { AND: [{ id: input.provinceId! }, provinceScopeWhere(scope)] }, select: { id: true } });
      if (!province) throw new ValidationError({ provinceId: scope === 'ALL' ? 'Tỉnh không tồn tại.' : 'Bạn chỉ được tạo tài khoản cho tỉnh mình quản lý.' });
      provinceId = province.id;
    }
    if (input.role === 'UNIT_OFFICER') {
      const agency = await tx.agency.findFirst({ where: { AND: [{ id: input.agencyId! }, agencyScopeWhere(scope)] }, select: { provinceId: true } });
      if (!agency) throw new ValidationError({ agencyId: scope === 'ALL' ? 'Đơn vị không tồn tại.' : 'Bạn chỉ được tạo tài khoản cho đơn vị thuộc tỉnh mình quản lý.' });
      // the form lists the chosen province's agencies: one of another province was not offered
      if (input.provinceId !== undefined && agency.provinceId !== input.provinceId) throw new ValidationError({ agencyId: 'Đơn vị này không thuộc tỉnh đã chọn.' });
      provinceId = agency.provinceId;
    }
    const user = await tx.user
      .create({
        data: {
          username: input.username,
          fullName: input.fullName,
          jobTitle: input.jobTitle,
          passwordHash,
          mustChangePassword: pw.mustChangePassword,
          assignments: {
            create: {
              role: input.role,
              provinceId: input.role === 'BOARD' ? input.provinceId : null,
              agencyId: input.role === 'UNIT_OFFICER' ? input.agencyId : null,
            },
          },
        },
      })
      .catch((e: { code?: string }) => {
        if (e.code === 'P2002') throw new ConflictError('Tên đăng nhập này đã có người dùng.');
        throw e;
      });
    await audit(tx, ctx, 'user.create', 'User', user.id, {
      new: { username: input.username, role: input.role, provinceId: provinceId ?? undefined, agencyId: input.role === 'UNIT_OFFICER' ? input.agencyId : undefined, mustChangePassword: pw.mustChangePassword },
      provinceId,
    });
    return { id: user.id, username: user.username, fullName: user.fullName };
  });
}

const TARGET = {
  id: true,
  username: true,
  fullName: true,
  isActive: true,
  assignments: { select: { role: true, provinceId: true, agency: { select: { provinceId: true } } } },
} as const;

type Target = { assignments: { role: string; provinceId: number | null; agency: { provinceId: number } | null }[] };

/** The province an account belongs to, for its audit rows (null for an administrator). */
function provinceOf(t: Target): number | null {
  for (const a of t.assignments) {
    if (a.role === 'BOARD' && a.provinceId !== null) return a.provinceId;
    if (a.role === 'UNIT_OFFICER' && a.agency) return a.agency.provinceId;
  }
  return null;
}

export type Issued = { id: number; username: string; fullName: string; oneTimePassword: string };

/**
 * A new one-time password: only its hash is stored; the user must change it at the next sign-in,
 * and every session of the user ends (passwordChangedAt moves past them).
 */
export async function resetPassword(db: Db, actor: Actor, scope: AccountScope, userId: number): Promise<Issued> {
  const password = oneTimePassword();
  const passwordHash = await hashPassword(password);
  return db.$transaction(async (tx) => {
    const target = await tx.user.findFirst({ where: { AND: [{ id: userId }, userScopeWhere(scope)] }, select: TARGET });
    if (!target) throw new NotFoundError();
    if (target.id === actor.userId) throw new ConflictError('Bạn không thể cấp lại mật khẩu cho chính mình; hãy dùng trang Đổi mật khẩu.');
    await tx.user.update({ where: { id: target.id }, data: { passwordHash, mustChangePassword: true, passwordChangedAt: new Date() } });
    await audit(tx, actor, 'user.password_reset', 'User', target.id, { new: { username: target.username, mustChangePassword: true }, provinceId: provinceOf(target) });
    return { id: target.id, username: target.username, fullName: target.fullName, oneTimePassword: password };
  });
}

/**
 * Disable or re-enable an account. Disabling ends every session of the user at once: passport's
 * deserialiser refuses an inactive account, and passwordChangedAt moves past every open session so
 * that re-enabling later does not bring them back.
 */
export async function setActive(db: Db, actor: Actor, scope: AccountScope, userId: number, active: boolean): Promise<{ username: string; changed: boolean }> {
  return db.$transaction(async (tx) => {
    const target = await tx.user.findFirst({ where: { AND: [{ id: userId }, userScopeWhere(scope)] }, select: TARGET });
    if (!target) throw new NotFoundError();
    if (target.isActive === active) return { username: target.username, changed: false };
    if (!active) {
      if (target.id === actor.userId) throw new ConflictError('Bạn không thể tự khóa tài khoản của mình.');
      if (target.assignments.some((a) => a.role === 'ADMIN')) {
        const others = await tx.user.count({ where: { id: { not: target.id }, isActive: true, assignments: { some: { role: 'ADMIN' } } } });
        if (others === 0) throw new ConflictError('Không thể khóa tài khoản quản trị hệ thống cuối cùng còn hoạt động.');
      }
    }
    await tx.user.update({ where: { id: target.id }, data: active ? { isActive: true } : { isActive: false, passwordChangedAt: new Date() } });
    await audit(tx, actor, active ? 'user.enable' : 'user.disable', 'User', target.id, {
      old: { isActive: !active },
      new: { isActive: active },
      provinceId: provinceOf(target),
    });
    return { username: target.username, changed: true };
  });
}

/** The audit log within the scope, newest first; a province filter narrows it. */
export async function listAudit(db: Db, scope: AccountScope, page: number, provinceId?: number) {
  const where: Prisma.AuditLogWhereInput =
    provinceId !== undefined ? { provinceId } : scope === 'ALL' ? {} : { provinceId: { in: scope } };
  const [total, items, provinces] = await Promise.all([
    db.auditLog.count({ where }),
    db.auditLog.findMany({
      where,
      orderBy: { id: 'desc' },
      skip: (page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      include: { user: { select: { username: true } } },
    }),
    db.province.findMany({ where: provinceScopeWhere(scope), orderBy: { name: 'asc' }, select: { id: true, name: true } }),
  ]);
  return { list: pageOf(items, total, page), provinces };
}
