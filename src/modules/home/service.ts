// The home page: what I must do next, with deadlines, per role. A fixed number of queries whatever
// the number of blocs and units: the task list reads one row per open bloc-year of my units and one
// list of the records that are really lists (ballots waiting for my paper, submissions to review,
// proposals waiting for my report), then the province's rules where a task carries a consequence.
import type { Db } from '../../db/client';
import { Prisma } from '../../db/client';
import type { Principal } from '../../auth/principal';
import { daysUntil } from '../../i18n/format';
import { AWARD_LABELS, type AwardKind, type Phase } from '../../domain/enums';
import { versionAt, midYear } from '../../domain/versions';
import { LIVE_PROPOSAL, loadRulesFor } from '../awards/service';
import { isAfterDue } from '../../domain/awards';
import { consequencesOf, consequenceText, type Hypothesis } from '../../domain/consequences';
import { blocYearHref } from '../years/tabs';
import { can } from '../../auth/permissions';
import { raw } from '../../db/raw';

export type Task = { text: string; due: Date | null; href: string; blocName: string; year: number; overdue: boolean };

function task(text: string, due: Date | null, href: string, blocName: string, year: number, now: Date): Task {
  return { text, due, href, blocName, year, overdue: due ? daysUntil(due, now) < 0 : false };
}

const { int, intOrNull, dateOrNull, bool: flag } = raw;

/** One open bloc-year and one of my units that is a member of it. */
type UnitYearRow = {
  id: unknown;
  blocId: unknown;
  year: unknown;
  phase: string;
  headAgencyId: unknown;
  deputyAgencyId: unknown;
  deputyActsAsHead: unknown;
  registrationDue: unknown;
  pledgeDue: unknown;
  midYearReviewDue: unknown;
  selfScoreDue: unknown;
  yearEndReviewDue: unknown;
  provinceId: unknown;
  blocName: string | null;
  pledgePublishedAt: unknown;
  signatures: unknown;
  members: unknown;
  midFrozen: unknown;
  endFrozen: unknown;
  liveProposals: unknown;
  draftProposals: unknown;
  agencyId: unknown;
  registration: string | null;
  midSheet: string | null;
  endSheet: string | null;
  signed: unknown;
};

type Member = { agencyId: number; registration: string | null; sheetOf: Record<'MID_YEAR' | 'YEAR_END', string | null>; signed: boolean };

type OpenYear = {
  id: number;
  blocId: number;
  year: number;
  phase: string;
  headAgencyId: number | null;
  deputyAgencyId: number | null;
  deputyActsAsHead: boolean;
  registrationDue: Date | null;
  pledgeDue: Date | null;
  midYearReviewDue: Date | null;
  selfScoreDue: Date | null;
  yearEndReviewDue: Date | null;
  provinceId: number;
  blocName: string;
  pledgePublishedAt: Date | null;
  signatures: number;
  members: number;
  midFrozen: boolean;
  endFrozen: boolean;
  liveProposals: number;
  draftProposals: number;
  mine: Member[]; // my units among its members
};

/** The open bloc-years of my units (latest year first), with what the task list counts: one query. */
async function openYearsOf(db: Db, agencyIds: number[]): Promise<OpenYear[]> {
  const rows = await db.$queryRaw<UnitYearRow[]>`
    SELECT y."id" AS "id", y."blocId" AS "blocId", y."year" AS "year", y."phase" AS "phase",
           y."headAgencyId" AS "headAgencyId", y."deputyAgencyId" AS "deputyAgencyId", y."deputyActsAsHead" AS "deputyActsAsHead",
           y."registrationDue" AS "registrationDue", y."pledgeDue" AS "pledgeDue", y."midYearReviewDue" AS "midYearReviewDue",
           y."selfScoreDue" AS "selfScoreDue", y."yearEndReviewDue" AS "yearEndReviewDue",
           b."provinceId" AS "provinceId",
           (SELECT v."name" FROM "BlocVersion" v WHERE v."blocId" = y."blocId" ORDER BY v."validFrom" DESC LIMIT 1) AS "blocName",
           pl."publishedAt" AS "pledgePublishedAt",
           (SELECT COUNT(*) FROM "PledgeSignature" ps WHERE ps."pledgeId" = pl."id") AS "signatures",
           (SELECT COUNT(*) FROM "Membership" mm WHERE mm."blocYearId" = y."id") AS "members",
           CASE WHEN EXISTS (SELECT 1 FROM "Review" r WHERE r."blocYearId" = y."id" AND r."kind" = ${'MID_YEAR'} AND r."frozenAt" IS NOT NULL) THEN 1 ELSE 0 END AS "midFrozen",
           CASE WHEN EXISTS (SELECT 1 FROM "Review" r WHERE r."blocYearId" = y."id" AND r."kind" = ${'YEAR_END'} AND r."frozenAt" IS NOT NULL) THEN 1 ELSE 0 END AS "endFrozen",
           (SELECT COUNT(*) FROM "AwardProposal" ap WHERE ap."blocYearId" = y."id" AND ap."status" IN (${Prisma.join(LIVE_PROPOSAL)})) AS "liveProposals",
           (SELECT COUNT(*) FROM "AwardProposal" ap WHERE ap."blocYearId" = y."id" AND ap."status" = ${'DRAFT'}) AS "draftProposals",
           m."agencyId" AS "agencyId",
           (SELECT g."status" FROM "Registration" g WHERE g."blocYearId" = y."id" AND g."agencyId" = m."agencyId") AS "registration",
           (SELECT s."status" FROM "ScoreSheet" s WHERE s."blocYearId" = y."id" AND s."agencyId" = m."agencyId" AND s."period" = ${'MID_YEAR'}) AS "midSheet",
           (SELECT s."status" FROM "ScoreSheet" s WHERE s."blocYearId" = y."id" AND s."agencyId" = m."agencyId" AND s."period" = ${'YEAR_END'}) AS "endSheet",
           CASE WHEN EXISTS (SELECT 1 FROM "PledgeSignature" ps WHERE ps."pledgeId" = pl."id" AND ps."agencyId" = m."agencyId") THEN 1 ELSE 0 END AS "signed"
    FROM "BlocYear" y
    JOIN "Membership" m ON m."blocYearId" = y."id" AND m."agencyId" IN (${Prisma.join(agencyIds)})
    JOIN "Bloc" b ON b."id" = y."blocId"
    LEFT JOIN "Pledge" pl ON pl."blocYearId" = y."id"
    WHERE y."phase" <> ${'CLOSED'}
    ORDER BY y."year" DESC, y."id" ASC, m."id" ASC`;
  const years: OpenYear[] = [];
  for (const r of rows) {
    const id = int(r.id);
    let y = years[years.length - 1];
    if (y?.id !== id) {
      y = {
        id,
        blocId: int(r.blocId),
        year: int(r.year),
        phase: r.phase,
        headAgencyId: intOrNull(r.headAgencyId),
        deputyAgencyId: intOrNull(r.deputyAgencyId),
        deputyActsAsHead: flag(r.deputyActsAsHead),
        registrationDue: dateOrNull(r.registrationDue),
        pledgeDue: dateOrNull(r.pledgeDue),
        midYearReviewDue: dateOrNull(r.midYearReviewDue),
        selfScoreDue: dateOrNull(r.selfScoreDue),
        yearEndReviewDue: dateOrNull(r.yearEndReviewDue),
        provinceId: int(r.provinceId),
        blocName: r.blocName ?? '',
        pledgePublishedAt: dateOrNull(r.pledgePublishedAt),
        signatures: int(r.signatures),
        members: int(r.members),
        midFrozen: flag(r.midFrozen),
        endFrozen: flag(r.endFrozen),
        liveProposals: int(r.liveProposals),
        draftProposals: int(r.draftProposals),
        mine: [],
      };
      years.push(y);
    }
    y.mine.push({ agencyId: int(r.agencyId), registration: r.registration, sheetOf: { MID_YEAR: r.midSheet, YEAR_END: r.endSheet }, signed: flag(r.signed) });
  }
  return years;
}

type ItemRow = { blocYearId: unknown; kind: string; id: unknown; agencyId: unknown; label: string | null; body: string | null };
type YearItems = {
  ballots: { id: number; title: string }[]; // open, my unit's paper not cast yet
  registrations: number[]; // units whose registration was submitted
  sheets: { agencyId: number; period: string }[]; // submitted score sheets
  proposals: { agencyId: number; awardKind: string; achievements: string }[]; // my units' draft proposals (year-end review)
};

/** The lists of the task list, for all my open years in one query (UNION ALL of each kind). */
async function yearItemsOf(db: Db, agencyIds: number[], years: OpenYear[]): Promise<Map<number, YearItems>> {
  const ids = Prisma.join(years.map((y) => y.id));
  const NO_INT = Prisma.sql`CAST(NULL AS INTEGER)`;
  const NO_TEXT = Prisma.sql`CAST(NULL AS TEXT)`;
  const branches = [
    Prisma.sql`SELECT b."blocYearId" AS "blocYearId", 'BALLOT' AS "kind", b."id" AS "id", ${NO_INT} AS "agencyId", b."title" AS "label", ${NO_TEXT} AS "body"
      FROM "Ballot" b
      WHERE b."blocYearId" IN (${ids}) AND b."status" = ${'OPEN'}
        AND EXISTS (SELECT 1 FROM "BallotParticipation" bp WHERE bp."ballotId" = b."id" AND bp."agencyId" IN (${Prisma.join(agencyIds)}) AND bp."votedAt" IS NULL)`,
    Prisma.sql`SELECT g."blocYearId", 'REGISTRATION', g."id", g."agencyId", ${NO_TEXT}, ${NO_TEXT}
      FROM "Registration" g WHERE g."blocYearId" IN (${ids}) AND g."status" = ${'SUBMITTED'}`,
    Prisma.sql`SELECT s."blocYearId", 'SHEET', s."id", s."agencyId", s."period", ${NO_TEXT}
      FROM "ScoreSheet" s WHERE s."blocYearId" IN (${ids}) AND s."status" = ${'SUBMITTED'}`,
  ];
  // the unit's achievement report is asked for at the year-end review only
  const reviewing = years.filter((y) => y.phase === 'YEAR_END_REVIEW').map((y) => y.id);
  if (reviewing.length) {
    branches.push(Prisma.sql`SELECT a."blocYearId", 'PROPOSAL', a."id", a."agencyId", a."awardKind", a."achievements"
      FROM "AwardProposal" a WHERE a."blocYearId" IN (${Prisma.join(reviewing)}) AND a."status" = ${'DRAFT'} AND a."agencyId" IN (${Prisma.join(agencyIds)})`);
  }
  const rows = await db.$queryRaw<ItemRow[]>`${Prisma.join(branches, ' UNION ALL ')} ORDER BY "blocYearId", "id"`;
  const items = new Map<number, YearItems>(years.map((y) => [y.id, { ballots: [], registrations: [], sheets: [], proposals: [] }]));
  for (const r of rows) {
    const it = items.get(int(r.blocYearId));
    if (!it) continue;
    if (r.kind === 'BALLOT') it.ballots.push({ id: int(r.id), title: r.label ?? '' });
    else if (r.kind === 'REGISTRATION') it.registrations.push(int(r.agencyId));
    else if (r.kind === 'SHEET') it.sheets.push({ agencyId: int(r.agencyId), period: r.label ?? '' });
    else if (r.kind === 'PROPOSAL') it.proposals.push({ agencyId: int(r.agencyId), awardKind: r.label ?? '', achievements: r.body ?? '' });
  }
  return items;
}

export async function unitTasks(db: Db, p: Principal, now = new Date()): Promise<Task[]> {
  if (!p.agencyIds.length) return [];
  const years = await openYearsOf(db, p.agencyIds);
  if (!years.length) return [];
  // the province's rules, only for the years where a task carries a consequence: at most two queries
  const consequential = years.filter((y) => y.pledgePublishedAt || (y.phase !== 'SETUP' && isAfterDue(now, y.registrationDue)));
  const [itemsOf, rulesOf] = await Promise.all([yearItemsOf(db, p.agencyIds, years), loadRulesFor(db, consequential.map((y) => ({ provinceId: y.provinceId, year: y.year })))]);
  const tasks: Task[] = [];
  /** "Ký giao ước thi đua — Chưa ký giao ước thi đua: nếu không ký …": the task, then what skipping it costs. */
  const withCost = (text: string, y: OpenYear, h: Hypothesis) => {
    const c = consequencesOf(rulesOf(y.provinceId, y.year), h);
    return c.awards.length ? `${text}. ${consequenceText(c)}` : text;
  };
  for (const y of years) {
    const { blocName } = y;
    const items = itemsOf.get(y.id)!;
    const base = `/blocs/${y.blocId}/years/${y.year}`;
    // the scoring period open now: the first half until the mid-year review is frozen
    const period = y.midFrozen ? 'YEAR_END' : 'MID_YEAR';
    // an open ballot waiting for my unit's paper
    for (const b of items.ballots) tasks.push(task(`Bỏ phiếu: ${b.title}`, y.yearEndReviewDue, `${base}/ballots/${b.id}`, blocName, y.year, now));
    const head = p.agencyIds.find((a) => a === y.headAgencyId || (y.deputyActsAsHead && a === y.deputyAgencyId));
    // What I review is the permission map's answer per unit: never my own unit; the deputy reviews the head's.
    const reviewScope = { headAgencyId: y.headAgencyId, deputyAgencyId: y.deputyAgencyId, deputyActsAsHead: y.deputyActsAsHead };
    const regsToReview = items.registrations.filter((agencyId) => can(p, 'registration.review', { ...reviewScope, agencyId }));
    const sheetsToReview = items.sheets.filter((s) => s.period === period && can(p, 'score.review', { ...reviewScope, agencyId: s.agencyId }));
    if (!head && y.phase !== 'SETUP') {
      // the deputy, for the head's unit: straight to the record (it has no list of the others)
      for (const agencyId of regsToReview) tasks.push(task('Duyệt đăng ký thi đua của đơn vị Khối trưởng', y.registrationDue, `${base}/registrations/${agencyId}`, blocName, y.year, now));
      for (const s of sheetsToReview) tasks.push(task('Thẩm định bảng điểm của đơn vị Khối trưởng', y.yearEndReviewDue, `${base}/scores/${s.agencyId}?period=${period}`, blocName, y.year, now));
    }
    for (const m of y.mine) {
      const reg = m.registration;
      const regHref = `${base}/registrations/${m.agencyId}`;
      const regText = (text: string) => (y.registrationDue && isAfterDue(now, y.registrationDue) ? withCost(text, y, { kind: 'LATE_REGISTRATION', due: y.registrationDue }) : text);
      if (y.phase !== 'SETUP' && (!reg || reg === 'DRAFT')) tasks.push(task(regText('Gửi đăng ký thi đua của đơn vị'), y.registrationDue, regHref, blocName, y.year, now));
      if (reg === 'RETURNED') tasks.push(task(regText('Sửa và gửi lại đăng ký thi đua bị trả lại'), y.registrationDue, regHref, blocName, y.year, now));
      if (y.pledgePublishedAt && !m.signed) tasks.push(task(withCost('Ký giao ước thi đua', y, { kind: 'UNSIGNED_PLEDGE' }), y.pledgeDue, `${base}/pledge`, blocName, y.year, now));
      const sheet = m.sheetOf[period];
      if (y.phase === 'SCORING' && (!sheet || sheet === 'DRAFT' || sheet === 'RETURNED')) {
        tasks.push(task(sheet === 'RETURNED' ? 'Sửa bảng tự chấm điểm bị trả lại' : 'Tự chấm điểm và gửi bảng điểm', y.selfScoreDue, `${base}/scores/${m.agencyId}?period=${period}`, blocName, y.year, now));
      }
      // proposed by the conference: the dossier needs the unit's own report before the head sends it
      for (const pr of items.proposals) {
        if (pr.agencyId === m.agencyId && !pr.achievements.trim()) {
          tasks.push(task(`Viết báo cáo thành tích: ${AWARD_LABELS[pr.awardKind as AwardKind] ?? pr.awardKind}`, y.yearEndReviewDue, `${base}/awards`, blocName, y.year, now));
        }
      }
    }
    if (head) {
      if (y.phase === 'SETUP') tasks.push(task('Mở năm thi đua: chủ đề, thời hạn, thành viên, bảng tiêu chí', y.registrationDue, `${base}/setup`, blocName, y.year, now));
      const pendingRegs = regsToReview.length;
      if (pendingRegs) tasks.push(task(`Duyệt ${pendingRegs} bản đăng ký thi đua đang chờ`, y.registrationDue, `${base}/registrations`, blocName, y.year, now));
      const pendingSheets = sheetsToReview.length;
      if (pendingSheets) tasks.push(task(`Thẩm định ${pendingSheets} bảng điểm đã gửi`, y.yearEndReviewDue, `${base}/scores`, blocName, y.year, now));
      if (y.phase === 'MID_YEAR_REVIEW' && period === 'MID_YEAR') tasks.push(task('Hội nghị sơ kết 6 tháng: chốt kết quả', y.midYearReviewDue, `${base}/reviews`, blocName, y.year, now));
      if (y.phase === 'YEAR_END_REVIEW') {
        const frozen = y.endFrozen;
        const drafts = y.draftProposals;
        // the conference's next step: vote and propose, send the drafts, then hand over and close
        if (!frozen) tasks.push(task('Hội nghị tổng kết: chốt kết quả, xếp hạng cả năm', y.yearEndReviewDue, `${base}/reviews`, blocName, y.year, now));
        else if (!y.liveProposals) tasks.push(task('Hội nghị tổng kết: bỏ phiếu suy tôn, đề nghị khen thưởng', y.yearEndReviewDue, `${base}/ballots`, blocName, y.year, now));
        else if (drafts) tasks.push(task(`Gửi ${drafts} đề nghị khen thưởng tới Ban Thi đua – Khen thưởng tỉnh`, y.yearEndReviewDue, `${base}/awards`, blocName, y.year, now));
        if (frozen) tasks.push(task('Bầu Khối trưởng, Khối phó năm sau và khóa sổ', y.yearEndReviewDue, `${base}/closing`, blocName, y.year, now));
      }
      const unsigned = y.pledgePublishedAt ? y.members - y.signatures : 0;
      if (unsigned > 0) tasks.push(task(`Nhắc ${unsigned} đơn vị chưa ký giao ước`, y.pledgeDue, `${base}/progress`, blocName, y.year, now));
    }
  }
  return tasks.sort((a, b) => (a.due?.getTime() ?? Infinity) - (b.due?.getTime() ?? Infinity));
}

type WaitingRow = { blocId: unknown; year: unknown; blocName: string | null; count: unknown };
type ProvinceCountRow = { id: unknown; name: string; blocs: unknown; agencies: unknown };

export async function boardSummary(db: Db, p: Principal) {
  if (!p.boardProvinceIds.length) return null;
  const where = { bloc: { provinceId: { in: p.boardProvinceIds } } };
  const [phaseCounts, pendingProposals, provinces, waiting] = await Promise.all([
    db.blocYear.groupBy({ by: ['phase'], where: { ...where, phase: { not: 'CLOSED' } }, _count: { _all: true } }),
    db.awardProposal.count({ where: { status: 'SENT', blocYear: where } }),
    // counted per province through their indexes (Prisma's _count would group the whole Bloc and Agency tables)
    db.$queryRaw<ProvinceCountRow[]>`
      SELECT p."id" AS "id", p."name" AS "name",
             (SELECT COUNT(*) FROM "Bloc" b WHERE b."provinceId" = p."id") AS "blocs",
             (SELECT COUNT(*) FROM "Agency" a WHERE a."provinceId" = p."id") AS "agencies"
      FROM "Province" p
      WHERE p."id" IN (${Prisma.join(p.boardProvinceIds)})
      ORDER BY p."id"`,
    // the bloc-years whose sent proposals wait for a decision (oldest first; the first 20), with the bloc's latest name
    db.$queryRaw<WaitingRow[]>`
      SELECT y."blocId" AS "blocId", y."year" AS "year",
             (SELECT v."name" FROM "BlocVersion" v WHERE v."blocId" = y."blocId" ORDER BY v."validFrom" DESC LIMIT 1) AS "blocName",
             (SELECT COUNT(*) FROM "AwardProposal" a WHERE a."blocYearId" = y."id" AND a."status" = ${'SENT'}) AS "count"
      FROM "BlocYear" y
      JOIN "Bloc" b ON b."id" = y."blocId"
      WHERE b."provinceId" IN (${Prisma.join(p.boardProvinceIds)})
        AND EXISTS (SELECT 1 FROM "AwardProposal" a WHERE a."blocYearId" = y."id" AND a."status" = ${'SENT'})
      ORDER BY y."year" ASC, y."id" ASC
      LIMIT ${20}`,
  ]);
  return {
    phaseCounts: phaseCounts.map((r) => ({ phase: r.phase, count: r._count._all })),
    pendingProposals,
    provinces: provinces.map((r) => ({ id: int(r.id), name: r.name, _count: { blocs: int(r.blocs), agencies: int(r.agencies) } })),
    waiting: waiting.map((w) => ({ href: `/blocs/${int(w.blocId)}/years/${int(w.year)}/awards`, blocName: w.blocName ?? '', year: int(w.year), count: int(w.count) })),
  };
}

export async function adminSummary(db: Db) {
  const [provinces, blocs, agencies, users, provinceList] = await Promise.all([
    db.province.count(),
    db.bloc.count(),
    db.agency.count(),
    db.user.count(),
    // 34 provinces since 2025: each with the way to its rules
    db.province.findMany({ orderBy: { name: 'asc' }, take: 100, select: { id: true, name: true, _count: { select: { blocs: true } } } }),
  ]);
  return { provinces, blocs, agencies, users, provinceList };
}

export type CurrentYear = { blocId: number; blocName: string; provinceName: string; year: number | null; phase: Phase | null; href: string };
export const HOME_BLOCS = 20;

type CurrentRow = { id: unknown; code: string; provinceName: string; year: unknown; phase: string | null; total: unknown };

/**
 * The current year of each bloc I may see: the latest bloc-year I may read (a unit: the latest its
 * unit is a member of; a board: the latest of each bloc of its province). Capped: the bloc list pages the rest.
 * Two queries: the blocs with their province, current year and total; then their dated names.
 */
export async function currentYears(db: Db, p: Principal): Promise<{ rows: CurrentYear[]; total: number }> {
  if (p.isAdmin || (!p.agencyIds.length && !p.boardProvinceIds.length)) return { rows: [], total: 0 };
  // the scopes of src/auth/scope.ts (blocWhere, blocYearWhere) for a board and a unit officer, in SQL
  const blocScope: Prisma.Sql[] = [];
  const yearScope: Prisma.Sql[] = [];
  if (p.boardProvinceIds.length) {
    const board = Prisma.sql`b."provinceId" IN (${Prisma.join(p.boardProvinceIds)})`;
    blocScope.push(board);
    yearScope.push(board);
  }
  if (p.agencyIds.length) {
    const mine = Prisma.join(p.agencyIds);
    blocScope.push(Prisma.sql`EXISTS (SELECT 1 FROM "BlocYear" y3 JOIN "Membership" m3 ON m3."blocYearId" = y3."id" WHERE y3."blocId" = b."id" AND m3."agencyId" IN (${mine}))`);
    yearScope.push(Prisma.sql`EXISTS (SELECT 1 FROM "Membership" m2 WHERE m2."blocYearId" = y2."id" AND m2."agencyId" IN (${mine}))`);
  }
  const blocs = await db.$queryRaw<CurrentRow[]>`
    SELECT b."id" AS "id", b."code" AS "code", pr."name" AS "provinceName", y."year" AS "year", y."phase" AS "phase", COUNT(*) OVER () AS "total"
    FROM "Bloc" b
    JOIN "Province" pr ON pr."id" = b."provinceId"
    LEFT JOIN "BlocYear" y ON y."id" = (
      SELECT y2."id" FROM "BlocYear" y2 WHERE y2."blocId" = b."id" AND (${Prisma.join(yearScope, ' OR ')}) ORDER BY y2."year" DESC LIMIT 1)
    WHERE ${Prisma.join(blocScope, ' OR ')}
    ORDER BY b."provinceId" ASC, b."id" ASC
    LIMIT ${HOME_BLOCS}`;
  if (!blocs.length) return { rows: [], total: 0 };
  const versions = await db.blocVersion.findMany({
    where: { blocId: { in: blocs.map((b) => int(b.id)) } },
    select: { blocId: true, name: true, validFrom: true, validTo: true },
  });
  const rows = blocs.map((b) => {
    const blocId = int(b.id);
    const year = intOrNull(b.year);
    return {
      blocId,
      blocName: versionAt(versions.filter((v) => v.blocId === blocId), year !== null ? midYear(year) : new Date())?.name ?? b.code,
      provinceName: b.provinceName,
      year,
      phase: (b.phase as Phase | null) ?? null,
      href: year !== null ? blocYearHref(blocId, year) : `/blocs/${blocId}`,
    };
  });
  return { rows, total: int(blocs[0].total) };
}
