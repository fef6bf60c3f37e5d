// Faults under the portal, each bounded in time:
//   1. the server killed (SIGKILL) while officers save: restarted on the same port, it starts
//      cleanly and every save it had acknowledged is in the database (PostgreSQL and SQLite);
//   2. PostgreSQL stopped and started again under load, on a cluster of the test's own: meanwhile
//      requests answer 503 with Retry-After, then the same process serves again;
//   3. the SQLite file locked by another process (BEGIN EXCLUSIVE): a save answers 503 after the
//      busy timeout, and succeeds once the lock is released.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../src/db/client';
import { SQLITE_BUSY_TIMEOUT_MS } from '../../src/db/sqlite';
import { cloneTemplate, runNode, ROOT, TEST_DB } from '../support/testdb';
import { csrfFrom, freePort, migratedSqlite, startPortal, type Portal } from '../support/server';
import { createLoadProvince, expectAcksInDatabase, runOfficers, signInAll, type LoadStats, type Officer } from './scoring-load';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A database of the kind asked for, with a small load province in it. */
async function scoringDatabase(kind: 'postgres' | 'sqlite', code: string, units: number, officersPerUnit: number) {
  let url: string;
  let drop: () => Promise<void> | void;
  let file: string | undefined;
  if (kind === 'postgres') ({ url, drop } = await cloneTemplate());
  else ({ url, drop, file } = migratedSqlite());
  const db = createDb(url);
  const officers = await createLoadProvince(db, { code, blocs: 1, units, officersPerUnit });
  return { url, file, db, officers, drop: async () => (await db.$disconnect(), await drop()) };
}

function allowedStatuses(stats: LoadStats, also: string[] = []) {
  for (const key of Object.keys(stats.statuses)) expect(['GET 200', 'POST 302', 'POST 409', ...also], `an answer ${key}`).toContain(key);
}

const KINDS = (TEST_DB === 'postgres' ? ['postgres', 'sqlite'] : ['sqlite']) as ('postgres' | 'sqlite')[];

describe.each(KINDS)('SIGKILL during saves (%s)', (kind) => {
  let env: Awaited<ReturnType<typeof scoringDatabase>>;
  let portal: Portal | undefined;

  beforeAll(async () => {
    env = await scoringDatabase(kind, `kill${kind[0]}`, 4, 2);
  });
  afterAll(async () => {
    await portal?.stop();
    await env?.drop();
  });

  it('restarts cleanly and has lost no acknowledged save', { timeout: 120_000 }, async () => {
    portal = await startPortal(env.url);
    const { port } = portal;
    const clients = await signInAll(portal.base, env.officers);
    let restartedAt = 0;
    // until 3 s after the restart (60 s at most)
    const run = runOfficers(env.officers, clients, { base: portal.base, seconds: 60, submitChance: 0, stopWhen: () => restartedAt > 0 && Date.now() > restartedAt + 3_000 });
    await pause(3_000);
    await portal.kill();
    const killedAt = Date.now();
    portal = await startPortal(env.url, { port }); // the same address: the officers' pages carry on
    restartedAt = Date.now();
    const downMs = restartedAt - killedAt;
    const stats = await run;
    console.log(`SIGKILL (${kind}): down ${downMs} ms, ${JSON.stringify(stats.statuses)}, ${stats.noReply} without answer, ${stats.acks.length} acknowledged`);

    expect(stats.noReply, 'the kill cut requests').toBeGreaterThan(0);
    expect(stats.failures, 'no 5xx').toEqual([]);
    allowedStatuses(stats);
    expect(portal.serverErrors()).toEqual([]);
    expect(portal.output()).not.toMatch(/error|lỗi|warn/i);
    // the officers' sessions outlived the process, and saves went on after the restart
    expect(stats.acks.filter((a) => a.at > killedAt + downMs).length, 'saves acknowledged after the restart').toBeGreaterThan(0);
    await expectAcksInDatabase(env.db, env.officers, stats.acks, { exact: false });
  });
});

/** PostgreSQL's binaries: PG_BIN, else Debian's newest /usr/lib/postgresql/N/bin (as scripts/test.sh finds them). */
function pgBin(): string | null {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return null;
  const versions = fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'pg_ctl'))).sort((x, y) => Number(x) - Number(y));
  return versions.length ? path.join(root, versions[versions.length - 1], 'bin') : null;
}

/** A throwaway cluster of this test's own (as root: run as the postgres user, like scripts/test.sh). */
class Cluster {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'thidua-faults-pg-'));
  constructor(
    readonly bin: string,
    readonly port: number,
  ) {}

  private run(cmd: string): void {
    if (process.getuid?.() === 0) execFileSync('su', ['postgres', '-c', cmd], { stdio: 'pipe', timeout: 60_000 });
    else execFileSync('bash', ['-c', cmd], { stdio: 'pipe', timeout: 60_000 });
  }

  init(): void {
    if (process.getuid?.() === 0) execFileSync('chown', ['postgres', this.dir]);
    this.run(`${this.bin}/initdb -D ${this.dir}/data -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null`);
    this.start();
  }
  start(): void {
    this.run(`${this.bin}/pg_ctl -D ${this.dir}/data -o "-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off" -l ${this.dir}/log -w start >/dev/null`);
  }
  stop(mode: 'fast' | 'immediate' = 'fast'): void {
    this.run(`${this.bin}/pg_ctl -D ${this.dir}/data -m ${mode} -w stop >/dev/null`);
  }
  url(db: string): string {
    return `postgresql://postgres@127.0.0.1:${this.port}/${db}`;
  }
  destroy(): void {
    try {
      if (fs.existsSync(`${this.dir}/data/postmaster.pid`)) this.stop();
    } finally {
      fs.rmSync(this.dir, { recursive: true, force: true });
    }
  }
}

const PG_BIN = pgBin();

describe.skipIf(TEST_DB !== 'postgres' || !PG_BIN)('PostgreSQL stopped and started under load', () => {
  let cluster: Cluster;
  let portal: Portal | undefined;

  beforeAll(async () => {
    cluster = new Cluster(PG_BIN!, Number(process.env.FAULT_PG_PORT ?? (await freePort())));
    cluster.init();
    const admin = new Client({ connectionString: cluster.url('postgres') });
    await admin.connect();
    await admin.query('CREATE DATABASE thidua');
    await admin.end();
    runNode([path.join(ROOT, 'scripts', 'prisma.cjs'), 'deploy'], { DATABASE_URL: cluster.url('thidua') });
  });
  afterAll(async () => {
    await portal?.stop();
    cluster?.destroy();
  });

  // fast: what `pg_ctl restart` does, every session ended with 57P01; immediate: as after a crash,
  // connections cut under running queries and transactions
  it.each(['fast', 'immediate'] as const)(
    'stop -m %s: 503 with Retry-After while the database is down, then the same process serves again',
    { timeout: 120_000 },
    async (mode) => {
      const db = createDb(cluster.url('thidua'));
      let officers: Officer[];
      try {
        officers = await createLoadProvince(db, { code: `pg${mode[0]}`, blocs: 1, units: 4, officersPerUnit: 2 });
      } finally {
        await db.$disconnect();
      }
      portal = await startPortal(cluster.url('thidua'));
      const pid = portal.child.pid;
      const clients = await signInAll(portal.base, officers);
      let upAt = 0;
      // until 4 s after the database is back (60 s at most)
      const run = runOfficers(officers, clients, { base: portal.base, seconds: 60, submitChance: 0, stopWhen: () => upAt > 0 && Date.now() > upAt + 4_000 });
      await pause(3_000);
      cluster.stop(mode);
      const downAt = Date.now();
      await pause(3_000); // down for 3 s: the officers keep saving meanwhile
      const health = await fetch(`${portal.base}/healthz`, { signal: AbortSignal.timeout(10_000) });
      cluster.start();
      upAt = Date.now();
      const stats = await run;
      console.log(`PostgreSQL stop -m ${mode}: down ${upAt - downAt} ms, ${JSON.stringify(stats.statuses)}, ${stats.noReply} without answer, ${stats.acks.length} acknowledged`);

      expect(health.status).toBe(503);
      expect(health.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(portal.child.pid).toBe(pid);
      expect(portal.child.exitCode).toBeNull();
      expect(stats.noReply, 'the portal itself never stopped answering').toBe(0);
      expect(stats.failures.length, 'the outage was met').toBeGreaterThan(0);
      for (const f of stats.failures) expect(f, 'a 503 with Retry-After, never a 500').toEqual({ ...f, status: 503, retryAfter: expect.stringMatching(/^\d+$/) });
      allowedStatuses(stats, ['GET 503', 'POST 503']);
      expect(stats.acks.filter((a) => a.at > upAt).length, 'saves acknowledged after the database came back').toBeGreaterThan(0);
      expect((await fetch(`${portal.base}/healthz`)).status).toBe(200);
      const check = createDb(cluster.url('thidua'));
      try {
        await expectAcksInDatabase(check, officers, stats.acks, { exact: false });
      } finally {
        await check.$disconnect();
      }
      await portal.stop();
      portal = undefined;
    },
  );
});

describe('SQLite file locked by another process', () => {
  let env: Awaited<ReturnType<typeof scoringDatabase>>;
  let portal: Portal | undefined;
  let lock: Database.Database | undefined;

  beforeAll(async () => {
    env = await scoringDatabase('sqlite', 'busy', 2, 1);
  });
  afterAll(async () => {
    lock?.close();
    await portal?.stop();
    await env?.drop();
  });

  it('a save answers 503 after the busy timeout, and succeeds once the lock is released', { timeout: 90_000 }, async () => {
    portal = await startPortal(env.url);
    const [officer] = env.officers;
    const [client] = await signInAll(portal.base, [officer]);
    const sheetUrl = `${officer.sheetPath}?period=YEAR_END`;
    const formFor = async (points: string) => {
      const page = await client.get(portal!.base, sheetUrl);
      expect(page.status).toBe(200);
      const form: Record<string, string> = { _csrf: csrfFrom(page.text), period: 'YEAR_END', version: /name="version" value="(\d+)"/.exec(page.text)![1], action: 'save' };
      for (const c of officer.criteria) form[`score_${c.id}`] = points;
      return form;
    };
    const save = (form: Record<string, string>) => client.post(portal!.base, officer.sheetPath, form);

    const first = await formFor('5'); // the page (and the form token it writes into the session) before the lock
    lock = new Database(env.file!);
    lock.exec('BEGIN EXCLUSIVE');
    expect((await fetch(`${portal.base}/healthz`)).status, 'reading goes on under the lock (WAL)').toBe(200);
    const t0 = Date.now();
    const refused = await save(first);
    const waited = Date.now() - t0;
    expect(refused.status).toBe(503);
    expect(refused.retryAfter).toMatch(/^\d+$/);
    expect(waited).toBeGreaterThanOrEqual(SQLITE_BUSY_TIMEOUT_MS - 500);
    lock.exec('ROLLBACK');
    lock.close();
    lock = undefined;

    const saved = await save(await formFor('7,5'));
    expect(saved.status).toBe(302);
    const entries = await env.db.scoreEntry.findMany({ where: { sheet: { agencyId: officer.agencyId } } });
    expect(entries.map((e) => e.selfCenti)).toEqual(officer.criteria.map(() => 750));
    expect(portal.serverErrors().length).toBe(1); // the one 503, logged with its error id
  });
});
