// passport-local with a per-username failure counter: after LOGIN_MAX_FAILURES wrong passwords the
// account is locked for LOGIN_LOCK_MINUTES (the per-IP limit is express-rate-limit on the route).
import passport from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import type { Db } from '../db/client';
import type { Config } from '../config';
import { verifyPassword, hashPassword } from './passwords';
import { toPrincipal, type Principal } from './principal';

type SessionUser = { id: number; authAt: number };

const USER_WITH_ROLES = { assignments: { select: { role: true, provinceId: true, agencyId: true } } } as const;

export const LOGIN_FAILED = 'Tên đăng nhập hoặc mật khẩu không đúng.';
export const LOGIN_LOCKED = 'Tài khoản tạm khóa do nhập sai mật khẩu nhiều lần. Vui lòng thử lại sau ít phút.';
export const LOGIN_DISABLED = 'Tài khoản đã bị vô hiệu hóa. Vui lòng liên hệ quản trị hệ thống.';

// A hash to verify against when the username does not exist, so timing does not reveal it.
let dummyHash: Promise<string> | null = null;

export function configurePassport(db: Db, config: Config): passport.PassportStatic {
  const pp = new passport.Passport() as unknown as passport.PassportStatic;
  pp.use(
    new LocalStrategy({ usernameField: 'username', passwordField: 'password' }, async (username, password, done) => {
      try {
        const name = username.trim().toLowerCase();
        const user = await db.user.findUnique({ where: { username: name }, include: USER_WITH_ROLES });
        if (!user) {
          dummyHash ??= hashPassword('not-a-real-password');
          await verifyPassword(await dummyHash, password);
          return done(null, false, { message: LOGIN_FAILED });
        }
        if (user.lockedUntil && user.lockedUntil > new Date()) return done(null, false, { message: LOGIN_LOCKED });
        const ok = await verifyPassword(user.passwordHash, password);
        if (!ok) {
          const failures = user.failedLogins + 1;
          const lock = failures >= config.LOGIN_MAX_FAILURES;
          await db.user.update({
            where: { id: user.id },
            data: lock
              ? { failedLogins: 0, lockedUntil: new Date(Date.now() + config.LOGIN_LOCK_MINUTES * 60_000) }
              : { failedLogins: failures },
          });
          return done(null, false, { message: lock ? LOGIN_LOCKED : LOGIN_FAILED });
        }
        if (!user.isActive) return done(null, false, { message: LOGIN_DISABLED });
        await db.user.update({ where: { id: user.id }, data: { failedLogins: 0, lockedUntil: null, lastLoginAt: new Date() } });
        return done(null, toPrincipal(user));
      } catch (err) {
        return done(err);
      }
    }),
  );
  pp.serializeUser((user, done) => {
    const p = user as Principal;
    done(null, { id: p.id, authAt: Date.now() } satisfies SessionUser);
  });
  pp.deserializeUser(async (stored: SessionUser, done) => {
    try {
      const user = await db.user.findUnique({ where: { id: stored.id }, include: USER_WITH_ROLES });
      // A disabled account or a password changed after this session signed in ends the session.
      if (!user || !user.isActive || user.passwordChangedAt.getTime() > stored.authAt) return done(null, false);
      done(null, toPrincipal(user));
    } catch (err) {
      done(err);
    }
  });
  return pp;
}
