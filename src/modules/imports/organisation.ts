// The organisation import's rules, as pure functions: which sheet a table is, each cell checked with
// zod, and the rows checked together and against the province as it is in the database (an
// `OrgState`, loaded by service.ts) — giving a plan of what to create, update or leave alone, and
// every error with its sheet, row and column. Nothing here reads or writes the database, so the
// same check runs for the preview and again, inside the transaction, when the board confirms.
import { z } from 'zod';
import { columnLetter, mapColumns, nameKey, type SheetTable } from './table';
import { AGENCY_KINDS, AGENCY_KIND_LABELS, PHASE_LABELS, type AgencyKind, type Phase } from '../../domain/enums';
import { versionAt, midYear } from '../../domain/versions';
import { newAccountSchema } from '../users/schemas';
import { MIN_MEMBERS, MAX_MEMBERS } from '../blocs/schemas';

// ───────────────────────────── The workbook's sheets and columns ─────────────────────────────

export type SheetKind = 'agencies' | 'blocs' | 'officers';

/** The instructions sheet of the template: never imported (the samples live there). */
export const GUIDE_SHEET = 'Hướng dẫn';

/** Column headers as the template writes them; "*" marks a required column. */
export const SPECS = {
  agencies: {
    name: 'Cơ quan, đơn vị',
    columns: { name: 'Tên cơ quan, đơn vị*', shortName: 'Tên viết tắt', kind: 'Loại', parentBody: 'Cơ quan chủ quản', area: 'Địa bàn', validFrom: 'Hiệu lực từ' },
  },
  blocs: {
    name: 'Khối thi đua',
    columns: { bloc: 'Tên khối*', kind: 'Loại khối', decision: 'Quyết định kiện toàn', year: 'Năm*', member: 'Đơn vị thành viên*', role: 'Vai trò', rotation: 'Thứ tự luân phiên' },
  },
  officers: {
    name: 'Cán bộ',
    columns: { username: 'Tên đăng nhập*', fullName: 'Họ và tên*', jobTitle: 'Chức vụ', email: 'Thư điện tử', agency: 'Đơn vị*' },
  },
} as const satisfies Record<SheetKind, { name: string; columns: Record<string, string> }>;

export const SHEET_KINDS: SheetKind[] = ['agencies', 'blocs', 'officers'];

/** A header label without its "required" star, as shown in messages. */
export const plainLabel = (label: string) => label.replace(/\s*\*\s*$/, '');
const isRequired = (label: string) => /\*\s*$/.test(label);

export { MIN_MEMBERS, MAX_MEMBERS };

/** The values the template's drop-down lists offer (labels; the codes are accepted too). */
export const BLOC_KIND_CHOICES = ['Khối', 'Cụm'];
export const ROLE_CHOICES = ['Khối trưởng', 'Khối phó', 'Cụm trưởng', 'Cụm phó'];
export const AGENCY_KIND_CHOICES = AGENCY_KINDS.map((k) => AGENCY_KIND_LABELS[k]);

// ───────────────────────────── Recognising the sheets ─────────────────────────────

export type ImportError = { sheet: string; row: number; column: string; header: string; message: string };

/** The columns of a spec present in a header: index per key (−1 when missing). */
function columnsOf(kind: SheetKind, header: string[]): Record<string, number> {
  return mapColumns(header, SPECS[kind].columns as Record<string, string>);
}

function missingRequired(kind: SheetKind, header: string[]): string[] {
  const idx = columnsOf(kind, header);
  return Object.entries(SPECS[kind].columns as Record<string, string>)
    .filter(([k, label]) => isRequired(label) && idx[k] < 0)
    .map(([, label]) => plainLabel(label));
}

/**
 * Which sheet a table is. A workbook's sheet is known by its name or, renamed, by its header row; a
 * CSV file only by its header row (every required column present). Null: not a sheet of the import.
 */
export function sheetKindOf(t: SheetTable, byName: boolean): SheetKind | null {
  if (byName) {
    if (nameKey(t.sheet) === nameKey(GUIDE_SHEET)) return null;
    const named = SHEET_KINDS.find((k) => nameKey(SPECS[k].name) === nameKey(t.sheet));
    if (named) return named;
  }
  return SHEET_KINDS.find((k) => missingRequired(k, t.header).length === 0) ?? null;
}

// ───────────────────────────── Cells ─────────────────────────────

const required = (empty: string, min: number, max: number, length: string) => z.string().min(1, empty).min(min, length).max(max, length);
const optional = (max: number, msg: string) => z.string().max(max, msg);
const orNull = (s: string) => (s === '' ? null : s);

/** dd/mm/yyyy (d/m/yyyy too) → that calendar day at 12:00 UTC, like every date of the portal. */
export function parseDay(s: string): Date | null {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d, 12));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d ? date : null;
}

const dayCell = (currentYear: number) =>
  z.string().transform((s, ctx) => {
    if (s === '') return null;
    const d = parseDay(s);
    if (!d) {
      ctx.addIssue({ code: 'custom', message: `Ngày "${s}" không hợp lệ: ghi theo dạng ngày/tháng/năm, ví dụ 01/01/2025.` });
      return z.NEVER;
    }
    if (d.getUTCFullYear() < 1945 || d.getUTCFullYear() > currentYear + 1) {
      ctx.addIssue({ code: 'custom', message: `Ngày "${s}" nằm ngoài khoảng cho phép (1945–${currentYear + 1}).` });
      return z.NEVER;
    }
    return d;
  });

/** A closed set given by its label or its code, compared by nameKey. */
const choiceCell = <T extends string>(choices: Record<string, T>, message: string) =>
  z.string().transform((s, ctx) => {
    if (s === '') return null;
    const hit = choices[nameKey(s)];
    if (hit === undefined) {
      ctx.addIssue({ code: 'custom', message: `${message} (giá trị "${s}" không có trong danh sách).` });
      return z.NEVER;
    }
    return hit;
  });

const AGENCY_KIND_BY_KEY: Record<string, AgencyKind> = Object.fromEntries(
  AGENCY_KINDS.flatMap((k) => [[nameKey(AGENCY_KIND_LABELS[k]), k] as const, [nameKey(k), k] as const]),
);
const BLOC_KIND_BY_KEY: Record<string, 'KHOI' | 'CUM'> = Object.fromEntries(
  [['Khối', 'KHOI'], ['Khối thi đua', 'KHOI'], ['KHOI', 'KHOI'], ['Cụm', 'CUM'], ['Cụm thi đua', 'CUM'], ['CUM', 'CUM']].map(([l, c]) => [nameKey(l), c as 'KHOI' | 'CUM']),
);
type Role = 'HEAD' | 'DEPUTY' | 'MEMBER';
const ROLE_BY_KEY: Record<string, Role> = Object.fromEntries(
  (
    [
      ['Khối trưởng', 'HEAD'], ['Trưởng khối', 'HEAD'], ['Cụm trưởng', 'HEAD'], ['Trưởng cụm', 'HEAD'],
      ['Khối phó', 'DEPUTY'], ['Phó khối', 'DEPUTY'], ['Cụm phó', 'DEPUTY'], ['Phó cụm', 'DEPUTY'],
      ['Thành viên', 'MEMBER'],
    ] as const
  ).map(([l, r]) => [nameKey(l), r]),
);

const account = newAccountSchema.shape;

/** Each sheet's cells: one zod schema per column, so an error names its column. */
function cellSchemas(currentYear: number) {
  return {
    agencies: {
      name: required('Vui lòng nhập tên cơ quan, đơn vị.', 3, 200, 'Tên cơ quan, đơn vị cần từ 3 đến 200 ký tự.'),
      shortName: optional(60, 'Tên viết tắt tối đa 60 ký tự.').transform(orNull),
      kind: choiceCell(AGENCY_KIND_BY_KEY, `Loại cơ quan phải là một trong: ${AGENCY_KIND_CHOICES.join(', ')}`),
      parentBody: optional(200, 'Cơ quan chủ quản tối đa 200 ký tự.').transform(orNull),
      area: optional(200, 'Địa bàn tối đa 200 ký tự.').transform(orNull),
      validFrom: dayCell(currentYear),
    },
    blocs: {
      bloc: required('Vui lòng nhập tên khối.', 5, 200, 'Tên khối, cụm cần từ 5 đến 200 ký tự.'),
      kind: choiceCell(BLOC_KIND_BY_KEY, 'Loại khối phải là "Khối" hoặc "Cụm"'),
      decision: optional(300, 'Quyết định kiện toàn tối đa 300 ký tự.').transform(orNull),
      year: z
        .string()
        .min(1, 'Vui lòng nhập năm thi đua.')
        .regex(/^\d{4}$/, 'Năm thi đua phải là số có 4 chữ số, ví dụ 2026.')
        .transform(Number)
        .refine((y) => y >= 2000 && y <= currentYear + 1, `Năm thi đua phải từ 2000 đến ${currentYear + 1}.`),
      member: required('Vui lòng nhập tên đơn vị thành viên.', 1, 200, 'Tên đơn vị tối đa 200 ký tự.'),
      role: choiceCell(ROLE_BY_KEY, 'Vai trò phải là "Khối trưởng", "Khối phó" hoặc để trống'),
      rotation: z
        .string()
        .regex(/^(\d{1,2})?$/, 'Thứ tự luân phiên phải là số nguyên từ 1 đến 14.')
        .transform((s) => (s === '' ? null : Number(s)))
        .refine((n) => n === null || n >= 1, 'Thứ tự luân phiên phải là số nguyên từ 1 đến 14.'),
    },
    officers: {
      username: account.username,
      fullName: account.fullName,
      jobTitle: optional(100, 'Chức vụ tối đa 100 ký tự.').transform(orNull),
      email: optional(200, 'Thư điện tử tối đa 200 ký tự.')
        .refine((s) => s === '' || z.email().safeParse(s).success, 'Thư điện tử không hợp lệ (ví dụ: ten@tayninh.gov.vn).')
        .transform(orNull),
      agency: required('Vui lòng nhập đơn vị của cán bộ.', 1, 200, 'Tên đơn vị tối đa 200 ký tự.'),
    },
  } as const;
}

type Schemas = ReturnType<typeof cellSchemas>;
/** A row's cells after their check: a value, or undefined where the cell was wrong (its error is listed). */
type Parsed<K extends SheetKind> = { row: number } & { [C in keyof Schemas[K]]: z.output<Schemas[K][C]> | undefined };
export type AgencyRow = Parsed<'agencies'>;
export type BlocRow = Parsed<'blocs'>;
export type OfficerRow = Parsed<'officers'>;

/** Where a sheet came from, for messages: its kind, its table and the column of each key. */
type Source = { kind: SheetKind; sheet: string; idx: Record<string, number> };

export type ParsedFile = {
  agencies: AgencyRow[];
  blocs: BlocRow[];
  officers: OfficerRow[];
  sources: Partial<Record<SheetKind, Source>>;
  errors: ImportError[];
};

function errorAt(src: Source, row: number, key: string, message: string): ImportError {
  const label = (SPECS[src.kind].columns as Record<string, string>)[key] ?? '';
  const i = src.idx[key] ?? -1;
  return { sheet: src.sheet, row, column: i >= 0 ? columnLetter(i + 1) : '', header: plainLabel(label), message };
}

/**
 * Every cell of the recognised sheets checked on its own. `tables` are already recognised (a kind
 * each, at most one per kind); the error names the sheet as the template does.
 */
export function parseSheets(tables: { kind: SheetKind; table: SheetTable }[], currentYear: number): ParsedFile {
  const schemas = cellSchemas(currentYear);
  const out: ParsedFile = { agencies: [], blocs: [], officers: [], sources: {}, errors: [] };
  for (const { kind, table } of tables) {
    const src: Source = { kind, sheet: SPECS[kind].name, idx: columnsOf(kind, table.header) };
    out.sources[kind] = src;
    const missing = missingRequired(kind, table.header);
    if (missing.length) {
      out.errors.push({ sheet: src.sheet, row: 1, column: '', header: '', message: `Thiếu cột bắt buộc: ${missing.join(', ')}. Hãy dùng hàng tiêu đề của tệp mẫu.` });
      continue;
    }
    const cols = schemas[kind] as Record<string, z.ZodType>;
    for (const r of table.rows) {
      const values: Record<string, unknown> = { row: r.row };
      for (const [key, schema] of Object.entries(cols)) {
        const i = src.idx[key];
        const res = schema.safeParse(i >= 0 ? (r.cells[i] ?? '') : '');
        if (res.success) values[key] = res.data;
        else out.errors.push(errorAt(src, r.row, key, res.error.issues[0]?.message ?? 'Giá trị không hợp lệ.'));
      }
      (out[kind] as Record<string, unknown>[]).push(values);
    }
  }
  return out;
}

// ───────────────────────────── The province as it is ─────────────────────────────

type Dated = { validFrom: Date; validTo: Date | null };
export type StateAgency = {
  id: number;
  kind: string;
  provinceId: number;
  versions: (Dated & { id: number; name: string; shortName: string; parentBody: string; area: string })[];
};
export type StateBloc = {
  id: number;
  kind: string;
  versions: (Dated & { id: number; name: string; decision: string })[];
  years: { id: number; year: number; phase: string; headAgencyId: number | null; deputyAgencyId: number | null; members: { agencyId: number; rotationOrder: number | null }[] }[];
};
export type StateUser = {
  id: number;
  username: string;
  fullName: string;
  jobTitle: string;
  email: string;
  assignments: { role: string; provinceId: number | null; agencyId: number | null; agencyProvinceId: number | null }[];
};
export type OrgState = { provinceId: number; provinceName: string; agencies: StateAgency[]; blocs: StateBloc[]; users: StateUser[] };

// ───────────────────────────── The plan ─────────────────────────────

export type Action = 'create' | 'update' | 'unchanged';
/** An agency as a bloc or an officer refers to it: one in the database, or one the file creates. */
export type AgencyRef = { id: number } | { newKey: string };

export type PlannedAgency = {
  row: number;
  key: string;
  name: string;
  action: Action;
  id?: number;
  data: { shortName: string; kind: AgencyKind; parentBody: string; area: string; validFrom: Date };
  changes: string[];
};
export type PlannedBloc = { row: number; key: string; name: string; action: Action; id?: number; kind: 'KHOI' | 'CUM'; decision: string; validFrom: Date; changes: string[] };
export type PlannedMember = { row: number; name: string; ref: AgencyRef; rotationOrder: number | null };
export type PlannedYear = {
  row: number;
  blocKey: string;
  blocName: string;
  year: number;
  action: Action;
  id?: number;
  members: PlannedMember[];
  head: AgencyRef;
  deputy: AgencyRef;
  headName: string;
  deputyName: string;
  /** No rotation order in the file: a year the portal holds keeps its orders (a new one takes the list order). */
  keepRotation: boolean;
  changes: string[];
};
export type PlannedOfficer = { row: number; username: string; action: Action; id?: number; fullName: string; jobTitle: string; email: string; agency: AgencyRef; agencyName: string; changes: string[] };

export type Plan = {
  agencies: PlannedAgency[];
  blocs: PlannedBloc[];
  years: PlannedYear[];
  officers: PlannedOfficer[];
  errors: ImportError[];
};

export type Counts = Record<'agencies' | 'blocs' | 'years' | 'officers', Record<Action, number>>;

export function countsOf(plan: Plan): Counts {
  const c = (xs: { action: Action }[]) => ({
    create: xs.filter((x) => x.action === 'create').length,
    update: xs.filter((x) => x.action === 'update').length,
    unchanged: xs.filter((x) => x.action === 'unchanged').length,
  });
  return { agencies: c(plan.agencies), blocs: c(plan.blocs), years: c(plan.years), officers: c(plan.officers) };
}

export const sameRef = (a: AgencyRef, b: AgencyRef) => ('id' in a && 'id' in b ? a.id === b.id : 'newKey' in a && 'newKey' in b ? a.newKey === b.newKey : false);
const refKey = (r: AgencyRef) => ('id' in r ? `id:${r.id}` : `new:${r.newKey}`);

const yearStart = (y: number) => new Date(Date.UTC(y, 0, 1));
const yearEnd = (y: number) => new Date(Date.UTC(y, 11, 31, 23, 59, 59));
const overlapsYear = (v: Dated, y: number) => v.validFrom <= yearEnd(y) && (v.validTo === null || v.validTo >= yearStart(y));
const firstOfJanuary = (y: number) => new Date(Date.UTC(y, 0, 1, 12));
const current = <T extends Dated>(versions: readonly T[]) => versions.find((v) => v.validTo === null);

/**
 * The file's rows checked together and against the province: what to create, update, leave alone,
 * and the errors. `today` sets the start of agencies that are in no bloc-year of the file.
 */
export function planImport(file: ParsedFile, state: OrgState, today: Date): Plan {
  const errors: ImportError[] = [...file.errors];
  const src = file.sources;
  const err = (kind: SheetKind, row: number, key: string, message: string) => errors.push(errorAt(src[kind]!, row, key, message));
  const province = state.provinceName;

  // Agencies of the province by their current name; former names (renamed, merged, dissolved) to explain a miss.
  const byName = new Map<string, StateAgency[]>();
  const former = new Map<string, StateAgency>();
  for (const a of state.agencies.filter((x) => x.provinceId === state.provinceId)) {
    const cur = current(a.versions);
    if (cur) byName.set(nameKey(cur.name), [...(byName.get(nameKey(cur.name)) ?? []), a]);
  }
  for (const a of state.agencies.filter((x) => x.provinceId === state.provinceId)) {
    for (const v of a.versions) if (v.validTo !== null && !byName.has(nameKey(v.name))) former.set(nameKey(v.name), a);
  }
  const formerMessage = (name: string, a: StateAgency) => {
    const cur = current(a.versions);
    return cur ? `"${name}" là tên cũ của đơn vị nay là "${cur.name}": hãy dùng tên hiện tại.` : `Đơn vị "${name}" đã ngừng hoạt động (hợp nhất, chia tách hoặc giải thể).`;
  };

  // ── Agencies sheet
  const agencies: PlannedAgency[] = [];
  const fileAgencies = new Map<string, PlannedAgency>();
  const defaultStart = new Set<string>(); // new agencies with no start date in the file
  const seenAgencyRow = new Map<string, number>();
  for (const r of file.agencies) {
    if (r.name === undefined) continue;
    const key = nameKey(r.name);
    const earlier = seenAgencyRow.get(key);
    if (earlier !== undefined) {
      err('agencies', r.row, 'name', `Đơn vị "${r.name}" đã có ở dòng ${earlier}.`);
      continue;
    }
    seenAgencyRow.set(key, r.row);
    const matches = byName.get(key) ?? [];
    if (matches.length > 1) {
      err('agencies', r.row, 'name', `Tỉnh ${province} có ${matches.length} đơn vị cùng tên "${r.name}": hãy sửa trên trang Cơ quan, đơn vị trước khi nhập.`);
      continue;
    }
    if (matches.length === 0 && former.has(key)) {
      err('agencies', r.row, 'name', formerMessage(r.name, former.get(key)!));
      continue;
    }
    if (matches.length === 1) {
      const a = matches[0];
      const cur = current(a.versions)!;
      // An empty cell keeps what the portal holds.
      const data = {
        shortName: r.shortName ?? cur.shortName,
        kind: (r.kind ?? a.kind) as AgencyKind,
        parentBody: r.parentBody ?? cur.parentBody,
        area: r.area ?? cur.area,
        validFrom: cur.validFrom,
      };
      const changes = [
        data.shortName !== cur.shortName ? `Tên viết tắt: "${cur.shortName}" → "${data.shortName}"` : null,
        data.kind !== a.kind ? `Loại: ${AGENCY_KIND_LABELS[a.kind as AgencyKind] ?? a.kind} → ${AGENCY_KIND_LABELS[data.kind]}` : null,
        data.parentBody !== cur.parentBody ? `Cơ quan chủ quản: "${cur.parentBody}" → "${data.parentBody}"` : null,
        data.area !== cur.area ? `Địa bàn: "${cur.area}" → "${data.area}"` : null,
      ].filter((c): c is string => c !== null);
      const p: PlannedAgency = { row: r.row, key, name: cur.name, action: changes.length ? 'update' : 'unchanged', id: a.id, data, changes };
      agencies.push(p);
      fileAgencies.set(key, p);
      continue;
    }
    const p: PlannedAgency = {
      row: r.row,
      key,
      name: r.name,
      action: 'create',
      data: { shortName: r.shortName ?? '', kind: r.kind ?? 'OTHER', parentBody: r.parentBody ?? '', area: r.area ?? '', validFrom: r.validFrom ?? today },
      changes: [],
    };
    if (r.validFrom === null) defaultStart.add(key);
    agencies.push(p);
    fileAgencies.set(key, p);
  }

  /** A name in the blocs or officers sheet → the agency, or an error message. */
  const resolve = (name: string): { ref: AgencyRef; agency?: StateAgency; planned?: PlannedAgency } | { error: string } => {
    const key = nameKey(name);
    const planned = fileAgencies.get(key);
    if (planned) return planned.id !== undefined ? { ref: { id: planned.id }, agency: state.agencies.find((a) => a.id === planned.id), planned } : { ref: { newKey: key }, planned };
    const matches = byName.get(key) ?? [];
    if (matches.length === 1) return { ref: { id: matches[0].id }, agency: matches[0] };
    if (matches.length > 1) return { error: `Tỉnh ${province} có ${matches.length} đơn vị cùng tên "${name}".` };
    if (former.has(key)) return { error: formerMessage(name, former.get(key)!) };
    return { error: `Không tìm thấy đơn vị "${name}" trong tỉnh ${province} (trên trang tính Cơ quan, đơn vị hoặc trong Cổng).` };
  };
  const nameOfRef = (r: AgencyRef) => {
    if ('newKey' in r) return fileAgencies.get(r.newKey)?.name ?? r.newKey;
    const a = state.agencies.find((x) => x.id === r.id);
    return (a && (current(a.versions) ?? a.versions.at(-1))?.name) ?? String(r.id);
  };

  // ── Blocs sheet: blocs, then their years
  const blocsByKey = new Map<string, BlocRow[]>();
  for (const r of file.blocs) {
    if (r.bloc === undefined) continue;
    const key = nameKey(r.bloc);
    blocsByKey.set(key, [...(blocsByKey.get(key) ?? []), r]);
  }
  const blocs: PlannedBloc[] = [];
  const years: PlannedYear[] = [];
  const earliestYearOf = new Map<string, number>(); // new agency key → first year it is a member in the file
  const refOfRow = new Map<number, AgencyRef>(); // blocs sheet row → its member
  const stateBlocs = state.blocs.map((b) => ({ b, cur: current(b.versions), latest: [...b.versions].sort((x, y) => x.validFrom.getTime() - y.validFrom.getTime()).at(-1) }));
  for (const [key, rows] of blocsByKey) {
    const first = rows[0];
    // one kind and one decision per bloc: the first given, any other value is an error on its row
    const single = <T>(pick: (r: BlocRow) => T | null | undefined, column: 'kind' | 'decision', label: string): T | null => {
      let value: T | null = null;
      let at = 0;
      for (const r of rows) {
        const v = pick(r);
        if (v === null || v === undefined) continue;
        if (value === null) [value, at] = [v, r.row];
        else if (v !== value) err('blocs', r.row, column, `${label} khác với dòng ${at} của cùng khối.`);
      }
      return value;
    };
    const kind = single((r) => r.kind, 'kind', 'Loại khối');
    const decision = single((r) => r.decision, 'decision', 'Quyết định kiện toàn');
    const validYears = rows.map((r) => r.year).filter((y): y is number => typeof y === 'number');
    const matches = stateBlocs.filter((s) => s.cur && nameKey(s.cur.name) === key);
    const retired = stateBlocs.find((s) => !s.cur && s.latest && nameKey(s.latest.name) === key);
    let planned: PlannedBloc | null = null;
    if (matches.length > 1) err('blocs', first.row, 'bloc', `Tỉnh ${province} có ${matches.length} khối cùng tên "${first.bloc}".`);
    else if (matches.length === 0 && retired) err('blocs', first.row, 'bloc', `Khối "${first.bloc}" đã ngừng hoạt động: không thể nhập thêm năm thi đua.`);
    else if (matches.length === 1) {
      const { b, cur } = matches[0];
      const next = { kind: (kind ?? b.kind) as 'KHOI' | 'CUM', decision: decision ?? cur!.decision };
      const changes = [
        next.kind !== b.kind ? `Loại khối: ${b.kind === 'CUM' ? 'Cụm' : 'Khối'} → ${next.kind === 'CUM' ? 'Cụm' : 'Khối'}` : null,
        next.decision !== cur!.decision ? `Quyết định kiện toàn: "${cur!.decision}" → "${next.decision}"` : null,
      ].filter((c): c is string => c !== null);
      planned = { row: first.row, key, name: cur!.name, action: changes.length ? 'update' : 'unchanged', id: b.id, ...next, validFrom: cur!.validFrom, changes };
    } else {
      const from = validYears.length ? firstOfJanuary(Math.min(...validYears)) : today;
      // as on the new-bloc form: a new bloc needs the decision of UBND tỉnh that formed it
      if (!decision || decision.length < 3) err('blocs', first.row, 'decision', `Khối mới "${first.bloc}" cần quyết định thành lập, kiện toàn của UBND tỉnh (số, ngày).`);
      planned = { row: first.row, key, name: first.bloc!, action: 'create', kind: kind ?? 'KHOI', decision: decision ?? '', validFrom: from, changes: [] };
    }
    if (planned) blocs.push(planned);
    const stateBloc = planned?.id !== undefined ? state.blocs.find((b) => b.id === planned!.id) : undefined;

    // its years
    const byYear = new Map<number, BlocRow[]>();
    for (const r of rows) if (typeof r.year === 'number') byYear.set(r.year, [...(byYear.get(r.year) ?? []), r]);
    for (const [year, yrows] of [...byYear].sort((a, b) => a[0] - b[0])) {
      const head = yrows[0];
      if (stateBloc && !stateBloc.versions.some((v) => overlapsYear(v, year))) {
        err('blocs', head.row, 'year', `Khối "${planned!.name}" không hoạt động trong năm ${year}.`);
      }
      const members: PlannedMember[] = [];
      const seen = new Map<string, number>(); // member name key → row
      const seenRef = new Map<string, number>();
      let broken = false; // a member row that could not be read: the counts below would only add noise
      for (const r of yrows) {
        if (r.member === undefined || r.role === undefined || r.rotation === undefined) {
          broken = true;
          continue;
        }
        const mk = nameKey(r.member);
        if (seen.has(mk)) {
          err('blocs', r.row, 'member', `Đơn vị "${r.member}" đã có ở dòng ${seen.get(mk)} của khối, năm ${year}.`);
          continue;
        }
        seen.set(mk, r.row);
        const found = resolve(r.member);
        if ('error' in found) {
          err('blocs', r.row, 'member', found.error);
          broken = true;
          continue;
        }
        if (seenRef.has(refKey(found.ref))) {
          err('blocs', r.row, 'member', `Đơn vị "${r.member}" đã có ở dòng ${seenRef.get(refKey(found.ref))} của khối, năm ${year}.`);
          continue;
        }
        seenRef.set(refKey(found.ref), r.row);
        // the member's name valid in the year (an agency renamed later is a member under its name of then)
        if (found.agency) {
          const v = versionAt(found.agency.versions, midYear(year));
          if (!v || !overlapsYear(v, year)) err('blocs', r.row, 'member', `Đơn vị "${r.member}" không hoạt động trong năm ${year}.`);
        } else if ('newKey' in found.ref) {
          const p = found.planned!;
          if (!defaultStart.has(p.key) && p.data.validFrom > yearEnd(year)) {
            err('blocs', r.row, 'member', `Đơn vị "${r.member}" có hiệu lực từ ${fmtDay(p.data.validFrom)}, sau năm ${year}.`);
          }
          earliestYearOf.set(found.ref.newKey, Math.min(year, earliestYearOf.get(found.ref.newKey) ?? year));
        }
        members.push({ row: r.row, name: r.member, ref: found.ref, rotationOrder: r.rotation ?? null });
        refOfRow.set(r.row, found.ref);
      }
      const roleRows = (role: Role) => yrows.filter((r) => r.role === role && refOfRow.has(r.row));
      const heads = roleRows('HEAD');
      const deputies = roleRows('DEPUTY');
      if (!broken) {
        const n = seen.size;
        if (n < MIN_MEMBERS || n > MAX_MEMBERS) {
          err('blocs', head.row, 'member', `Khối cần từ ${MIN_MEMBERS} đến ${MAX_MEMBERS} đơn vị thành viên mỗi năm; năm ${year} có ${n} đơn vị.`);
        }
        if (heads.length === 0) err('blocs', head.row, 'role', `Năm ${year} chưa có Khối trưởng: ghi "Khối trưởng" ở cột Vai trò của một đơn vị.`);
        if (deputies.length === 0) err('blocs', head.row, 'role', `Năm ${year} chưa có Khối phó: ghi "Khối phó" ở cột Vai trò của một đơn vị khác.`);
      }
      for (const r of heads.slice(1)) err('blocs', r.row, 'role', `Mỗi năm chỉ có một Khối trưởng (đã có ở dòng ${heads[0].row}).`);
      for (const r of deputies.slice(1)) err('blocs', r.row, 'role', `Mỗi năm chỉ có một Khối phó (đã có ở dòng ${deputies[0].row}).`);
      // rotation, as on the new-year form: empty for every member, or each a different number 1..n
      // (n counts a member whose name is wrong too: its error is listed, not a rotation error besides)
      const n = seen.size;
      const order = new Map<number, number>();
      const keepRotation = members.every((m) => m.rotationOrder === null);
      for (const m of keepRotation ? [] : members) {
        if (m.rotationOrder === null) err('blocs', m.row, 'rotation', `Ghi thứ tự luân phiên cho mọi đơn vị của khối năm ${year}, hoặc để trống tất cả.`);
        else if (m.rotationOrder > n) err('blocs', m.row, 'rotation', `Thứ tự luân phiên phải từ 1 đến ${n} (số đơn vị của năm ${year}).`);
        else if (order.has(m.rotationOrder)) err('blocs', m.row, 'rotation', `Thứ tự luân phiên ${m.rotationOrder} đã dùng ở dòng ${order.get(m.rotationOrder)}.`);
        else order.set(m.rotationOrder, m.row);
      }
      if (!planned || heads.length !== 1 || deputies.length !== 1) continue;
      const headRef = refOfRow.get(heads[0].row)!;
      const deputyRef = refOfRow.get(deputies[0].row)!;
      const py: PlannedYear = {
        row: head.row,
        blocKey: key,
        blocName: planned.name,
        year,
        action: 'create',
        members,
        head: headRef,
        deputy: deputyRef,
        headName: nameOfRef(headRef),
        deputyName: nameOfRef(deputyRef),
        keepRotation,
        changes: [],
      };
      const existing = stateBloc?.years.find((y) => y.year === year);
      // a new year without rotation numbers: the list order, as on the form
      if (!existing && keepRotation) members.forEach((m, i) => (m.rotationOrder = i + 1));
      if (existing) {
        py.id = existing.id;
        py.changes = yearChanges(existing, py, nameOfRef);
        py.action = py.changes.length ? 'update' : 'unchanged';
        if (py.changes.length && existing.phase !== 'SETUP') {
          const phase = PHASE_LABELS[existing.phase as Phase] ?? existing.phase;
          err('blocs', head.row, 'year', `Năm thi đua ${year} của khối đã qua giai đoạn Chuẩn bị (nay: ${phase}): không thể thay đổi bằng tệp nhập (${py.changes.join('; ')}).`);
        }
      }
      years.push(py);
    }
  }
  // New agencies without a start date begin on 1 January of their first year in the file.
  for (const p of agencies) {
    const y = defaultStart.has(p.key) ? earliestYearOf.get(p.key) : undefined;
    if (y !== undefined) p.data.validFrom = firstOfJanuary(y);
  }

  // ── Officers sheet
  const officers: PlannedOfficer[] = [];
  const seenUser = new Map<string, number>();
  for (const r of file.officers) {
    if (r.username === undefined) continue;
    const earlier = seenUser.get(r.username);
    if (earlier !== undefined) {
      err('officers', r.row, 'username', `Tên đăng nhập "${r.username}" đã có ở dòng ${earlier}.`);
      continue;
    }
    seenUser.set(r.username, r.row);
    if (r.agency === undefined || r.fullName === undefined || r.jobTitle === undefined || r.email === undefined) continue;
    const found = resolve(r.agency);
    if ('error' in found) {
      err('officers', r.row, 'agency', found.error);
      continue;
    }
    const user = state.users.find((u) => u.username === r.username);
    if (!user) {
      officers.push({ row: r.row, username: r.username, action: 'create', fullName: r.fullName, jobTitle: r.jobTitle ?? '', email: r.email ?? '', agency: found.ref, agencyName: nameOfRef(found.ref), changes: [] });
      continue;
    }
    // the same person again: an officer of this very agency only (never an admin, a board member or someone serving elsewhere)
    const sameOfficer =
      'id' in found.ref &&
      user.assignments.length > 0 &&
      user.assignments.every((a) => a.role === 'UNIT_OFFICER' && a.agencyProvinceId === state.provinceId) &&
      user.assignments.some((a) => a.agencyId === (found.ref as { id: number }).id);
    if (!sameOfficer) {
      err('officers', r.row, 'username', `Tên đăng nhập "${r.username}" đã có người dùng ở đơn vị hoặc tỉnh khác: hãy chọn tên khác.`);
      continue;
    }
    const next = { fullName: r.fullName, jobTitle: r.jobTitle ?? user.jobTitle, email: r.email ?? user.email };
    const changes = [
      next.fullName !== user.fullName ? `Họ và tên: "${user.fullName}" → "${next.fullName}"` : null,
      next.jobTitle !== user.jobTitle ? `Chức vụ: "${user.jobTitle}" → "${next.jobTitle}"` : null,
      next.email !== user.email ? `Thư điện tử: "${user.email}" → "${next.email}"` : null,
    ].filter((c): c is string => c !== null);
    officers.push({ row: r.row, username: r.username, action: changes.length ? 'update' : 'unchanged', id: user.id, ...next, agency: found.ref, agencyName: nameOfRef(found.ref), changes });
  }

  const order: Record<string, number> = { [SPECS.agencies.name]: 0, [SPECS.blocs.name]: 1, [SPECS.officers.name]: 2 };
  errors.sort((a, b) => (order[a.sheet] ?? 9) - (order[b.sheet] ?? 9) || a.row - b.row || a.column.localeCompare(b.column));
  return { agencies, blocs, years, officers, errors };
}

const pad = (n: number) => String(n).padStart(2, '0');
export const fmtDay = (d: Date) => `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;

/** What the file changes in a year the portal holds (members, rotation, head, deputy). */
function yearChanges(existing: StateBloc['years'][number], planned: PlannedYear, nameOf: (r: AgencyRef) => string): string[] {
  const out: string[] = [];
  const now = new Map(existing.members.map((m) => [m.agencyId, m.rotationOrder]));
  const fileIds = planned.members.map((m) => ('id' in m.ref ? m.ref.id : null));
  const added = planned.members.filter((m) => !('id' in m.ref) || !now.has(m.ref.id));
  const removed = existing.members.filter((m) => !fileIds.includes(m.agencyId));
  if (added.length) out.push(`thêm ${added.map((m) => m.name).join(', ')}`);
  if (removed.length) out.push(`bỏ ${removed.map((m) => nameOf({ id: m.agencyId })).join(', ')}`);
  if (!planned.keepRotation) {
    const moved = planned.members.filter((m) => 'id' in m.ref && now.has(m.ref.id) && now.get(m.ref.id) !== m.rotationOrder);
    if (moved.length) out.push(`thứ tự luân phiên của ${moved.map((m) => m.name).join(', ')}`);
  }
  const same = (id: number | null, r: AgencyRef) => id !== null && 'id' in r && r.id === id;
  if (!same(existing.headAgencyId, planned.head)) out.push(`Khối trưởng: ${planned.headName}`);
  if (!same(existing.deputyAgencyId, planned.deputy)) out.push(`Khối phó: ${planned.deputyName}`);
  return out;
}
