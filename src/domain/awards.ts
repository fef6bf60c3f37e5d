// Awards a bloc proposes: the province's rule for each (quota and conditions), who is eligible and
// why not, and whether one more proposal fits the quota. Pure rules, unit-tested; every page, the
// server-side check and the documents use these.
import { AWARD_LABELS, BAND_LABELS, BANDS, FLAG_LABELS, type AwardKind, type Band } from './enums';

export type QuotaMode = 'PERCENT' | 'COUNT' | 'NONE';
export type Rounding = 'UP' | 'DOWN' | 'NEAREST';

export type AwardRuleInput = {
  awardKind: AwardKind;
  quotaMode: QuotaMode;
  quotaValue: number;
  quotaRounding: Rounding;
  quotaMin: number;
  minBand: Band | '';
  maxRank: number | null;
  requiresAward: AwardKind | '';
  requireAim: boolean;
  needsBallot: boolean;
  minLdttPercent: number;
  minCstdcs: number;
  legalBasis: string;
};

const BASIS = 'Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định 152/2025/NĐ-CP; quy chế hoạt động khối thi đua của tỉnh';

/** Defaults from DOMAIN.md, used when the province has not set its own rule for the year. */
export const DEFAULT_AWARD_RULES: Record<AwardKind, AwardRuleInput> = {
  // Units leading the bloc (ranked xuất sắc), elected by the bloc's vote; 20% of members rounded up, at least 1.
  CO_TINH: { awardKind: 'CO_TINH', quotaMode: 'PERCENT', quotaValue: 20, quotaRounding: 'UP', quotaMin: 1, minBand: 'XUAT_SAC', maxRank: null, requiresAward: '', requireAim: true, needsBallot: true, minLdttPercent: 0, minCstdcs: 0, legalBasis: BASIS },
  // Only the bloc's top unit, also proposed for the provincial flag.
  CO_CHINH_PHU: { awardKind: 'CO_CHINH_PHU', quotaMode: 'COUNT', quotaValue: 1, quotaRounding: 'UP', quotaMin: 0, minBand: 'XUAT_SAC', maxRank: 1, requiresAward: 'CO_TINH', requireAim: true, needsBallot: true, minLdttPercent: 0, minCstdcs: 0, legalBasis: BASIS },
  // Units ranked xuất sắc or tốt; 30% of members rounded down, at least 1.
  BANG_KHEN_TINH: { awardKind: 'BANG_KHEN_TINH', quotaMode: 'PERCENT', quotaValue: 30, quotaRounding: 'DOWN', quotaMin: 1, minBand: 'TOT', maxRank: null, requiresAward: '', requireAim: false, needsBallot: false, minLdttPercent: 0, minCstdcs: 0, legalBasis: BASIS },
  // Titles: no quota; staff conditions checked on the numbers registered at the start of the year.
  TTLDXS: { awardKind: 'TTLDXS', quotaMode: 'NONE', quotaValue: 0, quotaRounding: 'UP', quotaMin: 0, minBand: 'XUAT_SAC', maxRank: null, requiresAward: '', requireAim: true, needsBallot: false, minLdttPercent: 70, minCstdcs: 1, legalBasis: BASIS },
  TTLDTT: { awardKind: 'TTLDTT', quotaMode: 'NONE', quotaValue: 0, quotaRounding: 'UP', quotaMin: 0, minBand: 'TOT', maxRank: null, requiresAward: '', requireAim: true, needsBallot: false, minLdttPercent: 51, minCstdcs: 0, legalBasis: BASIS },
};

/** How many units of a bloc may be proposed; null = no quota. Integer arithmetic: no float rounding surprises. */
export function quotaFor(rule: Pick<AwardRuleInput, 'quotaMode' | 'quotaValue' | 'quotaRounding' | 'quotaMin'>, membersCount: number): number | null {
  if (rule.quotaMode === 'NONE') return null;
  if (rule.quotaMode === 'COUNT') return Math.max(rule.quotaValue, rule.quotaMin);
  const hundredths = membersCount * rule.quotaValue;
  const n =
    rule.quotaRounding === 'UP' ? Math.floor((hundredths + 99) / 100)
    : rule.quotaRounding === 'DOWN' ? Math.floor(hundredths / 100)
    : Math.floor((hundredths + 50) / 100);
  return Math.min(membersCount, Math.max(n, rule.quotaMin));
}

const ROUNDING_LABELS: Record<Rounding, string> = { UP: 'làm tròn lên', DOWN: 'làm tròn xuống', NEAREST: 'làm tròn' };

/** "tối đa 2 đơn vị (20% số thành viên, làm tròn lên, ít nhất 1)" */
export function quotaText(rule: AwardRuleInput, membersCount: number): string {
  const q = quotaFor(rule, membersCount);
  if (q === null) return 'không giới hạn số lượng';
  if (rule.quotaMode === 'COUNT') return `tối đa ${q} đơn vị`;
  const min = rule.quotaMin > 0 ? `, ít nhất ${rule.quotaMin}` : '';
  return `tối đa ${q} đơn vị (${rule.quotaValue}% của ${membersCount} thành viên, ${ROUNDING_LABELS[rule.quotaRounding]}${min})`;
}

/** What is known of one unit at the year-end conference. */
export type UnitFacts = {
  agencyId: number;
  name: string;
  /** null: not ranked (sheet not accepted / review not frozen) */
  rank: number | null;
  band: Band | null;
  registration: { status: string; submittedAt: Date | null; aims: string[]; staffCount: number; countLdtt: number; countCstdcs: number } | null;
  registrationDue: Date | null;
  /** null: no pledge published this year, so nothing to sign */
  signedPledge: boolean | null;
  tasksCompleted: boolean;
  /** open discipline/inspection/investigation/complaint flags on the check date */
  openFlags: string[];
  /** dissolved or merged away by the check date */
  dissolved: boolean;
  /** elected by a closed ballot of this award */
  elected: boolean;
  /** other awards this unit is proposed for (not withdrawn) */
  proposedFor: string[];
};

export type GeneralRules = { requireRegistration: boolean; requirePledge: boolean };

const bandAtLeast = (b: Band, min: Band) => BANDS.indexOf(b) <= BANDS.indexOf(min);

/** The end of the due day in Vietnam (UTC+7): sent on the due date counts as on time. */
export function endOfDueDay(d: Date): Date {
  const vn = new Date(d.getTime() + 7 * 3600_000);
  return new Date(Date.UTC(vn.getUTCFullYear(), vn.getUTCMonth(), vn.getUTCDate(), 23, 59, 59, 999) - 7 * 3600_000);
}

/** Sent (or about to be sent, at `at`) after the due day: what the on-time rule counts as late. */
export function isAfterDue(at: Date, due: Date | null): boolean {
  return due !== null && at > endOfDueDay(due);
}

/** Every reason the unit may not be proposed for this award; empty = eligible. */
export function ineligibilityReasons(rule: AwardRuleInput, u: UnitFacts, general: GeneralRules): string[] {
  const out: string[] = [];
  const reg = u.registration;
  if (general.requireRegistration) {
    if (!reg || reg.status !== 'ACCEPTED') out.push('Chưa có đăng ký thi đua được Khối trưởng chấp nhận.');
    else if (reg.submittedAt && isAfterDue(reg.submittedAt, u.registrationDue)) out.push('Đăng ký thi đua không đúng hạn.');
  }
  if (general.requirePledge && u.signedPledge === false) out.push('Chưa ký giao ước thi đua.');
  if (!u.tasksCompleted) out.push('Chưa hoàn thành nhiệm vụ năm.');
  for (const f of u.openFlags) out.push(`${FLAG_LABELS[f as keyof typeof FLAG_LABELS] ?? f}.`);
  if (u.dissolved) out.push('Đơn vị đã giải thể hoặc sáp nhập (không xét khen thưởng).');
  if (u.rank === null || u.band === null) out.push('Chưa có kết quả xếp hạng tổng kết.');
  else {
    if (rule.minBand && !bandAtLeast(u.band, rule.minBand)) out.push(`Xếp loại ${BAND_LABELS[u.band].toLowerCase()}, cần từ ${BAND_LABELS[rule.minBand].toLowerCase()} trở lên.`);
    if (rule.maxRank !== null && u.rank > rule.maxRank) out.push(rule.maxRank === 1 ? `Không phải đơn vị dẫn đầu khối (hạng ${u.rank}).` : `Hạng ${u.rank}, chỉ xét đến hạng ${rule.maxRank}.`);
  }
  if (rule.requireAim && !(reg?.aims ?? []).includes(rule.awardKind)) out.push(`Không đăng ký phấn đấu ${AWARD_LABELS[rule.awardKind]} từ đầu năm.`);
  if (rule.requiresAward && !u.proposedFor.includes(rule.requiresAward)) out.push(`Chưa được đề nghị ${AWARD_LABELS[rule.requiresAward]}.`);
  if (rule.minLdttPercent > 0) {
    const staff = reg?.staffCount ?? 0;
    // more than 50% is written as 51 in the rule; integer comparison avoids rounding
    if (staff <= 0 || (reg?.countLdtt ?? 0) * 100 < rule.minLdttPercent * staff) out.push(`Tỷ lệ Lao động tiên tiến đăng ký dưới ${rule.minLdttPercent}% quân số.`);
  }
  if (rule.minCstdcs > 0 && (reg?.countCstdcs ?? 0) < rule.minCstdcs) out.push(`Cần ít nhất ${rule.minCstdcs} Chiến sĩ thi đua cơ sở.`);
  if (rule.needsBallot && !u.elected) out.push('Chưa được hội nghị suy tôn (bỏ phiếu).');
  return out;
}

/**
 * The server-side check of one more proposal: the quota first (its message names the numbers),
 * then every condition. Null = allowed.
 */
export function proposalError(rule: AwardRuleInput, u: UnitFacts, general: GeneralRules, membersCount: number, alreadyProposed: number): string | null {
  const problems: string[] = [];
  const q = quotaFor(rule, membersCount);
  if (q !== null && alreadyProposed >= q) {
    problems.push(`Vượt chỉ tiêu ${AWARD_LABELS[rule.awardKind]}: khối được đề nghị ${quotaText(rule, membersCount)}, đã đề nghị ${alreadyProposed}.`);
  }
  problems.push(...ineligibilityReasons(rule, u, general));
  return problems.length ? `Không thể đề nghị ${u.name}: ${problems.join(' ')}` : null;
}
