// Sessions stored in the database (table Session), idle timeout by a rolling cookie, absolute
// timeout checked on every request.
import session from 'express-session';
import { PrismaSessionStore } from '@quixo3/prisma-session-store';
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

export function sessionMiddleware(db: Db, config: Config): { middleware: RequestHandler; store: PrismaSessionStore } {
  const idleMs = config.SESSION_IDLE_MINUTES * 60_000;
  const store = new PrismaSessionStore(db as never, {
    checkPeriod: 0, // pruning is done by pruneSessions() on a timer owned by the server
    dbRecordIdIsSessionId: true,
    logger: false as never,
  });
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
    if (loginAt && Date.now() - loginAt > maxMs) {
      req.session.destroy(() => {
        res.clearCookie(SESSION_COOKIE);
        res.redirect('/login?expired=1');
      });
      return;
    }
    next();
  };
}

export async function pruneSessions(db: Db): Promise<number> {
  const { count } = await db.session.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  return count;
}
