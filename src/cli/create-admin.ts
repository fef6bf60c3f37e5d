// Creates the first administrator outside demo mode:
//   npm run create-admin -- --username ten.dang.nhap --name "Họ và tên"
// The password is read from the ADMIN_PASSWORD environment variable (never from the command line,
// which other users of the machine can see). A new database is migrated first, so on a fresh
// install this is the first command, before `npm start`.
import { createDb } from '../db/client';
import { loadConfig } from '../config';
import { deployMigrations } from './deploy';
import { createUser } from '../modules/users/service';
import { createUserSchema } from '../modules/users/schemas';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main() {
  const config = loadConfig();
  const parsed = createUserSchema.safeParse({
    username: arg('username') ?? 'admin',
    fullName: arg('name') ?? 'Quản trị hệ thống',
    role: 'ADMIN',
    password: process.env.ADMIN_PASSWORD ?? '',
  });
  if (!parsed.success) {
    for (const i of parsed.error.issues) console.error(`- ${i.path.join('.') === 'password' ? 'ADMIN_PASSWORD' : i.path.join('.')}: ${i.message}`);
    process.exit(1);
  }
  const deployed = deployMigrations(config.DATABASE_URL);
  if (deployed !== 0) process.exit(deployed);
  const db = createDb(config.DATABASE_URL);
  try {
    const id = await createUser(db, { userId: null, ip: 'cli' }, parsed.data);
    console.log(`Đã tạo tài khoản quản trị "${parsed.data.username}" (id ${id}).`);
  } catch (e) {
    const fe = (e as { fieldErrors?: Record<string, string> }).fieldErrors;
    console.error(fe ? Object.values(fe).join('\n') : (e as Error).message);
    process.exitCode = 1;
  } finally {
    await db.$disconnect();
  }
}

main();
