// Importing a criteria table (groups, criteria, bonus and deduction items) from one sheet of Excel or
// one CSV file, into the province's template or into a bloc-year being set up. The pipeline:
// read the file (table.ts) → check every row (checkCriteriaSheet, pure) → store a PREVIEW batch →
// the user confirms a preview with no errors → one transaction writes the table, or nothing when the
// target already holds exactly that table (importing the same file twice changes nothing).
import type { Db, Tx } from '../../db/client';
import { CRITERION_KINDS, type CriterionKind } from '../../domain/enums';
import { canEditCriteria } from '../../domain/phases';
import { tableMax } from '../../domain/scoring';
import { ConflictError } from '../../http/errors';
import { formatPoints } from '../../i18n/format';
import { audit, type Actor } from '../audit';
import { insertTableContents, LOCKED, MAX_CRITERIA_PER_TABLE } from '../setup/criteria';
import { CRITERION_KIND_LABELS, STEPS } from '../setup/schemas';
import type { YearContext } from '../years/context';
import { lockYearIn } from '../years/lock';
import { columnLetter, mapColumns, nameKey, normaliseText, readCsv, readWorkbook, UnreadableFileError, type SheetTable } from './table';

// ───────────────────────────── The sheet ─────────────────────────────

export const CRITERIA_SHEET = 'Bảng tiêu chí';
/** The columns of the sheet, as the template writes them ("*" = required; the header may be reordered). */
export const CRITERIA_COLUMNS = {
  groupCode: 'Mã nhóm*',
  groupName: 'Tên nhóm*',
  core: 'Nhiệm vụ trọng tâm',
  code: 'Mã tiêu chí*',
  name: 'Nội dung tiêu chí*',
  kind: 'Loại',
  max: 'Điểm tối đa*',
  step: 'Bước điểm',
  guidance: 'Hướng dẫn chấm',
} as const;
type Column = keyof typeof CRITERIA_COLUMNS;
const REQUIRED: Column[] = ['groupCode', 'groupName', 'code', 'name', 'max'];
const label = (c: Column) => CRITERIA_COLUMNS[c].replace(/\*$/, '');

/** A file of at most this size is read; the largest table (100 rows of long guidance) is well under it. */
export const CRITERIA_FILE_MAX_BYTES = 1024 * 1024;
/** Rows read before a file is refused outright; beyond MAX_CRITERIA_PER_TABLE they are row errors. */
const READ_MAX_ROWS = 1000;
const DEFAULT_STEP = 50;
const MAX_POINTS_CENTI = 100_000; // 1.000 points, as the criteria form (setup/schemas.ts)

export const STEP_TEXT: Record<number, string> = { 25: '0,25', 50: '0,5', 100: '1' };
export const CORE_YES = 'Có';
export const CORE_NO = 'Không';

/** One problem of a file, where the user finds it in Excel. `row` null: the sheet or its header as a whole. */
export type ImportIssue = { sheet: string; row: number | null; column: string; message: string };

export type ParsedCriterion = { row: number; code: string; name: string; kind: CriterionKind; maxCenti: number; stepCenti: number; guidance: string };
export type ParsedGroup = { code: string; name: string; isCoreTask: boolean; criteria: ParsedCriterion[] };
export type ParsedTable = { groups: ParsedGroup[] };

/** Reads an uploaded .xlsx or .csv into the one sheet the import reads; 422-worthy errors as UnreadableFileError. */
export async function readCriteriaFile(bytes: Buffer, fileName: string): Promise<SheetTable> {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (bytes.length === 0) throw new UnreadableFileError('Tệp rỗng.');
  if (bytes.length > CRITERIA_FILE_MAX_BYTES) throw new UnreadableFileError('Tệp quá lớn: tối đa 1 MB.');
  if (ext === 'xlsx') {
    // An .xlsx is a ZIP archive; anything else renamed to .xlsx is refused before exceljs reads it.
    if (!(bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04)) {
      throw new UnreadableFileError('Không đọc được tệp Excel. Vui lòng dùng tệp .xlsx (Excel 2007 trở lên) hoặc CSV UTF-8.');
    }
    const sheets = await readWorkbook(bytes, READ_MAX_ROWS);
    const sheet = sheets.find((s) => nameKey(s.sheet) === nameKey(CRITERIA_SHEET)) ?? sheets.find((s) => mapColumns(s.header, CRITERIA_COLUMNS).code >= 0);
    if (!sheet) throw new UnreadableFileError(`Tệp không có trang tính "${CRITERIA_SHEET}". Vui lòng dùng tệp mẫu của cổng.`);
    return sheet;
  }
  if (ext === 'csv') {
    const sheet = readCsv(bytes, CRITERIA_SHEET, READ_MAX_ROWS);
    if (!sheet) throw new UnreadableFileError('Tệp CSV không có dữ liệu.');
    return sheet;
  }
  throw new UnreadableFileError('Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv).');
}

/**
 * Points as typed in Vietnamese ("2,5", "1.000", "1.000,5") or as Excel gives a numeric cell
 * ("2.5", "1000") → hundredths; an error message otherwise.
 */
export function parseImportPoints(text: string): { centi: number } | { error: 'format' | 'decimals' | 'negative' } {
  let s = text.replace(/[\s\u00a0]/g, '');
  let negative = false;
  if (/^[-−]/.test(s)) {
    negative = true;
    s = s.slice(1);
  }
  let normal: string;
  if (/^\d{1,3}(\.\d{3})+(,\d+)?$/.test(s)) normal = s.replace(/\./g, '').replace(',', '.');
  else if (/^\d+([.,]\d+)?$/.test(s)) normal = s.replace(',', '.');
  else return { error: 'format' };
  if (negative && Number(normal) !== 0) return { error: 'negative' };
  const decimals = normal.split('.')[1] ?? '';
  if (decimals.replace(/0+$/, '').length > 2) return { error: 'decimals' };
  const [int, frac = ''] = normal.split('.');
  if (int.replace(/^0+/, '').length > 7) return { error: 'format' };
  return { centi: Number(int) * 100 + Number((frac + '00').slice(0, 2)) };
}

const KIND_BY_KEY = new Map<string, CriterionKind>([
  ...CRITERION_KINDS.map((k) => [nameKey(k), k] as const),
  ...CRITERION_KINDS.map((k) => [nameKey(CRITERION_KIND_LABELS[k]), k] as const),
  [nameKey('Điểm cộng'), 'BONUS'],
]);
const CORE_BY_KEY = new Map<string, boolean>([
  ...['có', 'x', 'c', 'yes', 'true', '1'].map((k) => [k, true] as const),
  ...['không', 'k', 'no', 'false', '0'].map((k) => [k, false] as const),
]);

/**
 * Checks every row of the sheet and builds the table it describes. Every error names its sheet, its
 * Excel row and the column letter of the file as typed. `baseTotal` is the province's base total the
 * NORMAL criteria must add up to; `baseLabel` says whose it is in the message.
 */
export function checkCriteriaSheet(sheet: SheetTable, rule: { baseTotal: number; baseLabel: string }): { errors: ImportIssue[]; table: ParsedTable } {
  const errors: ImportIssue[] = [];
  const cols = mapColumns(sheet.header, CRITERIA_COLUMNS);
  const letter = (c: Column) => (cols[c] >= 0 ? columnLetter(cols[c] + 1) : '');
  const fail = (row: number | null, c: Column | null, message: string) => errors.push({ sheet: sheet.sheet, row, column: c ? letter(c) : '', message });

  const missing = REQUIRED.filter((c) => cols[c] < 0);
  for (const c of missing) fail(null, null, `Thiếu cột "${label(c)}" ở dòng tiêu đề. Vui lòng dùng tệp mẫu của cổng.`);
  if (missing.length) return { errors, table: { groups: [] } };
  if (sheet.rows.length === 0) {
    fail(null, null, 'Trang tính không có dòng tiêu chí nào.');
    return { errors, table: { groups: [] } };
  }

  const groups = new Map<string, ParsedGroup & { row: number; coreStated: boolean }>();
  const codes = new Map<string, number>(); // criterion code key → its first row
  for (const [i, r] of sheet.rows.entries()) {
    if (i === MAX_CRITERIA_PER_TABLE) {
      fail(r.row, null, `Bảng tiêu chí có tối đa ${MAX_CRITERIA_PER_TABLE} tiêu chí (kể cả điểm thưởng, điểm trừ); tệp có ${sheet.rows.length} dòng.`);
      break;
    }
    const cell = (c: Column) => (cols[c] >= 0 ? normaliseText(r.cells[cols[c]] ?? '') : '');
    const rowErrors = errors.length;
    const required = (c: Column, min: number, max: number, what: string, example = ''): string => {
      const v = cell(c);
      const What = what[0].toUpperCase() + what.slice(1);
      if (!v) fail(r.row, c, `Thiếu ${what}${example}.`);
      else if (v.length < min) fail(r.row, c, `${What} quá ngắn (ít nhất ${min} ký tự).`);
      else if (v.length > max) fail(r.row, c, `${What} tối đa ${max.toLocaleString('vi-VN')} ký tự.`);
      return v;
    };
    const groupCode = required('groupCode', 1, 10, 'mã nhóm', ' (ví dụ I, II)');
    const groupName = required('groupName', 2, 300, 'tên nhóm');
    const code = required('code', 1, 20, 'mã tiêu chí', ' (ví dụ 1.1, T1, D1)');
    const name = required('name', 2, 500, 'nội dung tiêu chí');
    const guidance = cell('guidance');
    if (guidance.length > 2000) fail(r.row, 'guidance', 'Hướng dẫn chấm tối đa 2.000 ký tự.');

    const coreText = cell('core');
    const core = coreText ? CORE_BY_KEY.get(nameKey(coreText)) : false;
    if (core === undefined) fail(r.row, 'core', `"${coreText}" không hợp lệ: ghi "${CORE_YES}" hoặc "${CORE_NO}".`);

    const kindText = cell('kind');
    const kind = kindText ? KIND_BY_KEY.get(nameKey(kindText)) : 'NORMAL';
    if (!kind) fail(r.row, 'kind', `Loại "${kindText}" không hợp lệ: chỉ nhận "Tiêu chí", "Điểm thưởng" hoặc "Điểm trừ".`);

    const stepText = cell('step');
    let step: number | null = DEFAULT_STEP;
    if (stepText) {
      const p = parseImportPoints(stepText);
      step = 'centi' in p && (STEPS as readonly number[]).includes(p.centi) ? p.centi : null;
      if (step === null) fail(r.row, 'step', `Bước điểm "${stepText}" không hợp lệ: chỉ được là 0,25; 0,5 hoặc 1.`);
    }

    const maxText = cell('max');
    let maxCenti: number | null = null;
    if (!maxText) fail(r.row, 'max', 'Thiếu điểm tối đa.');
    else {
      const p = parseImportPoints(maxText);
      if ('error' in p) {
        fail(
          r.row,
          'max',
          p.error === 'negative'
            ? 'Điểm tối đa phải lớn hơn 0 (điểm trừ cũng ghi số dương).'
            : p.error === 'decimals'
              ? `Điểm tối đa "${maxText}" có quá hai chữ số thập phân.`
              : `Điểm tối đa "${maxText}" không phải là số (ví dụ 10 hoặc 2,5).`,
        );
      } else if (p.centi <= 0) fail(r.row, 'max', 'Điểm tối đa phải lớn hơn 0.');
      else if (p.centi > MAX_POINTS_CENTI) fail(r.row, 'max', 'Điểm tối đa không quá 1.000 điểm.');
      else if (step !== null && p.centi % step !== 0) fail(r.row, 'max', `Điểm tối đa ${formatPoints(p.centi)} không phải là bội số của bước điểm ${formatPoints(step)}.`);
      else maxCenti = p.centi;
    }

    if (code) {
      const first = codes.get(nameKey(code));
      if (first !== undefined) fail(r.row, 'code', `Mã tiêu chí "${code}" trùng với dòng ${first}.`);
      else codes.set(nameKey(code), r.row);
    }

    // The group: its name and core flag repeat on each of its rows and must agree with its first row.
    if (groupCode && groupName) {
      const key = nameKey(groupCode);
      const g = groups.get(key);
      if (!g) {
        groups.set(key, { code: groupCode, name: groupName, isCoreTask: core === true, coreStated: Boolean(coreText), criteria: [], row: r.row });
      } else {
        if (nameKey(g.name) !== nameKey(groupName)) fail(r.row, 'groupName', `Tên nhóm ${g.code} khác với dòng ${g.row} ("${g.name}").`);
        if (coreText && core !== undefined) {
          if (g.coreStated && g.isCoreTask !== core) fail(r.row, 'core', `Nhóm ${g.code} ghi "${g.isCoreTask ? CORE_YES : CORE_NO}" ở dòng ${g.row}; mọi dòng của nhóm phải ghi giống nhau.`);
          else if (!g.coreStated) {
            g.isCoreTask = core;
            g.coreStated = true;
          }
        }
      }
    }
    if (errors.length === rowErrors && kind && maxCenti !== null && step !== null && core !== undefined) {
      groups.get(nameKey(groupCode))!.criteria.push({ row: r.row, code, name, kind, maxCenti, stepCenti: step, guidance });
    }
  }

  const table: ParsedTable = { groups: [...groups.values()].map(({ code, name, isCoreTask, criteria }) => ({ code, name, isCoreTask, criteria })) };
  // The table-wide rules only once every row is right, so that the sum is the sum of the file.
  if (errors.length === 0) {
    const all = table.groups.flatMap((g) => g.criteria);
    const max = tableMax(all);
    if (!all.some((c) => c.kind === 'NORMAL')) fail(null, 'kind', 'Bảng tiêu chí cần ít nhất một tiêu chí loại "Tiêu chí" (chấm điểm).');
    else if (max.baseCenti !== rule.baseTotal * 100) {
      fail(
        null,
        'max',
        `Tổng điểm tối đa các tiêu chí loại "Tiêu chí" là ${formatPoints(max.baseCenti)}, chưa bằng thang điểm ${formatPoints(rule.baseTotal * 100)} ${rule.baseLabel} (${max.baseCenti < rule.baseTotal * 100 ? 'thiếu' : 'thừa'} ${formatPoints(Math.abs(rule.baseTotal * 100 - max.baseCenti))} điểm).`,
      );
    }
  }
  return { errors, table: errors.length ? { groups: [] } : table };
}

// ───────────────────────────── Targets and comparison ─────────────────────────────

export type CriteriaTarget =
  | { kind: 'template'; provinceId: number; provinceName: string }
  | { kind: 'blocYear'; y: YearContext };

export const targetKey = (t: CriteriaTarget) => (t.kind === 'template' ? 'template' : `blocYear:${t.y.blocYear.id}`);
export const targetProvinceId = (t: CriteriaTarget) => (t.kind === 'template' ? t.provinceId : t.y.provinceId);
export const targetText = (t: CriteriaTarget) =>
  t.kind === 'template' ? `bảng tiêu chí mẫu của tỉnh ${t.provinceName}` : `bảng tiêu chí năm ${t.y.blocYear.year} của ${t.y.blocName}`;
export const targetHref = (t: CriteriaTarget) => (t.kind === 'template' ? `/provinces/${t.provinceId}/criteria-template` : `${t.y.base}/criteria`);

/** The base total a table of the target must add up to: the province's rule of that year (this year for the template), else 100. */
export async function baseRule(db: Db | Tx, t: CriteriaTarget): Promise<{ baseTotal: number; baseLabel: string }> {
  const provinceId = targetProvinceId(t);
  const year = t.kind === 'template' ? new Date().getFullYear() : t.y.blocYear.year;
  const set = await db.provinceRuleSet.findUnique({ where: { provinceId_year: { provinceId, year } }, select: { baseTotal: true } });
  return { baseTotal: set?.baseTotal ?? 100, baseLabel: `của tỉnh năm ${year}` };
}

type StoredTable = {
  id: number;
  name: string;
  baseTotal: number;
  lockedAt: Date | null;
  createdAt: Date;
  groups: { id: number; code: string; name: string; isCoreTask: boolean }[];
  criteria: { id: number; groupId: number; code: string; name: string; kind: string; maxCenti: number; stepCenti: number; guidance: string }[];
};

const tableInclude = {
  groups: { orderBy: [{ sortOrder: 'asc' as const }, { id: 'asc' as const }] },
  criteria: { orderBy: [{ sortOrder: 'asc' as const }, { id: 'asc' as const }] },
};

/** The table an import into the target would replace (the latest template; the year's table), or null. */
export async function currentTable(db: Db | Tx, t: CriteriaTarget): Promise<StoredTable | null> {
  return t.kind === 'template'
    ? db.criteriaTable.findFirst({ where: { provinceId: t.provinceId, blocYearId: null }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], include: tableInclude })
    : db.criteriaTable.findFirst({ where: { blocYearId: t.y.blocYear.id }, orderBy: { id: 'desc' }, include: tableInclude });
}

/** A stored table as groups with their criteria, in the order shown. */
export function groupsOf(t: StoredTable) {
  return t.groups.map((g) => ({ ...g, criteria: t.criteria.filter((c) => c.groupId === g.id) }));
}

/** Same groups and criteria in the same order (codes, names, kinds, max, step, guidance, core flags) and the same base total. */
export function sameTable(parsed: ParsedTable, baseTotal: number, stored: StoredTable | null): boolean {
  if (!stored || stored.baseTotal !== baseTotal) return false;
  const have = groupsOf(stored);
  const n = normaliseText;
  return (
    have.length === parsed.groups.length &&
    have.every((g, i) => {
      const p = parsed.groups[i];
      return (
        n(g.code) === p.code &&
        n(g.name) === p.name &&
        g.isCoreTask === p.isCoreTask &&
        g.criteria.length === p.criteria.length &&
        g.criteria.every((c, j) => {
          const q = p.criteria[j];
          return n(c.code) === q.code && n(c.name) === q.name && c.kind === q.kind && c.maxCenti === q.maxCenti && c.stepCenti === q.stepCenti && n(c.guidance) === q.guidance;
        })
      );
    })
  );
}

/** Totals of a parsed table, for the preview and the summary. */
export function parsedTotals(t: ParsedTable) {
  const all = t.groups.flatMap((g) => g.criteria);
  return { groups: t.groups.length, criteria: all.length, ...tableMax(all) };
}

// ───────────────────────────── Batches ─────────────────────────────

export type BatchPayload = { sheet: SheetTable; table: ParsedTable; baseTotal: number };
export type BatchSummary = { unchanged: boolean; tableId: number | null; groups: number; criteria: number; replaced: { groups: number; criteria: number } | null };

/**
 * Reads and checks an uploaded file and stores it as a PREVIEW batch (errors included, so the
 * preview can show them). A file that cannot be read at all throws UnreadableFileError: nothing stored.
 */
export async function startCriteriaImport(db: Db, actor: Actor, target: CriteriaTarget, file: { name: string; bytes: Buffer; hash: string }): Promise<number> {
  const sheet = await readCriteriaFile(file.bytes, file.name);
  const rule = await baseRule(db, target);
  const { errors, table } = checkCriteriaSheet(sheet, rule);
  const payload: BatchPayload = { sheet, table, baseTotal: rule.baseTotal };
  const batch = await db.importBatch.create({
    data: {
      provinceId: targetProvinceId(target),
      userId: actor.userId,
      kind: 'CRITERIA',
      target: targetKey(target),
      fileNames: file.name,
      fileHash: file.hash,
      payload: JSON.stringify(payload),
      errors: JSON.stringify(errors),
    },
  });
  return batch.id;
}

export type CriteriaBatch = { id: number; provinceId: number; userId: number; target: string; fileNames: string; status: string; payload: string; errors: string; summary: string; createdAt: Date; appliedAt: Date | null };

export const batchErrors = (b: CriteriaBatch): ImportIssue[] => JSON.parse(b.errors) as ImportIssue[];
export const batchPayload = (b: CriteriaBatch): BatchPayload => JSON.parse(b.payload) as BatchPayload;
export const batchSummary = (b: CriteriaBatch): BatchSummary | null => (b.summary ? (JSON.parse(b.summary) as BatchSummary) : null);

/** The preview: the table the file describes, its errors, and what it would replace. */
export async function previewData(db: Db, b: CriteriaBatch, target: CriteriaTarget) {
  const payload = batchPayload(b);
  const errors = batchErrors(b);
  const current = b.status === 'PREVIEW' ? await currentTable(db, target) : null;
  return {
    errors,
    table: payload.table,
    totals: parsedTotals(payload.table),
    baseTotal: payload.baseTotal,
    rows: payload.sheet.rows.length,
    current: current ? { name: current.name, groups: current.groups.length, criteria: current.criteria.length, locked: Boolean(current.lockedAt) } : null,
    unchanged: errors.length === 0 && sameTable(payload.table, payload.baseTotal, current),
    summary: batchSummary(b),
  };
}

const NOT_PREVIEW = 'Bản nhập này đã được xác nhận hoặc đã hủy: vui lòng tải tệp lên lại.';

/** Marks the batch applied (or discarded) only if it is still a preview: a second confirm finds nothing to do. */
async function closeBatch(tx: Tx, id: number, status: 'APPLIED' | 'DISCARDED'): Promise<void> {
  const { count } = await tx.importBatch.updateMany({ where: { id, status: 'PREVIEW' }, data: { status, ...(status === 'APPLIED' ? { appliedAt: new Date() } : {}) } });
  if (count === 0) throw new ConflictError(NOT_PREVIEW);
}

export async function discardCriteriaImport(db: Db, b: CriteriaBatch): Promise<void> {
  await db.$transaction((tx) => closeBatch(tx, b.id, 'DISCARDED'));
}

/**
 * Writes the previewed table in one transaction: a new template for the province (years already
 * copied keep theirs), or the year's table replaced in place (created when the year has none).
 * The rows are checked again against the base total of now; a target that already holds exactly
 * this table is left alone and the summary says so.
 */
export async function confirmCriteriaImport(db: Db, actor: Actor, b: CriteriaBatch, target: CriteriaTarget): Promise<BatchSummary> {
  if (b.status !== 'PREVIEW') throw new ConflictError(NOT_PREVIEW);
  if (batchErrors(b).length) throw new ConflictError('Bản xem trước còn lỗi: cần sửa tệp và tải lên lại trước khi nhập.');
  const { sheet } = batchPayload(b);
  const checked = async (q: Db | Tx) => {
    const rule = await baseRule(q, target);
    const { errors, table } = checkCriteriaSheet(sheet, rule);
    if (errors.length) throw new ConflictError(`Tệp không còn hợp lệ: ${errors[0].message} Vui lòng tải tệp lên lại.`);
    const current = await currentTable(q, target);
    if (target.kind === 'blocYear' && current?.lockedAt) throw new ConflictError(LOCKED);
    return { rule, table, current, totals: parsedTotals(table) };
  };
  if (target.kind === 'blocYear' && !canEditCriteria(target.y.state)) throw new ConflictError(LOCKED);

  // The target already holds exactly this table: nothing of it is written (not even the year's
  // lock); only the batch is closed, saying so.
  const first = await checked(db);
  if (sameTable(first.table, first.rule.baseTotal, first.current)) {
    const summary: BatchSummary = { unchanged: true, tableId: first.current!.id, groups: first.totals.groups, criteria: first.totals.criteria, replaced: null };
    await db.$transaction(async (tx) => {
      await closeBatch(tx, b.id, 'APPLIED');
      await tx.importBatch.updateMany({ where: { id: b.id }, data: { summary: JSON.stringify(summary) } });
    });
    return summary;
  }

  return db.$transaction(async (tx) => {
    // The year's row first, like every write of a year: a concurrent "open scoring" either lands
    // before (and this import sees the locked table) or waits for this one.
    if (target.kind === 'blocYear') await lockYearIn(tx, target.y, canEditCriteria, LOCKED);
    // A second confirm of the same batch (a double click, two tabs) waits here, then finds it applied.
    await closeBatch(tx, b.id, 'APPLIED');
    // Read again under the lock: the rules, the table and its lock as they stand now.
    const { rule, table, current, totals } = await checked(tx);
    const contents = table.groups.map((g, gi) => ({
      sortOrder: gi + 1,
      code: g.code,
      name: g.name,
      isCoreTask: g.isCoreTask,
      criteria: g.criteria.map((c, ci) => ({ sortOrder: ci + 1, code: c.code, name: c.name, kind: c.kind, maxCenti: c.maxCenti, stepCenti: c.stepCenti, guidance: c.guidance })),
    }));

    let summary: BatchSummary;
    if (target.kind === 'template') {
      const name = `Bảng tiêu chí chấm điểm thi đua khối (mẫu) — tỉnh ${target.provinceName}`;
      const created = await tx.criteriaTable.create({ data: { provinceId: target.provinceId, blocYearId: null, name, baseTotal: rule.baseTotal } });
      await insertTableContents(tx, created.id, contents);
      summary = { unchanged: false, tableId: created.id, groups: totals.groups, criteria: totals.criteria, replaced: null };
      await audit(tx, actor, 'criteria.template.import', 'CriteriaTable', created.id, {
        provinceId: target.provinceId,
        old: current ? { tableId: current.id, groups: current.groups.length, criteria: current.criteria.length } : undefined,
        new: { batchId: b.id, file: b.fileNames, baseTotal: rule.baseTotal, groups: totals.groups, criteria: totals.criteria },
      });
    } else {
      const y = target.y;
      let tableId: number;
      let replaced: BatchSummary['replaced'] = null;
      if (current) {
        // Bump the version where still unlocked: detects the lock, and stales any open edit form.
        const { count } = await tx.criteriaTable.updateMany({ where: { id: current.id, lockedAt: null }, data: { version: { increment: 1 }, baseTotal: rule.baseTotal, sourceTableId: null } });
        if (count === 0) throw new ConflictError(LOCKED);
        if (await tx.scoreEntry.count({ where: { criterion: { tableId: current.id } } })) {
          throw new ConflictError('Bảng tiêu chí của năm đã có điểm chấm: không thể thay bằng bảng nhập từ tệp.');
        }
        await tx.criterion.deleteMany({ where: { tableId: current.id } });
        await tx.criteriaGroup.deleteMany({ where: { tableId: current.id } });
        tableId = current.id;
        replaced = { groups: current.groups.length, criteria: current.criteria.length };
      } else {
        const created = await tx.criteriaTable.create({ data: { blocYearId: y.blocYear.id, name: `Bảng tiêu chí chấm điểm thi đua năm ${y.blocYear.year}`, baseTotal: rule.baseTotal } });
        tableId = created.id;
      }
      await insertTableContents(tx, tableId, contents);
      summary = { unchanged: false, tableId, groups: totals.groups, criteria: totals.criteria, replaced };
      await audit(tx, actor, 'criteria.import', 'CriteriaTable', tableId, {
        blocYearId: y.blocYear.id,
        old: current ? { groups: groupsOf(current).map((g) => ({ code: g.code, name: g.name, criteria: g.criteria.map((c) => ({ code: c.code, kind: c.kind, maxCenti: c.maxCenti })) })) } : undefined,
        new: { batchId: b.id, file: b.fileNames, baseTotal: rule.baseTotal, groups: totals.groups, criteria: totals.criteria },
      });
    }
    await tx.importBatch.updateMany({ where: { id: b.id }, data: { summary: JSON.stringify(summary) } });
    return summary;
  });
}

/** The flash after a confirm. */
export function summaryText(s: BatchSummary, t: CriteriaTarget): string {
  if (s.unchanged) return `Nội dung tệp giống hệt ${targetText(t)} hiện có: không có gì thay đổi.`;
  const made = `${s.groups} nhóm, ${s.criteria} tiêu chí (kể cả điểm thưởng, điểm trừ)`;
  if (t.kind === 'template') return `Đã tạo bảng tiêu chí mẫu mới của tỉnh ${t.provinceName} gồm ${made}. Các năm thi đua đã lập bảng giữ nguyên bảng của mình.`;
  return s.replaced
    ? `Đã thay ${targetText(t)}: bỏ ${s.replaced.groups} nhóm, ${s.replaced.criteria} tiêu chí cũ; tạo ${made}.`
    : `Đã lập ${targetText(t)} gồm ${made}.`;
}

