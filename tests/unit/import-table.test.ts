// Reading what boards hold: CSV in its usual variants (BOM or not, comma or semicolon, quoted
// cells), workbooks with the row numbers Excel shows, names compared after NFC normalisation.
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { columnLetter, mapColumns, nameKey, normaliseText, readCsv, readWorkbook, UnreadableFileError } from '../../src/modules/imports/table';

const utf8 = (s: string) => Buffer.from(s, 'utf8');
const BOM = '\ufeff';

describe('readCsv', () => {
  const expected = { header: ['Tên khối', 'Năm', 'Đơn vị thành viên'], first: ['Khối Nội chính', '2026', 'Sở Tư pháp tỉnh Tây Ninh'] };

  it('reads a comma file without BOM, numbering rows as a spreadsheet does', () => {
    const t = readCsv(utf8('Tên khối,Năm,Đơn vị thành viên\nKhối Nội chính,2026,Sở Tư pháp tỉnh Tây Ninh\n'), 'khoi.csv')!;
    expect(t.sheet).toBe('khoi.csv');
    expect(t.header).toEqual(expected.header);
    expect(t.rows).toEqual([{ row: 2, cells: expected.first }]);
  });

  it('reads a semicolon file with BOM and CRLF line ends (Excel "CSV UTF-8" in a Vietnamese locale)', () => {
    const t = readCsv(utf8(`${BOM}Tên khối;Năm;Đơn vị thành viên\r\nKhối Nội chính;2026;Sở Tư pháp tỉnh Tây Ninh\r\n`), 'khoi.csv')!;
    expect(t.header).toEqual(expected.header); // no BOM glued to the first header
    expect(t.rows).toEqual([{ row: 2, cells: expected.first }]);
  });

  it('keeps the other delimiter inside quoted cells, and quotes inside quotes', () => {
    const semi = readCsv(utf8(`${BOM}Tên;Ghi chú\r\n"Cục Thuế; Tây Ninh";"Quyết định số 1, ""mới"""\r\n`), 'a.csv')!;
    expect(semi.rows[0].cells).toEqual(['Cục Thuế; Tây Ninh', 'Quyết định số 1, "mới"']);
    const comma = readCsv(utf8('Tên,Ghi chú\n"Kho bạc, Tây Ninh","a;b"\n'), 'b.csv')!;
    expect(comma.rows[0].cells).toEqual(['Kho bạc, Tây Ninh', 'a;b']);
  });

  it('leaves out empty lines but keeps the row numbers of the lines after them', () => {
    const t = readCsv(utf8('A,B\n1,2\n\n,\n3,4\n'), 'x.csv')!;
    expect(t.rows.map((r) => r.row)).toEqual([2, 5]);
  });

  it('refuses a file that is not UTF-8 (Windows-1258 from an old Excel)', () => {
    const latin = Buffer.from([0x54, 0xea, 0x6e, 0x0a]); // "Tên" in a one-byte code page
    expect(() => readCsv(latin, 'x.csv')).toThrow(UnreadableFileError);
  });

  it('refuses more rows than the limit', () => {
    const text = 'A\n' + Array.from({ length: 11 }, (_, i) => String(i)).join('\n');
    expect(() => readCsv(utf8(text), 'x.csv', 10)).toThrow(UnreadableFileError);
    expect(readCsv(utf8(text), 'x.csv', 11)?.rows).toHaveLength(11);
  });
});

describe('readWorkbook', () => {
  it('gives each row the number Excel shows, skipping empty rows and empty sheets; dates as dd/mm/yyyy', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Cơ quan, đơn vị');
    ws.getRow(1).values = ['Tên cơ quan, đơn vị*', 'Hiệu lực từ', 'Năm'];
    ws.getRow(2).values = ['Cục Thuế tỉnh Tây Ninh', new Date(Date.UTC(2025, 6, 1)), 2026];
    // row 3 left empty
    ws.getRow(4).values = ['  Kho bạc   Nhà nước  ', '01/01/2015', { formula: '2000+26', result: 2026 }];
    wb.addWorksheet('Trống');
    const sheets = await readWorkbook(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(sheets.map((s) => s.sheet)).toEqual(['Cơ quan, đơn vị']);
    expect(sheets[0].header).toEqual(['Tên cơ quan, đơn vị*', 'Hiệu lực từ', 'Năm']);
    expect(sheets[0].rows).toEqual([
      { row: 2, cells: ['Cục Thuế tỉnh Tây Ninh', '01/07/2025', '2026'] },
      { row: 4, cells: ['Kho bạc Nhà nước', '01/01/2015', '2026'] },
    ]);
  });

  it('refuses bytes that are not a workbook', async () => {
    await expect(readWorkbook(utf8('%PDF-1.4 not a workbook'))).rejects.toThrow(UnreadableFileError);
  });
});

describe('names and columns', () => {
  it('a decomposed (NFD) name equals its composed (NFC) form by nameKey, whatever the case and spacing', () => {
    const nfd = 'Cu\u0323c Thue\u0302\u0301 ti\u0309nh Ta\u0302y Ninh';
    expect(nfd).not.toBe('Cục Thuế tỉnh Tây Ninh');
    expect(nameKey(nfd)).toBe(nameKey('Cục Thuế tỉnh Tây Ninh'));
    expect(nameKey('  CỤC   THUẾ TỈNH TÂY NINH ')).toBe(nameKey('Cục Thuế tỉnh Tây Ninh'));
    expect(nameKey('Cục Thuế tỉnh Tây Ninh')).not.toBe(nameKey('Cục Thuê tỉnh Tây Ninh'));
    expect(normaliseText('a\u00a0\u00a0b')).toBe('a b');
  });

  it('columnLetter names columns as Excel does', () => {
    expect([1, 2, 26, 27, 28, 52, 53, 702, 703].map(columnLetter)).toEqual(['A', 'B', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA']);
  });

  it('mapColumns finds reordered columns with or without their star, and -1 for a missing one', () => {
    const idx = mapColumns(['Năm', 'tên khối', 'Vai trò*'], { bloc: 'Tên khối*', year: 'Năm*', role: 'Vai trò', member: 'Đơn vị thành viên*' });
    expect(idx).toEqual({ bloc: 1, year: 0, role: 2, member: -1 });
  });
});
