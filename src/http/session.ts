// Sessions stored in the database (table Session), idle timeout by a rolling cookie checked against
// the row's expiry on every read, absolute timeout checked on every request. Both read the app's
// one clock (config.now), so tests move it instead of waiting.
import session from 'express-session';
import type { RequestHandler } from 'express';
import type { Db } from '../db/client';
import type { Config } from '../config';

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

/**
 * express-session store on the Session table. A row past its expiresAt is dead even before
 * pruneSessions() removes it: get() deletes it and answers "no session", so a replayed cookie can
 * neither sign in nor extend itself.
 */
export class PrismaStore extends session.Store {
  // The expiry each live session has in its row, as last read or written by this process, so that
  // touch() can skip writes that would move it by less than TOUCH_SLACK_MS without a query.
  private readonly knownExpiry = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly idleMs: number,
    private readonly now: () => Date = () => new Date(),
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
    this.db.session
      .findUnique({ where: { sid }, select: { data: true, expiresAt: true } })
      .then(async (row) => {
        if (!row) return cb(null, null);
        if (row.expiresAt.getTime() <= this.now().getTime()) {
          this.knownExpiry.delete(sid);
          await this.db.session.deleteMany({ where: { sid } });
          return cb(null, null);
        }
        this.remember(sid, row.expiresAt);
        let data: session.SessionData;
        try {
          data = JSON.parse(row.data) as session.SessionData;
        } catch {
          return cb(null, null); // an unreadable row is no session; pruning removes it
        }
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
  const store = new PrismaStore(db, idleMs, () => config.now());
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
