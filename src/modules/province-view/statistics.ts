// Award statistics of a province: the register counted by award, level, year, bloc and agency kind
// (each a SQL group-by; shares from src/domain/stats.ts), the blocs' proposals against the board's
// decisions, and the use of each bloc's quota. A fixed number of queries whatever the number of
// awards or blocs; the page and the Excel workbook read the same object.
import ExcelJS from 'exceljs';
import type { Db } from '../../db/client';
import { Prisma } from '../../db/client';
import { AWARD_LEVELS, AWARD_LEVEL_LABELS, REGISTER_KINDS, registerKindLabel } from '../../domain/award-register';
import { quotaFor } from '../../domain/awards';
import { AGENCY_KINDS, AGENCY_KIND_LABELS, AWARD_KINDS, AWARD_LABELS, type AwardKind } from '../../domain/enums';
import { shareFraction, shareOf, shareTable, WHOLE, type ShareLine } from '../../domain/stats';
import { midYear, versionAt } from '../../domain/versions';
import { loadRules } from '../awards/service';

/** A table of counts: one line per value of a dimension, each with its share of the table's total. */
export type CountTable = { key: string; title: string; head: string; lines: ShareLine[]; total: number; totalShare: number };

export type ProposalLine = { blocId: number | null; blocName: string; kind: AwardKind; label: string; proposed: number; pending: number; approved: number; rejected: number; rate: number };
export type QuotaLine = { blocId: number | null; blocName: string; kind: AwardKind; label: string; members: number; quota: number; proposed: number; approved: number; use: number };

export type AwardStatistics = {
  year: number;
  from: number;
  to: number;
  total: number;
  tables: CountTable[];
  proposals: { lines: ProposalLine[]; totals: ProposalLine[] };
  quotas: { lines: QuotaLine[]; totals: QuotaLine[] };
};

const NO_BLOC = 'Ngoài các khối thi đua';
const collator = new Intl.Collator('vi');

function countTable(key: string, title: string, head: string, lines: { key: string; label: string; count: number }[]): CountTable {
  return { key, title, head, ...shareTable(lines) };
}

type RawCount = { dim: string; k1: string | null; k2: string | null; n: unknown };
type RawProposals = { id: unknown; blocId: unknown; members: unknown; awardKind: string | null; status: string | null; n: unknown };
type Count = { _count: { _all: number } };

/**
 * The register counted by award (and title), level, year, bloc and agency kind: five group-bys in
 * one query, one line per dimension and value (the year and the bloc as text, as in the other lines).
 */
async function registerCounts(db: Db, provinceId: number, year: number, from: number, to: number) {
  const inYear = Prisma.sql`FROM "AwardRecord" a WHERE a."provinceId" = ${provinceId} AND a."year" = ${year}`;
  const rows = await db.$queryRaw<RawCount[]>`
    SELECT 'kind' AS "dim", a."awardKind" AS "k1", a."awardTitle" AS "k2", COUNT(*) AS "n" ${inYear} GROUP BY a."awardKind", a."awardTitle"
    UNION ALL
    SELECT 'level' AS "dim", a."level" AS "k1", NULL AS "k2", COUNT(*) AS "n" ${inYear} GROUP BY a."level"
    UNION ALL
    SELECT 'year' AS "dim", CAST(a."year" AS TEXT) AS "k1", NULL AS "k2", COUNT(*) AS "n"
    FROM "AwardRecord" a WHERE a."provinceId" = ${provinceId} AND a."year" >= ${from} AND a."year" <= ${to} GROUP BY a."year"
    UNION ALL
    SELECT 'bloc' AS "dim", CAST(a."blocId" AS TEXT) AS "k1", NULL AS "k2", COUNT(*) AS "n" ${inYear} GROUP BY a."blocId"
    UNION ALL
    SELECT 'agencyKind' AS "dim", a."agencyKind" AS "k1", NULL AS "k2", COUNT(*) AS "n" ${inYear} GROUP BY a."agencyKind"
    ORDER BY 1, 2, 3`; // a fixed order for the tables' ties, on both databases
  const of = (dim: string) => rows.filter((r) => r.dim === dim).map((r) => ({ k1: r.k1, k2: r.k2, _count: { _all: Number(r.n) } }));
  return {
    byKind: of('kind').map((r) => ({ awardKind: r.k1 ?? '', awardTitle: r.k2 ?? '', _count: r._count })),
    byLevel: of('level').map((r) => ({ level: r.k1 ?? '', _count: r._count })),
    byYear: of('year').map((r) => ({ year: Number(r.k1), _count: r._count })),
    byBloc: of('bloc').map((r) => ({ blocId: r.k1 === null ? null : Number(r.k1), _count: r._count })),
    byAgencyKind: of('agencyKind').map((r) => ({ agencyKind: r.k1 ?? '', _count: r._count })),
  };
}

/**
 * The bloc-years of the year with their members still in the bloc, and their proposals sent to the
 * board counted by award and status: one query, one line per bloc-year, award and status.
 */
async function proposalsOfYear(db: Db, provinceId: number, year: number) {
  const rows = await db.$queryRaw<RawProposals[]>`
    SELECT y."id" AS "id", y."blocId" AS "blocId",
           (SELECT COUNT(*) FROM "Membership" m WHERE m."blocYearId" = y."id" AND m."leftAt" IS NULL) AS "members",
           p."awardKind" AS "awardKind", p."status" AS "status", COUNT(p."id") AS "n"
    FROM "BlocYear" y
    JOIN "Bloc" b ON b."id" = y."blocId"
    LEFT JOIN "AwardProposal" p ON p."blocYearId" = y."id" AND p."status" IN (${'SENT'}, ${'APPROVED'}, ${'REJECTED'})
    WHERE b."provinceId" = ${provinceId} AND y."year" = ${year}
    GROUP BY y."id", y."blocId", p."awardKind", p."status"
    ORDER BY y."id"`;
  const blocYears = new Map<number, { id: number; blocId: number; members: number }>();
  for (const r of rows) blocYears.set(Number(r.id), { id: Number(r.id), blocId: Number(r.blocId), members: Number(r.members) });
  const proposalCounts = rows
    .filter((r) => r.status !== null)
    .map((r) => ({ blocYearId: Number(r.id), awardKind: r.awardKind ?? '', status: r.status ?? '', _count: { _all: Number(r.n) } }));
  return { blocYears: [...blocYears.values()], proposalCounts };
}

/** The statistics of a province's year (and the years from–to for the table by year): five queries. */
export async function awardStatistics(db: Db, provinceId: number, year: number, from: number, to: number): Promise<AwardStatistics> {
  const [{ byKind, byLevel, byYear, byBloc, byAgencyKind }, { blocYears, proposalCounts }, blocVersions, rules] = await Promise.all([
    registerCounts(db, provinceId, year, from, to),
    proposalsOfYear(db, provinceId, year),
    db.blocVersion.findMany({ where: { bloc: { provinceId } }, select: { blocId: true, name: true, validFrom: true, validTo: true } }),
    loadRules(db, provinceId, year),
  ]);
  const n = (g: Count) => g._count._all;

  // award kinds in the order of the register's list; a title of its own for the kinds whose wording varies
  const kindLines = new Map<string, { key: string; label: string; count: number; order: number }>();
  for (const g of byKind) {
    const own = g.awardKind === 'OTHER' || g.awardKind === 'HUAN_CHUONG_LD' || !(REGISTER_KINDS as readonly string[]).includes(g.awardKind);
    const key = own ? `${g.awardKind}:${g.awardTitle}` : g.awardKind;
    const order = (REGISTER_KINDS as readonly string[]).indexOf(g.awardKind);
    const line = kindLines.get(key) ?? { key, label: own ? g.awardTitle : registerKindLabel(g.awardKind), count: 0, order: order < 0 ? REGISTER_KINDS.length : order };
    line.count += n(g);
    kindLines.set(key, line);
  }
  const kinds = [...kindLines.values()].sort((a, b) => a.order - b.order || collator.compare(a.label, b.label));

  const levels = AWARD_LEVELS.map((l) => ({ key: l, label: AWARD_LEVEL_LABELS[l], count: n(byLevel.find((g) => g.level === l) ?? { _count: { _all: 0 } }) }));
  const otherLevels = byLevel.filter((g) => !(AWARD_LEVELS as readonly string[]).includes(g.level)).map((g) => ({ key: g.level, label: g.level, count: n(g) }));

  const years: { key: string; label: string; count: number }[] = [];
  for (let y = from; y <= to; y++) years.push({ key: String(y), label: String(y), count: n(byYear.find((g) => g.year === y) ?? { _count: { _all: 0 } }) });

  const blocName = (blocId: number | null) => (blocId === null ? NO_BLOC : versionAt(blocVersions.filter((v) => v.blocId === blocId), midYear(year))?.name ?? `Khối #${blocId}`);
  const blocs = byBloc
    .map((g) => ({ key: g.blocId === null ? 'none' : String(g.blocId), label: blocName(g.blocId), count: n(g), none: g.blocId === null }))
    .sort((a, b) => Number(a.none) - Number(b.none) || collator.compare(a.label, b.label))
    .map(({ none: _none, ...l }) => l);

  const agencyKinds = byAgencyKind
    .map((g) => ({ key: g.agencyKind, label: (AGENCY_KIND_LABELS as Record<string, string>)[g.agencyKind] ?? g.agencyKind, count: n(g), order: (AGENCY_KINDS as readonly string[]).indexOf(g.agencyKind) }))
    .sort((a, b) => (a.order < 0 ? 99 : a.order) - (b.order < 0 ? 99 : b.order))
    .map(({ order: _order, ...l }) => l);

  const tables = [
    countTable('kind', 'Theo hình thức khen thưởng, danh hiệu', 'Hình thức khen thưởng, danh hiệu', kinds.map(({ order: _o, ...l }) => l)),
    countTable('level', 'Theo cấp khen thưởng', 'Cấp khen thưởng', [...levels, ...otherLevels]),
    countTable('year', `Theo năm (${from}–${to})`, 'Năm', years),
    countTable('bloc', 'Theo khối thi đua', 'Khối thi đua', blocs),
    countTable('agencyKind', 'Theo loại cơ quan, đơn vị', 'Loại cơ quan, đơn vị', agencyKinds),
  ];

  // proposals against decisions, per bloc and award (the bloc-years of this year, by name)
  const blocOfYear = new Map(blocYears.map((b) => [b.id, b.blocId]));
  const sum = (blocYearId: number | null, kind: string, statuses: string[]) =>
    proposalCounts.filter((g) => (blocYearId === null || g.blocYearId === blocYearId) && g.awardKind === kind && statuses.includes(g.status)).reduce((s, g) => s + n(g), 0);
  const orderedYears = [...blocYears].sort((a, b) => collator.compare(blocName(a.blocId), blocName(b.blocId)));
  const proposalLine = (blocYearId: number | null, kind: AwardKind): ProposalLine => {
    const pending = sum(blocYearId, kind, ['SENT']);
    const approved = sum(blocYearId, kind, ['APPROVED']);
    const rejected = sum(blocYearId, kind, ['REJECTED']);
    const proposed = pending + approved + rejected;
    const blocId = blocYearId === null ? null : (blocOfYear.get(blocYearId) ?? null);
    return { blocId, blocName: blocId === null ? 'Cả tỉnh' : blocName(blocId), kind, label: AWARD_LABELS[kind], proposed, pending, approved, rejected, rate: shareOf(approved, proposed) };
  };
  const proposalLines = orderedYears.flatMap((b) => AWARD_KINDS.map((k) => proposalLine(b.id, k)).filter((l) => l.proposed > 0));
  const proposalTotals = AWARD_KINDS.map((k) => proposalLine(null, k)).filter((l) => l.proposed > 0);

  // the quota each bloc had for each award with one, and how much of it was approved
  const quotaLines: QuotaLine[] = orderedYears.flatMap((b) =>
    AWARD_KINDS.flatMap((k) => {
      const members = b.members;
      const quota = quotaFor(rules.awards[k], members);
      if (quota === null) return [];
      const approved = sum(b.id, k, ['APPROVED']);
      return [{ blocId: b.blocId, blocName: blocName(b.blocId), kind: k, label: AWARD_LABELS[k], members, quota, proposed: sum(b.id, k, ['SENT', 'APPROVED', 'REJECTED']), approved, use: shareOf(approved, quota) }];
    }),
  );
  const quotaTotals: QuotaLine[] = AWARD_KINDS.flatMap((k) => {
    const lines = quotaLines.filter((l) => l.kind === k);
    if (!lines.length) return [];
    const quota = lines.reduce((s, l) => s + l.quota, 0);
    const approved = lines.reduce((s, l) => s + l.approved, 0);
    return [{ blocId: null, blocName: 'Cả tỉnh', kind: k, label: AWARD_LABELS[k], members: lines.reduce((s, l) => s + l.members, 0), quota, proposed: lines.reduce((s, l) => s + l.proposed, 0), approved, use: shareOf(approved, quota) }];
  });

  return { year, from, to, total: tables[0].total, tables, proposals: { lines: proposalLines, totals: proposalTotals }, quotas: { lines: quotaLines, totals: quotaTotals } };
}

// ───────────────────────────── The workbook ─────────────────────────────

/** Percentages as Excel shows them: the cell holds the fraction, rounded as on the page. */
export const PERCENT_FORMAT = '0.00%';
export const COUNT_FORMAT = '#,##0';

const FONT = 'Times New Roman';
const THIN: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FF000000' } };
const BOX: Partial<ExcelJS.Borders> = { top: THIN, bottom: THIN, left: THIN, right: THIN };
const HEAD_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7E6E6' } };

/** The sheet name of each table (Excel: at most 31 characters, none of []:*?/\). */
export const SHEET_NAMES: Record<string, string> = {
  kind: 'Theo hình thức',
  level: 'Theo cấp',
  year: 'Theo năm',
  bloc: 'Theo khối',
  agencyKind: 'Theo loại cơ quan',
  proposals: 'Đề nghị và kết quả',
  quotas: 'Sử dụng chỉ tiêu',
};

type Cell = { v: string | number; fmt?: string };

/** One sheet: a title, a subtitle, the header, the lines and (optionally) a bold total line. */
function writeSheet(wb: ExcelJS.Workbook, name: string, title: string, subtitle: string, head: string[], lines: Cell[][], total: Cell[] | null, widths: number[]): void {
  const ws = wb.addWorksheet(name);
  ws.columns = widths.map((width) => ({ width }));
  ws.mergeCells(1, 1, 1, head.length);
  ws.getCell(1, 1).value = title;
  ws.getCell(1, 1).font = { name: FONT, bold: true, size: 13 };
  ws.mergeCells(2, 1, 2, head.length);
  ws.getCell(2, 1).value = subtitle;
  ws.getCell(2, 1).font = { name: FONT, italic: true, size: 11 };
  head.forEach((h, i) => {
    const c = ws.getCell(4, i + 1);
    c.value = h;
    c.font = { name: FONT, bold: true, size: 11 };
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    c.fill = HEAD_FILL;
    c.border = BOX;
  });
  const put = (row: number, cells: Cell[], bold: boolean) =>
    cells.forEach((x, i) => {
      const c = ws.getCell(row, i + 1);
      c.value = x.v;
      c.font = { name: FONT, size: 11, bold };
      c.border = BOX;
      if (x.fmt) c.numFmt = x.fmt;
      c.alignment = { horizontal: typeof x.v === 'number' ? 'right' : 'left', vertical: 'middle', wrapText: typeof x.v !== 'number' };
    });
  lines.forEach((l, i) => put(5 + i, l, false));
  if (total) put(5 + lines.length, total, true);
  ws.views = [{ state: 'frozen', ySplit: 4 }];
}

const count = (v: number): Cell => ({ v, fmt: COUNT_FORMAT });
const percent = (hundredths: number): Cell => ({ v: shareFraction(hundredths), fmt: PERCENT_FORMAT });

/** The statistics as one workbook, one sheet per table, in the order of the page. */
export async function statisticsWorkbook(s: AwardStatistics, provinceName: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Cổng thông tin khối thi đua';
  const subtitle = `Tỉnh ${provinceName} — năm ${s.year}`;
  for (const t of s.tables) {
    writeSheet(
      wb,
      SHEET_NAMES[t.key],
      `Thống kê khen thưởng ${t.title.charAt(0).toLowerCase()}${t.title.slice(1)}`,
      t.key === 'year' ? `Tỉnh ${provinceName} — các năm ${s.from}–${s.to}` : subtitle,
      ['STT', t.head, 'Số lượng', 'Tỷ lệ'],
      t.lines.map((l, i) => [{ v: i + 1 }, { v: l.label }, count(l.count), percent(l.share)]),
      [{ v: '' }, { v: 'Tổng cộng' }, count(t.total), percent(t.totalShare)],
      [6, 48, 14, 12],
    );
  }
  const proposalRow = (l: ProposalLine): Cell[] => [{ v: l.blocName }, { v: l.label }, count(l.proposed), count(l.pending), count(l.approved), count(l.rejected), percent(l.rate)];
  writeSheet(
    wb,
    SHEET_NAMES.proposals,
    'Đề nghị của các khối và kết quả khen thưởng',
    subtitle,
    ['Khối thi đua', 'Hình thức khen thưởng', 'Đề nghị', 'Chờ quyết định', 'Được khen thưởng', 'Không được khen thưởng', 'Tỷ lệ được khen thưởng'],
    [...s.proposals.lines, ...s.proposals.totals].map(proposalRow),
    null,
    [40, 36, 10, 12, 12, 14, 14],
  );
  const quotaRow = (l: QuotaLine): Cell[] => [{ v: l.blocName }, { v: l.label }, count(l.members), count(l.quota), count(l.proposed), count(l.approved), percent(l.use)];
  writeSheet(
    wb,
    SHEET_NAMES.quotas,
    'Sử dụng chỉ tiêu khen thưởng của các khối',
    subtitle,
    ['Khối thi đua', 'Hình thức khen thưởng', 'Số thành viên', 'Chỉ tiêu', 'Đề nghị', 'Được khen thưởng', 'Tỷ lệ sử dụng chỉ tiêu'],
    [...s.quotas.lines, ...s.quotas.totals].map(quotaRow),
    null,
    [40, 36, 12, 10, 10, 12, 14],
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export { WHOLE };
