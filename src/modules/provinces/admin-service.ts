// Provinces' administration: the admin creates and renames provinces (the 2025 reorganisation
// merged provinces; a renamed province keeps its former names with their dates in ProvinceName);
// a province's board reads its own province's page. Every change is audited in its transaction.
import type { Db, Prisma, Tx } from '../../db/client';
import type { Principal } from '../../auth/principal';
import { can } from '../../auth/permissions';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../http/errors';
import { pageOf, PAGE_SIZE, type Page } from '../../http/pagination';
import { foldForSearch } from '../../domain/search';
import { formatDate, TZ } from '../../i18n/format';
import { audit, type Actor } from '../audit';
import type { NewProvinceInput, RenameProvinceInput } from './admin-schemas';

const DAY = 24 * 60 * 60 * 1000;
/** How far ahead a province's date may be: a resolution is dated, not a plan for years ahead. */
const MAX_AHEAD = 366 * DAY;

// Who may do what: creating and renaming a province is the admin's alone (a board administers its
// own province, it does not make provinces); a province's board reads its own province's page.

export function canManageProvinces(p: Principal): boolean {
  return p.isAdmin;
}

export function canViewProvince(p: Principal, provinceId: number): boolean {
  return p.isAdmin || p.boardProvinceIds.includes(provinceId);
}

/** 403 unless the caller is the admin — before any form is read or anything is written. */
export function requireProvinceAdmin(p: Principal): Principal {
  if (!canManageProvinces(p)) throw new ForbiddenError('Chỉ quản trị hệ thống mới thêm hoặc đổi tên tỉnh, thành phố.');
  return p;
}

// ───────────────────────────── Reading ─────────────────────────────

const COUNTS = { _count: { select: { agencies: true, blocs: true, assignments: { where: { role: 'BOARD' } } } } } satisfies Prisma.ProvinceSelect;
/** Oldest first; a name with no start date (before the portal knew it) comes first. */
const NAME_ORDER: Prisma.ProvinceNameOrderByWithRelationInput[] = [{ validFrom: { sort: 'asc', nulls: 'first' } }, { id: 'asc' }];
const FORMER_NAMES = { names: { where: { validTo: { not: null } }, orderBy: NAME_ORDER, select: { name: true, validFrom: true, validTo: true } } } satisfies Prisma.ProvinceSelect;

export type ProvinceListItem = {
  id: number;
  code: string;
  name: string;
  formerNames: { name: string; validFrom: Date | null; validTo: Date | null }[];
  agencies: number;
  blocs: number;
  boardAccounts: number;
};

/**
 * The provinces whose current or former name matches `q`, folded (case, diacritics, NFC/NFD).
 * Province names have no search key column; they are few (34 provinces since 2025, plus the names
 * they had before), so one query reads only the names and ids and the match is made here.
 */
async function provinceIdsMatching(db: Db, q: string): Promise<number[] | undefined> {
  const folded = foldForSearch(q);
  if (!folded) return undefined;
  const rows = await db.province.findMany({ select: { id: true, name: true, names: { select: { name: true } } } });
  return rows.filter((r) => [r.name, ...r.names.map((n) => n.name)].some((n) => foldForSearch(n).includes(folded))).map((r) => r.id);
}

// GET /admin/provinces: 2 queries (4 with a search), whatever the number of provinces.
export async function listProvinces(db: Db, page: number, q: string): Promise<Page<ProvinceListItem>> {
  const ids = await provinceIdsMatching(db, q);
  const where: Prisma.ProvinceWhereInput = ids ? { id: { in: ids } } : {};
  const [total, rows] = await Promise.all([
    db.province.count({ where }),
    db.province.findMany({
      where,
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
      skip: (page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      select: { id: true, code: true, name: true, ...FORMER_NAMES, ...COUNTS },
    }),
  ]);
  const items = rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    formerNames: r.names,
    agencies: r._count.agencies,
    blocs: r._count.blocs,
    boardAccounts: r._count.assignments,
  }));
  return pageOf(items, total, page);
}

/** The accounts of a province's board shown on its page; the rest are on /admin/users?provinceId=. */
const BOARD_ACCOUNTS_SHOWN = 50;

// GET /admin/provinces/:id: 2 queries.
export async function provincePage(db: Db, p: Principal, id: number) {
  // someone who is neither the admin nor a board member has no province page at all
  if (!p.isAdmin && p.boardProvinceIds.length === 0) throw new ForbiddenError();
  const [province, boardAccounts] = await Promise.all([
    db.province.findUnique({
      where: { id },
      select: {
        id: true,
        code: true,
        name: true,
        validFrom: true,
        validTo: true,
        names: { orderBy: NAME_ORDER },
        ...COUNTS,
      },
    }),
    db.user.findMany({
      where: { assignments: { some: { role: 'BOARD', provinceId: id } } },
      orderBy: { username: 'asc' },
      take: BOARD_ACCOUNTS_SHOWN,
      select: { id: true, username: true, fullName: true, jobTitle: true, isActive: true, mustChangePassword: true, lastLoginAt: true },
    }),
  ]);
  if (!province) throw new NotFoundError('Không tìm thấy tỉnh, thành phố.');
  if (!canViewProvince(p, id)) throw new ForbiddenError('Bạn chỉ xem được trang của tỉnh mình.');
  const current = currentName(province.names);
  return {
    province,
    history: province.names,
    current,
    counts: { agencies: province._count.agencies, blocs: province._count.blocs, boardAccounts: province._count.assignments },
    boardAccounts,
    moreBoardAccounts: province._count.assignments > boardAccounts.length,
    canManage: canManageProvinces(p),
    canManageAccounts: can(p, 'users.manage') || can(p, 'users.manageProvince', { provinceId: id }),
    canSeeAudit: can(p, 'audit.view') || can(p, 'audit.view', { provinceId: id }),
    canSeeRules: can(p, 'province.rules', { provinceId: id }),
  };
}

type NameRow = { id: number; name: string; validFrom: Date | null; validTo: Date | null };

/** The open row (validTo null) that started last: the name the province goes by now. */
function currentName<T extends NameRow>(rows: readonly T[]): T | null {
  const open = rows.filter((r) => r.validTo === null);
  return open.sort((a, b) => (a.validFrom?.getTime() ?? -Infinity) - (b.validFrom?.getTime() ?? -Infinity) || a.id - b.id).at(-1) ?? null;
}

/** The calendar day in Vietnam that `d` falls on, as [00:00, 24:00) UTC of that day (dates are stored at noon UTC). */
function vietnamDay(d: Date): { start: Date; end: Date } {
  const ymd = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
  const start = new Date(`${ymd}T00:00:00Z`);
  return { start, end: new Date(start.getTime() + DAY) };
}

/**
 * The name a province went by on `date` (for documents: a decision of 2024 names the province as it
 * was then), falling back to its current name when no dated name covers the day.
 */
export async function provinceNameAt(db: Tx, provinceId: number, date: Date): Promise<string> {
  const { start, end } = vietnamDay(date);
  const row = await db.provinceName.findFirst({
    where: {
      provinceId,
      AND: [{ OR: [{ validFrom: null }, { validFrom: { lt: end } }] }, { OR: [{ validTo: null }, { validTo: { gte: start } }] }],
    },
    orderBy: [{ validFrom: { sort: 'desc', nulls: 'last' } }, { id: 'desc' }],
    select: { name: true },
  });
  if (row) return row.name;
  const province = await db.province.findUnique({ where: { id: provinceId }, select: { name: true } });
  if (!province) throw new NotFoundError('Không tìm thấy tỉnh, thành phố.');
  return province.name;
}

// ───────────────────────────── Writing (admin) ─────────────────────────────

/** Another province already goes by this name (compared folded: "HA NAM" is "Hà Nam"). */
async function nameTaken(tx: Tx, name: string, exceptId?: number): Promise<string | null> {
  const folded = foldForSearch(name);
  const rows = await tx.province.findMany({ where: exceptId ? { id: { not: exceptId } } : {}, select: { name: true } });
  return rows.find((r) => foldForSearch(r.name) === folded)?.name ?? null;
}

function checkNotFarAhead(date: Date, field: string, now: Date) {
  if (date.getTime() > now.getTime() + MAX_AHEAD) {
    throw new ValidationError({ [field]: `Ngày không được quá một năm kể từ hôm nay (${formatDate(now)}).` });
  }
}

/** A unique code from the name: "Thành phố Huế" → "thanh-pho-hue", then -2, -3… when taken. */
async function newProvinceCode(tx: Tx, name: string): Promise<string> {
  const stem = foldForSearch(name).replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'tinh';
  const taken = new Set((await tx.province.findMany({ where: { code: { startsWith: stem } }, select: { code: true } })).map((p) => p.code));
  if (!taken.has(stem)) return stem;
  for (let i = 2; ; i++) if (!taken.has(`${stem}-${i}`)) return `${stem}-${i}`;
}

/** POST /admin/provinces — the province and the first row of its name history, in one transaction. */
export async function createProvince(db: Db, actor: Actor, input: NewProvinceInput, now = new Date()): Promise<{ id: number; name: string }> {
  if (input.validFrom) checkNotFarAhead(input.validFrom, 'validFrom', now);
  return db.$transaction(async (tx) => {
    const taken = await nameTaken(tx, input.name);
    if (taken) throw new ValidationError({ name: `Đã có tỉnh, thành phố mang tên "${taken}".` });
    const code = await newProvinceCode(tx, input.name);
    const validFrom = input.validFrom ?? null;
    const province = await tx.province
      .create({
        data: { code, name: input.name, validFrom, names: { create: { name: input.name, validFrom, legalBasis: input.legalBasis } } },
        select: { id: true },
      })
      .catch((e: { code?: string }) => {
        if (e.code === 'P2002') throw new ConflictError('Một tỉnh, thành phố khác vừa được tạo cùng lúc. Vui lòng gửi lại.');
        throw e;
      });
    await audit(tx, actor, 'province.create', 'Province', province.id, { new: { code, name: input.name, validFrom, legalBasis: input.legalBasis }, provinceId: province.id });
    return { id: province.id, name: input.name };
  });
}

/**
 * POST /admin/provinces/:id/rename — the current name ends the day before `validFrom`, the new one
 * starts that day with its legal basis, and Province.name becomes the new name. A date before the
 * current name began, or more than a year ahead, is refused; so is the same name, or another
 * province's.
 */
export async function renameProvince(db: Db, actor: Actor, id: number, input: RenameProvinceInput, now = new Date()): Promise<{ oldName: string; name: string }> {
  checkNotFarAhead(input.validFrom, 'validFrom', now);
  return db.$transaction(async (tx) => {
    const province = await tx.province.findUnique({ where: { id }, select: { id: true, name: true, validFrom: true, names: { where: { validTo: null } } } });
    if (!province) throw new NotFoundError('Không tìm thấy tỉnh, thành phố.');
    if (input.name === province.name) throw new ValidationError({ name: 'Tên mới trùng với tên hiện tại.' });
    const taken = await nameTaken(tx, input.name, id);
    if (taken) throw new ValidationError({ name: `Đã có tỉnh, thành phố khác mang tên "${taken}".` });
    const open = currentName(province.names);
    const since = open ? open.validFrom : province.validFrom;
    if (since && input.validFrom.getTime() - DAY < since.getTime()) {
      throw new ValidationError({ validFrom: `Ngày hiệu lực phải sau ngày bắt đầu của tên hiện tại (${formatDate(since)}).` });
    }
    const validTo = new Date(input.validFrom.getTime() - DAY);
    if (open) {
      // every open row ends: there is one current name (rows left open by mistake close with it)
      await tx.provinceName.updateMany({ where: { provinceId: id, validTo: null }, data: { validTo } });
    } else {
      // no history yet (a province written before ProvinceName): its current name becomes the first row
      await tx.provinceName.create({ data: { provinceId: id, name: province.name, validFrom: province.validFrom, validTo } });
    }
    await tx.provinceName.create({ data: { provinceId: id, name: input.name, validFrom: input.validFrom, legalBasis: input.legalBasis, note: input.note } });
    await tx.province.update({ where: { id }, data: { name: input.name } });
    await audit(tx, actor, 'province.rename', 'Province', id, {
      old: { name: province.name, validFrom: since, validTo },
      new: { name: input.name, validFrom: input.validFrom, legalBasis: input.legalBasis, note: input.note },
      provinceId: id,
    });
    return { oldName: province.name, name: input.name };
  });
}
