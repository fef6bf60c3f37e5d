// Forms of the blocs administration: create, rename from a date, retire, a new bloc-year.
import { z } from 'zod';
import { dayField, idField, idList, intField } from '../../http/validate';
import { BLOC_KINDS } from '../../domain/enums';

export const MIN_MEMBERS = 4;
export const MAX_MEMBERS = 14;

const optionalId = (msg: string) => z.preprocess((v) => (v === '' || v === undefined ? undefined : v), idField(msg).optional());
const blocName = z.string({ error: 'Vui lòng nhập tên khối, cụm thi đua.' }).trim().normalize('NFC').min(5, 'Tên khối, cụm cần từ 5 đến 200 ký tự.').max(200, 'Tên khối, cụm cần từ 5 đến 200 ký tự.');
const decision = z
  .string({ error: 'Vui lòng nhập quyết định kiện toàn của UBND tỉnh.' })
  .trim()
  .normalize('NFC')
  .min(3, 'Vui lòng nhập quyết định kiện toàn của UBND tỉnh (số, ngày).')
  .max(300, 'Quyết định quá dài (tối đa 300 ký tự).');

export const newBlocSchema = z.object({
  provinceId: optionalId('Tỉnh không hợp lệ.'),
  name: blocName,
  kind: z.enum(BLOC_KINDS, { error: 'Vui lòng chọn loại: khối hoặc cụm thi đua.' }),
  decision,
  validFrom: dayField('Vui lòng nhập ngày hiệu lực (ngày/tháng/năm).'),
});
export type NewBlocInput = z.infer<typeof newBlocSchema>;

export const renameBlocSchema = z.object({
  name: blocName,
  decision,
  validFrom: dayField('Vui lòng nhập ngày tên mới có hiệu lực.'),
});
export type RenameBlocInput = z.infer<typeof renameBlocSchema>;

export const retireBlocSchema = z.object({
  retiredOn: dayField('Vui lòng nhập ngày ngừng hoạt động.'),
  decision: z.string({ error: 'Quyết định không hợp lệ.' }).trim().normalize('NFC').max(300, 'Quyết định quá dài (tối đa 300 ký tự).').default(''),
});
export type RetireBlocInput = z.infer<typeof retireBlocSchema>;

export const yearField = intField('Năm thi đua không hợp lệ (từ 2000 đến 2100).', 2000, 2100);

/** GET /blocs/:id/years/new?year= — the year whose agencies the form lists. */
export const newYearQuerySchema = z.object({ year: z.preprocess((v) => (v === '' ? undefined : v), yearField.optional()) });

/**
 * The new bloc-year form: `agencyIds` are the ticked members (checkboxes), `rotation_<agencyId>`
 * each member's place in the rotation (read from the raw body by the service's pure check).
 */
export const newYearSchema = z.object({
  year: yearField,
  agencyIds: idList('Đơn vị không hợp lệ.'),
  headAgencyId: optionalId('Khối trưởng không hợp lệ.'),
  deputyAgencyId: optionalId('Khối phó không hợp lệ.'),
});
export type NewYearInput = z.infer<typeof newYearSchema>;

/**
 * The rules of a bloc-year's members that need no database: 4–14 members, no agency twice, head
 * and deputy members and different, the rotation a permutation of 1..n (empty: list order).
 * Returns the field errors, or the members in rotation order with their place.
 */
export function checkMembers(
  input: { agencyIds: number[]; headAgencyId?: number; deputyAgencyId?: number },
  rotationInput: Record<string, unknown>,
): { ok: true; members: { agencyId: number; rotationOrder: number }[] } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const ids = input.agencyIds;
  if (new Set(ids).size !== ids.length) errors.agencyIds = 'Một đơn vị được chọn hai lần: mỗi đơn vị chỉ là thành viên một lần trong năm.';
  else if (ids.length < MIN_MEMBERS || ids.length > MAX_MEMBERS) {
    errors.agencyIds = `Khối, cụm thi đua cần từ ${MIN_MEMBERS} đến ${MAX_MEMBERS} đơn vị thành viên (đang chọn ${ids.length}).`;
  }
  if (input.headAgencyId === undefined) errors.headAgencyId = 'Vui lòng chọn Khối trưởng.';
  else if (!ids.includes(input.headAgencyId)) errors.headAgencyId = 'Khối trưởng phải là một đơn vị thành viên của khối trong năm.';
  if (input.deputyAgencyId === undefined) errors.deputyAgencyId = 'Vui lòng chọn Khối phó.';
  else if (!ids.includes(input.deputyAgencyId)) errors.deputyAgencyId = 'Khối phó phải là một đơn vị thành viên của khối trong năm.';
  else if (input.deputyAgencyId === input.headAgencyId) errors.deputyAgencyId = 'Khối phó phải là đơn vị khác với Khối trưởng.';

  // rotation: every ticked member's number, all empty (list order) or a permutation of 1..n
  const raw = ids.map((a) => {
    const v = rotationInput[`rotation_${a}`];
    return typeof v === 'string' ? v.trim() : v === undefined ? '' : null;
  });
  let order: number[] = ids.map((_, i) => i + 1);
  if (raw.some((v) => v === null)) errors.rotation = 'Thứ tự luân phiên không hợp lệ.';
  else if (raw.some((v) => v !== '')) {
    const nums = raw.map((v) => (/^\d{1,3}$/.test(v as string) ? Number(v) : NaN));
    const n = ids.length;
    const perm = nums.every((x) => Number.isInteger(x) && x >= 1 && x <= n) && new Set(nums).size === n;
    if (!perm) errors.rotation = `Thứ tự luân phiên phải đánh số mỗi đơn vị thành viên một số khác nhau từ 1 đến ${n} (để trống tất cả: theo thứ tự danh sách).`;
    else order = nums;
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, members: ids.map((agencyId, i) => ({ agencyId, rotationOrder: order[i] })).sort((a, b) => a.rotationOrder - b.rotationOrder) };
}
