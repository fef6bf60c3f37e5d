// Trends for the board: a unit's results year after year (its predecessors' years too, following the
// agency's lineage: merged or split into it, renamed) and a bloc's distribution year after year.
// Only frozen reviews count: what a bloc has not frozen is not a result yet.
import type { Db } from '../../db/client';
import { Prisma } from '../../db/client';
import { BANDS, type Band, type Period } from '../../domain/enums';
import { midYear, versionAt } from '../../domain/versions';
import { NotFoundError } from '../../http/errors';
import { distributionsOf, type Distribution } from './results';

/** How far back a unit's lineage is followed (a merge of a merge of …): bounded, and cycles are ignored. */
export const MAX_LINEAGE_DEPTH = 10;

type Edge = { predecessorId: number; successorId: number; kind: string; date: Date };

/**
 * The agencies whose history is this agency's: itself, then its predecessors by merge or split,
 * theirs, … up to MAX_LINEAGE_DEPTH steps. A rename or transfer is an edge to itself: skipped.
 */
export function lineageOf(agencyId: number, edges: readonly Edge[]): { ids: number[]; events: (Edge & { depth: number })[] } {
  const into = new Map<number, Edge[]>();
  for (const e of edges) {
    if (e.predecessorId === e.successorId) continue;
    into.set(e.successorId, [...(into.get(e.successorId) ?? []), e]);
  }
  const seen = new Set([agencyId]);
  const events: (Edge & { depth: number })[] = [];
  let frontier = [agencyId];
  for (let depth = 1; depth <= MAX_LINEAGE_DEPTH && frontier.length; depth++) {
    const next: number[] = [];
    for (const id of frontier) {
      for (const e of into.get(id) ?? []) {
        if (seen.has(e.predecessorId)) continue;
        seen.add(e.predecessorId);
        events.push({ ...e, depth });
        next.push(e.predecessorId);
      }
    }
    frontier = next;
  }
  return { ids: [...seen], events };
}

export type Standing = { totalCenti: number; rank: number; band: Band | null; units: number };

export type UnitTrendRow = {
  key: string; // stable label of the row and of the chart's point
  year: number;
  agencyId: number;
  nameThatYear: string;
  fromPredecessor: boolean;
  blocId: number;
  blocName: string;
  mid: Standing | null;
  end: Standing | null;
  changeCenti: number | null; // year-end − mid-year
  groups: Record<string, { mid: number | null; end: number | null }>; // by group code
};

type RawGroup = { blocYearId: unknown; agencyId: unknown; period: string; code: string; name: string; sortOrder: unknown; points: unknown };

const asBand = (b: string): Band | null => ((BANDS as readonly string[]).includes(b) ? (b as Band) : null);

/** The agency, when it belongs to the province (sits there or was a member of one of its blocs); else 404. */
async function agencyOfProvince(db: Db, provinceId: number, agencyId: number) {
  const agency = await db.agency.findFirst({
    where: { id: agencyId, OR: [{ provinceId }, { memberships: { some: { blocYear: { bloc: { provinceId } } } } }] },
    select: { id: true, code: true, versions: { orderBy: { validFrom: 'asc' }, select: { name: true, validFrom: true, validTo: true } } },
  });
  if (!agency) throw new NotFoundError('Không tìm thấy cơ quan, đơn vị này trong tỉnh.');
  return agency;
}

/**
 * GET /provinces/:provinceId/units/:agencyId/trend. Queries: the agency, the province's lineage
 * edges, then memberships, results, result counts, group points and predecessors' names — 7
 * whatever the number of years or predecessors.
 */
export async function unitTrend(db: Db, provinceId: number, agencyId: number) {
  const [agency, edges] = await Promise.all([
    agencyOfProvince(db, provinceId, agencyId),
    db.agencyLineage.findMany({
      where: { successorId: { not: null }, OR: [{ predecessor: { provinceId } }, { successor: { provinceId } }] },
      select: { predecessorId: true, successorId: true, kind: true, date: true },
    }),
  ]);
  const { ids, events } = lineageOf(
    agency.id,
    edges.map((e) => ({ ...e, successorId: e.successorId as number })),
  );
  const inProvince = { blocYear: { bloc: { provinceId } } };
  const [memberships, results, groupRows, predecessorNames] = await Promise.all([
    db.membership.findMany({
      where: { agencyId: { in: ids }, ...inProvince },
      orderBy: [{ blocYear: { year: 'asc' } }, { agencyId: 'asc' }],
      select: {
        agencyId: true,
        agencyVersion: { select: { name: true } },
        blocYear: { select: { id: true, year: true, blocId: true, bloc: { select: { code: true, versions: { select: { name: true, validFrom: true, validTo: true } } } } } },
      },
    }),
    db.reviewResult.findMany({
      where: { agencyId: { in: ids }, review: { frozenAt: { not: null }, ...inProvince } },
      select: { agencyId: true, agencyName: true, totalCenti: true, rank: true, band: true, reviewId: true, review: { select: { kind: true, blocYearId: true } } },
    }),
    db.$queryRaw<RawGroup[]>`
      SELECT s."blocYearId" AS "blocYearId", s."agencyId" AS "agencyId", s."period" AS "period",
             g."code" AS "code", g."name" AS "name", MIN(g."sortOrder") AS "sortOrder",
             SUM(CASE WHEN c."kind" = 'DEDUCTION' THEN -COALESCE(e."reviewedCenti", e."selfCenti", 0)
                      ELSE COALESCE(e."reviewedCenti", e."selfCenti", 0) END) AS "points"
      FROM "ScoreEntry" e
      JOIN "ScoreSheet" s ON s."id" = e."sheetId"
      JOIN "Criterion" c ON c."id" = e."criterionId"
      JOIN "CriteriaGroup" g ON g."id" = c."groupId"
      JOIN "Review" r ON r."blocYearId" = s."blocYearId" AND r."kind" = s."period" AND r."frozenAt" IS NOT NULL
      JOIN "BlocYear" y ON y."id" = s."blocYearId"
      JOIN "Bloc" b ON b."id" = y."blocId"
      WHERE s."agencyId" IN (${Prisma.join(ids)}) AND b."provinceId" = ${provinceId}
      GROUP BY s."blocYearId", s."agencyId", s."period", g."code", g."name"`,
    ids.length > 1
      ? db.agencyVersion.findMany({ where: { agencyId: { in: ids.filter((id) => id !== agency.id) } }, orderBy: { validFrom: 'asc' }, select: { agencyId: true, name: true } })
      : Promise.resolve([]),
  ]);
  const reviewIds = [...new Set(results.map((r) => r.reviewId))];
  const counts = reviewIds.length
    ? await db.reviewResult.groupBy({ by: ['reviewId'], where: { reviewId: { in: reviewIds } }, orderBy: { reviewId: 'asc' }, _count: { _all: true } })
    : [];
  const unitsOf = new Map(counts.map((c) => [c.reviewId, c._count._all]));

  const standing = (blocYearId: number, id: number, kind: Period): Standing | null => {
    const r = results.find((x) => x.agencyId === id && x.review.blocYearId === blocYearId && x.review.kind === kind);
    return r ? { totalCenti: r.totalCenti, rank: r.rank, band: asBand(r.band), units: unitsOf.get(r.reviewId) ?? 0 } : null;
  };
  // Groups are matched across years by their code (I, II, …), named as in the latest year.
  const groupNames = new Map<string, { name: string; sortOrder: number; year: number }>();
  const years = new Map(memberships.map((m) => [m.blocYear.id, m.blocYear.year]));
  for (const g of groupRows) {
    const y = years.get(Number(g.blocYearId)) ?? 0;
    const known = groupNames.get(g.code);
    if (!known || known.year <= y) groupNames.set(g.code, { name: g.name, sortOrder: Number(g.sortOrder), year: y });
  }
  const groups = [...groupNames.entries()].sort((a, b) => a[1].sortOrder - b[1].sortOrder || a[0].localeCompare(b[0])).map(([code, g]) => ({ code, name: g.name }));

  const rows: UnitTrendRow[] = memberships.map((m) => {
    const mid = standing(m.blocYear.id, m.agencyId, 'MID_YEAR');
    const end = standing(m.blocYear.id, m.agencyId, 'YEAR_END');
    const fromPredecessor = m.agencyId !== agency.id;
    const nameThatYear = results.find((r) => r.agencyId === m.agencyId && r.review.blocYearId === m.blocYear.id)?.agencyName ?? m.agencyVersion.name;
    const byGroup: UnitTrendRow['groups'] = {};
    for (const g of groupRows) {
      if (Number(g.blocYearId) !== m.blocYear.id || Number(g.agencyId) !== m.agencyId) continue;
      const cell = (byGroup[g.code] ??= { mid: null, end: null });
      if (g.period === 'MID_YEAR') cell.mid = Number(g.points);
      else if (g.period === 'YEAR_END') cell.end = Number(g.points);
    }
    return {
      key: fromPredecessor ? `${m.blocYear.year} (${nameThatYear})` : String(m.blocYear.year),
      year: m.blocYear.year,
      agencyId: m.agencyId,
      nameThatYear,
      fromPredecessor,
      blocId: m.blocYear.blocId,
      blocName: versionAt(m.blocYear.bloc.versions, midYear(m.blocYear.year))?.name ?? m.blocYear.bloc.code,
      mid,
      end,
      changeCenti: mid && end ? end.totalCenti - mid.totalCenti : null,
      groups: byGroup,
    };
  });
  const lastNames = new Map<number, string>();
  for (const v of predecessorNames) lastNames.set(v.agencyId, v.name);
  return {
    agency: { id: agency.id, name: versionAt(agency.versions, new Date())?.name ?? agency.code },
    predecessors: events.map((e) => ({ id: e.predecessorId, name: lastNames.get(e.predecessorId) ?? '', kind: e.kind, date: e.date, depth: e.depth })),
    rows,
    groups,
  };
}

export type BlocTrendRow = {
  year: number;
  members: number;
  frozen: boolean;
  dist: Distribution | null;
  leaders: { agencyId: number; name: string }[];
};

/**
 * GET /provinces/:provinceId/blocs/:blocId/trend. Queries: the bloc, its years (with their reviews
 * and member counts), the distributions (2) and the leaders — a fixed number whatever the years.
 */
export async function blocTrend(db: Db, provinceId: number, blocId: number, period: Period) {
  const bloc = await db.bloc.findFirst({ where: { id: blocId, provinceId }, select: { id: true, code: true, versions: { select: { name: true, validFrom: true, validTo: true } } } });
  if (!bloc) throw new NotFoundError('Không tìm thấy khối thi đua này trong tỉnh.');
  const frozenOfBloc = { review: { kind: period, frozenAt: { not: null }, blocYear: { blocId } } };
  const [years, dists, leaders] = await Promise.all([
    db.blocYear.findMany({
      where: { blocId },
      orderBy: { year: 'asc' },
      select: { id: true, year: true, reviews: { where: { kind: period }, select: { id: true, frozenAt: true } }, memberships: { where: { leftAt: null }, select: { id: true } } }, // counted here: Prisma's _count groups the whole Membership table
    }),
    distributionsOf(db, frozenOfBloc),
    db.reviewResult.findMany({ where: { rank: 1, ...frozenOfBloc }, orderBy: { agencyId: 'asc' }, select: { reviewId: true, agencyId: true, agencyName: true } }),
  ]);
  const rows: BlocTrendRow[] = years.map((y) => {
    const review = y.reviews.find((r) => r.frozenAt !== null);
    return {
      year: y.year,
      members: y.memberships.length,
      frozen: !!review,
      dist: review ? (dists.get(review.id) ?? null) : null,
      leaders: review ? leaders.filter((l) => l.reviewId === review.id).map((l) => ({ agencyId: l.agencyId, name: l.agencyName })) : [],
    };
  });
  const latest = rows.at(-1)?.year ?? new Date().getFullYear();
  return { bloc: { id: bloc.id, name: versionAt(bloc.versions, midYear(latest))?.name ?? bloc.code }, rows };
}
