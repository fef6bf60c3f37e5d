// What every view may use: the user, the CSRF token, flash messages, formatters, labels.
import type { Request, RequestHandler, Response } from 'express';
import * as fmt from '../i18n/format';
import * as enums from '../domain/enums';
import { can } from '../auth/permissions';
import type { Principal } from '../auth/principal';
import * as nav from '../modules/years/tabs';

export function flash(req: Request, kind: 'success' | 'danger' | 'warning' | 'info', text: string): void {
  if (!req.session) return;
  req.session.flash = [...(req.session.flash ?? []), { kind, text }];
}

export function viewLocals(
  generateToken: (req: Request) => string,
  issueLoginToken: (req: Request, res: Response) => string,
): RequestHandler {
  return (req, res, next) => {
    const user = req.user as Principal | undefined;
    res.locals.user = user;
    res.locals.currentPath = req.path;
    res.locals.fmt = fmt;
    res.locals.enums = enums;
    res.locals.can = can;
    res.locals.nav = nav; // the year tabs: the same list on the year pages, the bloc page and in the crawl test
    res.locals.fieldErrors = {};
    res.locals.values = {};
    // Read only when a view renders: a redirect or a JSON answer stores no token. Anonymous pages
    // have no session-bound form (the login form takes loginCsrfToken), so they write no session.
    let token: string | undefined;
    Object.defineProperty(res.locals, 'csrfToken', {
      enumerable: true,
      configurable: true,
      get: () => (token ??= req.user && req.session ? generateToken(req) : ''),
      set: (v: string) => {
        token = v;
      },
    });
    res.locals.loginCsrfToken = () => issueLoginToken(req, res);
    res.locals.flash = req.session?.flash ?? [];
    if (req.session?.flash) delete req.session.flash;
    next();
  };
}
