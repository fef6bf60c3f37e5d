// Columns of raw rows ($queryRaw), the same on both databases: SQLite gives integers as number or
// bigint, booleans as 0/1 and dates as ISO text; PostgreSQL gives COUNT(*) as bigint, booleans as
// true/false and dates as Date.
const int = (v: unknown): number => Number(v);
const intOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const date = (v: unknown): Date => new Date(v as string | Date);
const dateOrNull = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(v as string | Date));
const bool = (v: unknown): boolean => v === true || Number(v) === 1;

export const raw = { int, intOrNull, date, dateOrNull, bool };
