// Where a slow page spends its time: one request per path (after a warm-up), signed in as the user
// given, on an in-process instance whose client logs every query with its duration; prints the
// page's time, the time in SQL and its slowest queries. For reading the benchmark's slow rows.
//
//   tsx scripts/bench-slow-queries.ts <DATABASE_URL> <username> <path>…   (password: BENCH_PASSWORD, default thidua@demo)
//   BENCH_ALL_QUERIES=1: every query of the request, in order, instead of the three slowest
//   e.g. tsx scripts/bench-slow-queries.ts file:/tmp/national.db bantdkt.hanoi '/provinces/1/awards?year=2025'
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as SqliteClient } from '../src/generated/sqlite/client';
import { PrismaClient as PostgresClient } from '../src/generated/postgres/client';
import { isPostgresUrl, type Db } from '../src/db/client';
import { IsolatedSqlite } from '../src/db/sqlite';
import { withSearchKeys } from '../src/db/search-keys';
import { installPlanCache } from '../src/db/plan-cache';
import { loadConfig } from '../src/config';
import { createApp } from '../src/app';

type QueryEvent = { query: string; duration: number | bigint };
type Logged = { $on: (e: 'query', cb: (ev: QueryEvent) => void) => void; $disconnect: () => Promise<void> };

async function main() {
  const [url, username, ...paths] = process.argv.slice(2);
  if (!url || !username || !paths.length) throw new Error('usage: tsx scripts/bench-slow-queries.ts <DATABASE_URL> <username> <path>…');
  installPlanCache();
  const log = [{ emit: 'event' as const, level: 'query' as const }];
  const client = (
    isPostgresUrl(url) ? new PostgresClient({ adapter: new PrismaPg({ connectionString: url }), log }) : new SqliteClient({ adapter: new IsolatedSqlite(url.replace(/^file:/, '')), log })
  ) as unknown as Logged;
  let seen: { ms: number; sql: string }[] = [];
  client.$on('query', (ev) => seen.push({ ms: Number(ev.duration), sql: ev.query }));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'thidua-slow-'));
  const app = createApp(withSearchKeys(client as unknown as Db), loadConfig({ DATABASE_URL: url, UPLOAD_DIR: tmp }), console.error);
  const agent = request.agent(app);
  const form = await agent.get('/login');
  const token = /name="_csrf" value="([^"]+)"/.exec(form.text)![1];
  const signed = await agent.post('/login').type('form').send({ username, password: process.env.BENCH_PASSWORD ?? 'thidua@demo', _csrf: token });
  if (signed.status !== 302) throw new Error(`sign-in of ${username}: ${signed.status}`);
  for (const p of paths) {
    await agent.get(p);
    seen = [];
    const t0 = process.hrtime.bigint();
    const res = await agent.get(p);
    const total = Number(process.hrtime.bigint() - t0) / 1e6;
    const sql = seen.reduce((a, q) => a + q.ms, 0);
    console.log(`\n${p} → ${res.status}: ${total.toFixed(0)} ms, ${seen.length} queries summing ${sql.toFixed(0)} ms (run in parallel, they may add up to more than the page)`);
    const all = process.env.BENCH_ALL_QUERIES === '1';
    for (const q of all ? seen : [...seen].sort((a, b) => b.ms - a.ms).slice(0, 3)) console.log(`  ${q.ms.toFixed(0)} ms  ${q.sql.slice(0, Number(process.env.BENCH_SQL_CHARS ?? (all ? 300 : 600)))}`);
  }
  await client.$disconnect();
  fs.rmSync(tmp, { recursive: true, force: true });
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
