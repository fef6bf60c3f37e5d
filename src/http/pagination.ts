import { z } from 'zod';

export const PAGE_SIZE = 20;

export const listQuerySchema = z.object({
  page: z.coerce.number({ error: 'Số trang không hợp lệ.' }).int('Số trang không hợp lệ.').min(1, 'Số trang không hợp lệ.').max(100000, 'Số trang không hợp lệ.').default(1),
  q: z.string().trim().max(100, 'Từ khóa tìm kiếm quá dài.').default(''),
});

export type Page<T> = { items: T[]; page: number; pages: number; total: number; pageSize: number };

export function pageOf<T>(items: T[], total: number, page: number, pageSize = PAGE_SIZE): Page<T> {
  return { items, total, page, pageSize, pages: Math.max(1, Math.ceil(total / pageSize)) };
}
