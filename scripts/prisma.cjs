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

function run(provider, args, url) {
  const env = {
    ...process.env,
    CHECKPOINT_DISABLE: '1',
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${path.join(__dirname, 'unref-timers.cjs')}`.trim(),
    DATABASE_URL: url ?? (provider === 'postgres' ? 'postgresql://postgres@127.0.0.1:5432/thidua' : DEFAULT_SQLITE_URL),
  };
  const config = path.join(root, 'prisma', `${provider}.config.ts`);
  const res = spawnSync(process.execPath, [prismaBin, ...args, '--config', config], { cwd: root, env, stdio: 'inherit' });
  return res.status ?? 1;
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
      if (!arg) throw new Error('usage: node scripts/prisma.cjs migrate NAME');
      const pgUrl = process.env.DATABASE_URL_PG;
      if (!pgUrl) throw new Error('set DATABASE_URL_PG=postgresql://… to create the PostgreSQL migration too');
      const sqliteUrl = providerOf(url) === 'sqlite' ? url : DEFAULT_SQLITE_URL;
      fs.mkdirSync(path.dirname(sqliteFileOf(sqliteUrl)), { recursive: true });
      let code = run('sqlite', ['migrate', 'deploy'], sqliteUrl);
      if (code === 0) code = run('sqlite', ['migrate', 'dev', '--name', arg, '--skip-seed', '--skip-generate'], sqliteUrl);
      if (code === 0) code = run('postgres', ['migrate', 'dev', '--name', arg, '--skip-seed', '--skip-generate'], pgUrl);
      process.exit(code);
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
