// CSRF tokens. Signed-in pages: synchroniser pattern, the token kept in the session (csrf-sync),
// generated only when a page renders a form. The anonymous login form: a stateless token (an HMAC of
// a nonce kept in a short-lived SameSite=Strict cookie), so showing it writes no session row.
// Multipart forms are checked after multer has parsed their body, on the upload routes themselves.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { csrfSync } from 'csrf-sync';
import type { Config } from '../config';

export const UPLOAD_PATH = /^\/blocs\/\d+\/years\/\d+\/scores\/\d+\/entries\/\d+\/files$/;
/**
 * The uploads of an import (a file and its token in one multipart body), checked after multer like
 * the evidence upload: the organisation workbook (src/modules/imports/routes.ts), a criteria table
 * into the province's template or a year (criteria-routes.ts), the province's award list
 * (src/modules/province-view/register-routes.ts).
 */
export const IMPORT_UPLOAD_PATH = /^(?:\/imports|\/provinces\/\d+\/criteria-template\/import|\/blocs\/\d+\/years\/\d+\/criteria\/import|\/provinces\/\d+\/awards\/import)$/;

const sync = csrfSync({
  getTokenFromRequest: (req) => (req.body?._csrf as string | undefined) ?? (req.headers['x-csrf-token'] as string | undefined),
  errorConfig: { statusCode: 403, message: 'Mã bảo vệ biểu mẫu (CSRF) không hợp lệ.', code: 'EBADCSRFTOKEN' },
  // Only the evidence upload and the import upload take multipart bodies; they verify the token
  // themselves after multer (verifyCsrf). Any other multipart POST is checked here like every form, and fails.
  // POST /login carries the stateless login token instead (loginCsrf().verify).
  skipCsrfProtection: (req) =>
    (Boolean(req.is('multipart/form-data')) && (UPLOAD_PATH.test(req.path) || (req.method === 'POST' && IMPORT_UPLOAD_PATH.test(req.path)))) || (req.method === 'POST' && req.path === '/login'),
});

export const csrfProtection = sync.csrfSynchronisedProtection;
export const generateToken = sync.generateToken;

/** For multipart routes: call after the body is parsed. */
export function verifyCsrf(req: Request): void {
  if (!sync.isRequestValid(req)) throw sync.invalidCsrfTokenError;
}

export const LOGIN_CSRF_COOKIE = 'thidua.login';
const LOGIN_CSRF_MAX_AGE_MS = 2 * 3_600_000; // a login form left open over lunch still works
const NONCE = /^[A-Za-z0-9_-]{22}$/;

function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return undefined;
}

export function loginCsrf(config: Config): { issue: (req: Request, res: Response) => string; verify: RequestHandler } {
  const sign = (nonce: string) => createHmac('sha256', config.sessionSecret).update(`login-csrf:${nonce}`).digest('base64url');
  return {
    /** The token for the login form's hidden field; (re)sets the nonce cookie it is bound to. */
    issue(req, res) {
      const existing = readCookie(req, LOGIN_CSRF_COOKIE);
      // Reusing the nonce keeps a second login tab's form valid.
      const nonce = existing && NONCE.test(existing) ? existing : randomBytes(16).toString('base64url');
      res.cookie(LOGIN_CSRF_COOKIE, nonce, {
        httpOnly: true,
        sameSite: 'strict',
        secure: config.cookieSecure,
        maxAge: LOGIN_CSRF_MAX_AGE_MS,
        path: '/login',
      });
      return sign(nonce);
    },
    /** POST /login: the hidden field must be the HMAC of this browser's nonce cookie. */
    verify(req, _res, next) {
      const nonce = readCookie(req, LOGIN_CSRF_COOKIE);
      const sent = req.body?._csrf;
      if (!nonce || !NONCE.test(nonce) || typeof sent !== 'string') return next(sync.invalidCsrfTokenError);
      const expected = Buffer.from(sign(nonce));
      const given = Buffer.from(sent);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return next(sync.invalidCsrfTokenError);
      next();
    },
  };
}
