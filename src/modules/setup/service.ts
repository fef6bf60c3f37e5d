// Setting up the year (thiết lập năm): the head's theme, motto, deadlines and delegation, the
// members before registration opens, and moving the year from one phase to the next. Every write is
// one transaction with its audit row; the checks run before it, so nothing is written on an error.
import type { Db, Tx, Prisma } from '../../db/client';
import { PHASE_LABELS, type Phase } from '../../domain/enums';
import { TRANSITIONS, transitionError, canEditMembers, type YearState } from '../../domain/phases';
import { tableMax } from '../../domain/scoring';
import { versionAt, midYear } from '../../domain/versions';
import { ConflictError, NotFoundError, ValidationError } from '../../http/errors';
import { formatPoints } from '../../i18n/format';
import { audit, type Actor } from '../audit';
import { requirePhase, type YearContext } from '../years/context';
import { CLOSED_YEAR, lockYearIn, OPEN_YEAR, YEAR_CONFLICT } from '../years/lock';
import { DEADLINES, type SetupInput } from './schemas';

export { YEAR_CONFLICT };
const MEMBERS_LOCKED = 'Chỉ thay đổi thành viên khối khi năm thi đua đang ở giai đoạn chuẩn bị (trước khi mở đăng ký thi đua).';

/** yyyy-mm-dd of a stored deadline (kept at noon UTC, so the UTC day is the calendar day). */
export const isoDay = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : '');

// ───────────────────────────── Phase moves ─────────────────────────────

/** What the year's criteria table looks like, for the rules of the phase moves. */
export type TableFacts = { exists: boolean; locked: boolean; normalMaxCenti: number; baseTotal: number };

/**
 * Why the head may not move the year to `to` now, or null. The order of phases is in
 * domain/phases.ts; the criteria table adds two rules: registration opens only once the year has
 * its table, and scoring opens only when the criteria add up to the table's base total.
 */
export function phaseMoveError(state: YearState, to: Phase, t: TableFacts): string | null {
  const err = transitionError(state, to);
  if (err) return err;
  if (to === 'REGISTRATION' && !t.exists) return 'Cần lập bảng tiêu chí trước khi mở đăng ký.';
  if (to === 'SCORING' && state.phase === 'REGISTRATION') {
    if (!t.exists) return 'Cần lập bảng tiêu chí trước khi mở chấm điểm.';
    if (t.normalMaxCenti !== t.baseTotal * 100) {
      return `Tổng điểm tối đa của các tiêu chí là ${formatPoints(t.normalMaxCenti)}, chưa bằng thang điểm chuẩn ${formatPoints(t.baseTotal * 100)} của bảng tiêu chí. Cần điều chỉnh bảng tiêu chí trước khi mở chấm điểm.`;
    }
  }
  return null;
}

/** The button and the explanation of each move, shown on the set-up page. */
export function moveText(from: Phase, to: Phase, year: number): { label: string; explain: string; confirm: string } {
  if (to === 'REGISTRATION') {
    return {
      label: 'Mở đăng ký thi đua',
      explain: `Các đơn vị bắt đầu đăng ký thi đua và ký giao ước năm ${year}. Sau bước này không thêm, bớt thành viên khối được nữa; bảng tiêu chí vẫn sửa được đến khi mở chấm điểm.`,
      confirm: `Mở đăng ký thi đua năm ${year}? Sau bước này không thay đổi thành viên khối được nữa.`,
    };
  }
  if (to === 'SCORING' && from === 'REGISTRATION') {
    return {
      label: 'Mở chấm điểm',
      explain: `Mở chấm điểm sẽ khóa bảng tiêu chí năm ${year}; không sửa được nữa. Các đơn vị bắt đầu tự chấm điểm 6 tháng đầu năm.`,
      confirm: `Mở chấm điểm năm ${year}? Bảng tiêu chí sẽ bị khóa và không sửa được nữa.`,
    };
  }
  if (to === 'MID_YEAR_REVIEW') {
    return {
      label: 'Chuyển sang sơ kết 6 tháng',
      explain: 'Khối trưởng thẩm định bảng điểm 6 tháng, tổ chức hội nghị sơ kết và chốt kết quả; sau khi chốt, năm thi đua trở lại chấm điểm 6 tháng cuối năm.',
      confirm: `Chuyển năm ${year} sang sơ kết 6 tháng?`,
    };
  }
  if (to === 'YEAR_END_REVIEW') {
    return {
      label: 'Chuyển sang tổng kết năm',
      explain: 'Dừng tự chấm điểm; Khối trưởng thẩm định bảng điểm cả năm, xếp hạng, tổ chức bình xét và đề nghị khen thưởng.',
      confirm: `Chuyển năm ${year} sang tổng kết năm? Các đơn vị sẽ không tự chấm điểm được nữa.`,
    };
  }
  return {
    label: `Chuyển sang giai đoạn “${PHASE_LABELS[to]}”`,
    explain: 'Các đơn vị tiếp tục chấm điểm 6 tháng cuối năm.',
    confirm: `Chuyển năm ${year} sang giai đoạn “${PHASE_LABELS[to]}”?`,
  };
}

async function tableFacts(db: Db | Tx, blocYearId: number) {
  const table = await db.criteriaTable.findFirst({
    where: { blocYearId },
    orderBy: { id: 'desc' },
    select: { id: true, lockedAt: true, baseTotal: true, criteria: { select: { kind: true, maxCenti: true } } },
  });
  const facts: TableFacts = {
    exists: Boolean(table),
    locked: Boolean(table?.lockedAt),
    normalMaxCenti: table ? tableMax(table.criteria).baseCenti : 0,
    baseTotal: table?.baseTotal ?? 0,
  };
  return { table, facts };
}

/** Moves the year along TRANSITIONS; opening scoring locks the criteria table in the same transaction. */
export async function movePhase(db: Db, y: YearContext, actor: Actor, to: Phase): Promise<void> {
  y.authorize('year.manage');
  const from = y.state.phase;
  const orderError = transitionError(y.state, to);
  if (orderError) throw new ConflictError(orderError);
  await db.$transaction(async (tx) => {
    const now = new Date();
    // Guarded by the phase read on the page, so a second click (or a second head) cannot move twice;
    // the order is judged again on the locked state (the mid-year may have been frozen meanwhile).
    const state = await lockYearIn(tx, y, [from], YEAR_CONFLICT);
    const lockedError = transitionError(state, to);
    if (lockedError) throw new ConflictError(lockedError);
    await tx.blocYear.update({ where: { id: y.blocYear.id }, data: { phase: to, version: { increment: 1 }, ...(from === 'SETUP' ? { openedAt: now } : {}) } });
    const locking = from === 'REGISTRATION' && to === 'SCORING';
    let { table, facts } = await tableFacts(tx, y.blocYear.id);
    if (locking && table) {
      // Lock first: a criteria edit running now waits on this row, then finds the table locked;
      // the totals are read again after it, so they are the ones that get locked.
      await tx.criteriaTable.updateMany({ where: { id: table.id, lockedAt: null }, data: { lockedAt: now, version: { increment: 1 } } });
      ({ table, facts } = await tableFacts(tx, y.blocYear.id));
    }
    const err = phaseMoveError(state, to, facts);
    if (err) throw new ConflictError(err);
    await audit(tx, actor, 'year.phase', 'BlocYear', y.blocYear.id, { blocYearId: y.blocYear.id, old: { phase: from }, new: { phase: to } });
    if (locking && table) {
      await audit(tx, actor, 'criteria.lock', 'CriteriaTable', table.id, { blocYearId: y.blocYear.id, new: { lockedAt: now.toISOString() } });
    }
  });
}

// ───────────────────────────── The set-up page ─────────────────────────────

/** Agencies the head may add: of the bloc's province, or members of this bloc in another year (a regional office sitting elsewhere). */
function candidateWhere(y: YearContext): Prisma.AgencyWhereInput {
  return { OR: [{ provinceId: y.provinceId }, { memberships: { some: { blocYear: { blocId: y.blocYear.blocId } } } }] };
}

export async function setupPage(db: Db, y: YearContext) {
  const [{ facts }, candidates, members] = await Promise.all([
    tableFacts(db, y.blocYear.id),
    canEditMembers(y.state) && y.can('year.manage')
      ? db.agency.findMany({
          where: { AND: [candidateWhere(y), { NOT: { memberships: { some: { blocYearId: y.blocYear.id, leftAt: null } } } }] },
          orderBy: { id: 'asc' },
          select: { id: true, versions: { select: { name: true, validFrom: true, validTo: true } } },
        })
      : [],
    db.membership.findMany({
      where: { blocYearId: y.blocYear.id },
      orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }],
      select: { agencyId: true, leftAt: true, leftReason: true, agencyVersion: { select: { name: true } } },
    }),
  ]);
  const at = midYear(y.blocYear.year);
  const moves = TRANSITIONS[y.state.phase].map((to) => ({ to, ...moveText(y.state.phase, to, y.blocYear.year), blocked: phaseMoveError(y.state, to, facts) }));
  return {
    table: facts,
    moves,
    members: members.map((m) => ({
      agencyId: m.agencyId,
      name: m.agencyVersion.name,
      leftAt: m.leftAt,
      leftReason: m.leftReason,
      role: m.agencyId === y.blocYear.headAgencyId ? 'Khối trưởng' : m.agencyId === y.blocYear.deputyAgencyId ? 'Khối phó' : '',
    })),
    candidates: candidates
      .map((a) => ({ id: a.id, name: versionAt(a.versions, at)?.name ?? `#${a.id}` }))
      .sort((a, b) => a.name.localeCompare(b.name, 'vi')),
    deadlineValues: Object.fromEntries(DEADLINES.map((k) => [k, isoDay(y.blocYear[k])])) as Record<string, string>,
  };
}

// ───────────────────────────── Theme, motto, deadlines, delegation ─────────────────────────────

const settingsOf = (v: Record<'theme' | 'motto' | 'deputyActsAsHead' | (typeof DEADLINES)[number], unknown>) => ({
  theme: v.theme,
  motto: v.motto,
  deputyActsAsHead: v.deputyActsAsHead,
  ...Object.fromEntries(DEADLINES.map((k) => [k, isoDay(v[k] as Date | null)])),
});

/** Saves the settings if nobody changed the year since the form was loaded (its `version`). */
export async function saveSetup(db: Db, y: YearContext, actor: Actor, input: SetupInput): Promise<void> {
  y.authorize('year.manage');
  const { version, ...data } = input;
  await db.$transaction(async (tx) => {
    await lockYearIn(tx, y, OPEN_YEAR, CLOSED_YEAR);
    const { count } = await tx.blocYear.updateMany({ where: { id: y.blocYear.id, version }, data: { ...data, version: { increment: 1 } } });
    if (count === 0) throw new ConflictError(YEAR_CONFLICT);
    await audit(tx, actor, 'year.setup', 'BlocYear', y.blocYear.id, { blocYearId: y.blocYear.id, old: settingsOf(y.blocYear), new: settingsOf(data) });
  });
}

// ───────────────────────────── Members ─────────────────────────────

/** Adds a unit to the year, pointing at its name valid on 1 July of the year, last in the list. */
export async function addMember(db: Db, y: YearContext, actor: Actor, agencyId: number): Promise<string> {
  y.authorize('year.manage');
  requirePhase(canEditMembers(y.state), MEMBERS_LOCKED);
  const agency = await db.agency.findFirst({
    where: { AND: [{ id: agencyId }, candidateWhere(y)] },
    select: { id: true, versions: { select: { id: true, name: true, validFrom: true, validTo: true } } },
  });
  if (!agency) throw new ValidationError({ agencyId: `Không tìm thấy đơn vị này trong các cơ quan, đơn vị của tỉnh ${y.provinceName}.` });
  const version = versionAt(agency.versions, midYear(y.blocYear.year));
  if (!version) throw new ValidationError({ agencyId: 'Đơn vị chưa có tên theo thời kỳ: chưa thể thêm vào khối.' });
  if (version.validTo && version.validTo < new Date(Date.UTC(y.blocYear.year, 0, 1))) {
    throw new ValidationError({ agencyId: `Đơn vị đã ngừng hoạt động trước năm ${y.blocYear.year}.` });
  }
  await db.$transaction(async (tx) => {
    await lockYearIn(tx, y, canEditMembers, MEMBERS_LOCKED);
    const existing = await tx.membership.findUnique({ where: { blocYearId_agencyId: { blocYearId: y.blocYear.id, agencyId } } });
    if (existing && !existing.leftAt) throw new ValidationError({ agencyId: 'Đơn vị đã là thành viên của khối trong năm này.' });
    const max = await tx.membership.aggregate({ where: { blocYearId: y.blocYear.id }, _max: { sortOrder: true } });
    const data = { agencyVersionId: version.id, sortOrder: (max._max.sortOrder ?? -1) + 1, joinedAt: new Date(), leftAt: null, leftReason: '' };
    // A unit that left earlier in the year keeps its one row (unique per year): it comes back.
    const m = existing
      ? await tx.membership.update({ where: { id: existing.id }, data })
      : await tx.membership.create({ data: { blocYearId: y.blocYear.id, agencyId, ...data } }).catch((e: { code?: string }) => {
          // The same unit added twice at once: the unique key (year, unit) stops the second.
          if (e.code === 'P2002') throw new ValidationError({ agencyId: 'Đơn vị đã là thành viên của khối trong năm này.' });
          throw e;
        });
    await audit(tx, actor, 'year.member.add', 'Membership', m.id, { blocYearId: y.blocYear.id, new: { agencyId, agencyVersionId: version.id, name: version.name } });
  });
  return version.name;
}

/** Removes a unit; the row is kept (with leftAt) when the unit already has records in the year. */
export async function removeMember(db: Db, y: YearContext, actor: Actor, agencyId: number): Promise<string> {
  y.authorize('year.manage');
  requirePhase(canEditMembers(y.state), MEMBERS_LOCKED);
  const member = y.members.find((m) => m.agencyId === agencyId);
  if (!member) throw new NotFoundError('Đơn vị không phải thành viên của khối trong năm này.');
  const key = `remove_${agencyId}`;
  if (agencyId === y.blocYear.headAgencyId) throw new ValidationError({ [key]: `Không thể bỏ ${member.name} khỏi khối: đơn vị đang là Khối trưởng năm ${y.blocYear.year}.` });
  if (agencyId === y.blocYear.deputyAgencyId) throw new ValidationError({ [key]: `Không thể bỏ ${member.name} khỏi khối: đơn vị đang là Khối phó năm ${y.blocYear.year}.` });
  await db.$transaction(async (tx) => {
    await lockYearIn(tx, y, canEditMembers, MEMBERS_LOCKED);
    const m = await tx.membership.findUnique({ where: { blocYearId_agencyId: { blocYearId: y.blocYear.id, agencyId } } });
    if (!m || m.leftAt) throw new ConflictError(YEAR_CONFLICT);
    const where = { blocYearId: y.blocYear.id, agencyId };
    const [registrations, signatures, sheets] = await Promise.all([
      tx.registration.count({ where }),
      tx.pledgeSignature.count({ where: { agencyId, pledge: { blocYearId: y.blocYear.id } } }),
      tx.scoreSheet.count({ where }),
    ]);
    const hasRecords = registrations + signatures + sheets > 0;
    if (hasRecords) await tx.membership.update({ where: { id: m.id }, data: { leftAt: new Date(), leftReason: 'Khối trưởng đưa ra khỏi khối khi thiết lập năm.' } });
    else await tx.membership.delete({ where: { id: m.id } });
    await audit(tx, actor, 'year.member.remove', 'Membership', m.id, {
      blocYearId: y.blocYear.id,
      old: { agencyId, agencyVersionId: m.agencyVersionId, name: member.name },
      new: hasRecords ? { leftAt: true } : null,
    });
  });
  return member.name;
}
