// Backup and restore with README's commands (scripts/backup.sh, scripts/restore.sh), on both
// databases: a backup taken while officers save is a consistent snapshot holding every save
// acknowledged before it began, and the portal serves it again; back up, change, restore gives
// back the same rows (counts of every table and a checksum of the key ones).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, Prisma, type Db } from '../../src/db/client';
import { cloneTemplate, ROOT, TEST_DB } from '../support/testdb';
import { migratedSqlite, startPortal, type Portal } from '../support/server';
import { createLoadProvince, expectAcksInDatabase, runOfficers, signInAll, type Officer } from './scoring-load';

function script(name: 'backup.sh' | 'restore.sh', url: string, args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [path.join(ROOT, 'scripts', name), ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: url }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, out });
    });
  });
}

const HASHED = ['User', 'Agency', 'BlocYear', 'ScoreSheet', 'ScoreEntry', 'AuditLog', 'Session', 'LoginThrottle'] as const;
const delegate = (db: Db, model: string) => (db as unknown as Record<string, { count: () => Promise<number>; findMany: (a: object) => Promise<unknown[]> }>)[model[0].toLowerCase() + model.slice(1)];

/** The row count of every table, and a SHA-256 of the rows of the key ones. */
async function fingerprint(url: string): Promise<{ counts: Record<string, number>; hashes: Record<string, string> }> {
  const db = createDb(url);
  try {
    const counts: Record<string, number> = {};
    for (const model of Object.values(Prisma.ModelName)) counts[model] = await delegate(db, model).count();
    const hashes: Record<string, string> = {};
    for (const model of HASHED) {
      const rows = await delegate(db, model).findMany({ orderBy: model === 'LoginThrottle' ? { key: 'asc' } : { id: 'asc' } });
      hashes[model] = createHash('sha256').update(JSON.stringify(rows)).digest('hex');
    }
    return { counts, hashes };
  } finally {
    await db.$disconnect();
  }
}

const KINDS = (TEST_DB === 'postgres' ? ['postgres', 'sqlite'] : ['sqlite']) as ('postgres' | 'sqlite')[];

describe.each(KINDS)('backup and restore (%s)', (kind) => {
  let url: string;
  let drop: () => Promise<void> | void;
  let officers: Officer[];
  let portal: Portal | undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'thidua-backup-'));
  const file = path.join(dir, kind === 'postgres' ? 'thidua.dump' : 'thidua.db');

  beforeAll(async () => {
    ({ url, drop } = kind === 'postgres' ? await cloneTemplate() : migratedSqlite());
    const db = createDb(url);
    officers = await createLoadProvince(db, { code: `bk${kind[0]}`, blocs: 1, units: 3, officersPerUnit: 2 });
    await db.$disconnect();
  });
  afterAll(async () => {
    await portal?.stop();
    await drop?.();
    fs.rmSync(dir, { recursive: true, force: true });
    if (kind === 'sqlite') for (const f of fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith(path.basename(url.slice(5))) && f.includes('.before-restore-'))) fs.rmSync(path.join(os.tmpdir(), f));
  });

  it('a backup taken under load is a consistent snapshot with every save acknowledged before it', { timeout: 120_000 }, async () => {
    portal = await startPortal(url);
    const clients = await signInAll(portal.base, officers);
    let backupTo = 0;
    // saving before, during and for 2 s after the backup (60 s at most)
    const run = runOfficers(officers, clients, { base: portal.base, seconds: 60, submitChance: 0, stopWhen: () => backupTo > 0 && Date.now() > backupTo + 2_000 });
    await new Promise((r) => setTimeout(r, 2_000));
    const backupFrom = Date.now();
    const made = await script('backup.sh', url, [file]);
    backupTo = Date.now();
    expect(made, made.out).toMatchObject({ code: 0 });
    const stats = await run;
    expect(stats.acks.filter((a) => a.at > backupTo).length, 'saves went on after the backup').toBeGreaterThan(0);
    const live = await fingerprint(url);
    await portal.stop();
    portal = undefined;

    const restored = await script('restore.sh', url, [file, '--yes']);
    expect(restored, restored.out).toMatchObject({ code: 0 });
    const db = createDb(url);
    try {
      // consistent (one audit row per sheet version) and complete up to the moment it began
      await expectAcksInDatabase(db, officers, stats.acks.filter((a) => a.at < backupFrom), { exact: false });
    } finally {
      await db.$disconnect();
    }
    expect((await fingerprint(url)).hashes.ScoreEntry, 'the saves made after the backup are gone').not.toBe(live.hashes.ScoreEntry);

    // the portal serves the restored database; the sessions came back with it
    portal = await startPortal(url);
    const after = await runOfficers(officers.slice(0, 1), clients.slice(0, 1), { base: portal.base, seconds: 1, submitChance: 0, staleChance: 0 });
    expect(after.acks.length).toBeGreaterThan(0);
    expect(after.failures).toEqual([]);
    await portal.stop();
    portal = undefined;
  });

  it('back up, change, restore: the same rows again, and new rows after them', { timeout: 120_000 }, async () => {
    const before = await fingerprint(url);
    const made = await script('backup.sh', url, [file]);
    expect(made, made.out).toMatchObject({ code: 0 });

    // change: a save's rows, an account renamed, audit rows deleted
    const db = createDb(url);
    const sheet = await db.scoreSheet.findFirstOrThrow({ where: { agencyId: officers[0].agencyId } });
    await db.scoreEntry.updateMany({ where: { sheetId: sheet.id }, data: { selfCenti: 0 } });
    await db.scoreSheet.update({ where: { id: sheet.id }, data: { version: { increment: 1 } } });
    await db.user.update({ where: { id: officers[0].userId }, data: { fullName: 'Tên đã đổi sau sao lưu' } });
    await db.auditLog.deleteMany({ where: { action: 'score.save' } });
    await db.$disconnect();
    const changed = await fingerprint(url);
    expect(changed).not.toEqual(before);

    expect((await script('restore.sh', url, [file])).code, 'no restore without --yes').toBe(2);
    const restored = await script('restore.sh', url, [file, '--yes']);
    expect(restored, restored.out).toMatchObject({ code: 0 });
    expect(await fingerprint(url)).toEqual(before);

    // the restored database takes new rows: PostgreSQL's sequences came back with the data
    const check = createDb(url);
    try {
      const last = await check.auditLog.findFirstOrThrow({ orderBy: { id: 'desc' } });
      const row = await check.auditLog.create({ data: { action: 'test.after_restore', entity: 'Test' } });
      expect(row.id).toBeGreaterThan(last.id);
    } finally {
      await check.$disconnect();
    }
  });
});
