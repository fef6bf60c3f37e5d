#!/usr/bin/env node
// Offline Prisma CLI wrapper. One schema (prisma/schema.prisma, SQLite) is the source of truth;
// the PostgreSQL schema is generated from it. Usage:
//   node scripts/prisma.cjs generate            write prisma/postgres/schema.prisma, generate both clients
//   node scripts/prisma.cjs deploy              migrate deploy on DATABASE_URL (SQLite file by default)
//   node scripts/prisma.cjs migrate NAME        new migration for both providers (needs DATABASE_URL_PG)
//   node scripts/prisma.cjs drift sqlite|postgres   exit 0 when migrations == schema, 2 on drift
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const schemaPath = path.join(root, 'prisma', 'schema.prisma');
const pgSchemaPath = path.join(root, 'prisma', 'postgres', 'schema.prisma');
const prismaBin = path.join(root, 'node_modules', 'prisma', 'build', 'index.js');
const DEFAULT_SQLITE_URL = 'file:./data/thidua.db';

function writePostgresSchema() {
  const src = fs.readFileSync(schemaPath, 'utf8');
  const out = src
    .replace('provider = "sqlite"', 'provider = "postgresql"')
    .replace('output       = "../src/generated/sqlite"', 'output       = "../../src/generated/postgres"')
    .replace(
      /^\/\/ The one source of truth[^\n]*\n[^\n]*\n/m,
      '// GENERATED from prisma/schema.prisma by scripts/prisma.cjs — do not edit by hand.\n',
    );
  if (!out.includes('provider = "postgresql"') || !out.includes('src/generated/postgres')) {
    throw new Error('scripts/prisma.cjs: could not derive the PostgreSQL schema (datasource or generator block changed?)');
  }
  fs.mkdirSync(path.dirname(pgSchemaPath), { recursive: true });
  if (!fs.existsSync(pgSchemaPath) || fs.readFileSync(pgSchemaPath, 'utf8') !== out) fs.writeFileSync(pgSchemaPath, out);
}

function providerOf(url) {
  return /^postgres(ql)?:\/\//.test(url) ? 'postgres' : 'sqlite';
}

function run(provider, args, url, capture = false) {
  const env = {
    ...process.env,
    CHECKPOINT_DISABLE: '1',
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${path.join(__dirname, 'unref-timers.cjs')}`.trim(),
    DATABASE_URL: url ?? (provider === 'postgres' ? 'postgresql://postgres@127.0.0.1:5432/thidua' : DEFAULT_SQLITE_URL),
  };
  const config = path.join(root, 'prisma', `${provider}.config.ts`);
  const res = spawnSync(process.execPath, [prismaBin, ...args, '--config', config], {
    cwd: root,
    env,
    stdio: capture ? ['inherit', 'pipe', 'inherit'] : 'inherit',
    encoding: 'utf8',
  });
  return capture ? { status: res.status ?? 1, stdout: res.stdout } : res.status ?? 1;
}

function sqliteFileOf(url) {
  const p = url.replace(/^file:/, '').replace(/\?.*$/, '');
  return path.resolve(root, p);
}

function main() {
  const [cmd, arg] = process.argv.slice(2);
  writePostgresSchema();
  const url = process.env.DATABASE_URL || DEFAULT_SQLITE_URL;
  switch (cmd) {
    case 'generate':
      for (const p of ['sqlite', 'postgres']) {
        const code = run(p, ['generate'], undefined);
        if (code !== 0) process.exit(code);
      }
      return;
    case 'deploy': {
      const provider = providerOf(url);
      if (provider === 'sqlite') fs.mkdirSync(path.dirname(sqliteFileOf(url)), { recursive: true });
      process.exit(run(provider, ['migrate', 'deploy'], url));
      return;
    }
    case 'migrate': {
      // The new migration is the diff between the migration history and the schema, written for
      // both providers (non-interactive: `migrate dev` refuses to run without a terminal).
      if (!arg || !/^[a-z0-9_]+$/.test(arg)) throw new Error('usage: node scripts/prisma.cjs migrate name_in_snake_case');
      const pgUrl = process.env.DATABASE_URL_PG;
      if (!pgUrl) throw new Error('set DATABASE_URL_PG=postgresql://… (its shadow database is used to replay the PostgreSQL history)');
      const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
      for (const provider of ['sqlite', 'postgres']) {
        const schema = provider === 'postgres' ? pgSchemaPath : schemaPath;
        const migrations = path.join(path.dirname(schema), 'migrations');
        const args = ['migrate', 'diff', '--from-migrations', migrations, '--to-schema-datamodel', schema, '--script'];
        const out = run(provider, args, provider === 'postgres' ? pgUrl : 'file::memory:', true);
        if (out.status !== 0) process.exit(out.status);
        const dir = path.join(migrations, `${stamp}_${arg}`);
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, 'migration.sql'), out.stdout);
        console.log(`wrote ${path.relative(root, dir)}/migration.sql`);
      }
      return;
    }
    case 'drift': {
      const provider = arg === 'postgres' ? 'postgres' : 'sqlite';
      const schema = provider === 'postgres' ? pgSchemaPath : schemaPath;
      const migrations = path.join(path.dirname(schema), 'migrations');
      const args = ['migrate', 'diff', '--from-migrations', migrations, '--to-schema-datamodel', schema, '--exit-code'];
      // SQLite diffs against an in-memory shadow database: no file is needed or touched.
      process.exit(run(provider, args, provider === 'postgres' ? url : 'file::memory:'));
      return;
    }
    default:
      console.error('usage: node scripts/prisma.cjs generate|deploy|migrate NAME|drift sqlite|postgres');
      process.exit(64);
  }
}

main();
