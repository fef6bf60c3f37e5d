// The tabs of a bloc-year: one list for the year pages (views/partials/year-nav.ejs) and the bloc
// page, so both show the same pages, each only to whoever its route lets in. The crawl test
// (tests/http/crawl.test.ts) builds its expected pages from this function too.
import type { Phase } from '../../domain/enums';
import type { YearContext } from './context';

/** What decides which pages of a year someone may open; the same facts loadYear() derives. */
export type YearFacts = {
  blocId: number;
  year: number;
  phase: Phase;
  /** may read the year at all (admin, the province's board, an officer of a member this year) */
  readable: boolean;
  /** admin, the province's board, the year's head (also once closed): the read-only overview pages */
  oversees: boolean;
};

export type TabKey = 'overview' | 'setup' | 'criteria' | 'registrations' | 'pledge' | 'scores' | 'progress' | 'reviews' | 'ballots' | 'awards' | 'closing' | 'documents';
export type YearTab = { key: TabKey; label: string; href: string };

export const yearBase = (blocId: number, year: number) => `/blocs/${blocId}/years/${year}`;
export const blocYearHref = (blocId: number, year: number) => `/blocs/${blocId}?year=${year}`;

export function yearFacts(y: YearContext): YearFacts {
  return { blocId: y.blocYear.blocId, year: y.blocYear.year, phase: y.blocYear.phase, readable: true, oversees: y.oversees };
}

/** Score sheets and their exports exist once the year is past set-up (the criteria table may still be missing then). */
export const hasScores = (phase: Phase) => phase !== 'SETUP';

/** The tabs this person may open in this year, in the order of the year's work. */
export function yearTabs(f: YearFacts): YearTab[] {
  if (!f.readable) return [];
  const base = yearBase(f.blocId, f.year);
  // ballots, proposals and the handover exist only from the year-end conference on
  const conference = f.phase === 'YEAR_END_REVIEW' || f.phase === 'CLOSED';
  const tabs: [TabKey, string, string, boolean][] = [
    ['overview', 'Tổng quan', blocYearHref(f.blocId, f.year), true],
    ['setup', 'Thiết lập năm', `${base}/setup`, f.oversees],
    ['criteria', 'Bảng tiêu chí', `${base}/criteria`, true],
    ['registrations', 'Đăng ký thi đua', `${base}/registrations`, true],
    ['pledge', 'Giao ước', `${base}/pledge`, true],
    ['scores', 'Chấm điểm', `${base}/scores`, hasScores(f.phase)],
    ['progress', 'Tiến độ', `${base}/progress`, f.oversees],
    ['reviews', 'Sơ kết, tổng kết', `${base}/reviews`, true],
    ['ballots', 'Bỏ phiếu', `${base}/ballots`, conference],
    ['awards', 'Khen thưởng', `${base}/awards`, conference],
    ['closing', 'Khóa sổ, chuyển giao', `${base}/closing`, conference],
    ['documents', 'Văn bản', `${base}/documents`, true],
  ];
  return tabs.filter(([, , , show]) => show).map(([key, label, href]) => ({ key, label, href }));
}
