// The data of the year's documents, read from the database with a fixed number of queries and
// handed to the generators in src/documents (DOCX, PDF, XLSX). Every figure comes from the same
// pure functions the pages use (sheetTotals, rankUnits, bandOf).
import type { Db } from '../../db/client';
import { AWARD_LABELS, BAND_LABELS, HANDOVER_LABELS, PERIOD_LABELS, type AwardKind, type Band, type Period } from '../../domain/enums';
import { awardRank, basisFor, byAwardOrder } from '../../domain/legal-basis';
import { sheetTotals } from '../../domain/scoring';
import type { AchievementReportData, DocHeader, Honoree, MinutesData, PledgeDocData, ProposalLetterData, RankRow, RankingSheetData, ScoreboardData, Signer, TallyData } from '../../documents/types';
import { NotFoundError } from '../../http/errors';
import { formatDate, formatPercent } from '../../i18n/format';
import { LIVE_PROPOSAL, loadRules, yearEndReview } from '../awards/service';
import { signingOrder } from '../pledges/service';
import { liveRanking, splitNameAndTitle } from '../reviews/service';
import { canSeeSheet, loadTable } from '../scoring/service';
import { seesAllRegistrations } from '../registrations/service';
import type { YearContext } from '../years/context';

const upper = (s: string) => s.toLocaleUpperCase('vi-VN');

/**
 * The "Căn cứ" lines of a document dated `date`: the law and decree in force that day
 * (src/domain/legal-basis.ts), then each other text the province's rules cite, once each.
 */
export function basisLines(extra: string[], date: Date): string[] {
  return basisFor(date, extra);
}
const band = (b: string) => BAND_LABELS[b as Band] ?? b;

function header(y: YearContext, number: string, date: Date): DocHeader {
  return { issuer: upper(y.blocName), issuerParent: '', number, place: y.provinceName, date };
}

async function latestNumber(db: Db, y: YearContext, kind: string): Promise<string> {
  const d = await db.issuedDocument.findFirst({ where: { blocYearId: y.blocYear.id, kind }, orderBy: { id: 'desc' }, select: { number: true } });
  return d?.number ?? '';
}

const nameOf = (y: YearContext, id: number | null) => y.members.find((m) => m.agencyId === id)?.name ?? '';

type UnitRankRow = RankRow & { agencyId: number };

function rankRows(results: { agencyId: number; rank: number; agencyName: string; baseCenti: number; bonusCenti: number; deductionCenti: number; totalCenti: number; band: string }[]): UnitRankRow[] {
  return results.map((r) => ({ agencyId: r.agencyId, rank: r.rank, name: r.agencyName, baseCenti: r.baseCenti, bonusCenti: r.bonusCenti, deductionCenti: r.deductionCenti, totalCenti: r.totalCenti, band: band(r.band) }));
}

async function frozenYearEnd(db: Db, y: YearContext) {
  const review = await yearEndReview(db, y.blocYear.id);
  if (!review?.frozenAt) throw new NotFoundError('Chưa có kết quả tổng kết năm: Khối trưởng cần chốt kết quả tổng kết trước.');
  return review;
}

type Chair = { name: string; title: string };

/**
 * The chair's name and post, apart: the review keeps them in two fields; a record from before
 * (one field, "Nguyễn Văn Hùng – Cục trưởng") is split; with no post at all, the post is the one
 * that person signed the year's pledge with for the head unit.
 */
async function chairOf(db: Db, y: YearContext, review: { chairName: string; chairTitle: string }): Promise<Chair> {
  const { name, title } = review.chairTitle ? { name: review.chairName.trim(), title: review.chairTitle.trim() } : splitNameAndTitle(review.chairName);
  if (title || !y.blocYear.headAgencyId) return { name, title };
  const signed = await db.pledgeSignature.findFirst({ where: { pledge: { blocYearId: y.blocYear.id }, agencyId: y.blocYear.headAgencyId }, select: { signerName: true, signerTitle: true } });
  return { name, title: signed && signed.signerName.trim() === name ? signed.signerTitle : '' };
}

function meetingSigners(y: YearContext, chair: Chair, secretaryName: string): Signer[] {
  const head = nameOf(y, y.blocYear.headAgencyId);
  return [
    { role: 'THƯ KÝ', unit: head, name: secretaryName },
    { role: 'CHỦ TRÌ', unit: head, name: chair.name, title: chair.title },
  ];
}

/** The frozen review's honourees: the units by their name of the year, then the people. */
function honoreesOf(y: YearContext, rows: { agencyId: number | null; personName: string; note: string }[]): Honoree[] {
  return [...rows.filter((h) => h.agencyId !== null), ...rows.filter((h) => h.agencyId === null)].map((h) => ({
    name: h.agencyId !== null ? nameOf(y, h.agencyId) : h.personName,
    note: h.note,
  }));
}

type ReviewRow = NonNullable<Awaited<ReturnType<typeof yearEndReview>>>;

/** What both minutes share: the meeting, its people, the ranking frozen at it, its honourees and tasks. */
async function meetingData(db: Db, y: YearContext, review: ReviewRow, kind: string, meetingTitle: string): Promise<MinutesData> {
  const [number, rules, honorees, chair] = await Promise.all([
    latestNumber(db, y, kind),
    loadRules(db, y.provinceId, y.blocYear.year),
    db.reviewHonoree.findMany({ where: { reviewId: review.id }, orderBy: { id: 'asc' }, select: { agencyId: true, personName: true, note: true } }),
    chairOf(db, y, review),
  ]);
  const heldAt = review.heldAt ?? review.frozenAt!;
  const head = nameOf(y, y.blocYear.headAgencyId);
  return {
    header: header(y, number, heldAt),
    meetingTitle,
    legalBasis: basisFor(heldAt, [rules.basis]),
    heldAt,
    place: review.place,
    chairName: chair.name,
    chairTitle: chair.title,
    chairUnit: head,
    secretaryName: review.secretaryName,
    secretaryUnit: head,
    membersTotal: review.membersTotal,
    membersPresent: review.membersPresent,
    absentees: review.absentees.split(/[;\n]/).map((s) => s.trim()).filter(Boolean),
    method: rules.vote.method === 'OPEN' ? 'Biểu quyết' : 'Bỏ phiếu kín',
    summary: review.summary,
    ranking: rankRows(review.results),
    honorees: honoreesOf(y, honorees),
    tasksAhead: review.tasksAhead,
    ballots: [],
    proposals: [],
    nextHead: '',
    nextDeputy: '',
    handoverMethod: '',
    signers: meetingSigners(y, chair, review.secretaryName),
  };
}

/** Minutes of the mid-year review (biên bản sơ kết 6 tháng), from its frozen snapshot. */
export async function midYearMinutesData(db: Db, y: YearContext): Promise<MinutesData> {
  const review = await db.review.findUnique({
    where: { blocYearId_kind: { blocYearId: y.blocYear.id, kind: 'MID_YEAR' } },
    include: { results: { orderBy: [{ rank: 'asc' }, { agencyId: 'asc' }] } },
  });
  if (!review?.frozenAt) throw new NotFoundError('Chưa có kết quả sơ kết 6 tháng: Khối trưởng cần chốt kết quả sơ kết trước.');
  return meetingData(db, y, review, 'MID_YEAR_MINUTES', `Hội nghị sơ kết công tác thi đua 6 tháng đầu năm ${y.blocYear.year}`);
}

/** Minutes of the year-end conference (biên bản tổng kết): ranking, ballots, proposals, honourees, next head and deputy, next year's tasks. */
export async function minutesData(db: Db, y: YearContext): Promise<MinutesData> {
  const review = await frozenYearEnd(db, y);
  const [base, ballots, proposals, row] = await Promise.all([
    meetingData(db, y, review, 'MINUTES', `Hội nghị tổng kết công tác thi đua, khen thưởng năm ${y.blocYear.year}`),
    db.ballot.findMany({ where: { blocYearId: y.blocYear.id, status: 'CLOSED' }, orderBy: { id: 'asc' }, select: { title: true, resultNote: true } }),
    db.awardProposal.findMany({ where: { blocYearId: y.blocYear.id, status: { in: LIVE_PROPOSAL } }, orderBy: { id: 'asc' } }),
    db.blocYear.findUniqueOrThrow({ where: { id: y.blocYear.id }, select: { nextHeadAgencyId: true, nextDeputyAgencyId: true, handoverMethod: true } }),
  ]);
  return {
    ...base,
    ballots: ballots.map((b) => ({ title: b.title, result: b.resultNote.split('\n').filter(Boolean) })),
    // flags, then Bằng khen, then titles; within an award, in the order proposed
    proposals: [...proposals].sort(byAwardOrder).map((p, i) => ({ stt: i + 1, name: p.agencyId ? nameOf(y, p.agencyId) : p.personName, award: AWARD_LABELS[p.awardKind as AwardKind] ?? p.awardKind, note: '' })),
    nextHead: nameOf(y, row.nextHeadAgencyId),
    nextDeputy: nameOf(y, row.nextDeputyAgencyId),
    handoverMethod: HANDOVER_LABELS[row.handoverMethod] ?? row.handoverMethod,
  };
}

export async function tallyData(db: Db, y: YearContext, ballotId: number): Promise<TallyData> {
  const b = await db.ballot.findFirst({ where: { id: ballotId, blocYearId: y.blocYear.id, status: 'CLOSED' }, include: { candidates: { orderBy: [{ votes: 'desc' }, { sortOrder: 'asc' }] } } });
  if (!b) throw new NotFoundError('Không có biên bản kiểm phiếu: cuộc bỏ phiếu không tồn tại hoặc chưa kết thúc.');
  const review = await yearEndReview(db, y.blocYear.id);
  const chair = review ? await chairOf(db, y, review) : null;
  return {
    header: header(y, '', b.closedAt ?? b.openedAt),
    ballotTitle: b.title,
    round: b.round,
    method: b.method === 'OPEN' ? 'Biểu quyết' : 'Bỏ phiếu kín',
    heldAt: b.closedAt ?? b.openedAt,
    membersTotal: b.membersTotal,
    membersPresent: b.membersPresent,
    issued: b.issued,
    returned: b.returned,
    valid: b.valid,
    invalid: b.invalid,
    seats: b.seats,
    thresholdText: `Trúng cử khi được trên ${b.thresholdPercent}% tổng số ${b.membersTotal} đơn vị thành viên đồng ý; chỉ tiêu ${b.seats}.`,
    quorumMet: b.quorumMet,
    candidates: b.candidates.map((c) => ({ name: nameOf(y, c.agencyId), votes: c.votes, ratio: b.membersTotal ? c.votes / b.membersTotal : 0, elected: c.elected })),
    result: b.resultNote.split('\n').filter(Boolean),
    signers: review && chair ? meetingSigners(y, chair, review.secretaryName) : [],
  };
}

export async function proposalLetterData(db: Db, y: YearContext): Promise<ProposalLetterData> {
  const [found, review, number, rules] = await Promise.all([
    db.awardProposal.findMany({ where: { blocYearId: y.blocYear.id, status: { in: LIVE_PROPOSAL } }, orderBy: { id: 'asc' } }),
    frozenYearEnd(db, y),
    latestNumber(db, y, 'PROPOSAL_LETTER'),
    loadRules(db, y.provinceId, y.blocYear.year),
  ]);
  if (!found.length) throw new NotFoundError('Chưa có đề nghị khen thưởng nào để lập tờ trình.');
  const proposals = [...found].sort(byAwardOrder);
  const chair = await chairOf(db, y, review);
  const result = new Map(review.results.map((r) => [r.agencyId, r]));
  const sentAt = proposals.map((p) => p.sentAt).filter((d): d is Date => d !== null).sort((a, b) => b.getTime() - a.getTime())[0];
  const kinds = [...new Set(proposals.map((p) => p.awardKind))].sort((a, b) => awardRank(a) - awardRank(b));
  const total = y.members.length;
  // not sent yet: the draft is dated the conference's day
  const date = sentAt ?? review.heldAt ?? review.frozenAt!;
  return {
    header: header(y, number, date),
    subject: `Về việc đề nghị khen thưởng công tác thi đua năm ${y.blocYear.year}`,
    recipient: `Ủy ban nhân dân tỉnh ${y.provinceName} (qua Ban Thi đua – Khen thưởng tỉnh)`,
    legalBasis: basisLines([rules.basis, ...kinds.map((k) => rules.awards[k as AwardKind]?.legalBasis ?? '')], date),
    body:
      `Căn cứ kết quả chấm điểm, xếp hạng và biên bản Hội nghị tổng kết công tác thi đua, khen thưởng năm ${y.blocYear.year} ` +
      `ngày ${formatDate(review.heldAt ?? review.frozenAt)} ` +
      `(${review.membersPresent}/${review.membersTotal} đơn vị thành viên dự), ${y.blocName} kính đề nghị Ủy ban nhân dân tỉnh xem xét, khen thưởng cho các tập thể có tên sau:`,
    lists: kinds.map((k) => ({
      award: AWARD_LABELS[k as AwardKind] ?? k,
      rows: proposals
        .filter((p) => p.awardKind === k)
        .map((p, i) => {
          const r = p.agencyId ? result.get(p.agencyId) : undefined;
          return {
            stt: i + 1,
            name: p.agencyId ? nameOf(y, p.agencyId) : p.personName,
            totalCenti: r?.totalCenti ?? null,
            rank: r?.rank ?? null,
            achievements: p.achievements || (r ? `Xếp hạng ${r.rank}/${total}, xếp loại ${band(r.band).toLowerCase()}` : ''),
          };
        }),
    })),
    copies: ['Như trên;', 'Ban Thi đua – Khen thưởng tỉnh;', 'Các đơn vị thành viên khối;', 'Lưu: VT.'],
    signer: { role: 'TRƯỞNG KHỐI', unit: nameOf(y, y.blocYear.headAgencyId), name: chair.name, title: chair.title },
  };
}

export async function pledgeData(db: Db, y: YearContext): Promise<PledgeDocData> {
  const [pledge, rules] = await Promise.all([
    db.pledge.findUnique({ where: { blocYearId: y.blocYear.id }, include: { signatures: true } }),
    loadRules(db, y.provinceId, y.blocYear.year),
  ]);
  if (!pledge?.publishedAt) throw new NotFoundError('Giao ước thi đua của năm chưa được công bố.');
  const byAgency = new Map(pledge.signatures.map((s) => [s.agencyId, s]));
  return {
    header: header(y, '', pledge.publishedAt),
    title: pledge.title,
    theme: y.blocYear.theme,
    body: pledge.body,
    targets: pledge.targets,
    legalBasis: basisFor(pledge.publishedAt, [rules.basis]),
    signatures: signingOrder(y).map(({ member, role }) => {
      const s = byAgency.get(member.agencyId);
      return { unit: member.name, role: role === 'HEAD' ? 'Khối trưởng' : role === 'DEPUTY' ? 'Khối phó' : '', signerName: s?.signerName ?? '', signerTitle: s?.signerTitle ?? '', signedAt: s?.signedAt ?? null };
    }),
  };
}

/** The ranking of a period: frozen at its review when there is one, else live from the accepted sheets. */
async function rankingOf(db: Db, y: YearContext, period: Period): Promise<UnitRankRow[]> {
  const review = await db.review.findUnique({ where: { blocYearId_kind: { blocYearId: y.blocYear.id, kind: period } }, include: { results: { orderBy: [{ rank: 'asc' }, { agencyId: 'asc' }] } } });
  if (review?.frozenAt) return rankRows(review.results);
  const live = await liveRanking(db, y, period);
  return rankRows(live.ranked.map((r) => ({ ...r, agencyName: r.name })));
}

export async function rankingData(db: Db, y: YearContext, period: Period): Promise<RankingSheetData> {
  return { blocName: y.blocName, provinceName: y.provinceName, year: y.blocYear.year, period, periodLabel: PERIOD_LABELS[period], rows: await rankingOf(db, y, period) };
}

export async function scoreboardData(db: Db, y: YearContext, period: Period): Promise<ScoreboardData> {
  const [t, sheets, ranking] = await Promise.all([
    loadTable(db, y.blocYear.id),
    db.scoreSheet.findMany({ where: { blocYearId: y.blocYear.id, period }, select: { agencyId: true, entries: { select: { criterionId: true, selfCenti: true, reviewedCenti: true } } } }),
    rankingOf(db, y, period),
  ]);
  if (!t) throw new NotFoundError('Năm thi đua chưa có bảng tiêu chí.');
  const byAgency = new Map(ranking.map((r) => [r.agencyId, r]));
  const hidesOthers = y.members.some((m) => !canSeeSheet(y, m.agencyId));
  return {
    blocName: y.blocName,
    year: y.blocYear.year,
    provinceName: y.provinceName,
    period,
    periodLabel: PERIOD_LABELS[period],
    // with its group, so that the workbook lists them as the table does and subtotals each group
    criteria: t.criteria.map((c) => {
      const g = t.groups.find((x) => x.id === c.groupId);
      return { code: c.code, name: c.name, kind: c.kind as 'NORMAL' | 'BONUS' | 'DEDUCTION', maxCenti: c.maxCenti, sortOrder: c.sortOrder, group: g && { code: g.code, name: g.name, sortOrder: g.sortOrder } };
    }),
    note: hidesOthers ? 'Điểm từng tiêu chí của đơn vị khác chỉ đơn vị đó, Khối trưởng và Ban Thi đua – Khen thưởng được xem; với các đơn vị khác chỉ ghi kết quả xếp hạng.' : '',
    units: y.members.map((m) => {
      const r = byAgency.get(m.agencyId);
      // Of a sheet the user may not open, only what the ranking shows every member: no criterion, no draft.
      if (!canSeeSheet(y, m.agencyId)) {
        const none = t.criteria.map(() => null);
        return { name: m.name, rank: r?.rank ?? null, band: r?.band ?? '', self: none, reviewed: none, baseCenti: r?.baseCenti ?? null, bonusCenti: r?.bonusCenti ?? null, deductionCenti: r?.deductionCenti ?? null, totalCenti: r?.totalCenti ?? null };
      }
      const s = sheets.find((x) => x.agencyId === m.agencyId);
      const entries = s?.entries ?? [];
      const tot = sheetTotals(t.criteria, entries, t.coreGroupIds).reviewed;
      return {
        name: m.name,
        rank: r?.rank ?? null,
        band: r?.band ?? '',
        self: t.criteria.map((c) => entries.find((e) => e.criterionId === c.id)?.selfCenti ?? null),
        reviewed: t.criteria.map((c) => entries.find((e) => e.criterionId === c.id)?.reviewedCenti ?? null),
        baseCenti: tot.baseCenti,
        bonusCenti: tot.bonusCenti,
        deductionCenti: tot.deductionCenti,
        totalCenti: tot.totalCenti,
      };
    }).sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9)),
  };
}

/** The achievement report of one proposed unit (its dossier with the letter and the minutes). */
export async function achievementData(db: Db, y: YearContext, proposalId: number): Promise<AchievementReportData> {
  const [p, review] = await Promise.all([
    db.awardProposal.findFirst({
      where: { id: proposalId, blocYearId: y.blocYear.id, agencyId: { not: null } },
      include: { ballot: { select: { membersTotal: true, candidates: { select: { agencyId: true, votes: true } } } } },
    }),
    frozenYearEnd(db, y),
  ]);
  if (!p?.agencyId) throw new NotFoundError('Không tìm thấy đề nghị khen thưởng của đơn vị.');
  const [reg, signed, prior] = await Promise.all([
    db.registration.findUnique({ where: { blocYearId_agencyId: { blocYearId: y.blocYear.id, agencyId: p.agencyId } }, select: { targets: true, staffCount: true } }),
    // the unit's head signs the report: the person who signed the year's pledge for the unit
    db.pledgeSignature.findFirst({ where: { pledge: { blocYearId: y.blocYear.id }, agencyId: p.agencyId }, select: { signerName: true, signerTitle: true } }),
    // what the province's register holds for the unit before this year
    db.awardRecord.findMany({
      where: { provinceId: y.provinceId, agencyId: p.agencyId, subjectKind: 'UNIT', year: { lt: y.blocYear.year } },
      orderBy: [{ year: 'asc' }, { id: 'asc' }],
      select: { year: true, awardKind: true, awardTitle: true, decisionNumber: true, decisionDate: true },
    }),
  ]);
  const r = review.results.find((x) => x.agencyId === p.agencyId);
  if (!r) throw new NotFoundError('Đơn vị chưa có kết quả tổng kết.');
  const votes = p.ballot?.candidates.find((c) => c.agencyId === p.agencyId)?.votes;
  const unitName = nameOf(y, p.agencyId);
  const seesRegistration = seesAllRegistrations(y) || y.p.agencyIds.includes(p.agencyId);
  return {
    header: { issuer: upper(unitName), issuerParent: '', number: '', place: y.provinceName, date: p.sentAt ?? review.heldAt ?? review.frozenAt! },
    award: AWARD_LABELS[p.awardKind as AwardKind] ?? p.awardKind,
    year: y.blocYear.year,
    unitName,
    blocName: y.blocName,
    // from the registration: only for those who may read it (the unit, the head, the board)
    staffCount: seesRegistration ? (reg?.staffCount ?? 0) : 0,
    targets: seesRegistration ? (reg?.targets ?? '') : '',
    totalCenti: r.totalCenti,
    bonusCenti: r.bonusCenti,
    deductionCenti: r.deductionCenti,
    rank: r.rank,
    membersTotal: review.membersTotal || y.members.length,
    band: band(r.band),
    voteResult: p.ballot && votes !== undefined ? `${votes}/${p.ballot.membersTotal} phiếu (${formatPercent(p.ballot.membersTotal ? votes / p.ballot.membersTotal : 0)})` : '',
    achievements: p.achievements,
    priorAwards: [...prior]
      .sort((a, b) => a.year - b.year || awardRank(a.awardKind) - awardRank(b.awardKind))
      .map((a) => ({
        year: a.year,
        award: a.awardTitle,
        decision: [a.decisionNumber.trim() ? `Quyết định số ${a.decisionNumber.trim()}` : '', a.decisionDate ? `ngày ${formatDate(a.decisionDate)}` : ''].filter(Boolean).join(' '),
      })),
    signer: { role: 'THỦ TRƯỞNG ĐƠN VỊ', unit: unitName, name: signed?.signerName ?? '', title: signed?.signerTitle ?? '' },
  };
}
