// The one PrismaClient of the process. The adapter is chosen from DATABASE_URL: a `file:` URL is
// the embedded SQLite database, `postgresql://` is PostgreSQL. Both generated clients come from the
// same models, so the SQLite client's type describes both.
import fs from 'node:fs';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as SqliteClient } from '../generated/sqlite/client';
import { PrismaClient as PostgresClient } from '../generated/postgres/client';
import { withSearchKeys } from './search-keys';
import { IsolatedSqlite } from './sqlite';
import { installPlanCache } from './plan-cache';

export type Db = SqliteClient;
export type Tx = Omit<Db, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;
export { Prisma } from '../generated/sqlite/client';

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

/** `onQuery` receives every SQL statement (the benchmark counts queries per page with it). */
export function createDb(url: string, onQuery?: (sql: string) => void): Db {
  installPlanCache();
  const log = onQuery ? [{ emit: 'event' as const, level: 'query' as const }] : undefined;
  const watch = <T extends Db>(db: T): T => {
    if (onQuery) (db as unknown as { $on: (e: 'query', cb: (ev: { query: string }) => void) => void }).$on('query', (ev) => onQuery(ev.query));
    return db;
  };
  if (isPostgresUrl(url)) {
    const adapter = new PrismaPg({ connectionString: url, max: Number(process.env.DB_POOL_SIZE ?? 10) });
    return withSearchKeys(watch(new PostgresClient({ adapter, log }) as unknown as Db));
  }
  const file = url.replace(/^file:/, '').replace(/\?.*$/, '');
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  // WAL, busy timeout and transactions on a connection of their own: see ./sqlite.ts.
  const adapter = new IsolatedSqlite(file);
  return withSearchKeys(watch(new SqliteClient({ adapter, log }) as unknown as Db));
}
