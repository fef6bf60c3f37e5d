import { z } from 'zod';
import { intField } from './validate';

export const PAGE_SIZE = 20;

/**
 * A search box's text: control characters (NUL among them, which PostgreSQL refuses in text) become
 * spaces, so `?q=%00` searches for nothing instead of failing.
 */
export const searchText = z
  .string({ error: 'Từ khóa tìm kiếm không hợp lệ.' })
  // eslint-disable-next-line no-control-regex
  .transform((s) => s.replace(/[\u0000-\u001f\u007f]/g, ' ').trim())
  .pipe(z.string().max(100, 'Từ khóa tìm kiếm quá dài.'));

export const listQuerySchema = z.object({
  page: intField('Số trang không hợp lệ.', 1, 100_000).default(1),
  q: searchText.default(''),
});

export type Page<T> = { items: T[]; page: number; pages: number; total: number; pageSize: number };

export function pageOf<T>(items: T[], total: number, page: number, pageSize = PAGE_SIZE): Page<T> {
  return { items, total, page, pageSize, pages: Math.max(1, Math.ceil(total / pageSize)) };
}
