// Configuration: parsed and validated once at start-up (zod), with defaults; a bad value stops the
// process with a message that names the variable.
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, 'phải bắt đầu bằng file: (SQLite) hoặc postgresql:// (PostgreSQL)')
    .default('file:./data/thidua.db'),
  SESSION_SECRET: z.string().min(32, 'cần ít nhất 32 ký tự').optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(72).default(10),
  COOKIE_SECURE: bool.optional(),
  TRUST_PROXY: z.string().default('false'),
  DEMO_MODE: bool.default(true),
  DEMO_PASSWORD: z.string().min(8, 'cần ít nhất 8 ký tự').default('thidua@demo'),
  LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).default(20), // login attempts per IP per window
  LOGIN_RATE_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5), // per username, then locked
  LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).default(15),
  UPLOAD_DIR: z.string().default('./data/uploads'),
  UPLOAD_MAX_MB: z.coerce.number().min(1).max(100).default(10),
  LOG_LEVEL: z.enum(['silent', 'error', 'info']).default('info'),
});

export type Config = z.infer<typeof schema> & { sessionSecret: string; cookieSecure: boolean };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Cấu hình không hợp lệ (biến môi trường):\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  if (c.NODE_ENV === 'production' && !c.SESSION_SECRET) {
    throw new Error('Cấu hình không hợp lệ: SESSION_SECRET là bắt buộc khi NODE_ENV=production (ít nhất 32 ký tự).');
  }
  if (c.NODE_ENV === 'production' && c.DEMO_MODE) {
    throw new Error('Cấu hình không hợp lệ: DEMO_MODE phải là false khi NODE_ENV=production.');
  }
  return {
    ...c,
    // Outside production a fixed development secret keeps sessions across restarts.
    sessionSecret: c.SESSION_SECRET ?? 'thidua-development-secret-not-for-production-use',
    cookieSecure: c.COOKIE_SECURE ?? c.NODE_ENV === 'production',
  };
}
