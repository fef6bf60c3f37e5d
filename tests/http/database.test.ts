// The database layer itself: migrations match the schema (drift check) on this provider,
// migrations apply to an empty database, and the demo seed runs only into an empty database.
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/client';
import { ROOT, TEST_DB, TSX, emptyDatabase, runNode, cloneTemplate } from '../support/testdb';

const PRISMA = path.join(ROOT, 'scripts', 'prisma.cjs');

describe(`database on ${TEST_DB}`, () => {
  it('the migrations produce exactly the schema (drift check, exit code 0)', async () => {
    const db = await emptyDatabase();
    try {
      const res = spawnSync(process.execPath, [PRISMA, 'drift', TEST_DB], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: db.url },
        encoding: 'utf8',
      });
      expect(res.status, res.stdout + res.stderr).toBe(0);
      expect(res.stdout + res.stderr).toContain('No difference detected');
    } finally {
      await db.drop();
    }
  }, 60_000);

  it('the PostgreSQL schema is generated from the one source of truth', () => {
    const fs = require('node:fs') as typeof import('node:fs');
    const src = fs.readFileSync(path.join(ROOT, 'prisma', 'schema.prisma'), 'utf8');
    const pg = fs.readFileSync(path.join(ROOT, 'prisma', 'postgres', 'schema.prisma'), 'utf8');
    const models = (s: string) => s.slice(s.indexOf('// ─'));
    expect(models(pg)).toBe(models(src));
  });

  it('the seed fills an empty database once; a second run changes nothing', async () => {
    const db = await emptyDatabase();
    try {
      runNode([PRISMA, 'deploy'], { DATABASE_URL: db.url });
      const first = runNode([TSX, path.join(ROOT, 'src', 'cli', 'seed.ts'), '--if-empty'], { DATABASE_URL: db.url });
      expect(first.status).toBe(0);
      const client = createDb(db.url);
      const count = async () => ({
        users: await client.user.count(),
        agencies: await client.agency.count(),
        blocs: await client.bloc.count(),
        entries: await client.scoreEntry.count(),
      });
      const after1 = await count();
      expect(after1.blocs).toBe(3);
      expect(after1.agencies).toBe(24);
      expect(after1.users).toBe(24 + 3 + 1);
      const second = runNode([TSX, path.join(ROOT, 'src', 'cli', 'seed.ts'), '--if-empty'], { DATABASE_URL: db.url });
      expect(second.stdout).toContain('bỏ qua');
      expect(await count()).toEqual(after1);
      // without --if-empty the seed refuses a database that has data
      const forced = spawnSync(process.execPath, [TSX, path.join(ROOT, 'src', 'cli', 'seed.ts')], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: db.url },
        encoding: 'utf8',
      });
      expect(forced.status).toBe(1);
      expect(await count()).toEqual(after1);
      await client.$disconnect();
    } finally {
      await db.drop();
    }
  }, 120_000);

  it('demo heads and deputies are the ones published', async () => {
    const { url, drop } = await cloneTemplate();
    const db = createDb(url);
    try {
      const years = await db.blocYear.findMany({
        include: {
          bloc: { include: { versions: true } },
          memberships: { include: { agencyVersion: true } },
        },
      });
      const headOf = (bloc: string, year: number) => {
        const y = years.find((x) => x.year === year && x.bloc.versions.some((v) => v.name === bloc))!;
        const name = (id: number | null) => y.memberships.find((m) => m.agencyId === id)?.agencyVersion.name;
        return [name(y.headAgencyId), name(y.deputyAgencyId)];
      };
      expect(headOf('Khối các cơ quan Trung ương tỉnh Nghệ An', 2020)).toEqual(['Cục Hải quan Nghệ An', 'Cục Quản lý thị trường tỉnh Nghệ An']);
      expect(headOf('Khối Thi đua Tổng hợp tỉnh Hà Nam', 2021)).toEqual(['Văn phòng Đoàn ĐBQH và HĐND tỉnh Hà Nam', 'Kho bạc Nhà nước tỉnh Hà Nam']);
      expect(headOf('Khối Thi đua Tổng hợp tỉnh Hà Nam', 2022)).toEqual(['Văn phòng UBND tỉnh Hà Nam', 'Chi nhánh Ngân hàng Nhà nước tỉnh Hà Nam']);
      expect(headOf('Khối thi đua các Cơ quan Trung ương tỉnh Tây Ninh', 2020)[0]).toBe('Cục Thống kê tỉnh Tây Ninh');
    } finally {
      await db.$disconnect();
      await drop();
    }
  });
});
