// Reading what boards hold today — an Excel workbook (.xlsx) or one CSV file per sheet — into plain
// rows of text keyed by their header, with the row number the user sees in Excel (1 = the header row),
// so that every error can name its sheet, row and column. No rule of the portal lives here: the
// importers (organisation.ts, criteria.ts) check the rows.
import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';

/** One sheet: its name, its header cells as typed, and each non-empty row under it. */
export type SheetTable = {
  sheet: string;
  header: string[];
  rows: { row: number; cells: string[] }[];
};

/** Thrown for a file that cannot be read at all (not an xlsx, not UTF-8 CSV…): a 422 for the upload form. */
export class UnreadableFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableFileError';
  }
}

/** Unicode NFC, no leading/trailing or repeated inner whitespace (non-breaking spaces included). */
export function normaliseText(s: string): string {
  return s.normalize('NFC').replace(/[\s\u00a0\u200b\ufeff]+/g, ' ').trim();
}

/** The key two names are compared by: NFC, trimmed, case-insensitive ("Cục Thuế" = "CỤC THUẾ" = decomposed "Cục Thuế"). */
export function nameKey(s: string): string {
  return normaliseText(s).toLocaleLowerCase('vi');
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A cell as the text a user sees: dates dd/mm/yyyy, numbers without thousands separators, formulas by their result. */
function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) {
    // exceljs gives dates as UTC midnight of the typed day
    return `${pad(v.getUTCDate())}/${pad(v.getUTCMonth() + 1)}/${v.getUTCFullYear()}`;
  }
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Math.round(v * 1e6) / 1e6);
  if (typeof v === 'boolean') return v ? 'Có' : 'Không';
  if (typeof v === 'string') return normaliseText(v);
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText)) return normaliseText(v.richText.map((t) => t.text).join(''));
    if ('formula' in v || 'sharedFormula' in v) return cellText((v as { result?: ExcelJS.CellValue }).result ?? null);
    if ('text' in v && typeof (v as { text: unknown }).text === 'string') return normaliseText((v as { text: string }).text);
    if ('error' in v) return '';
  }
  return normaliseText(String(v));
}

/** Rows whose every cell is empty are left out; trailing empty cells are trimmed. */
function tidy(sheet: string, all: { row: number; cells: string[] }[]): SheetTable | null {
  const nonEmpty = all.filter((r) => r.cells.some((c) => c !== ''));
  if (nonEmpty.length === 0) return null;
  const [head, ...rows] = nonEmpty;
  const header = head.cells.map(normaliseText);
  while (header.length && header[header.length - 1] === '') header.pop();
  return { sheet, header, rows: rows.map((r) => ({ row: r.row, cells: r.cells.slice(0, Math.max(header.length, r.cells.length)) })) };
}

/** Every sheet of an .xlsx workbook (empty sheets left out). */
export async function readWorkbook(bytes: Buffer, maxRows = 5000): Promise<SheetTable[]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new UnreadableFileError('Không đọc được tệp Excel. Vui lòng dùng tệp .xlsx (Excel 2007 trở lên) hoặc CSV UTF-8.');
  }
  const out: SheetTable[] = [];
  for (const ws of wb.worksheets) {
    if (ws.rowCount > maxRows + 1) throw new UnreadableFileError(`Trang "${ws.name}" có quá ${maxRows.toLocaleString('vi-VN')} dòng.`);
    const rows: { row: number; cells: string[] }[] = [];
    ws.eachRow({ includeEmpty: false }, (r, rowNumber) => {
      const cells: string[] = [];
      for (let c = 1; c <= r.cellCount; c++) cells.push(cellText(r.getCell(c).value));
      rows.push({ row: rowNumber, cells });
    });
    const t = tidy(normaliseText(ws.name), rows);
    if (t) out.push(t);
  }
  return out;
}

/** The delimiter of a CSV file: the one of comma and semicolon that occurs most in its header line outside quotes. */
function delimiterOf(text: string): ',' | ';' {
  let commas = 0;
  let semis = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '\n') break;
    else if (!quoted && ch === ',') commas++;
    else if (!quoted && ch === ';') semis++;
  }
  return semis > commas ? ';' : ',';
}

/** One CSV file (UTF-8 with or without BOM; comma or semicolon) as one sheet named `sheet`. */
export function readCsv(bytes: Buffer, sheet: string, maxRows = 5000): SheetTable | null {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    throw new UnreadableFileError('Tệp CSV không phải mã UTF-8. Khi lưu từ Excel, hãy chọn "CSV UTF-8 (Comma delimited)".');
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let records: string[][];
  try {
    records = parseCsv(text, { delimiter: delimiterOf(text), relax_column_count: true, skip_empty_lines: false, relax_quotes: true }) as string[][];
  } catch (e) {
    throw new UnreadableFileError(`Không đọc được tệp CSV: ${(e as Error).message}`);
  }
  if (records.length > maxRows + 1) throw new UnreadableFileError(`Tệp "${sheet}" có quá ${maxRows.toLocaleString('vi-VN')} dòng.`);
  return tidy(
    sheet,
    records.map((cells, i) => ({ row: i + 1, cells: cells.map(normaliseText) })),
  );
}

/** Column letters as Excel shows them: 1 → A, 27 → AA. */
export function columnLetter(index1: number): string {
  let n = index1;
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/**
 * Maps a sheet's header onto the expected columns (compared by nameKey, a trailing "*" ignored), so
 * that a user may reorder columns. Returns the index of each expected column (−1 when missing).
 */
export function mapColumns<K extends string>(header: string[], expected: Record<K, string>): Record<K, number> {
  const keys = header.map((h) => nameKey(h.replace(/\s*\*\s*$/, '')));
  const out = {} as Record<K, number>;
  for (const [k, label] of Object.entries(expected) as [K, string][]) out[k] = keys.indexOf(nameKey(label.replace(/\s*\*\s*$/, '')));
  return out;
}
