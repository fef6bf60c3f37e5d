// The criteria import's pure rules: points as Vietnamese users type them, and the row and table
// checks, each error at its Excel row and column.
import { describe, expect, it } from 'vitest';
import { checkCriteriaSheet, parseImportPoints } from '../../src/modules/imports/criteria';
import { MAX_CRITERIA_PER_TABLE } from '../../src/modules/setup/criteria';
import type { SheetTable } from '../../src/modules/imports/table';

const HEADER = ['Mã nhóm*', 'Tên nhóm*', 'Nhiệm vụ trọng tâm', 'Mã tiêu chí*', 'Nội dung tiêu chí*', 'Loại', 'Điểm tối đa*', 'Bước điểm', 'Hướng dẫn chấm'];
const sheet = (rows: string[][], header = HEADER): SheetTable => ({ sheet: 'Bảng tiêu chí', header, rows: rows.map((cells, i) => ({ row: i + 2, cells })) });
const rule = { baseTotal: 100, baseLabel: 'của tỉnh năm 2026' };
const row = (code: string, max: string, extra: Partial<Record<'group' | 'name' | 'core' | 'kind' | 'step', string>> = {}) => [
  extra.group ?? 'I',
  extra.name ?? 'Nhiệm vụ chuyên môn',
  extra.core ?? '',
  code,
  `Tiêu chí ${code}`,
  extra.kind ?? '',
  max,
  extra.step ?? '',
  '',
];

describe('parseImportPoints', () => {
  it.each([
    ['10', 1000],
    ['2,5', 250],
    ['2.5', 250],
    ['0,25', 25],
    ['1.000', 100_000],
    ['1.000,5', 100_050],
    ['2,50', 250],
    [' 7,5 ', 750],
  ])('%s → %i hundredths', (text, centi) => expect(parseImportPoints(text)).toEqual({ centi }));

  it.each([
    ['2,333', 'decimals'],
    ['abc', 'format'],
    ['1,2,3', 'format'],
    ['-5', 'negative'],
    ['', 'format'],
  ])('%s → %s', (text, error) => expect(parseImportPoints(text)).toEqual({ error }));
});

describe('checkCriteriaSheet', () => {
  it('builds groups in the order met, criteria in file order, defaults for kind and step', () => {
    const { errors, table } = checkCriteriaSheet(sheet([row('1.1', '60', { core: 'Có' }), row('2.1', '40', { group: 'II', name: 'Đảng, đoàn thể' }), row('1.2', '5', { kind: 'Điểm cộng', step: '1' })]), rule);
    expect(errors).toEqual([]);
    expect(table.groups.map((g) => [g.code, g.isCoreTask, g.criteria.map((c) => `${c.code}:${c.kind}:${c.maxCenti}/${c.stepCenti}`)])).toEqual([
      ['I', true, ['1.1:NORMAL:6000/50', '1.2:BONUS:500/100']],
      ['II', false, ['2.1:NORMAL:4000/50']],
    ]);
  });

  it('reordered columns are read by their header; errors name the column letter of the file', () => {
    const header = ['Điểm tối đa', ...HEADER.filter((h) => h !== 'Điểm tối đa*')];
    const reorder = (r: string[]) => [r[6], ...r.filter((_, i) => i !== 6)];
    const ok = checkCriteriaSheet(sheet([reorder(row('1.1', '100'))], header), rule);
    expect(ok.errors).toEqual([]);
    const bad = checkCriteriaSheet(sheet([reorder(row('1.1', 'mười'))], header), rule);
    expect(bad.errors).toEqual([{ sheet: 'Bảng tiêu chí', row: 2, column: 'A', message: 'Điểm tối đa "mười" không phải là số (ví dụ 10 hoặc 2,5).' }]);
  });

  it('a missing required column is an error of the header, and nothing else is checked', () => {
    const { errors } = checkCriteriaSheet(sheet([row('1.1', '100')], HEADER.filter((h) => h !== 'Mã tiêu chí*')), rule);
    expect(errors).toEqual([{ sheet: 'Bảng tiêu chí', row: null, column: '', message: 'Thiếu cột "Mã tiêu chí" ở dòng tiêu đề. Vui lòng dùng tệp mẫu của cổng.' }]);
  });

  it('a group states its core flag once; a later row may leave it empty but not contradict it', () => {
    expect(checkCriteriaSheet(sheet([row('1.1', '50', { core: 'Có' }), row('1.2', '50')]), rule).table.groups[0].isCoreTask).toBe(true);
    const { errors } = checkCriteriaSheet(sheet([row('1.1', '50', { core: 'Có' }), row('1.2', '50', { core: 'Không' })]), rule);
    expect(errors).toEqual([expect.objectContaining({ row: 3, column: 'C' })]);
    expect(checkCriteriaSheet(sheet([row('1.1', '100', { core: 'có lẽ' })]), rule).errors[0]).toMatchObject({ row: 2, column: 'C' });
  });

  it('codes are unique whatever their case; a deduction is a positive number', () => {
    const dup = checkCriteriaSheet(sheet([row('T1', '50'), row('t1', '50')]), rule);
    expect(dup.errors).toEqual([expect.objectContaining({ row: 3, column: 'D', message: 'Mã tiêu chí "t1" trùng với dòng 2.' })]);
    const neg = checkCriteriaSheet(sheet([row('1.1', '100'), row('D1', '-2', { kind: 'Điểm trừ' })]), rule);
    expect(neg.errors[0]).toMatchObject({ row: 3, column: 'G', message: expect.stringContaining('số dương') });
  });

  it('at least one criterion to score, the sum equal to the base total, at most MAX_CRITERIA_PER_TABLE rows', () => {
    expect(checkCriteriaSheet(sheet([row('T1', '5', { kind: 'BONUS' })]), rule).errors[0].message).toContain('ít nhất một tiêu chí');
    expect(checkCriteriaSheet(sheet([row('1.1', '99,5')]), { baseTotal: 100, baseLabel: 'của tỉnh năm 2026' }).errors[0].message).toBe(
      'Tổng điểm tối đa các tiêu chí loại "Tiêu chí" là 99,5, chưa bằng thang điểm 100 của tỉnh năm 2026 (thiếu 0,5 điểm).',
    );
    expect(checkCriteriaSheet(sheet([row('1.1', '1.000')]), { baseTotal: 1000, baseLabel: '' }).errors).toEqual([]);
    const many = Array.from({ length: MAX_CRITERIA_PER_TABLE + 1 }, (_, i) => row(`1.${i + 1}`, '1'));
    const { errors } = checkCriteriaSheet(sheet(many), rule);
    expect(errors).toEqual([expect.objectContaining({ row: MAX_CRITERIA_PER_TABLE + 2, message: expect.stringContaining(`tối đa ${MAX_CRITERIA_PER_TABLE} tiêu chí`) })]);
  });
});
