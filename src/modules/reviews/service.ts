// Mid-year review (sơ kết 6 tháng): the head records the meeting and freezes a snapshot — totals,
// ranking and band of every unit at that moment, the exemplary units and people. The year-end view
// shows each unit's change since that snapshot.
import type { Db, Tx } from '../../db/client';
import type { Period } from '../../domain/enums';
import { sheetTotals, type CriterionForTotal, type EntryForTotal } from '../../domain/scoring';
import { rankUnits, bandOf, parseTieOrder, DEFAULT_BANDS, type Bands } from '../../domain/ranking';
import { ConflictError } from '../../http/errors';
import { audit, type Actor } from '../audit';
import { loadTable } from '../scoring/service';
import { ISSUING, issueMidYearMinutes } from '../documents/issue';
import type { YearContext } from '../years/context';
import { lockYearIn } from '../years/lock';
import { raw } from '../../db/raw';

export async function rulesFor(db: Db | Tx, provinceId: number, year: number): Promise<{ bands: Bands; tieOrder: ReturnType<typeof parseTieOrder> }> {
  const r = await db.provinceRuleSet.findUnique({ where: { provinceId_year: { provinceId, year } } });
  return {
    bands: r ? { excellentCenti: r.bandExcellentCenti, goodCenti: r.bandGoodCenti, fairCenti: r.bandFairCenti } : DEFAULT_BANDS,
    tieOrder: parseTieOrder(r?.tieBreakOrder ?? ''),
  };
}

/** The live ranking of a period from the reviewed totals (accepted sheets only). 3–4 queries. */
export async function liveRanking(db: Db | Tx, y: YearContext, period: Period) {
  const [t, sheets, rules] = await Promise.all([
    loadTable(db, y.blocYear.id),
    db.scoreSheet.findMany({
      where: { blocYearId: y.blocYear.id, period },
      select: { agencyId: true, status: true, entries: { select: { criterionId: true, selfCenti: true, reviewedCenti: true } } },
    }),
    rulesFor(db, y.provinceId, y.blocYear.year),
  ]);
  return rankingOf(y, t, sheets, rules);
}

type SheetForRanking = { agencyId: number; status: string; entries: EntryForTotal[] };

/** The ranking of the accepted sheets by their reviewed totals, and the members still waiting. */
function rankingOf(y: YearContext, t: { criteria: CriterionForTotal[]; coreGroupIds: ReadonlySet<number> } | null, sheets: SheetForRanking[], rules: Awaited<ReturnType<typeof rulesFor>>) {
  const accepted = sheets.filter((s) => s.status === 'ACCEPTED');
  const rows = t
    ? accepted.map((s) => {
        const tot = sheetTotals(t.criteria, s.entries, t.coreGroupIds);
        return { agencyId: s.agencyId, ...tot.reviewed, coreGroupCenti: tot.coreGroupCenti };
      })
    : [];
  const ranked = rankUnits(rows, rules.tieOrder).map((r) => ({ ...r, band: bandOf(r.totalCenti, rules.bands), name: y.members.find((m) => m.agencyId === r.agencyId)?.name ?? '' }));
  const notAccepted = y.members.filter((m) => !accepted.some((s) => s.agencyId === m.agencyId));
  return { ranked, notAccepted, hasTable: Boolean(t) };
}

type RawCriterion = { id: unknown; groupId: unknown; kind: string | null; maxCenti: unknown; isCoreTask: unknown };
type RawEntry = { agencyId: unknown; period: string; status: string; criterionId: unknown; selfCenti: unknown; reviewedCenti: unknown };


/**
 * Both live rankings of the reviews page, mid-year and year-end, in three queries whatever the
 * bloc's size: the criteria of the year's table (the latest one, as loadTable), every sheet of the
 * year with the entries of the accepted ones, and the province's rules.
 */
export async function liveRankings(db: Db, y: YearContext): Promise<Record<Period, ReturnType<typeof rankingOf>>> {
  const blocYearId = y.blocYear.id;
  const [criteria, sheetRows, rules] = await Promise.all([
    db.$queryRaw<RawCriterion[]>`
      SELECT c."id" AS "id", c."groupId" AS "groupId", c."kind" AS "kind", c."maxCenti" AS "maxCenti", g."isCoreTask" AS "isCoreTask"
      FROM "CriteriaTable" t
      LEFT JOIN "Criterion" c ON c."tableId" = t."id"
      LEFT JOIN "CriteriaGroup" g ON g."id" = c."groupId" AND g."tableId" = t."id"
      WHERE t."id" = (SELECT MAX(x."id") FROM "CriteriaTable" x WHERE x."blocYearId" = ${blocYearId})`,
    db.$queryRaw<RawEntry[]>`
      SELECT s."agencyId" AS "agencyId", s."period" AS "period", s."status" AS "status",
             e."criterionId" AS "criterionId", e."selfCenti" AS "selfCenti", e."reviewedCenti" AS "reviewedCenti"
      FROM "ScoreSheet" s
      LEFT JOIN "ScoreEntry" e ON e."sheetId" = s."id" AND s."status" = ${'ACCEPTED'}
      WHERE s."blocYearId" = ${blocYearId}`,
    rulesFor(db, y.provinceId, y.blocYear.year),
  ]);
  // a table without criteria still is a table: its one row has no criterion
  const table = criteria.length
    ? {
        criteria: criteria.filter((c) => c.id !== null).map((c) => ({ id: Number(c.id), groupId: Number(c.groupId), kind: c.kind ?? '', maxCenti: Number(c.maxCenti) })),
        coreGroupIds: new Set(criteria.filter((c) => raw.bool(c.isCoreTask)).map((c) => Number(c.groupId))),
      }
    : null;
  const sheetsOf = (period: Period): SheetForRanking[] => {
    const byAgency = new Map<number, SheetForRanking>();
    for (const r of sheetRows.filter((x) => x.period === period)) {
      const agencyId = Number(r.agencyId);
      const sheet = byAgency.get(agencyId) ?? { agencyId, status: r.status, entries: [] };
      byAgency.set(agencyId, sheet);
      if (r.criterionId !== null) sheet.entries.push({ criterionId: Number(r.criterionId), selfCenti: raw.intOrNull(r.selfCenti), reviewedCenti: raw.intOrNull(r.reviewedCenti) });
    }
    return [...byAgency.values()];
  };
  return { MID_YEAR: rankingOf(y, table, sheetsOf('MID_YEAR'), rules), YEAR_END: rankingOf(y, table, sheetsOf('YEAR_END'), rules) };
}

export async function loadReviews(db: Db, y: YearContext) {
  const reviews = await db.review.findMany({
    where: { blocYearId: y.blocYear.id },
    include: { results: { orderBy: [{ rank: 'asc' }, { agencyId: 'asc' }] }, honorees: { orderBy: { id: 'asc' } } },
  });
  return { mid: reviews.find((r) => r.kind === 'MID_YEAR') ?? null, end: reviews.find((r) => r.kind === 'YEAR_END') ?? null };
}

/**
 * A chair's name and post typed in one field ("Nguyễn Văn Hùng – Cục trưởng"), as records made
 * before Review.chairTitle hold them: read apart, so a document puts the post under the role and
 * the name alone on the signature line. A dash, a comma, a bar or parentheses separate them; a
 * person's name never holds any of them.
 */
export function splitNameAndTitle(text: string): { name: string; title: string } {
  const t = text.trim();
  const paren = /^(.+?)\s*\((.+)\)$/u.exec(t);
  if (paren) return { name: paren[1].trim(), title: paren[2].trim() };
  const m = /^(.+?)(?:\s+[–—-]\s+|\s*,\s*|\s*\|\s*)(.+)$/u.exec(t);
  return m ? { name: m[1].trim(), title: m[2].trim() } : { name: t, title: '' };
}

export type ReviewInput = {
  heldAt: Date;
  place: string;
  chairName: string;
  /** the chair's post ("Cục trưởng Cục Thuế tỉnh Nghệ An"); "" when not given */
  chairTitle?: string;
  secretaryName: string;
  membersPresent: number;
  absentees: string;
  summary: string;
  tasksAhead: string;
  honoreeAgencyIds: number[];
  honoreePeople: { personName: string; note: string }[];
  /** year-end only: units that did not complete the year's tasks (no award for them) */
  notCompletedAgencyIds?: number[];
};

const KIND_TEXT = { MID_YEAR: 'sơ kết 6 tháng', YEAR_END: 'tổng kết năm' } as const;

/**
 * Records the meeting and freezes the snapshot (totals, ranking, bands, honorees) in one
 * transaction. Mid-year: the year goes back to scoring (second half). Year-end: the conference
 * goes on with the ballots and proposals, on this frozen ranking.
 */
export async function freezeReview(db: Db, y: YearContext, actor: Actor, kind: Period, input: ReviewInput) {
  y.authorize('review.run');
  const phase = kind === 'MID_YEAR' ? 'MID_YEAR_REVIEW' : 'YEAR_END_REVIEW';
  const what = KIND_TEXT[kind];
  const PHASE_FREEZE = `Chỉ chốt ${what} khi năm thi đua đang ở giai đoạn ${what}.`;
  if (y.state.phase !== phase) throw new ConflictError(PHASE_FREEZE);
  if (kind === 'MID_YEAR' && y.state.midYearFrozen) throw new ConflictError('Sơ kết 6 tháng đã được chốt, không thay đổi được nữa.');
  if (input.membersPresent > y.members.length) throw new ConflictError('Số đơn vị dự họp không thể lớn hơn số thành viên.');
  const memberIds = new Set(y.members.map((m) => m.agencyId));
  const honoreeIds = input.honoreeAgencyIds.filter((a) => memberIds.has(a));
  const notCompleted = (input.notCompletedAgencyIds ?? []).filter((a) => memberIds.has(a));
  return db.$transaction(async (tx) => {
    // From here reviews, scores and appeals of the year wait for this transaction, so the
    // ranking read below is exactly the one frozen, and nothing changes it after.
    await lockYearIn(tx, y, [phase], PHASE_FREEZE);
    const { ranked, notAccepted } = await liveRanking(tx, y, kind);
    const period = kind === 'MID_YEAR' ? '6 tháng' : 'cả năm';
    if (notAccepted.length) {
      throw new ConflictError(`Chưa chốt được: còn ${notAccepted.length} đơn vị chưa được thẩm định xong bảng điểm ${period} (${notAccepted.map((m) => m.name).join('; ')}).`);
    }
    // An appeal resolved after the freeze would change a score of the snapshot: settle them first.
    const openAppeals = await tx.appeal.count({ where: { status: 'OPEN', entry: { sheet: { blocYearId: y.blocYear.id, period: kind } } } });
    if (openAppeals) throw new ConflictError(`Chưa chốt được: còn ${openAppeals} khiếu nại điểm ${period} chưa giải quyết.`);
    const now = new Date();
    const existing = await tx.review.findUnique({ where: { blocYearId_kind: { blocYearId: y.blocYear.id, kind } } });
    if (existing?.frozenAt) throw new ConflictError(`Kết quả ${what} đã được chốt, không thay đổi được nữa.`);
    const data = {
      heldAt: input.heldAt,
      place: input.place,
      chairName: input.chairName.trim(),
      chairTitle: (input.chairTitle ?? '').trim(),
      secretaryName: input.secretaryName,
      membersTotal: y.members.length,
      membersPresent: input.membersPresent,
      absentees: input.absentees,
      summary: input.summary,
      tasksAhead: input.tasksAhead,
      frozenAt: now,
      frozenById: actor.userId,
    };
    const review = existing
      ? await tx.review.update({ where: { id: existing.id }, data })
      : await tx.review.create({ data: { blocYearId: y.blocYear.id, kind, ...data } });
    await tx.reviewResult.createMany({
      data: ranked.map((r) => ({
        reviewId: review.id,
        agencyId: r.agencyId,
        agencyName: r.name,
        baseCenti: r.baseCenti,
        bonusCenti: r.bonusCenti,
        deductionCenti: r.deductionCenti,
        totalCenti: r.totalCenti,
        coreGroupCenti: r.coreGroupCenti,
        rank: r.rank,
        band: r.band,
      })),
    });
    const honorees = [
      ...honoreeIds.map((agencyId) => ({ reviewId: review.id, agencyId, personName: '', note: 'Đơn vị tiêu biểu' })),
      ...input.honoreePeople.map((p) => ({ reviewId: review.id, agencyId: null, personName: p.personName, note: p.note })),
    ];
    if (honorees.length) await tx.reviewHonoree.createMany({ data: honorees });
    if (kind === 'YEAR_END') {
      await tx.scoreSheet.updateMany({ where: { blocYearId: y.blocYear.id, period: 'YEAR_END' }, data: { tasksCompleted: true } });
      if (notCompleted.length) await tx.scoreSheet.updateMany({ where: { blocYearId: y.blocYear.id, period: 'YEAR_END', agencyId: { in: notCompleted } }, data: { tasksCompleted: false } });
    }
    // Guarded by the phase, so two heads freezing at once cannot both move the year.
    const { count } = await tx.blocYear.updateMany({
      where: { id: y.blocYear.id, phase },
      data: { phase: kind === 'MID_YEAR' ? 'SCORING' : phase, version: { increment: 1 } },
    });
    if (count === 0) throw new ConflictError('Năm thi đua vừa được cập nhật ở nơi khác. Vui lòng tải lại trang.');
    // The mid-year minutes are issued at the freeze; the year-end minutes record the whole
    // conference (votes, proposals, next year's head) and are issued when the year is closed.
    if (kind === 'MID_YEAR') await issueMidYearMinutes(tx, y, actor.userId, input.heldAt);
    await audit(tx, actor, kind === 'MID_YEAR' ? 'review.midyear.freeze' : 'review.yearend.freeze', 'Review', review.id, {
      blocYearId: y.blocYear.id,
      old: { phase },
      new: { phase: kind === 'MID_YEAR' ? 'SCORING' : phase, ranking: ranked.map((r) => [r.agencyId, r.totalCenti, r.rank]), honorees: honorees.length, notCompleted },
    });
    return review.id;
  }, ISSUING);
}
