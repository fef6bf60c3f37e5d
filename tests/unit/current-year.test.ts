// The current year's deadlines of the demo: all after the day it is seeded, in the order the set-up
// form accepts, whatever the day of the year (late in the year they run into the next one).
import { describe, expect, it } from 'vitest';
import { currentYearDeadlines } from '../../src/seed/current-year';
import { DEADLINES, setupSchema } from '../../src/modules/setup/schemas';

const iso = (d: Date) => d.toISOString().slice(0, 10);

describe('currentYearDeadlines', () => {
  for (const seededAt of ['2027-01-05T02:00:00Z', '2026-06-30T09:00:00Z', '2026-11-29T15:46:00Z', '2026-12-31T16:30:00Z']) {
    it(`seeded at ${seededAt}: every deadline ahead, accepted by the set-up form`, () => {
      const now = new Date(seededAt);
      const d = currentYearDeadlines(now);
      expect(Object.keys(d).sort()).toEqual([...DEADLINES].sort());
      for (const k of DEADLINES) expect(d[k].getTime(), k).toBeGreaterThan(now.getTime() + 12 * 3600_000);
      const parsed = setupSchema(now.getFullYear()).safeParse({ version: '1', ...Object.fromEntries(DEADLINES.map((k) => [k, iso(d[k])])) });
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      // the registration deadline leaves units at least a week to register
      expect(d.registrationDue.getTime() - now.getTime()).toBeGreaterThan(7 * 86_400_000);
    });
  }

  it('early in the year the conference falls on 20/12 of that year', () => {
    expect(iso(currentYearDeadlines(new Date('2027-01-05T02:00:00Z')).yearEndReviewDue)).toBe('2027-12-20');
  });

  it('seeded on 29/11/2026 the year runs into January 2027, eight weeks ahead', () => {
    const d = currentYearDeadlines(new Date('2026-11-29T15:46:00Z'));
    expect(iso(d.registrationDue)).toBe('2026-12-07');
    expect(iso(d.yearEndReviewDue)).toBe('2027-01-24');
  });
});
