// The phases of a bloc-year and what may happen in each. Pure rules, unit-tested.
import type { Phase, Period } from './enums';

/** The head moves the year forward (and back from the mid-year review once it is frozen). */
export const TRANSITIONS: Record<Phase, Phase[]> = {
  SETUP: ['REGISTRATION'],
  REGISTRATION: ['SCORING'],
  SCORING: ['MID_YEAR_REVIEW', 'YEAR_END_REVIEW'],
  MID_YEAR_REVIEW: ['SCORING'],
  YEAR_END_REVIEW: [], // closing the year is its own step (year-end conference)
  CLOSED: [],
};

export type YearState = { phase: Phase; midYearFrozen: boolean };

export function transitionError(from: YearState, to: Phase): string | null {
  if (!TRANSITIONS[from.phase].includes(to)) return 'Không thể chuyển sang giai đoạn này từ giai đoạn hiện tại.';
  if (from.phase === 'SCORING' && to === 'MID_YEAR_REVIEW' && from.midYearFrozen) return 'Sơ kết 6 tháng đã được chốt.';
  if (from.phase === 'SCORING' && to === 'YEAR_END_REVIEW' && !from.midYearFrozen) return 'Cần chốt sơ kết 6 tháng trước khi tổng kết năm.';
  if (from.phase === 'MID_YEAR_REVIEW' && to === 'SCORING' && !from.midYearFrozen) return 'Cần chốt sơ kết 6 tháng trước khi tiếp tục chấm điểm.';
  return null;
}

/** The scoring period open to units: the first half until the mid-year review is frozen. */
export function activePeriod(s: YearState): Period {
  return s.midYearFrozen ? 'YEAR_END' : 'MID_YEAR';
}

/** Members may be added or removed only before registration opens. */
export const canEditMembers = (s: YearState) => s.phase === 'SETUP';
/** The criteria table is locked once scoring opens. */
export const canEditCriteria = (s: YearState) => s.phase === 'SETUP' || s.phase === 'REGISTRATION';
export const canRegister = (s: YearState) => s.phase === 'REGISTRATION' || s.phase === 'SCORING';
export const canSignPledge = (s: YearState) => s.phase !== 'SETUP' && s.phase !== 'CLOSED';

/** Units self-score the active period during SCORING; a returned sheet may be corrected in a review phase too. */
export function canSelfScore(s: YearState, period: Period, sheetStatus: string | null): boolean {
  if (s.phase === 'CLOSED' || s.phase === 'SETUP' || s.phase === 'REGISTRATION') return false;
  if (period !== activePeriod(s)) return false;
  if (sheetStatus === 'SUBMITTED' || sheetStatus === 'ACCEPTED') return false;
  if (s.phase === 'SCORING') return true;
  return sheetStatus === 'RETURNED';
}

/** The head reviews the active period's sheets while scoring and during its review. */
export function canReview(s: YearState, period: Period): boolean {
  if (period !== activePeriod(s)) return false;
  return s.phase === 'SCORING' || (s.phase === 'MID_YEAR_REVIEW' && period === 'MID_YEAR') || (s.phase === 'YEAR_END_REVIEW' && period === 'YEAR_END');
}
