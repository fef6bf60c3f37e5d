// Configuration: parsed and validated once at start-up (zod), with defaults; a bad value stops the
// process with a message that names the variable.
import net from 'node:net';
import path from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Express `trust proxy`: false, a hop count, or a list of addresses/subnets/proxy-addr names. */
export type TrustProxy = false | number | string[];

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyAddress(s: string): boolean {
  if (PROXY_NAMES.has(s)) return true;
  const [ip, bits, ...rest] = s.split('/');
  const family = net.isIP(ip);
  if (!family || rest.length) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

const trustProxy = z
  .string()
  .trim()
  .default('false')
  .transform((v, ctx): TrustProxy => {
    if (/^(false|no)$/i.test(v) || v === '') return false;
    // "true" means the one reverse proxy in front of the portal: trusting every hop would let a
    // client pick its own address (X-Forwarded-For), which the login limiter and the audit log use.
    if (/^(true|yes)$/i.test(v)) return 1;
    if (/^\d+$/.test(v)) {
      const hops = Number(v);
      if (hops > 10) ctx.addIssue({ code: 'custom', message: 'số lớp proxy phải từ 0 đến 10' });
      return hops === 0 ? false : hops;
    }
    const list = v.split(',').map((s) => s.trim()).filter(Boolean);
    const bad = list.filter((s) => !isProxyAddress(s));
    if (bad.length) {
      ctx.addIssue({
        code: 'custom',
        message: `cần true, false, số lớp proxy hoặc danh sách địa chỉ/mạng con (ví dụ 10.0.0.0/8,127.0.0.1); không hiểu: ${bad.join(', ')}`,
      });
    }
    return list;
  });

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().trim().min(1).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, 'phải bắt đầu bằng file: (SQLite) hoặc postgresql:// (PostgreSQL)')
    .default('file:./data/thidua.db'),
  SESSION_SECRET: z.string().min(32, 'cần ít nhất 32 ký tự').optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(72).default(10),
  COOKIE_SECURE: bool.optional(),
  TRUST_PROXY: trustProxy,
  DEMO_MODE: bool.default(true),
  DEMO_PASSWORD: z.string().min(8, 'cần ít nhất 8 ký tự').default('thidua@demo'),
  // Failed sign-ins only (src/auth/throttle.ts): after the free failures of a key each further one
  // doubles its wait from 1 s, up to the cap; a key with no failure for the window starts afresh.
  LOGIN_FREE_FAILURES: z.coerce.number().int().min(1).max(100).default(5), // per account, per account + IP
  LOGIN_IP_FREE_FAILURES: z.coerce.number().int().min(1).max(10_000).default(30), // a whole office behind one address
  LOGIN_MAX_DELAY_SECONDS: z.coerce.number().int().min(1).max(3600).default(300), // account + IP, and IP
  LOGIN_ACCOUNT_MAX_DELAY_SECONDS: z.coerce.number().int().min(1).max(600).default(30), // low: the owner elsewhere still gets in
  LOGIN_FAILURE_WINDOW_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  UPLOAD_DIR: z.string().trim().min(1).default('./data/uploads'),
  UPLOAD_MAX_MB: z.coerce.number().min(1).max(100).default(10),
  LOG_LEVEL: z.enum(['silent', 'error', 'info']).default('info'),
});

// `now` is the clock of the time rules (sign-in delays): tests replace it instead of sleeping.
export type Config = Omit<z.infer<typeof schema>, 'HOST'> & { HOST: string; sessionSecret: string; cookieSecure: boolean; viewCache: boolean; now: () => Date };

/** A relative SQLite file becomes absolute, so the CLI, the server and a later chdir agree on it. */
function absoluteSqliteUrl(url: string, cwd: string): string {
  const m = /^file:([^?]*)(\?.*)?$/.exec(url);
  if (!m || m[1] === ':memory:' || path.isAbsolute(m[1])) return url;
  return `file:${path.resolve(cwd, m[1])}${m[2] ?? ''}`;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): Config {
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
    // The demo password is public: a demo listens on this machine only unless HOST says otherwise.
    HOST: c.HOST ?? (c.DEMO_MODE ? '127.0.0.1' : '0.0.0.0'),
    // Express 5's res.sendFile refuses relative paths; resolving once here serves every user.
    UPLOAD_DIR: path.resolve(cwd, c.UPLOAD_DIR),
    DATABASE_URL: absoluteSqliteUrl(c.DATABASE_URL, cwd),
    // Outside production a fixed development secret keeps sessions across restarts.
    sessionSecret: c.SESSION_SECRET ?? 'thidua-development-secret-not-for-production-use',
    cookieSecure: c.COOKIE_SECURE ?? c.NODE_ENV === 'production',
    // Compiled templates are kept unless NODE_ENV=development is set explicitly (`npm run dev`, which
    // must show an edited view at the next request): NODE_ENV's default stays 'development' for the
    // rules above (no secret required for a demo), but an unset NODE_ENV is the fast `npm start`.
    viewCache: env.NODE_ENV !== 'development',
    now: () => new Date(),
  };
}
