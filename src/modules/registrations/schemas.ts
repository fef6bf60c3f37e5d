// The registration form (đăng ký thi đua) and the head's review, with Vietnamese messages.
import { z } from 'zod';
import type { AwardKind } from '../../domain/enums';
import { formatInt } from '../../i18n/format';
import { idField, INT_MAX } from '../../http/validate';

/** Collective titles a unit may register for; '' = none. */
export const COLLECTIVE_TITLES = ['TTLDXS', 'TTLDTT'] as const satisfies readonly AwardKind[];
/** Award forms a unit may aim at in its registration (stored comma-separated). */
export const AWARD_AIMS = ['CO_TINH', 'CO_CHINH_PHU', 'BANG_KHEN_TINH'] as const satisfies readonly AwardKind[];
export type AwardAim = (typeof AWARD_AIMS)[number];

/** Chiến sĩ thi đua cơ sở: at most 15% of the Lao động tiên tiến holders, rounded down (old rule). */
export const CSTDCS_PERCENT = 15;
export const maxCstdcs = (countLdtt: number) => Math.floor((countLdtt * CSTDCS_PERCENT) / 100);

export const splitAims = (s: string): AwardAim[] => s.split(',').filter((a): a is AwardAim => (AWARD_AIMS as readonly string[]).includes(a));

// A whole number as typed by a Vietnamese user: "1200", "1.200" or "1 200". Empty → undefined.
const intInput = (v: unknown) => {
  if (typeof v !== 'string') return v;
  const s = v.trim();
  if (s === '') return undefined;
  const plain = /^-?\d{1,3}([. ]\d{3})+$/.test(s) ? s.replace(/[. ]/g, '') : s;
  return /^-?\d+$/.test(plain) ? Number(plain) : Number.NaN;
};

const count = (label: string) =>
  z.preprocess(
    intInput,
    z
      .number({ error: `${label} phải là số nguyên không âm.` })
      .int(`${label} phải là số nguyên không âm.`)
      .min(0, `${label} không được là số âm.`)
      .max(100_000, `${label} tối đa 100.000.`)
      .default(0),
  );

export const registrationSchema = z
  .object({
    action: z.enum(['save', 'submit'], { error: 'Thao tác không hợp lệ.' }).default('save'),
    version: z.preprocess(intInput, z.number({ error: 'Phiên bản biểu mẫu không hợp lệ.' }).int('Phiên bản biểu mẫu không hợp lệ.').min(0, 'Phiên bản biểu mẫu không hợp lệ.').max(INT_MAX, 'Phiên bản biểu mẫu không hợp lệ.')),
    collectiveTitle: z
      .preprocess((v) => (v === undefined || v === 'NONE' ? '' : v), z.enum(['', 'TTLDXS', 'TTLDTT'], { error: 'Danh hiệu tập thể đăng ký không hợp lệ.' })),
    awardAims: z.preprocess(
      (v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]),
      // Checked as a whole so the message sits on the field, not on one checkbox.
      z
        .array(z.string(), { error: 'Hình thức khen thưởng đăng ký không hợp lệ.' })
        .max(AWARD_AIMS.length, 'Hình thức khen thưởng đăng ký không hợp lệ.')
        .refine((list) => list.every((a) => (AWARD_AIMS as readonly string[]).includes(a)), 'Hình thức khen thưởng đăng ký không hợp lệ.')
        .transform((list) => AWARD_AIMS.filter((a) => list.includes(a))),
    ),
    targets: z.string({ error: 'Chỉ tiêu, nhiệm vụ không hợp lệ.' }).trim().max(4000, 'Chỉ tiêu, nhiệm vụ tối đa 4.000 ký tự.').default(''),
    staffCount: z.preprocess(
      intInput,
      z
        .number({ error: 'Cần nhập tổng số cán bộ, công chức, người lao động (số nguyên từ 1 đến 100.000).' })
        .int('Tổng số cán bộ phải là số nguyên từ 1 đến 100.000.')
        .min(1, 'Tổng số cán bộ phải là số nguyên từ 1 đến 100.000.')
        .max(100_000, 'Tổng số cán bộ phải là số nguyên từ 1 đến 100.000.'),
    ),
    countLdtt: count('Số Lao động tiên tiến'),
    countCstdcs: count('Số Chiến sĩ thi đua cơ sở'),
    countCstdTinh: count('Số Chiến sĩ thi đua cấp tỉnh'),
  })
  .superRefine((v, ctx) => {
    if (v.countLdtt > v.staffCount) {
      ctx.addIssue({ code: 'custom', path: ['countLdtt'], message: `Số Lao động tiên tiến không được vượt quá tổng số cán bộ (${formatInt(v.staffCount)}).` });
    }
    const max = maxCstdcs(v.countLdtt);
    if (v.countCstdcs > max) {
      ctx.addIssue({
        code: 'custom',
        path: ['countCstdcs'],
        message: `Số Chiến sĩ thi đua cơ sở tối đa bằng ${CSTDCS_PERCENT}% số Lao động tiên tiến, làm tròn xuống: với ${formatInt(v.countLdtt)} Lao động tiên tiến thì tối đa ${formatInt(max)}.`,
      });
    }
    if (v.countCstdTinh > v.countCstdcs) {
      ctx.addIssue({ code: 'custom', path: ['countCstdTinh'], message: 'Số Chiến sĩ thi đua cấp tỉnh không được vượt quá số Chiến sĩ thi đua cơ sở.' });
    }
    // The Government flag goes only to the bloc's top unit that is also proposed for the provincial flag.
    if (v.awardAims.includes('CO_CHINH_PHU') && !v.awardAims.includes('CO_TINH')) {
      ctx.addIssue({ code: 'custom', path: ['awardAims'], message: 'Đăng ký Cờ thi đua của Chính phủ cần đăng ký cả Cờ thi đua của UBND tỉnh.' });
    }
    if (v.action === 'submit' && v.targets.length < 10) {
      ctx.addIssue({ code: 'custom', path: ['targets'], message: 'Cần ghi chỉ tiêu, nhiệm vụ đăng ký (ít nhất 10 ký tự) trước khi gửi.' });
    }
  });
export type RegistrationInput = z.infer<typeof registrationSchema>;

const versionField = z.preprocess(intInput, z.number({ error: 'Phiên bản biểu mẫu không hợp lệ.' }).int('Phiên bản biểu mẫu không hợp lệ.').min(1, 'Phiên bản biểu mẫu không hợp lệ.').max(INT_MAX, 'Phiên bản biểu mẫu không hợp lệ.'));

export const acceptSchema = z.object({ version: versionField });

export const returnSchema = z.object({
  version: versionField,
  returnReason: z
    .string({ error: 'Cần ghi lý do trả lại (từ 5 đến 1.000 ký tự).' })
    .trim()
    .min(5, 'Cần ghi lý do trả lại (từ 5 đến 1.000 ký tự).')
    .max(1000, 'Lý do trả lại tối đa 1.000 ký tự.'),
});

export const agencyParam = z.object({ agencyId: idField('Mã đơn vị không hợp lệ.') });
