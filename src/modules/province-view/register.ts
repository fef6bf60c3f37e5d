// The province's award register (sổ khen thưởng): the rows the board's decisions write (kept in step
// with every decision and correction, inside the decision's own transaction), the register page
// (filters and a folded search, in SQL), and the import of awards decided outside the portal:
// read the file → check every row (checkAwardSheet, pure) → a PREVIEW batch → the board confirms a
// preview with no errors → one transaction writes the rows not yet in the register (importing the
// same file twice writes nothing the second time).
import type { Db, Tx } from '../../db/client';
import { searchKeyFilter } from '../../db/search-keys';
import {
  AWARD_LEVELS,
  AWARD_LEVEL_LABELS,
  KIND_LEVEL,
  REGISTER_KINDS,
  REGISTER_KIND_LABELS,
  RECORD_SOURCES,
  SUBJECT_KIND_LABELS,
  kindOfTitle,
  levelOf,
  subjectKindOf,
  type AwardLevel,
  type RegisterKind,
  type SubjectKind,
} from '../../domain/award-register';
import { foldForSearch } from '../../domain/search';
import { midYear, versionAt } from '../../domain/versions';
import { ConflictError } from '../../http/errors';
import { formatInt } from '../../i18n/format';
import { audit, type Actor } from '../audit';
import { columnLetter, nameKey, normaliseText, readCsv, readWorkbook, UnreadableFileError, type SheetTable } from '../imports/table';

// ───────────────────────────── Rows written by the board's decisions ─────────────────────────────

/**
 * Brings the register in line with these proposals, inside the caller's transaction: an APPROVED
 * proposal has exactly one PORTAL row (created, or its subject, number and date updated); any other
 * status (a correction to REJECTED) has none. The subject is the unit's name valid that year (its
 * membership's version) or the person's name. Five queries at most, whatever the number of proposals.
 */
export async function syncRegister(tx: Tx, proposalIds: readonly number[]): Promise<void> {
  if (proposalIds.length === 0) return;
  const proposals = await tx.awardProposal.findMany({
    where: { id: { in: [...proposalIds] } },
    select: {
      id: true,
      status: true,
      awardKind: true,
      agencyId: true,
      personName: true,
      decisionNumber: true,
      decisionDate: true,
      blocYearId: true,
      blocYear: { select: { year: true, blocId: true, bloc: { select: { provinceId: true } } } },
      agency: { select: { kind: true, versions: { select: { name: true, validFrom: true, validTo: true } } } },
    },
  });
  const undone = proposals.filter((p) => p.status !== 'APPROVED').map((p) => p.id);
  if (undone.length) await tx.awardRecord.deleteMany({ where: { proposalId: { in: undone } } });
  const approved = proposals.filter((p) => p.status === 'APPROVED');
  if (approved.length === 0) return;

  const units = approved.filter((p) => p.agencyId !== null);
  const [memberships, existing] = await Promise.all([
    units.length
      ? tx.membership.findMany({
          where: { OR: units.map((p) => ({ blocYearId: p.blocYearId, agencyId: p.agencyId! })) },
          select: { blocYearId: true, agencyId: true, agencyVersion: { select: { name: true } } },
        })
      : [],
    tx.awardRecord.findMany({ where: { proposalId: { in: approved.map((p) => p.id) } }, select: { id: true, proposalId: true } }),
  ]);
  const rows = approved.map((p) => {
    const year = p.blocYear.year;
    const member = memberships.find((m) => m.blocYearId === p.blocYearId && m.agencyId === p.agencyId);
    const subjectName = p.agencyId ? (member?.agencyVersion.name ?? versionAt(p.agency?.versions ?? [], midYear(year))?.name ?? '') : p.personName;
    const kind = (REGISTER_KINDS as readonly string[]).includes(p.awardKind) ? (p.awardKind as RegisterKind) : 'OTHER';
    return {
      proposalId: p.id,
      data: {
        provinceId: p.blocYear.bloc.provinceId,
        year,
        awardKind: p.awardKind,
        awardTitle: REGISTER_KIND_LABELS[kind],
        level: KIND_LEVEL[kind],
        subjectKind: p.agencyId ? 'UNIT' : 'PERSON',
        agencyId: p.agencyId,
        subjectName,
        agencyKind: p.agency?.kind ?? 'OTHER',
        blocId: p.blocYear.blocId,
        decisionNumber: p.decisionNumber,
        decisionDate: p.decisionDate,
      },
    };
  });
  const fresh = rows.filter((r) => !existing.some((e) => e.proposalId === r.proposalId));
  if (fresh.length) await tx.awardRecord.createMany({ data: fresh.map((r) => ({ ...r.data, source: 'PORTAL', proposalId: r.proposalId })) });
  for (const r of rows) {
    const e = existing.find((x) => x.proposalId === r.proposalId);
    // every field of the search key is written, so the key is recomputed in the same statement
    if (e) await tx.awardRecord.update({ where: { id: e.id }, data: r.data });
  }
}

// ───────────────────────────── The register page ─────────────────────────────

export const REGISTER_PAGE_SIZE = 50;

export type RegisterFilter = { year: number | null; q: string; kind: string; level: string; source: string; page: number };

/** The page of the register matching the filter (every condition in SQL), with its total. */
export async function registerPage(db: Db, provinceId: number, f: RegisterFilter) {
  const key = await searchKeyFilter(db, 'AwardRecord', f.q);
  const where = {
    provinceId,
    ...(f.year !== null ? { year: f.year } : {}),
    ...(f.kind ? { awardKind: f.kind } : {}),
    ...(f.level ? { level: f.level } : {}),
    ...(f.source ? { source: f.source } : {}),
    ...(key ? { searchKey: key } : {}),
  };
  const [total, years] = await Promise.all([
    db.awardRecord.count({ where }),
    db.awardRecord.groupBy({ by: ['year'], where: { provinceId }, orderBy: { year: 'desc' } }),
  ]);
  const pages = Math.max(1, Math.ceil(total / REGISTER_PAGE_SIZE));
  const page = Math.min(f.page, pages);
  const rows = await db.awardRecord.findMany({
    where,
    orderBy: [{ year: 'desc' }, { id: 'desc' }],
    skip: (page - 1) * REGISTER_PAGE_SIZE,
    take: REGISTER_PAGE_SIZE,
  });
  // the units and blocs named on this page, by the names valid in each row's year
  const agencyIds = [...new Set(rows.map((r) => r.agencyId).filter((x): x is number => x !== null))];
  const blocIds = [...new Set(rows.map((r) => r.blocId).filter((x): x is number => x !== null))];
  const [agencyVersions, blocVersions] = await Promise.all([
    agencyIds.length ? db.agencyVersion.findMany({ where: { agencyId: { in: agencyIds } }, select: { agencyId: true, name: true, validFrom: true, validTo: true } }) : [],
    blocIds.length ? db.blocVersion.findMany({ where: { blocId: { in: blocIds } }, select: { blocId: true, name: true, validFrom: true, validTo: true } }) : [],
  ]);
  const nameAt = <T extends { validFrom: Date; validTo: Date | null; name: string }>(versions: T[], year: number) => versionAt(versions, midYear(year))?.name ?? '';
  return {
    total,
    page,
    pages,
    pageSize: REGISTER_PAGE_SIZE,
    years: years.map((y) => y.year),
    rows: rows.map((r) => ({
      ...r,
      unitName: r.agencyId && r.subjectKind === 'PERSON' ? nameAt(agencyVersions.filter((v) => v.agencyId === r.agencyId), r.year) : '',
      blocName: r.blocId ? nameAt(blocVersions.filter((v) => v.blocId === r.blocId), r.year) : '',
    })),
  };
}

// ───────────────────────────── The import: the sheet ─────────────────────────────

export const AWARD_SHEET = 'Khen thưởng';
export const AWARD_COLUMNS = {
  year: 'Năm*',
  subjectKind: 'Đối tượng (Tập thể/Cá nhân)*',
  subjectName: 'Tên tập thể, cá nhân*',
  unit: 'Đơn vị',
  title: 'Hình thức khen thưởng, danh hiệu*',
  level: 'Cấp (Tỉnh / Bộ, ngành / Chính phủ / Nhà nước)*',
  decisionNumber: 'Số quyết định*',
  decisionDate: 'Ngày quyết định (dd/mm/yyyy)*',
} as const;
type Column = keyof typeof AWARD_COLUMNS;
const COLUMN_KEYS = Object.keys(AWARD_COLUMNS) as Column[];
const REQUIRED: Column[] = COLUMN_KEYS.filter((c) => AWARD_COLUMNS[c].endsWith('*'));
/** A header as shown in messages: no star, no explanation in brackets. */
export const columnName = (c: Column) => AWARD_COLUMNS[c].replace(/\*$/, '').replace(/\s*\(.*\)\s*$/, '');
const headerKey = (h: string) => foldForSearch(h.replace(/\s*\*\s*$/, '').replace(/\s*\(.*\)\s*$/, ''));

/** The index of each column in a header (−1 when missing), known by its name without the star or the bracketed hint. */
export function awardColumns(header: string[]): Record<Column, number> {
  const keys = header.map(headerKey);
  return Object.fromEntries(COLUMN_KEYS.map((c) => [c, keys.indexOf(headerKey(AWARD_COLUMNS[c]))])) as Record<Column, number>;
}

export const AWARD_FILE_MAX_BYTES = 5 * 1024 * 1024;
export const AWARD_MAX_ROWS = 10_000;

/** Reads an uploaded .xlsx (its "Khen thưởng" sheet, or the first with the columns) or .csv. */
export async function readAwardFile(bytes: Buffer, fileName: string): Promise<SheetTable> {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (bytes.length === 0) throw new UnreadableFileError('Tệp rỗng.');
  if (bytes.length > AWARD_FILE_MAX_BYTES) throw new UnreadableFileError('Tệp quá lớn: tối đa 5 MB.');
  if (ext === 'xlsx') {
    if (!(bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04)) {
      throw new UnreadableFileError('Không đọc được tệp Excel. Vui lòng dùng tệp .xlsx (Excel 2007 trở lên) hoặc CSV UTF-8.');
    }
    const sheets = await readWorkbook(bytes, AWARD_MAX_ROWS);
    const sheet = sheets.find((s) => nameKey(s.sheet) === nameKey(AWARD_SHEET)) ?? sheets.find((s) => awardColumns(s.header).subjectName >= 0);
    if (!sheet) throw new UnreadableFileError(`Tệp không có trang tính "${AWARD_SHEET}". Vui lòng dùng tệp mẫu của cổng.`);
    return sheet;
  }
  if (ext === 'csv') {
    const sheet = readCsv(bytes, AWARD_SHEET, AWARD_MAX_ROWS);
    if (!sheet) throw new UnreadableFileError('Tệp CSV không có dữ liệu.');
    return sheet;
  }
  throw new UnreadableFileError('Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv).');
}

/** One problem of the file where the user finds it in Excel; `row` null: the sheet or its header. */
export type AwardIssue = { sheet: string; row: number | null; column: string; message: string };

/** One award of the file, checked. `decisionDate` is an ISO day (noon UTC, like the forms' dates). */
export type ParsedAward = {
  row: number;
  year: number;
  subjectKind: SubjectKind;
  subjectName: string;
  agencyId: number | null;
  agencyKind: string;
  blocId: number | null;
  awardKind: RegisterKind;
  awardTitle: string;
  level: AwardLevel;
  decisionNumber: string;
  decisionDate: string;
};

/** What the check needs to know of the province: its agencies by name, and which bloc each was in each year. */
export type AgencyLookup = {
  /** By a name (or short name) of the agency: the agencies bearing it; the version valid in `year` first. */
  find(name: string, year: number): { id: number; kind: string }[];
  blocOf(agencyId: number, year: number): number | null;
};

/** "15/2/2024", "15/02/2024" → noon UTC that day; null for anything else (or a day that does not exist). */
export function parseDayText(s: string): Date | null {
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s.trim());
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d, 12));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d ? date : null;
}

/** The key an award is known by when a list is imported again: year, subject, title and decision number. */
export function awardKey(a: { year: number; subjectName: string; awardTitle: string; decisionNumber: string }): string {
  return [a.year, nameKey(a.subjectName), nameKey(a.awardTitle), nameKey(a.decisionNumber)].join('\u0000');
}

const LEVEL_CHOICES = AWARD_LEVELS.map((l) => AWARD_LEVEL_LABELS[l]).join(' / ');

/**
 * Checks every row of the sheet. Every error names its sheet, its Excel row and the column letter as
 * typed; a row with an error is left out of the awards. The same award twice in the file is an error.
 */
export function checkAwardSheet(sheet: SheetTable, agencies: AgencyLookup, thisYear: number): { errors: AwardIssue[]; awards: ParsedAward[] } {
  const errors: AwardIssue[] = [];
  const cols = awardColumns(sheet.header);
  const letter = (c: Column) => (cols[c] >= 0 ? columnLetter(cols[c] + 1) : '');
  const fail = (row: number | null, c: Column | null, message: string) => errors.push({ sheet: sheet.sheet, row, column: c ? letter(c) : '', message });

  const missing = REQUIRED.filter((c) => cols[c] < 0);
  for (const c of missing) fail(null, null, `Thiếu cột "${columnName(c)}" ở dòng tiêu đề. Vui lòng dùng tệp mẫu của cổng.`);
  if (missing.length) return { errors, awards: [] };
  if (sheet.rows.length === 0) {
    fail(null, null, 'Trang tính không có dòng khen thưởng nào.');
    return { errors, awards: [] };
  }

  const awards: ParsedAward[] = [];
  const seen = new Map<string, number>();
  for (const r of sheet.rows) {
    const cell = (c: Column) => (cols[c] >= 0 ? normaliseText(r.cells[cols[c]] ?? '') : '');
    const before = errors.length;
    const text = (c: Column, what: string, max: number): string => {
      const v = cell(c);
      if (!v) fail(r.row, c, `Thiếu ${what}.`);
      else if (v.length > max) fail(r.row, c, `${what[0].toUpperCase()}${what.slice(1)} tối đa ${formatInt(max)} ký tự.`);
      return v;
    };

    const yearText = cell('year');
    const year = /^\d{4}$/.test(yearText) ? Number(yearText) : null;
    if (!yearText) fail(r.row, 'year', 'Thiếu năm khen thưởng.');
    else if (year === null || year < 2000 || year > thisYear + 1) fail(r.row, 'year', `Năm "${yearText}" không hợp lệ: ghi năm có 4 chữ số, từ 2000 đến ${thisYear + 1}.`);

    const subjectText = cell('subjectKind');
    const subjectKind = subjectText ? subjectKindOf(subjectText) : null;
    if (!subjectText) fail(r.row, 'subjectKind', 'Thiếu đối tượng: ghi "Tập thể" hoặc "Cá nhân".');
    else if (!subjectKind) fail(r.row, 'subjectKind', `Đối tượng "${subjectText}" không hợp lệ: chỉ nhận "Tập thể" hoặc "Cá nhân".`);

    const subjectName = text('subjectName', 'tên tập thể, cá nhân', 300);
    const titleText = text('title', 'hình thức khen thưởng, danh hiệu', 300);
    const levelText = cell('level');
    const level = levelText ? levelOf(levelText) : null;
    if (!levelText) fail(r.row, 'level', `Thiếu cấp khen thưởng (${LEVEL_CHOICES}).`);
    else if (!level) fail(r.row, 'level', `Cấp "${levelText}" không hợp lệ: chỉ nhận ${LEVEL_CHOICES}.`);
    const decisionNumber = text('decisionNumber', 'số quyết định', 50);

    const dateText = cell('decisionDate');
    const date = dateText ? parseDayText(dateText) : null;
    if (!dateText) fail(r.row, 'decisionDate', 'Thiếu ngày quyết định (dd/mm/yyyy).');
    else if (!date) fail(r.row, 'decisionDate', `Ngày quyết định "${dateText}" không hợp lệ: ghi theo dạng dd/mm/yyyy, ví dụ 15/01/2025.`);
    else if (year !== null && date.getUTCFullYear() < year) fail(r.row, 'decisionDate', `Ngày quyết định ${dateText} trước năm khen thưởng ${year}.`);

    // the unit: the one named in "Đơn vị" (it must be one of the province's), else a collective's own name when known
    const unitText = cell('unit');
    let agency: { id: number; kind: string } | null = null;
    if (unitText && year !== null) {
      const found = agencies.find(unitText, year);
      if (found.length === 0) fail(r.row, 'unit', `Không tìm thấy đơn vị "${unitText}" trong danh sách cơ quan, đơn vị của tỉnh. Ghi đúng tên đơn vị hoặc để trống.`);
      else if (found.length > 1) fail(r.row, 'unit', `Có ${found.length} đơn vị cùng tên "${unitText}": ghi tên đầy đủ của đơn vị.`);
      else agency = found[0];
    } else if (!unitText && subjectKind === 'UNIT' && subjectName && year !== null) {
      const found = agencies.find(subjectName, year);
      if (found.length === 1) agency = found[0];
    }

    if (errors.length > before || year === null || !subjectKind || !level || !date) continue;
    const { kind, title } = kindOfTitle(titleText);
    const award: ParsedAward = {
      row: r.row,
      year,
      subjectKind,
      subjectName,
      agencyId: agency?.id ?? null,
      agencyKind: agency?.kind ?? 'OTHER',
      blocId: agency ? agencies.blocOf(agency.id, year) : null,
      awardKind: kind,
      awardTitle: title,
      level,
      decisionNumber,
      decisionDate: date.toISOString(),
    };
    const key = awardKey(award);
    const first = seen.get(key);
    if (first !== undefined) {
      fail(r.row, 'subjectName', `Trùng với dòng ${first}: cùng năm, ${SUBJECT_KIND_LABELS[subjectKind].toLowerCase()}, hình thức khen thưởng và số quyết định.`);
      continue;
    }
    seen.set(key, r.row);
    awards.push(award);
  }
  return { errors, awards: errors.length ? [] : awards };
}

// ───────────────────────────── The import: the province as it is ─────────────────────────────

/**
 * The agencies a list may name — those of the province and those that are members of its blocs (a
 * regional office sitting elsewhere) — by every name and short name they have borne, and the bloc
 * each was in during the given years. Two queries.
 */
export async function agencyLookup(db: Db | Tx, provinceId: number, years: number[]): Promise<AgencyLookup> {
  const [versions, memberships] = await Promise.all([
    db.agencyVersion.findMany({
      where: { agency: { OR: [{ provinceId }, { memberships: { some: { blocYear: { bloc: { provinceId } } } } }] } },
      select: { agencyId: true, name: true, shortName: true, validFrom: true, validTo: true, agency: { select: { kind: true } } },
    }),
    years.length
      ? db.membership.findMany({ where: { blocYear: { year: { in: years }, bloc: { provinceId } } }, select: { agencyId: true, blocYear: { select: { year: true, blocId: true } } } })
      : [],
  ]);
  const byName = new Map<string, typeof versions>();
  for (const v of versions) {
    for (const n of [v.name, v.shortName].filter(Boolean)) {
      const k = nameKey(n);
      byName.set(k, [...(byName.get(k) ?? []), v]);
    }
  }
  return {
    find(name, year) {
      const candidates = byName.get(nameKey(name)) ?? [];
      const ids = [...new Set(candidates.map((v) => v.agencyId))];
      if (ids.length <= 1) return ids.map((id) => ({ id, kind: candidates.find((v) => v.agencyId === id)!.agency.kind }));
      // several agencies have borne this name: the one bearing it in that year, if only one did
      const at = midYear(year);
      const current = ids.filter((id) => {
        const own = versions.filter((v) => v.agencyId === id);
        const v = versionAt(own, at);
        return v !== undefined && (nameKey(v.name) === nameKey(name) || nameKey(v.shortName) === nameKey(name));
      });
      const pick = current.length ? current : ids;
      return pick.map((id) => ({ id, kind: candidates.find((v) => v.agencyId === id)!.agency.kind }));
    },
    blocOf(agencyId, year) {
      return memberships.find((m) => m.agencyId === agencyId && m.blocYear.year === year)?.blocYear.blocId ?? null;
    },
  };
}

/** The years a sheet's rows name (to load only those years' memberships). */
function yearsOf(sheet: SheetTable): number[] {
  const col = awardColumns(sheet.header).year;
  if (col < 0) return [];
  return [...new Set(sheet.rows.map((r) => normaliseText(r.cells[col] ?? '')).filter((s) => /^\d{4}$/.test(s)).map(Number))];
}

/** The keys of the awards of this list already in the register (by year and decision number, in SQL). */
async function keysInRegister(db: Db | Tx, provinceId: number, awards: ParsedAward[]): Promise<Set<string>> {
  if (awards.length === 0) return new Set();
  const years = [...new Set(awards.map((a) => a.year))];
  const numbers = [...new Set(awards.map((a) => a.decisionNumber))];
  const have = await db.awardRecord.findMany({
    where: { provinceId, year: { in: years }, decisionNumber: { in: numbers } },
    select: { year: true, subjectName: true, awardTitle: true, decisionNumber: true },
  });
  return new Set(have.map(awardKey));
}

/** Checks a sheet against the province as it is now. */
async function checkAgainst(db: Db | Tx, provinceId: number, sheet: SheetTable) {
  const lookup = await agencyLookup(db, provinceId, yearsOf(sheet));
  return checkAwardSheet(sheet, lookup, new Date().getUTCFullYear());
}

// ───────────────────────────── The import: batches ─────────────────────────────

export type AwardBatchPayload = { sheet: SheetTable; awards: ParsedAward[] };
export type AwardBatchSummary = { created: number; skipped: number; years: number[] };
export type AwardBatch = { id: number; provinceId: number; userId: number; fileNames: string; status: string; payload: string; errors: string; summary: string; createdAt: Date; appliedAt: Date | null };

export const batchErrors = (b: AwardBatch): AwardIssue[] => JSON.parse(b.errors) as AwardIssue[];
export const batchPayload = (b: AwardBatch): AwardBatchPayload => JSON.parse(b.payload) as AwardBatchPayload;
export const batchSummary = (b: AwardBatch): AwardBatchSummary | null => (b.summary ? (JSON.parse(b.summary) as AwardBatchSummary) : null);

/** Reads and checks an uploaded file and stores it as a PREVIEW batch (with its errors); an unreadable file stores nothing. */
export async function startAwardImport(db: Db, actor: Actor, provinceId: number, file: { name: string; bytes: Buffer; hash: string }): Promise<number> {
  const sheet = await readAwardFile(file.bytes, file.name);
  const { errors, awards } = await checkAgainst(db, provinceId, sheet);
  const payload: AwardBatchPayload = { sheet, awards };
  const batch = await db.importBatch.create({
    data: { provinceId, userId: actor.userId, kind: 'AWARDS', fileNames: file.name, fileHash: file.hash, payload: JSON.stringify(payload), errors: JSON.stringify(errors) },
  });
  return batch.id;
}

/** A batch of awards of this province, or null. */
export async function findAwardBatch(db: Db, provinceId: number, id: number): Promise<AwardBatch | null> {
  return db.importBatch.findFirst({ where: { id, provinceId, kind: 'AWARDS' } });
}

export const PREVIEW_ROWS = 200;

/** The preview: errors, the awards to be written (the first PREVIEW_ROWS), and how many are already in the register. */
export async function awardPreview(db: Db, b: AwardBatch) {
  const { sheet, awards } = batchPayload(b);
  const errors = batchErrors(b);
  const known = b.status === 'PREVIEW' && errors.length === 0 ? await keysInRegister(db, b.provinceId, awards) : new Set<string>();
  const marked = awards.map((a) => ({ ...a, inRegister: known.has(awardKey(a)) }));
  return {
    errors,
    rows: sheet.rows.length,
    sheet: sheet.sheet,
    awards: marked.slice(0, PREVIEW_ROWS),
    total: awards.length,
    fresh: marked.filter((a) => !a.inRegister).length,
    already: marked.filter((a) => a.inRegister).length,
    summary: batchSummary(b),
  };
}

const NOT_PREVIEW = 'Bản nhập này đã được xác nhận hoặc đã hủy: vui lòng tải tệp lên lại.';

async function closeBatch(tx: Tx, id: number, status: 'APPLIED' | 'DISCARDED'): Promise<void> {
  const { count } = await tx.importBatch.updateMany({ where: { id, status: 'PREVIEW' }, data: { status, ...(status === 'APPLIED' ? { appliedAt: new Date() } : {}) } });
  if (count === 0) throw new ConflictError(NOT_PREVIEW);
}

export async function discardAwardImport(db: Db, actor: Actor, b: AwardBatch): Promise<void> {
  await db.$transaction(async (tx) => {
    await closeBatch(tx, b.id, 'DISCARDED');
    await audit(tx, actor, 'award.import.discard', 'ImportBatch', b.id, { provinceId: b.provinceId });
  });
}

const CREATE_CHUNK = 500;

/**
 * Writes the previewed awards in one transaction. The file is checked again against the province of
 * now (an agency renamed or removed since the preview is an error, nothing written); awards already
 * in the register (same year, subject, title and decision number) are left alone, so a second import
 * of the same file writes no award.
 */
export async function confirmAwardImport(db: Db, actor: Actor, b: AwardBatch): Promise<AwardBatchSummary> {
  if (b.status !== 'PREVIEW') throw new ConflictError(NOT_PREVIEW);
  if (batchErrors(b).length) throw new ConflictError('Bản xem trước còn lỗi: cần sửa tệp và tải lên lại trước khi nhập.');
  const { sheet } = batchPayload(b);
  return db.$transaction(
    async (tx) => {
      // a second confirm of the same batch (a double click, two tabs) waits here, then finds it applied
      await closeBatch(tx, b.id, 'APPLIED');
      const { errors, awards } = await checkAgainst(tx, b.provinceId, sheet);
      if (errors.length) throw new ConflictError(`Tệp không còn hợp lệ: ${errors[0].message} Vui lòng tải tệp lên lại.`);
      const known = await keysInRegister(tx, b.provinceId, awards);
      const fresh = awards.filter((a) => !known.has(awardKey(a)));
      for (let i = 0; i < fresh.length; i += CREATE_CHUNK) {
        await tx.awardRecord.createMany({
          data: fresh.slice(i, i + CREATE_CHUNK).map((a) => ({
            provinceId: b.provinceId,
            year: a.year,
            awardKind: a.awardKind,
            awardTitle: a.awardTitle,
            level: a.level,
            subjectKind: a.subjectKind,
            agencyId: a.agencyId,
            subjectName: a.subjectName,
            agencyKind: a.agencyKind,
            blocId: a.blocId,
            decisionNumber: a.decisionNumber,
            decisionDate: new Date(a.decisionDate),
            source: 'IMPORT',
            importBatchId: b.id,
          })),
        });
      }
      const summary: AwardBatchSummary = { created: fresh.length, skipped: awards.length - fresh.length, years: [...new Set(awards.map((a) => a.year))].sort() };
      await tx.importBatch.updateMany({ where: { id: b.id }, data: { summary: JSON.stringify(summary) } });
      await audit(tx, actor, 'award.import', 'ImportBatch', b.id, { provinceId: b.provinceId, new: { file: b.fileNames, ...summary } });
      return summary;
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
}

export function summaryText(s: AwardBatchSummary): string {
  if (s.created === 0) return `Không có khen thưởng mới: cả ${formatInt(s.skipped)} khen thưởng của tệp đã có trong sổ.`;
  const skipped = s.skipped ? `; ${formatInt(s.skipped)} khen thưởng đã có trong sổ được giữ nguyên` : '';
  return `Đã nhập ${formatInt(s.created)} khen thưởng vào sổ khen thưởng của tỉnh${skipped}.`;
}

export { REGISTER_KINDS, RECORD_SOURCES, AWARD_LEVELS };
