// Prisma CLI config for the embedded SQLite database (the default). Offline: the wasm schema
// engine talks to the database through the driver adapter, so no engine binary is downloaded.
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';

process.env.DATABASE_URL ??= 'file:./data/thidua.db';

type Script = { sql: string; args: unknown[] };

// `migrate diff --from-migrations` replays each migration file on the in-memory shadow database
// with executeRaw, which better-sqlite3 runs one statement at a time; run parameterless
// multi-statement scripts with executeScript instead.
class MigrateSqlite extends PrismaBetterSQLite3 {
  override async connectToShadowDb() {
    const shadow = await super.connectToShadowDb();
    const executeRaw = shadow.executeRaw.bind(shadow);
    shadow.executeRaw = async (query: Script) => {
      if (query.args.length === 0 && query.sql.includes(';')) {
        await shadow.executeScript(query.sql);
        return 0;
      }
      return executeRaw(query as never);
    };
    return shadow;
  }
}

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join(__dirname, 'schema.prisma'),
  migrations: { path: path.join(__dirname, 'migrations') },
  adapter: async () => new MigrateSqlite({ url: process.env.DATABASE_URL as string }),
});
