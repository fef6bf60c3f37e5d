import { z } from 'zod';
import { newPassword } from '../auth/schemas';
import { idField } from '../../http/validate';
import { listQuerySchema } from '../../http/pagination';

const optionalId = z.preprocess((v) => (v === '' || v === undefined ? undefined : v), idField('Giá trị không hợp lệ.').optional());

const accountFields = {
  username: z
    .string({ error: 'Vui lòng nhập tên đăng nhập.' })
    .trim()
    .toLowerCase()
    .min(3, 'Tên đăng nhập cần từ 3 đến 50 ký tự.')
    .max(50, 'Tên đăng nhập cần từ 3 đến 50 ký tự.')
    .regex(/^[a-z0-9._-]+$/, 'Tên đăng nhập chỉ gồm chữ thường không dấu, số, dấu chấm, gạch dưới, gạch ngang.'),
  fullName: z.string({ error: 'Vui lòng nhập họ và tên.' }).trim().min(2, 'Vui lòng nhập họ và tên.').max(100, 'Họ và tên quá dài.'),
  jobTitle: z.string({ error: 'Chức vụ không hợp lệ.' }).trim().max(100, 'Chức vụ quá dài.').default(''),
  role: z.enum(['ADMIN', 'BOARD', 'UNIT_OFFICER'], { error: 'Vui lòng chọn vai trò.' }),
  provinceId: optionalId,
  agencyId: optionalId,
};

const roleScope = <T extends z.ZodType<{ role: string; provinceId?: number; agencyId?: number }>>(s: T) =>
  s
    .refine((v) => v.role !== 'BOARD' || v.provinceId !== undefined, { path: ['provinceId'], message: 'Thành viên Ban TĐKT cần chọn tỉnh.' })
    .refine((v) => v.role !== 'UNIT_OFFICER' || v.agencyId !== undefined, { path: ['agencyId'], message: 'Cán bộ đơn vị cần chọn đơn vị.' });

/** An account with a password chosen by whoever creates it (`npm run create-admin`). */
export const createUserSchema = roleScope(z.object({ ...accountFields, password: newPassword }));

/**
 * The new-account form: an empty password means a one-time password generated and shown once;
 * a typed one is an initial password. Either way the user changes it at first sign-in.
 */
export const newAccountSchema = roleScope(
  z.object({ ...accountFields, password: z.preprocess((v) => (v === '' || v === undefined ? undefined : v), newPassword.optional()) }),
);
export type NewAccountInput = z.infer<typeof newAccountSchema>;

export type CreateUserInput = z.infer<typeof createUserSchema>;

const optionalFilter = (msg: string) => z.preprocess((v) => (v === '' ? undefined : v), idField(msg).optional());

export const userListQuerySchema = listQuerySchema.extend({
  provinceId: optionalFilter('Tỉnh không hợp lệ.'),
  agencyId: optionalFilter('Đơn vị không hợp lệ.'),
});
export type UserListQuery = z.infer<typeof userListQuerySchema>;

export const auditQuerySchema = z.object({
  page: listQuerySchema.shape.page,
  provinceId: optionalFilter('Tỉnh không hợp lệ.'),
});
