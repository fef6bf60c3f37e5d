// A transaction is isolated from the requests that arrive while it is open. On SQLite every query
// used to share one connection and the adapter's lock covered only BEGIN, so another request's
// query ran inside the open transaction: it read the uncommitted rows, and its own writes (session,
// sign-in counter, audit) were rolled back with the transaction. Same test on PostgreSQL.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfFrom, loginAs, startTestApp, type TestApp } from '../support/app';
import { DEMO_PASSWORD, TEST_DB } from '../support/testdb';

const HOLD_MS = 1000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe(`transaction isolation on ${TEST_DB}`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('queries of other requests neither see an open transaction nor are rolled back with it', async () => {
    const { db, app } = t;
    const admin = await loginAs(app, 'admin');
    expect((await admin.get('/')).status).toBe(200);
    const adminRow = await db.user.findUniqueOrThrow({ where: { username: 'admin' } });
    const marker = `CHUACAMKET${Date.now()}`;
    // Forms fetched beforehand, so that the sign-ins reach the database while the transaction is open.
    const strangers = ['khongco.mot', 'khongco.hai', 'khongco.ba'];
    const strangerForms = await Promise.all(
      strangers.map(async (username) => {
        const agent = request.agent(app);
        return { username, agent, token: csrfFrom((await agent.get('/login')).text) };
      }),
    );

    let opened!: () => void;
    const open = new Promise<void>((r) => (opened = r));
    let readsDone!: () => void;
    const reads = new Promise<void>((r) => (readsDone = r));
    const rolledBack = db
      .$transaction(
        async (tx) => {
          await tx.user.update({ where: { id: adminRow.id }, data: { fullName: marker } });
          await tx.auditLog.create({ data: { action: 'test.uncommitted', entity: 'Marker', entityId: marker } });
          opened();
          // Open until every outside read has been answered: a read must not wait for a transaction.
          await Promise.all([sleep(HOLD_MS), reads]);
          throw new Error('rolled back on purpose');
        },
        { timeout: 20_000 },
      )
      .then(
        () => 'committed',
        (e: Error) => e.message,
      );
    await open;

    // Everything below starts while the transaction is open.
    const seen: string[] = [];
    const directReads = Array.from({ length: 10 }, async (_, i) => {
      const row = await db.auditLog.findFirst({ where: { entityId: marker } });
      const user = await db.user.findUniqueOrThrow({ where: { id: adminRow.id } });
      if (row) seen.push(`direct read ${i}: audit row`);
      if (user.fullName === marker) seen.push(`direct read ${i}: admin's new name`);
    });
    // Page reads: the header shows the signed-in user's name, loaded from the database per request.
    const pageReads = Array.from({ length: 4 }, async (_, i) => {
      const res = await admin.get('/');
      expect(res.status).toBe(200);
      if (res.text.includes(marker)) seen.push(`page read ${i}: admin's new name`);
    });
    void Promise.all([...directReads, ...pageReads]).finally(readsDone);
    // Prisma runs some writes as one bare statement (create, upsert: these ran inside the open
    // transaction) and others in a transaction of its own (createMany: it waited). Prisma's promises
    // are lazy, hence the `then` to start each one now.
    const start = <T>(p: PromiseLike<T>) => p.then((v) => v);
    const directWrites = Array.from({ length: 10 }, (_, i) => [
      start(db.auditLog.create({ data: { action: 'test.outside', entity: 'Outside', entityId: `${marker}-${i}` } })),
      start(db.auditLog.createMany({ data: [{ action: 'test.outside-many', entity: 'Outside', entityId: `${marker}-${i}` }] })),
      start(
        db.loginThrottle.upsert({
          where: { key: `test:${marker}-${i}` },
          create: { key: `test:${marker}-${i}`, failures: 1, lastFailureAt: new Date() },
          update: { failures: { increment: 1 } },
        }),
      ),
    ]).flat();
    // Failed sign-ins count against the throttle before the password is checked.
    const failedSignIns = strangerForms.map(async ({ username, agent, token }) => {
      const res = await agent.post('/login').type('form').send({ username, password: 'sai-mat-khau', _csrf: token });
      expect(res.status).toBe(401);
    });
    const members = ['thue.tayninh', 'bhxh.tayninh', 'khobac.tayninh'];
    const signIns = members.map((u) => loginAs(app, u, DEMO_PASSWORD));

    await Promise.all([...directReads, ...pageReads]);
    const outcome = await rolledBack;
    await Promise.all([...directWrites, ...failedSignIns]);
    const agents = await Promise.all(signIns);

    expect.soft(outcome).toBe('rolled back on purpose');
    expect.soft(seen, 'outside reads saw uncommitted rows').toEqual([]);
    // The transaction's own writes are gone.
    expect.soft((await db.user.findUniqueOrThrow({ where: { id: adminRow.id } })).fullName).toBe(adminRow.fullName);
    expect.soft(await db.auditLog.count({ where: { entityId: marker } })).toBe(0);
    // Every outside write survived the rollback.
    expect.soft(await db.auditLog.count({ where: { action: 'test.outside', entityId: { startsWith: `${marker}-` } } })).toBe(10);
    expect.soft(await db.auditLog.count({ where: { action: 'test.outside-many', entityId: { startsWith: `${marker}-` } } })).toBe(10);
    expect.soft(await db.loginThrottle.count({ where: { key: { startsWith: `test:${marker}-` } } })).toBe(10);
    const counted = await db.loginThrottle.findMany({ where: { key: { in: strangers.map((u) => `user:${u}`) } } });
    expect.soft(counted.map((r) => r.key).sort()).toEqual(strangers.map((u) => `user:${u}`).sort());
    expect.soft(await db.auditLog.count({ where: { action: 'auth.login_failed', newValue: { contains: 'khongco.' } } })).toBe(3);
    for (const [i, agent] of agents.entries()) {
      const home = await agent.get('/');
      expect.soft(home.status, `${members[i]} still signed in`).toBe(200);
      expect.soft(home.text).toContain(members[i]);
    }
    const signedIn = await db.user.findMany({ where: { username: { in: members } }, select: { lastLoginAt: true } });
    expect.soft(signedIn.every((u) => u.lastLoginAt !== null)).toBe(true);
    expect.soft(t.errors).toEqual([]);
  }, 60_000);

  it.runIf(TEST_DB === 'sqlite')('SQLite runs with the settings of a real start: WAL and a busy timeout', async () => {
    const [mode] = await t.db.$queryRawUnsafe<{ journal_mode: string }[]>('PRAGMA journal_mode');
    expect(mode.journal_mode).toBe('wal');
    const [busy] = await t.db.$queryRawUnsafe<{ timeout: number | bigint }[]>('PRAGMA busy_timeout');
    expect(Number(busy.timeout)).toBe(10_000);
  });

  it.runIf(TEST_DB === 'sqlite')('a COMMIT that fails leaves the database usable', async () => {
    const { db } = t;
    // A deferred foreign key makes the COMMIT statement itself fail, as SQLITE_BUSY from another
    // process would; Prisma then never calls the adapter's commit().
    const failed = await db
      .$transaction(async (tx) => {
        await tx.$executeRawUnsafe('PRAGMA defer_foreign_keys = ON');
        await tx.auditLog.create({ data: { action: 'test.orphan', entity: 'Nobody', userId: 987_654_321 } });
      })
      .then(
        () => 'committed',
        () => 'failed',
      );
    expect(failed).toBe('failed');
    const after = await db.$transaction((tx) => tx.auditLog.create({ data: { action: 'test.after', entity: 'X' } }), { maxWait: 3000 });
    await db.auditLog.create({ data: { action: 'test.after', entity: 'Y' } });
    expect(after.id).toBeGreaterThan(0);
    expect(await db.auditLog.count({ where: { action: 'test.orphan' } })).toBe(0);
    expect(await db.auditLog.count({ where: { action: 'test.after' } })).toBe(2);
  }, 15_000);
});
