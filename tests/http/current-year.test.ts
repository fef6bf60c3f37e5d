// The demo in the present: the seeded database has the current calendar year for Hà Nam's bloc, at
// set-up, with every deadline still ahead, its head and deputy, every member and the province's
// rules of the year — so README's walk-through can be followed today with no rule waived.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, loginAs, type TestApp } from '../support/app';
import { CURRENT_YEAR_BLOC, CURRENT_YEAR_DEPUTY, CURRENT_YEAR_HEAD } from '../../src/seed/current-year';
import { DEADLINES } from '../../src/modules/setup/schemas';

let t: TestApp;
const year = new Date().getFullYear();
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

async function currentYear() {
  return t.db.blocYear.findFirstOrThrow({
    where: { year, bloc: { versions: { some: { name: CURRENT_YEAR_BLOC } } } },
    include: { memberships: { include: { agencyVersion: true } }, criteria: true, registrations: true, pledge: true, bloc: true },
  });
}

describe(`the current year (${year}) in the demo`, () => {
  it('exists at set-up with every deadline in the future, its head, deputy and members', async () => {
    const y = await currentYear();
    expect(y.phase).toBe('SETUP');
    expect(y.openedAt).toBeNull();
    const now = Date.now();
    for (const k of DEADLINES) {
      expect(y[k], k).not.toBeNull();
      expect(y[k]!.getTime(), k).toBeGreaterThan(now);
    }
    const nameOf = (id: number | null) => y.memberships.find((m) => m.agencyId === id)?.agencyVersion.name;
    expect(nameOf(y.headAgencyId)).toBe(CURRENT_YEAR_HEAD);
    expect(nameOf(y.deputyAgencyId)).toBe(CURRENT_YEAR_DEPUTY);
    expect(y.memberships).toHaveLength(9);
    // nothing done yet: the walk-through starts from an empty year
    expect(y.criteria).toHaveLength(0);
    expect(y.registrations).toHaveLength(0);
    expect(y.pledge).toBeNull();
    const rules = await t.db.provinceRuleSet.findUnique({ where: { provinceId_year: { provinceId: y.bloc.provinceId, year } } });
    expect(rules).not.toBeNull();
    expect(rules!.requireRegistration).toBe(true);
    expect(rules!.requirePledge).toBe(true);
  });

  it('the historical demo years stay where the other journeys expect them', async () => {
    const phases = await t.db.blocYear.findMany({ where: { year: { lt: year } }, select: { year: true, phase: true, bloc: { select: { code: true } } } });
    const phase = (code: string, y: number) => phases.find((p) => p.bloc.code.includes(code) && p.year === y)?.phase;
    expect(phase('nghe-an', 2020)).toBe('SCORING');
    expect(phase('tay-ninh', 2020)).toBe('YEAR_END_REVIEW');
    expect(phase('ha-nam', 2022)).toBe('SETUP');
  });

  it('the head’s officer finds the year on the home page and opens its set-up', async () => {
    const y = await currentYear();
    const head = await loginAs(t.app, 'sotaichinh.hanam');
    const home = await head.get('/');
    expect(home.status).toBe(200);
    expect(home.text).toContain(`/blocs/${y.blocId}/years/${year}/setup`);
    const setup = await head.get(`/blocs/${y.blocId}/years/${year}/setup`);
    expect(setup.status).toBe(200);
    expect(setup.text).toContain('data-testid="current-phase">Chuẩn bị<');
    expect(setup.text).not.toContain('data-testid="read-only"');
  });
});
