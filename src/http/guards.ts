// Route guards: signed in, and a permission of the map for a scope resolved from the request.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AppError, ForbiddenError } from './errors';
import { flash } from './locals';
import { can, type Action, type Scope } from '../auth/permissions';
import type { Principal } from '../auth/principal';

export function principal(req: Request): Principal {
  const p = req.user as Principal | undefined;
  if (!p) throw new ForbiddenError();
  return p;
}

export const requireLogin: RequestHandler = (req, res, next) => {
  if (req.user) return next();
  if (req.method === 'GET' && req.accepts(['html', 'json']) === 'html') {
    req.session.returnTo = req.originalUrl; // back here after signing in
    return res.redirect('/login');
  }
  res.status(401);
  next(new ForbiddenError('Bạn cần đăng nhập để tiếp tục.'));
};

/** Throws 403 unless the signed-in user may do `action` in `scope`. */
export function authorize(req: Request, action: Action, scope: Scope = {}): Principal {
  const p = principal(req);
  if (!can(p, action, scope)) throw new ForbiddenError();
  return p;
}

/** Express 5 forwards rejected promises to the error handler; this only types the handler. */
export function route(fn: (req: Request, res: Response, next: NextFunction) => Promise<unknown> | unknown): RequestHandler {
  return async (req, res, next) => {
    await fn(req, res, next);
  };
}

/**
 * Post → redirect → get for a write that may break a rule: on success flash and redirect; when the
 * service refuses (422/409 — not 403/404, which keep their own pages) show the same page again with
 * the message and the user's values, so nothing typed is lost.
 */
export async function writeThenRedirect(
  req: Request,
  res: Response,
  write: () => Promise<{ flash: string; to: string }>,
  again: (err: { status: number; message: string; fieldErrors: Record<string, string> }) => Promise<unknown>,
): Promise<unknown> {
  try {
    const out = await write();
    flash(req, 'success', out.flash);
    res.redirect(out.to);
  } catch (e) {
    if (e instanceof AppError && e.status < 500 && e.status !== 403 && e.status !== 404) {
      const detail = Object.values(e.fieldErrors).filter((m) => !e.message.includes(m));
      return again({ status: e.status, message: [e.message, ...detail].join(' '), fieldErrors: e.fieldErrors });
    }
    throw e;
  }
}
