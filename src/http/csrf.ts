// CSRF tokens (synchroniser pattern, token kept in the session). Multipart forms are checked after
// multer has parsed their body, on the upload routes themselves.
import type { Request } from 'express';
import { csrfSync } from 'csrf-sync';

const sync = csrfSync({
  getTokenFromRequest: (req) => (req.body?._csrf as string | undefined) ?? (req.headers['x-csrf-token'] as string | undefined),
  errorConfig: { statusCode: 403, message: 'Mã bảo vệ biểu mẫu (CSRF) không hợp lệ.', code: 'EBADCSRFTOKEN' },
  // Only the evidence upload route takes multipart bodies; it verifies the token itself after
  // multer (verifyCsrf). Any other multipart POST is checked here like every form, and fails.
  skipCsrfProtection: (req) => Boolean(req.is('multipart/form-data')) && UPLOAD_PATH.test(req.path),
});

export const UPLOAD_PATH = /^\/blocs\/\d+\/years\/\d+\/scores\/\d+\/entries\/\d+\/files$/;

export const csrfProtection = sync.csrfSynchronisedProtection;
export const generateToken = sync.generateToken;

/** For multipart routes: call after the body is parsed. */
export function verifyCsrf(req: Request): void {
  if (!sync.isRequestValid(req)) throw sync.invalidCsrfTokenError;
}
