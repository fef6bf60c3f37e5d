// The home page: what I must do next, with deadlines, per role. A fixed number of queries.
import type { Db } from '../../db/client';
import type { Principal } from '../../auth/principal';
import { daysUntil } from '../../i18n/format';
import { blocWhere, blocYearWhere } from '../../auth/scope';
import { AWARD_LABELS, type AwardKind, type Phase } from '../../domain/enums';
import { versionAt, midYear } from '../../domain/versions';
import { LIVE_PROPOSAL, loadRulesFor } from '../awards/service';
import { isAfterDue } from '../../domain/awards';
import { consequencesOf, consequenceText, type Hypothesis } from '../../domain/consequences';
import { blocYearHref } from '../years/tabs';
import { can } from '../../auth/permissions';

export type Task = { text: string; due: Date | null; href: string; blocName: string; year: number; overdue: boolean };

function task(text: string, due: Date | null, href: string, blocName: string, year: number, now: Date): Task {
  return { text, due, href, blocName, year, overdue: due ? daysUntil(due, now) < 0 : false };
}

export async function unitTasks(db: Db, p: Principal, now = new Date()): Promise<Task[]> {
  if (!p.agencyIds.length) return [];
  const years = await db.blocYear.findMany({
    where: { phase: { not: 'CLOSED' }, memberships: { some: { agencyId: { in: p.agencyIds } } } },
    orderBy: [{ year: 'desc' }, { id: 'asc' }],
    include: {
      bloc: { select: { id: true, provinceId: true, versions: { orderBy: { validFrom: 'desc' }, take: 1, select: { name: true } } } },
      registrations: { where: { OR: [{ agencyId: { in: p.agencyIds } }, { status: 'SUBMITTED' }] }, select: { agencyId: true, status: true } },
      pledge: { select: { publishedAt: true, signatures: { select: { agencyId: true } } } },
      sheets: {
        where: { OR: [{ agencyId: { in: p.agencyIds } }, { status: 'SUBMITTED' }] },
        select: { agencyId: true, status: true, period: true },
      },
      reviews: { select: { kind: true, frozenAt: true } },
      ballots: { where: { status: 'OPEN' }, select: { id: true, title: true, participations: { where: { agencyId: { in: p.agencyIds }, votedAt: null }, select: { agencyId: true } } } },
      memberships: { where: { agencyId: { in: p.agencyIds } }, select: { agencyId: true } },
      // a handful per year (quotas): the head's drafts to send, my unit's reports to write
      proposals: { where: { status: { in: LIVE_PROPOSAL } }, select: { agencyId: true, status: true, awardKind: true, achievements: true } },
      _count: { select: { memberships: true } },
    },
  });
  const tasks: Task[] = [];
  // the province's rules, only for the years where a task carries a consequence: at most two queries
  const consequential = years.filter((y) => y.pledge?.publishedAt || (y.phase !== 'SETUP' && isAfterDue(now, y.registrationDue)));
  const rulesOf = await loadRulesFor(db, consequential.map((y) => ({ provinceId: y.bloc.provinceId, year: y.year })));
  /** "Ký giao ước thi đua — Chưa ký giao ước thi đua: nếu không ký …": the task, then what skipping it costs. */
  const withCost = (text: string, y: (typeof years)[number], h: Hypothesis) => {
    const c = consequencesOf(rulesOf(y.bloc.provinceId, y.year), h);
    return c.awards.length ? `${text}. ${consequenceText(c)}` : text;
  };
  for (const y of years) {
    const blocName = y.bloc.versions[0]?.name ?? '';
    const base = `/blocs/${y.bloc.id}/years/${y.year}`;
    // the scoring period open now: the first half until the mid-year review is frozen
    const period = y.reviews.some((r) => r.kind === 'MID_YEAR' && r.frozenAt) ? 'YEAR_END' : 'MID_YEAR';
    // an open ballot waiting for my unit's paper
    for (const b of y.ballots) {
      if (b.participations.length) tasks.push(task(`Bỏ phiếu: ${b.title}`, y.yearEndReviewDue, `${base}/ballots/${b.id}`, blocName, y.year, now));
    }
    const sheets = y.sheets.filter((s) => s.period === period);
    const head = p.agencyIds.find((a) => a === y.headAgencyId || (y.deputyActsAsHead && a === y.deputyAgencyId));
    // What I review is the permission map's answer per unit: never my own unit; the deputy reviews the head's.
    const reviewScope = { headAgencyId: y.headAgencyId, deputyAgencyId: y.deputyAgencyId, deputyActsAsHead: y.deputyActsAsHead };
    const regsToReview = y.registrations.filter((r) => r.status === 'SUBMITTED' && can(p, 'registration.review', { ...reviewScope, agencyId: r.agencyId }));
    const sheetsToReview = sheets.filter((s) => s.status === 'SUBMITTED' && can(p, 'score.review', { ...reviewScope, agencyId: s.agencyId }));
    if (!head && y.phase !== 'SETUP') {
      // the deputy, for the head's unit: straight to the record (it has no list of the others)
      for (const r of regsToReview) tasks.push(task('Duyệt đăng ký thi đua của đơn vị Khối trưởng', y.registrationDue, `${base}/registrations/${r.agencyId}`, blocName, y.year, now));
      for (const s of sheetsToReview) tasks.push(task('Thẩm định bảng điểm của đơn vị Khối trưởng', y.yearEndReviewDue, `${base}/scores/${s.agencyId}?period=${period}`, blocName, y.year, now));
    }
    for (const m of y.memberships) {
      const reg = y.registrations.find((r) => r.agencyId === m.agencyId);
      const regHref = `${base}/registrations/${m.agencyId}`;
      const regText = (text: string) => (y.registrationDue && isAfterDue(now, y.registrationDue) ? withCost(text, y, { kind: 'LATE_REGISTRATION', due: y.registrationDue }) : text);
      if (y.phase !== 'SETUP' && (!reg || reg.status === 'DRAFT')) tasks.push(task(regText('Gửi đăng ký thi đua của đơn vị'), y.registrationDue, regHref, blocName, y.year, now));
      if (reg?.status === 'RETURNED') tasks.push(task(regText('Sửa và gửi lại đăng ký thi đua bị trả lại'), y.registrationDue, regHref, blocName, y.year, now));
      if (y.pledge?.publishedAt && !y.pledge.signatures.some((s) => s.agencyId === m.agencyId)) tasks.push(task(withCost('Ký giao ước thi đua', y, { kind: 'UNSIGNED_PLEDGE' }), y.pledgeDue, `${base}/pledge`, blocName, y.year, now));
      const sheet = sheets.find((s) => s.agencyId === m.agencyId);
      if (y.phase === 'SCORING' && (!sheet || sheet.status === 'DRAFT' || sheet.status === 'RETURNED')) {
        tasks.push(task(sheet?.status === 'RETURNED' ? 'Sửa bảng tự chấm điểm bị trả lại' : 'Tự chấm điểm và gửi bảng điểm', y.selfScoreDue, `${base}/scores/${m.agencyId}?period=${period}`, blocName, y.year, now));
      }
      // proposed by the conference: the dossier needs the unit's own report before the head sends it
      for (const pr of y.proposals) {
        if (y.phase === 'YEAR_END_REVIEW' && pr.status === 'DRAFT' && pr.agencyId === m.agencyId && !pr.achievements.trim()) {
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
        const frozen = y.reviews.some((r) => r.kind === 'YEAR_END' && r.frozenAt);
        const drafts = y.proposals.filter((pr) => pr.status === 'DRAFT').length;
        // the conference's next step: vote and propose, send the drafts, then hand over and close
        if (!frozen) tasks.push(task('Hội nghị tổng kết: chốt kết quả, xếp hạng cả năm', y.yearEndReviewDue, `${base}/reviews`, blocName, y.year, now));
        else if (!y.proposals.length) tasks.push(task('Hội nghị tổng kết: bỏ phiếu suy tôn, đề nghị khen thưởng', y.yearEndReviewDue, `${base}/ballots`, blocName, y.year, now));
        else if (drafts) tasks.push(task(`Gửi ${drafts} đề nghị khen thưởng tới Ban Thi đua – Khen thưởng tỉnh`, y.yearEndReviewDue, `${base}/awards`, blocName, y.year, now));
        if (frozen) tasks.push(task('Bầu Khối trưởng, Khối phó năm sau và khóa sổ', y.yearEndReviewDue, `${base}/closing`, blocName, y.year, now));
      }
      const unsigned = y.pledge?.publishedAt ? y._count.memberships - y.pledge.signatures.length : 0;
      if (unsigned > 0) tasks.push(task(`Nhắc ${unsigned} đơn vị chưa ký giao ước`, y.pledgeDue, `${base}/progress`, blocName, y.year, now));
    }
  }
  return tasks.sort((a, b) => (a.due?.getTime() ?? Infinity) - (b.due?.getTime() ?? Infinity));
}

export async function boardSummary(db: Db, p: Principal) {
  if (!p.boardProvinceIds.length) return null;
  const where = { bloc: { provinceId: { in: p.boardProvinceIds } } };
  const [phaseCounts, pendingProposals, provinces, waiting] = await Promise.all([
    db.blocYear.groupBy({ by: ['phase'], where: { ...where, phase: { not: 'CLOSED' } }, _count: { _all: true } }),
    db.awardProposal.count({ where: { status: 'SENT', blocYear: where } }),
    db.province.findMany({ where: { id: { in: p.boardProvinceIds } }, select: { id: true, name: true, _count: { select: { blocs: true, agencies: true } } } }),
    // the bloc-years whose sent proposals wait for a decision (oldest first; the first 20)
    db.blocYear.findMany({
      where: { ...where, proposals: { some: { status: 'SENT' } } },
      orderBy: [{ year: 'asc' }, { id: 'asc' }],
      take: 20,
      select: { blocId: true, year: true, bloc: { select: { versions: { orderBy: { validFrom: 'desc' }, take: 1, select: { name: true } } } }, _count: { select: { proposals: { where: { status: 'SENT' } } } } },
    }),
  ]);
  return {
    phaseCounts: phaseCounts.map((r) => ({ phase: r.phase, count: r._count._all })),
    pendingProposals,
    provinces,
    waiting: waiting.map((w) => ({ href: `/blocs/${w.blocId}/years/${w.year}/awards`, blocName: w.bloc.versions[0]?.name ?? '', year: w.year, count: w._count.proposals })),
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
const HOME_BLOCS = 20;

/**
 * The current year of each bloc I may see: the latest bloc-year I may read (a unit: the latest its
 * unit is a member of; a board: the latest of each bloc of its province). Capped: the bloc list pages the rest.
 */
export async function currentYears(db: Db, p: Principal): Promise<{ rows: CurrentYear[]; total: number }> {
  if (p.isAdmin || (!p.agencyIds.length && !p.boardProvinceIds.length)) return { rows: [], total: 0 };
  const where = blocWhere(p);
  const [total, blocs] = await Promise.all([
    db.bloc.count({ where }),
    db.bloc.findMany({
      where,
      orderBy: [{ provinceId: 'asc' }, { id: 'asc' }],
      take: HOME_BLOCS,
      select: {
        id: true,
        code: true,
        province: { select: { name: true } },
        versions: { select: { name: true, validFrom: true, validTo: true } },
        years: { where: blocYearWhere(p), orderBy: { year: 'desc' }, take: 1, select: { year: true, phase: true } },
      },
    }),
  ]);
  const rows = blocs.map((b) => {
    const y = b.years[0];
    return {
      blocId: b.id,
      blocName: versionAt(b.versions, y ? midYear(y.year) : new Date())?.name ?? b.code,
      provinceName: b.province.name,
      year: y?.year ?? null,
      phase: (y?.phase as Phase | undefined) ?? null,
      href: y ? blocYearHref(b.id, y.year) : `/blocs/${b.id}`,
    };
  });
  return { rows, total };
}
