// Start-up: config, database, listen, and a graceful shutdown. Nothing else.
import { loadConfig } from './config';
import { createDb, isPostgresUrl } from './db/client';
import { createApp } from './app';
import { pruneSessions } from './http/session';

async function main() {
  const config = loadConfig();
  const db = createDb(config.DATABASE_URL);
  if (!isPostgresUrl(config.DATABASE_URL)) await db.$queryRawUnsafe('PRAGMA journal_mode=WAL');
  const app = createApp(db, config);
  const server = app.listen(config.PORT, config.HOST, () => {
    const where = isPostgresUrl(config.DATABASE_URL) ? 'PostgreSQL' : `SQLite (${config.DATABASE_URL})`;
    console.log(`Cổng thi đua đang chạy tại http://localhost:${config.PORT} — cơ sở dữ liệu: ${where}`);
  });
  const prune = setInterval(() => pruneSessions(db).catch((e) => console.error('Dọn phiên hết hạn thất bại:', e)), 10 * 60_000);
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

process.on('unhandledRejection', (reason) => {
  console.error('Lỗi không được xử lý (unhandledRejection):', reason);
});

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
