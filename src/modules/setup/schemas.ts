// Input of the head's set-up pages: the year's settings, members, phase moves and the criteria table.
import { z } from 'zod';
import { PHASES, CRITERION_KINDS, type CriterionKind } from '../../domain/enums';
import { parsePoints } from '../../domain/scoring';
import { formatDate } from '../../i18n/format';
import { idField, intField } from '../../http/validate';

export const DEADLINES = ['registrationDue', 'pledgeDue', 'criteriaDue', 'midYearReviewDue', 'selfScoreDue', 'yearEndReviewDue', 'appealUntil'] as const;
export type Deadline = (typeof DEADLINES)[number];
export const DEADLINE_LABELS: Record<Deadline, string> = {
  registrationDue: 'Hạn đăng ký thi đua',
  pledgeDue: 'Hạn ký giao ước thi đua',
  criteriaDue: 'Hạn thông qua bảng tiêu chí',
  midYearReviewDue: 'Hạn sơ kết 6 tháng',
  selfScoreDue: 'Hạn tự chấm điểm',
  yearEndReviewDue: 'Hạn tổng kết năm',
  appealUntil: 'Hạn khiếu nại kết quả chấm điểm',
};

// The order the year runs in: [earlier, later]. Checked only when both dates are filled in; the
// message goes next to the later one, which is usually the one typed wrong.
const DEADLINE_ORDER: readonly [Deadline, Deadline][] = [
  ['registrationDue', 'midYearReviewDue'],
  ['pledgeDue', 'midYearReviewDue'],
  ['criteriaDue', 'midYearReviewDue'], // the table is adopted at the latest at mid-year (DOMAIN.md)
  ['registrationDue', 'selfScoreDue'],
  ['pledgeDue', 'selfScoreDue'],
  ['criteriaDue', 'selfScoreDue'],
  ['midYearReviewDue', 'selfScoreDue'],
  ['selfScoreDue', 'yearEndReviewDue'],
  ['midYearReviewDue', 'yearEndReviewDue'],
  ['selfScoreDue', 'appealUntil'],
];

const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** "2022-03-31" → 31/03/2022 at noon UTC (the same calendar day in every time zone we show); '' → null. */
function dateField(year: number, label: string) {
  const from = new Date(Date.UTC(year - 1, 0, 1, 12));
  const to = new Date(Date.UTC(year + 1, 11, 31, 12));
  return z
    .string()
    .trim()
    .default('')
    .transform((s, ctx) => {
      if (s === '') return null;
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
      const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12)) : null;
      // Date.UTC rolls 30/02 over to 02/03: a round trip catches days that do not exist.
      if (!d || d.toISOString().slice(0, 10) !== s) {
        ctx.addIssue({ code: 'custom', message: `${label}: ngày không hợp lệ (định dạng ngày/tháng/năm).` });
        return z.NEVER;
      }
      if (d < from || d > to) {
        ctx.addIssue({ code: 'custom', message: `${label} phải trong khoảng từ ${formatDate(from)} đến ${formatDate(to)}.` });
        return z.NEVER;
      }
      return d;
    });
}

const checkbox = z.preprocess((v) => v === 'on' || v === '1' || v === 'true', z.boolean());

const formVersion = intField('Phiên bản dữ liệu không hợp lệ. Vui lòng tải lại trang.', 1);

/** The year's settings; deadlines must lie in year−1..year+1 and follow the order of the year. */
export function setupSchema(year: number) {
  const dates = Object.fromEntries(DEADLINES.map((k) => [k, dateField(year, DEADLINE_LABELS[k])])) as Record<Deadline, ReturnType<typeof dateField>>;
  return z
    .object({
      version: formVersion,
      theme: z.string({ error: 'Chủ đề tối đa 300 ký tự.' }).trim().max(300, 'Chủ đề tối đa 300 ký tự.').default(''),
      motto: z.string({ error: 'Khẩu hiệu tối đa 300 ký tự.' }).trim().max(300, 'Khẩu hiệu tối đa 300 ký tự.').default(''),
      deputyActsAsHead: checkbox,
      ...dates,
    })
    .superRefine((v, ctx) => {
      const flagged = new Set<string>();
      for (const [early, late] of DEADLINE_ORDER) {
        const a = v[early];
        const b = v[late];
        if (!a || !b || b >= a || flagged.has(late)) continue;
        flagged.add(late);
        ctx.addIssue({
          code: 'custom',
          path: [late],
          message: `${DEADLINE_LABELS[late]} không được trước ${lower(DEADLINE_LABELS[early])} (${formatDate(a)}).`,
        });
      }
    });
}
export type SetupInput = z.infer<ReturnType<typeof setupSchema>>;


export const addMemberSchema = z.object({ agencyId: idField('Vui lòng chọn đơn vị cần thêm.') });
export const agencyParam = z.object({ agencyId: idField('Mã đơn vị không hợp lệ.') });
export const groupParam = z.object({ groupId: idField('Mã nhóm tiêu chí không hợp lệ.') });
export const criterionParam = z.object({ criterionId: idField('Mã tiêu chí không hợp lệ.') });

export const phaseSchema = z.object({ to: z.enum(PHASES, { error: 'Giai đoạn chuyển đến không hợp lệ.' }) });

export const copySchema = z.object({ source: z.enum(['template', 'previous'], { error: 'Vui lòng chọn nguồn để lập bảng tiêu chí.' }) });
export type CopySource = z.infer<typeof copySchema>['source'];

// ───────────────────────────── Criteria table ─────────────────────────────

export const CRITERION_KIND_LABELS: Record<CriterionKind, string> = { NORMAL: 'Tiêu chí', BONUS: 'Điểm thưởng', DEDUCTION: 'Điểm trừ' };
/** Steps a criterion may be scored in, in hundredths: 0,25 / 0,5 / 1 point. */
export const STEPS = [25, 50, 100] as const;
const MAX_POINTS_CENTI = 100_000; // 1.000 points: the largest base total in use

export const groupSchema = z.object({
  groupCode: z.string({ error: 'Vui lòng nhập số thứ tự nhóm (ví dụ I, II).' }).trim().min(1, 'Vui lòng nhập số thứ tự nhóm (ví dụ I, II).').max(10, 'Số thứ tự nhóm tối đa 10 ký tự.'),
  groupName: z.string({ error: 'Vui lòng nhập tên nhóm tiêu chí.' }).trim().min(2, 'Vui lòng nhập tên nhóm tiêu chí.').max(300, 'Tên nhóm tối đa 300 ký tự.'),
  isCoreTask: checkbox,
});
export type GroupInput = z.infer<typeof groupSchema>;

export const itemSchema = z
  .object({
    groupId: idField('Vui lòng chọn nhóm tiêu chí.'),
    code: z.string({ error: 'Vui lòng nhập mã tiêu chí (ví dụ 1.1, T1, D1).' }).trim().min(1, 'Vui lòng nhập mã tiêu chí (ví dụ 1.1, T1, D1).').max(20, 'Mã tiêu chí tối đa 20 ký tự.'),
    name: z.string({ error: 'Vui lòng nhập nội dung tiêu chí.' }).trim().min(2, 'Vui lòng nhập nội dung tiêu chí.').max(500, 'Nội dung tiêu chí tối đa 500 ký tự.'),
    kind: z.enum(CRITERION_KINDS, { error: 'Vui lòng chọn loại: tiêu chí, điểm thưởng hoặc điểm trừ.' }),
    maxPoints: z
      .string({ error: 'Vui lòng nhập điểm tối đa.' })
      .transform((s, ctx) => {
        const centi = parsePoints(s);
        if (centi === null) ctx.addIssue({ code: 'custom', message: 'Vui lòng nhập điểm tối đa.' });
        else if (Number.isNaN(centi)) ctx.addIssue({ code: 'custom', message: 'Điểm tối đa phải là số, tối đa hai chữ số thập phân (ví dụ 10 hoặc 2,5).' });
        else if (centi <= 0) ctx.addIssue({ code: 'custom', message: 'Điểm tối đa phải lớn hơn 0.' });
        else if (centi > MAX_POINTS_CENTI) ctx.addIssue({ code: 'custom', message: 'Điểm tối đa không quá 1.000 điểm.' });
        else return centi;
        return z.NEVER;
      }),
    stepCenti: z.coerce.number({ error: 'Vui lòng chọn bước điểm.' }).refine((v) => (STEPS as readonly number[]).includes(v), 'Bước điểm chỉ được là 0,25; 0,5 hoặc 1 điểm.'),
    guidance: z.string({ error: 'Hướng dẫn chấm tối đa 2.000 ký tự.' }).trim().max(2000, 'Hướng dẫn chấm tối đa 2.000 ký tự.').default(''),
  })
  // A max off the step could never be reached by a score on the step.
  .refine((v) => v.maxPoints % v.stepCenti === 0, { path: ['maxPoints'], message: 'Điểm tối đa phải là bội số của bước điểm.' });
export type ItemInput = z.infer<typeof itemSchema>;
