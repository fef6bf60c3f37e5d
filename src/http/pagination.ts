import { z } from 'zod';
import { intField } from './validate';

export const PAGE_SIZE = 20;

export const listQuerySchema = z.object({
  page: intField('Số trang không hợp lệ.', 1, 100_000).default(1),
  q: z.string({ error: 'Từ khóa tìm kiếm không hợp lệ.' }).trim().max(100, 'Từ khóa tìm kiếm quá dài.').default(''),
});

export type Page<T> = { items: T[]; page: number; pages: number; total: number; pageSize: number };

export function pageOf<T>(items: T[], total: number, page: number, pageSize = PAGE_SIZE): Page<T> {
  return { items, total, page, pageSize, pages: Math.max(1, Math.ceil(total / pageSize)) };
}
