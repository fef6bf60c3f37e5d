// The national data generator (scripts/generate-national.ts) at a tiny scale into SQLite: it writes
// what it says, the portal's client reads it back (search keys, dates, passwords), and the same
// seed gives the same rows.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import Sqlite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateNational, type NationalOptions } from '../../scripts/generate-national';
import { createDb } from '../../src/db/client';
import { searchKeyOf } from '../../src/domain/search';
import { hashPassword, verifyPassword } from '../../src/auth/passwords';

const ROOT = path.resolve(__dirname, '..', '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'thidua-national-test-'));
const empty = path.join(dir, 'empty.db');
const TINY: NationalOptions = { provinces: 2, blocs: 4, units: 24, years: [2025, 2026], criteria: 8, awardsPerYear: 50, seed: 7, batch: 100 };
let hash = '';

/** A fresh copy of the migrated, empty database. */
function copy(name: string): string {
  const file = path.join(dir, name);
  fs.copyFileSync(empty, file);
  return file;
}

/** Every table's rows in id order, without the password hashes (argon2 salts are random). */
function dump(file: string): Record<string, unknown[]> {
  const db = new Sqlite(file, { readonly: true });
  const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite%'`).all() as { name: string }[]).map((t) => t.name);
  const out: Record<string, unknown[]> = {};
  for (const t of tables) {
    out[t] = (db.prepare(`SELECT * FROM "${t}" ORDER BY 1`).all() as Record<string, unknown>[]).map(({ passwordHash: _p, ...r }) => r);
  }
  db.close();
  return out;
}

beforeAll(async () => {
  const res = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'prisma.cjs'), 'deploy'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: `file:${empty}`, CHECKPOINT_DISABLE: '1' },
    encoding: 'utf8',
  });
  if (res.status !== 0) throw new Error(res.stderr);
  hash = await hashPassword('thidua@demo');
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('generateNational', () => {
  it('writes the provinces, blocs, units, years, scores and awards it is asked for, readable by the portal', async () => {
    const file = copy('a.db');
    const counts = await generateNational(`file:${file}`, { ...TINY, passwordHash: hash });
    expect(counts).toMatchObject({
      Province: 2,
      Bloc: 4,
      Agency: 24,
      User: 1 + 2 + 24,
      BlocYear: 8,
      Membership: 48,
      Criterion: 8 * 8,
      ScoreSheet: 48,
      ScoreEntry: 48 * 8,
      ReviewResult: 48,
      AwardRecord: 100,
    });

    const db = createDb(`file:${file}`);
    try {
      const blocs = await db.blocYear.findMany({ include: { _count: { select: { memberships: true } }, criteria: { include: { criteria: true } } } });
      for (const y of blocs) {
        expect(y._count.memberships).toBeGreaterThanOrEqual(4);
        expect(y._count.memberships).toBeLessThanOrEqual(14);
        // the criteria add up to the base total of 100 points
        expect(y.criteria[0].criteria.reduce((a, c) => a + c.maxCenti, 0)).toBe(10_000);
      }
      expect(blocs.filter((y) => y.phase === 'CLOSED').map((y) => y.year)).toEqual([2025, 2025, 2025, 2025]);
      expect(blocs.filter((y) => y.phase === 'SCORING').map((y) => y.year)).toEqual([2026, 2026, 2026, 2026]);

      // names of 2025, search keys as the client keeps them, dates read back as dates
      const province = await db.province.findFirstOrThrow({ orderBy: { id: 'asc' }, include: { names: true } });
      expect(province.name).toBe('Hà Nội');
      expect(province.validFrom?.toISOString()).toBe('2025-07-01T12:00:00.000Z');
      const version = await db.agencyVersion.findFirstOrThrow({ orderBy: { id: 'asc' }, include: { agency: true } });
      expect(version.name).toBe('Thuế thành phố Hà Nội');
      expect(version.agency.kind).toBe('TAX');
      expect(version.searchKey).toBe(searchKeyOf(version.name, version.shortName));
      const award = await db.awardRecord.findFirstOrThrow({ where: { source: 'IMPORT' }, orderBy: { id: 'asc' } });
      expect(award.searchKey).toBe(searchKeyOf(award.subjectName, award.awardTitle, award.decisionNumber));
      expect(await db.awardRecord.count({ where: { source: 'PORTAL', proposalId: { not: null } } })).toBeGreaterThan(0);

      // every account signs in with the password given
      const board = await db.user.findUniqueOrThrow({ where: { username: 'bantdkt.hanoi' }, include: { assignments: true } });
      expect(board.assignments).toMatchObject([{ role: 'BOARD', provinceId: province.id }]);
      expect(await verifyPassword(board.passwordHash, 'thidua@demo')).toBe(true);

      // the ids were written by the generator: the portal's own next insert gets a fresh one
      const next = await db.province.create({ data: { code: 'moi', name: 'Tỉnh mới' } });
      expect(next.id).toBe(3);

      await expect(generateNational(`file:${file}`, { ...TINY, passwordHash: hash })).rejects.toThrow(/đã có dữ liệu/);
    } finally {
      await db.$disconnect();
    }
  });

  it('gives the same rows for the same seed, other rows for another', async () => {
    const [a, b, c] = [copy('r1.db'), copy('r2.db'), copy('r3.db')];
    await generateNational(`file:${a}`, { ...TINY, passwordHash: hash });
    await generateNational(`file:${b}`, { ...TINY, passwordHash: hash });
    await generateNational(`file:${c}`, { ...TINY, seed: 8, passwordHash: hash });
    const first = dump(a);
    expect(first.ScoreEntry).toHaveLength(48 * 8);
    expect(dump(b)).toEqual(first);
    expect(dump(c).ScoreEntry).not.toEqual(first.ScoreEntry);
  });
});
