// Reading the score workbooks back in tests: cells by row, a small evaluator for the formulas the
// workbooks write (SUM, ROUND, + and − of cells and ranges), and a cell's raw style in the XML.
import ExcelJS from 'exceljs';
import JSZip from 'jszip';

export async function loadXlsx(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb;
}

/** The row's values from column A to the sheet's last column; a merged cell counts at its master only. */
export function rowOf(ws: ExcelJS.Worksheet, r: number): ExcelJS.CellValue[] {
  return Array.from({ length: ws.columnCount }, (_, i) => {
    const cell = ws.getCell(r, i + 1);
    return cell.isMerged && cell.master.address !== cell.address ? null : cell.value;
  });
}

function colNumber(letters: string): number {
  return [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
}

function colLetters(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** The value of a cell, recomputing its formula from the cells it names (not trusting the cached result). */
export function evaluate(ws: ExcelJS.Worksheet, address: string, depth = 0): number {
  if (depth > 50) throw new Error(`formula loop at ${address}`);
  const v = ws.getCell(address).value;
  if (v === null || v === undefined || v === '') return 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'object' && 'formula' in v && typeof v.formula === 'string') return evalFormula(ws, v.formula, depth + 1);
  throw new Error(`${address} is not a number: ${JSON.stringify(v)}`);
}

function evalFormula(ws: ExcelJS.Worksheet, formula: string, depth: number): number {
  const tokens = formula.match(/[A-Z]+\d+:[A-Z]+\d+|[A-Z]+\d+|[A-Z]+(?=\()|\d+(?:\.\d+)?|[-+(),]/g) ?? [];
  if (tokens.join('') !== formula.replace(/\s+/g, '')) throw new Error(`unsupported formula ${formula}`);
  let i = 0;
  const peek = () => tokens[i];
  const take = (t?: string) => {
    const x = tokens[i++];
    if (t !== undefined && x !== t) throw new Error(`expected ${t} in ${formula}`);
    return x;
  };
  const range = (t: string): number[] => {
    const [a, b] = t.split(':');
    const [, ca, ra] = /^([A-Z]+)(\d+)$/.exec(a)!;
    const [, cb, rb] = /^([A-Z]+)(\d+)$/.exec(b)!;
    const out: number[] = [];
    for (let r = Number(ra); r <= Number(rb); r++) for (let c = colNumber(ca); c <= colNumber(cb); c++) out.push(evaluate(ws, `${colLetters(c)}${r}`, depth));
    return out;
  };
  const args = (): number[][] => {
    take('(');
    const out: number[][] = [];
    while (peek() !== ')') {
      const t = peek();
      if (/^[A-Z]+\d+:[A-Z]+\d+$/.test(t)) out.push(range(take()));
      else out.push([expr()]);
      if (peek() === ',') take(',');
    }
    take(')');
    return out;
  };
  const term = (): number => {
    const t = take();
    if (t === '(') {
      const v = expr();
      take(')');
      return v;
    }
    if (t === '-') return -term();
    if (/^\d/.test(t)) return Number(t);
    if (t === 'SUM') return args().flat().reduce((s, x) => s + x, 0);
    if (t === 'ROUND') {
      const [[x], [n]] = args();
      return Math.round(x * 10 ** n) / 10 ** n;
    }
    if (/^[A-Z]+\d+$/.test(t)) return evaluate(ws, t, depth);
    throw new Error(`unsupported token ${t} in ${formula}`);
  };
  const expr = (): number => {
    let v = term();
    while (peek() === '+' || peek() === '-') v = take() === '+' ? v + term() : v - term();
    return v;
  };
  const v = expr();
  if (i !== tokens.length) throw new Error(`trailing tokens in ${formula}`);
  return v;
}

export type RawCell = { s: number; t: string | null; f: string | null; v: string | null };

/** The cells of a sheet as written in the XML: style index, type, formula and cached value. */
export async function rawSheet(buf: Buffer, sheetPath: string): Promise<Map<string, RawCell>> {
  const xml = await (await JSZip.loadAsync(buf)).file(sheetPath)!.async('string');
  const cells = new Map<string, RawCell>();
  for (const m of xml.matchAll(/<c r="([A-Z]+\d+)"([^>]*?)(?:\/>|>(.*?)<\/c>)/gs)) {
    const inner = m[3] ?? '';
    cells.set(m[1], {
      s: Number(/\bs="(\d+)"/.exec(m[2])?.[1] ?? 0),
      t: /\bt="(\w+)"/.exec(m[2])?.[1] ?? null,
      f: /<f[^>]*>(.*?)<\/f>/s.exec(inner)?.[1] ?? null,
      v: /<v>(.*?)<\/v>/s.exec(inner)?.[1] ?? null,
    });
  }
  return cells;
}

/**
 * The cached result of a formula cell as a spreadsheet reads it. (exceljs reads a cached 0 back as
 * no result at all, so this goes to the XML.)
 */
export async function cachedResult(buf: Buffer, sheetPath: string, address: string): Promise<number> {
  const c = (await rawSheet(buf, sheetPath)).get(address);
  if (!c?.f || c.v === null) throw new Error(`${address} has no formula with a cached value`);
  return Number(c.v);
}

/** A cell's XML type (t="s" = shared string) and the <xf> of its style in styles.xml. */
export async function styleOf(buf: Buffer, sheetPath: string, address: string): Promise<{ cellType: string | null; xf: string }> {
  const cell = (await rawSheet(buf, sheetPath)).get(address);
  if (!cell) throw new Error(`no cell ${address} in ${sheetPath}`);
  const styles = await (await JSZip.loadAsync(buf)).file('xl/styles.xml')!.async('string');
  const xfs = /<cellXfs[^>]*>(.*?)<\/cellXfs>/s.exec(styles)![1].match(/<xf\b[^>]*?(?:\/>|>.*?<\/xf>)/gs) ?? [];
  return { cellType: cell.t, xf: xfs[cell.s] };
}
