// Closing the year (khóa sổ) and the handover to next year's head (chuyển giao Khối trưởng).
// The conference elects next year's head and deputy — by ballot (recorded when the ballot closes)
// or by the agreed rotation order; closing locks the year and creates next year with the same
// members, the new head and deputy and this year's criteria table as the starting draft. A head's
// powers belong to its year's record, so they move to the new head the moment next year exists.
import type { Db, Tx } from '../../db/client';
import { rotationSuccessors } from '../../domain/ballots';
import { versionAt } from '../../domain/versions';
import { ConflictError, ValidationError } from '../../http/errors';
import { audit, type Actor } from '../audit';
import { copyTableInto } from '../setup/criteria';
import { yearEndReview } from '../awards/service';
import { requirePhase, type YearContext } from '../years/context';
import { lockYearIn, YEAR_CONFLICT } from '../years/lock';
import { ISSUING, issueYearEndMinutes } from '../documents/issue';

export async function rotationProposal(db: Db, y: YearContext) {
  const members = await db.membership.findMany({ where: { blocYearId: y.blocYear.id, leftAt: null }, select: { agencyId: true, rotationOrder: true, sortOrder: true } });
  return rotationSuccessors(members, y.blocYear.headAgencyId);
}

/** Next year's head and deputy by the agreed rotation, or chosen from the members (agreed at the conference). */
export async function setHandover(db: Db, y: YearContext, actor: Actor, input: { method: 'ROTATION' | 'AGREED'; headId?: number; deputyId?: number }): Promise<string> {
  y.authorize('year.close');
  const PHASE_HANDOVER = 'Chỉ bầu Khối trưởng, Khối phó năm sau khi năm thi đua đang ở giai đoạn tổng kết năm.';
  requirePhase(y.state.phase === 'YEAR_END_REVIEW', PHASE_HANDOVER);
  let headId = input.headId;
  let deputyId = input.deputyId;
  if (input.method === 'ROTATION') {
    const next = await rotationProposal(db, y);
    if (!next) throw new ConflictError('Khối cần ít nhất 2 thành viên để luân phiên.');
    ({ headId, deputyId } = next);
  }
  const ids = new Set(y.members.map((m) => m.agencyId));
  const errors: Record<string, string> = {};
  if (!headId || !ids.has(headId)) errors.headId = 'Chọn Khối trưởng năm sau trong các đơn vị thành viên.';
  if (!deputyId || !ids.has(deputyId)) errors.deputyId = 'Chọn Khối phó năm sau trong các đơn vị thành viên.';
  if (headId && headId === deputyId) errors.deputyId = 'Khối phó phải là đơn vị khác Khối trưởng.';
  if (Object.keys(errors).length) throw new ValidationError(errors);
  await db.$transaction(async (tx) => {
    await lockYearIn(tx, y, ['YEAR_END_REVIEW'], PHASE_HANDOVER);
    // Read under the lock: what this handover replaces (a ballot may have recorded it meanwhile).
    const old = await tx.blocYear.findUniqueOrThrow({ where: { id: y.blocYear.id }, select: { nextHeadAgencyId: true, nextDeputyAgencyId: true, handoverMethod: true } });
    await tx.blocYear.update({
      where: { id: y.blocYear.id },
      data: { nextHeadAgencyId: headId, nextDeputyAgencyId: deputyId, handoverMethod: input.method, version: { increment: 1 } },
    });
    await audit(tx, actor, 'year.handover', 'BlocYear', y.blocYear.id, {
      blocYearId: y.blocYear.id,
      old: { nextHeadAgencyId: old.nextHeadAgencyId, nextDeputyAgencyId: old.nextDeputyAgencyId, method: old.handoverMethod },
      new: { nextHeadAgencyId: headId, nextDeputyAgencyId: deputyId, method: input.method },
    });
  });
  const name = (id: number | undefined) => y.members.find((m) => m.agencyId === id)?.name ?? '';
  return `Khối trưởng năm ${y.blocYear.year + 1}: ${name(headId)}; Khối phó: ${name(deputyId)}.`;
}

/** What closing will lock, and what still stands in the way (`phase`: as read under the year's lock). */
export async function closePreview(db: Db | Tx, y: YearContext, phase = y.state.phase) {
  const [review, ballots, proposals, sheets, appeals, next, row] = await Promise.all([
    yearEndReview(db, y.blocYear.id),
    db.ballot.groupBy({ by: ['status'], where: { blocYearId: y.blocYear.id }, _count: { _all: true } }),
    db.awardProposal.groupBy({ by: ['status'], where: { blocYearId: y.blocYear.id }, _count: { _all: true } }),
    db.scoreSheet.count({ where: { blocYearId: y.blocYear.id } }),
    db.appeal.count({ where: { status: 'OPEN', entry: { sheet: { blocYearId: y.blocYear.id } } } }),
    db.blocYear.findUnique({ where: { blocId_year: { blocId: y.blocYear.blocId, year: y.blocYear.year + 1 } }, select: { id: true, headAgencyId: true, deputyAgencyId: true } }),
    db.blocYear.findUniqueOrThrow({ where: { id: y.blocYear.id }, select: { nextHeadAgencyId: true, nextDeputyAgencyId: true, handoverMethod: true, closedAt: true, reopenedAt: true, reopenReason: true } }),
  ]);
  const count = (rows: { status: string; _count: { _all: number } }[], s: string) => rows.find((r) => r.status === s)?._count._all ?? 0;
  const blockers: string[] = [];
  if (phase !== 'YEAR_END_REVIEW') blockers.push('Năm thi đua chưa ở giai đoạn tổng kết năm.');
  if (!review?.frozenAt) blockers.push('Chưa chốt kết quả tổng kết (xếp hạng cả năm).');
  if (count(ballots, 'OPEN')) blockers.push(`Còn ${count(ballots, 'OPEN')} cuộc bỏ phiếu chưa kết thúc.`);
  if (count(proposals, 'DRAFT')) blockers.push(`Còn ${count(proposals, 'DRAFT')} đề nghị khen thưởng chưa gửi (gửi hoặc rút trước khi khóa sổ).`);
  if (appeals) blockers.push(`Còn ${appeals} khiếu nại điểm chưa giải quyết.`);
  if (!row.nextHeadAgencyId || !row.nextDeputyAgencyId) blockers.push(`Chưa bầu Khối trưởng, Khối phó năm ${y.blocYear.year + 1}.`);
  const name = (id: number | null) => y.members.find((m) => m.agencyId === id)?.name ?? '';
  return {
    blockers,
    locks: {
      sheets,
      ballots: count(ballots, 'CLOSED') + count(ballots, 'OPEN'),
      proposals: count(proposals, 'SENT') + count(proposals, 'APPROVED') + count(proposals, 'REJECTED'),
      members: y.members.length,
    },
    nextHead: name(row.nextHeadAgencyId),
    nextDeputy: name(row.nextDeputyAgencyId),
    nextHeadAgencyId: row.nextHeadAgencyId,
    nextDeputyAgencyId: row.nextDeputyAgencyId,
    handoverMethod: row.handoverMethod,
    nextYearExists: Boolean(next),
    closedAt: row.closedAt,
    reopenedAt: row.reopenedAt,
    reopenReason: row.reopenReason,
  };
}

/**
 * Locks the year and creates next year (when it does not exist yet) in one transaction: the same
 * members (with the names valid next year), the elected head and deputy, this year's criteria
 * table as an unlocked draft. After this only reads, the board's decisions and its reopen remain.
 */
export async function closeYear(db: Db, y: YearContext, actor: Actor): Promise<{ nextYear: number; created: boolean }> {
  y.authorize('year.close');
  const nextYear = y.blocYear.year + 1;
  return db.$transaction(async (tx) => {
    // Under the year's lock: an appeal, ballot or proposal written meanwhile is either committed
    // and seen by the preview below, or waits and then finds the year closed.
    const state = await lockYearIn(tx, y);
    const preview = await closePreview(tx, y, state.phase);
    if (preview.blockers.length) throw new ConflictError(`Chưa khóa sổ được: ${preview.blockers.join(' ')}`);
    const { count } = await tx.blocYear.updateMany({
      where: { id: y.blocYear.id, phase: 'YEAR_END_REVIEW', version: y.blocYear.version },
      data: { phase: 'CLOSED', closedAt: new Date(), closedById: actor.userId, version: { increment: 1 } },
    });
    if (count === 0) throw new ConflictError(YEAR_CONFLICT);
    const existing = await tx.blocYear.findUnique({ where: { blocId_year: { blocId: y.blocYear.blocId, year: nextYear } }, select: { id: true, phase: true, headAgencyId: true, deputyAgencyId: true } });
    let created = false;
    // Closed again after a reopen: next year keeps its data; a head or deputy elected anew takes
    // over as long as next year has not left its set-up.
    if (existing && existing.phase === 'SETUP' && (existing.headAgencyId !== preview.nextHeadAgencyId || existing.deputyAgencyId !== preview.nextDeputyAgencyId)) {
      await tx.blocYear.update({ where: { id: existing.id }, data: { headAgencyId: preview.nextHeadAgencyId, deputyAgencyId: preview.nextDeputyAgencyId, version: { increment: 1 } } });
      await audit(tx, actor, 'year.handover.apply', 'BlocYear', existing.id, {
        blocYearId: existing.id,
        old: { headAgencyId: existing.headAgencyId, deputyAgencyId: existing.deputyAgencyId },
        new: { headAgencyId: preview.nextHeadAgencyId, deputyAgencyId: preview.nextDeputyAgencyId },
      });
    }
    if (!existing) {
      const july1 = new Date(Date.UTC(nextYear, 6, 1));
      const members = await tx.membership.findMany({
        where: { blocYearId: y.blocYear.id, leftAt: null },
        orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }],
        select: { agencyId: true, agencyVersionId: true, sortOrder: true, rotationOrder: true, agency: { select: { versions: { select: { id: true, validFrom: true, validTo: true } } } } },
      });
      const next = await tx.blocYear.create({
        data: {
          blocId: y.blocYear.blocId,
          year: nextYear,
          phase: 'SETUP',
          theme: y.blocYear.theme,
          headAgencyId: preview.nextHeadAgencyId,
          deputyAgencyId: preview.nextDeputyAgencyId,
          memberships: {
            createMany: {
              data: members.map((m) => ({
                agencyId: m.agencyId,
                agencyVersionId: versionAt(m.agency.versions, july1)?.id ?? m.agencyVersionId,
                sortOrder: m.sortOrder,
                rotationOrder: m.rotationOrder,
              })),
            },
          },
        },
      });
      const table = await tx.criteriaTable.findFirst({ where: { blocYearId: y.blocYear.id }, orderBy: { id: 'desc' }, select: { id: true } });
      if (table) await copyTableInto(tx, table.id, next.id, `Bảng tiêu chí chấm điểm thi đua năm ${nextYear}`);
      await audit(tx, actor, 'year.create', 'BlocYear', next.id, { blocYearId: next.id, new: { year: nextYear, headAgencyId: preview.nextHeadAgencyId, deputyAgencyId: preview.nextDeputyAgencyId, members: members.length, criteriaFrom: table?.id ?? null } });
      created = true;
    }
    // the conference's record is complete: its minutes are issued now (again after a reopen, with the next number)
    await issueYearEndMinutes(tx, y, actor.userId);
    await audit(tx, actor, 'year.close', 'BlocYear', y.blocYear.id, { blocYearId: y.blocYear.id, old: { phase: 'YEAR_END_REVIEW' }, new: { phase: 'CLOSED', nextYearCreated: created } });
    return { nextYear, created };
  }, ISSUING);
}

/** The board reopens a closed year with a reason (recorded); it goes back to the year-end review. */
export async function reopenYear(db: Db, y: YearContext, actor: Actor, reason: string): Promise<void> {
  y.authorize('year.reopen');
  requirePhase(y.state.phase === 'CLOSED', 'Năm thi đua chưa khóa sổ.');
  await db.$transaction(async (tx) => {
    const { count } = await tx.blocYear.updateMany({
      where: { id: y.blocYear.id, phase: 'CLOSED' },
      data: { phase: 'YEAR_END_REVIEW', reopenedAt: new Date(), reopenReason: reason, closedAt: null, closedById: null, version: { increment: 1 } },
    });
    if (count === 0) throw new ConflictError(YEAR_CONFLICT);
    await audit(tx, actor, 'year.reopen', 'BlocYear', y.blocYear.id, { blocYearId: y.blocYear.id, old: { phase: 'CLOSED' }, new: { phase: 'YEAR_END_REVIEW', reason } });
  });
}

