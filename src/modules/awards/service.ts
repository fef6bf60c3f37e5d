// Award proposals (đề nghị khen thưởng) of the year-end conference: the province's rules, every
// unit's eligibility with its reasons, proposals within quotas (checked on the server inside the
// transaction), sending them to the board and the board's decision.
import type { Db, Tx } from '../../db/client';
import { AWARD_KINDS, AWARD_LABELS, type AwardKind, type Band } from '../../domain/enums';
import {
  DEFAULT_AWARD_RULES,
  ineligibilityReasons,
  proposalError,
  quotaFor,
  quotaText,
  type AwardRuleInput,
  type GeneralRules,
  type QuotaMode,
  type Rounding,
  type UnitFacts,
} from '../../domain/awards';
import { quorumNeeded } from '../../domain/ballots';
import { ConflictError, NotFoundError } from '../../http/errors';
import { audit, type Actor } from '../audit';
import { requirePhase, type YearContext } from '../years/context';
import { lockYearIn, lockYearRow, YEAR_CONFLICT } from '../years/lock';

/** Proposals that count towards a quota: everything not withdrawn or rejected. */
export const LIVE_PROPOSAL = ['DRAFT', 'SENT', 'APPROVED'];

export type VoteRules = { quorumNumerator: number; quorumDenominator: number; thresholdPercent: number; method: 'SECRET' | 'OPEN' };

/** The province's rules of the year (one query each), falling back to DOMAIN.md defaults. */
export async function loadRules(db: Db | Tx, provinceId: number, year: number): Promise<{ awards: Record<AwardKind, AwardRuleInput>; general: GeneralRules; vote: VoteRules; basis: string }> {
  const [rows, set] = await Promise.all([
    db.awardRule.findMany({ where: { provinceId, year } }),
    db.provinceRuleSet.findUnique({ where: { provinceId_year: { provinceId, year } } }),
  ]);
  const awards = { ...DEFAULT_AWARD_RULES };
  for (const r of rows) {
    if (!(AWARD_KINDS as readonly string[]).includes(r.awardKind)) continue;
    awards[r.awardKind as AwardKind] = {
      awardKind: r.awardKind as AwardKind,
      quotaMode: r.quotaMode as QuotaMode,
      quotaValue: r.quotaValue,
      quotaRounding: r.quotaRounding as Rounding,
      quotaMin: r.quotaMin,
      minBand: r.minBand as Band | '',
      maxRank: r.maxRank,
      requiresAward: r.requiresAward as AwardKind | '',
      requireAim: r.requireAim,
      needsBallot: r.needsBallot,
      minLdttPercent: r.minLdttPercent,
      minCstdcs: r.minCstdcs,
      legalBasis: r.legalBasis,
    };
  }
  return {
    awards,
    basis: set?.legalBasis ?? '',
    general: { requireRegistration: set?.requireRegistration ?? true, requirePledge: set?.requirePledge ?? true },
    vote: {
      quorumNumerator: set?.quorumNumerator ?? 2,
      quorumDenominator: set?.quorumDenominator ?? 3,
      thresholdPercent: set?.electThresholdPercent ?? 50,
      method: set?.voteMethod === 'OPEN' ? 'OPEN' : 'SECRET',
    },
  };
}

export function quorumOf(vote: VoteRules, membersTotal: number): number {
  return quorumNeeded(membersTotal, vote.quorumNumerator, vote.quorumDenominator);
}

/** What a registration aimed at: its award aims and its collective title (aiming at xuất sắc covers tiên tiến). */
function aimsOf(reg: { awardAims: string; collectiveTitle: string }): string[] {
  const titles = reg.collectiveTitle === 'TTLDXS' ? ['TTLDXS', 'TTLDTT'] : reg.collectiveTitle ? [reg.collectiveTitle] : [];
  return [...reg.awardAims.split(',').filter(Boolean), ...titles];
}

/** The frozen year-end review (tổng kết) with its ranking, or null. */
export async function yearEndReview(db: Db | Tx, blocYearId: number) {
  return db.review.findUnique({
    where: { blocYearId_kind: { blocYearId, kind: 'YEAR_END' } },
    include: { results: { orderBy: [{ rank: 'asc' }, { agencyId: 'asc' }] } },
  });
}

/**
 * What is known of every member at the conference, in a fixed number of queries. Conditions are
 * judged on the conference date (the year-end review), so a unit merged years later does not
 * lose an award it could have been proposed for then.
 */
export type MemberFacts = UnitFacts & { electedFor: string[] };

export async function unitFacts(db: Db | Tx, y: YearContext): Promise<{ facts: MemberFacts[]; checkDate: Date; frozen: boolean }> {
  const ids = y.members.map((m) => m.agencyId);
  const review = await yearEndReview(db, y.blocYear.id);
  const checkDate = review?.heldAt ?? new Date();
  const [regs, pledge, sheets, flags, lineage, elected, proposals] = await Promise.all([
    db.registration.findMany({ where: { blocYearId: y.blocYear.id }, select: { agencyId: true, status: true, submittedAt: true, awardAims: true, collectiveTitle: true, staffCount: true, countLdtt: true, countCstdcs: true } }),
    db.pledge.findUnique({ where: { blocYearId: y.blocYear.id }, select: { publishedAt: true, signatures: { select: { agencyId: true } } } }),
    db.scoreSheet.findMany({ where: { blocYearId: y.blocYear.id, period: 'YEAR_END' }, select: { agencyId: true, tasksCompleted: true } }),
    db.agencyFlag.findMany({ where: { agencyId: { in: ids }, fromDate: { lte: checkDate }, OR: [{ toDate: null }, { toDate: { gte: checkDate } }] }, select: { agencyId: true, kind: true } }),
    db.agencyLineage.findMany({ where: { predecessorId: { in: ids }, kind: { in: ['DISSOLVE', 'MERGE'] }, date: { lte: checkDate } }, select: { predecessorId: true } }),
    db.ballotCandidate.findMany({ where: { elected: true, ballot: { blocYearId: y.blocYear.id, purpose: 'AWARD', status: 'CLOSED' } }, select: { agencyId: true, ballot: { select: { awardKind: true } } } }),
    db.awardProposal.findMany({ where: { blocYearId: y.blocYear.id, status: { in: LIVE_PROPOSAL } }, select: { agencyId: true, awardKind: true } }),
  ]);
  const results = new Map((review?.frozenAt ? review.results : []).map((r) => [r.agencyId, r]));
  const facts = y.members.map((m): MemberFacts => {
    const reg = regs.find((r) => r.agencyId === m.agencyId);
    const res = results.get(m.agencyId);
    return {
      agencyId: m.agencyId,
      name: m.name,
      rank: res?.rank ?? null,
      band: (res?.band as Band | undefined) ?? null,
      registration: reg
        ? { status: reg.status, submittedAt: reg.submittedAt, aims: aimsOf(reg), staffCount: reg.staffCount, countLdtt: reg.countLdtt, countCstdcs: reg.countCstdcs }
        : null,
      registrationDue: y.blocYear.registrationDue,
      signedPledge: pledge?.publishedAt ? pledge.signatures.some((s) => s.agencyId === m.agencyId) : null,
      tasksCompleted: sheets.find((s) => s.agencyId === m.agencyId)?.tasksCompleted ?? true,
      openFlags: flags.filter((f) => f.agencyId === m.agencyId).map((f) => f.kind),
      dissolved: lineage.some((l) => l.predecessorId === m.agencyId),
      elected: false,
      electedFor: elected.filter((e) => e.agencyId === m.agencyId).map((e) => e.ballot.awardKind),
      proposedFor: proposals.filter((p) => p.agencyId === m.agencyId).map((p) => p.awardKind),
    };
  });
  return { facts, checkDate, frozen: Boolean(review?.frozenAt) };
}

/** The facts of one unit for one award (elected by that award's ballot). */
export function factsFor(all: MemberFacts[], agencyId: number, kind: AwardKind): UnitFacts | null {
  const u = all.find((f) => f.agencyId === agencyId);
  return u ? { ...u, elected: u.electedFor.includes(kind) } : null;
}

/**
 * Who may read a unit's flags (discipline, inspection, investigation, complaint): those who oversee
 * the year and the unit itself, as on the agency page.
 */
export function seesFlagsOf(y: YearContext, agencyId: number): boolean {
  return y.oversees || y.p.agencyIds.includes(agencyId);
}

/**
 * The reasons shown to this reader. Another unit's flags become one neutral line, and only when
 * nothing else already makes the unit ineligible, so a flag is never named nor singled out.
 */
export function visibleReasons(y: YearContext, rule: AwardRuleInput, u: UnitFacts, general: GeneralRules): string[] {
  if (seesFlagsOf(y, u.agencyId) || !u.openFlags.length) return ineligibilityReasons(rule, u, general);
  const reasons = ineligibilityReasons(rule, { ...u, openFlags: [] }, general);
  return reasons.length ? reasons : ['Không đủ điều kiện khen thưởng theo quy định.'];
}

/** The awards page: per award its quota and every unit's eligibility; the proposals with decisions. */
export async function awardsPage(db: Db, y: YearContext) {
  const [rules, { facts, checkDate, frozen }, proposals] = await Promise.all([
    loadRules(db, y.provinceId, y.blocYear.year),
    unitFacts(db, y),
    db.awardProposal.findMany({
      where: { blocYearId: y.blocYear.id },
      orderBy: [{ awardKind: 'asc' }, { id: 'asc' }],
      include: { agency: { select: { id: true } } },
    }),
  ]);
  const n = y.members.length;
  const awards = AWARD_KINDS.map((kind) => {
    const rule = rules.awards[kind];
    const live = proposals.filter((p) => p.awardKind === kind && LIVE_PROPOSAL.includes(p.status));
    return {
      kind,
      label: AWARD_LABELS[kind],
      rule,
      quota: quotaFor(rule, n),
      quotaText: quotaText(rule, n),
      proposed: live.length,
      units: [...facts].sort((a, b) => (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER)).map((f) => {
        const u = factsFor(facts, f.agencyId, kind)!;
        return { agencyId: f.agencyId, name: f.name, rank: f.rank, band: f.band, reasons: visibleReasons(y, rule, u, rules.general), proposed: live.some((p) => p.agencyId === f.agencyId) };
      }),
    };
  });
  const nameOf = (id: number | null) => y.members.find((m) => m.agencyId === id)?.name ?? '';
  return {
    awards,
    frozen,
    checkDate,
    proposals: proposals.map((p) => ({ ...p, name: p.agencyId ? nameOf(p.agencyId) : p.personName })),
    general: rules.general,
  };
}

/** Only one conference write at a time per year: bumps the year's version or reports a conflict. */
export async function lockYear(tx: Tx, y: YearContext): Promise<void> {
  await lockYearIn(tx, y, [y.blocYear.phase], YEAR_CONFLICT, { bumpVersion: true });
}

export const CONFERENCE_ONLY = 'Chỉ thực hiện khi năm thi đua đang ở giai đoạn tổng kết năm.';

export function requireConference(y: YearContext, frozen: boolean): void {
  requirePhase(y.state.phase === 'YEAR_END_REVIEW', CONFERENCE_ONLY);
  requirePhase(frozen, 'Cần chốt kết quả tổng kết (xếp hạng cả năm) trước.');
}

/** The head proposes one unit for one award: quota and conditions checked inside the transaction. */
export async function propose(db: Db, y: YearContext, actor: Actor, input: { awardKind: AwardKind; agencyId: number; achievements: string }): Promise<string> {
  y.authorize('proposal.send');
  if (!y.members.some((m) => m.agencyId === input.agencyId)) throw new NotFoundError('Đơn vị không phải thành viên của khối trong năm này.');
  return db.$transaction(async (tx) => {
    await lockYear(tx, y);
    const [rules, { facts, frozen }] = await Promise.all([loadRules(tx, y.provinceId, y.blocYear.year), unitFacts(tx, y)]);
    requireConference(y, frozen);
    const rule = rules.awards[input.awardKind];
    const u = factsFor(facts, input.agencyId, input.awardKind)!;
    if (u.proposedFor.includes(input.awardKind)) throw new ConflictError(`${u.name} đã có trong danh sách đề nghị ${AWARD_LABELS[input.awardKind]}.`);
    const already = facts.reduce((s, f) => s + f.proposedFor.filter((k) => k === input.awardKind).length, 0);
    const err = proposalError(rule, u, rules.general, y.members.length, already);
    if (err) throw new ConflictError(err);
    const ballot = rule.needsBallot
      ? await tx.ballotCandidate.findFirst({
          where: { agencyId: input.agencyId, elected: true, ballot: { blocYearId: y.blocYear.id, purpose: 'AWARD', awardKind: input.awardKind, status: 'CLOSED' } },
          orderBy: { id: 'desc' },
          select: { ballotId: true },
        })
      : null;
    const data = { status: 'DRAFT', achievements: input.achievements, ballotId: ballot?.ballotId ?? null, sentAt: null, sentById: null };
    const existing = await tx.awardProposal.findUnique({ where: { blocYearId_awardKind_agencyId: { blocYearId: y.blocYear.id, awardKind: input.awardKind, agencyId: input.agencyId } } });
    const row = existing
      ? await tx.awardProposal.update({ where: { id: existing.id }, data })
      : await tx.awardProposal.create({ data: { blocYearId: y.blocYear.id, awardKind: input.awardKind, agencyId: input.agencyId, ...data } });
    await audit(tx, actor, 'proposal.create', 'AwardProposal', row.id, { blocYearId: y.blocYear.id, old: existing ? { status: existing.status } : undefined, new: { awardKind: input.awardKind, agencyId: input.agencyId } });
    return `Đã đưa ${u.name} vào danh sách đề nghị ${AWARD_LABELS[input.awardKind]}.`;
  });
}

/** The head takes a proposal back before the year is closed (a decided one cannot be withdrawn). */
export async function withdraw(db: Db, y: YearContext, actor: Actor, proposalId: number): Promise<string> {
  y.authorize('proposal.send');
  requirePhase(y.state.phase === 'YEAR_END_REVIEW', 'Chỉ rút đề nghị khi năm thi đua đang ở giai đoạn tổng kết năm.');
  return db.$transaction(async (tx) => {
    await lockYear(tx, y);
    const p = await tx.awardProposal.findFirst({ where: { id: proposalId, blocYearId: y.blocYear.id } });
    if (!p) throw new NotFoundError('Không tìm thấy đề nghị khen thưởng.');
    if (!['DRAFT', 'SENT'].includes(p.status)) throw new ConflictError('Đề nghị đã có quyết định hoặc đã rút, không rút được nữa.');
    // A unit proposed for the Government flag needs its provincial flag proposal: withdraw both.
    const dependants = p.awardKind === 'CO_TINH' ? await tx.awardProposal.findMany({ where: { blocYearId: y.blocYear.id, agencyId: p.agencyId, awardKind: 'CO_CHINH_PHU', status: { in: ['DRAFT', 'SENT'] } } }) : [];
    const ids = [p.id, ...dependants.map((d) => d.id)];
    await tx.awardProposal.updateMany({ where: { id: { in: ids } }, data: { status: 'WITHDRAWN' } });
    await audit(tx, actor, 'proposal.withdraw', 'AwardProposal', p.id, { blocYearId: y.blocYear.id, old: { status: p.status }, new: { status: 'WITHDRAWN', also: dependants.map((d) => d.id) } });
    return dependants.length ? 'Đã rút đề nghị (kèm đề nghị Cờ thi đua của Chính phủ của đơn vị này).' : 'Đã rút đề nghị.';
  });
}

/** The unit (or the head) writes the achievement report of a proposal before it is sent. */
export async function saveAchievements(db: Db, y: YearContext, actor: Actor, proposalId: number, text: string): Promise<string> {
  const p = await db.awardProposal.findFirst({ where: { id: proposalId, blocYearId: y.blocYear.id }, select: { id: true, agencyId: true, status: true, achievements: true } });
  if (!p?.agencyId) throw new NotFoundError('Không tìm thấy đề nghị khen thưởng.');
  y.authorize('proposal.report', p.agencyId);
  const phaseMessage = 'Chỉ sửa báo cáo thành tích khi năm thi đua đang ở giai đoạn tổng kết năm.';
  requirePhase(y.state.phase === 'YEAR_END_REVIEW', phaseMessage);
  await db.$transaction(async (tx) => {
    await lockYearIn(tx, y, ['YEAR_END_REVIEW'], phaseMessage);
    const { count } = await tx.awardProposal.updateMany({ where: { id: p.id, status: 'DRAFT' }, data: { achievements: text } });
    if (count === 0) throw new ConflictError('Đề nghị đã được gửi hoặc đã rút: báo cáo thành tích không sửa được nữa.');
    await audit(tx, actor, 'proposal.report', 'AwardProposal', p.id, { blocYearId: y.blocYear.id, old: { achievements: p.achievements }, new: { achievements: text } });
  });
  return 'Đã lưu báo cáo thành tích.';
}

export const NUMBER_TAKEN = 'Số văn bản vừa được cấp cho một văn bản khác. Vui lòng thử lại.';

/**
 * Issues the next number of a document kind for the year: "01/TTr-KTĐ". The year's row is locked
 * first, so two documents issued at once (two ballots closed together) wait for each other and
 * the second reads the first's number; the unique key (year, kind, number) is the last guard, and
 * hitting it answers 409 (the transaction is rolled back), never a 500.
 */
export async function issueNumber(tx: Tx, blocYearId: number, kind: 'PROPOSAL_LETTER' | 'MINUTES' | 'TALLY', issuedById: number): Promise<string> {
  await lockYearRow(tx, blocYearId);
  const issued = await tx.issuedDocument.findMany({ where: { blocYearId, kind }, select: { number: true } });
  const n = issued.reduce((max, d) => Math.max(max, Number.parseInt(d.number, 10) || 0), 0) + 1;
  const symbol = kind === 'PROPOSAL_LETTER' ? 'TTr-KTĐ' : kind === 'MINUTES' ? 'BB-KTĐ' : 'BBKP-KTĐ';
  const number = `${String(n).padStart(2, '0')}/${symbol}`;
  await tx.issuedDocument.create({ data: { blocYearId, kind, number, issuedById } }).catch((e: { code?: string }) => {
    if (e.code === 'P2002') throw new ConflictError(NUMBER_TAKEN);
    throw e;
  });
  return number;
}

/** The head sends every draft proposal to the board with one proposal letter (tờ trình). */
export async function sendProposals(db: Db, y: YearContext, actor: Actor): Promise<string> {
  y.authorize('proposal.send');
  requirePhase(y.state.phase === 'YEAR_END_REVIEW', 'Chỉ gửi đề nghị khi năm thi đua đang ở giai đoạn tổng kết năm.');
  return db.$transaction(async (tx) => {
    await lockYear(tx, y);
    const drafts = await tx.awardProposal.findMany({ where: { blocYearId: y.blocYear.id, status: 'DRAFT' }, select: { id: true } });
    if (!drafts.length) throw new ConflictError('Không có đề nghị nào chờ gửi.');
    const number = await issueNumber(tx, y.blocYear.id, 'PROPOSAL_LETTER', actor.userId);
    const now = new Date();
    await tx.awardProposal.updateMany({ where: { id: { in: drafts.map((d) => d.id) } }, data: { status: 'SENT', sentAt: now, sentById: actor.userId } });
    await audit(tx, actor, 'proposal.send', 'BlocYear', y.blocYear.id, { blocYearId: y.blocYear.id, new: { proposals: drafts.map((d) => d.id), number } });
    return `Đã gửi ${drafts.length} đề nghị khen thưởng tới Ban Thi đua – Khen thưởng tỉnh (Tờ trình số ${number}).`;
  });
}

/** The board records the Chairman's decision on a sent proposal (also after the year is closed). */
export async function decide(
  db: Db,
  y: YearContext,
  actor: Actor,
  proposalId: number,
  input: { decisionNumber: string; decisionDate: Date; outcome: 'APPROVED' | 'REJECTED'; note: string },
): Promise<string> {
  y.authorize('proposal.decide');
  return db.$transaction(async (tx) => {
    const p = await tx.awardProposal.findFirst({ where: { id: proposalId, blocYearId: y.blocYear.id } });
    if (!p) throw new NotFoundError('Không tìm thấy đề nghị khen thưởng.');
    const { count } = await tx.awardProposal.updateMany({
      where: { id: p.id, status: 'SENT' },
      data: { status: input.outcome, decisionOutcome: input.outcome, decisionNumber: input.decisionNumber, decisionDate: input.decisionDate, decisionNote: input.note, decidedById: actor.userId },
    });
    if (count === 0) throw new ConflictError('Chỉ ghi quyết định cho đề nghị đã gửi và chưa có quyết định.');
    await audit(tx, actor, 'proposal.decide', 'AwardProposal', p.id, { blocYearId: y.blocYear.id, old: { status: p.status }, new: { status: input.outcome, decisionNumber: input.decisionNumber } });
    return input.outcome === 'APPROVED' ? `Đã ghi quyết định khen thưởng số ${input.decisionNumber}.` : `Đã ghi quyết định không khen thưởng (số ${input.decisionNumber}).`;
  });
}
