// Route guards: signed in, and a permission of the map for a scope resolved from the request.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ForbiddenError } from './errors';
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
