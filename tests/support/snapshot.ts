// Database snapshots for tests that prove a refused request wrote nothing: the content of every
// table (sessions and the sign-in throttle aside) as hashes, one per table.
import { createHash } from 'node:crypto';
import { isPostgresUrl, type Db } from '../../src/db/client';

/** Tables whose rows a refused request may still touch: its session, the sign-in throttle. */
export const BOOKKEEPING: ReadonlySet<string> = new Set(['Session', 'LoginThrottle']);

export async function tableNames(db: Db, url: string): Promise<string[]> {
  const rows: { name: string }[] = isPostgresUrl(url)
    ? await db.$queryRawUnsafe(`SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`)
    : await db.$queryRawUnsafe(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`);
  return rows.map((r) => r.name).filter((n) => !n.startsWith('_prisma') && !BOOKKEEPING.has(n)).sort();
}

/** The content of one table as a hash. */
export async function tableHash(db: Db, table: string): Promise<string> {
  const rows = await db.$queryRawUnsafe<unknown[]>(`SELECT * FROM "${table}" ORDER BY 1`);
  return createHash('sha256')
    .update(JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)))
    .digest('hex');
}

/** Every table's hash: compare two snapshots with `changedTables`. */
export async function snapshot(db: Db, tables: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const t of tables) out.set(t, await tableHash(db, t));
  return out;
}

export function changedTables(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...after.keys()].filter((t) => before.get(t) !== after.get(t));
}

/** The tables an SQL statement list writes (INSERT / UPDATE / DELETE), from the client's query log. */
export function writtenTables(sqls: readonly string[]): string[] {
  const out = new Set<string>();
  for (const s of sqls) {
    const m = /^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+(?:[`"]?\w+[`"]?\.)?[`"]?(\w+)[`"]?/i.exec(s);
    if (m) out.add(m[1]);
  }
  return [...out];
}
