// loadYear (src/modules/years/context.ts) reads a year in raw SQL and checks who may see it in
// JavaScript; blocYearWhere (src/auth/scope.ts) says who may see a year in Prisma for every list.
// They must agree: for every bloc-year and every principal — the demo's accounts, each unit alone
// (also a unit that has left the year), each board, the admin and nobody — loadYear answers the year
// exactly when blocYearWhere finds it and the permission map's bloc.view allows it (a unit that left
// the year is in blocYearWhere's lists but no longer reads the year's pages), 403 when the year
// exists outside that, 404 when it does not exist.
import type { Request } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../src/db/client';
import { blocWhere, blocYearWhere } from '../../src/auth/scope';
import { boardSummary, currentYears, HOME_BLOCS } from '../../src/modules/home/service';
import { toPrincipal, type Principal } from '../../src/auth/principal';
import { loadYear } from '../../src/modules/years/context';
import { ForbiddenError, NotFoundError } from '../../src/http/errors';
import { cloneTemplate } from '../support/testdb';

let db: Db;
let drop: () => Promise<void>;

beforeAll(async () => {
  const clone = await cloneTemplate();
  drop = clone.drop;
  db = createDb(clone.url);
});

afterAll(async () => {
  await db.$disconnect();
  await drop();
});

const principal = (over: Partial<Principal>): Principal => ({
  id: 0,
  username: 'x',
  fullName: 'X',
  roles: [],
  isAdmin: false,
  boardProvinceIds: [],
  agencyIds: [],
  passwordChangedAt: 0,
  ...over,
});

/** The demo's accounts, each unit alone, each board, a board who is also an officer, the admin and nobody. */
async function everyone(): Promise<Principal[]> {
  const users = await db.user.findMany({ include: { assignments: true } });
  const agencies = await db.agency.findMany({ select: { id: true } });
  const provinces = await db.province.findMany({ select: { id: true } });
  return [
    ...users.map((u) => toPrincipal(u)),
    ...agencies.map((a) => principal({ roles: ['UNIT_OFFICER'], agencyIds: [a.id] })),
    ...provinces.map((pr) => principal({ roles: ['BOARD'], boardProvinceIds: [pr.id] })),
    principal({ roles: ['BOARD', 'UNIT_OFFICER'], boardProvinceIds: [provinces[0].id], agencyIds: agencies.slice(-3).map((a) => a.id) }),
    principal({ roles: ['ADMIN'], isAdmin: true }),
    principal({}),
  ];
}

async function outcome(p: Principal, blocId: number, year: number): Promise<'ok' | 403 | 404> {
  try {
    await loadYear(db, { user: p, params: { blocId: String(blocId), year: String(year) } } as unknown as Request);
    return 'ok';
  } catch (e) {
    if (e instanceof ForbiddenError) return 403;
    if (e instanceof NotFoundError) return 404;
    throw e;
  }
}

describe('loadYear and blocYearWhere agree', () => {
  it('for every account, unit, board, the admin and nobody, on every bloc-year', async () => {
    // a unit that left a year still sees it (blocYearWhere counts every membership)
    const anyMembership = await db.membership.findFirstOrThrow({ orderBy: { id: 'desc' } });
    await db.membership.update({ where: { id: anyMembership.id }, data: { leftAt: new Date('2020-06-30T00:00:00Z'), leftReason: 'Thử: rời khối' } });

    const principals = await everyone();
    const years = await db.blocYear.findMany({ select: { id: true, blocId: true, year: true, bloc: { select: { provinceId: true } }, memberships: { where: { leftAt: null }, select: { agencyId: true } } } });
    expect(years.length).toBeGreaterThan(3);
    let seen = 0;
    let refused = 0;
    for (const p of principals) {
      const visible = new Set((await db.blocYear.findMany({ where: blocYearWhere(p), select: { id: true } })).map((y) => y.id));
      for (const y of years) {
        const got = await outcome(p, y.blocId, y.year);
        expect({ user: p.username, agencies: p.agencyIds, boards: p.boardProvinceIds, year: y.id, got }).toEqual({
          user: p.username,
          agencies: p.agencyIds,
          boards: p.boardProvinceIds,
          year: y.id,
          got:
            visible.has(y.id) && (p.isAdmin || p.boardProvinceIds.includes(y.bloc.provinceId) || y.memberships.some((m) => p.agencyIds.includes(m.agencyId)))
              ? 'ok'
              : 403,
        });
        if (got === 'ok') seen++;
        else refused++;
      }
      expect(await outcome(p, years[0].blocId, 2099)).toBe(404);
      expect(await outcome(p, 999_999, years[0].year)).toBe(404);
    }
    expect(seen).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
    // the unit that left: in blocYearWhere's lists, refused the year's pages
    const leaver = principal({ roles: ['UNIT_OFFICER'], agencyIds: [anyMembership.agencyId] });
    const ofYear = years.find((y) => y.id === anyMembership.blocYearId)!;
    expect(await db.blocYear.count({ where: { AND: [{ id: ofYear.id }, blocYearWhere(leaver)] } })).toBe(1);
    expect(await outcome(leaver, ofYear.blocId, ofYear.year)).toBe(403);
  });

  it('currentYears lists the blocs of blocWhere with the latest year of blocYearWhere, for every principal', async () => {
    const principals = await everyone();
    let listed = 0;
    for (const p of principals) {
      if (p.isAdmin || (!p.agencyIds.length && !p.boardProvinceIds.length)) continue;
      const blocs = await db.bloc.findMany({ where: blocWhere(p), orderBy: [{ provinceId: 'asc' }, { id: 'asc' }], select: { id: true } });
      const years = await db.blocYear.findMany({ where: blocYearWhere(p), select: { blocId: true, year: true } });
      const latest = (blocId: number) => Math.max(...years.filter((y) => y.blocId === blocId).map((y) => y.year));
      const got = await currentYears(db, p);
      expect({ user: p.username, total: got.total, rows: got.rows.map((r) => [r.blocId, r.year]) }).toEqual({
        user: p.username,
        total: blocs.length,
        rows: blocs.slice(0, HOME_BLOCS).map((b) => [b.id, Number.isFinite(latest(b.id)) ? latest(b.id) : null]),
      });
      listed += got.rows.length;
    }
    expect(listed).toBeGreaterThan(0);
  });

  it("the board's home counts each of its provinces' blocs and agencies", async () => {
    const provinces = await db.province.findMany({ select: { id: true, name: true, _count: { select: { blocs: true, agencies: true } } }, orderBy: { id: 'asc' } });
    const all = principal({ roles: ['BOARD'], boardProvinceIds: provinces.map((pr) => pr.id) });
    const got = await boardSummary(db, all);
    expect(got!.provinces).toEqual(provinces);
    expect(provinces.some((pr) => pr._count.blocs > 0 && pr._count.agencies > 0)).toBe(true);
  });
});
