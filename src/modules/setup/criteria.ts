// The year's criteria table (bảng tiêu chí): copied from the province's template or from last year's
// table of the bloc into rows of its own (so editing the template never changes a year), edited by
// the head while the year is set up or registering, locked when scoring opens.
//
// Every id from a URL is looked up with `tableId` of THIS year's table in the where, so an id of
// another year or bloc is a 404. Every write first bumps the table's version where it is still
// unlocked: that both detects the lock and makes an edit wait for (then fail after) a concurrent
// "open scoring", which locks the same row.
import type { Db, Tx } from '../../db/client';
import { canEditCriteria } from '../../domain/phases';
import { tableMax } from '../../domain/scoring';
import { ConflictError, NotFoundError, ValidationError } from '../../http/errors';
import { audit, type Actor } from '../audit';
import { loadTable } from '../scoring/service';
import { requirePhase, type YearContext } from '../years/context';
import { lockYearIn } from '../years/lock';
import type { CopySource, GroupInput, ItemInput } from './schemas';

export const LOCKED = 'Bảng tiêu chí đã khóa khi mở chấm điểm; không thể sửa.';
/**
 * Criteria (with bonus and deduction items) one table may hold. It bounds the score sheet, the
 * largest form of the portal, and so the request body limit (src/http/body-limit.ts).
 */
export const MAX_CRITERIA_PER_TABLE = 100;
const TOO_MANY = `Bảng tiêu chí có tối đa ${MAX_CRITERIA_PER_TABLE} tiêu chí (kể cả điểm thưởng, điểm trừ).`;
const NO_TABLE = 'Năm thi đua chưa có bảng tiêu chí: cần lập bảng tiêu chí trước.';

type Table = { id: number; lockedAt: Date | null; baseTotal: number };

// ───────────────────────────── Reading ─────────────────────────────

/** Where a new year's table can come from: the province's latest template, last year's table of the bloc. */
async function copySources(db: Db, y: YearContext) {
  const select = { id: true, name: true, baseTotal: true } as const;
  const [template, previous] = await Promise.all([
    db.criteriaTable.findFirst({ where: { provinceId: y.provinceId, blocYearId: null }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], select }),
    db.criteriaTable.findFirst({ where: { blocYear: { blocId: y.blocYear.blocId, year: y.blocYear.year - 1 } }, orderBy: { id: 'desc' }, select }),
  ]);
  // counted for these two tables only (Prisma's relation _count groups the whole Criterion table)
  const ids = [template?.id, previous?.id].filter((id): id is number => id !== undefined);
  const counts = ids.length ? await db.criterion.groupBy({ by: ['tableId'], where: { tableId: { in: ids } }, _count: { _all: true } }) : [];
  const withCount = <T extends { id: number }>(t: T | null) => (t ? { ...t, _count: { criteria: counts.find((c) => c.tableId === t.id)?._count._all ?? 0 } } : null);
  return { template: withCount(template), previous: withCount(previous) };
}

export async function criteriaPage(db: Db, y: YearContext) {
  const t = await loadTable(db, y.blocYear.id);
  const canManage = y.can('year.manage') && canEditCriteria(y.state);
  return {
    table: t?.table ?? null,
    groups: (t?.groups ?? []).map((g) => ({ ...g, max: tableMax(g.criteria) })),
    max: t?.max ?? null,
    canEdit: canManage && Boolean(t && !t.table.lockedAt),
    // Importing a table from Excel replaces the year's (or makes the first one): same rule as editing.
    canImport: canManage && !t?.table.lockedAt,
    sources: canManage && !t ? await copySources(db, y) : null,
  };
}

/** The year's table for the head: 403 for anyone else, 409 when the year has none yet. */
async function headsTable(db: Db, y: YearContext): Promise<Table> {
  y.authorize('year.manage');
  const table = await db.criteriaTable.findFirst({ where: { blocYearId: y.blocYear.id }, orderBy: { id: 'desc' }, select: { id: true, lockedAt: true, baseTotal: true } });
  if (!table) throw new ConflictError(NO_TABLE);
  return table;
}

const assertEditable = (y: YearContext, table: Table) => requirePhase(canEditCriteria(y.state) && !table.lockedAt, LOCKED);

/** The year's table, when the signed-in head may edit it now: 403, then 409 (no table, locked). */
export async function editableTable(db: Db, y: YearContext): Promise<Table> {
  const table = await headsTable(db, y);
  assertEditable(y, table);
  return table;
}

/** A group of this year's table (404 for any other), when the table may be edited. */
export async function editableGroup(db: Db, y: YearContext, groupId: number) {
  const table = await headsTable(db, y);
  const group = await db.criteriaGroup.findFirst({ where: { id: groupId, tableId: table.id } });
  if (!group) throw new NotFoundError('Không tìm thấy nhóm tiêu chí này trong bảng tiêu chí của năm thi đua.');
  assertEditable(y, table);
  return { table, group };
}

/** A criterion of this year's table (404 for any other), when the table may be edited. */
export async function editableCriterion(db: Db, y: YearContext, criterionId: number) {
  const table = await headsTable(db, y);
  const criterion = await db.criterion.findFirst({ where: { id: criterionId, tableId: table.id } });
  if (!criterion) throw new NotFoundError('Không tìm thấy tiêu chí này trong bảng tiêu chí của năm thi đua.');
  assertEditable(y, table);
  return { table, criterion };
}

export async function groupOptions(db: Db, tableId: number) {
  return db.criteriaGroup.findMany({ where: { tableId }, orderBy: { sortOrder: 'asc' }, select: { id: true, code: true, name: true } });
}

// ───────────────────────────── Writing ─────────────────────────────

/** Inside the write's transaction: fails with 409 once the year or the table is locked (see the header). */
async function guard(tx: Tx, y: YearContext, tableId: number): Promise<void> {
  // The year's row before the table's: "open scoring" takes them in that order too.
  await lockYearIn(tx, y, canEditCriteria, LOCKED);
  const { count } = await tx.criteriaTable.updateMany({ where: { id: tableId, lockedAt: null }, data: { version: { increment: 1 } } });
  if (count === 0) throw new ConflictError(LOCKED);
}

async function uniqueGroupCode(tx: Tx, tableId: number, code: string, exceptId?: number) {
  const same = await tx.criteriaGroup.findFirst({ where: { tableId, code, ...(exceptId ? { NOT: { id: exceptId } } : {}) }, select: { id: true } });
  if (same) throw new ValidationError({ groupCode: `Bảng tiêu chí đã có nhóm ${code}.` });
}

async function uniqueCriterionCode(tx: Tx, tableId: number, code: string, exceptId?: number) {
  const same = await tx.criterion.findFirst({ where: { tableId, code, ...(exceptId ? { NOT: { id: exceptId } } : {}) }, select: { id: true } });
  if (same) throw new ValidationError({ code: `Bảng tiêu chí đã có tiêu chí mã ${code}.` });
}

async function groupOfTable(tx: Tx, tableId: number, groupId: number) {
  const g = await tx.criteriaGroup.findFirst({ where: { id: groupId, tableId }, select: { id: true } });
  if (!g) throw new ValidationError({ groupId: 'Nhóm tiêu chí không thuộc bảng tiêu chí của năm này.' });
}

/** Copies the template or last year's table (groups one by one for their new ids, then the criteria). */
export async function copyTable(db: Db, y: YearContext, actor: Actor, source: CopySource): Promise<{ name: string; criteria: number }> {
  y.authorize('year.manage');
  requirePhase(canEditCriteria(y.state), LOCKED);
  const { template, previous } = await copySources(db, y);
  const picked = source === 'template' ? template : previous;
  if (!picked) {
    throw new ConflictError(source === 'template' ? `Tỉnh ${y.provinceName} chưa có bảng tiêu chí mẫu.` : `Khối chưa có bảng tiêu chí năm ${y.blocYear.year - 1} để sao chép.`);
  }
  if (picked._count.criteria > MAX_CRITERIA_PER_TABLE) throw new ConflictError(TOO_MANY);
  const name = `Bảng tiêu chí chấm điểm thi đua năm ${y.blocYear.year}`;
  const criteria = await db.$transaction(async (tx) => {
    // No unique key stops a second table for the year: locking the year's row first makes two
    // copies at once wait for each other, and the count below then sees the first one.
    await lockYearIn(tx, y, canEditCriteria, LOCKED);
    if (await tx.criteriaTable.count({ where: { blocYearId: y.blocYear.id } })) throw new ConflictError('Năm thi đua đã có bảng tiêu chí.');
    const copied = await copyTableInto(tx, picked.id, y.blocYear.id, name);
    await audit(tx, actor, 'criteria.copy', 'CriteriaTable', copied.tableId, {
      blocYearId: y.blocYear.id,
      new: { source, sourceTableId: picked.id, groups: copied.groups, criteria: copied.criteria },
    });
    return copied.criteria;
  });
  return { name, criteria };
}

/** A fresh, unlocked copy of a table for a bloc-year (groups one by one for their new ids, then the criteria). */
export async function copyTableInto(tx: Tx, sourceTableId: number, blocYearId: number, name: string): Promise<{ tableId: number; groups: number; criteria: number }> {
  const src = await tx.criteriaTable.findUniqueOrThrow({
    where: { id: sourceTableId },
    include: { groups: { orderBy: { sortOrder: 'asc' } }, criteria: { orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }] } },
  });
  const table = await tx.criteriaTable.create({ data: { blocYearId, name, baseTotal: src.baseTotal, sourceTableId: src.id } });
  await insertTableContents(
    tx,
    table.id,
    src.groups.map((g) => ({ ...g, criteria: src.criteria.filter((c) => c.groupId === g.id) })),
  );
  return { tableId: table.id, groups: src.groups.length, criteria: src.criteria.length };
}

/** The content of a table, as a copy or an import (imports/criteria.ts) writes it into an empty table. */
export type TableContents = {
  sortOrder: number;
  code: string;
  name: string;
  isCoreTask: boolean;
  criteria: { sortOrder: number; code: string; name: string; kind: string; maxCenti: number; stepCenti: number; guidance: string }[];
}[];

/** Writes groups (one by one, for their new ids) then all their criteria into a table that has none. */
export async function insertTableContents(tx: Tx, tableId: number, groups: TableContents): Promise<void> {
  const rows = [];
  for (const g of groups) {
    const ng = await tx.criteriaGroup.create({ data: { tableId, sortOrder: g.sortOrder, code: g.code, name: g.name, isCoreTask: g.isCoreTask } });
    for (const c of g.criteria) {
      rows.push({ tableId, groupId: ng.id, sortOrder: c.sortOrder, code: c.code, name: c.name, kind: c.kind, maxCenti: c.maxCenti, stepCenti: c.stepCenti, guidance: c.guidance });
    }
  }
  if (rows.length) await tx.criterion.createMany({ data: rows });
}

const groupData = (g: GroupInput) => ({ code: g.groupCode, name: g.groupName, isCoreTask: g.isCoreTask });

export async function createGroup(db: Db, y: YearContext, actor: Actor, table: Table, input: GroupInput): Promise<void> {
  await db.$transaction(async (tx) => {
    await guard(tx, y, table.id);
    await uniqueGroupCode(tx, table.id, input.groupCode);
    const max = await tx.criteriaGroup.aggregate({ where: { tableId: table.id }, _max: { sortOrder: true } });
    const g = await tx.criteriaGroup.create({ data: { tableId: table.id, sortOrder: (max._max.sortOrder ?? 0) + 1, ...groupData(input) } });
    await audit(tx, actor, 'criteria.group.create', 'CriteriaGroup', g.id, { blocYearId: y.blocYear.id, new: groupData(input) });
  });
}

export async function updateGroup(db: Db, y: YearContext, actor: Actor, table: Table, group: { id: number; code: string; name: string; isCoreTask: boolean }, input: GroupInput): Promise<void> {
  await db.$transaction(async (tx) => {
    await guard(tx, y, table.id);
    await uniqueGroupCode(tx, table.id, input.groupCode, group.id);
    await tx.criteriaGroup.updateMany({ where: { id: group.id, tableId: table.id }, data: groupData(input) });
    await audit(tx, actor, 'criteria.group.update', 'CriteriaGroup', group.id, {
      blocYearId: y.blocYear.id,
      old: { code: group.code, name: group.name, isCoreTask: group.isCoreTask },
      new: groupData(input),
    });
  });
}

/** Only an empty group goes: its criteria are deleted (or moved) one by one first, on purpose. */
export async function deleteGroup(db: Db, y: YearContext, actor: Actor, table: Table, group: { id: number; code: string; name: string }): Promise<void> {
  await db.$transaction(async (tx) => {
    await guard(tx, y, table.id);
    const n = await tx.criterion.count({ where: { groupId: group.id, tableId: table.id } });
    if (n) throw new ConflictError(`Nhóm ${group.code} còn ${n} tiêu chí: cần xóa hoặc chuyển các tiêu chí sang nhóm khác trước khi xóa nhóm.`);
    await tx.criteriaGroup.deleteMany({ where: { id: group.id, tableId: table.id } });
    await audit(tx, actor, 'criteria.group.delete', 'CriteriaGroup', group.id, { blocYearId: y.blocYear.id, old: { code: group.code, name: group.name } });
  });
}

const itemData = (i: ItemInput) => ({ groupId: i.groupId, code: i.code, name: i.name, kind: i.kind, maxCenti: i.maxPoints, stepCenti: i.stepCenti, guidance: i.guidance });

async function nextSortOrder(tx: Tx, tableId: number, groupId: number) {
  const max = await tx.criterion.aggregate({ where: { tableId, groupId }, _max: { sortOrder: true } });
  return (max._max.sortOrder ?? 0) + 1;
}

export async function createCriterion(db: Db, y: YearContext, actor: Actor, table: Table, input: ItemInput): Promise<void> {
  await db.$transaction(async (tx) => {
    await guard(tx, y, table.id);
    await groupOfTable(tx, table.id, input.groupId);
    await uniqueCriterionCode(tx, table.id, input.code);
    if ((await tx.criterion.count({ where: { tableId: table.id } })) >= MAX_CRITERIA_PER_TABLE) throw new ConflictError(TOO_MANY);
    const c = await tx.criterion.create({ data: { tableId: table.id, sortOrder: await nextSortOrder(tx, table.id, input.groupId), ...itemData(input) } });
    await audit(tx, actor, 'criteria.item.create', 'Criterion', c.id, { blocYearId: y.blocYear.id, new: itemData(input) });
  });
}

type CriterionRow = { id: number; groupId: number; code: string; name: string; kind: string; maxCenti: number; stepCenti: number; guidance: string };
const oldItem = (c: CriterionRow) => ({ groupId: c.groupId, code: c.code, name: c.name, kind: c.kind, maxCenti: c.maxCenti, stepCenti: c.stepCenti, guidance: c.guidance });

export async function updateCriterion(db: Db, y: YearContext, actor: Actor, table: Table, criterion: CriterionRow, input: ItemInput): Promise<void> {
  await db.$transaction(async (tx) => {
    await guard(tx, y, table.id);
    await groupOfTable(tx, table.id, input.groupId);
    await uniqueCriterionCode(tx, table.id, input.code, criterion.id);
    // Moved to another group: it goes last there.
    const sortOrder = input.groupId === criterion.groupId ? undefined : await nextSortOrder(tx, table.id, input.groupId);
    await tx.criterion.updateMany({ where: { id: criterion.id, tableId: table.id }, data: { ...itemData(input), ...(sortOrder ? { sortOrder } : {}) } });
    await audit(tx, actor, 'criteria.item.update', 'Criterion', criterion.id, { blocYearId: y.blocYear.id, old: oldItem(criterion), new: itemData(input) });
  });
}

export async function deleteCriterion(db: Db, y: YearContext, actor: Actor, table: Table, criterion: CriterionRow): Promise<void> {
  await db.$transaction(async (tx) => {
    await guard(tx, y, table.id);
    // Scores exist only after the lock, so this is a safety net for data entered some other way.
    if (await tx.scoreEntry.count({ where: { criterionId: criterion.id } })) throw new ConflictError('Tiêu chí đã có điểm chấm: không thể xóa.');
    await tx.criterion.deleteMany({ where: { id: criterion.id, tableId: table.id } });
    await audit(tx, actor, 'criteria.item.delete', 'Criterion', criterion.id, { blocYearId: y.blocYear.id, old: oldItem(criterion) });
  });
}
