import { z } from 'zod';

export const loginSchema = z.object({
  username: z.string({ error: 'Vui lòng nhập tên đăng nhập.' }).trim().min(1, 'Vui lòng nhập tên đăng nhập.').max(100, 'Tên đăng nhập quá dài.'),
  password: z.string({ error: 'Vui lòng nhập mật khẩu.' }).min(1, 'Vui lòng nhập mật khẩu.').max(200, 'Mật khẩu quá dài.'),
});

export const NEW_PASSWORD_RULE = 'Mật khẩu mới cần ít nhất 10 ký tự, gồm cả chữ và số.';

export const newPassword = z
  .string({ error: NEW_PASSWORD_RULE })
  .min(10, NEW_PASSWORD_RULE)
  .max(200, 'Mật khẩu quá dài (tối đa 200 ký tự).')
  .regex(/[A-Za-zÀ-ỹ]/, NEW_PASSWORD_RULE)
  .regex(/[0-9]/, NEW_PASSWORD_RULE);

export const changePasswordSchema = z
  .object({
    currentPassword: z.string({ error: 'Vui lòng nhập mật khẩu hiện tại.' }).min(1, 'Vui lòng nhập mật khẩu hiện tại.'),
    newPassword,
    confirmPassword: z.string({ error: 'Vui lòng nhập lại mật khẩu mới.' }),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ['confirmPassword'], message: 'Mật khẩu nhập lại không khớp.' })
  .refine((v) => v.newPassword !== v.currentPassword, { path: ['newPassword'], message: 'Mật khẩu mới phải khác mật khẩu hiện tại.' });
