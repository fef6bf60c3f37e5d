// Sessions stored in the database (table Session), idle timeout by a rolling cookie checked against
// the row's expiry on every read, absolute timeout checked on every request. Both read the app's
// one clock (config.now), so tests move it instead of waiting.
//
// What a request costs (the hot path, see tests/http/session-overhead.test.ts):
// - one read: the row by its sid, a raw SELECT (a Prisma model query compiles its plan on each call,
//   several times slower than the query itself);
// - no write on a read, unless the session changed (sign-in, a flash, a CSRF token created on the
//   first form, returnTo) — express-session compares a hash of the data (resave: false) — or the
//   rolling expiry must move: the row is rewritten only when the expiry the request would set is at
//   least TOUCH_SLACK_MS past the one stored in the row, i.e. at most once a minute per session in
//   use. The cookie itself rolls on every response (no database). The server trusts the row, so a
//   session idle for SESSION_IDLE_MINUTES ends between one minute early and on time, never later.
// Nothing here is kept between requests that another instance could contradict: every request
// reads the row, so a sign-out or an expiry on one instance holds on all of them at once.
import session from 'express-session';
import type { RequestHandler } from 'express';
import { isPostgresUrl, Prisma, type Db } from '../db/client';
import type { Config } from '../config';
import { PRINCIPAL_COLUMNS, rememberSessionUser, type PrincipalRow } from '../auth/passport';

declare module 'express-session' {
  interface SessionData {
    loginAt?: number;
    flash?: { kind: 'success' | 'danger' | 'warning' | 'info'; text: string }[];
    returnTo?: string;
  }
}

export const SESSION_COOKIE = 'thidua.sid';

/** A touch closer than this to the stored expiry is not written: a read must not write every time. */
export const TOUCH_SLACK_MS = 60_000;

type Callback<T = void> = (err?: unknown, value?: T) => void;

type SessionRow = PrincipalRow & { data: string; expiresAt: Date | string };

/**
 * The signed-in user's id inside the row's JSON (`passport.user.id`, written by serializeUser in
 * src/auth/passport.ts), so that the user and their roles come in the same query as the session.
 * Never an error for a row it cannot read: SQLite checks json_valid first, PostgreSQL matches the
 * text (a jsonb cast would fail the query on a damaged row). When it finds nothing, passport reads
 * the user itself (one more query), so this only saves time, it decides nothing.
 */
const SESSION_USER_ID = {
  sqlite: Prisma.sql`CASE WHEN json_valid(s."data") THEN json_extract(s."data", '$.passport.user.id') END`,
  postgres: Prisma.sql`CAST(substring(s."data" from '"passport":\\{"user":\\{"id":([0-9]{1,9})[,}]') AS INTEGER)`,
};

/**
 * express-session store on the Session table. A row past its expiresAt is dead even before
 * pruneSessions() removes it: get() deletes it and answers "no session", so a replayed cookie can
 * neither sign in nor extend itself.
 */
export class PrismaStore extends session.Store {
  // The expiry each session has in its row, as read by get() (or written) in this request, so that
  // touch() at the end of the same request can skip a write that would move it by less than
  // TOUCH_SLACK_MS without a second query. Every request reads the row first, so the value is that
  // of this request's read; a row's expiry only moves forward, so a value written meanwhile by a
  // concurrent request (here or on another instance) can only make this one write once too often.
  private readonly knownExpiry = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly idleMs: number,
    private readonly now: () => Date = () => new Date(),
    private readonly dialect: keyof typeof SESSION_USER_ID = 'sqlite',
  ) {
    super();
  }

  // From the app's clock, not the cookie's `expires` (express-session dates that with Date.now()):
  // the row is what the server trusts, so the idle limit is judged on one clock throughout.
  private expiryOf(sess: session.SessionData): Date {
    const maxAge = sess.cookie?.originalMaxAge;
    return new Date(this.now().getTime() + (typeof maxAge === 'number' && maxAge > 0 ? maxAge : this.idleMs));
  }

  private remember(sid: string, expiresAt: Date): void {
    // Bounded: forgetting only costs one extra write at the next touch.
    if (this.knownExpiry.size > 10_000) this.knownExpiry.clear();
    this.knownExpiry.set(sid, expiresAt.getTime());
  }

  override get(sid: string, cb: Callback<session.SessionData | null>): void {
    // The session row, joined with its user and their role assignments: one row per assignment.
    this.db
      .$queryRaw<SessionRow[]>`
        SELECT s."data", s."expiresAt", ${PRINCIPAL_COLUMNS}
        FROM "Session" s
        LEFT JOIN "User" u ON u."id" = ${SESSION_USER_ID[this.dialect]}
        LEFT JOIN "RoleAssignment" a ON a."userId" = u."id"
        WHERE s."sid" = ${sid}
        ORDER BY a."id"`
      .then(async (rows) => {
        const row = rows[0];
        if (!row) return cb(null, null);
        const expiresAt = new Date(row.expiresAt);
        if (!(expiresAt.getTime() > this.now().getTime())) {
          this.knownExpiry.delete(sid);
          await this.db.session.deleteMany({ where: { sid } });
          return cb(null, null);
        }
        this.remember(sid, expiresAt);
        let data: session.SessionData;
        try {
          data = JSON.parse(row.data) as session.SessionData;
        } catch {
          return cb(null, null); // an unreadable row is no session; pruning removes it
        }
        if (row.userId !== null) rememberSessionUser((data as { passport?: { user?: unknown } }).passport?.user, rows);
        cb(null, data);
      })
      .catch((err: unknown) => cb(err));
  }

  override set(sid: string, sess: session.SessionData, cb?: Callback): void {
    const expiresAt = this.expiryOf(sess);
    const data = JSON.stringify(sess);
    this.db.session
      .upsert({ where: { sid }, create: { id: sid, sid, data, expiresAt }, update: { data, expiresAt } })
      .then(() => {
        this.remember(sid, expiresAt);
        cb?.();
      })
      .catch((err: unknown) => cb?.(err));
  }

  override destroy(sid: string, cb?: Callback): void {
    this.knownExpiry.delete(sid);
    this.db.session
      .deleteMany({ where: { sid } })
      .then(() => cb?.())
      .catch((err: unknown) => cb?.(err));
  }

  override touch(sid: string, sess: session.SessionData, cb?: Callback): void {
    const expiresAt = this.expiryOf(sess);
    const known = this.knownExpiry.get(sid);
    if (known !== undefined && expiresAt.getTime() - known < TOUCH_SLACK_MS) {
      cb?.();
      return;
    }
    // Only a live row moves: a session destroyed meanwhile (logout elsewhere) stays destroyed.
    this.db.session
      .updateMany({ where: { sid, expiresAt: { gt: this.now() } }, data: { expiresAt } })
      .then(() => {
        this.remember(sid, expiresAt);
        cb?.();
      })
      .catch((err: unknown) => cb?.(err));
  }
}

export function sessionMiddleware(db: Db, config: Config): { middleware: RequestHandler; store: PrismaStore } {
  const idleMs = config.SESSION_IDLE_MINUTES * 60_000;
  const store = new PrismaStore(db, idleMs, () => config.now(), isPostgresUrl(config.DATABASE_URL) ? 'postgres' : 'sqlite');
  const middleware = session({
    name: SESSION_COOKIE,
    secret: config.sessionSecret,
    store,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: { httpOnly: true, sameSite: 'lax', secure: config.cookieSecure, maxAge: idleMs },
  });
  return { middleware, store };
}

export function absoluteTimeout(config: Config): RequestHandler {
  const maxMs = config.SESSION_ABSOLUTE_HOURS * 3_600_000;
  return (req, res, next) => {
    const loginAt = req.session?.loginAt;
    if (loginAt && config.now().getTime() - loginAt > maxMs) {
      req.session.destroy(() => {
        res.clearCookie(SESSION_COOKIE);
        res.redirect('/login?expired=1');
      });
      return;
    }
    next();
  };
}

export async function pruneSessions(db: Db, now: Date = new Date()): Promise<number> {
  const { count } = await db.session.deleteMany({ where: { expiresAt: { lt: now } } });
  return count;
}
