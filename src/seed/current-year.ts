// The demo in the present: the demo blocs' real years are 2019–2022, so anything sent today is late
// and no unit could be eligible for an award without the board waiving a rule. One bloc therefore
// also gets the current calendar year at set-up, with every deadline still ahead of the seed date,
// so README's walk-through of a whole year can be followed on the day it is read, every rule on.
// Only the dates depend on the clock; who heads the year and who is a member are fixed.
import type { Tx } from '../db/client';
import type { Deadline } from '../modules/setup/schemas';
import { DEMO_BLOCS } from './demo-blocs';

// Hà Nam's bloc: its real 2022 stays at set-up for the tests that walk it; the current year comes
// after a gap (2023 to last year are not recorded). Head and deputy are units with no role in 2022,
// so the two open years of the bloc are never run by the same officer.
export const CURRENT_YEAR_BLOC = 'Khối Thi đua Tổng hợp tỉnh Hà Nam';
export const CURRENT_YEAR_HEAD = 'Sở Tài chính tỉnh Hà Nam';
export const CURRENT_YEAR_DEPUTY = 'Cục Thống kê tỉnh Hà Nam';

const DAY_MS = 86_400_000;
// At least eight weeks for the whole year, so a demo seeded in late November still has room
// between each step; the year otherwise ends around the usual year-end conference (20/12).
const MIN_SPAN_DAYS = 56;
// Where each deadline falls in the time left, in the order the year runs (checked by the set-up form).
const SPREAD: Record<Deadline, number> = {
  registrationDue: 0.15,
  pledgeDue: 0.2,
  criteriaDue: 0.3,
  midYearReviewDue: 0.45,
  selfScoreDue: 0.7,
  appealUntil: 0.8,
  yearEndReviewDue: 1,
};

/**
 * The current year's deadlines, spread from the day after `now` (a Vietnamese calendar day) to the
 * later of 20/12 and eight weeks ahead; seeded late in the year they run into the next January or
 * February. Each is a calendar day stored at 12:00 UTC, like every other date of the demo.
 */
export function currentYearDeadlines(now: Date): Record<Deadline, Date> {
  const vn = new Date(now.getTime() + 7 * 3600_000);
  const today = Date.UTC(vn.getUTCFullYear(), vn.getUTCMonth(), vn.getUTCDate(), 12);
  const yearEnd = Date.UTC(vn.getUTCFullYear(), 11, 20, 12);
  const span = Math.max(MIN_SPAN_DAYS, Math.round((yearEnd - today) / DAY_MS));
  const out = {} as Record<Deadline, Date>;
  for (const [key, share] of Object.entries(SPREAD) as [Deadline, number][]) {
    out[key] = new Date(today + Math.max(1, Math.round(share * span)) * DAY_MS);
  }
  return out;
}

/**
 * Adds the current year (`now`'s calendar year) to the bloc at set-up: head, deputy, every member,
 * the province's rule set of that year, no criteria table yet (the head builds it from the template).
 * Does nothing when the bloc already has that year (a clock set in the past).
 */
export async function seedCurrentYear(tx: Tx, opts: { now: Date; theme: string; legalBasis: string; log: (msg: string) => void }): Promise<void> {
  const year = opts.now.getFullYear();
  const data = DEMO_BLOCS.blocs.find((b) => b.name === CURRENT_YEAR_BLOC);
  if (!data) throw new Error(`Dữ liệu mẫu: không tìm thấy khối "${CURRENT_YEAR_BLOC}".`);
  const bloc = await tx.bloc.findFirstOrThrow({ where: { versions: { some: { name: CURRENT_YEAR_BLOC } } } });
  if (await tx.blocYear.findUnique({ where: { blocId_year: { blocId: bloc.id, year } } })) return;
  opts.log(`Tạo năm thi đua ${year} (năm hiện tại) của ${CURRENT_YEAR_BLOC}…`);

  if (!(await tx.provinceRuleSet.findUnique({ where: { provinceId_year: { provinceId: bloc.provinceId, year } } }))) {
    await tx.provinceRuleSet.create({ data: { provinceId: bloc.provinceId, year, legalBasis: opts.legalBasis } });
  }

  // Memberships point at the name each unit bears on 1 July of the year.
  const july1 = new Date(Date.UTC(year, 6, 1, 12));
  const versions = await tx.agencyVersion.findMany({
    where: { agency: { provinceId: bloc.provinceId, versions: { some: { name: { in: [...data.members] } } } } },
    orderBy: { validFrom: 'asc' },
  });
  const members = data.members.map((name) => {
    const agencyId = versions.find((v) => v.name === name)?.agencyId;
    if (agencyId === undefined) throw new Error(`Dữ liệu mẫu: không tìm thấy đơn vị "${name}".`);
    const own = versions.filter((v) => v.agencyId === agencyId);
    const current = own.find((v) => v.validFrom <= july1 && (v.validTo === null || v.validTo >= july1)) ?? own[own.length - 1];
    return { name, agencyId, agencyVersionId: current.id };
  });
  const idOf = (name: string) => members.find((m) => m.name === name)!.agencyId;

  const blocYear = await tx.blocYear.create({
    data: {
      blocId: bloc.id,
      year,
      phase: 'SETUP',
      theme: opts.theme,
      headAgencyId: idOf(CURRENT_YEAR_HEAD),
      deputyAgencyId: idOf(CURRENT_YEAR_DEPUTY),
      ...currentYearDeadlines(opts.now),
    },
  });
  await tx.membership.createMany({
    data: members.map((m, i) => ({
      blocYearId: blocYear.id,
      agencyId: m.agencyId,
      agencyVersionId: m.agencyVersionId,
      sortOrder: i,
      rotationOrder: i + 1,
      joinedAt: new Date(Date.UTC(year, 0, 1, 12)),
    })),
  });
}
