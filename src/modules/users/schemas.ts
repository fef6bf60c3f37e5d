import { z } from 'zod';
import { newPassword } from '../auth/schemas';
import { idField } from '../../http/validate';

const optionalId = z.preprocess((v) => (v === '' || v === undefined ? undefined : v), idField('Giá trị không hợp lệ.').optional());

export const createUserSchema = z
  .object({
    username: z
      .string({ error: 'Vui lòng nhập tên đăng nhập.' })
      .trim()
      .toLowerCase()
      .min(3, 'Tên đăng nhập cần từ 3 đến 50 ký tự.')
      .max(50, 'Tên đăng nhập cần từ 3 đến 50 ký tự.')
      .regex(/^[a-z0-9._-]+$/, 'Tên đăng nhập chỉ gồm chữ thường không dấu, số, dấu chấm, gạch dưới, gạch ngang.'),
    fullName: z.string({ error: 'Vui lòng nhập họ và tên.' }).trim().min(2, 'Vui lòng nhập họ và tên.').max(100, 'Họ và tên quá dài.'),
    jobTitle: z.string().trim().max(100, 'Chức vụ quá dài.').default(''),
    role: z.enum(['ADMIN', 'BOARD', 'UNIT_OFFICER'], { error: 'Vui lòng chọn vai trò.' }),
    provinceId: optionalId,
    agencyId: optionalId,
    password: newPassword,
  })
  .refine((v) => v.role !== 'BOARD' || v.provinceId !== undefined, { path: ['provinceId'], message: 'Thành viên Ban TĐKT cần chọn tỉnh.' })
  .refine((v) => v.role !== 'UNIT_OFFICER' || v.agencyId !== undefined, { path: ['agencyId'], message: 'Cán bộ đơn vị cần chọn đơn vị.' });

export type CreateUserInput = z.infer<typeof createUserSchema>;
