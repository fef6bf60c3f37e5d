// Applies the database migrations (idempotent: nothing to do on an up-to-date database), for the
// commands that start from a possibly empty database: `npm start` and `npm run create-admin`.
import path from 'node:path';
import { spawnSync } from 'node:child_process';

/** Runs `prisma migrate deploy` on the URL; returns the exit code (0 = the schema is up to date). */
export function deployMigrations(databaseUrl: string): number {
  const res = spawnSync(process.execPath, [path.resolve(__dirname, '..', '..', 'scripts', 'prisma.cjs'), 'deploy'], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: 'inherit',
  });
  if (res.status !== 0) console.error('Lỗi: không áp dụng được các bản chuyển đổi cơ sở dữ liệu (migrations).');
  return res.status ?? 1;
}
