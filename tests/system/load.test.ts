// Load: LOAD_OFFICERS unit officers (default 50; two per unit, so two race for each sheet) save and
// send their sheets for LOAD_SECONDS (default 60) against one portal process on PostgreSQL. No 5xx,
// every refusal a 409 of the version lock, and every acknowledged save in the database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../src/db/client';
import { cloneTemplate, TEST_DB } from '../support/testdb';
import { startPortal, type Portal } from '../support/server';
import { createLoadProvince, expectAcksInDatabase, runOfficers, signInAll, type Officer } from './scoring-load';

const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const OFFICERS = Number(process.env.LOAD_OFFICERS ?? 50);

describe.skipIf(TEST_DB !== 'postgres')('load on PostgreSQL', () => {
  let db: Db;
  let drop: () => Promise<void>;
  let portal: Portal;
  let officers: Officer[];

  beforeAll(async () => {
    const clone = await cloneTemplate();
    drop = clone.drop;
    db = createDb(clone.url);
    const units = Math.ceil(OFFICERS / 2);
    officers = (await createLoadProvince(db, { code: 'tai', blocs: Math.ceil(units / 5), units: 5, officersPerUnit: 2 })).slice(0, OFFICERS);
    portal = await startPortal(clone.url);
  });

  afterAll(async () => {
    await portal?.stop();
    await db?.$disconnect();
    await drop?.();
  });

  it(`${OFFICERS} officers saving and sending for ${SECONDS} s: no 5xx, conflicts are 409, every acknowledged save stored`, { timeout: (SECONDS + 120) * 1000 }, async () => {
    const clients = await signInAll(portal.base, officers);
    const t0 = Date.now();
    const stats = await runOfficers(officers, clients, { base: portal.base, seconds: SECONDS });
    const took = (Date.now() - t0) / 1000;
    const posts = (stats.statuses['POST 302'] ?? 0) + (stats.statuses['POST 409'] ?? 0);
    console.log(`load: ${took.toFixed(1)} s, ${JSON.stringify(stats.statuses)}, ${stats.acks.length} acknowledged saves (${stats.submitted} sent), ${(posts / took).toFixed(1)} posts/s`);

    expect(stats.failures, 'no 5xx').toEqual([]);
    expect(stats.noReply, 'every request answered').toBe(0);
    expect(Object.keys(stats.statuses).sort(), 'only pages, acknowledged saves and version conflicts').toEqual(expect.arrayContaining(['GET 200', 'POST 302', 'POST 409']));
    for (const key of Object.keys(stats.statuses)) expect(['GET 200', 'POST 302', 'POST 409']).toContain(key);
    expect(stats.acks.length).toBeGreaterThan(0);
    expect(portal.serverErrors()).toEqual([]);

    const sheets = await expectAcksInDatabase(db, officers, stats.acks, { exact: true });
    expect(sheets).toBe(new Set(officers.map((o) => o.agencyId)).size);
    // counted another way: the audit rows of the officers' saves, officer by officer
    const rows = await db.auditLog.groupBy({ by: ['userId'], where: { action: { in: ['score.save', 'score.submit'] }, userId: { in: officers.map((o) => o.userId) } }, _count: { _all: true } });
    const stored = Object.fromEntries(rows.map((r) => [r.userId, r._count._all]));
    const acked: Record<number, number> = {};
    for (const a of stats.acks) acked[a.officer.userId] = (acked[a.officer.userId] ?? 0) + 1;
    expect(stored).toEqual(acked);
  });
});
