// Score totals: the one pure function every page and export uses.
// Final = sum of the NORMAL criteria + bonus − deductions, where a criterion's reviewed score is the
// bloc's score when it set one, else the unit's own (the bloc agreed with it).

export type CriterionForTotal = { id: number; kind: string; maxCenti: number; groupId: number };
export type EntryForTotal = { criterionId: number; selfCenti: number | null; reviewedCenti: number | null };

export type Totals = { baseCenti: number; bonusCenti: number; deductionCenti: number; totalCenti: number };

export type SheetTotals = {
  self: Totals;
  reviewed: Totals;
  coreGroupCenti: number; // reviewed score of the core-task groups (tie-break)
  answered: number; // criteria with a self score
  required: number; // every criterion must be answered (bonus/deduction with 0 when none)
  complete: boolean;
};

function sum(criteria: readonly CriterionForTotal[], score: (c: CriterionForTotal) => number | null): Totals {
  let base = 0;
  let bonus = 0;
  let deduction = 0;
  for (const c of criteria) {
    const v = score(c) ?? 0;
    if (c.kind === 'BONUS') bonus += v;
    else if (c.kind === 'DEDUCTION') deduction += v;
    else base += v;
  }
  return { baseCenti: base, bonusCenti: bonus, deductionCenti: deduction, totalCenti: base + bonus - deduction };
}

export function sheetTotals(
  criteria: readonly CriterionForTotal[],
  entries: readonly EntryForTotal[],
  coreGroupIds: ReadonlySet<number> = new Set(),
): SheetTotals {
  const byCriterion = new Map(entries.map((e) => [e.criterionId, e]));
  const self = (c: CriterionForTotal) => byCriterion.get(c.id)?.selfCenti ?? null;
  const reviewed = (c: CriterionForTotal) => {
    const e = byCriterion.get(c.id);
    return e ? (e.reviewedCenti ?? e.selfCenti) : null;
  };
  const answered = criteria.filter((c) => self(c) !== null).length;
  const core = criteria.filter((c) => c.kind === 'NORMAL' && coreGroupIds.has(c.groupId)).reduce((s, c) => s + (reviewed(c) ?? 0), 0);
  return {
    self: sum(criteria, self),
    reviewed: sum(criteria, reviewed),
    coreGroupCenti: core,
    answered,
    required: criteria.length,
    complete: answered === criteria.length,
  };
}

/** Max points of a table: base (NORMAL), and the limits of bonus and deduction. */
export function tableMax(criteria: readonly { kind: string; maxCenti: number }[]) {
  const by = (k: string) => criteria.filter((c) => c.kind === k).reduce((s, c) => s + c.maxCenti, 0);
  return { baseCenti: by('NORMAL'), bonusCenti: by('BONUS'), deductionCenti: by('DEDUCTION') };
}

/** Parses "97,5" or "97.5" (points) into hundredths; null for an empty string; NaN when invalid. */
export function parsePoints(input: string): number | null {
  const s = input.trim().replace(/\s/g, '');
  if (s === '') return null;
  if (!/^\d{1,4}([.,]\d{1,2})?$/.test(s)) return Number.NaN;
  return Math.round(Number(s.replace(',', '.')) * 100);
}

/** A score must lie in 0..max and on the table's step (e.g. half points). */
export function scoreError(centi: number, c: { maxCenti: number; stepCenti: number; kind: string }): string | null {
  if (Number.isNaN(centi)) return 'Điểm phải là số, tối đa hai chữ số thập phân (ví dụ 9,5).';
  if (centi < 0) return 'Điểm không được âm.';
  if (centi > c.maxCenti) {
    const max = (c.maxCenti / 100).toLocaleString('vi-VN');
    if (c.kind === 'BONUS') return `Điểm thưởng tối đa là ${max}.`;
    if (c.kind === 'DEDUCTION') return `Điểm trừ tối đa là ${max}.`;
    return `Điểm tối đa của tiêu chí này là ${max}.`;
  }
  if (c.stepCenti > 0 && centi % c.stepCenti !== 0) {
    return `Điểm phải là bội số của ${(c.stepCenti / 100).toLocaleString('vi-VN')}.`;
  }
  return null;
}
