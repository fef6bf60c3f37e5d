// Loads the demo data into an empty database.
//   tsx src/cli/seed.ts             seed; fails (exit 1) when the database already has data
//   tsx src/cli/seed.ts --if-empty  seed only when empty, otherwise skip quietly (exit 0)
// The configuration is checked first (src/config.ts: DATABASE_URL, DEMO_PASSWORD, …) and nothing is
// ever seeded with NODE_ENV=production: the demo accounts share a public password.
import { loadConfig, type Config } from '../config';
import { createDb } from '../db/client';
import { isDatabaseEmpty, seedDemo } from '../seed/demo';

const DEFAULT_PASSWORD = 'thidua@demo';

const ROLE_NAMES: Record<string, string> = {
  ADMIN: 'Quản trị',
  BOARD: 'Ban TĐKT tỉnh',
  UNIT_OFFICER: 'Cán bộ thi đua đơn vị',
};

export async function seedCommand(config: Config, ifEmpty: boolean): Promise<number> {
  if (config.NODE_ENV === 'production') {
    console.error('Lỗi: không nạp dữ liệu mẫu khi NODE_ENV=production (mật khẩu của các tài khoản mẫu là công khai).');
    return 1;
  }
  // Outside demo mode there are no demo accounts and so no default password.
  if (ifEmpty && !config.DEMO_MODE) {
    console.log('DEMO_MODE=false — không nạp dữ liệu mẫu. Tạo tài khoản quản trị đầu tiên: ADMIN_PASSWORD=… npm run create-admin -- --username <tên>');
    return 0;
  }
  const password = config.DEMO_PASSWORD;
  const db = createDb(config.DATABASE_URL);
  try {
    if (!(await isDatabaseEmpty(db))) {
      if (ifEmpty) {
        console.log('Cơ sở dữ liệu đã có dữ liệu — bỏ qua nạp dữ liệu mẫu.');
        return 0;
      }
      console.error('Lỗi: cơ sở dữ liệu đã có dữ liệu (tài khoản hoặc tỉnh). Dữ liệu mẫu chỉ nạp vào cơ sở dữ liệu trống.');
      return 1;
    }

    const started = Date.now();
    console.log('Đang nạp dữ liệu mẫu…');
    const { users } = await seedDemo(db, { password, log: (msg) => console.log(`  ${msg}`) });
    const [provinces, agencies, blocs, blocYears] = await Promise.all([
      db.province.count(),
      db.agency.count(),
      db.bloc.count(),
      db.blocYear.count(),
    ]);
    const seconds = ((Date.now() - started) / 1000).toLocaleString('vi-VN', { maximumFractionDigits: 1 });
    console.log(
      `Đã nạp dữ liệu mẫu trong ${seconds} giây: ${provinces} tỉnh, ${agencies} đơn vị, ${blocs} khối thi đua, ` +
        `${blocYears} năm thi đua, ${users.length} tài khoản.`,
    );
    console.log('Tài khoản mẫu:');
    const width = Math.max(...users.map((u) => u.username.length));
    for (const u of users) {
      console.log(`  ${u.username.padEnd(width)}  ${ROLE_NAMES[u.role] ?? u.role} — ${u.label}`);
    }
    console.log(
      password === DEFAULT_PASSWORD
        ? `Mật khẩu chung của các tài khoản mẫu: ${DEFAULT_PASSWORD} (chỉ dùng để thử; đổi trước khi dùng thật).`
        : 'Mật khẩu chung của các tài khoản mẫu: giá trị của DEMO_PASSWORD.',
    );
    return 0;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    console.error(`Lỗi khi nạp dữ liệu mẫu: ${message}`);
    if (/no such table|does not exist/i.test(message)) {
      console.error('Cơ sở dữ liệu chưa được tạo bảng: chạy "npm run db:deploy" trước.');
    }
    return 1;
  } finally {
    await db.$disconnect();
  }
}

if (require.main === module) {
  Promise.resolve()
    .then(() => seedCommand(loadConfig(), process.argv.slice(2).includes('--if-empty')))
    .then(
      (code) => {
        process.exitCode = code;
      },
      (err: unknown) => {
        console.error(err instanceof Error ? err.message : err);
        process.exitCode = 1;
      },
    );
}
