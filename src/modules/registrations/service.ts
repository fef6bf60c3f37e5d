// Registration (đăng ký thi đua): the unit fills in and sends its registration, the head accepts it
// or returns it with a reason. Every write is one transaction with its audit row; the version column
// detects two people saving the same registration at once.
import type { Db } from '../../db/client';
import type { RegistrationStatus } from '../../domain/enums';
import { canRegister, type YearState } from '../../domain/phases';
import { ConflictError, NotFoundError } from '../../http/errors';
import { audit, type Actor } from '../audit';
import { requirePhase, type Member, type YearContext } from '../years/context';
import { lockYearIn } from '../years/lock';
import { namesList, type BulkPick } from '../../http/bulk';
import type { RegistrationInput } from './schemas';

export const CONFLICT = 'Bản đăng ký vừa được cập nhật ở nơi khác. Vui lòng tải lại trang.';
export const LOCKED = 'Bản đăng ký đã gửi, không sửa được nữa.';
const PHASE_WRITE = 'Giai đoạn hiện tại của năm thi đua không cho phép đăng ký thi đua: chỉ đăng ký được sau khi Khối trưởng mở đăng ký và trước khi sơ kết, tổng kết.';
const PHASE_RETURN = 'Giai đoạn hiện tại không cho phép trả lại bản đăng ký (đơn vị sẽ không sửa được): chỉ trả lại trong giai đoạn đăng ký thi đua hoặc chấm điểm.';
const PHASE_ACCEPT = 'Giai đoạn hiện tại của năm thi đua không cho phép duyệt bản đăng ký.';

/** A submitted registration may be accepted in any open phase after set-up (late ones too). */
const canAcceptRegistration = (s: YearState) => s.phase !== 'SETUP' && s.phase !== 'CLOSED';

const EDITABLE: readonly string[] = ['DRAFT', 'RETURNED'] satisfies RegistrationStatus[];

/** Who may open this unit's registration: the unit, whoever sees them all, and its reviewer (the deputy, for the head's unit). */
export function seesRegistration(y: YearContext, agencyId: number): boolean {
  return seesAllRegistrations(y) || y.p.agencyIds.includes(agencyId) || y.can('registration.review', agencyId);
}

/** The head (also while the year is closed), the province's board and the admin see every member's registration. */
export function seesAllRegistrations(y: YearContext): boolean {
  return y.isHead || y.p.isAdmin || y.p.boardProvinceIds.includes(y.provinceId) || (y.blocYear.headAgencyId !== null && y.p.agencyIds.includes(y.blocYear.headAgencyId));
}

/** A sent registration may be accepted now (the list's checkboxes). */
export const acceptOpen = (y: YearContext) => canAcceptRegistration(y.state);

/** Why no review buttons show on the head's or the deputy's own registration: the other one reviews it. */
export function reviewerNote(y: YearContext, agencyId: number): string | null {
  const { headAgencyId, deputyAgencyId } = y.blocYear;
  if (!y.can('registration.review') || headAgencyId === null || deputyAgencyId === null) return null;
  if (agencyId === headAgencyId) return 'Bản đăng ký của đơn vị Khối trưởng do Khối phó duyệt: không đơn vị nào tự duyệt bản đăng ký của mình.';
  if (agencyId === deputyAgencyId) return 'Bản đăng ký của đơn vị Khối phó do Khối trưởng duyệt: không đơn vị nào tự duyệt bản đăng ký của mình.';
  return null;
}

export function memberOr404(y: YearContext, agencyId: number): Member {
  const m = y.members.find((x) => x.agencyId === agencyId);
  if (!m) throw new NotFoundError('Đơn vị không phải thành viên của khối trong năm này.');
  return m;
}

/** Who may write this unit's registration now: its own officer, in a phase that allows it (403, then 409). */
export function assertCanWrite(y: YearContext, agencyId: number): void {
  y.authorize('registration.write', agencyId);
  requirePhase(canRegister(y.state), PHASE_WRITE);
}

const reviewPhase = (kind: 'accept' | 'return') => (kind === 'accept' ? { ok: canAcceptRegistration, message: PHASE_ACCEPT } : { ok: canRegister, message: PHASE_RETURN });

/** With a unit: may review that unit's registration (never one's own unit's: the deputy reviews the head's). */
export function assertCanReview(y: YearContext, kind: 'accept' | 'return', agencyId?: number): void {
  y.authorize('registration.review', agencyId);
  const rule = reviewPhase(kind);
  requirePhase(rule.ok(y.state), rule.message);
}

/** Every member with its registration, in member order; one query whatever the bloc's size. */
export async function registrationTable(db: Db, y: YearContext) {
  const rows = await db.registration.findMany({ where: { blocYearId: y.blocYear.id } });
  const byAgency = new Map(rows.map((r) => [r.agencyId, r]));
  const list = y.members.map((member) => ({ member, reg: byAgency.get(member.agencyId) ?? null }));
  const regs = list.map((x) => x.reg).filter((r) => r !== null);
  const totals = {
    staffCount: regs.reduce((s, r) => s + r.staffCount, 0),
    countLdtt: regs.reduce((s, r) => s + r.countLdtt, 0),
    countCstdcs: regs.reduce((s, r) => s + r.countCstdcs, 0),
    countCstdTinh: regs.reduce((s, r) => s + r.countCstdTinh, 0),
  };
  return { list, totals, counts: statusCounts(list.map((x) => x.reg?.status ?? null)) };
}

/** For a unit officer: who has registered, without the other units' details. */
export async function registrationStatuses(db: Db, y: YearContext) {
  const rows = await db.registration.findMany({ where: { blocYearId: y.blocYear.id }, select: { agencyId: true, status: true, submittedAt: true } });
  const byAgency = new Map(rows.map((r) => [r.agencyId, r]));
  const list = y.members.map((member) => ({ member, status: byAgency.get(member.agencyId)?.status ?? null, submittedAt: byAgency.get(member.agencyId)?.submittedAt ?? null }));
  return { list, counts: statusCounts(list.map((x) => x.status)) };
}

function statusCounts(statuses: (string | null)[]) {
  const sent = statuses.filter((s) => s === 'SUBMITTED' || s === 'ACCEPTED').length;
  return { total: statuses.length, sent, accepted: statuses.filter((s) => s === 'ACCEPTED').length, pending: statuses.filter((s) => s === 'SUBMITTED').length };
}

/** One unit's registration with the names of who sent and who reviewed it. */
export async function loadRegistration(db: Db, y: YearContext, agencyId: number) {
  const reg = await db.registration.findUnique({ where: { blocYearId_agencyId: { blocYearId: y.blocYear.id, agencyId } } });
  const ids = [reg?.submittedById, reg?.reviewedById].filter((x): x is number => typeof x === 'number');
  const users = ids.length ? await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, fullName: true } }) : [];
  const nameOf = (id: number | null | undefined) => users.find((u) => u.id === id)?.fullName ?? '';
  return { reg, submittedByName: nameOf(reg?.submittedById), reviewedByName: nameOf(reg?.reviewedById) };
}

/** The current status, to refuse a locked registration (409) before looking at the input. */
export async function currentStatus(db: Db, y: YearContext, agencyId: number): Promise<string | null> {
  const r = await db.registration.findUnique({ where: { blocYearId_agencyId: { blocYearId: y.blocYear.id, agencyId } }, select: { status: true } });
  return r?.status ?? null;
}

export const isEditableStatus = (status: string | null) => status === null || EDITABLE.includes(status);

const snapshot = (r: { collectiveTitle: string; awardAims: string; targets: string; staffCount: number; countLdtt: number; countCstdcs: number; countCstdTinh: number; status: string }) => ({
  collectiveTitle: r.collectiveTitle,
  awardAims: r.awardAims,
  targets: r.targets,
  staffCount: r.staffCount,
  countLdtt: r.countLdtt,
  countCstdcs: r.countCstdcs,
  countCstdTinh: r.countCstdTinh,
  status: r.status,
});

/** The unit saves its draft (action=save) or sends it to the head (action=submit). */
export async function saveRegistration(db: Db, y: YearContext, actor: Actor, agencyId: number, input: RegistrationInput) {
  assertCanWrite(y, agencyId);
  memberOr404(y, agencyId);
  const submit = input.action === 'submit';
  const fields = {
    collectiveTitle: input.collectiveTitle,
    awardAims: input.awardAims.join(','),
    targets: input.targets.replace(/\r\n/g, '\n'),
    staffCount: input.staffCount,
    countLdtt: input.countLdtt,
    countCstdcs: input.countCstdcs,
    countCstdTinh: input.countCstdTinh,
  };
  return db.$transaction(async (tx) => {
    await lockYearIn(tx, y, canRegister, PHASE_WRITE);
    const cur = await tx.registration.findUnique({ where: { blocYearId_agencyId: { blocYearId: y.blocYear.id, agencyId } } });
    if (cur && !EDITABLE.includes(cur.status)) throw new ConflictError(LOCKED);
    const now = new Date();
    const status: RegistrationStatus = submit ? 'SUBMITTED' : cur?.status === 'RETURNED' ? 'RETURNED' : 'DRAFT';
    // Sending clears the head's last return reason (it stays in the audit log).
    const sent = submit ? { submittedAt: now, submittedById: actor.userId, returnReason: '' } : {};
    let id: number;
    if (!cur) {
      if (input.version !== 0) throw new ConflictError(CONFLICT);
      const created = await tx.registration.create({ data: { blocYearId: y.blocYear.id, agencyId, ...fields, status, ...sent } }).catch((e: { code?: string }) => {
        if (e.code === 'P2002') throw new ConflictError(CONFLICT);
        throw e;
      });
      id = created.id;
    } else {
      const { count } = await tx.registration.updateMany({
        where: { id: cur.id, version: input.version, status: { in: [...EDITABLE] } },
        data: { ...fields, status, ...sent, version: { increment: 1 } },
      });
      if (count === 0) throw new ConflictError(CONFLICT);
      id = cur.id;
    }
    await audit(tx, actor, submit ? 'registration.submit' : 'registration.save', 'Registration', id, {
      blocYearId: y.blocYear.id,
      old: cur ? snapshot(cur) : undefined,
      new: { agencyId, ...fields, status },
    });
    return { id, status };
  });
}

/**
 * The reviewer accepts several sent registrations at once, all or nothing. A registration changed
 * since the list was loaded (its version moved on) is skipped and named, for a second look; one the
 * list could not have offered (never sent) refuses the whole request. Audited per unit.
 */
export async function acceptRegistrations(db: Db, y: YearContext, actor: Actor, picks: readonly BulkPick[]) {
  assertCanReview(y, 'accept');
  for (const pick of picks) {
    memberOr404(y, pick.agencyId);
    y.authorize('registration.review', pick.agencyId);
  }
  return db.$transaction(async (tx) => {
    const rule = reviewPhase('accept');
    await lockYearIn(tx, y, rule.ok, rule.message);
    const rows = await tx.registration.findMany({ where: { blocYearId: y.blocYear.id, agencyId: { in: picks.map((p) => p.agencyId) } } });
    const byAgency = new Map(rows.map((r) => [r.agencyId, r]));
    const accepted: Member[] = [];
    const skipped: Member[] = [];
    const notSent: Member[] = [];
    for (const pick of picks) {
      const cur = byAgency.get(pick.agencyId);
      const member = memberOr404(y, pick.agencyId);
      if (cur && cur.version !== pick.version) skipped.push(member);
      else if (!cur || cur.status !== 'SUBMITTED') notSent.push(member);
      else accepted.push(member);
    }
    if (notSent.length) {
      throw new ConflictError(`Chỉ chấp nhận được bản đăng ký đã gửi: ${namesList(notSent.map((m) => m.name))} chưa gửi bản đăng ký. Không bản đăng ký nào được chấp nhận; vui lòng bỏ chọn các đơn vị này.`);
    }
    const now = new Date();
    for (const member of accepted) {
      const cur = byAgency.get(member.agencyId)!;
      const { count } = await tx.registration.updateMany({
        where: { id: cur.id, version: cur.version, status: 'SUBMITTED' },
        data: { status: 'ACCEPTED', returnReason: '', reviewedAt: now, reviewedById: actor.userId, version: { increment: 1 } },
      });
      if (count === 0) throw new ConflictError(CONFLICT);
      await audit(tx, actor, 'registration.accept', 'Registration', cur.id, {
        blocYearId: y.blocYear.id,
        old: { status: cur.status },
        new: { agencyId: member.agencyId, status: 'ACCEPTED', bulk: true },
      });
    }
    return { accepted, skipped };
  });
}

/** The head accepts a submitted registration, or returns it with a reason for the unit to correct. */
export async function reviewRegistration(db: Db, y: YearContext, actor: Actor, agencyId: number, decision: { kind: 'accept'; version: number } | { kind: 'return'; version: number; returnReason: string }) {
  assertCanReview(y, decision.kind, agencyId);
  memberOr404(y, agencyId);
  return db.$transaction(async (tx) => {
    const rule = reviewPhase(decision.kind);
    await lockYearIn(tx, y, rule.ok, rule.message);
    const cur = await tx.registration.findUnique({ where: { blocYearId_agencyId: { blocYearId: y.blocYear.id, agencyId } } });
    if (!cur) throw new ConflictError('Đơn vị chưa có bản đăng ký để duyệt.');
    if (cur.status !== 'SUBMITTED') {
      throw new ConflictError(
        cur.status === 'ACCEPTED' ? 'Bản đăng ký đã được chấp nhận.' : 'Đơn vị chưa gửi bản đăng ký (hoặc bản đăng ký đang được trả lại để sửa): chỉ duyệt được bản đã gửi.',
      );
    }
    const status: RegistrationStatus = decision.kind === 'accept' ? 'ACCEPTED' : 'RETURNED';
    const returnReason = decision.kind === 'return' ? decision.returnReason.replace(/\r\n/g, '\n') : '';
    const { count } = await tx.registration.updateMany({
      where: { id: cur.id, version: decision.version, status: 'SUBMITTED' },
      data: { status, returnReason, reviewedAt: new Date(), reviewedById: actor.userId, version: { increment: 1 } },
    });
    if (count === 0) throw new ConflictError(CONFLICT);
    await audit(tx, actor, decision.kind === 'accept' ? 'registration.accept' : 'registration.return', 'Registration', cur.id, {
      blocYearId: y.blocYear.id,
      old: { status: cur.status },
      new: { agencyId, status, ...(returnReason ? { returnReason } : {}) },
    });
    return { id: cur.id, status };
  });
}
