// Consequences shown before they happen: which awards a fact (a late registration, an unsigned
// pledge, a flag on the unit, a late score sheet) rules out under the province's rules of the year,
// and why. Pure: it runs the very eligibility rules the awards page and the server check use
// (ineligibilityReasons) on a unit that would otherwise qualify for everything, so the warning can
// never promise or threaten what the conference will not do.
import { formatDate } from '../i18n/format';
import { endOfDueDay, ineligibilityReasons, type AwardRuleInput, type GeneralRules, type UnitFacts } from './awards';
import { AWARD_KINDS, AWARD_LABELS, FLAG_LABELS, type AwardKind } from './enums';

export type Hypothesis =
  | { kind: 'LATE_REGISTRATION'; due: Date }
  | { kind: 'LATE_SHEET'; due: Date }
  | { kind: 'UNSIGNED_PLEDGE' }
  | { kind: 'FLAG'; flag: string };

export type YearRules = { awards: Record<AwardKind, AwardRuleInput>; general: GeneralRules };

export type Consequence = {
  hypothesis: Hypothesis;
  /** the award kinds this fact alone rules out, in the order of AWARD_KINDS */
  awards: AwardKind[];
  /** the eligibility conditions it breaks, as the awards page words them */
  reasons: string[];
};

/** A unit that meets every condition of every award, so that only the hypothesis can rule one out. */
function qualifyingUnit(due: Date | null): UnitFacts {
  return {
    agencyId: 0,
    name: '',
    rank: 1,
    band: 'XUAT_SAC',
    registration: { status: 'ACCEPTED', submittedAt: due, aims: [...AWARD_KINDS], staffCount: 100, countLdtt: 100, countCstdcs: Number.MAX_SAFE_INTEGER },
    registrationDue: due,
    signedPledge: true,
    tasksCompleted: true,
    openFlags: [],
    dissolved: false,
    elected: true,
    proposedFor: [...AWARD_KINDS],
  };
}

function withFact(u: UnitFacts, h: Hypothesis): UnitFacts {
  switch (h.kind) {
    case 'LATE_REGISTRATION':
      return { ...u, registration: { ...u.registration!, submittedAt: new Date(endOfDueDay(h.due).getTime() + 1) } };
    case 'UNSIGNED_PLEDGE':
      return { ...u, signedPledge: false };
    case 'FLAG':
      return { ...u, openFlags: [h.flag] };
    case 'LATE_SHEET':
      // No rule of the province looks at when a sheet was sent: only that it is reviewed by the conference.
      return u;
  }
}

/** The awards the fact rules out under these rules, and the conditions it breaks. */
export function consequencesOf(rules: YearRules, h: Hypothesis): Consequence {
  const base = qualifyingUnit(h.kind === 'LATE_REGISTRATION' ? h.due : null);
  const changed = withFact(base, h);
  const awards: AwardKind[] = [];
  const reasons: string[] = [];
  for (const kind of AWARD_KINDS) {
    const before = new Set(ineligibilityReasons(rules.awards[kind], base, rules.general));
    const added = ineligibilityReasons(rules.awards[kind], changed, rules.general).filter((r) => !before.has(r));
    if (!added.length) continue;
    awards.push(kind);
    for (const r of added) if (!reasons.includes(r)) reasons.push(r);
  }
  return { hypothesis: h, awards, reasons };
}

/**
 * The sentence a unit or the head reads, e.g. "Gửi sau hạn 07/12/2026: đơn vị sẽ không đủ điều kiện
 * Cờ thi đua của UBND tỉnh, Bằng khen của Chủ tịch UBND tỉnh theo quy định của tỉnh."
 * `sent`: the fact has already happened (a registration sent late), so it is stated, not warned.
 */
export function consequenceText(c: Consequence, opts: { sent?: boolean } = {}): string {
  const h = c.hypothesis;
  const lead =
    h.kind === 'LATE_REGISTRATION' ? (opts.sent ? `Đã gửi đăng ký sau hạn ${formatDate(h.due)}` : `Gửi sau hạn ${formatDate(h.due)}`)
    : h.kind === 'LATE_SHEET' ? (opts.sent ? `Đã gửi bảng điểm sau hạn ${formatDate(h.due)}` : `Gửi sau hạn ${formatDate(h.due)}`)
    : h.kind === 'UNSIGNED_PLEDGE' ? 'Chưa ký giao ước thi đua'
    : (FLAG_LABELS[h.flag as keyof typeof FLAG_LABELS] ?? h.flag);
  if (!c.awards.length) {
    return h.kind === 'LATE_SHEET'
      ? `${lead}: quy định của tỉnh không loại đơn vị khỏi hình thức khen thưởng nào vì gửi bảng điểm muộn, nhưng bảng điểm phải được Khối trưởng thẩm định trước hội nghị tổng kết.`
      : `${lead}: quy định của tỉnh năm nay không loại đơn vị khỏi hình thức khen thưởng nào vì lý do này.`;
  }
  const list = c.awards.map((k) => AWARD_LABELS[k]).join(', ');
  const condition =
    h.kind === 'UNSIGNED_PLEDGE' ? 'nếu không ký trước hội nghị tổng kết, đơn vị sẽ không đủ điều kiện'
    : h.kind === 'FLAG' ? 'nếu chưa kết thúc trước hội nghị tổng kết, đơn vị sẽ không đủ điều kiện'
    : opts.sent ? 'đơn vị không đủ điều kiện'
    : 'đơn vị sẽ không đủ điều kiện';
  return `${lead}: ${condition} ${list} theo quy định của tỉnh.`;
}
