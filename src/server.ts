// Start-up: config, database, listen, and a graceful shutdown. Nothing else.
//   tsx src/server.ts --dev   `npm run dev`: serve an already migrated database, NODE_ENV=development
//                             (templates re-read on each request; tsx watch restarts on a code change)
//   tsx src/cli/start.ts      `npm start`: check the configuration, migrate, seed a demo, then this
//   node dist/cli/start.js    `npm run start:prod`: the same, compiled by `npm run build`
//   node dist/server.js       `npm run serve`: serve only (migrations applied separately)
import { loadConfig, type Config } from './config';
import { createDb, isPostgresUrl } from './db/client';
import { createApp } from './app';
import { pruneSessions } from './http/session';
import { backfillSearchKeys } from './db/search-keys';

export async function startServer(config: Config): Promise<void> {
  const db = createDb(config.DATABASE_URL);
  await backfillSearchKeys(db);
  const app = createApp(db, config);
  const server = app.listen(config.PORT, config.HOST, () => {
    const where = isPostgresUrl(config.DATABASE_URL) ? 'PostgreSQL' : `SQLite (${config.DATABASE_URL})`;
    const shown = ['0.0.0.0', '::', '127.0.0.1', '::1'].includes(config.HOST) ? 'localhost' : config.HOST;
    console.log(`Cổng thi đua đang chạy tại http://${shown}:${config.PORT} — cơ sở dữ liệu: ${where}`);
  });
  // A port already taken (or a HOST that is not this machine's) must stop start-up with a clear
  // message, not leave a process that looks started.
  server.on('error', (err: NodeJS.ErrnoException) => {
    const why = err.code === 'EADDRINUSE' ? `cổng ${config.PORT} đã có chương trình khác dùng` : err.code === 'EADDRNOTAVAIL' ? `địa chỉ HOST=${config.HOST} không thuộc máy này` : err.message;
    console.error(`Không khởi động được cổng thi đua: ${why}.`);
    process.exit(1);
  });
  const prune = setInterval(() => pruneSessions(db, config.now()).catch((e) => console.error('Dọn phiên hết hạn thất bại:', e)), 10 * 60_000);
  prune.unref();

  const shutdown = (signal: string) => {
    console.log(`Nhận ${signal}, đang dừng…`);
    clearInterval(prune);
    server.close(() => {
      db.$disconnect().finally(() => process.exit(0));
    });
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

export function reportUnhandled(): void {
  process.on('unhandledRejection', (reason) => {
    console.error('Lỗi không được xử lý (unhandledRejection):', reason);
  });
}

if (require.main === module) {
  // Set here rather than in package.json (`NODE_ENV=… tsx`) so that it works in every shell.
  if (process.argv.includes('--dev')) process.env.NODE_ENV ??= 'development';
  reportUnhandled();
  Promise.resolve()
    .then(() => startServer(loadConfig()))
    .catch((err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    });
}
