// The workbook users fill in to import a criteria table: an instructions sheet, the "Bảng tiêu chí"
// sheet (headers, frozen header row, widths, drop-down lists for the closed columns) and either a few
// sample rows forming a valid small table or a stored table's own rows, to edit and import again.
import ExcelJS from 'exceljs';
import type { CriterionKind } from '../../domain/enums';
import { CRITERION_KIND_LABELS, STEPS } from '../setup/schemas';
import { MAX_CRITERIA_PER_TABLE } from '../setup/criteria';
import { CORE_NO, CORE_YES, CRITERIA_COLUMNS, CRITERIA_SHEET, STEP_TEXT } from './criteria';

export type TemplateRow = {
  groupCode: string;
  groupName: string;
  isCoreTask: boolean;
  code: string;
  name: string;
  kind: CriterionKind;
  maxCenti: number;
  stepCenti: number;
  guidance: string;
};

const LISTS_SHEET = 'Danh mục';
const FONT = 'Times New Roman';
const WIDTHS: Record<keyof typeof CRITERIA_COLUMNS, number> = { groupCode: 10, groupName: 34, core: 14, code: 12, name: 60, kind: 14, max: 12, step: 11, guidance: 60 };

/** A small valid table on a base of 100: four groups, bonus and deduction items, half and quarter points. */
export function sampleRows(): TemplateRow[] {
  const g1 = { groupCode: 'I', groupName: 'Thực hiện nhiệm vụ chính trị, chuyên môn được giao', isCoreTask: true };
  const g2 = { groupCode: 'II', groupName: 'Công tác xây dựng Đảng, đoàn thể', isCoreTask: false };
  const g3 = { groupCode: 'III', groupName: 'Công tác thi đua, khen thưởng của khối', isCoreTask: false };
  const g4 = { groupCode: 'IV', groupName: 'Điểm thưởng, điểm trừ', isCoreTask: false };
  return [
    { ...g1, code: '1.1', name: 'Hoàn thành các chỉ tiêu, nhiệm vụ chuyên môn được giao trong năm', kind: 'NORMAL', maxCenti: 4000, stepCenti: 50, guidance: 'Hoàn thành 100% chỉ tiêu: 40 điểm; mỗi chỉ tiêu không đạt trừ 5 điểm.' },
    { ...g1, code: '1.2', name: 'Cải cách hành chính, chuyển đổi số', kind: 'NORMAL', maxCenti: 2250, stepCenti: 25, guidance: 'Tỷ lệ hồ sơ giải quyết đúng hạn từ 98% trở lên: 22,5 điểm.' },
    { ...g2, code: '2.1', name: 'Tổ chức cơ sở đảng được xếp loại hoàn thành tốt nhiệm vụ trở lên', kind: 'NORMAL', maxCenti: 1500, stepCenti: 50, guidance: 'Hoàn thành xuất sắc: 15 điểm; hoàn thành tốt: 10 điểm.' },
    { ...g2, code: '2.2', name: 'Công đoàn, Đoàn Thanh niên hoạt động hiệu quả', kind: 'NORMAL', maxCenti: 1250, stepCenti: 50, guidance: '' },
    { ...g3, code: '3.1', name: 'Đăng ký thi đua, ký giao ước thi đua đúng thời hạn', kind: 'NORMAL', maxCenti: 1000, stepCenti: 100, guidance: 'Đúng hạn: 10 điểm; chậm: 0 điểm.' },
    { ...g4, code: 'T1', name: 'Đơn vị được tặng Cờ thi đua của Chính phủ trong năm', kind: 'BONUS', maxCenti: 500, stepCenti: 100, guidance: 'Cộng 5 điểm khi có quyết định tặng Cờ thi đua của Chính phủ.' },
    { ...g4, code: 'D1', name: 'Nộp báo cáo chậm so với quy định', kind: 'DEDUCTION', maxCenti: 200, stepCenti: 100, guidance: 'Trừ 1 điểm cho mỗi báo cáo nộp chậm, tối đa 2 điểm.' },
  ];
}

function instructions(ws: ExcelJS.Worksheet, title: string, baseTotal: number): void {
  ws.getColumn(1).width = 110;
  const lines: [string, boolean?][] = [
    [title, true],
    [''],
    ['Cách điền', true],
    [`1. Điền trang tính "${CRITERIA_SHEET}": mỗi dòng là một tiêu chí, một điểm thưởng hoặc một điểm trừ. Không đổi tên trang tính và dòng tiêu đề.`],
    ['2. Cột có dấu * là bắt buộc. Các dòng cùng một nhóm ghi cùng mã nhóm, cùng tên nhóm và cùng giá trị "Nhiệm vụ trọng tâm".'],
    [`3. Nhiệm vụ trọng tâm: "${CORE_YES}" hoặc "${CORE_NO}" (để trống là "${CORE_NO}"); dùng khi xếp hạng bằng điểm.`],
    [`4. Loại: "${CRITERION_KIND_LABELS.NORMAL}", "${CRITERION_KIND_LABELS.BONUS}" hoặc "${CRITERION_KIND_LABELS.DEDUCTION}" (để trống là "${CRITERION_KIND_LABELS.NORMAL}"). Điểm trừ cũng ghi số dương.`],
    ['5. Điểm tối đa: số lớn hơn 0, tối đa 1.000, tối đa hai chữ số thập phân, dùng dấu phẩy thập phân (ví dụ 10 hoặc 2,5) và là bội số của bước điểm.'],
    [`6. Bước điểm: ${STEPS.map((s) => STEP_TEXT[s]).join('; ')} (để trống là 0,5).`],
    [`7. Tổng điểm tối đa các dòng loại "${CRITERION_KIND_LABELS.NORMAL}" phải bằng thang điểm của tỉnh (${baseTotal.toLocaleString('vi-VN')} điểm nếu tỉnh chưa quy định khác). Tối đa ${MAX_CRITERIA_PER_TABLE} dòng.`],
    ['8. Có thể lưu thành CSV UTF-8 (dấu phẩy hoặc dấu chấm phẩy) với cùng dòng tiêu đề.'],
    ['9. Sau khi tải lên, cổng kiểm tra từng dòng và hiển thị bản xem trước; chưa có gì được ghi cho đến khi bạn xác nhận một bản xem trước không có lỗi.'],
  ];
  for (const [text, bold] of lines) {
    const row = ws.addRow([text]);
    row.getCell(1).font = { name: FONT, size: bold ? 13 : 11, bold: Boolean(bold) };
    row.getCell(1).alignment = { wrapText: true, vertical: 'top' };
  }
}

/** The workbook, as bytes. `rows` null: the sample rows. */
export async function criteriaWorkbook(opts: { title: string; rows: TemplateRow[] | null; baseTotal?: number }): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Cổng thông tin khối thi đua';
  instructions(wb.addWorksheet('Hướng dẫn'), opts.title, opts.baseTotal ?? 100);

  const ws = wb.addWorksheet(CRITERIA_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  const keys = Object.keys(CRITERIA_COLUMNS) as (keyof typeof CRITERIA_COLUMNS)[];
  ws.columns = keys.map((k) => ({ header: CRITERIA_COLUMNS[k], key: k, width: WIDTHS[k] }));
  const head = ws.getRow(1);
  head.font = { name: FONT, bold: true };
  head.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  head.eachCell((c) => {
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7E6E6' } };
  });

  const rows = opts.rows ?? sampleRows();
  for (const r of rows) {
    const row = ws.addRow({
      groupCode: r.groupCode,
      groupName: r.groupName,
      core: r.isCoreTask ? CORE_YES : CORE_NO,
      code: r.code,
      name: r.name,
      kind: CRITERION_KIND_LABELS[r.kind],
      max: r.maxCenti / 100, // a numeric cell: Excel shows it with the reader's decimal comma
      step: STEP_TEXT[r.stepCenti] ?? String(r.stepCenti / 100).replace('.', ','),
      guidance: r.guidance,
    });
    row.font = { name: FONT };
    row.alignment = { vertical: 'top', wrapText: true };
  }

  // Drop-down lists from a hidden sheet: "0,25" in an inline list would be split at its comma.
  const lists = wb.addWorksheet(LISTS_SHEET, { state: 'hidden' });
  lists.addRow(['Loại', 'Bước điểm', 'Nhiệm vụ trọng tâm']);
  const kinds = Object.values(CRITERION_KIND_LABELS);
  const steps = STEPS.map((s) => STEP_TEXT[s]);
  const yesNo = [CORE_YES, CORE_NO];
  for (let i = 0; i < Math.max(kinds.length, steps.length, yesNo.length); i++) lists.addRow([kinds[i] ?? null, steps[i] ?? null, yesNo[i] ?? null]);
  const range = (col: string, n: number) => `'${LISTS_SHEET}'!$${col}$2:$${col}$${n + 1}`;
  const col = (k: keyof typeof CRITERIA_COLUMNS) => keys.indexOf(k) + 1;
  for (let r = 2; r <= MAX_CRITERIA_PER_TABLE + 1; r++) {
    const list = (k: keyof typeof CRITERIA_COLUMNS, source: string, what: string) => {
      ws.getCell(r, col(k)).dataValidation = {
        type: 'list',
        allowBlank: true,
        formulae: [source],
        showErrorMessage: true,
        errorStyle: 'error',
        errorTitle: 'Giá trị không hợp lệ',
        error: `Vui lòng chọn ${what} trong danh sách.`,
      };
    };
    list('kind', range('A', kinds.length), 'loại');
    list('step', range('B', steps.length), 'bước điểm');
    list('core', range('C', yesNo.length), '"Có" hoặc "Không"');
    ws.getCell(r, col('max')).dataValidation = {
      type: 'decimal',
      operator: 'between',
      allowBlank: true,
      formulae: [0.01, 1000],
      showErrorMessage: true,
      errorTitle: 'Điểm tối đa không hợp lệ',
      error: 'Điểm tối đa là số lớn hơn 0 và không quá 1.000.',
    };
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
