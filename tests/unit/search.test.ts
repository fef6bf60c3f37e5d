import { describe, expect, it } from 'vitest';
import { containsPattern, foldForSearch, hasLikeSpecials, searchKeyOf } from '../../src/domain/search';

describe('foldForSearch', () => {
  const name = 'Cục Hải quan Nghệ An';

  it('reads a decomposed (NFD) name as the composed one', () => {
    const nfd = name.normalize('NFD');
    expect(nfd).not.toBe(name);
    expect(foldForSearch(nfd)).toBe('cuc hai quan nghe an');
    expect(foldForSearch(nfd)).toBe(foldForSearch(name));
  });

  it('ignores capitals and diacritics', () => {
    expect(foldForSearch('HẢI QUAN')).toBe('hai quan');
    expect(foldForSearch('hai quan')).toBe('hai quan');
    expect(foldForSearch('Khối Thi đua Tổng hợp')).toBe('khoi thi dua tong hop');
    expect(foldForSearch('Ứng Ữ Ợ Ỹ')).toBe('ung u o y');
  });

  it('folds đ and Đ to d, in both Unicode forms', () => {
    expect(foldForSearch('Đặng Đình Đức')).toBe('dang dinh duc');
    expect(foldForSearch('Đặng Đình Đức'.normalize('NFD'))).toBe('dang dinh duc');
  });

  it('collapses and trims whitespace, tabs and no-break spaces included', () => {
    expect(foldForSearch('  Cục\t Hải\u00a0 quan \n')).toBe('cuc hai quan');
    expect(foldForSearch('   ')).toBe('');
  });

  it('keeps LIKE wildcards and the escape character as ordinary characters', () => {
    expect(foldForSearch('100% _Đạt_ a\\b')).toBe('100% _dat_ a\\b');
  });
});

describe('searchKeyOf', () => {
  it('folds each field and keeps them apart, so a query cannot match across two fields', () => {
    expect(searchKeyOf('haiquan.nghean', 'Nguyễn Văn Hải')).toBe('haiquan.nghean\nnguyen van hai');
    expect(searchKeyOf('Cục Thuế Nghệ An', '')).toBe('cuc thue nghe an');
    expect(searchKeyOf('Cục Thuế', 'CT')).not.toContain(foldForSearch('Thuế CT'));
  });
});

describe('LIKE patterns', () => {
  it('escapes %, _ and the backslash so they match only themselves', () => {
    expect(hasLikeSpecials('hai quan')).toBe(false);
    expect(hasLikeSpecials('100%')).toBe(true);
    expect(hasLikeSpecials('a_b')).toBe(true);
    expect(hasLikeSpecials('a\\b')).toBe(true);
    expect(containsPattern('100%')).toBe('%100\\%%');
    expect(containsPattern('a_b\\c')).toBe('%a\\_b\\\\c%');
  });
});
