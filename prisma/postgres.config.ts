// Prisma CLI config for PostgreSQL. Works around three bugs of @prisma/adapter-pg 6.19.3 as the
// migrate adapter (see ../shared/PRISMA-OFFLINE.md): catalog column types it cannot decode, the
// shadow database name overridden by a connection string, and dropping the shadow database
// before its pool is closed.
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';

process.env.DATABASE_URL ??= 'postgresql://postgres@127.0.0.1:5432/thidua';

const TEXT_OID = 25;
const CATALOG_OIDS = new Set([18, 19, 194, 2205, 2206]); // "char", name, pg_node_tree, regproc, regclass

type PgFields = { fields: { dataTypeID: number }[] };
type Performer = { performIO: (q: unknown) => Promise<PgFields> };
let patched = false;

// Every queryable (adapter and transaction) shares PgQueryable.prototype.performIO.
function reportCatalogTypesAsText(adapter: object) {
  if (patched) return;
  let proto = Object.getPrototypeOf(adapter);
  while (proto && !Object.prototype.hasOwnProperty.call(proto, 'performIO')) proto = Object.getPrototypeOf(proto);
  if (!proto) return;
  const original = (proto as Performer).performIO;
  (proto as Performer).performIO = async function performIO(this: unknown, q: unknown) {
    const result = await original.call(this, q);
    for (const f of result?.fields ?? []) if (CATALOG_OIDS.has(f.dataTypeID)) f.dataTypeID = TEXT_OID;
    return result;
  };
  patched = true;
}

function connectionFields(url: string) {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username || 'postgres'),
    password: decodeURIComponent(u.password || ''),
    database: decodeURIComponent(u.pathname.replace(/^\//, '') || 'postgres'),
    allowExitOnIdle: true,
  };
}

class MigratePg extends PrismaPg {
  private readonly fields: ReturnType<typeof connectionFields>;
  constructor(fields: ReturnType<typeof connectionFields>) {
    super(fields);
    this.fields = fields;
  }
  override async connect() {
    const adapter = await super.connect();
    reportCatalogTypesAsText(adapter);
    return adapter;
  }
  override async connectToShadowDb() {
    const main = await this.connect();
    const database = `prisma_migrate_shadow_db_${randomUUID().replace(/-/g, '')}`;
    await main.executeScript(`CREATE DATABASE "${database}"`);
    const shadowFactory = new PrismaPg({ ...this.fields, database });
    const shadow = await shadowFactory.connect();
    reportCatalogTypesAsText(shadow);
    const dispose = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await dispose(); // close the shadow pool first, then drop it
      await main.executeScript(`DROP DATABASE IF EXISTS "${database}"`);
      await main.dispose();
    };
    return shadow;
  }
}

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join(__dirname, 'postgres', 'schema.prisma'),
  migrations: { path: path.join(__dirname, 'postgres', 'migrations') },
  adapter: async () => new MigratePg(connectionFields(process.env.DATABASE_URL as string)),
});
