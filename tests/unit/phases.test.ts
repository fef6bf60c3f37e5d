// The phase rules of a bloc-year (src/domain/phases.ts), read as tables; and the extra rules the
// set-up page adds on top of them for the criteria table (phaseMoveError).
import { describe, expect, it } from 'vitest';
import { PHASES, type Phase, type Period } from '../../src/domain/enums';
import {
  TRANSITIONS,
  transitionError,
  activePeriod,
  canEditMembers,
  canEditCriteria,
  canRegister,
  canSignPledge,
  canSelfScore,
  canReview,
  type YearState,
} from '../../src/domain/phases';
import { phaseMoveError, type TableFacts } from '../../src/modules/setup/service';

const NOT_ALLOWED = 'Không thể chuyển sang giai đoạn này từ giai đoạn hiện tại.';
const s = (phase: Phase, midYearFrozen = false): YearState => ({ phase, midYearFrozen });

describe('transitionError: every pair of phases, mid-year frozen or not', () => {
  // [from, to, error when the mid-year review is not frozen, error when it is]
  const allowed: [Phase, Phase, string | null, string | null][] = [
    ['SETUP', 'REGISTRATION', null, null],
    ['REGISTRATION', 'SCORING', null, null],
    ['SCORING', 'MID_YEAR_REVIEW', null, 'Sơ kết 6 tháng đã được chốt.'],
    ['SCORING', 'YEAR_END_REVIEW', 'Cần chốt sơ kết 6 tháng trước khi tổng kết năm.', null],
    ['MID_YEAR_REVIEW', 'SCORING', 'Cần chốt sơ kết 6 tháng trước khi tiếp tục chấm điểm.', null],
  ];
  const rows = PHASES.flatMap((from) =>
    PHASES.map((to) => {
      const hit = allowed.find(([f, t]) => f === from && t === to);
      return [from, to, hit ? hit[2] : NOT_ALLOWED, hit ? hit[3] : NOT_ALLOWED] as const;
    }),
  );
  it.each(rows)('%s → %s', (from, to, open, frozen) => {
    expect(transitionError(s(from, false), to)).toBe(open);
    expect(transitionError(s(from, true), to)).toBe(frozen);
  });

  it('TRANSITIONS lists exactly the moves above; nothing leaves a closed year, nothing closes it', () => {
    expect(TRANSITIONS).toEqual({
      SETUP: ['REGISTRATION'],
      REGISTRATION: ['SCORING'],
      SCORING: ['MID_YEAR_REVIEW', 'YEAR_END_REVIEW'],
      MID_YEAR_REVIEW: ['SCORING'],
      YEAR_END_REVIEW: [],
      CLOSED: [],
    });
    expect(PHASES.some((p) => TRANSITIONS[p].includes('CLOSED'))).toBe(false);
  });
});

describe('what each phase allows', () => {
  // phase, members, criteria, register, sign pledge
  const table: [Phase, boolean, boolean, boolean, boolean][] = [
    ['SETUP', true, true, false, false],
    ['REGISTRATION', false, true, true, true],
    ['SCORING', false, false, true, true],
    ['MID_YEAR_REVIEW', false, false, false, true],
    ['YEAR_END_REVIEW', false, false, false, true],
    ['CLOSED', false, false, false, false],
  ];
  it.each(table)('%s: members %s, criteria %s, registration %s, pledge %s', (phase, members, criteria, register, pledge) => {
    for (const frozen of [false, true]) {
      expect(canEditMembers(s(phase, frozen))).toBe(members);
      expect(canEditCriteria(s(phase, frozen))).toBe(criteria);
      expect(canRegister(s(phase, frozen))).toBe(register);
      expect(canSignPledge(s(phase, frozen))).toBe(pledge);
    }
  });

  it('the open scoring period is the first half until the mid-year review is frozen', () => {
    expect(activePeriod(s('SCORING', false))).toBe('MID_YEAR');
    expect(activePeriod(s('SCORING', true))).toBe('YEAR_END');
  });
});

describe('canSelfScore', () => {
  // phase, frozen, period, sheet status, expected
  const table: [Phase, boolean, Period, string | null, boolean][] = [
    ['SETUP', false, 'MID_YEAR', null, false],
    ['REGISTRATION', false, 'MID_YEAR', null, false],
    ['SCORING', false, 'MID_YEAR', null, true],
    ['SCORING', false, 'MID_YEAR', 'DRAFT', true],
    ['SCORING', false, 'MID_YEAR', 'RETURNED', true],
    ['SCORING', false, 'MID_YEAR', 'SUBMITTED', false],
    ['SCORING', false, 'MID_YEAR', 'ACCEPTED', false],
    ['SCORING', false, 'YEAR_END', null, false], // not the open period yet
    ['SCORING', true, 'YEAR_END', 'DRAFT', true],
    ['SCORING', true, 'MID_YEAR', 'RETURNED', false], // the first half is frozen
    ['MID_YEAR_REVIEW', false, 'MID_YEAR', 'DRAFT', false],
    ['MID_YEAR_REVIEW', false, 'MID_YEAR', 'RETURNED', true], // a returned sheet is corrected during the review
    ['YEAR_END_REVIEW', true, 'YEAR_END', 'DRAFT', false],
    ['YEAR_END_REVIEW', true, 'YEAR_END', 'RETURNED', true],
    ['CLOSED', true, 'YEAR_END', 'RETURNED', false],
  ];
  it.each(table)('%s (frozen %s), %s, sheet %s → %s', (phase, frozen, period, status, expected) => {
    expect(canSelfScore(s(phase, frozen), period, status)).toBe(expected);
  });
});

describe('canReview', () => {
  const table: [Phase, boolean, Period, boolean][] = [
    ['SETUP', false, 'MID_YEAR', false],
    ['REGISTRATION', false, 'MID_YEAR', false],
    ['SCORING', false, 'MID_YEAR', true],
    ['SCORING', false, 'YEAR_END', false],
    ['SCORING', true, 'YEAR_END', true],
    ['SCORING', true, 'MID_YEAR', false],
    ['MID_YEAR_REVIEW', false, 'MID_YEAR', true],
    ['MID_YEAR_REVIEW', false, 'YEAR_END', false],
    ['YEAR_END_REVIEW', true, 'YEAR_END', true],
    ['YEAR_END_REVIEW', true, 'MID_YEAR', false],
    ['CLOSED', true, 'YEAR_END', false],
  ];
  it.each(table)('%s (frozen %s), %s → %s', (phase, frozen, period, expected) => {
    expect(canReview(s(phase, frozen), period)).toBe(expected);
  });
});

describe('phaseMoveError: the criteria table rules of the set-up page', () => {
  const none: TableFacts = { exists: false, locked: false, normalMaxCenti: 0, baseTotal: 0 };
  const full: TableFacts = { exists: true, locked: false, normalMaxCenti: 10000, baseTotal: 100 };
  const short: TableFacts = { exists: true, locked: false, normalMaxCenti: 9750, baseTotal: 100 };
  const table: [string, YearState, Phase, TableFacts, string | null][] = [
    ['registration needs a table', s('SETUP'), 'REGISTRATION', none, 'Cần lập bảng tiêu chí trước khi mở đăng ký.'],
    ['registration with a table', s('SETUP'), 'REGISTRATION', short, null],
    ['scoring needs the totals to match', s('REGISTRATION'), 'SCORING', short, 'Tổng điểm tối đa của các tiêu chí là 97,5, chưa bằng thang điểm chuẩn 100 của bảng tiêu chí. Cần điều chỉnh bảng tiêu chí trước khi mở chấm điểm.'],
    ['scoring with matching totals', s('REGISTRATION'), 'SCORING', full, null],
    ['back to scoring after the frozen mid-year review ignores the totals', s('MID_YEAR_REVIEW', true), 'SCORING', short, null],
    ['the order of phases comes first', s('SETUP'), 'SCORING', full, NOT_ALLOWED],
    ['a 1.000 base', s('REGISTRATION'), 'SCORING', { exists: true, locked: false, normalMaxCenti: 100000, baseTotal: 1000 }, null],
  ];
  it.each(table)('%s', (_name, state, to, facts, expected) => {
    expect(phaseMoveError(state, to, facts)).toBe(expected);
  });
});
