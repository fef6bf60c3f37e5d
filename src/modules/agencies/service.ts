import type { Request } from 'express';
import type { Db, Prisma, Tx } from '../../db/client';
import type { Principal } from '../../auth/principal';
import { agencyWhere } from '../../auth/scope';
import { can } from '../../auth/permissions';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../http/errors';
import { authorize } from '../../http/guards';
import { pageOf, PAGE_SIZE, type Page } from '../../http/pagination';
import { versionAt, midYear } from '../../domain/versions';
import { searchKeyFilter } from '../../db/search-keys';
import { foldForSearch } from '../../domain/search';
import { formatDate } from '../../i18n/format';
import { audit, type Actor } from '../audit';
import type { DissolveInput, EditAgencyInput, MergeInput, NewAgencyInput, RenameInput, SplitInput, TransferInput } from './schemas';

export type AgencyListItem = { id: number; name: string; parentBody: string; provinceName: string; kind: string; blocCount: number };

// GET /agencies: 3 queries whatever the number of agencies.
export async function listAgencies(db: Db, p: Principal, page: number, q: string, provinceId?: number): Promise<Page<AgencyListItem>> {
  // any version: an agency renamed in the 2025 reorganisation is still found by its former name
  const key = await searchKeyFilter(db, 'AgencyVersion', q);
  const where = { AND: [agencyWhere(p), key ? { versions: { some: { searchKey: key } } } : {}, provinceId !== undefined ? { provinceId } : {}] };
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

const NAMES = { versions: { orderBy: { validFrom: 'asc' }, select: { name: true, validFrom: true, validTo: true } } } as const;

/** The name an agency went by last (a closed agency keeps its last name). */
const lastName = (a: { code: string; versions: readonly { name: string }[] }) => a.versions.at(-1)?.name ?? a.code;

// GET /agencies/:id: 4 queries (5 for whoever manages the agency) whatever its history.
export async function agencyPage(db: Db, req: Request, id: number) {
  const p = req.user as Principal;
  const agency = await db.agency.findFirst({
    where: { AND: [{ id }, agencyWhere(p)] },
    include: {
      province: true,
      versions: { orderBy: { validFrom: 'asc' } },
      predecessorOf: { orderBy: { date: 'asc' }, include: { successor: { select: { id: true, code: true, ...NAMES } } } },
      successorOf: { orderBy: { date: 'asc' }, include: { predecessor: { select: { id: true, code: true, ...NAMES } } } },
      flags: { orderBy: { fromDate: 'desc' } },
    },
  });
  if (!agency) {
    if (await db.agency.count({ where: { id } })) throw new ForbiddenError('Bạn không có quyền xem đơn vị này.');
    throw new NotFoundError('Không tìm thấy đơn vị.');
  }
  // Merged or split into this one: their history is part of this agency's (memberships, awards).
  const predecessorIds = [...new Set(agency.successorOf.filter((l) => l.predecessorId !== agency.id).map((l) => l.predecessorId))];
  const historyIds = [agency.id, ...predecessorIds];
  // Every bloc-year the agency (or a predecessor) was a member of, with the bloc name and that year's head.
  const [memberships, awards] = await Promise.all([
    db.membership.findMany({
      where: { agencyId: { in: historyIds } },
      orderBy: [{ blocYear: { year: 'desc' } }, { agencyId: 'asc' }],
      select: {
        agencyId: true,
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
    }),
    predecessorIds.length
      ? db.awardProposal.findMany({
          where: { agencyId: { in: predecessorIds }, status: 'APPROVED' },
          orderBy: { blocYear: { year: 'desc' } },
          select: { agencyId: true, awardKind: true, decisionNumber: true, decisionDate: true, blocYear: { select: { year: true } } },
        })
      : Promise.resolve([]),
  ]);
  const own = memberships.filter((m) => m.agencyId === agency.id);
  const fellowIds = [...new Set(own.flatMap((m) => m.blocYear.memberships.map((x) => x.agencyId)))];
  // A regional office may sit in one province and be a member of a bloc of another: the board of
  // either province may see it.
  const provinces = [agency.provinceId, ...own.map((m) => m.blocYear.bloc.provinceId)];
  const provinceId = provinces.find((id) => p.boardProvinceIds.includes(id)) ?? agency.provinceId;
  authorize(req, 'agency.view', { provinceId, agencyId: agency.id, memberAgencyIds: fellowIds });
  const isBoardOrAdmin = p.isAdmin || p.boardProvinceIds.includes(provinceId);
  const canManage = can(p, 'agency.manage', { provinceId: agency.provinceId });
  const open = agency.versions.find((v) => v.validTo === null) ?? null;
  // Where it may merge: the other agencies of its province still in operation.
  const mergeTargets =
    canManage && open
      ? (
          await db.agency.findMany({
            where: { provinceId: agency.provinceId, id: { not: agency.id }, versions: { some: { validTo: null } } },
            orderBy: { id: 'asc' },
            select: { id: true, code: true, versions: { where: { validTo: null }, select: { name: true } } },
          })
        ).map((a) => ({ id: a.id, name: a.versions[0]?.name ?? a.code }))
      : [];
  const row = (m: (typeof memberships)[number]) => ({
    year: m.blocYear.year,
    phase: m.blocYear.phase,
    nameThatYear: m.agencyVersion.name,
    blocId: m.blocYear.bloc.id,
    blocName: versionAt(m.blocYear.bloc.versions, new Date(Date.UTC(m.blocYear.year, 6, 1)))?.name ?? '',
    role: m.blocYear.headAgencyId === m.agencyId ? 'Khối trưởng' : m.blocYear.deputyAgencyId === m.agencyId ? 'Khối phó' : 'Thành viên',
  });
  const predecessors = predecessorIds.map((pid) => {
    const l = agency.successorOf.find((x) => x.predecessorId === pid)!;
    return {
      id: pid,
      name: lastName(l.predecessor),
      kind: l.kind,
      date: l.date,
      memberships: memberships.filter((m) => m.agencyId === pid).map(row),
      awards: awards.filter((a) => a.agencyId === pid).map((a) => ({ year: a.blocYear.year, awardKind: a.awardKind, decisionNumber: a.decisionNumber, decisionDate: a.decisionDate })),
    };
  });
  return {
    agency,
    currentName: versionAt(agency.versions, new Date())?.name ?? agency.code,
    lineageIn: agency.successorOf.map((l) => ({ ...l, other: l.predecessorId === agency.id ? null : { id: l.predecessor.id, name: lastName(l.predecessor) } })),
    lineageOut: agency.predecessorOf
      .filter((l) => l.successorId !== agency.id) // a rename or transfer of itself is listed once, above
      .map((l) => ({ ...l, other: l.successor ? { id: l.successor.id, name: lastName(l.successor) } : null })),
    memberships: own.map(row),
    predecessors,
    showFlags: isBoardOrAdmin || p.agencyIds.includes(agency.id),
    canManage,
    open,
    mergeTargets,
  };
}

// ───────────────────────────── Administration: admin everywhere, a board in its province ─────────────────────────────

/** Where a person manages agencies: every province, or these. */
export type ManageScope = 'ALL' | number[];

export function agencyManageScope(p: Principal): ManageScope {
  if (p.isAdmin && can(p, 'agency.manage')) return 'ALL';
  return p.boardProvinceIds.filter((id) => can(p, 'agency.manage', { provinceId: id }));
}

export async function provinceOptions(db: Db, scope: ManageScope | null) {
  if (scope === null || (scope !== 'ALL' && scope.length === 0)) return [];
  return db.province.findMany({ where: scope === 'ALL' ? {} : { id: { in: scope } }, orderBy: { name: 'asc' }, select: { id: true, name: true } });
}

/** The agency a write is about, with its province's permission checked — before any form is read. */
export async function agencyToManage(db: Db, req: Request, id: number) {
  const p = req.user as Principal;
  const agency = await db.agency.findFirst({ where: { AND: [{ id }, agencyWhere(p)] }, select: { id: true, provinceId: true, code: true, kind: true } });
  if (!agency) {
    if (await db.agency.count({ where: { id } })) throw new ForbiddenError();
    throw new NotFoundError('Không tìm thấy đơn vị.');
  }
  authorize(req, 'agency.manage', { provinceId: agency.provinceId });
  return agency;
}

const DAY = 24 * 60 * 60 * 1000;

/** A unique code: province code + the folded short name (or name), with -2, -3… when taken. */
async function newCode(tx: Tx, provinceCode: string, label: string): Promise<string> {
  const slug = foldForSearch(label).replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'don-vi';
  const stem = `${provinceCode}-${slug}`.slice(0, 80);
  const taken = new Set((await tx.agency.findMany({ where: { code: { startsWith: stem } }, select: { code: true } })).map((a) => a.code));
  if (!taken.has(stem)) return stem;
  for (let i = 2; ; i++) if (!taken.has(`${stem}-${i}`)) return `${stem}-${i}`;
}

/** POST /agencies — a new agency with its first version. */
export async function createAgency(db: Db, actor: Actor, input: NewAgencyInput): Promise<number> {
  return db.$transaction(async (tx) => (await insertAgency(tx, actor, input)).id);
}

/**
 * A new agency — unique code, first version, audit row — inside the caller's transaction: the form
 * above and the organisation import (src/modules/imports) create agencies the same way.
 */
export async function insertAgency(tx: Tx, actor: Actor, input: NewAgencyInput): Promise<{ id: number; versionId: number }> {
  const province = await tx.province.findUnique({ where: { id: input.provinceId }, select: { code: true } });
  if (!province) throw new ValidationError({ provinceId: 'Vui lòng chọn tỉnh.' });
  const code = await newCode(tx, province.code, input.shortName || input.name);
  const version = { name: input.name, shortName: input.shortName, parentBody: input.parentBody, area: input.area, validFrom: input.validFrom };
  const a = await tx.agency.create({
    data: { provinceId: input.provinceId, code, kind: input.kind, versions: { create: version } },
    select: { id: true, versions: { select: { id: true } } },
  });
  await audit(tx, actor, 'agency.create', 'Agency', a.id, { new: { code, kind: input.kind, ...version }, provinceId: input.provinceId });
  return { id: a.id, versionId: a.versions[0].id };
}

/**
 * Corrections of the version in operation — short name, kind, parent body, area — inside the
 * caller's transaction (the organisation import); not a dated change, which is a rename or transfer.
 */
export async function correctAgency(tx: Tx, actor: Actor, id: number, input: { shortName: string; kind: EditAgencyInput['kind']; parentBody: string; area: string }) {
  const a = await tx.agency.findUniqueOrThrow({ where: { id }, select: { kind: true, provinceId: true } });
  const v = await openVersion(tx, id);
  if (a.kind !== input.kind) await tx.agency.update({ where: { id }, data: { kind: input.kind } });
  // the name is written with the short name so the search key is computed from both in one write
  await tx.agencyVersion.update({ where: { id: v.id }, data: { name: v.name, shortName: input.shortName, parentBody: input.parentBody, area: input.area } });
  await audit(tx, actor, 'agency.edit', 'Agency', id, {
    old: { kind: a.kind, shortName: v.shortName, parentBody: v.parentBody, area: v.area },
    new: input,
    provinceId: a.provinceId,
  });
}

/** The version in operation, or 409: a merged, split or dissolved agency gets no more events. */
async function openVersion(tx: Tx, agencyId: number) {
  const v = await tx.agencyVersion.findFirst({ where: { agencyId, validTo: null }, orderBy: { validFrom: 'desc' } });
  if (!v) throw new ConflictError('Cơ quan, đơn vị này đã kết thúc hoạt động (hợp nhất, chia tách hoặc giải thể); không thể ghi nhận thêm thay đổi.');
  return v;
}

/** An event's date must come after the current version began (the version closes the day before). */
function checkDate(date: Date, current: { validFrom: Date }) {
  if (date.getTime() - DAY < current.validFrom.getTime()) {
    throw new ValidationError({ date: `Ngày hiệu lực phải sau ngày bắt đầu của tên gọi hiện tại (${formatDate(current.validFrom)}).` });
  }
}

/**
 * Merge, split, dissolve end the agency: refused (409, naming the bloc-year) while it is a member of a
 * bloc-year not yet closed whose year reaches the date — the bloc's head removes it at set-up, or
 * the year is closed first; nothing is rewritten behind the bloc's back.
 */
async function checkNoOpenMembership(tx: Tx, agencyId: number, date: Date) {
  const m = await tx.membership.findFirst({
    where: { agencyId, leftAt: null, blocYear: { phase: { not: 'CLOSED' }, year: { gte: date.getUTCFullYear() } } },
    orderBy: { blocYear: { year: 'asc' } },
    select: { blocYear: { select: { year: true, bloc: { select: { versions: { select: { name: true, validFrom: true, validTo: true } } } } } } },
  });
  if (m) {
    const bloc = versionAt(m.blocYear.bloc.versions, midYear(m.blocYear.year))?.name ?? '';
    throw new ConflictError(`Đơn vị đang là thành viên của ${bloc} năm ${m.blocYear.year} (chưa khóa sổ). Hãy đưa đơn vị ra khỏi năm thi đua này hoặc khóa sổ năm trước khi ghi nhận thay đổi.`);
  }
}

/** Bloc-years not closed from the date's year on point their members at the version valid on 1 July. */
async function repointMemberships(tx: Tx, agencyId: number, fromVersionId: number, toVersionId: number, date: Date) {
  const y = date.getUTCFullYear();
  const firstYear = date.getTime() <= midYear(y).getTime() ? y : y + 1;
  await tx.membership.updateMany({
    where: { agencyId, agencyVersionId: fromVersionId, blocYear: { phase: { not: 'CLOSED' }, year: { gte: firstYear } } },
    data: { agencyVersionId: toVersionId },
  });
}

const closeDay = (date: Date) => new Date(date.getTime() - DAY);
const eventRecord = (input: { date: Date; legalBasis: string; note: string }) => ({ date: input.date, legalBasis: input.legalBasis, note: input.note });

/** POST /agencies/:id — correct the current version's kind, parent body, area (not a dated change). */
export async function editAgency(db: Db, actor: Actor, id: number, input: EditAgencyInput) {
  return db.$transaction(async (tx) => {
    const a = await tx.agency.findUniqueOrThrow({ where: { id }, select: { kind: true, provinceId: true } });
    const v = await openVersion(tx, id);
    await tx.agency.update({ where: { id }, data: { kind: input.kind } });
    await tx.agencyVersion.update({ where: { id: v.id }, data: { parentBody: input.parentBody, area: input.area } });
    await audit(tx, actor, 'agency.edit', 'Agency', id, { old: { kind: a.kind, parentBody: v.parentBody, area: v.area }, new: input, provinceId: a.provinceId });
  });
}

/** A new version from `date` (the current one closes the day before), lineage to itself. */
async function newVersionFrom(tx: Tx, actor: Actor, id: number, kind: 'RENAME' | 'TRANSFER', input: { date: Date; legalBasis: string; note: string }, change: { name?: string; shortName?: string; parentBody?: string; area?: string }) {
  const a = await tx.agency.findUniqueOrThrow({ where: { id }, select: { provinceId: true } });
  const v = await openVersion(tx, id);
  checkDate(input.date, v);
  const next = { name: change.name ?? v.name, shortName: change.shortName ?? v.shortName, parentBody: change.parentBody ?? v.parentBody, area: change.area ?? v.area };
  if (next.name === v.name && next.shortName === v.shortName && next.parentBody === v.parentBody && next.area === v.area) {
    throw new ValidationError(kind === 'RENAME' ? { name: 'Tên mới trùng với tên hiện tại.' } : { parentBody: 'Cơ quan chủ quản và địa bàn không thay đổi.' });
  }
  await tx.agencyVersion.update({ where: { id: v.id }, data: { validTo: closeDay(input.date) } });
  const created = await tx.agencyVersion.create({ data: { agencyId: id, ...next, validFrom: input.date }, select: { id: true } });
  await repointMemberships(tx, id, v.id, created.id, input.date);
  await tx.agencyLineage.create({ data: { kind, predecessorId: id, successorId: id, ...eventRecord(input) } });
  await audit(tx, actor, `agency.${kind.toLowerCase()}`, 'Agency', id, {
    old: { name: v.name, shortName: v.shortName, parentBody: v.parentBody, area: v.area, validFrom: v.validFrom },
    new: { ...next, ...eventRecord(input) },
    provinceId: a.provinceId,
  });
}

/** POST /agencies/:id/rename */
export async function renameAgency(db: Db, actor: Actor, id: number, input: RenameInput) {
  return db.$transaction((tx) => newVersionFrom(tx, actor, id, 'RENAME', input, { name: input.name, shortName: input.shortName }));
}

/** POST /agencies/:id/transfer — a new parent body and/or area; the identity stays (lineage TRANSFER to itself). */
export async function transferAgency(db: Db, actor: Actor, id: number, input: TransferInput) {
  return db.$transaction((tx) => newVersionFrom(tx, actor, id, 'TRANSFER', input, { parentBody: input.parentBody, area: input.area }));
}

/** Close the agency's version the day before the date: the end of a merge, split or dissolution. */
async function endAgency(tx: Tx, id: number, date: Date) {
  const v = await openVersion(tx, id);
  checkDate(date, v);
  await checkNoOpenMembership(tx, id, date);
  await tx.agencyVersion.update({ where: { id: v.id }, data: { validTo: closeDay(date) } });
  return v;
}

/** POST /agencies/:id/merge — into another agency of the province, which keeps this one's history. */
export async function mergeAgency(db: Db, actor: Actor, id: number, input: MergeInput) {
  return db.$transaction(async (tx) => {
    const a = await tx.agency.findUniqueOrThrow({ where: { id }, select: { provinceId: true } });
    if (input.successorId === id) throw new ValidationError({ successorId: 'Không thể hợp nhất một đơn vị vào chính nó.' });
    const successor = await tx.agency.findFirst({
      where: { id: input.successorId, provinceId: a.provinceId, versions: { some: { validTo: null } } },
      select: { id: true, versions: { where: { validTo: null }, select: { name: true } } },
    });
    if (!successor) throw new ValidationError({ successorId: 'Vui lòng chọn một cơ quan, đơn vị đang hoạt động của cùng tỉnh.' });
    const v = await endAgency(tx, id, input.date);
    await tx.agencyLineage.create({ data: { kind: 'MERGE', predecessorId: id, successorId: successor.id, ...eventRecord(input) } });
    await audit(tx, actor, 'agency.merge', 'Agency', id, { old: { name: v.name }, new: { successorId: successor.id, successor: successor.versions[0]?.name, ...eventRecord(input) }, provinceId: a.provinceId });
    return successor.id;
  });
}

/** POST /agencies/:id/split — into two or more new agencies, created in the same transaction. */
export async function splitAgency(db: Db, actor: Actor, id: number, input: SplitInput) {
  return db.$transaction(async (tx) => {
    const a = await tx.agency.findUniqueOrThrow({ where: { id }, select: { provinceId: true, kind: true, province: { select: { code: true } } } });
    const v = await endAgency(tx, id, input.date);
    const ids: number[] = [];
    for (const part of input.parts) {
      const code = await newCode(tx, a.province.code, part.shortName || part.name);
      const created = await tx.agency.create({
        data: { provinceId: a.provinceId, code, kind: a.kind, versions: { create: { name: part.name, shortName: part.shortName, parentBody: v.parentBody, area: v.area, validFrom: input.date } } },
        select: { id: true },
      });
      await tx.agencyLineage.create({ data: { kind: 'SPLIT', predecessorId: id, successorId: created.id, ...eventRecord(input) } });
      ids.push(created.id);
    }
    await audit(tx, actor, 'agency.split', 'Agency', id, { old: { name: v.name }, new: { successors: input.parts.map((p, i) => ({ id: ids[i], ...p })), ...eventRecord(input) }, provinceId: a.provinceId });
    return ids;
  });
}

/** POST /agencies/:id/dissolve */
export async function dissolveAgency(db: Db, actor: Actor, id: number, input: DissolveInput) {
  return db.$transaction(async (tx) => {
    const a = await tx.agency.findUniqueOrThrow({ where: { id }, select: { provinceId: true } });
    const v = await endAgency(tx, id, input.date);
    await tx.agencyLineage.create({ data: { kind: 'DISSOLVE', predecessorId: id, successorId: null, ...eventRecord(input) } });
    await audit(tx, actor, 'agency.dissolve', 'Agency', id, { old: { name: v.name }, new: eventRecord(input), provinceId: a.provinceId });
  });
}

/** The edit form's values: the current version. */
export async function agencyForEdit(db: Db, id: number) {
  const a = await db.agency.findUniqueOrThrow({ where: { id }, select: { id: true, kind: true, code: true, province: { select: { name: true } }, versions: { where: { validTo: null }, take: 1 } } });
  const v = a.versions[0];
  if (!v) throw new ConflictError('Cơ quan, đơn vị này đã kết thúc hoạt động; không thể sửa thông tin.');
  return { id: a.id, code: a.code, provinceName: a.province.name, name: v.name, shortName: v.shortName, values: { kind: a.kind, parentBody: v.parentBody, area: v.area } };
}

export type { Prisma };
