// Forms of the provinces' administration (admin): create a province, rename it from a date.
import { z } from 'zod';
import { dayField, idField } from '../../http/validate';
import { listQuerySchema } from '../../http/pagination';

const NAME_MSG = 'Vui lòng nhập tên tỉnh, thành phố (từ 2 đến 100 ký tự).';
const name = z
  .string({ error: NAME_MSG })
  .trim()
  .normalize('NFC')
  .transform((s) => s.replace(/\s+/g, ' '))
  .pipe(z.string().min(2, NAME_MSG).max(100, NAME_MSG));
const text = (max: number, msg: string) => z.string({ error: msg }).trim().normalize('NFC').max(max, msg);

const DMY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** dd/mm/yyyy (typed where the browser shows a plain text box) → yyyy-mm-dd, what the date fields send. */
function isoDay(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const s = v.trim();
  const m = DMY.exec(s);
  return m ? `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}` : s;
}

/**
 * A day, yyyy-mm-dd or dd/mm/yyyy → noon UTC that day (dayField, as the other forms). A day that
 * does not exist (30/02, which Date would roll into March) is refused; 2000–2100 catches a typo
 * like 0202.
 */
const day = (msg: string) =>
  z.preprocess(
    isoDay,
    z
      .string({ error: msg })
      .refine((s) => {
        const d = new Date(`${s}T12:00:00Z`);
        return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) === s;
      }, msg)
      .pipe(dayField(msg))
      .refine((d) => d.getUTCFullYear() >= 2000 && d.getUTCFullYear() <= 2100, msg),
  );

const DATE_MSG = 'Ngày không hợp lệ: nhập ngày/tháng/năm, ví dụ 01/07/2025.';
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export const provinceListQuerySchema = listQuerySchema;

export const newProvinceSchema = z.object({
  name,
  validFrom: z.preprocess(blankToUndefined, day(DATE_MSG).optional()),
  legalBasis: text(300, 'Căn cứ pháp lý tối đa 300 ký tự.').default(''),
});
export type NewProvinceInput = z.infer<typeof newProvinceSchema>;

export const renameProvinceSchema = z.object({
  name,
  validFrom: day('Vui lòng nhập ngày tên mới có hiệu lực (ngày/tháng/năm).'),
  legalBasis: z
    .string({ error: 'Vui lòng nhập căn cứ pháp lý, ví dụ Nghị quyết 202/2025/QH15.' })
    .trim()
    .normalize('NFC')
    .min(3, 'Vui lòng nhập căn cứ pháp lý, ví dụ Nghị quyết 202/2025/QH15.')
    .max(300, 'Căn cứ pháp lý tối đa 300 ký tự.'),
  note: text(1000, 'Ghi chú tối đa 1.000 ký tự.').default(''),
});
export type RenameProvinceInput = z.infer<typeof renameProvinceSchema>;

export const provinceIdParam = z.object({ id: idField('Mã tỉnh không hợp lệ.') });
