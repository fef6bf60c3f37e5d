// `npm start`: check the configuration before anything touches the database, then apply the
// migrations, seed the demo into an empty database (demo mode only, never in production) and serve.
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { loadConfig } from '../config';
import { seedCommand } from './seed';
import { reportUnhandled, startServer } from '../server';

async function main(): Promise<number> {
  const config = loadConfig();
  const deploy = spawnSync(process.execPath, [path.resolve(__dirname, '..', '..', 'scripts', 'prisma.cjs'), 'deploy'], {
    env: { ...process.env, DATABASE_URL: config.DATABASE_URL },
    stdio: 'inherit',
  });
  if (deploy.status !== 0) {
    console.error('Lỗi: không áp dụng được các bản chuyển đổi cơ sở dữ liệu (migrations).');
    return deploy.status ?? 1;
  }
  if (config.DEMO_MODE) {
    const seeded = await seedCommand(config, true);
    if (seeded !== 0) return seeded;
  }
  await startServer(config);
  return 0;
}

reportUnhandled();
main().then(
  (code) => {
    if (code !== 0) process.exit(code);
  },
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
