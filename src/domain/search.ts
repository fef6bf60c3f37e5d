// Search keys: what a typed query and a stored name are both reduced to, so that "HẢI QUAN",
// "hai quan" and a decomposed (NFD) "Hải quan" all find "Cục Hải quan Nghệ An" on SQLite and
// PostgreSQL alike — neither database folds Vietnamese diacritics or Unicode forms by itself.

const COMBINING_MARKS = /[\u0300-\u036f]/g;

/** "  Cục  HẢI quan " (NFC or NFD) → "cuc hai quan". */
export function foldForSearch(s: string): string {
  return s
    .normalize('NFC')
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    // đ is a letter of its own, not d plus a mark, so NFD leaves it alone.
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** "Cục Thuế tỉnh Tây Ninh" → "cuc-thue-tinh-tay-ninh": codes and the ASCII part of file names. */
export function slugify(s: string): string {
  return foldForSearch(s)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * The stored key of a row: each searchable field folded, joined by a newline. A folded query never
 * contains a newline, so it cannot match across two fields (the end of a name and a short name).
 */
export function searchKeyOf(...fields: (string | null | undefined)[]): string {
  return fields
    .map((f) => foldForSearch(f ?? ''))
    .filter((f) => f !== '')
    .join('\n');
}

/** Characters that LIKE (Prisma's `contains`) reads as a pattern: the wildcards and the escape. */
const LIKE_SPECIALS = /[%_\\]/g;

export function hasLikeSpecials(folded: string): boolean {
  return /[%_\\]/.test(folded);
}

/** A LIKE pattern matching `folded` anywhere, literally, with `\` as the ESCAPE character. */
export function containsPattern(folded: string): string {
  return `%${folded.replace(LIKE_SPECIALS, (c) => `\\${c}`)}%`;
}
