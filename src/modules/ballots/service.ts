// Secret ballot (bỏ phiếu kín, suy tôn) at the year-end conference. The head opens a ballot with its
// candidates and the member units present; each present unit's officer casts one paper; the head
// closes it and the tally is computed. Who voted is recorded (BallotParticipation), what they voted
// is not linked to them: while open, a paper is only a sealed, unreadable BallotSeal (./seal.ts);
// at the close the seals become BallotPaper rows (random id, no time) in a random order. No result
// exists before the close, and the close waits for the quorum of papers.
import { randomInt, randomUUID } from 'node:crypto';
import type { Db, Tx } from '../../db/client';
import { AWARD_LABELS, type AwardKind } from '../../domain/enums';
import { ineligibilityReasons, quotaFor } from '../../domain/awards';
import { allocateSeats, closeRefusal, isValidPaper, nextRoundCandidates, tallyBallot, type TallyResult } from '../../domain/ballots';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../http/errors';
import { audit, type Actor } from '../audit';
import { requirePhase, type YearContext } from '../years/context';
import { ISSUING, issueTally } from '../documents/issue';
import { CONFERENCE_ONLY, factsFor, loadRules, lockYear, quorumOf, requireConference, unitFacts } from '../awards/service';
import { lockYearIn } from '../years/lock';
import { openSeal, sealChoices } from './seal';

export type Purpose = 'AWARD' | 'NEXT_HEAD' | 'NEXT_DEPUTY';
export const PURPOSE_LABELS: Record<Purpose, string> = { AWARD: 'Suy tôn khen thưởng', NEXT_HEAD: 'Bầu Khối trưởng năm sau', NEXT_DEPUTY: 'Bầu Khối phó năm sau' };

export function ballotTitle(purpose: Purpose, awardKind: AwardKind | '', year: number, round: number): string {
  const base = purpose === 'AWARD' ? `Suy tôn đơn vị đề nghị tặng ${AWARD_LABELS[awardKind as AwardKind]} năm ${year}` : `${PURPOSE_LABELS[purpose]} (năm ${year + 1})`;
  return round > 1 ? `${base} — vòng ${round}` : base;
}

export type OpenInput = { purpose: Purpose; awardKind: AwardKind | ''; candidateIds: number[]; presentIds: number[]; seats: number };

/** Opens a ballot (or the next round of a closed one when parentId is given). */
export async function openBallot(db: Db, y: YearContext, actor: Actor, input: OpenInput, parentId?: number): Promise<number> {
  y.authorize('ballot.manage');
  const memberIds = new Set(y.members.map((m) => m.agencyId));
  const fieldErrors: Record<string, string> = {};
  if (input.candidateIds.some((c) => !memberIds.has(c))) fieldErrors.candidateIds = 'Ứng viên phải là đơn vị thành viên của khối.';
  if (input.presentIds.some((c) => !memberIds.has(c))) fieldErrors.presentIds = 'Đơn vị dự họp phải là thành viên của khối.';
  if (input.purpose === 'AWARD' && !input.awardKind) fieldErrors.awardKind = 'Chọn hình thức khen thưởng cần suy tôn.';
  if (input.purpose !== 'AWARD' && input.seats !== 1) fieldErrors.seats = 'Bầu Khối trưởng, Khối phó: mỗi lần bầu 1 đơn vị.';
  if (input.candidateIds.length < 1) fieldErrors.candidateIds = 'Cần ít nhất 1 ứng viên.';
  if (input.seats < 1) fieldErrors.seats = 'Số chỉ tiêu ít nhất là 1.';
  if (Object.keys(fieldErrors).length) throw new ValidationError(fieldErrors);

  return db.$transaction(async (tx) => {
    await lockYear(tx, y);
    const [rules, { facts, frozen }] = await Promise.all([loadRules(tx, y.provinceId, y.blocYear.year), unitFacts(tx, y)]);
    requireConference(y, frozen);
    const total = y.members.length;
    const quorum = quorumOf(rules.vote, total);
    if (input.presentIds.length < quorum) {
      throw new ValidationError({ presentIds: `Không đủ số đơn vị dự họp để bỏ phiếu: ${input.presentIds.length}/${total}, cần ít nhất ${quorum}.` });
    }
    const open = await tx.ballot.count({ where: { blocYearId: y.blocYear.id, status: 'OPEN', purpose: input.purpose, awardKind: input.awardKind } });
    if (open) throw new ConflictError('Đang có một cuộc bỏ phiếu cùng nội dung chưa kết thúc.');
    let round = 1;
    if (parentId !== undefined) {
      const parent = await tx.ballot.findFirst({ where: { id: parentId, blocYearId: y.blocYear.id, status: 'CLOSED' }, select: { round: true } });
      if (!parent) throw new NotFoundError('Không tìm thấy cuộc bỏ phiếu vòng trước.');
      round = parent.round + 1;
    }
    if (input.purpose === 'AWARD') {
      const kind = input.awardKind as AwardKind;
      const rule = rules.awards[kind];
      const q = quotaFor(rule, total);
      const proposed = facts.reduce((s, f) => s + f.proposedFor.filter((k) => k === kind).length, 0);
      // Seats still open: the quota minus those proposed and those already elected and not yet proposed.
      const electedNotProposed = facts.filter((f) => f.electedFor.includes(kind) && !f.proposedFor.includes(kind)).length;
      const left = q === null ? total : q - proposed - electedNotProposed;
      if (input.seats > left) {
        throw new ValidationError({ seats: left <= 0 ? `Đã đủ chỉ tiêu ${AWARD_LABELS[kind]} của khối.` : `Số chỉ tiêu suy tôn tối đa còn lại là ${left}.` });
      }
      const bad = input.candidateIds
        .map((id) => {
          const u = factsFor(facts, id, kind)!;
          // the ballot itself is what elects them: every other condition must already hold
          const reasons = ineligibilityReasons({ ...rule, needsBallot: false }, u, rules.general);
          return reasons.length ? `${u.name}: ${reasons.join(' ')}` : null;
        })
        .filter((s): s is string => s !== null);
      if (bad.length) throw new ValidationError({ candidateIds: `Ứng viên chưa đủ điều kiện — ${bad.join(' | ')}` });
    }
    const ballot = await tx.ballot.create({
      data: {
        blocYearId: y.blocYear.id,
        purpose: input.purpose,
        awardKind: input.awardKind,
        title: ballotTitle(input.purpose, input.awardKind, y.blocYear.year, round),
        method: 'SECRET',
        round,
        parentBallotId: parentId ?? null,
        seats: input.seats,
        thresholdPercent: rules.vote.thresholdPercent,
        quorumNeeded: quorum,
        membersTotal: total,
        membersPresent: input.presentIds.length,
        issued: input.presentIds.length,
        openedById: actor.userId,
        candidates: { createMany: { data: input.candidateIds.map((agencyId, i) => ({ agencyId, sortOrder: i })) } },
        participations: { createMany: { data: input.presentIds.map((agencyId) => ({ agencyId })) } },
      },
    });
    await audit(tx, actor, 'ballot.open', 'Ballot', ballot.id, { blocYearId: y.blocYear.id, new: { title: ballot.title, candidates: input.candidateIds, present: input.presentIds.length, seats: input.seats } });
    return ballot.id;
  });
}

/** The ballots of the year; votes and results only for closed ones (the database holds none before). */
export async function listBallots(db: Db, y: YearContext, onlyId?: number) {
  const rows = await db.ballot.findMany({
    where: { blocYearId: y.blocYear.id, ...(onlyId === undefined ? {} : { id: onlyId }) },
    orderBy: [{ openedAt: 'asc' }, { id: 'asc' }],
    include: {
      candidates: { orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }], select: { id: true, agencyId: true, votes: true, elected: true } },
      participations: { select: { agencyId: true, votedAt: true } },
    },
  });
  const nameOf = (id: number) => y.members.find((m) => m.agencyId === id)?.name ?? '';
  return rows.map((b) => ({
    ...b,
    candidates: b.candidates.map((c) => ({ ...c, name: nameOf(c.agencyId), votes: b.status === 'CLOSED' ? c.votes : null })),
    voted: b.participations.filter((p) => p.votedAt).length,
    present: b.participations.map((p) => ({ agencyId: p.agencyId, name: nameOf(p.agencyId), voted: Boolean(p.votedAt) })),
    mine: y.myAgencyId ? b.participations.find((p) => p.agencyId === y.myAgencyId) ?? null : null,
  }));
}

export async function getBallot(db: Db, y: YearContext, ballotId: number) {
  const [b] = await listBallots(db, y, ballotId);
  if (!b) throw new NotFoundError('Không tìm thấy cuộc bỏ phiếu.');
  return b;
}

/** One paper from the officer's unit: once, only while open, only for a unit present. */
export async function castVote(db: Db, y: YearContext, actor: Actor, ballotId: number, candidateIds: number[], secret: string): Promise<void> {
  const unit = y.myAgencyId;
  if (unit === null) throw new ForbiddenError('Chỉ đơn vị thành viên của khối mới được bỏ phiếu.');
  y.authorize('ballot.vote', unit);
  await db.$transaction(async (tx) => {
    // the year first, as every write of the year does: a vote cannot land in a closed year
    await lockYearIn(tx, y, ['YEAR_END_REVIEW'], CONFERENCE_ONLY);
    const ballot = await tx.ballot.findFirst({ where: { id: ballotId, blocYearId: y.blocYear.id }, include: { candidates: { select: { id: true } } } });
    if (!ballot) throw new NotFoundError('Không tìm thấy cuộc bỏ phiếu.');
    if (!isValidPaper({ candidateIds }, new Set(ballot.candidates.map((c) => c.id)), ballot.seats)) {
      throw new ValidationError({ candidateIds: `Phiếu không hợp lệ: chọn tối đa ${ballot.seats} ứng viên trong danh sách.` });
    }
    // The row lock on the ballot orders this paper against the close: a paper either counts or is refused.
    const open = await tx.ballot.updateMany({ where: { id: ballot.id, status: 'OPEN' }, data: { returned: { increment: 1 } } });
    if (open.count === 0) throw new ConflictError('Cuộc bỏ phiếu đã kết thúc.');
    const cast = await tx.ballotParticipation.updateMany({ where: { ballotId: ballot.id, agencyId: unit, votedAt: null }, data: { votedAt: new Date(), votedById: actor.userId } });
    if (cast.count === 0) {
      const issued = await tx.ballotParticipation.count({ where: { ballotId: ballot.id, agencyId: unit } });
      throw new ConflictError(issued ? 'Đơn vị của bạn đã bỏ phiếu trong cuộc bỏ phiếu này.' : 'Đơn vị của bạn không có mặt khi phát phiếu nên không bỏ phiếu.');
    }
    // Only a sealed paper is written next to the participation row: what it says is unreadable
    // without the server's secret, and it becomes a countable paper only at the close.
    await tx.ballotSeal.create({ data: { id: randomUUID(), ballotId: ballot.id, sealed: sealChoices(secret, ballot.id, candidateIds) } });
    // Audit who voted, never the choice.
    await audit(tx, actor, 'ballot.vote', 'Ballot', ballot.id, { blocYearId: y.blocYear.id, new: { agencyId: unit } });
  });
}

/**
 * Opens the seals and writes them as papers in a random order under fresh ids, then deletes the
 * seals: the papers' storage order says nothing about the order in which units voted.
 */
async function unsealPapers(tx: Tx, ballotId: number, secret: string, candidateIds: ReadonlySet<number>, seats: number): Promise<number[][]> {
  const [seals, legacy] = await Promise.all([
    tx.ballotSeal.findMany({ where: { ballotId }, select: { sealed: true } }),
    // papers cast in clear before seals existed (a ballot open across the upgrade) are counted too
    tx.ballotPaper.findMany({ where: { ballotId }, select: { choices: { select: { candidateId: true } } } }),
  ]);
  const opened = seals.map((s) => openSeal(secret, ballotId, s.sealed));
  if (opened.some((o) => o === null)) {
    throw new ConflictError('Không mở được các phiếu đã niêm phong: khóa bí mật của máy chủ (SESSION_SECRET) đã thay đổi từ khi bỏ phiếu. Khôi phục khóa cũ rồi kết thúc bỏ phiếu.');
  }
  const papers = [...(opened as number[][]), ...legacy.map((p) => p.choices.map((c) => c.candidateId))];
  if (legacy.length) {
    await tx.ballotChoice.deleteMany({ where: { paper: { ballotId } } });
    await tx.ballotPaper.deleteMany({ where: { ballotId } });
  }
  for (let i = papers.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [papers[i], papers[j]] = [papers[j], papers[i]];
  }
  const rows = papers.map((chosen) => ({ id: randomUUID(), ballotId, isValid: isValidPaper({ candidateIds: chosen }, candidateIds, seats), chosen }));
  if (rows.length) await tx.ballotPaper.createMany({ data: rows.map((r) => ({ id: r.id, ballotId: r.ballotId, isValid: r.isValid })) });
  const choices = rows.filter((r) => r.isValid).flatMap((r) => r.chosen.map((candidateId) => ({ paperId: r.id, candidateId })));
  if (choices.length) await tx.ballotChoice.createMany({ data: choices });
  await tx.ballotSeal.deleteMany({ where: { ballotId } });
  return papers;
}

/** agencyId → year-end rank: the ranking breaks equal votes. */
async function yearEndRanks(db: Db | Tx, blocYearId: number): Promise<Map<number, number>> {
  const results = await db.reviewResult.findMany({ where: { review: { blocYearId, kind: 'YEAR_END' } }, select: { agencyId: true, rank: true } });
  return new Map(results.map((r) => [r.agencyId, r.rank]));
}

/** The head closes the ballot: the tally is computed once and stored; nothing changes after. */
export async function closeBallot(db: Db, y: YearContext, actor: Actor, ballotId: number, secret: string): Promise<TallyResult> {
  y.authorize('ballot.manage');
  requirePhase(y.state.phase === 'YEAR_END_REVIEW', CONFERENCE_ONLY);
  return db.$transaction(async (tx) => {
    // the year's row before the ballot's, in the order every other write of the year takes them
    await lockYearIn(tx, y, ['YEAR_END_REVIEW'], CONFERENCE_ONLY);
    const { count } = await tx.ballot.updateMany({ where: { id: ballotId, blocYearId: y.blocYear.id, status: 'OPEN' }, data: { status: 'CLOSED', closedAt: new Date(), closedById: actor.userId } });
    if (count === 0) throw new ConflictError('Cuộc bỏ phiếu không tồn tại hoặc đã kết thúc.');
    // The status change above holds the ballot's row lock, so no paper slips in between this count and the close.
    const ballot = await tx.ballot.findUniqueOrThrow({ where: { id: ballotId }, include: { candidates: { orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }] } } });
    const returned = await tx.ballotParticipation.count({ where: { ballotId, votedAt: { not: null } } });
    const refusal = closeRefusal({ returned, issued: ballot.issued, quorumNeeded: ballot.quorumNeeded });
    if (refusal) throw new ConflictError(refusal);
    const papers = await unsealPapers(tx, ballot.id, secret, new Set(ballot.candidates.map((c) => c.id)), ballot.seats);
    const rankOf = await yearEndRanks(tx, y.blocYear.id);
    const nameOf = (id: number) => y.members.find((m) => m.agencyId === id)?.name ?? '';
    const result = tallyBallot({
      membersTotal: ballot.membersTotal,
      issued: ballot.issued,
      quorumNeeded: ballot.quorumNeeded,
      seats: ballot.seats,
      thresholdPercent: ballot.thresholdPercent,
      candidates: ballot.candidates.map((c) => ({ id: c.id, name: nameOf(c.agencyId), rank: rankOf.get(c.agencyId) ?? null })),
      papers: papers.map((candidateIds) => ({ candidateIds })),
    });
    for (const c of result.candidates) await tx.ballotCandidate.update({ where: { id: c.id }, data: { votes: c.votes, elected: c.elected } });
    await tx.ballot.update({
      where: { id: ballot.id },
      data: { returned: result.returned, valid: result.valid, invalid: result.invalid, quorumMet: result.quorumMet, resultNote: result.lines.join('\n') },
    });
    // Electing next year's head or deputy by ballot records it on the year at once.
    const winner = result.elected.length === 1 ? ballot.candidates.find((c) => c.id === result.elected[0])!.agencyId : null;
    if (winner !== null && ballot.purpose !== 'AWARD') {
      await tx.blocYear.update({
        where: { id: y.blocYear.id },
        data: { ...(ballot.purpose === 'NEXT_HEAD' ? { nextHeadAgencyId: winner } : { nextDeputyAgencyId: winner }), handoverMethod: 'BALLOT', version: { increment: 1 } },
      });
    }
    // the tally record is issued with the close, dated the close
    await issueTally(tx, y, actor.userId, ballot.id, ballot.closedAt ?? new Date());
    await audit(tx, actor, 'ballot.close', 'Ballot', ballot.id, {
      blocYearId: y.blocYear.id,
      new: { returned: result.returned, valid: result.valid, votes: result.candidates.map((c) => [c.id, c.votes]), elected: result.elected, tiedAtLine: result.tiedAtLine },
    });
    return result;
  }, ISSUING);
}

/** The next round among the tied (or those who missed the threshold), for the seats still open. */
export async function nextRound(db: Db, y: YearContext, actor: Actor, ballotId: number, presentIds: number[]): Promise<number> {
  const b = await db.ballot.findFirst({ where: { id: ballotId, blocYearId: y.blocYear.id }, include: { candidates: true } });
  if (!b) throw new NotFoundError('Không tìm thấy cuộc bỏ phiếu.');
  if (b.status !== 'CLOSED') throw new ConflictError('Chỉ tổ chức vòng tiếp theo sau khi đã kết thúc vòng này.');
  if (await db.ballot.count({ where: { parentBallotId: b.id } })) throw new ConflictError('Vòng tiếp theo của cuộc bỏ phiếu này đã được tổ chức.');
  const elected = b.candidates.filter((c) => c.elected).length;
  const seatsLeft = b.seats - elected;
  if (seatsLeft <= 0) throw new ConflictError('Đã đủ số đơn vị trúng cử, không cần bỏ phiếu vòng tiếp theo.');
  // Who stands, from the stored tally: the tied at the seat line, else everyone not elected.
  const rankOf = await yearEndRanks(db, y.blocYear.id);
  const stored = allocateSeats({
    membersTotal: b.membersTotal,
    seats: b.seats,
    thresholdPercent: b.thresholdPercent,
    quorumMet: b.quorumMet,
    candidates: b.candidates.map((c) => ({ id: c.id, name: '', rank: rankOf.get(c.agencyId) ?? null, votes: c.votes })),
  });
  const standIds = new Set(nextRoundCandidates(stored));
  const stand = b.candidates.filter((c) => standIds.has(c.id));
  return openBallot(db, y, actor, { purpose: b.purpose as Purpose, awardKind: b.awardKind as AwardKind | '', candidateIds: stand.map((c) => c.agencyId), presentIds, seats: seatsLeft }, b.id);
}

