// The pledge (giao ước thi đua): the head writes and publishes the text, every member's head signs
// it for the unit, once. Every write is one transaction with its audit row.
import type { Db } from '../../db/client';
import { canSignPledge } from '../../domain/phases';
import { ConflictError } from '../../http/errors';
import { audit, type Actor } from '../audit';
import { requirePhase, type Member, type YearContext } from '../years/context';
import { CLOSED_YEAR, lockYearIn, OPEN_YEAR } from '../years/lock';
import type { PledgeInput, SignInput } from './schemas';
import { ISSUING, issuePledgeIfSigned } from '../documents/issue';

export const STALE = 'Giao ước vừa được cập nhật ở nơi khác. Vui lòng tải lại trang.';
export const PUBLISHED = 'Giao ước đã công bố, không sửa được nữa.';
export const ALREADY_SIGNED = 'Đơn vị đã ký giao ước.';
export const NOT_PUBLISHED = 'Giao ước chưa được Khối trưởng công bố, chưa ký được.';
const PHASE_SIGN = 'Giai đoạn hiện tại của năm thi đua không cho phép ký giao ước (chỉ ký sau khi năm thi đua mở đăng ký).';
const PHASE_PUBLISH = 'Chỉ công bố được giao ước khi năm thi đua đã mở đăng ký thi đua (đang ở giai đoạn Chuẩn bị).';

/** The head, the province's board and the admin also see a draft pledge; members only once published. */
export function seesDraft(y: YearContext): boolean {
  return y.isHead || y.p.isAdmin || y.p.boardProvinceIds.includes(y.provinceId) || (y.blocYear.headAgencyId !== null && y.p.agencyIds.includes(y.blocYear.headAgencyId));
}

/** Signature order of the paper pledge: head and deputy first, then the others in member order. */
export function signingOrder(y: YearContext): { member: Member; role: 'HEAD' | 'DEPUTY' | null }[] {
  const { headAgencyId, deputyAgencyId } = y.blocYear;
  const head = y.members.filter((m) => m.agencyId === headAgencyId);
  const deputy = y.members.filter((m) => m.agencyId === deputyAgencyId && m.agencyId !== headAgencyId);
  const others = y.members.filter((m) => m.agencyId !== headAgencyId && m.agencyId !== deputyAgencyId);
  return [...head.map((member) => ({ member, role: 'HEAD' as const })), ...deputy.map((member) => ({ member, role: 'DEPUTY' as const })), ...others.map((member) => ({ member, role: null }))];
}

/** The pledge of the year with its signatures (and who signed in the portal); a fixed number of queries. */
export async function pledgePage(db: Db, y: YearContext) {
  const pledge = await db.pledge.findUnique({
    where: { blocYearId: y.blocYear.id },
    include: { signatures: { orderBy: { signedAt: 'asc' }, include: { signedBy: { select: { fullName: true, username: true } } } } },
  });
  const publishedByName = pledge?.publishedById
    ? ((await db.user.findUnique({ where: { id: pledge.publishedById }, select: { fullName: true } }))?.fullName ?? '')
    : '';
  const byAgency = new Map((pledge?.signatures ?? []).map((s) => [s.agencyId, s]));
  const rows = signingOrder(y).map((r) => ({ ...r, signature: byAgency.get(r.member.agencyId) ?? null }));
  const signed = rows.filter((r) => r.signature).length;
  return { pledge, publishedByName, rows, signed, total: rows.length, mySignature: y.myAgencyId ? (byAgency.get(y.myAgencyId) ?? null) : null };
}

/** 409 before looking at the input when the pledge is already published. */
export async function assertEditable(db: Db, y: YearContext): Promise<void> {
  const cur = await db.pledge.findUnique({ where: { blocYearId: y.blocYear.id }, select: { publishedAt: true } });
  if (cur?.publishedAt) throw new ConflictError(PUBLISHED);
}

/** The head creates or edits the pledge text while it is not published. */
export async function savePledge(db: Db, y: YearContext, actor: Actor, input: PledgeInput) {
  y.authorize('year.manage');
  const fields = { title: input.title, body: input.body, targets: input.targets };
  return db.$transaction(async (tx) => {
    await lockYearIn(tx, y, OPEN_YEAR, CLOSED_YEAR);
    const cur = await tx.pledge.findUnique({ where: { blocYearId: y.blocYear.id } });
    if (cur?.publishedAt) throw new ConflictError(PUBLISHED);
    let id: number;
    if (!cur) {
      if (input.stamp !== null) throw new ConflictError(STALE);
      const created = await tx.pledge.create({ data: { blocYearId: y.blocYear.id, ...fields } }).catch((e: { code?: string }) => {
        if (e.code === 'P2002') throw new ConflictError(STALE);
        throw e;
      });
      id = created.id;
    } else {
      if (input.stamp !== cur.updatedAt.getTime()) throw new ConflictError(STALE);
      // updatedAt is the optimistic lock: a second editor's save (or a publish) in between changes it.
      const { count } = await tx.pledge.updateMany({ where: { id: cur.id, updatedAt: cur.updatedAt, publishedAt: null }, data: { ...fields, updatedAt: new Date(Math.max(Date.now(), cur.updatedAt.getTime() + 1)) } });
      if (count === 0) throw new ConflictError(STALE);
      id = cur.id;
    }
    await audit(tx, actor, 'pledge.save', 'Pledge', id, {
      blocYearId: y.blocYear.id,
      old: cur ? { title: cur.title, body: cur.body, targets: cur.targets } : undefined,
      new: fields,
    });
    return id;
  });
}

/** The head publishes the pledge: from then on it is read-only and members may sign it. */
export async function publishPledge(db: Db, y: YearContext, actor: Actor, stamp: number | null) {
  y.authorize('year.manage');
  requirePhase(canSignPledge(y.state), PHASE_PUBLISH);
  return db.$transaction(async (tx) => {
    await lockYearIn(tx, y, canSignPledge, PHASE_PUBLISH);
    const cur = await tx.pledge.findUnique({ where: { blocYearId: y.blocYear.id } });
    if (!cur || !cur.body.trim()) throw new ConflictError('Giao ước chưa có nội dung: cần soạn và lưu nội dung trước khi công bố.');
    if (cur.publishedAt) throw new ConflictError('Giao ước đã được công bố.');
    if (stamp !== null && stamp !== cur.updatedAt.getTime()) throw new ConflictError(STALE);
    const publishedAt = new Date();
    const { count } = await tx.pledge.updateMany({ where: { id: cur.id, publishedAt: null, updatedAt: cur.updatedAt }, data: { publishedAt, publishedById: actor.userId } });
    if (count === 0) throw new ConflictError(STALE);
    await audit(tx, actor, 'pledge.publish', 'Pledge', cur.id, { blocYearId: y.blocYear.id, new: { title: cur.title, publishedAt: publishedAt.toISOString() } });
    return cur.id;
  });
}

/** 403 unless the signed-in officer's unit may sign, 409 unless the phase allows it. */
export function assertCanSign(y: YearContext): number {
  y.authorize('pledge.sign', y.myAgencyId ?? undefined);
  requirePhase(canSignPledge(y.state), PHASE_SIGN);
  return y.myAgencyId!;
}

/** 409 before looking at the input when the pledge cannot be signed by this unit. */
export async function assertSignable(db: Db, y: YearContext, agencyId: number): Promise<void> {
  const pledge = await db.pledge.findUnique({ where: { blocYearId: y.blocYear.id }, select: { publishedAt: true, signatures: { where: { agencyId }, select: { id: true } } } });
  if (!pledge?.publishedAt) throw new ConflictError(NOT_PUBLISHED);
  if (pledge.signatures.length) throw new ConflictError(ALREADY_SIGNED);
}

/** The unit's officer signs the published pledge for the unit, in the name of the unit's head; once. */
export async function signPledge(db: Db, y: YearContext, actor: Actor, input: SignInput) {
  const agencyId = assertCanSign(y);
  return db.$transaction(async (tx) => {
    await lockYearIn(tx, y, canSignPledge, PHASE_SIGN);
    const pledge = await tx.pledge.findUnique({ where: { blocYearId: y.blocYear.id }, select: { id: true, publishedAt: true } });
    if (!pledge?.publishedAt) throw new ConflictError(NOT_PUBLISHED);
    if (await tx.pledgeSignature.findUnique({ where: { pledgeId_agencyId: { pledgeId: pledge.id, agencyId } }, select: { id: true } })) throw new ConflictError(ALREADY_SIGNED);
    const sig = await tx.pledgeSignature
      .create({ data: { pledgeId: pledge.id, agencyId, signedById: actor.userId, signerName: input.signerName, signerTitle: input.signerTitle } })
      .catch((e: { code?: string }) => {
        if (e.code === 'P2002') throw new ConflictError(ALREADY_SIGNED);
        throw e;
      });
    await audit(tx, actor, 'pledge.sign', 'PledgeSignature', sig.id, {
      blocYearId: y.blocYear.id,
      new: { pledgeId: pledge.id, agencyId, signerName: input.signerName, signerTitle: input.signerTitle },
    });
    // the last member's signature completes the pledge: it is issued with it
    await issuePledgeIfSigned(tx, y, actor.userId, sig.signedAt);
    return sig.id;
  }, ISSUING);
}
