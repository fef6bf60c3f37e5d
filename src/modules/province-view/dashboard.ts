// The board's province dashboard: every bloc of the province in a year side by side (phase, next
// deadline, head and deputy, progress, current leader, proposals) and what needs the board now.
// The counts are SQL counts over all the province's blocs at once, so the page makes the same
// number of queries for 1 bloc or 30; filtering, folded search and sorting work on those rows.
import { z } from 'zod';
import type { Db } from '../../db/client';
import { Prisma } from '../../db/client';
import { PHASES, PHASE_LABELS, type Phase, type Period } from '../../domain/enums';
import { endOfDueDay } from '../../domain/awards';
import { foldForSearch } from '../../domain/search';
import { versionAt, midYear } from '../../domain/versions';
import { intField } from '../../http/validate';
import { formatDate } from '../../i18n/format';
import { blocYearHref, yearBase } from '../years/tabs';
import { searchText } from '../../http/pagination';
import { raw } from '../../db/raw';

// ───────────────────────────── The year shown ─────────────────────────────

const yearValue = z.preprocess(
  (v) => (v === '' ? undefined : v),
  z.coerce.number({ error: 'Năm không hợp lệ.' }).int('Năm không hợp lệ.').min(2000, 'Năm không hợp lệ.').max(2100, 'Năm không hợp lệ.').optional(),
);
export const yearQuery = z.object({ year: yearValue });

/** The years the province has bloc-years in, latest first: one query. */
export async function provinceYears(db: Db, provinceId: number): Promise<number[]> {
  const rows = await db.blocYear.findMany({ where: { bloc: { provinceId } }, distinct: ['year'], select: { year: true }, orderBy: { year: 'desc' } });
  return rows.map((r) => r.year);
}

/** The year asked for; else this calendar year if the province has bloc-years in it; else its latest. */
export function defaultYear(asked: number | undefined, years: number[], now = new Date()): number {
  if (asked !== undefined) return asked;
  const current = now.getFullYear();
  if (years.includes(current) || !years.length) return current;
  return Math.max(...years);
}

/** The select of years: the province's years and the one shown (which may have no bloc-year). */
export function yearOptions(years: number[], year: number): number[] {
  return [...new Set([...years, year])].sort((a, b) => b - a);
}

// ───────────────────────────── Deadlines ─────────────────────────────

export type Step = { key: string; label: string; due: Date | null; done: boolean };
export type StepFacts = {
  phase: Phase;
  members: number;
  registered: number;
  pledgePublished: boolean;
  signed: number;
  hasCriteria: boolean;
  midYearFrozen: boolean;
  yearEndSent: number;
  yearEndFrozen: boolean;
  due: { registration: Date | null; pledge: Date | null; criteria: Date | null; midYear: Date | null; selfScore: Date | null; yearEnd: Date | null };
};

/** The year's steps with their deadline and whether each is finished (a closed year has finished them all). */
export function yearSteps(f: StepFacts): Step[] {
  const closed = f.phase === 'CLOSED';
  const all = (n: number) => f.members > 0 && n >= f.members;
  return [
    { key: 'registration', label: 'Đăng ký thi đua', due: f.due.registration, done: closed || all(f.registered) },
    { key: 'pledge', label: 'Ký giao ước', due: f.due.pledge, done: closed || (f.pledgePublished && all(f.signed)) },
    { key: 'criteria', label: 'Thông qua bảng tiêu chí', due: f.due.criteria, done: closed || f.hasCriteria },
    { key: 'midYear', label: 'Sơ kết 6 tháng', due: f.due.midYear, done: closed || f.midYearFrozen },
    { key: 'selfScore', label: 'Tự chấm điểm cả năm', due: f.due.selfScore, done: closed || all(f.yearEndSent) },
    { key: 'yearEnd', label: 'Tổng kết năm', due: f.due.yearEnd, done: closed || f.yearEndFrozen },
  ];
}

/** Past its due day (Vietnam time) and not finished: the same rule as a late registration. */
export const isOverdue = (s: Step, now: Date) => !s.done && s.due !== null && now > endOfDueDay(s.due);

/** The earliest deadline of an unfinished step (overdue or not), and every overdue step. */
export function deadlineStatus(steps: Step[], now: Date): { next: Step | null; overdue: Step[] } {
  const open = steps.filter((s) => !s.done && s.due !== null).sort((a, b) => a.due!.getTime() - b.due!.getTime());
  return { next: open[0] ?? null, overdue: open.filter((s) => isOverdue(s, now)) };
}

// ───────────────────────────── The rows ─────────────────────────────

export type Leader = { name: string; totalCenti: number; kind: 'MID_YEAR' | 'YEAR_END' };

export type DashboardRow = {
  blocId: number;
  blocYearId: number;
  year: number;
  name: string;
  code: string;
  phase: Phase;
  phaseLabel: string;
  period: Period;
  head: string;
  deputy: string;
  members: number;
  registered: number;
  signed: number;
  pledgePublished: boolean;
  sheetsSent: number;
  reviewed: number;
  leader: Leader | null;
  proposalsSent: number;
  proposalsDecided: number;
  proposalsWaiting: number;
  next: Step | null;
  overdue: Step[];
  reopened: boolean;
  href: string;
  base: string;
  searchKey: string;
};

const SENT_TO_BOARD = ['SENT', 'APPROVED', 'REJECTED'];
const DECIDED = ['APPROVED', 'REJECTED'];
const SENT_SHEET = ['SUBMITTED', 'ACCEPTED'];

/** Raw SQL gives numbers as bigint (PostgreSQL's COUNT) and dates as text (SQLite). */
const int = (v: unknown) => Number(v ?? 0);

type RawYear = {
  id: unknown;
  blocId: unknown;
  year: unknown;
  phase: string;
  reopenedAt: unknown;
  registrationDue: unknown;
  pledgeDue: unknown;
  criteriaDue: unknown;
  midYearReviewDue: unknown;
  selfScoreDue: unknown;
  yearEndReviewDue: unknown;
  headAgencyId: unknown;
  deputyAgencyId: unknown;
  code: string;
  pledgePublishedAt: unknown;
  members: unknown;
  criteria: unknown;
  registered: unknown;
  signed: unknown;
  midYearFrozen: unknown;
  yearEndFrozen: unknown;
  midYearSent: unknown;
  midYearReviewed: unknown;
  yearEndSent: unknown;
  yearEndReviewed: unknown;
  proposalsSent: unknown;
  proposalsDecided: unknown;
  proposalsWaiting: unknown;
};
type RawName = { of: string; id: unknown; name: string; validFrom: unknown; validTo: unknown };
type RawLeader = { blocYearId: unknown; kind: string; agencyName: string; totalCenti: unknown };
type RawPending = { blocId: unknown; year: unknown; phase: string; reopenedAt: unknown; reopenReason: string; code: string; waiting: unknown };
type Version = { name: string; validFrom: Date; validTo: Date | null };

const inList = (values: readonly string[]) => Prisma.join(values.map((v) => Prisma.sql`${v}`));

/**
 * The bloc-years of the province in the year, one row each with every count the dashboard shows
 * (correlated counts, each on an index of its table).
 */
function yearRows(db: Db, provinceId: number, year: number) {
  const sheets = (period: Period, statuses: readonly string[]) =>
    Prisma.sql`(SELECT COUNT(*) FROM "ScoreSheet" s WHERE s."blocYearId" = y."id" AND s."period" = ${period} AND s."status" IN (${inList(statuses)}))`;
  const proposals = (statuses: readonly string[]) => Prisma.sql`(SELECT COUNT(*) FROM "AwardProposal" a WHERE a."blocYearId" = y."id" AND a."status" IN (${inList(statuses)}))`;
  const frozen = (kind: Period) => Prisma.sql`(SELECT COUNT(*) FROM "Review" r WHERE r."blocYearId" = y."id" AND r."kind" = ${kind} AND r."frozenAt" IS NOT NULL)`;
  return db.$queryRaw<RawYear[]>`
    SELECT y."id" AS "id", y."blocId" AS "blocId", y."year" AS "year", y."phase" AS "phase", y."reopenedAt" AS "reopenedAt",
           y."registrationDue" AS "registrationDue", y."pledgeDue" AS "pledgeDue", y."criteriaDue" AS "criteriaDue",
           y."midYearReviewDue" AS "midYearReviewDue", y."selfScoreDue" AS "selfScoreDue", y."yearEndReviewDue" AS "yearEndReviewDue",
           y."headAgencyId" AS "headAgencyId", y."deputyAgencyId" AS "deputyAgencyId", b."code" AS "code", pl."publishedAt" AS "pledgePublishedAt",
           (SELECT COUNT(*) FROM "Membership" m WHERE m."blocYearId" = y."id" AND m."leftAt" IS NULL) AS "members",
           (SELECT COUNT(*) FROM "CriteriaTable" c WHERE c."blocYearId" = y."id") AS "criteria",
           (SELECT COUNT(*) FROM "Registration" g WHERE g."blocYearId" = y."id" AND g."status" IN (${inList(['SUBMITTED', 'ACCEPTED'])})) AS "registered",
           (SELECT COUNT(*) FROM "PledgeSignature" ps WHERE ps."pledgeId" = pl."id") AS "signed",
           ${frozen('MID_YEAR')} AS "midYearFrozen",
           ${frozen('YEAR_END')} AS "yearEndFrozen",
           ${sheets('MID_YEAR', SENT_SHEET)} AS "midYearSent",
           ${sheets('MID_YEAR', ['ACCEPTED'])} AS "midYearReviewed",
           ${sheets('YEAR_END', SENT_SHEET)} AS "yearEndSent",
           ${sheets('YEAR_END', ['ACCEPTED'])} AS "yearEndReviewed",
           ${proposals(SENT_TO_BOARD)} AS "proposalsSent",
           ${proposals(DECIDED)} AS "proposalsDecided",
           ${proposals(['SENT'])} AS "proposalsWaiting"
    FROM "BlocYear" y
    JOIN "Bloc" b ON b."id" = y."blocId"
    LEFT JOIN "Pledge" pl ON pl."blocYearId" = y."id"
    WHERE b."provinceId" = ${provinceId} AND y."year" = ${year}
    ORDER BY y."id"`;
}

/** Every version of the province's blocs, and of the units heading or deputising a bloc in the year. */
function versionRows(db: Db, provinceId: number, year: number) {
  const ofYear = Prisma.sql`FROM "BlocYear" y JOIN "Bloc" b ON b."id" = y."blocId" WHERE b."provinceId" = ${provinceId} AND y."year" = ${year}`;
  return db.$queryRaw<RawName[]>`
    SELECT 'B' AS "of", v."blocId" AS "id", v."id" AS "versionId", v."name" AS "name", v."validFrom" AS "validFrom", v."validTo" AS "validTo"
    FROM "BlocVersion" v JOIN "Bloc" b ON b."id" = v."blocId"
    WHERE b."provinceId" = ${provinceId}
    UNION ALL
    SELECT 'A' AS "of", v."agencyId" AS "id", v."id" AS "versionId", v."name" AS "name", v."validFrom" AS "validFrom", v."validTo" AS "validTo"
    FROM "AgencyVersion" v
    WHERE v."agencyId" IN (SELECT y."headAgencyId" ${ofYear}) OR v."agencyId" IN (SELECT y."deputyAgencyId" ${ofYear})
    ORDER BY "of", "id", "versionId"`;
}

/** The first of each frozen ranking of the year (the year-end one wins over the mid-year one). */
function leaderRows(db: Db, provinceId: number, year: number) {
  return db.$queryRaw<RawLeader[]>`
    SELECT r."blocYearId" AS "blocYearId", r."kind" AS "kind", rr."agencyName" AS "agencyName", rr."totalCenti" AS "totalCenti"
    FROM "ReviewResult" rr
    JOIN "Review" r ON r."id" = rr."reviewId"
    JOIN "BlocYear" y ON y."id" = r."blocYearId"
    JOIN "Bloc" b ON b."id" = y."blocId"
    WHERE rr."rank" = 1 AND r."frozenAt" IS NOT NULL AND b."provinceId" = ${provinceId} AND y."year" = ${year}
    ORDER BY rr."reviewId", rr."agencyId"`;
}

/** Bloc-years of any year with sent proposals waiting for a decision, or reopened and not closed again. */
function pendingRows(db: Db, provinceId: number, limit: number) {
  return db.$queryRaw<RawPending[]>`
    SELECT y."blocId" AS "blocId", y."year" AS "year", y."phase" AS "phase", y."reopenedAt" AS "reopenedAt", y."reopenReason" AS "reopenReason", b."code" AS "code",
           (SELECT COUNT(*) FROM "AwardProposal" a WHERE a."blocYearId" = y."id" AND a."status" = ${'SENT'}) AS "waiting"
    FROM "BlocYear" y
    JOIN "Bloc" b ON b."id" = y."blocId"
    WHERE b."provinceId" = ${provinceId}
      AND (EXISTS (SELECT 1 FROM "AwardProposal" a WHERE a."blocYearId" = y."id" AND a."status" = ${'SENT'})
           OR (y."reopenedAt" IS NOT NULL AND y."phase" <> ${'CLOSED'}))
    ORDER BY y."year", y."id"
    LIMIT ${limit}`;
}

export type BoardTodo = { kind: 'proposals' | 'overdue' | 'reopened'; text: string; href: string; blocName: string; year: number };

/**
 * Every bloc of the province in the year with its aggregates, and what needs the board now: four
 * queries whatever the number of blocs or units.
 */
export async function provinceDashboard(db: Db, provinceId: number, year: number, now = new Date(), todoLimit = 50): Promise<{ rows: DashboardRow[]; todos: BoardTodo[] }> {
  const [years, versions, leaders, pending] = await Promise.all([yearRows(db, provinceId, year), versionRows(db, provinceId, year), leaderRows(db, provinceId, year), pendingRows(db, provinceId, todoLimit)]);
  const versionsOf = new Map<string, Version[]>();
  for (const v of versions) {
    const key = `${v.of}${Number(v.id)}`;
    const list = versionsOf.get(key) ?? [];
    list.push({ name: v.name, validFrom: raw.date(v.validFrom), validTo: raw.dateOrNull(v.validTo) });
    versionsOf.set(key, list);
  }
  const blocName = (blocId: number, code: string, y: number) => versionAt(versionsOf.get(`B${blocId}`) ?? [], midYear(y))?.name ?? code;
  const at = midYear(year);
  const unitName = (agencyId: unknown) => (agencyId === null || agencyId === undefined ? '' : (versionAt(versionsOf.get(`A${Number(agencyId)}`) ?? [], at)?.name ?? ''));
  const leaderOf = (blocYearId: number): Leader | null => {
    const mine = leaders.filter((l) => Number(l.blocYearId) === blocYearId);
    const l = mine.find((x) => x.kind === 'YEAR_END') ?? mine.find((x) => x.kind === 'MID_YEAR');
    return l ? { name: l.agencyName, totalCenti: Number(l.totalCenti), kind: l.kind as Leader['kind'] } : null;
  };

  const rows = years.map((y): DashboardRow => {
    const id = Number(y.id);
    const blocId = Number(y.blocId);
    const yearOfRow = Number(y.year);
    const phase = y.phase as Phase;
    const midYearFrozen = int(y.midYearFrozen) > 0;
    const period: Period = midYearFrozen ? 'YEAR_END' : 'MID_YEAR';
    const members = int(y.members);
    const registered = int(y.registered);
    const signed = int(y.signed);
    const pledgePublished = raw.dateOrNull(y.pledgePublishedAt) !== null;
    const steps = yearSteps({
      phase,
      members,
      registered,
      pledgePublished,
      signed,
      hasCriteria: int(y.criteria) > 0,
      midYearFrozen,
      yearEndSent: int(y.yearEndSent),
      yearEndFrozen: int(y.yearEndFrozen) > 0,
      due: {
        registration: raw.dateOrNull(y.registrationDue),
        pledge: raw.dateOrNull(y.pledgeDue),
        criteria: raw.dateOrNull(y.criteriaDue),
        midYear: raw.dateOrNull(y.midYearReviewDue),
        selfScore: raw.dateOrNull(y.selfScoreDue),
        yearEnd: raw.dateOrNull(y.yearEndReviewDue),
      },
    });
    const { next, overdue } = deadlineStatus(steps, now);
    const name = blocName(blocId, y.code, year);
    const head = unitName(y.headAgencyId);
    const deputy = unitName(y.deputyAgencyId);
    return {
      blocId,
      blocYearId: id,
      year: yearOfRow,
      name,
      code: y.code,
      phase,
      phaseLabel: PHASE_LABELS[phase] ?? phase,
      period,
      head,
      deputy,
      members,
      registered,
      signed,
      pledgePublished,
      sheetsSent: int(period === 'YEAR_END' ? y.yearEndSent : y.midYearSent),
      reviewed: int(period === 'YEAR_END' ? y.yearEndReviewed : y.midYearReviewed),
      leader: leaderOf(id),
      proposalsSent: int(y.proposalsSent),
      proposalsDecided: int(y.proposalsDecided),
      proposalsWaiting: int(y.proposalsWaiting),
      next,
      overdue,
      // reopened by the board and not closed again
      reopened: raw.dateOrNull(y.reopenedAt) !== null && phase !== 'CLOSED',
      href: blocYearHref(blocId, yearOfRow),
      base: yearBase(blocId, yearOfRow),
      searchKey: [name, y.code, head, deputy].map(foldForSearch).join('\n'),
    };
  });
  return { rows, todos: boardTodos(provinceId, pending, rows, blocName) };
}

// ───────────────────────────── Filter, search, sort ─────────────────────────────

export const SORT_KEYS = ['name', 'phase', 'next', 'head', 'deputy', 'members', 'registered', 'signed', 'sheets', 'reviewed', 'leader', 'score', 'proposals', 'decided'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

const blankToUndefined = (v: unknown) => (v === '' ? undefined : v);

export const dashboardQuery = z.object({
  year: yearValue,
  phase: z.preprocess(blankToUndefined, z.enum(PHASES, { error: 'Giai đoạn không hợp lệ.' }).optional()),
  overdue: z.preprocess(blankToUndefined, z.enum(['1'], { error: 'Bộ lọc quá hạn không hợp lệ.' }).optional()),
  q: searchText.default(''),
  sort: z.preprocess(blankToUndefined, z.enum(SORT_KEYS, { error: 'Cột sắp xếp không hợp lệ.' }).default('name')),
  dir: z.preprocess(blankToUndefined, z.enum(['asc', 'desc'], { error: 'Chiều sắp xếp không hợp lệ.' }).default('asc')),
  page: intField('Số trang không hợp lệ.', 1, 100_000).default(1),
});
export type DashboardQuery = z.infer<typeof dashboardQuery>;

const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });
const PHASE_ORDER = new Map<string, number>(PHASES.map((p, i) => [p, i]));

/** The value a column sorts by; null sorts last whatever the direction. */
function sortValue(r: DashboardRow, key: SortKey): string | number | null {
  switch (key) {
    case 'name':
      return r.name;
    case 'phase':
      return PHASE_ORDER.get(r.phase) ?? 99;
    case 'next':
      return r.next?.due?.getTime() ?? null;
    case 'head':
      return r.head || null;
    case 'deputy':
      return r.deputy || null;
    case 'members':
      return r.members;
    case 'registered':
      return r.registered;
    case 'signed':
      return r.signed;
    case 'sheets':
      return r.sheetsSent;
    case 'reviewed':
      return r.reviewed;
    case 'leader':
      return r.leader?.name ?? null;
    case 'score':
      return r.leader?.totalCenti ?? null;
    case 'proposals':
      return r.proposalsSent;
    case 'decided':
      return r.proposalsDecided;
  }
}

export function compareRows(key: SortKey, dir: 'asc' | 'desc') {
  const sign = dir === 'desc' ? -1 : 1;
  return (a: DashboardRow, b: DashboardRow): number => {
    const x = sortValue(a, key);
    const y = sortValue(b, key);
    if (x === null || y === null) return x === y ? collator.compare(a.name, b.name) : x === null ? 1 : -1;
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x), String(y));
    return c !== 0 ? sign * c : collator.compare(a.name, b.name);
  };
}

/** Phase and overdue filters, the folded search (no case, no diacritics), then the sort. */
export function filterRows(rows: DashboardRow[], q: Pick<DashboardQuery, 'phase' | 'overdue' | 'q' | 'sort' | 'dir'>): DashboardRow[] {
  const folded = foldForSearch(q.q);
  return rows
    .filter((r) => !q.phase || r.phase === q.phase)
    .filter((r) => !q.overdue || r.overdue.length > 0)
    .filter((r) => !folded || r.searchKey.includes(folded))
    .sort(compareRows(q.sort, q.dir));
}

/** A ratio for the progress bars and their text: 0 when there is nothing to count. */
export const ratio = (n: number, of: number) => (of > 0 ? Math.min(1, n / of) : 0);

// ───────────────────────────── What needs the board now ─────────────────────────────

/**
 * Sent proposals waiting for a decision and years reopened, in every year of the province (an old
 * year's proposal still waits), and the blocs of the shown year past a deadline.
 */
function boardTodos(provinceId: number, pending: RawPending[], rows: DashboardRow[], blocName: (blocId: number, code: string, year: number) => string): BoardTodo[] {
  const out: BoardTodo[] = [];
  for (const p of pending) {
    const blocId = Number(p.blocId);
    const year = Number(p.year);
    const name = blocName(blocId, p.code, year);
    const waiting = int(p.waiting);
    const reopenedAt = raw.dateOrNull(p.reopenedAt);
    if (waiting) {
      out.push({ kind: 'proposals', text: `${waiting} đề nghị khen thưởng chờ quyết định`, href: `/provinces/${provinceId}/proposals?year=${year}&status=SENT`, blocName: name, year });
    }
    if (reopenedAt && p.phase !== 'CLOSED') {
      out.push({ kind: 'reopened', text: `Năm thi đua đã mở lại ngày ${formatDate(reopenedAt)}${p.reopenReason ? `: ${p.reopenReason}` : ''}`, href: blocYearHref(blocId, year), blocName: name, year });
    }
  }
  for (const r of rows) {
    if (r.overdue.length) {
      out.push({ kind: 'overdue', text: `Quá hạn: ${r.overdue.map((s) => `${s.label} (hạn ${formatDate(s.due!)})`).join('; ')}`, href: `${r.base}/progress`, blocName: r.name, year: r.year });
    }
  }
  return out;
}
