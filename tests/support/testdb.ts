// Real databases for tests. A template database is migrated and seeded with the demo data once per
// run (global setup); every test file gets its own copy, so files run in parallel without sharing
// state. TEST_DB=sqlite (default) copies a file; TEST_DB=postgres clones with CREATE DATABASE …
// TEMPLATE on the cluster at TEST_PG_URL.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { Client } from 'pg';

export const ROOT = path.resolve(__dirname, '..', '..');
export const DEMO_PASSWORD = 'thidua@demo';
export const TEST_DB = (process.env.TEST_DB ?? 'sqlite') as 'sqlite' | 'postgres';
const PG_BASE = process.env.TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:55432/postgres';
const TEMPLATE_PG_DB = 'thidua_test_template';
const TEMPLATE_SQLITE = path.join(os.tmpdir(), `thidua-test-template-${process.env.TEST_RUN_ID ?? 'local'}.db`);

export function pgUrl(database: string): string {
  const u = new URL(PG_BASE);
  u.pathname = `/${database}`;
  return u.toString();
}

async function pgAdmin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: PG_BASE });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

function runNode(args: string[], env: Record<string, string>) {
  const res = spawnSync(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`${args.join(' ')} failed (${res.status}):\n${res.stdout}\n${res.stderr}`);
  return res;
}

const TSX = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');

/** Migrates and seeds the template database. Called once per run from global setup. */
export async function prepareTemplate(): Promise<void> {
  let url: string;
  if (TEST_DB === 'postgres') {
    await pgAdmin(async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${TEMPLATE_PG_DB} WITH (FORCE)`);
      await c.query(`CREATE DATABASE ${TEMPLATE_PG_DB}`);
    });
    url = pgUrl(TEMPLATE_PG_DB);
  } else {
    fs.rmSync(TEMPLATE_SQLITE, { force: true });
    url = `file:${TEMPLATE_SQLITE}`;
  }
  runNode([path.join(ROOT, 'scripts', 'prisma.cjs'), 'deploy'], { DATABASE_URL: url });
  runNode([TSX, path.join(ROOT, 'src', 'cli', 'seed.ts')], { DATABASE_URL: url, DEMO_PASSWORD });
}

/** A fresh copy of the seeded template for one test file; returns its DATABASE_URL. */
export async function cloneTemplate(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `thidua_t_${randomBytes(5).toString('hex')}`;
  if (TEST_DB === 'postgres') {
    await pgAdmin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_PG_DB}`));
    return { url: pgUrl(name), drop: () => pgAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined) };
  }
  const file = path.join(os.tmpdir(), `${name}.db`);
  fs.copyFileSync(TEMPLATE_SQLITE, file);
  return {
    url: `file:${file}`,
    drop: async () => {
      for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
    },
  };
}

/** An empty database (no migrations) for tests of migrate/seed themselves. */
export async function emptyDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `thidua_e_${randomBytes(5).toString('hex')}`;
  if (TEST_DB === 'postgres') {
    await pgAdmin((c) => c.query(`CREATE DATABASE ${name}`));
    return { url: pgUrl(name), drop: () => pgAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined) };
  }
  const file = path.join(os.tmpdir(), `${name}.db`);
  return { url: `file:${file}`, drop: async () => fs.rmSync(file, { force: true }) };
}

export { runNode, TSX };
