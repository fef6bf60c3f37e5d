// The query-plan cache (src/db/plan-cache.ts) and SQLite's statement cache (src/db/sqlite.ts) on the
// real database: a shape compiled once serves every later value with that value's rows — never
// another call's — for ids, texts, booleans, dates, IN lists, nested includes and relation filters;
// what changes the SQL (null, LIKE searches, take/skip) stays literal; writes are not cached; the
// answers equal those of a client without the caches (PRISMA_PLAN_CACHE=0 is read once per
// process, so the reference is computed by hand from all the rows).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../src/db/client';
import { parameterise } from '../../src/db/plan-cache';
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

describe('parameterise', () => {
  it('takes the values out of filters, at any depth, and keeps what shapes the SQL', () => {
    const q = {
      modelName: 'BlocYear',
      action: 'findMany',
      query: {
        arguments: {
          where: { blocId: 3, closedAt: null, year: { in: [2019, 2020] }, bloc: { is: { code: { contains: 'x%' } } }, openedAt: { gte: { $type: 'DateTime', value: '2020-01-01T00:00:00.000Z' } } },
          take: 5,
          skip: 10,
        },
        selection: { $scalars: true, memberships: { arguments: { where: { agencyId: 7 } }, selection: { $scalars: true } } },
      },
    };
    const p = parameterise(q)!;
    expect(p.values).toEqual([3, 2019, 2020, '2020-01-01T00:00:00.000Z', 7]);
    const key = JSON.parse(p.key);
    expect(key.query.arguments.where.closedAt).toBeNull();
    expect(key.query.arguments.where.bloc.is.code.contains).toBe('x%');
    expect(key.query.arguments.take).toBe(5);
    expect(key.query.arguments.skip).toBe(10);
    expect(key.query.arguments.where.blocId.$type).toBe('Param');
    // another value, same shape: same key
    const q2 = structuredClone(q);
    q2.query.arguments.where.blocId = 4;
    q2.query.selection.memberships.arguments.where.agencyId = 8;
    expect(parameterise(q2)!.key).toBe(p.key);
  });

  it('leaves writes and filterless reads alone', () => {
    expect(parameterise({ action: 'updateMany', query: { arguments: { where: { id: 1 }, data: { name: 'x' } } } })).toBeUndefined();
    expect(parameterise({ action: 'findMany', query: { arguments: {}, selection: { $scalars: true } } })).toBeUndefined();
  });
});

describe('cached plans on the database', () => {
  it('gives each value its own rows: ids, nested includes, relation filters', async () => {
    const users = await db.user.findMany({ select: { id: true }, orderBy: { id: 'asc' } });
    const all = await db.roleAssignment.findMany({ select: { userId: true, role: true } });
    for (const { id } of users) {
      const u = await db.user.findUnique({ where: { id }, include: { assignments: { where: { userId: id }, select: { role: true } } } });
      expect(u!.id).toBe(id);
      expect(u!.assignments.map((a) => a.role).sort()).toEqual(all.filter((a) => a.userId === id).map((a) => a.role).sort());
    }
    const agencies = await db.agency.findMany({ select: { id: true } });
    const memberships = await db.membership.findMany({ select: { agencyId: true, blocYearId: true } });
    for (const { id } of agencies) {
      const years = await db.blocYear.findMany({ where: { memberships: { some: { agencyId: id } } }, select: { id: true } });
      expect(years.map((y) => y.id).sort((a, b) => a - b)).toEqual([...new Set(memberships.filter((m) => m.agencyId === id).map((m) => m.blocYearId))].sort((a, b) => a - b));
    }
  });

  it('texts, booleans, dates, IN lists, null and LIKE', async () => {
    const years = await db.blocYear.findMany({ select: { id: true, year: true, phase: true, deputyActsAsHead: true, openedAt: true, closedAt: true } });
    for (const phase of ['SETUP', 'SCORING', 'MID_YEAR', 'CLOSED', 'NO_SUCH']) {
      expect(await db.blocYear.count({ where: { phase } })).toBe(years.filter((y) => y.phase === phase).length);
    }
    for (const flag of [true, false]) {
      expect(await db.blocYear.count({ where: { deputyActsAsHead: flag } })).toBe(years.filter((y) => y.deputyActsAsHead === flag).length);
    }
    for (const since of ['2019-01-01', '2020-01-01', '2031-01-01']) {
      const d = new Date(`${since}T00:00:00Z`);
      expect(await db.blocYear.count({ where: { openedAt: { gte: d } } })).toBe(years.filter((y) => y.openedAt && y.openedAt >= d).length);
    }
    for (const list of [[2019], [2019, 2020], [2020, 2021, 2099], []]) {
      expect(await db.blocYear.count({ where: { year: { in: list } } })).toBe(years.filter((y) => list.includes(y.year)).length);
    }
    expect(await db.blocYear.count({ where: { closedAt: null } })).toBe(years.filter((y) => y.closedAt === null).length);
    expect(await db.blocYear.count({ where: { closedAt: { not: null } } })).toBe(years.filter((y) => y.closedAt !== null).length);
    const versions = await db.agencyVersion.findMany({ select: { name: true } });
    for (const part of ['Thuế', 'Kho bạc', 'Hải quan', 'không có']) {
      expect(await db.agencyVersion.count({ where: { name: { contains: part } } })).toBe(versions.filter((v) => v.name.includes(part)).length);
    }
  });

  it('writes still write, and the next read sees them', async () => {
    const y = await db.blocYear.findFirstOrThrow({ select: { id: true, theme: true } });
    for (const theme of ['Chủ đề A', 'Chủ đề B']) {
      await db.blocYear.update({ where: { id: y.id }, data: { theme } });
      expect((await db.blocYear.findUnique({ where: { id: y.id }, select: { theme: true } }))!.theme).toBe(theme);
    }
    await db.blocYear.update({ where: { id: y.id }, data: { theme: y.theme } });
  });

  it('raw queries: each call its own values, of every kind', async () => {
    const years = await db.blocYear.findMany({ select: { id: true, year: true, deputyActsAsHead: true, openedAt: true } });
    for (const y of years.slice(0, 6)) {
      for (const since of [new Date('2000-01-01T00:00:00Z'), new Date('2099-01-01T00:00:00Z')]) {
        const rows = await db.$queryRaw<{ id: unknown }[]>`SELECT "id" FROM "BlocYear" WHERE "id" = ${y.id} AND "year" = ${y.year} AND "deputyActsAsHead" = ${y.deputyActsAsHead} AND "openedAt" >= ${since}`;
        expect(rows.map((r) => Number(r.id))).toEqual(y.openedAt && y.openedAt >= since ? [y.id] : []);
      }
    }
    const texts = await db.$queryRaw<{ t: string; n: unknown }[]>`SELECT ${'Sở Tài chính "A"'} AS "t", ${2.5} AS "n"`;
    expect(texts[0].t).toBe('Sở Tài chính "A"');
    expect(Number(texts[0].n)).toBe(2.5);
    const again = await db.$queryRaw<{ t: string; n: unknown }[]>`SELECT ${'Kho bạc'} AS "t", ${7} AS "n"`;
    expect(again[0].t).toBe('Kho bạc');
    expect(Number(again[0].n)).toBe(7);
  });

  it('pages with take/skip and groups with aggregates', async () => {
    const ids = (await db.agency.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((a) => a.id);
    for (const skip of [0, 3, 7]) {
      const page = await db.agency.findMany({ where: { id: { gt: 0 } }, select: { id: true }, orderBy: { id: 'asc' }, take: 4, skip });
      expect(page.map((a) => a.id)).toEqual(ids.slice(skip, skip + 4));
    }
    const rows = await db.membership.findMany({ select: { blocYearId: true } });
    for (const min of [0, 2, 10_000]) {
      const groups = await db.membership.groupBy({ by: ['blocYearId'], where: { blocYearId: { gt: min } }, _count: true });
      expect(groups.reduce((n, g) => n + g._count, 0)).toBe(rows.filter((r) => r.blocYearId > min).length);
    }
  });
});
