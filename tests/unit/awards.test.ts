// Quotas and eligibility of the awards a bloc proposes: pure rules, as a table.
import { describe, expect, it } from 'vitest';
import { DEFAULT_AWARD_RULES, ineligibilityReasons, proposalError, quotaFor, quotaText, type UnitFacts } from '../../src/domain/awards';

const rule = DEFAULT_AWARD_RULES;
const general = { requireRegistration: true, requirePledge: true };

function unit(over: Partial<UnitFacts> = {}): UnitFacts {
  return {
    agencyId: 1,
    name: 'Cục Thuế Nghệ An',
    rank: 1,
    band: 'XUAT_SAC',
    registration: { status: 'ACCEPTED', submittedAt: new Date('2020-03-20T03:00:00Z'), aims: ['CO_TINH', 'BANG_KHEN_TINH', 'TTLDXS', 'TTLDTT'], staffCount: 100, countLdtt: 80, countCstdcs: 5 },
    registrationDue: new Date('2020-03-31T00:00:00Z'),
    signedPledge: true,
    tasksCompleted: true,
    openFlags: [],
    dissolved: false,
    elected: true,
    proposedFor: [],
    ...over,
  };
}

describe('quotaFor', () => {
  it.each([
    // members, expected provincial-flag quota (20% rounded up, at least 1)
    [4, 1],
    [5, 1],
    [7, 2],
    [8, 2], // Nghệ An central-agencies bloc of 8 proposed 2 for 2019
    [10, 2],
    [11, 3],
    [14, 3],
  ])('provincial flag: %i members → %i', (members, q) => {
    expect(quotaFor(rule.CO_TINH, members)).toBe(q);
  });

  it('rounding modes use integer arithmetic (no 0.1 + 0.2 surprises)', () => {
    const r = { quotaMode: 'PERCENT' as const, quotaValue: 30, quotaMin: 0 };
    expect(quotaFor({ ...r, quotaRounding: 'DOWN' }, 10)).toBe(3);
    expect(quotaFor({ ...r, quotaRounding: 'UP' }, 10)).toBe(3);
    expect(quotaFor({ ...r, quotaRounding: 'DOWN' }, 9)).toBe(2);
    expect(quotaFor({ ...r, quotaRounding: 'UP' }, 9)).toBe(3);
    expect(quotaFor({ ...r, quotaRounding: 'NEAREST' }, 5)).toBe(2); // 1,5 → 2
    expect(quotaFor({ ...r, quotaRounding: 'NEAREST' }, 4)).toBe(1); // 1,2 → 1
  });

  it('a count quota, no quota, the minimum, never more than the members', () => {
    expect(quotaFor(rule.CO_CHINH_PHU, 14)).toBe(1);
    expect(quotaFor(rule.TTLDXS, 14)).toBeNull();
    expect(quotaFor({ quotaMode: 'PERCENT', quotaValue: 1, quotaRounding: 'DOWN', quotaMin: 1 }, 4)).toBe(1);
    expect(quotaFor({ quotaMode: 'PERCENT', quotaValue: 100, quotaRounding: 'UP', quotaMin: 20 }, 4)).toBe(4);
  });

  it('says the quota in words', () => {
    expect(quotaText(rule.CO_TINH, 8)).toBe('tối đa 2 đơn vị (20% của 8 thành viên, làm tròn lên, ít nhất 1)');
    expect(quotaText(rule.TTLDTT, 8)).toBe('không giới hạn số lượng');
    expect(quotaText(rule.CO_CHINH_PHU, 8)).toBe('tối đa 1 đơn vị');
  });
});

describe('ineligibilityReasons', () => {
  it('an excellent, elected unit that registered on time and signed is eligible for the provincial flag', () => {
    expect(ineligibilityReasons(rule.CO_TINH, unit(), general)).toEqual([]);
  });

  it.each<[string, Partial<UnitFacts>, string]>([
    ['registration not accepted', { registration: { ...unit().registration!, status: 'SUBMITTED' } }, 'Chưa có đăng ký thi đua được Khối trưởng chấp nhận.'],
    ['registered late', { registration: { ...unit().registration!, submittedAt: new Date('2020-04-02T03:00:00Z') } }, 'Đăng ký thi đua không đúng hạn.'],
    ['pledge not signed', { signedPledge: false }, 'Chưa ký giao ước thi đua.'],
    ['tasks not completed', { tasksCompleted: false }, 'Chưa hoàn thành nhiệm vụ năm.'],
    ['under inspection', { openFlags: ['INSPECTION'] }, 'Đang thanh tra.'],
    ['dissolved in the reorganisation', { dissolved: true }, 'Đơn vị đã giải thể hoặc sáp nhập (không xét khen thưởng).'],
    ['not ranked yet', { rank: null, band: null }, 'Chưa có kết quả xếp hạng tổng kết.'],
    ['band too low', { band: 'TOT' }, 'Xếp loại tốt, cần từ xuất sắc trở lên.'],
    ['did not aim at it', { registration: { ...unit().registration!, aims: ['BANG_KHEN_TINH'] } }, 'Không đăng ký phấn đấu Cờ thi đua của UBND tỉnh từ đầu năm.'],
    ['not elected', { elected: false }, 'Chưa được hội nghị suy tôn (bỏ phiếu).'],
  ])('%s → the reason is given', (_label, over, reason) => {
    expect(ineligibilityReasons(rule.CO_TINH, unit(over), general)).toContain(reason);
  });

  it('a registration sent on the due day (Vietnam time) is on time', () => {
    const onDueDay = new Date('2020-03-31T15:00:00Z'); // 22:00 in Hà Nội
    expect(ineligibilityReasons(rule.CO_TINH, unit({ registration: { ...unit().registration!, submittedAt: onDueDay } }), general)).toEqual([]);
  });

  it('no pledge published: nothing to sign, no reason; the province may waive registration', () => {
    expect(ineligibilityReasons(rule.CO_TINH, unit({ signedPledge: null }), general)).toEqual([]);
    expect(ineligibilityReasons(rule.CO_TINH, unit({ registration: null, elected: true }), { requireRegistration: false, requirePledge: true })).toContain(
      'Không đăng ký phấn đấu Cờ thi đua của UBND tỉnh từ đầu năm.',
    );
  });

  it('Government flag: only the top unit, and only when also proposed for the provincial flag', () => {
    expect(ineligibilityReasons(rule.CO_CHINH_PHU, unit({ registration: { ...unit().registration!, aims: ['CO_TINH', 'CO_CHINH_PHU'] }, proposedFor: ['CO_TINH'] }), general)).toEqual([]);
    const second = ineligibilityReasons(rule.CO_CHINH_PHU, unit({ rank: 2, registration: { ...unit().registration!, aims: ['CO_CHINH_PHU'] } }), general);
    expect(second).toContain('Không phải đơn vị dẫn đầu khối (hạng 2).');
    expect(second).toContain('Chưa được đề nghị Cờ thi đua của UBND tỉnh.');
  });

  it('titles check the staff shares registered: ≥ 70% LĐTT and a CSTĐCS for xuất sắc, > 50% for tiên tiến', () => {
    const reg = unit().registration!;
    expect(ineligibilityReasons(rule.TTLDXS, unit({ registration: { ...reg, countLdtt: 69 } }), general)).toContain('Tỷ lệ Lao động tiên tiến đăng ký dưới 70% quân số.');
    expect(ineligibilityReasons(rule.TTLDXS, unit({ registration: { ...reg, countCstdcs: 0 } }), general)).toContain('Cần ít nhất 1 Chiến sĩ thi đua cơ sở.');
    expect(ineligibilityReasons(rule.TTLDTT, unit({ band: 'TOT', registration: { ...reg, countLdtt: 51 } }), general)).toEqual([]);
    expect(ineligibilityReasons(rule.TTLDTT, unit({ band: 'TOT', registration: { ...reg, countLdtt: 50 } }), general)).toContain('Tỷ lệ Lao động tiên tiến đăng ký dưới 51% quân số.');
  });
});

describe('proposalError', () => {
  it('within quota and eligible → allowed', () => {
    expect(proposalError(rule.CO_TINH, unit(), general, 8, 1)).toBeNull();
  });
  it('the quota is named first, with its numbers, then the other reasons', () => {
    const err = proposalError(rule.CO_TINH, unit({ name: 'Kho bạc Nhà nước tỉnh Tây Ninh', elected: false }), general, 7, 2)!;
    expect(err).toMatch(/^Không thể đề nghị Kho bạc Nhà nước tỉnh Tây Ninh: Vượt chỉ tiêu Cờ thi đua của UBND tỉnh: khối được đề nghị tối đa 2 đơn vị/);
    expect(err).toContain('đã đề nghị 2.');
    expect(err).toContain('Chưa được hội nghị suy tôn');
  });
  it('no quota for titles: any number of eligible units', () => {
    expect(proposalError(rule.TTLDTT, unit({ band: 'TOT' }), general, 8, 7)).toBeNull();
  });
});
