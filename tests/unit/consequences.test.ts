// Consequences shown before they happen: the awards a fact rules out, from the province's rules.
import { describe, expect, it } from 'vitest';
import { DEFAULT_AWARD_RULES, isAfterDue } from '../../src/domain/awards';
import { consequencesOf, consequenceText, type YearRules } from '../../src/domain/consequences';

const rules = (over: Partial<YearRules['general']> = {}, awards: Partial<YearRules['awards']> = {}): YearRules => ({
  awards: { ...DEFAULT_AWARD_RULES, ...awards },
  general: { requireRegistration: true, requirePledge: true, ...over },
});
const due = new Date('2026-12-07T12:00:00Z');
const ALL = ['CO_TINH', 'CO_CHINH_PHU', 'BANG_KHEN_TINH', 'TTLDXS', 'TTLDTT'];

describe('consequencesOf', () => {
  it('a late registration rules out every award when the province requires registering on time', () => {
    const c = consequencesOf(rules(), { kind: 'LATE_REGISTRATION', due });
    expect(c.awards).toEqual(ALL);
    expect(c.reasons).toEqual(['Đăng ký thi đua không đúng hạn.']);
    expect(consequenceText(c)).toBe(
      'Gửi sau hạn 07/12/2026: đơn vị sẽ không đủ điều kiện Cờ thi đua của UBND tỉnh, Cờ thi đua của Chính phủ, Bằng khen của Chủ tịch UBND tỉnh, Tập thể lao động xuất sắc, Tập thể lao động tiên tiến theo quy định của tỉnh.',
    );
    expect(consequenceText(c, { sent: true })).toMatch(/^Đã gửi đăng ký sau hạn 07\/12\/2026: đơn vị không đủ điều kiện Cờ thi đua/);
  });

  it('nothing is ruled out when the board does not require registering on time', () => {
    const c = consequencesOf(rules({ requireRegistration: false }), { kind: 'LATE_REGISTRATION', due });
    expect(c.awards).toEqual([]);
    expect(consequenceText(c)).toContain('không loại đơn vị khỏi hình thức khen thưởng nào');
  });

  it('an unsigned pledge follows the pledge rule', () => {
    expect(consequencesOf(rules(), { kind: 'UNSIGNED_PLEDGE' }).awards).toEqual(ALL);
    expect(consequencesOf(rules(), { kind: 'UNSIGNED_PLEDGE' }).reasons).toEqual(['Chưa ký giao ước thi đua.']);
    expect(consequencesOf(rules({ requirePledge: false }), { kind: 'UNSIGNED_PLEDGE' }).awards).toEqual([]);
    expect(consequenceText(consequencesOf(rules(), { kind: 'UNSIGNED_PLEDGE' }))).toMatch(/^Chưa ký giao ước thi đua: nếu không ký trước hội nghị tổng kết, đơn vị sẽ không đủ điều kiện Cờ thi đua của UBND tỉnh/);
  });

  it('a flag rules out every award, named by its kind', () => {
    const c = consequencesOf(rules(), { kind: 'FLAG', flag: 'INSPECTION' });
    expect(c.awards).toEqual(ALL);
    expect(c.reasons).toEqual(['Đang thanh tra.']);
    expect(consequenceText(c)).toMatch(/^Đang thanh tra: nếu chưa kết thúc trước hội nghị tổng kết/);
  });

  it('a late score sheet rules out nothing: no rule of the province looks at it', () => {
    const c = consequencesOf(rules(), { kind: 'LATE_SHEET', due });
    expect(c.awards).toEqual([]);
    expect(consequenceText(c)).toMatch(/^Gửi sau hạn 07\/12\/2026: quy định của tỉnh không loại đơn vị/);
  });

  it('only the awards the fact itself rules out: other conditions of the rule do not leak in', () => {
    // a province whose Bằng khen needs no ballot, rank or aim still rules it out for a late registration
    const c = consequencesOf(rules({}, { BANG_KHEN_TINH: { ...DEFAULT_AWARD_RULES.BANG_KHEN_TINH, minBand: '', requireAim: false } }), { kind: 'LATE_REGISTRATION', due });
    expect(c.awards).toContain('BANG_KHEN_TINH');
    expect(c.reasons).toEqual(['Đăng ký thi đua không đúng hạn.']);
  });

  it('sent on the due day (Vietnam time) is on time: late starts the next day', () => {
    expect(isAfterDue(new Date('2026-12-07T16:59:59Z'), due)).toBe(false); // 23:59:59 in Vietnam
    expect(isAfterDue(new Date('2026-12-07T17:00:00Z'), due)).toBe(true);
    expect(isAfterDue(new Date('2030-01-01T00:00:00Z'), null)).toBe(false);
  });
});
