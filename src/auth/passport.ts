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
import { Prisma } from '../db/client';
import { admitAttempt, foldUsername, pruneNowAndThen, releaseOnSuccess, startedWaits, throttleKeys, throttleRules } from './throttle';

type SessionUser = { id: number; authAt: number };

const USER_WITH_ROLES = { assignments: { select: { role: true, provinceId: true, agencyId: true } } } as const;

/**
 * The user and their role assignments as one joined row per assignment (one row with null role
 * columns when there is none). Read with the session row in the same query by the session store
 * (src/http/session.ts), or on its own by loadSessionUser().
 */
export type PrincipalRow = {
  userId: number | null; // null: the session names no existing user
  username: string;
  fullName: string;
  isActive: boolean | number;
  mustChangePassword: boolean | number;
  passwordChangedAt: Date | string;
  role: string | null;
  provinceId: number | null;
  agencyId: number | null;
};

/** The columns of PrincipalRow, from `User u LEFT JOIN RoleAssignment a`. */
export const PRINCIPAL_COLUMNS = Prisma.sql`u."id" AS "userId", u."username", u."fullName", u."isActive", u."mustChangePassword", u."passwordChangedAt", a."role", a."provinceId", a."agencyId"`;

type SessionPrincipal = Principal & { isActive: boolean };

// The rows the session store read with the session (src/http/session.ts), keyed by the session's
// `passport.user` object, which is the very object passport hands to deserializeUser in the same
// request. Weak: it goes with the request's session data, nothing outlives the request.
const readWithSession = new WeakMap<object, PrincipalRow[]>();

/** Called by the session store with the user rows it read in the session's own query. */
export function rememberSessionUser(sessionUser: unknown, rows: PrincipalRow[]): void {
  if (sessionUser && typeof sessionUser === 'object') readWithSession.set(sessionUser, rows);
}

function principalOf(rows: PrincipalRow[]): SessionPrincipal | null {
  const u = rows[0];
  if (!u || u.userId === null) return null;
  const principal = toPrincipal({
    id: Number(u.userId),
    username: u.username,
    fullName: u.fullName,
    passwordChangedAt: new Date(u.passwordChangedAt),
    mustChangePassword: Boolean(u.mustChangePassword),
    assignments: rows
      .filter((r) => r.role !== null)
      .map((r) => ({ role: r.role as string, provinceId: r.provinceId === null ? null : Number(r.provinceId), agencyId: r.agencyId === null ? null : Number(r.agencyId) })),
  });
  return { ...principal, isActive: Boolean(u.isActive) };
}

/**
 * Who a session belongs to, read afresh: one query (a raw SELECT; a Prisma model query with
 * `include` is two, each compiling its plan). Used when the session store could not read the user
 * with the session row.
 */
export async function loadSessionUser(db: Db, id: number): Promise<SessionPrincipal | null> {
  const rows = await db.$queryRaw<PrincipalRow[]>`
    SELECT ${PRINCIPAL_COLUMNS}
    FROM "User" u LEFT JOIN "RoleAssignment" a ON a."userId" = u."id"
    WHERE u."id" = ${id}
    ORDER BY a."id"`;
  return principalOf(rows);
}

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
      // Nothing is cached between requests: the user was read with this request's session row (or
      // is read now), so a disabled account, a changed password or a role taken away applies at
      // the next request, on every instance.
      const prefetched = readWithSession.get(stored);
      const fromSession = prefetched && Number(prefetched[0]?.userId) === stored.id ? principalOf(prefetched) : undefined;
      const user = fromSession !== undefined ? fromSession : await loadSessionUser(db, stored.id);
      // A disabled account or a password changed after this session signed in ends the session.
      if (!user || !user.isActive || user.passwordChangedAt > stored.authAt) return done(null, false);
      const { isActive: _active, ...principal } = user;
      done(null, principal satisfies Principal);
    } catch (err) {
      done(err);
    }
  });
  return pp;
}
