// The board's province dashboard: every bloc of the province in a year side by side (phase, next
// deadline, head and deputy, progress, current leader, proposals) and what needs the board now.
// The counts are SQL group-bys over all the province's blocs at once, so the page makes the same
// number of queries for 1 bloc or 30; filtering, folded search and sorting work on those rows.
import { z } from 'zod';
import type { Db } from '../../db/client';
import { PHASES, PHASE_LABELS, type Phase, type Period } from '../../domain/enums';
import { endOfDueDay } from '../../domain/awards';
import { foldForSearch } from '../../domain/search';
import { versionAt, midYear } from '../../domain/versions';
import { intField } from '../../http/validate';
import { formatDate } from '../../i18n/format';
import { blocYearHref, yearBase } from '../years/tabs';
import { searchText } from '../../http/pagination';

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

/** Every bloc of the province in the year with its aggregates: a fixed number of queries. */
export async function dashboardRows(db: Db, provinceId: number, year: number, now = new Date()): Promise<DashboardRow[]> {
  const inYear = { year, bloc: { provinceId } };
  const at = midYear(year);
  const named = { select: { versions: { select: { name: true, shortName: true, validFrom: true, validTo: true } } } };
  const [years, registrations, signatures, sheets, leaders, proposals] = await Promise.all([
    db.blocYear.findMany({
      where: inYear,
      orderBy: { id: 'asc' },
      select: {
        id: true,
        blocId: true,
        year: true,
        phase: true,
        reopenedAt: true,
        registrationDue: true,
        pledgeDue: true,
        criteriaDue: true,
        midYearReviewDue: true,
        selfScoreDue: true,
        yearEndReviewDue: true,
        bloc: { select: { code: true, versions: { select: { name: true, validFrom: true, validTo: true } } } },
        head: named,
        deputy: named,
        pledge: { select: { id: true, publishedAt: true } },
        reviews: { select: { kind: true, frozenAt: true } },
        _count: { select: { memberships: { where: { leftAt: null } }, criteria: true } },
      },
    }),
    db.registration.groupBy({ by: ['blocYearId'], where: { blocYear: inYear, status: { in: ['SUBMITTED', 'ACCEPTED'] } }, _count: { _all: true } }),
    db.pledgeSignature.groupBy({ by: ['pledgeId'], where: { pledge: { blocYear: inYear } }, _count: { _all: true } }),
    db.scoreSheet.groupBy({ by: ['blocYearId', 'period', 'status'], where: { blocYear: inYear, status: { in: ['SUBMITTED', 'ACCEPTED'] } }, _count: { _all: true } }),
    // the first of each frozen ranking; the year-end one wins over the mid-year one below
    db.reviewResult.findMany({
      where: { rank: 1, review: { frozenAt: { not: null }, blocYear: inYear } },
      orderBy: [{ reviewId: 'asc' }, { agencyId: 'asc' }],
      select: { agencyName: true, totalCenti: true, review: { select: { blocYearId: true, kind: true } } },
    }),
    db.awardProposal.groupBy({ by: ['blocYearId', 'status'], where: { blocYear: inYear }, _count: { _all: true } }),
  ]);
  // the signatures are grouped per pledge: pledge id → bloc-year
  const pledgeIds = new Map(years.filter((y) => y.pledge).map((y) => [y.pledge!.id, y.id]));
  const regBy = new Map(registrations.map((r) => [r.blocYearId, r._count._all]));
  const signedBy = new Map<number, number>();
  for (const s of signatures) {
    const by = pledgeIds.get(s.pledgeId);
    if (by !== undefined) signedBy.set(by, s._count._all);
  }
  const sheetCount = (blocYearId: number, period: Period, statuses: string[]) =>
    sheets.filter((s) => s.blocYearId === blocYearId && s.period === period && statuses.includes(s.status)).reduce((n, s) => n + s._count._all, 0);
  const proposalCount = (blocYearId: number, statuses: string[]) =>
    proposals.filter((p) => p.blocYearId === blocYearId && statuses.includes(p.status)).reduce((n, p) => n + p._count._all, 0);
  const leaderOf = (blocYearId: number): Leader | null => {
    const mine = leaders.filter((l) => l.review.blocYearId === blocYearId);
    const l = mine.find((x) => x.review.kind === 'YEAR_END') ?? mine.find((x) => x.review.kind === 'MID_YEAR');
    return l ? { name: l.agencyName, totalCenti: l.totalCenti, kind: l.review.kind as Leader['kind'] } : null;
  };

  return years.map((y): DashboardRow => {
    const phase = y.phase as Phase;
    const frozen = (kind: string) => y.reviews.some((r) => r.kind === kind && r.frozenAt !== null);
    const period: Period = frozen('MID_YEAR') ? 'YEAR_END' : 'MID_YEAR';
    const members = y._count.memberships;
    const registered = regBy.get(y.id) ?? 0;
    const signed = signedBy.get(y.id) ?? 0;
    const steps = yearSteps({
      phase,
      members,
      registered,
      pledgePublished: Boolean(y.pledge?.publishedAt),
      signed,
      hasCriteria: y._count.criteria > 0,
      midYearFrozen: frozen('MID_YEAR'),
      yearEndSent: sheetCount(y.id, 'YEAR_END', ['SUBMITTED', 'ACCEPTED']),
      yearEndFrozen: frozen('YEAR_END'),
      due: { registration: y.registrationDue, pledge: y.pledgeDue, criteria: y.criteriaDue, midYear: y.midYearReviewDue, selfScore: y.selfScoreDue, yearEnd: y.yearEndReviewDue },
    });
    const { next, overdue } = deadlineStatus(steps, now);
    const name = versionAt(y.bloc.versions, at)?.name ?? y.bloc.code;
    const unitName = (a: { versions: { name: string; shortName: string; validFrom: Date; validTo: Date | null }[] } | null) => {
      const v = a ? versionAt(a.versions, at) : undefined;
      return v ? v.name : '';
    };
    const head = unitName(y.head);
    const deputy = unitName(y.deputy);
    return {
      blocId: y.blocId,
      blocYearId: y.id,
      year: y.year,
      name,
      code: y.bloc.code,
      phase,
      phaseLabel: PHASE_LABELS[phase] ?? phase,
      period,
      head,
      deputy,
      members,
      registered,
      signed,
      pledgePublished: Boolean(y.pledge?.publishedAt),
      sheetsSent: sheetCount(y.id, period, ['SUBMITTED', 'ACCEPTED']),
      reviewed: sheetCount(y.id, period, ['ACCEPTED']),
      leader: leaderOf(y.id),
      proposalsSent: proposalCount(y.id, SENT_TO_BOARD),
      proposalsDecided: proposalCount(y.id, DECIDED),
      proposalsWaiting: proposalCount(y.id, ['SENT']),
      next,
      overdue,
      // reopened by the board and not closed again
      reopened: y.reopenedAt !== null && phase !== 'CLOSED',
      href: blocYearHref(y.blocId, y.year),
      base: yearBase(y.blocId, y.year),
      searchKey: [name, y.bloc.code, head, deputy].map(foldForSearch).join('\n'),
    };
  });
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

export type BoardTodo = { kind: 'proposals' | 'overdue' | 'reopened'; text: string; href: string; blocName: string; year: number };

/**
 * Sent proposals waiting for a decision and years reopened, in every year of the province (an old
 * year's proposal still waits), and the blocs of the shown year past a deadline. One query besides
 * the rows already loaded.
 */
export async function boardTodos(db: Db, provinceId: number, rows: DashboardRow[], limit = 50): Promise<BoardTodo[]> {
  const pending = await db.blocYear.findMany({
    where: { bloc: { provinceId }, OR: [{ proposals: { some: { status: 'SENT' } } }, { reopenedAt: { not: null }, phase: { not: 'CLOSED' } }] },
    orderBy: [{ year: 'asc' }, { id: 'asc' }],
    take: limit,
    select: {
      blocId: true,
      year: true,
      phase: true,
      reopenedAt: true,
      reopenReason: true,
      bloc: { select: { code: true, versions: { select: { name: true, validFrom: true, validTo: true } } } },
      _count: { select: { proposals: { where: { status: 'SENT' } } } },
    },
  });
  const out: BoardTodo[] = [];
  for (const y of pending) {
    const blocName = versionAt(y.bloc.versions, midYear(y.year))?.name ?? y.bloc.code;
    if (y._count.proposals) {
      out.push({ kind: 'proposals', text: `${y._count.proposals} đề nghị khen thưởng chờ quyết định`, href: `/provinces/${provinceId}/proposals?year=${y.year}&status=SENT`, blocName, year: y.year });
    }
    if (y.reopenedAt && y.phase !== 'CLOSED') {
      out.push({ kind: 'reopened', text: `Năm thi đua đã mở lại ngày ${formatDate(y.reopenedAt)}${y.reopenReason ? `: ${y.reopenReason}` : ''}`, href: blocYearHref(y.blocId, y.year), blocName, year: y.year });
    }
  }
  for (const r of rows) {
    if (r.overdue.length) {
      out.push({ kind: 'overdue', text: `Quá hạn: ${r.overdue.map((s) => `${s.label} (hạn ${formatDate(s.due!)})`).join('; ')}`, href: `${r.base}/progress`, blocName: r.name, year: r.year });
    }
  }
  return out;
}
