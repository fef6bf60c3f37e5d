import { describe, expect, it } from 'vitest';
import { sheetTotals, parsePoints, scoreError, tableMax } from '../../src/domain/scoring';
import { rankUnits, bandOf, parseTieOrder } from '../../src/domain/ranking';

const criteria = [
  { id: 1, kind: 'NORMAL', maxCenti: 6000, groupId: 10, stepCenti: 50 },
  { id: 2, kind: 'NORMAL', maxCenti: 4000, groupId: 11, stepCenti: 50 },
  { id: 3, kind: 'BONUS', maxCenti: 1000, groupId: 12, stepCenti: 100 },
  { id: 4, kind: 'DEDUCTION', maxCenti: 500, groupId: 12, stepCenti: 100 },
];

describe('sheetTotals', () => {
  it('final = reviewed criteria + bonus − deductions; the reviewed score falls back to the self score', () => {
    const t = sheetTotals(
      criteria,
      [
        { criterionId: 1, selfCenti: 5800, reviewedCenti: 5500 },
        { criterionId: 2, selfCenti: 3900, reviewedCenti: null },
        { criterionId: 3, selfCenti: 1000, reviewedCenti: 1000 },
        { criterionId: 4, selfCenti: 200, reviewedCenti: 300 },
      ],
      new Set([10]),
    );
    expect(t.self).toEqual({ baseCenti: 9700, bonusCenti: 1000, deductionCenti: 200, totalCenti: 10500 });
    expect(t.reviewed).toEqual({ baseCenti: 9400, bonusCenti: 1000, deductionCenti: 300, totalCenti: 10100 });
    expect(t.coreGroupCenti).toBe(5500);
    expect(t.complete).toBe(true);
  });
  it('97 + 10 bonus = 107: a total may pass the base', () => {
    const t = sheetTotals(criteria, [
      { criterionId: 1, selfCenti: 5700, reviewedCenti: null },
      { criterionId: 2, selfCenti: 4000, reviewedCenti: null },
      { criterionId: 3, selfCenti: 1000, reviewedCenti: null },
      { criterionId: 4, selfCenti: 0, reviewedCenti: null },
    ]);
    expect(t.self.totalCenti).toBe(10700);
  });
  it('counts unanswered criteria', () => {
    const t = sheetTotals(criteria, [{ criterionId: 1, selfCenti: 100, reviewedCenti: null }]);
    expect(t.answered).toBe(1);
    expect(t.complete).toBe(false);
  });
  it('table maximum per kind', () => {
    expect(tableMax(criteria)).toEqual({ baseCenti: 10000, bonusCenti: 1000, deductionCenti: 500 });
  });
});

describe('score input', () => {
  it.each([
    ['9,5', 950],
    ['9.5', 950],
    ['10', 1000],
    [' 0 ', 0],
    ['', null],
  ])('parses %j', (s, v) => expect(parsePoints(s)).toBe(v));
  it.each(['abc', '-1', '1,234', '1e3', '9,5,5'])('rejects %j', (s) => expect(Number.isNaN(parsePoints(s) as number)).toBe(true));
  it('checks limits and steps', () => {
    expect(scoreError(6100, criteria[0])).toMatch(/tối đa/);
    expect(scoreError(5825, criteria[0])).toMatch(/bội số của 0,5/);
    expect(scoreError(5850, criteria[0])).toBeNull();
    expect(scoreError(1100, criteria[2])).toMatch(/Điểm thưởng tối đa là 10/);
    expect(scoreError(600, criteria[3])).toMatch(/Điểm trừ tối đa là 5/);
  });
});

describe('ranking', () => {
  const row = (agencyId: number, total: number, core = 0, ded = 0, bonus = 0) => ({ agencyId, totalCenti: total, coreGroupCenti: core, deductionCenti: ded, bonusCenti: bonus });
  it('orders by final score, then core group, then fewer deductions, then more bonus', () => {
    const r = rankUnits([row(1, 9000, 5000), row(2, 9500), row(3, 9000, 5100), row(4, 9000, 5000, 100), row(5, 9000, 5000, 0, 200)]);
    expect(r.map((x) => [x.agencyId, x.rank])).toEqual([[2, 1], [3, 2], [5, 3], [1, 4], [4, 5]]);
  });
  it('a complete tie shares the rank and names the tied units (to be settled by a vote), whatever the input order', () => {
    const a = rankUnits([row(7, 9000), row(3, 9000), row(5, 8000)]);
    const b = rankUnits([row(3, 9000), row(5, 8000), row(7, 9000)]);
    expect(a).toEqual(b);
    expect(a.map((x) => x.rank)).toEqual([1, 1, 3]);
    expect(a[0].tiedWith).toEqual([7]);
  });
  it('the tie order is configurable per province', () => {
    const r = rankUnits([row(1, 9000, 5000, 0, 100), row(2, 9000, 4000, 0, 500)], parseTieOrder('FINAL,MORE_BONUS,CORE_GROUP'));
    expect(r[0].agencyId).toBe(2);
    expect(parseTieOrder('nonsense')).toEqual(['FINAL', 'CORE_GROUP', 'FEWER_DEDUCTIONS', 'MORE_BONUS']);
  });
  it('bands on a 100 base', () => {
    expect(bandOf(9000)).toBe('XUAT_SAC');
    expect(bandOf(8999)).toBe('TOT');
    expect(bandOf(8000)).toBe('TOT');
    expect(bandOf(7999)).toBe('KHA');
    expect(bandOf(6500)).toBe('KHA');
    expect(bandOf(6499)).toBe('TRUNG_BINH');
    expect(bandOf(9100, { excellentCenti: 9100, goodCenti: 7000, fairCenti: 5000 })).toBe('XUAT_SAC');
  });
});
