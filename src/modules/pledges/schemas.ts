// The pledge text (giao ước thi đua) the head writes, and a unit's signature.
import { z } from 'zod';

const text = (max: number, msg: string) => z.string({ error: msg }).transform((s) => s.replace(/\r\n/g, '\n').trim()).pipe(z.string().max(max, msg));

// The pledge's updatedAt (ms) when the form was loaded: '' for a pledge not yet created.
const stamp = z.preprocess(
  (v) => (v === undefined || v === '' ? null : typeof v === 'string' && /^\d{1,15}$/.test(v) ? Number(v) : Number.NaN),
  z.number({ error: 'Biểu mẫu không hợp lệ. Vui lòng tải lại trang.' }).int('Biểu mẫu không hợp lệ. Vui lòng tải lại trang.').nullable(),
);

export const pledgeSchema = z.object({
  title: z.string({ error: 'Cần nhập tiêu đề giao ước.' }).trim().min(3, 'Tiêu đề cần từ 3 đến 200 ký tự.').max(200, 'Tiêu đề cần từ 3 đến 200 ký tự.'),
  body: text(20_000, 'Nội dung giao ước tối đa 20.000 ký tự.').default(''),
  targets: text(4000, 'Chỉ tiêu chung tối đa 4.000 ký tự.').default(''),
  stamp,
});
export type PledgeInput = z.infer<typeof pledgeSchema>;

export const publishSchema = z.object({ stamp });

export const signSchema = z.object({
  signerName: z.string({ error: 'Cần nhập họ tên thủ trưởng đơn vị ký giao ước.' }).trim().min(2, 'Họ tên người ký cần từ 2 đến 100 ký tự.').max(100, 'Họ tên người ký cần từ 2 đến 100 ký tự.'),
  signerTitle: z.string({ error: 'Chức vụ không hợp lệ.' }).trim().max(100, 'Chức vụ tối đa 100 ký tự.').default(''),
});
export type SignInput = z.infer<typeof signSchema>;
