// `npm start`: check the configuration before anything touches the database, then apply the
// migrations, seed the demo into an empty database (demo mode only, never in production) and serve.
import { loadConfig } from '../config';
import { deployMigrations } from './deploy';
import { seedCommand } from './seed';
import { reportUnhandled, startServer } from '../server';

async function main(): Promise<number> {
  const config = loadConfig();
  const deployed = deployMigrations(config.DATABASE_URL);
  if (deployed !== 0) return deployed;
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
