// The "Căn cứ" lines by the document's date: a document cites the texts in force on its own day.
import { describe, expect, it } from 'vitest';
import { AWARD_LEGAL_ORDER, awardRank, basisFor, dayOf, nationalTextsOn, textNumbers } from '../../src/domain/legal-basis';

// A province's own list, as a board types it: the national texts of today and its own regulation.
const PROVINCE = 'Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định 152/2025/NĐ-CP; Quyết định số 12/2019/QĐ-UBND ngày 10/5/2019 của UBND tỉnh ban hành Quy chế tổ chức và hoạt động của các khối thi đua';
const at = (iso: string) => new Date(iso);

describe('căn cứ by the document date', () => {
  it('2019: the 2003 law with its 2005 and 2013 amendments and Nghị định 91/2017, nothing later', () => {
    const lines = basisFor(at('2019-11-15T03:00:00Z'), [PROVINCE]);
    expect(lines[0]).toBe(
      'Căn cứ Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003; Luật sửa đổi, bổ sung một số điều của Luật Thi đua, Khen thưởng ngày 14 tháng 6 năm 2005 và ngày 16 tháng 11 năm 2013;',
    );
    expect(lines[1]).toMatch(/^Căn cứ Nghị định số 91\/2017\/NĐ-CP ngày 31 tháng 7 năm 2017/);
    expect(lines[2]).toMatch(/^Căn cứ Quyết định số 12\/2019\/QĐ-UBND/);
    expect(lines).toHaveLength(3);
    const all = lines.join('\n');
    for (const later of ['06/2022/QH15', '98/2023', '152/2025']) expect(all).not.toContain(later);
  });

  it('2022: still the old law and Nghị định 91/2017 (the 2022 law is in force from 1/1/2024)', () => {
    const all = basisFor(at('2022-12-20T03:00:00Z'), [PROVINCE]).join('\n');
    expect(all).toContain('Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003');
    expect(all).toContain('91/2017/NĐ-CP');
    expect(all).not.toContain('06/2022/QH15');
    expect(all).not.toContain('152/2025/NĐ-CP');
    expect(all).not.toContain('98/2023/NĐ-CP');
  });

  it('2024 and the first half of 2025: Luật 06/2022/QH15 and Nghị định 98/2023', () => {
    for (const d of ['2024-01-01T00:30:00+07:00', '2025-06-30T16:00:00+07:00']) {
      const lines = basisFor(at(d), []);
      expect(lines, d).toEqual([
        'Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022;',
        'Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng;',
      ]);
    }
  });

  it('2025 from 1/7: Luật 06/2022/QH15 and Nghị định 152/2025, each once even when the province lists them too', () => {
    const lines = basisFor(at('2025-12-18T03:00:00Z'), [PROVINCE, 'Nghị định 152/2025/NĐ-CP; Kế hoạch thi đua năm 2025 của tỉnh']);
    expect(lines[0]).toBe('Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022;');
    expect(lines[1]).toMatch(/^Căn cứ Nghị định số 152\/2025\/NĐ-CP ngày 14 tháng 6 năm 2025/);
    expect(lines.filter((l) => l.includes('152/2025'))).toHaveLength(1);
    expect(lines.filter((l) => l.includes('06/2022/QH15'))).toHaveLength(1);
    expect(lines).toContain('Căn cứ Kế hoạch thi đua năm 2025 của tỉnh;');
    expect(lines.join('\n')).not.toContain('98/2023');
  });

  it('the day is Vietnam’s: 31/12/2023 17:30 UTC is already 1/1/2024 in Hà Nội', () => {
    expect(dayOf(at('2023-12-31T17:30:00Z'))).toBe('2024-01-01');
    expect(nationalTextsOn(at('2023-12-31T17:30:00Z')).map((t) => t.numbers[0])).toEqual(['06/2022/QH15', '98/2023/NĐ-CP']);
    expect(nationalTextsOn(at('2023-12-31T16:30:00Z')).map((t) => t.numbers[0])).toEqual(['15/2003/QH11', '91/2017/NĐ-CP']);
  });

  it('before 1/10/2017 the decree is 42/2010, before 1/6/2014 the law has no 2013 amendment', () => {
    expect(nationalTextsOn(at('2017-09-30T03:00:00Z')).map((t) => t.numbers.at(-1))).toEqual(['39/2013/QH13', '42/2010/NĐ-CP']);
    expect(nationalTextsOn(at('2013-12-01T03:00:00Z')).map((t) => t.numbers.at(-1))).toEqual(['47/2005/QH11', '42/2010/NĐ-CP']);
  });

  it('a province text numbered after the document year is not cited by it', () => {
    const lines = basisFor(at('2020-12-01T03:00:00Z'), ['Quyết định số 05/2023/QĐ-UBND về quy chế khối thi đua', 'Quyết định số 12/2019/QĐ-UBND']);
    expect(lines.join('\n')).not.toContain('05/2023');
    expect(lines).toContain('Căn cứ Quyết định số 12/2019/QĐ-UBND;');
  });

  it('reads text numbers', () => {
    expect(textNumbers('Nghị định 152/2025/NĐ-CP và Quyết định 12/2019/QĐ-UBND, Luật 06/2022/QH15')).toEqual(['152/2025/NĐ-CP', '12/2019/QĐ-UBND', '06/2022/QH15']);
  });
});

describe('awards in their legal order', () => {
  it('flags (Government, province), then Bằng khen, then the titles; unknown kinds last', () => {
    expect(AWARD_LEGAL_ORDER).toEqual(['CO_CHINH_PHU', 'CO_TINH', 'BANG_KHEN_TINH', 'TTLDXS', 'TTLDTT']);
    // the codes sort "BANG_KHEN_TINH" before "CO_TINH": the legal order does not
    const kinds = ['TTLDTT', 'BANG_KHEN_TINH', 'OTHER', 'CO_TINH', 'TTLDXS', 'CO_CHINH_PHU'];
    expect([...kinds].sort((a, b) => awardRank(a) - awardRank(b))).toEqual(['CO_CHINH_PHU', 'CO_TINH', 'BANG_KHEN_TINH', 'TTLDXS', 'TTLDTT', 'OTHER']);
  });
});
