// What every view may use: the user, the CSRF token, flash messages, formatters, labels.
import type { Request, RequestHandler } from 'express';
import * as fmt from '../i18n/format';
import * as enums from '../domain/enums';
import { can } from '../auth/permissions';
import type { Principal } from '../auth/principal';

export function flash(req: Request, kind: 'success' | 'danger' | 'warning' | 'info', text: string): void {
  if (!req.session) return;
  req.session.flash = [...(req.session.flash ?? []), { kind, text }];
}

export function viewLocals(generateToken: (req: Request) => string): RequestHandler {
  return (req, res, next) => {
    const user = req.user as Principal | undefined;
    res.locals.user = user;
    res.locals.currentPath = req.path;
    res.locals.fmt = fmt;
    res.locals.enums = enums;
    res.locals.can = can;
    res.locals.fieldErrors = {};
    res.locals.values = {};
    res.locals.csrfToken = req.session ? generateToken(req) : '';
    res.locals.flash = req.session?.flash ?? [];
    if (req.session?.flash) delete req.session.flash;
    next();
  };
}
