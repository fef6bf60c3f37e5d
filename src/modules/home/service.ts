// The home page: what I must do next, with deadlines, per role. A fixed number of queries.
import type { Db } from '../../db/client';
import type { Principal } from '../../auth/principal';
import { daysUntil } from '../../i18n/format';

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
      bloc: { select: { id: true, versions: { orderBy: { validFrom: 'desc' }, take: 1, select: { name: true } } } },
      registrations: { where: { OR: [{ agencyId: { in: p.agencyIds } }, { status: 'SUBMITTED' }] }, select: { agencyId: true, status: true } },
      pledge: { select: { publishedAt: true, signatures: { select: { agencyId: true } } } },
      sheets: {
        where: { OR: [{ agencyId: { in: p.agencyIds } }, { status: 'SUBMITTED' }] },
        select: { agencyId: true, status: true, period: true },
      },
      reviews: { select: { kind: true, frozenAt: true } },
      ballots: { where: { status: 'OPEN' }, select: { id: true, title: true, participations: { where: { agencyId: { in: p.agencyIds }, votedAt: null }, select: { agencyId: true } } } },
      memberships: { where: { agencyId: { in: p.agencyIds } }, select: { agencyId: true } },
      _count: { select: { memberships: true } },
    },
  });
  const tasks: Task[] = [];
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
    for (const m of y.memberships) {
      const reg = y.registrations.find((r) => r.agencyId === m.agencyId);
      const regHref = `${base}/registrations/${m.agencyId}`;
      if (y.phase !== 'SETUP' && (!reg || reg.status === 'DRAFT')) tasks.push(task('Gửi đăng ký thi đua của đơn vị', y.registrationDue, regHref, blocName, y.year, now));
      if (reg?.status === 'RETURNED') tasks.push(task('Sửa và gửi lại đăng ký thi đua bị trả lại', y.registrationDue, regHref, blocName, y.year, now));
      if (y.pledge?.publishedAt && !y.pledge.signatures.some((s) => s.agencyId === m.agencyId)) tasks.push(task('Ký giao ước thi đua', y.pledgeDue, `${base}/pledge`, blocName, y.year, now));
      const sheet = sheets.find((s) => s.agencyId === m.agencyId);
      if (y.phase === 'SCORING' && (!sheet || sheet.status === 'DRAFT' || sheet.status === 'RETURNED')) {
        tasks.push(task(sheet?.status === 'RETURNED' ? 'Sửa bảng tự chấm điểm bị trả lại' : 'Tự chấm điểm và gửi bảng điểm', y.selfScoreDue, `${base}/scores/${m.agencyId}?period=${period}`, blocName, y.year, now));
      }
    }
    if (head) {
      if (y.phase === 'SETUP') tasks.push(task('Mở năm thi đua: chủ đề, thời hạn, thành viên, bảng tiêu chí', y.registrationDue, `${base}/setup`, blocName, y.year, now));
      const pendingRegs = y.registrations.filter((r) => r.status === 'SUBMITTED').length;
      if (pendingRegs) tasks.push(task(`Duyệt ${pendingRegs} bản đăng ký thi đua đang chờ`, y.registrationDue, `${base}/registrations`, blocName, y.year, now));
      const pendingSheets = sheets.filter((s) => s.status === 'SUBMITTED').length;
      if (pendingSheets) tasks.push(task(`Thẩm định ${pendingSheets} bảng điểm đã gửi`, y.yearEndReviewDue, `${base}/scores`, blocName, y.year, now));
      if (y.phase === 'YEAR_END_REVIEW') {
        const frozen = y.reviews.some((r) => r.kind === 'YEAR_END' && r.frozenAt);
        tasks.push(
          frozen
            ? task('Hội nghị tổng kết: bỏ phiếu suy tôn, đề nghị khen thưởng, bầu Khối trưởng năm sau, khóa sổ', y.yearEndReviewDue, `${base}/closing`, blocName, y.year, now)
            : task('Hội nghị tổng kết: chốt kết quả, xếp hạng cả năm', y.yearEndReviewDue, `${base}/reviews`, blocName, y.year, now),
        );
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
  const [provinces, blocs, agencies, users] = await Promise.all([db.province.count(), db.bloc.count(), db.agency.count(), db.user.count()]);
  return { provinces, blocs, agencies, users };
}
