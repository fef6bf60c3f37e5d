// The province's rules of a year, as the board edits them. Every field checked with its own message.
import { z } from 'zod';
import { AWARD_KINDS } from '../../domain/enums';
import { TIE_KEYS } from '../../domain/ranking';
import { parsePoints } from '../../domain/scoring';
import { idField } from '../../http/validate';

const int = (min: number, max: number, msg: string) => z.coerce.number({ error: msg }).int(msg).min(min, msg).max(max, msg);
const checkbox = z.preprocess((v) => v === 'on' || v === 'true' || v === '1', z.boolean());
const points = (msg: string) =>
  z
    .string({ error: msg })
    .transform((s) => parsePoints(s))
    .refine((c): c is number => c !== null && c > 0, msg);

export const yearQuery = z.object({ year: int(2000, 2100, 'Năm không hợp lệ.').optional() });

export const generalSchema = z
  .object({
    year: int(2000, 2100, 'Năm không hợp lệ.'),
    legalBasis: z.string().trim().max(1000, 'Căn cứ tối đa 1.000 ký tự.').default(''),
    bandExcellent: points('Ngưỡng xuất sắc không hợp lệ (ví dụ 90 hoặc 90,5).'),
    bandGood: points('Ngưỡng tốt không hợp lệ.'),
    bandFair: points('Ngưỡng khá không hợp lệ.'),
    quorumNumerator: int(1, 10, 'Tỷ lệ dự họp không hợp lệ.'),
    quorumDenominator: int(1, 10, 'Tỷ lệ dự họp không hợp lệ.'),
    electThresholdPercent: int(1, 99, 'Ngưỡng trúng cử là số phần trăm từ 1 đến 99.'),
    tie1: z.enum(TIE_KEYS, { error: 'Chọn tiêu chí phân định.' }),
    tie2: z.enum(TIE_KEYS, { error: 'Chọn tiêu chí phân định.' }),
    tie3: z.enum(TIE_KEYS, { error: 'Chọn tiêu chí phân định.' }),
    tie4: z.enum(TIE_KEYS, { error: 'Chọn tiêu chí phân định.' }),
    requireRegistration: checkbox,
    requirePledge: checkbox,
    appealWindowDays: int(0, 60, 'Số ngày khiếu nại từ 0 đến 60.'),
  })
  .superRefine((v, ctx) => {
    if (!(v.bandExcellent > v.bandGood)) ctx.addIssue({ code: 'custom', path: ['bandGood'], message: 'Ngưỡng tốt phải thấp hơn ngưỡng xuất sắc.' });
    if (!(v.bandGood > v.bandFair)) ctx.addIssue({ code: 'custom', path: ['bandFair'], message: 'Ngưỡng khá phải thấp hơn ngưỡng tốt.' });
    if (v.quorumNumerator > v.quorumDenominator) ctx.addIssue({ code: 'custom', path: ['quorumNumerator'], message: 'Tỷ lệ dự họp không thể lớn hơn 1.' });
    const order = [v.tie1, v.tie2, v.tie3, v.tie4];
    if (new Set(order).size !== order.length) ctx.addIssue({ code: 'custom', path: ['tie4'], message: 'Mỗi tiêu chí phân định chỉ chọn một lần.' });
  });
export type GeneralInput = z.infer<typeof generalSchema>;

export const awardSchema = z
  .object({
    year: int(2000, 2100, 'Năm không hợp lệ.'),
    quotaMode: z.enum(['PERCENT', 'COUNT', 'NONE'], { error: 'Chọn cách tính chỉ tiêu.' }),
    quotaValue: int(0, 100, 'Chỉ tiêu là số từ 0 đến 100.'),
    quotaRounding: z.enum(['UP', 'DOWN', 'NEAREST'], { error: 'Chọn cách làm tròn.' }),
    quotaMin: int(0, 14, 'Số tối thiểu từ 0 đến 14.'),
    minBand: z.enum(['', 'XUAT_SAC', 'TOT', 'KHA'], { error: 'Xếp loại tối thiểu không hợp lệ.' }),
    maxRank: z.preprocess((v) => (v === '' || v === undefined ? null : v), int(1, 14, 'Hạng tối đa từ 1 đến 14, hoặc để trống.').nullable()),
    requiresAward: z.union([z.literal(''), z.enum(AWARD_KINDS)], { error: 'Hình thức khen thưởng kèm theo không hợp lệ.' }),
    requireAim: checkbox,
    needsBallot: checkbox,
    minLdttPercent: int(0, 100, 'Tỷ lệ Lao động tiên tiến từ 0 đến 100.'),
    minCstdcs: int(0, 100, 'Số Chiến sĩ thi đua cơ sở từ 0 đến 100.'),
    legalBasis: z.string().trim().max(1000, 'Căn cứ tối đa 1.000 ký tự.').default(''),
  })
  .superRefine((v, ctx) => {
    if (v.quotaMode === 'COUNT' && v.quotaValue > 14) ctx.addIssue({ code: 'custom', path: ['quotaValue'], message: 'Một khối có tối đa 14 đơn vị.' });
    if (v.quotaMode !== 'NONE' && v.quotaValue === 0 && v.quotaMin === 0) ctx.addIssue({ code: 'custom', path: ['quotaValue'], message: 'Chỉ tiêu bằng 0: chọn "Không giới hạn" hoặc nhập số lớn hơn 0.' });
  });
export type AwardInput = z.infer<typeof awardSchema>;

export const awardParams = z.object({
  provinceId: idField('Mã tỉnh không hợp lệ.'),
  awardKind: z.enum(AWARD_KINDS, { error: 'Hình thức khen thưởng không hợp lệ.' }),
});
export const provinceParams = z.object({ provinceId: idField('Mã tỉnh không hợp lệ.') });
