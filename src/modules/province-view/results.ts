// The board's cross-bloc results of a year: every unit of the province with its bloc, final score,
// band and rank in its bloc (from the bloc's frozen review of the period), and each bloc's
// distribution of final scores. A fixed number of queries whatever the number of blocs and units:
// counts, minima and maxima are SQL group-bys; only the median is taken from one ordered list of
// the year's scores (at most ~14 units × 30 blocs).
import { z } from 'zod';
import type { Db, Tx } from '../../db/client';
import { Prisma } from '../../db/client';
import { BANDS, PERIODS, type Band, type Period } from '../../domain/enums';
import { containsPattern, foldForSearch } from '../../domain/search';
import { midYear, versionAt } from '../../domain/versions';
import { intField } from '../../http/validate';
import { PAGE_SIZE, pageOf, type Page } from '../../http/pagination';
import { raw } from '../../db/raw';

// ───────────────────────────── Pure rules (tested in tests/http/province-results.test.ts) ─────────────────────────────

/**
 * Median of final scores in hundredths, from values sorted ascending. An even count takes the mean
 * of the two middle values, rounded half up to the hundredth (90,50 and 91,01 → 90,76), so the
 * median is shown like every other score. Null for no values.
 */
export function medianCenti(sorted: readonly number[]): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const mid = Math.floor(n / 2);
  if (n % 2 === 1) return sorted[mid];
  return Math.round((sorted[mid - 1] + sorted[mid]) / 2);
}

/** Share of `count` in `total` as a ratio 0..1 (0 when there is nothing to share). */
export function shareOf(count: number, total: number): number {
  return total > 0 ? count / total : 0;
}

export type Distribution = {
  units: number;
  minCenti: number;
  medianCenti: number;
  maxCenti: number;
  bands: Record<Band, number>; // units per band
  shares: Record<Band, number>; // ratio per band
};

const noBands = (): Record<Band, number> => ({ XUAT_SAC: 0, TOT: 0, KHA: 0, TRUNG_BINH: 0 });

/**
 * Per frozen review: units, min, median, max and band counts. Two queries whatever the number of
 * reviews: the counts and extremes grouped in SQL, and the ordered scores for the medians.
 */
export async function distributionsOf(db: Db | Tx, where: Prisma.ReviewResultWhereInput): Promise<Map<number, Distribution>> {
  const [groups, ordered] = await Promise.all([
    db.reviewResult.groupBy({
      by: ['reviewId', 'band'],
      where,
      orderBy: [{ reviewId: 'asc' }, { band: 'asc' }],
      _count: { _all: true },
      _min: { totalCenti: true },
      _max: { totalCenti: true },
    }),
    db.reviewResult.findMany({ where, orderBy: [{ reviewId: 'asc' }, { totalCenti: 'asc' }], select: { reviewId: true, totalCenti: true } }),
  ]);
  const out = new Map<number, Distribution>();
  for (const g of groups) {
    const d = out.get(g.reviewId) ?? { units: 0, minCenti: Number.MAX_SAFE_INTEGER, medianCenti: 0, maxCenti: Number.MIN_SAFE_INTEGER, bands: noBands(), shares: noBands() };
    d.units += g._count._all;
    d.minCenti = Math.min(d.minCenti, g._min.totalCenti ?? d.minCenti);
    d.maxCenti = Math.max(d.maxCenti, g._max.totalCenti ?? d.maxCenti);
    if ((BANDS as readonly string[]).includes(g.band)) d.bands[g.band as Band] += g._count._all;
    out.set(g.reviewId, d);
  }
  const values = new Map<number, number[]>();
  for (const r of ordered) {
    const list = values.get(r.reviewId) ?? [];
    list.push(r.totalCenti);
    values.set(r.reviewId, list);
  }
  for (const [reviewId, d] of out) {
    d.medianCenti = medianCenti(values.get(reviewId) ?? []) ?? 0;
    for (const b of BANDS) d.shares[b] = shareOf(d.bands[b], d.units);
  }
  return out;
}

// ───────────────────────────── GET /provinces/:provinceId/results ─────────────────────────────

const blank = (v: unknown) => (v === '' ? undefined : v);

export const resultsQuery = z.object({
  year: z.preprocess(blank, intField('Năm không hợp lệ.', 2000, 2100).optional()),
  period: z.preprocess(blank, z.enum(PERIODS, { error: 'Kỳ đánh giá không hợp lệ.' }).default('YEAR_END')),
  bloc: z.preprocess(blank, intField('Khối không hợp lệ.', 1).optional()),
  // control characters (a NUL is refused by PostgreSQL's text) are no part of a name: read as spaces
  q: z
    .string({ error: 'Từ khóa tìm kiếm không hợp lệ.' })
    .max(100, 'Từ khóa tìm kiếm quá dài.')
    .transform((s) => s.replace(/[\u0000-\u001f\u007f]/g, ' ').trim())
    .default(''),
  page: z.preprocess(blank, intField('Số trang không hợp lệ.', 1, 100_000).default(1)),
});
export type ResultsQuery = z.infer<typeof resultsQuery>;

export const periodQuery = z.object({
  period: z.preprocess(blank, z.enum(PERIODS, { error: 'Kỳ đánh giá không hợp lệ.' }).default('YEAR_END')),
});

export type BlocOfYear = {
  blocId: number;
  blocYearId: number;
  name: string;
  members: number;
  reviewId: number | null; // the frozen review of the period
  frozenAt: Date | null;
  dist: Distribution | null;
};

export type UnitRow = {
  agencyId: number;
  name: string;
  blocId: number;
  blocName: string;
  frozen: boolean;
  totalCenti: number | null;
  rank: number | null;
  band: Band | null;
  blocUnits: number; // ranked units of the bloc (rank x / n)
};

type RawUnit = { agencyId: unknown; versionName: string; blocId: unknown; reviewId: unknown; agencyName: string | null; totalCenti: unknown; rank: unknown; band: string | null };

/** A bloc-year of the year, once per version of its bloc's name (raw SQL: numbers may be bigint, dates text). */
type RawBlocYear = { id: unknown; blocId: unknown; code: string; members: unknown; reviewId: unknown; frozenAt: unknown; versionName: string | null; validFrom: unknown; validTo: unknown };

/**
 * The blocs of the province in the year with their name that year, members still in the bloc and
 * frozen review of the period: one query.
 */
async function blocsOfYear(db: Db, provinceId: number, year: number, period: Period): Promise<BlocOfYear[]> {
  const rows = await db.$queryRaw<RawBlocYear[]>`
    SELECT y."id" AS "id", y."blocId" AS "blocId", b."code" AS "code",
           (SELECT COUNT(*) FROM "Membership" m WHERE m."blocYearId" = y."id" AND m."leftAt" IS NULL) AS "members",
           r."id" AS "reviewId", r."frozenAt" AS "frozenAt",
           v."name" AS "versionName", v."validFrom" AS "validFrom", v."validTo" AS "validTo"
    FROM "BlocYear" y
    JOIN "Bloc" b ON b."id" = y."blocId"
    LEFT JOIN "Review" r ON r."blocYearId" = y."id" AND r."kind" = ${period} AND r."frozenAt" IS NOT NULL
    LEFT JOIN "BlocVersion" v ON v."blocId" = b."id"
    WHERE b."provinceId" = ${provinceId} AND y."year" = ${year}
    ORDER BY y."id", v."id"`;
  const byYear = new Map<number, { row: RawBlocYear; versions: { name: string; validFrom: Date; validTo: Date | null }[] }>();
  for (const r of rows) {
    const id = Number(r.id);
    const y = byYear.get(id) ?? { row: r, versions: [] };
    if (r.versionName !== null) y.versions.push({ name: r.versionName, validFrom: raw.date(r.validFrom), validTo: raw.dateOrNull(r.validTo) });
    byYear.set(id, y);
  }
  const at = midYear(year);
  return [...byYear.entries()]
    .map(([id, { row, versions }]): BlocOfYear => ({
      blocId: Number(row.blocId),
      blocYearId: id,
      name: versionAt(versions, at)?.name ?? row.code,
      members: Number(row.members),
      reviewId: raw.intOrNull(row.reviewId),
      frozenAt: row.reviewId === null || row.reviewId === undefined ? null : raw.dateOrNull(row.frozenAt),
      dist: null,
    }))
    .sort((a, b) => a.name.localeCompare(b.name, 'vi') || a.blocId - b.blocId);
}

/**
 * The page's data. Queries: the blocs of the year (1), distributions (2), units (2: the page and
 * the count) — 5 whatever the number of blocs or units.
 */
export async function resultsPage(db: Db, provinceId: number, year: number, input: ResultsQuery) {
  const period: Period = input.period;
  const blocs = await blocsOfYear(db, provinceId, year, period);
  const blocFilter = input.bloc !== undefined && blocs.some((b) => b.blocId === input.bloc) ? input.bloc : undefined;

  const folded = foldForSearch(input.q);
  const conditions = [Prisma.sql`b."provinceId" = ${provinceId}`, Prisma.sql`y."year" = ${year}`];
  if (blocFilter !== undefined) conditions.push(Prisma.sql`y."blocId" = ${blocFilter}`);
  // the name of that year or the frozen name; LIKE with an explicit ESCAPE, the same on both databases
  if (folded) conditions.push(Prisma.sql`av."searchKey" LIKE ${containsPattern(folded)} ESCAPE '\\'`);
  // a unit that left the bloc during the year is listed only when the review ranked it
  conditions.push(Prisma.sql`(m."leftAt" IS NULL OR rr."id" IS NOT NULL)`);
  const from = Prisma.sql`
    FROM "Membership" m
    JOIN "BlocYear" y ON y."id" = m."blocYearId"
    JOIN "Bloc" b ON b."id" = y."blocId"
    JOIN "AgencyVersion" av ON av."id" = m."agencyVersionId"
    LEFT JOIN "Review" r ON r."blocYearId" = y."id" AND r."kind" = ${period} AND r."frozenAt" IS NOT NULL
    LEFT JOIN "ReviewResult" rr ON rr."reviewId" = r."id" AND rr."agencyId" = m."agencyId"
    WHERE ${Prisma.join(conditions, ' AND ')}`;
  // blocs in the order of their names (as the distribution table), then rank, unranked last
  const blocOrder = blocs.length ? Prisma.sql`CASE y."blocId" ${Prisma.join(blocs.map((b, i) => Prisma.sql`WHEN ${b.blocId} THEN ${Prisma.raw(String(i))}`), ' ')} END` : Prisma.sql`y."blocId"`;
  const page = input.page;
  const [dists, rows, counted] = await Promise.all([
    distributionsOf(db, { review: { kind: period, frozenAt: { not: null }, blocYear: { year, bloc: { provinceId } } } }),
    db.$queryRaw<RawUnit[]>`
      SELECT m."agencyId" AS "agencyId", av."name" AS "versionName", y."blocId" AS "blocId", r."id" AS "reviewId",
             rr."agencyName" AS "agencyName", rr."totalCenti" AS "totalCenti", rr."rank" AS "rank", rr."band" AS "band"
      ${from}
      ORDER BY ${blocOrder}, CASE WHEN rr."rank" IS NULL THEN 1 ELSE 0 END, rr."rank", m."sortOrder", m."agencyId"
      LIMIT ${PAGE_SIZE} OFFSET ${(page - 1) * PAGE_SIZE}`,
    db.$queryRaw<{ n: unknown }[]>`SELECT COUNT(*) AS "n" ${from}`,
  ]);
  for (const b of blocs) b.dist = b.reviewId !== null ? (dists.get(b.reviewId) ?? null) : null;
  const byId = new Map(blocs.map((b) => [b.blocId, b]));
  const items: UnitRow[] = rows.map((r) => {
    const bloc = byId.get(Number(r.blocId));
    const frozen = r.reviewId !== null && r.reviewId !== undefined;
    return {
      agencyId: Number(r.agencyId),
      name: r.agencyName ?? r.versionName,
      blocId: Number(r.blocId),
      blocName: bloc?.name ?? '',
      frozen,
      totalCenti: raw.intOrNull(r.totalCenti),
      rank: raw.intOrNull(r.rank),
      band: (BANDS as readonly string[]).includes(r.band ?? '') ? (r.band as Band) : null,
      blocUnits: bloc?.dist?.units ?? 0,
    };
  });
  const list: Page<UnitRow> = pageOf(items, Number(counted[0]?.n ?? 0), page);
  return { period, blocs, blocFilter, list };
}
