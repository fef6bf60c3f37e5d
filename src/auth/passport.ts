// passport-local. Every refusal gives the same message and status, whatever the reason (unknown
// name, wrong password, disabled account, a key waiting), so the form cannot tell who has an
// account; failed attempts slow down through src/auth/throttle.ts instead of locking the account.
import passport from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import type { Db } from '../db/client';
import type { Config } from '../config';
import { audit } from '../modules/audit';
import { verifyPassword, verifyDummyPassword } from './passwords';
import { toPrincipal, type Principal } from './principal';
import { admitAttempt, foldUsername, pruneNowAndThen, releaseOnSuccess, startedWaits, throttleKeys, throttleRules } from './throttle';

type SessionUser = { id: number; authAt: number };

const USER_WITH_ROLES = { assignments: { select: { role: true, provinceId: true, agencyId: true } } } as const;

export const LOGIN_FAILED = 'Tên đăng nhập hoặc mật khẩu không đúng. Nếu đã nhập sai nhiều lần, vui lòng đợi một lát rồi thử lại.';

export type SignInAttempt = { username: string; password: string; ip: string };

/**
 * One sign-in attempt: throttle, password check, and its audit rows. Returns the principal, or
 * null for every kind of refusal.
 */
export async function signIn(db: Db, config: Config, attempt: SignInAttempt): Promise<Principal | null> {
  const now = config.now();
  const rules = throttleRules(config);
  const username = foldUsername(attempt.username);
  const admission = await admitAttempt(db, rules, throttleKeys(username, attempt.ip), now);
  // While a key waits the password is not even checked: guessing then costs the guesser time only.
  if (!admission.ok) return null;
  const user = await db.user.findUnique({ where: { username }, include: USER_WITH_ROLES });
  const passwordOk = user ? await verifyPassword(user.passwordHash, attempt.password) : await verifyDummyPassword(attempt.password);
  if (user && passwordOk && user.isActive) {
    await db.$transaction(async (tx) => {
      await releaseOnSuccess(tx, admission.reservation);
      await tx.user.update({ where: { id: user.id }, data: { lastLoginAt: now } });
      await audit(tx, { userId: user.id, ip: attempt.ip }, 'auth.login', 'User', user.id);
    });
    return toPrincipal(user);
  }
  const reason = !user ? 'unknown_user' : !passwordOk ? 'wrong_password' : 'disabled';
  const waits = startedWaits(admission.reservation);
  await db.$transaction(async (tx) => {
    // Anonymous actor; the account concerned (if any) is the entity. Never the password.
    const ctx = { userId: null, ip: attempt.ip };
    await audit(tx, ctx, 'auth.login_failed', 'User', user?.id ?? '', { new: { username, reason } });
    if (Object.keys(waits).length > 0) await audit(tx, ctx, 'auth.login_slowed', 'User', user?.id ?? '', { new: { username, waitSeconds: waits } });
  });
  await pruneNowAndThen(db, rules, now);
  return null;
}

export function configurePassport(db: Db, config: Config): passport.PassportStatic {
  const pp = new passport.Passport() as unknown as passport.PassportStatic;
  pp.use(
    new LocalStrategy({ usernameField: 'username', passwordField: 'password', passReqToCallback: true }, async (req, username, password, done) => {
      try {
        const user = await signIn(db, config, { username, password, ip: req.ip ?? '' });
        return user ? done(null, user) : done(null, false, { message: LOGIN_FAILED });
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
