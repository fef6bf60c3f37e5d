// Shares of a total: exact half-up rounding to hundredths of a percent, Vietnamese text, and lines
// that add up to the total's 100,00% within the rounding of each line. Also the register's words.
import { describe, expect, it } from 'vitest';
import { percentages, shareFraction, shareOf, shareTable, shareText, WHOLE } from '../../src/domain/stats';
import { kindOfTitle, levelOf, subjectKindOf } from '../../src/domain/award-register';

/** The exact share in hundredths of a percent, rounded half-up, with BigInt (the reference). */
function reference(count: number, total: number): number {
  if (total === 0) return 0;
  const num = BigInt(count) * 10000n;
  const t = BigInt(total);
  const q = num / t;
  const r = num % t;
  return Number(2n * r >= t ? q + 1n : q);
}

describe('shareOf: half-up to two decimals of a percent', () => {
  it.each([
    // count, total, hundredths — .005 boundaries: exactly half goes up, just under stays down
    [1, 8, 1250], // 12,5% exact
    [1, 3, 3333], // 33,333…
    [2, 3, 6667], // 66,666…
    [1, 16, 625], // 6,25 exact
    [1, 20000, 1], // 0,005% → 0,01%
    [1, 20001, 0], // 0,004999…% → 0,00%
    [3, 40000, 1], // 0,0075% → 0,01%
    [1, 40000, 0], // 0,0025% → 0,00%
    [5, 400, 125], // 1,25%
    [1, 400_000, 0],
    [70_323, 110_435, 6368], // 63,6782…% → 63,68% (the DOMAIN.md figure)
    [1, 6, 1667], // 16,666…
    [1, 7, 1429], // 14,2857…
    [0, 5, 0],
    [5, 5, WHOLE],
    [0, 0, 0],
  ])('%i / %i → %i', (count, total, expected) => {
    expect(shareOf(count, total)).toBe(expected);
    expect(shareOf(count, total)).toBe(reference(count, total));
  });

  it('every x.xx5% boundary rounds up, one count less rounds down', () => {
    // total 20 000: each count is 0,005% → odd counts sit exactly on a half hundredth and go up;
    // with one more in the total they fall just under the half and go down
    for (let c = 1; c < 2000; c += 2) {
      expect(shareOf(c, 20_000)).toBe((c + 1) / 2);
      expect(shareOf(c - 1, 20_000)).toBe((c - 1) / 2);
      expect(shareOf(c, 20_001)).toBe((c - 1) / 2);
    }
  });

  it('refuses counts that are not whole numbers', () => {
    expect(() => shareOf(1.5, 3)).toThrow(RangeError);
    expect(() => shareOf(-1, 3)).toThrow(RangeError);
  });

  it('stays exact beyond 2^53 intermediates', () => {
    const total = 2 ** 50 + 1;
    expect(shareOf(2 ** 49, total)).toBe(reference(2 ** 49, total));
  });
});

describe('Vietnamese text and Excel values', () => {
  it('63,68%, 100,00%, 0,00%', () => {
    expect(shareText(6368)).toBe('63,68%');
    expect(shareText(WHOLE)).toBe('100,00%');
    expect(shareText(0)).toBe('0,00%');
    expect(shareText(5)).toBe('0,05%');
    expect(shareText(123456)).toBe('1.234,56%');
  });
  it('the Excel cell holds the fraction of the rounded share', () => {
    expect(shareFraction(6368)).toBeCloseTo(0.6368, 12);
    expect(shareFraction(WHOLE)).toBe(1);
  });
});

describe('lines add up to the total line within their rounding', () => {
  // a small deterministic generator, so a failure can be replayed
  let seed = 20_261_129;
  const rand = (n: number) => {
    // mulberry32: 32-bit integer steps (Math.imul), no floating-point precision loss
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) % n;
  };

  it('random tables: each share is the exact half-up share, and |Σ shares − 100,00%| ≤ lines × 0,005%', () => {
    for (let round = 0; round < 500; round++) {
      const lines = 1 + rand(25);
      const big = rand(3) === 0;
      const counts = Array.from({ length: lines }, () => rand(big ? 50_000 : 40));
      const total = counts.reduce((s, c) => s + c, 0);
      const shares = percentages(counts, total);
      shares.forEach((s, i) => expect(s).toBe(reference(counts[i], total)));
      if (total === 0) {
        expect(shares.every((s) => s === 0)).toBe(true);
        continue;
      }
      const sum = shares.reduce((s, x) => s + x, 0);
      // each line is off by at most half a hundredth: the sum by at most lines/2 hundredths
      expect(Math.abs(sum - WHOLE) * 2).toBeLessThanOrEqual(lines);
      const table = shareTable(counts.map((count, i) => ({ key: String(i), label: String(i), count })));
      expect(table.total).toBe(total);
      expect(table.totalShare).toBe(WHOLE);
      expect(table.lines.map((l) => l.share)).toEqual(shares);
    }
  });

  it('three equal thirds show 33,33% each and add up to 99,99%, within the rounding', () => {
    const shares = percentages([1, 1, 1], 3);
    expect(shares.map(shareText)).toEqual(['33,33%', '33,33%', '33,33%']);
    expect(shares.reduce((s, x) => s + x, 0)).toBe(9999);
  });

  it('an empty table has no total share', () => {
    expect(shareTable([{ key: 'a', label: 'a', count: 0 }])).toMatchObject({ total: 0, totalShare: 0 });
  });
});

describe('the words of an imported list', () => {
  it.each([
    ['Cờ thi đua của UBND tỉnh', 'CO_TINH', 'Cờ thi đua của UBND tỉnh'],
    ['CỜ THI ĐUA UBND TỈNH', 'CO_TINH', 'Cờ thi đua của UBND tỉnh'],
    ['Bằng khen Chủ tịch UBND tỉnh', 'BANG_KHEN_TINH', 'Bằng khen của Chủ tịch UBND tỉnh'],
    ['lao động tiên tiến', 'LDTT', 'Lao động tiên tiến'],
    ['Chiến sĩ thi đua cơ sở.', 'CSTDCS', 'Chiến sĩ thi đua cơ sở'],
    ['Bằng khen của Thủ tướng Chính phủ', 'BANG_KHEN_TTG', 'Bằng khen của Thủ tướng Chính phủ'],
    ['Huân chương Lao động hạng Ba', 'HUAN_CHUONG_LD', 'Huân chương Lao động hạng Ba'],
    ['Giấy khen của Giám đốc Sở', 'OTHER', 'Giấy khen của Giám đốc Sở'],
  ])('"%s" → %s', (title, kind, kept) => {
    expect(kindOfTitle(title)).toEqual({ kind, title: kept });
  });

  it('levels and subjects', () => {
    expect(levelOf('Tỉnh')).toBe('TINH');
    expect(levelOf('bộ, ngành')).toBe('BO_NGANH');
    expect(levelOf('Chính phủ')).toBe('CHINH_PHU');
    expect(levelOf('NHÀ NƯỚC')).toBe('NHA_NUOC');
    expect(levelOf('Huyện')).toBeNull();
    expect(subjectKindOf('Tập thể')).toBe('UNIT');
    expect(subjectKindOf('cá nhân')).toBe('PERSON');
    expect(subjectKindOf('Hộ gia đình')).toBeNull();
  });
});
