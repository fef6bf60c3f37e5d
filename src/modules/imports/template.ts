// The template workbook a board downloads, fills and uploads: an instructions sheet (with one sample
// row per data sheet, so the data sheets hold nothing but their header and import as they are) and
// the three data sheets with bold frozen headers, widths and drop-down lists.
import ExcelJS from 'exceljs';
import { AGENCY_KIND_CHOICES, BLOC_KIND_CHOICES, GUIDE_SHEET, MAX_MEMBERS, MIN_MEMBERS, ROLE_CHOICES, SPECS, plainLabel, type SheetKind } from './organisation';
import { MAX_IMPORT_ROWS, MAX_IMPORT_MB } from './schemas';

const FONT = 'Times New Roman';
const HEAD_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };

/** Width (characters) of each column, and what the instructions say about it. */
const COLUMN_NOTES: Record<SheetKind, Record<string, { width: number; note: string }>> = {
  agencies: {
    name: { width: 48, note: 'Tên đầy đủ hiện nay của cơ quan, đơn vị. Đơn vị đã có trong Cổng được nhận ra theo tên (không phân biệt chữ hoa, chữ thường).' },
    shortName: { width: 22, note: 'Không bắt buộc. Tối đa 60 ký tự.' },
    kind: { width: 22, note: `Chọn trong danh sách: ${AGENCY_KIND_CHOICES.join(', ')}. Để trống: "Khác" (đơn vị mới) hoặc giữ nguyên (đơn vị đã có).` },
    parentBody: { width: 30, note: 'Ví dụ: Bộ Tài chính. Không bắt buộc.' },
    area: { width: 24, note: 'Địa bàn phụ trách, ví dụ: Tây Ninh, Long An (cơ quan khu vực). Không bắt buộc.' },
    validFrom: { width: 14, note: 'Ngày bắt đầu hoạt động, dạng ngày/tháng/năm (01/07/2025). Chỉ dùng cho đơn vị mới; để trống: ngày 01/01 của năm đầu tiên đơn vị có trong trang Khối thi đua.' },
  },
  blocs: {
    bloc: { width: 48, note: 'Tên khối (cụm) thi đua. Mỗi dòng là một đơn vị thành viên của khối trong một năm; các dòng cùng tên khối là một khối.' },
    kind: { width: 12, note: 'Khối hoặc Cụm. Để trống: Khối.' },
    decision: { width: 36, note: 'Số, ngày quyết định thành lập hoặc kiện toàn của UBND tỉnh. Không bắt buộc.' },
    year: { width: 8, note: 'Năm thi đua, 4 chữ số (ví dụ 2026).' },
    member: { width: 48, note: `Tên đơn vị thành viên, đúng như trong trang Cơ quan, đơn vị hoặc trong Cổng. Mỗi khối, mỗi năm có từ ${MIN_MEMBERS} đến ${MAX_MEMBERS} đơn vị, không đơn vị nào lặp lại.` },
    role: { width: 14, note: 'Khối trưởng hoặc Khối phó (Cụm trưởng, Cụm phó); để trống cho các thành viên khác. Mỗi năm đúng một Khối trưởng và một Khối phó.' },
    rotation: { width: 12, note: 'Thứ tự luân phiên làm Khối trưởng: số từ 1 đến số đơn vị, không trùng. Không bắt buộc.' },
  },
  officers: {
    username: { width: 22, note: 'Chữ thường không dấu, số, dấu chấm, gạch dưới, gạch ngang; từ 3 đến 50 ký tự (ví dụ: thue.tayninh).' },
    fullName: { width: 28, note: 'Họ và tên cán bộ phụ trách thi đua của đơn vị.' },
    jobTitle: { width: 24, note: 'Không bắt buộc.' },
    email: { width: 28, note: 'Không bắt buộc.' },
    agency: { width: 48, note: 'Tên đơn vị của cán bộ (trong trang Cơ quan, đơn vị hoặc đã có trong Cổng).' },
  },
};

/** One sample row per data sheet, shown on the instructions sheet only. */
const SAMPLES: Record<SheetKind, string[][]> = {
  agencies: [['Sở Tư pháp tỉnh Tây Ninh', 'STP Tây Ninh', 'Khác', 'UBND tỉnh Tây Ninh', 'Tây Ninh', '01/07/2025']],
  blocs: [['Khối thi đua các cơ quan Nội chính tỉnh Tây Ninh', 'Khối', 'Quyết định số 123/QĐ-UBND ngày 15/01/2026', '2026', 'Sở Tư pháp tỉnh Tây Ninh', 'Khối trưởng', '1']],
  officers: [['stp.tayninh', 'Nguyễn Văn An', 'Chánh Văn phòng', 'an.nv@tayninh.gov.vn', 'Sở Tư pháp tỉnh Tây Ninh']],
};

const LIST_ROWS = MAX_IMPORT_ROWS + 1;

function headerRow(ws: ExcelJS.Worksheet, rowNumber: number, labels: string[]): void {
  const row = ws.getRow(rowNumber);
  labels.forEach((label, i) => {
    const c = row.getCell(i + 1);
    c.value = label;
    c.font = { name: FONT, bold: true, size: 11 };
    c.fill = HEAD_FILL;
    c.alignment = { vertical: 'middle', wrapText: true };
    c.border = { bottom: { style: 'thin', color: { argb: 'FF000000' } } };
  });
  row.height = 30;
}

function dataSheet(wb: ExcelJS.Workbook, kind: SheetKind): void {
  const spec = SPECS[kind];
  const keys = Object.keys(spec.columns) as string[];
  const ws = wb.addWorksheet(spec.name, { views: [{ state: 'frozen', ySplit: 1 }] });
  // column styles first: setting them later would restyle the header cells too
  keys.forEach((k, i) => {
    const col = ws.getColumn(i + 1);
    col.width = COLUMN_NOTES[kind][k]?.width ?? 20;
    col.font = { name: FONT, size: 11 };
    // dates and names stay text as typed (an English-locale Excel would read 01/02 as 2 January)
    col.numFmt = '@';
  });
  headerRow(ws, 1, keys.map((k) => (spec.columns as Record<string, string>)[k]));
  const list = (key: string, values: string[], prompt: string) => {
    const i = keys.indexOf(key);
    if (i < 0) return;
    const letter = ws.getColumn(i + 1).letter;
    // exceljs 4.4 writes range validations but does not declare `dataValidations` in its types
    (ws as unknown as { dataValidations: { add(address: string, v: ExcelJS.DataValidation): void } }).dataValidations.add(`${letter}2:${letter}${LIST_ROWS}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`"${values.join(',')}"`],
      showErrorMessage: true,
      errorTitle: 'Giá trị không hợp lệ',
      error: prompt,
    });
  };
  if (kind === 'agencies') list('kind', AGENCY_KIND_CHOICES, 'Chọn loại cơ quan trong danh sách.');
  if (kind === 'blocs') {
    list('kind', BLOC_KIND_CHOICES, 'Chọn Khối hoặc Cụm.');
    list('role', ROLE_CHOICES, 'Chọn Khối trưởng, Khối phó hoặc để trống.');
  }
}

function guideSheet(wb: ExcelJS.Workbook): void {
  const ws = wb.addWorksheet(GUIDE_SHEET);
  ws.getColumn(1).width = 28;
  for (let c = 2; c <= 7; c++) ws.getColumn(c).width = 30;
  let r = 1;
  const line = (text: string, opts: { bold?: boolean; size?: number } = {}) => {
    const cell = ws.getCell(r, 1);
    cell.value = text;
    cell.font = { name: FONT, size: opts.size ?? 11, bold: opts.bold ?? false };
    r++;
  };
  line('HƯỚNG DẪN NHẬP TỔ CHỨC KHỐI THI ĐUA CỦA TỈNH', { bold: true, size: 14 });
  line('Điền các trang "Cơ quan, đơn vị", "Khối thi đua", "Cán bộ" (có thể bỏ trống trang không cần), rồi tải tệp lên trang Nhập dữ liệu của Cổng.');
  line('Cổng kiểm tra từng dòng và cho xem trước; chỉ khi không còn lỗi, Ban TĐKT bấm "Xác nhận nhập" thì dữ liệu mới được ghi (ghi tất cả hoặc không ghi gì).');
  line('Nhập lại cùng một tệp không tạo thêm gì: đơn vị, khối nhận ra theo tên hiện tại, năm thi đua theo khối và năm, cán bộ theo tên đăng nhập.');
  line('Ô không bắt buộc để trống thì giữ nguyên giá trị đang có trong Cổng. Cột có dấu * là bắt buộc. Ngày ghi dạng ngày/tháng/năm, ví dụ 01/07/2025.');
  line('Các trang dữ liệu chỉ có hàng tiêu đề: ví dụ ở cuối trang này, trang Hướng dẫn không được nhập. Không đổi tên cột; được đổi thứ tự cột.');
  line(`Giới hạn: tệp tối đa ${MAX_IMPORT_MB} MB, mỗi trang tối đa ${MAX_IMPORT_ROWS.toLocaleString('vi-VN')} dòng.`);
  line('Dùng CSV thay cho Excel: lưu mỗi trang thành một tệp CSV UTF-8 (có hoặc không có BOM, phân cách bằng dấu phẩy hoặc dấu chấm phẩy), giữ nguyên hàng tiêu đề; tải lên cùng lúc một hoặc nhiều tệp. Cổng nhận ra mỗi tệp theo hàng tiêu đề.');
  line('Tài khoản cán bộ mới được cấp mật khẩu một lần, chỉ hiển thị một lần sau khi nhập (có nút tải về để trao cho cán bộ); cán bộ phải đổi mật khẩu khi đăng nhập lần đầu.');
  r++;
  for (const kind of ['agencies', 'blocs', 'officers'] as SheetKind[]) {
    const spec = SPECS[kind];
    line(`Trang "${spec.name}"`, { bold: true, size: 12 });
    for (const [key, label] of Object.entries(spec.columns) as [string, string][]) {
      const note = COLUMN_NOTES[kind][key]?.note ?? '';
      ws.getCell(r, 1).value = label;
      ws.getCell(r, 1).font = { name: FONT, bold: true, size: 11 };
      ws.mergeCells(r, 2, r, 7);
      ws.getCell(r, 2).value = note;
      ws.getCell(r, 2).font = { name: FONT, size: 11 };
      ws.getCell(r, 2).alignment = { wrapText: true, vertical: 'top' };
      ws.getRow(r).height = note.length > 90 ? 30 : 15;
      r++;
    }
    r++;
  }
  line('Ví dụ (không được nhập)', { bold: true, size: 12 });
  for (const kind of ['agencies', 'blocs', 'officers'] as SheetKind[]) {
    const spec = SPECS[kind];
    line(`Trang "${spec.name}":`, { bold: true });
    headerRow(ws, r, Object.values(spec.columns).map((l) => plainLabel(l)));
    r++;
    for (const sample of SAMPLES[kind]) {
      sample.forEach((v, i) => {
        const c = ws.getCell(r, i + 1);
        c.value = v;
        c.font = { name: FONT, italic: true, size: 11 };
      });
      r++;
    }
    r++;
  }
}

/** GET /imports/template.xlsx */
export async function organisationTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Cổng thông tin khối thi đua';
  guideSheet(wb);
  for (const kind of ['agencies', 'blocs', 'officers'] as SheetKind[]) dataSheet(wb, kind);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
