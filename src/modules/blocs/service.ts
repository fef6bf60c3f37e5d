import type { Db, Tx } from '../../db/client';
import type { Principal } from '../../auth/principal';
import { blocWhere } from '../../auth/scope';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../http/errors';
import { audit, type Actor } from '../audit';
import { formatDate } from '../../i18n/format';
import type { NewBlocInput, NewYearInput, RenameBlocInput, RetireBlocInput } from './schemas';
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
            // every membership of the year (its count too: Prisma's _count would group the whole table)
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
      memberCount: y?.memberships.length ?? 0,
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

// ───────────────────────────── Administration (admin: every province; board: its own) ─────────────────────────────

const DAY = 86_400_000;
const yearStart = (y: number) => new Date(Date.UTC(y, 0, 1));
const yearEnd = (y: number) => new Date(Date.UTC(y, 11, 31, 23, 59, 59));
/** A dated row (a bloc's or an agency's version) in force at some time of the year. */
const overlapsYear = (v: { validFrom: Date; validTo: Date | null }, y: number) => v.validFrom <= yearEnd(y) && (v.validTo === null || v.validTo >= yearStart(y));

/** Who manages blocs somewhere (admin, or a board of a province), else 403 — before any form is read. */
export function blocManager(p: Principal): Principal {
  if (!p.isAdmin && !p.boardProvinceIds.length) throw new ForbiddenError();
  return p;
}

/** Provinces whose blocs this manager may administer (admin: all). */
export function managedProvinces(db: Db, p: Principal) {
  return db.province.findMany({ where: p.isAdmin ? {} : { id: { in: p.boardProvinceIds } }, orderBy: { name: 'asc' }, select: { id: true, name: true, code: true } });
}

/** The bloc to administer: 404 when it does not exist, 403 unless `bloc.manage` in its province. */
export async function managedBloc(db: Db, p: Principal, id: number) {
  const bloc = await db.bloc.findUnique({
    where: { id },
    include: {
      province: { select: { id: true, name: true } },
      versions: { orderBy: { validFrom: 'asc' } },
      years: { orderBy: { year: 'desc' }, select: { id: true, year: true, phase: true } },
    },
  });
  if (!bloc) throw new NotFoundError('Không tìm thấy khối thi đua.');
  if (!can(p, 'bloc.manage', { provinceId: bloc.provinceId })) throw new ForbiddenError();
  const latest = bloc.versions[bloc.versions.length - 1];
  const retired = latest?.validTo ?? null;
  return { ...bloc, latest, retired, name: versionAt(bloc.versions, new Date())?.name ?? bloc.code };
}
export type ManagedBloc = Awaited<ReturnType<typeof managedBloc>>;

/** POST /blocs — a new bloc with its first version (the UBND decision); its code generated unique. */
export async function createBloc(db: Db, actor: Actor, p: Principal, input: NewBlocInput): Promise<{ id: number; name: string }> {
  // a board with one province gets its own; the admin (or a board of several) must choose
  const provinceId = input.provinceId ?? (!p.isAdmin && p.boardProvinceIds.length === 1 ? p.boardProvinceIds[0] : undefined);
  if (provinceId === undefined) throw new ValidationError({ provinceId: 'Vui lòng chọn tỉnh.' });
  if (!can(p, 'bloc.manage', { provinceId })) throw new ForbiddenError();
  const province = await db.province.findUnique({ where: { id: provinceId }, select: { id: true, code: true } });
  if (!province) throw new ValidationError({ provinceId: 'Không tìm thấy tỉnh này.' });
  return db.$transaction((tx) => insertBloc(tx, actor, province, input));
}

/**
 * A new bloc — code `<province>-<kind>-<n>`, first version, audit row — inside the caller's
 * transaction: the form above and the organisation import (src/modules/imports) create blocs alike.
 */
export async function insertBloc(
  tx: Tx,
  actor: Actor,
  province: { id: number; code: string },
  input: Pick<NewBlocInput, 'name' | 'kind' | 'decision' | 'validFrom'>,
): Promise<{ id: number; name: string }> {
  const provinceId = province.id;
  const prefix = `${province.code}-${input.kind.toLowerCase()}-`;
  const taken = await tx.bloc.findMany({ where: { code: { startsWith: prefix } }, select: { code: true } });
  const n = Math.max(0, ...taken.map((b) => Number(b.code.slice(prefix.length)) || 0)) + 1;
  const code = `${prefix}${n}`;
  const bloc = await tx.bloc
    .create({ data: { provinceId, code, kind: input.kind, versions: { create: { name: input.name, decision: input.decision, validFrom: input.validFrom } } } })
    .catch((e: { code?: string }) => {
      if (e.code === 'P2002') throw new ConflictError('Một khối khác vừa được tạo cùng lúc. Vui lòng gửi lại.');
      throw e;
    });
  await audit(tx, actor, 'bloc.create', 'Bloc', bloc.id, { provinceId, new: { code, kind: input.kind, name: input.name, decision: input.decision, validFrom: input.validFrom } });
  return { id: bloc.id, name: input.name };
}

/** Corrections of a bloc's kind and of its current version's decision (the organisation import), in the caller's transaction. */
export async function correctBloc(tx: Tx, actor: Actor, blocId: number, input: { kind: NewBlocInput['kind']; decision: string }): Promise<void> {
  const bloc = await tx.bloc.findUniqueOrThrow({ where: { id: blocId }, select: { provinceId: true, kind: true } });
  const v = await tx.blocVersion.findFirst({ where: { blocId, validTo: null }, orderBy: { validFrom: 'desc' } });
  if (!v) throw new ConflictError('Khối đã ngừng hoạt động: không sửa được.');
  if (bloc.kind !== input.kind) await tx.bloc.update({ where: { id: blocId }, data: { kind: input.kind } });
  if (v.decision !== input.decision) await tx.blocVersion.update({ where: { id: v.id }, data: { decision: input.decision } });
  await audit(tx, actor, 'bloc.edit', 'Bloc', blocId, { provinceId: bloc.provinceId, old: { kind: bloc.kind, decision: v.decision }, new: input });
}

/** POST /blocs/:id/rename — the current name ends the day before; the new one starts with its decision. */
export async function renameBloc(db: Db, actor: Actor, bloc: ManagedBloc, input: RenameBlocInput): Promise<void> {
  if (bloc.retired) throw new ConflictError(`Khối đã ngừng hoạt động từ ${formatDate(bloc.retired)}: không đổi tên được.`);
  const latest = bloc.latest;
  if (input.validFrom.getTime() - latest.validFrom.getTime() < DAY) {
    throw new ValidationError({ validFrom: `Ngày đổi tên phải sau ngày tên hiện tại có hiệu lực (${formatDate(latest.validFrom)}).` });
  }
  const closedOn = new Date(input.validFrom.getTime() - DAY);
  await db.$transaction(async (tx) => {
    const { count } = await tx.blocVersion.updateMany({ where: { id: latest.id, validTo: null }, data: { validTo: closedOn } });
    if (count === 0) throw new ConflictError('Tên của khối vừa được thay đổi bởi người khác. Vui lòng tải lại trang.');
    const v = await tx.blocVersion.create({ data: { blocId: bloc.id, name: input.name, decision: input.decision, validFrom: input.validFrom } });
    await audit(tx, actor, 'bloc.rename', 'Bloc', bloc.id, {
      provinceId: bloc.provinceId,
      old: { versionId: latest.id, name: latest.name, validTo: null },
      new: { closedVersionValidTo: closedOn, versionId: v.id, name: input.name, decision: input.decision, validFrom: input.validFrom },
    });
  });
}

/** POST /blocs/:id/retire — the current version closed at the date; refused while a year is open. */
export async function retireBloc(db: Db, actor: Actor, bloc: ManagedBloc, input: RetireBlocInput): Promise<void> {
  if (bloc.retired) throw new ConflictError(`Khối đã ngừng hoạt động từ ${formatDate(bloc.retired)}.`);
  const open = bloc.years.filter((y) => y.phase !== 'CLOSED').map((y) => y.year);
  if (open.length) throw new ConflictError(`Chưa thể ngừng hoạt động: năm thi đua ${open.join(', ')} của khối chưa khóa sổ.`);
  if (input.retiredOn < bloc.latest.validFrom) throw new ValidationError({ retiredOn: `Ngày ngừng hoạt động không được trước ngày tên hiện tại có hiệu lực (${formatDate(bloc.latest.validFrom)}).` });
  const lastYear = bloc.years[0]?.year;
  if (lastYear !== undefined && input.retiredOn < yearStart(lastYear)) {
    throw new ValidationError({ retiredOn: `Khối có năm thi đua ${lastYear}: ngày ngừng hoạt động không được trước 01/01/${lastYear}.` });
  }
  await db.$transaction(async (tx) => {
    // under the same transaction: a year created meanwhile stops the retirement
    if (await tx.blocYear.count({ where: { blocId: bloc.id, phase: { not: 'CLOSED' } } })) throw new ConflictError('Chưa thể ngừng hoạt động: khối có năm thi đua chưa khóa sổ.');
    const { count } = await tx.blocVersion.updateMany({ where: { id: bloc.latest.id, validTo: null }, data: { validTo: input.retiredOn } });
    if (count === 0) throw new ConflictError('Khối vừa được thay đổi bởi người khác. Vui lòng tải lại trang.');
    await audit(tx, actor, 'bloc.retire', 'Bloc', bloc.id, { provinceId: bloc.provinceId, old: { versionId: bloc.latest.id, validTo: null }, new: { validTo: input.retiredOn, decision: input.decision } });
  });
}

export type YearFormValues = { year: string; agencyIds: string[]; rotation: Record<string, string>; headAgencyId: string; deputyAgencyId: string };

/** The raw form values, as typed, for a re-render (nothing lost). */
export function yearFormValues(body: Record<string, unknown>): YearFormValues {
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  const ids = body.agencyIds === undefined ? [] : (Array.isArray(body.agencyIds) ? body.agencyIds : [body.agencyIds]).map(str);
  const rotation: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (k.startsWith('rotation_')) rotation[k.slice('rotation_'.length)] = str(v);
  return { year: str(body.year), agencyIds: ids, rotation, headAgencyId: str(body.headAgencyId), deputyAgencyId: str(body.deputyAgencyId) };
}

/**
 * GET /blocs/:id/years/new — the agencies that may be members in `year` (the province's, and the
 * bloc's earlier members from elsewhere) with the name valid on 1 July; pre-filled from the latest
 * year: its members in rotation order, next head and deputy as elected or by the rotation.
 * 2 queries whatever the number of agencies.
 */
export async function newYearForm(db: Db, bloc: ManagedBloc, requestedYear: number | undefined, posted?: YearFormValues) {
  const latestYear = bloc.years[0];
  const year = requestedYear ?? (latestYear ? latestYear.year + 1 : new Date().getUTCFullYear());
  const [agencies, last] = await Promise.all([
    db.agency.findMany({
      where: {
        AND: [
          { OR: [{ provinceId: bloc.provinceId }, { memberships: { some: { blocYear: { blocId: bloc.id } } } }] },
          { versions: { some: { validFrom: { lte: yearEnd(year) }, OR: [{ validTo: null }, { validTo: { gte: yearStart(year) } }] } } },
        ],
      },
      orderBy: { id: 'asc' },
      select: { id: true, versions: { select: { name: true, validFrom: true, validTo: true } } },
    }),
    latestYear
      ? db.blocYear.findUnique({
          where: { id: latestYear.id },
          select: {
            year: true,
            headAgencyId: true,
            nextHeadAgencyId: true,
            nextDeputyAgencyId: true,
            memberships: { where: { leftAt: null }, orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }], select: { agencyId: true, rotationOrder: true } },
          },
        })
      : null,
  ]);
  const at = midYear(year);
  const candidates = agencies.map((a) => ({ id: a.id, name: versionAt(a.versions, at)?.name ?? String(a.id) })).sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  const known = new Set(candidates.map((c) => c.id));
  let values: YearFormValues;
  if (posted) values = posted;
  else {
    values = { year: String(year), agencyIds: [], rotation: {}, headAgencyId: '', deputyAgencyId: '' };
    if (last) {
      const members = last.memberships
        .filter((m) => known.has(m.agencyId))
        .sort((a, b) => (a.rotationOrder ?? Number.MAX_SAFE_INTEGER) - (b.rotationOrder ?? Number.MAX_SAFE_INTEGER));
      const ring = members.map((m) => m.agencyId);
      const after = (id: number | null | undefined) => (id != null && ring.includes(id) ? ring[(ring.indexOf(id) + 1) % ring.length] : undefined);
      const head = last.nextHeadAgencyId ?? after(last.headAgencyId);
      const deputy = last.nextDeputyAgencyId ?? after(head);
      values.agencyIds = ring.map(String);
      ring.forEach((id, i) => (values.rotation[String(id)] = String(i + 1)));
      values.headAgencyId = head && ring.includes(head) ? String(head) : '';
      values.deputyAgencyId = deputy && deputy !== head && ring.includes(deputy) ? String(deputy) : '';
    }
  }
  // ticked members first, in their rotation order, then every other agency by name
  const ticked = new Set(values.agencyIds);
  const rank = (id: number) => Number(values.rotation[String(id)]) || Number.MAX_SAFE_INTEGER;
  const rows = [...candidates.filter((c) => ticked.has(String(c.id))).sort((a, b) => rank(a.id) - rank(b.id)), ...candidates.filter((c) => !ticked.has(String(c.id)))];
  const valid = bloc.versions.some((v) => overlapsYear(v, year));
  return { year, rows, values, validInYear: valid, latestYear: last?.year ?? null };
}

/**
 * POST /blocs/:id/years — a bloc-year at set-up: members pointing at the name valid on 1 July, head,
 * deputy and rotation order; the province's rules of that year apply as they are. One transaction.
 */
export async function createBlocYear(db: Db, actor: Actor, bloc: ManagedBloc, input: NewYearInput, members: { agencyId: number; rotationOrder: number }[]): Promise<number> {
  const { year } = input;
  if (!bloc.versions.some((v) => overlapsYear(v, year))) {
    const from = bloc.versions[0]?.validFrom;
    throw new ValidationError({ year: bloc.retired ? `Khối đã ngừng hoạt động từ ${formatDate(bloc.retired)}: không thêm được năm ${year}.` : `Năm ${year} ngoài thời gian hoạt động của khối (từ ${formatDate(from)}).` });
  }
  if (bloc.years.some((y) => y.year === year)) throw new ValidationError({ year: `Khối đã có năm thi đua ${year}.` });
  const ids = members.map((m) => m.agencyId);
  const agencies = await db.agency.findMany({
    where: { id: { in: ids }, OR: [{ provinceId: bloc.provinceId }, { memberships: { some: { blocYear: { blocId: bloc.id } } } }] },
    select: { id: true, versions: { select: { id: true, name: true, validFrom: true, validTo: true } } },
  });
  const versionOf = new Map<number, { id: number; name: string }>();
  for (const a of agencies) {
    const v = versionAt(a.versions, midYear(year));
    if (v && overlapsYear(v, year)) versionOf.set(a.id, v);
  }
  const missing = ids.filter((id) => !versionOf.has(id));
  if (missing.length) throw new ValidationError({ agencyIds: `Có ${missing.length} đơn vị không thuộc tỉnh ${bloc.province.name} hoặc không hoạt động trong năm ${year}.` });
  return db.$transaction((tx) =>
    insertBlocYear(
      tx,
      actor,
      { blocId: bloc.id, provinceId: bloc.provinceId, year, headAgencyId: input.headAgencyId!, deputyAgencyId: input.deputyAgencyId! },
      members.map((m) => ({ agencyId: m.agencyId, agencyVersionId: versionOf.get(m.agencyId)!.id, rotationOrder: m.rotationOrder })),
    ),
  );
}

export type YearMember = { agencyId: number; agencyVersionId: number; rotationOrder: number | null };

/**
 * A bloc-year at set-up with its members (each pointing at the agency version valid that year, in
 * list order), head and deputy, and its audit row — inside the caller's transaction: the new-year
 * form above and the organisation import. The caller has checked the members' rules.
 */
export async function insertBlocYear(
  tx: Tx,
  actor: Actor,
  y: { blocId: number; provinceId: number; year: number; headAgencyId: number; deputyAgencyId: number },
  members: YearMember[],
): Promise<number> {
  const { year } = y;
  const created = await tx.blocYear
    .create({ data: { blocId: y.blocId, year, phase: 'SETUP', headAgencyId: y.headAgencyId, deputyAgencyId: y.deputyAgencyId } })
    .catch((e: { code?: string }) => {
      if (e.code === 'P2002') throw new ValidationError({ year: `Khối đã có năm thi đua ${year}.` });
      throw e;
    });
  await tx.membership.createMany({
    data: members.map((m, i) => ({ blocYearId: created.id, agencyId: m.agencyId, agencyVersionId: m.agencyVersionId, sortOrder: i, rotationOrder: m.rotationOrder })),
  });
  await audit(tx, actor, 'year.create', 'BlocYear', created.id, {
    blocYearId: created.id,
    provinceId: y.provinceId,
    new: { year, headAgencyId: y.headAgencyId, deputyAgencyId: y.deputyAgencyId, members: members.map((m) => ({ agencyId: m.agencyId, agencyVersionId: m.agencyVersionId, rotationOrder: m.rotationOrder })) },
  });
  return created.id;
}

/**
 * A bloc-year still at set-up takes new members, head, deputy and rotation (the organisation import
 * re-run with a corrected file), inside the caller's transaction. A member that leaves is deleted,
 * or kept with `leftAt` when it already has records, as the set-up page does; `keepRotation` leaves
 * the rotation orders as they are. 409 when the year has left set-up meanwhile.
 */
export async function replaceSetupYear(
  tx: Tx,
  actor: Actor,
  y: { blocYearId: number; provinceId: number; headAgencyId: number; deputyAgencyId: number; keepRotation: boolean },
  members: YearMember[],
): Promise<void> {
  const before = await tx.blocYear.findUniqueOrThrow({
    where: { id: y.blocYearId },
    select: { year: true, headAgencyId: true, deputyAgencyId: true, memberships: { select: { id: true, agencyId: true, agencyVersionId: true, rotationOrder: true, leftAt: true } } },
  });
  const { count } = await tx.blocYear.updateMany({
    where: { id: y.blocYearId, phase: 'SETUP' },
    data: { headAgencyId: y.headAgencyId, deputyAgencyId: y.deputyAgencyId, version: { increment: 1 } },
  });
  if (count === 0) throw new ConflictError(`Năm thi đua ${before.year} vừa chuyển khỏi giai đoạn Chuẩn bị: không thể thay đổi thành viên.`);
  const rows = new Map(before.memberships.map((m) => [m.agencyId, m]));
  let nextOrder = Math.max(0, ...before.memberships.filter((m) => !m.leftAt).map((m) => m.rotationOrder ?? 0)) + 1;
  const written: { agencyId: number; agencyVersionId: number; rotationOrder: number | null }[] = [];
  for (const [i, m] of members.entries()) {
    const row = rows.get(m.agencyId);
    const rotationOrder = y.keepRotation ? (row && !row.leftAt ? row.rotationOrder : nextOrder++) : m.rotationOrder;
    written.push({ agencyId: m.agencyId, agencyVersionId: m.agencyVersionId, rotationOrder });
    const data = { agencyVersionId: m.agencyVersionId, sortOrder: i, rotationOrder };
    if (!row) await tx.membership.create({ data: { blocYearId: y.blocYearId, agencyId: m.agencyId, ...data } });
    else await tx.membership.update({ where: { id: row.id }, data: row.leftAt ? { ...data, joinedAt: new Date(), leftAt: null, leftReason: '' } : data });
  }
  const keep = new Set(members.map((m) => m.agencyId));
  for (const row of before.memberships.filter((m) => !m.leftAt && !keep.has(m.agencyId))) {
    const where = { blocYearId: y.blocYearId, agencyId: row.agencyId };
    const [registrations, signatures, sheets] = await Promise.all([
      tx.registration.count({ where }),
      tx.pledgeSignature.count({ where: { agencyId: row.agencyId, pledge: { blocYearId: y.blocYearId } } }),
      tx.scoreSheet.count({ where }),
    ]);
    if (registrations + signatures + sheets > 0) await tx.membership.update({ where: { id: row.id }, data: { leftAt: new Date(), leftReason: 'Ban TĐKT thay đổi thành viên bằng tệp nhập khi thiết lập năm.' } });
    else await tx.membership.delete({ where: { id: row.id } });
  }
  await audit(tx, actor, 'year.members.replace', 'BlocYear', y.blocYearId, {
    blocYearId: y.blocYearId,
    provinceId: y.provinceId,
    old: {
      headAgencyId: before.headAgencyId,
      deputyAgencyId: before.deputyAgencyId,
      members: before.memberships.filter((m) => !m.leftAt).map((m) => ({ agencyId: m.agencyId, rotationOrder: m.rotationOrder })),
    },
    new: { headAgencyId: y.headAgencyId, deputyAgencyId: y.deputyAgencyId, members: written },
  });
}
