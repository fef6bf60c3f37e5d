// Forms of the agencies' administration: create, edit, and the reorganisation events.
import { z } from 'zod';
import { dayField, idField } from '../../http/validate';
import { listQuerySchema } from '../../http/pagination';
import { AGENCY_KINDS } from '../../domain/enums';

const text = (max: number, msg: string) => z.string({ error: msg }).trim().max(max, msg);
const name = z.string({ error: 'Vui lòng nhập tên cơ quan, đơn vị.' }).trim().normalize('NFC').min(1, 'Vui lòng nhập tên cơ quan, đơn vị.').min(3, 'Tên cơ quan, đơn vị cần từ 3 đến 200 ký tự.').max(200, 'Tên cơ quan, đơn vị cần từ 3 đến 200 ký tự.');
const shortName = text(60, 'Tên viết tắt tối đa 60 ký tự.').normalize('NFC').default('');
const parentBody = text(200, 'Cơ quan chủ quản tối đa 200 ký tự.').default('');
const area = text(200, 'Địa bàn tối đa 200 ký tự.').default('');
const kind = z.enum(AGENCY_KINDS, { error: 'Vui lòng chọn loại cơ quan.' });
/** Dates of the reorganisation: 2000–2100, so a typo like 0202 is caught. */
const day = (msg: string) => dayField(msg).refine((d) => d.getUTCFullYear() >= 2000 && d.getUTCFullYear() <= 2100, msg);

export const agencyListQuerySchema = listQuerySchema.extend({
  provinceId: z.preprocess((v) => (v === '' ? undefined : v), idField('Tỉnh không hợp lệ.').optional()),
});

/** Only the province of a new agency: read first, so the permission is checked before the rest of the form. */
export const provinceOfNewAgency = z.object({ provinceId: idField('Vui lòng chọn tỉnh.') });

export const newAgencySchema = z.object({
  provinceId: idField('Vui lòng chọn tỉnh.'),
  name,
  shortName,
  kind,
  parentBody,
  area,
  validFrom: day('Vui lòng nhập ngày bắt đầu hoạt động (ngày/tháng/năm).'),
});
export type NewAgencyInput = z.infer<typeof newAgencySchema>;

/** Corrections of the current version that are not a dated change (a dated change is a transfer). */
export const editAgencySchema = z.object({ kind, parentBody, area });
export type EditAgencyInput = z.infer<typeof editAgencySchema>;

/** Every event: its date and the decision that made it. */
const event = {
  date: day('Vui lòng nhập ngày hiệu lực (ngày/tháng/năm).'),
  legalBasis: z.string({ error: 'Vui lòng nhập quyết định (số, ngày, cơ quan ban hành).' }).trim().min(3, 'Vui lòng nhập quyết định (số, ngày, cơ quan ban hành).').max(300, 'Quyết định tối đa 300 ký tự.'),
  note: text(1000, 'Ghi chú tối đa 1000 ký tự.').default(''),
};

export const renameSchema = z.object({ ...event, name, shortName });
export const mergeSchema = z.object({ ...event, successorId: idField('Vui lòng chọn cơ quan, đơn vị tiếp nhận.') });
export const transferSchema = z.object({ ...event, parentBody, area });
export const dissolveSchema = z.object({ ...event });

export const SPLIT_ROWS = 4;
const optionalName = z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), name.optional());
export const splitSchema = z
  .object({
    ...event,
    ...Object.fromEntries(Array.from({ length: SPLIT_ROWS }, (_, i) => [[`name${i + 1}`, optionalName], [`shortName${i + 1}`, shortName]]).flat()),
  } as typeof event & Record<`name${number}`, typeof optionalName> & Record<`shortName${number}`, typeof shortName>)
  .transform((v, ctx) => {
    const rec = v as Record<string, unknown>;
    const parts: { name: string; shortName: string }[] = [];
    for (let i = 1; i <= SPLIT_ROWS; i++) {
      const n = rec[`name${i}`];
      if (typeof n === 'string') parts.push({ name: n, shortName: String(rec[`shortName${i}`] ?? '') });
    }
    if (parts.length < 2) ctx.addIssue({ code: 'custom', path: ['name2'], message: 'Chia tách cần ít nhất hai cơ quan, đơn vị mới.' });
    if (new Set(parts.map((p) => p.name.toLowerCase())).size !== parts.length) ctx.addIssue({ code: 'custom', path: ['name2'], message: 'Các cơ quan, đơn vị mới cần có tên khác nhau.' });
    return { date: v.date, legalBasis: v.legalBasis, note: v.note, parts };
  });

export type RenameInput = z.infer<typeof renameSchema>;
export type MergeInput = z.infer<typeof mergeSchema>;
export type TransferInput = z.infer<typeof transferSchema>;
export type DissolveInput = z.infer<typeof dissolveSchema>;
export type SplitInput = z.infer<typeof splitSchema>;
