import { describe, expect, it } from 'vitest';
import { formatDate, formatInt, formatPercent, formatPoints, formatPlaceDate } from '../../src/i18n/format';
import { versionAt } from '../../src/domain/versions';

describe('Vietnamese formats', () => {
  it('dates as dd/mm/yyyy in Vietnam time', () => {
    expect(formatDate(new Date('2019-11-15T03:00:00Z'))).toBe('15/11/2019');
    // 20:00 UTC on the 14th is already the 15th in Hà Nội
    expect(formatDate(new Date('2019-11-14T20:00:00Z'))).toBe('15/11/2019');
  });
  it('numbers with a dot for thousands and a comma for decimals', () => {
    expect(formatInt(110435)).toBe('110.435');
    expect(formatPercent(0.6368)).toBe('63,68%');
    expect(formatPoints(9750)).toBe('97,5');
    expect(formatPoints(10700)).toBe('107');
    expect(formatPoints(null)).toBe('');
  });
  it('the place and date line of documents', () => {
    expect(formatPlaceDate('Nghệ An', new Date('2019-11-15T03:00:00Z'))).toBe('Nghệ An, ngày 15 tháng 11 năm 2019');
  });
});

describe('versionAt', () => {
  const v = [
    { name: 'Cục Thuế Nghệ An', validFrom: new Date('2015-01-01'), validTo: new Date('2025-06-30') },
    { name: 'Thuế tỉnh Nghệ An', validFrom: new Date('2025-07-01'), validTo: null },
  ];
  it('gives the name valid at the date', () => {
    expect(versionAt(v, new Date('2019-07-01'))?.name).toBe('Cục Thuế Nghệ An');
    expect(versionAt(v, new Date('2026-01-01'))?.name).toBe('Thuế tỉnh Nghệ An');
    expect(versionAt(v, new Date('2010-01-01'))?.name).toBe('Cục Thuế Nghệ An');
  });
});
