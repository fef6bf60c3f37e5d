// Typed errors mapped to statuses in one place. Every error shown to a user carries an id they
// can quote to support; unknown errors never show their message or stack.
import { randomBytes } from 'node:crypto';
import type { Express, ErrorRequestHandler, Request, RequestHandler } from 'express';
import { ZodError } from 'zod';

export class AppError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fieldErrors: Record<string, string> = {},
  ) {
    super(message);
  }
}
export class NotFoundError extends AppError {
  constructor(message = 'Không tìm thấy trang hoặc dữ liệu bạn yêu cầu.') {
    super(404, message);
  }
}
export class ForbiddenError extends AppError {
  constructor(message = 'Bạn không có quyền thực hiện thao tác này.') {
    super(403, message);
  }
}
export class ValidationError extends AppError {
  constructor(fieldErrors: Record<string, string>, message = 'Dữ liệu nhập chưa hợp lệ. Vui lòng kiểm tra các ô được đánh dấu.') {
    super(422, message, fieldErrors);
  }
}
export class ConflictError extends AppError {
  constructor(message: string) {
    super(409, message);
  }
}

export function zodFieldErrors(err: ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of err.issues) {
    const key = issue.path.join('.') || '_form';
    if (!out[key]) out[key] = issue.message;
  }
  return out;
}

export const notFoundHandler: RequestHandler = (_req, _res, next) => next(new NotFoundError());

export class MethodNotAllowedError extends AppError {
  constructor(readonly allow: string[]) {
    super(405, 'Trang này không nhận thao tác bạn vừa gửi.');
  }
}

type RouterLayer = {
  match(path: string): { path: string } | false;
  route?: { _methods(includeAll?: boolean): string[] };
  handle?: { stack?: RouterLayer[] };
};

/** The methods the app's routes answer on this path (HEAD with GET), nested routers included. */
function methodsFor(stack: RouterLayer[], path: string, out: Set<string>): void {
  for (const layer of stack) {
    let m: { path: string } | false;
    try {
      m = layer.match(path);
    } catch {
      continue; // a malformed %-escape: no route of ours matches it either
    }
    if (!m) continue;
    if (layer.route) {
      for (const method of layer.route._methods(true)) out.add(method);
    } else if (Array.isArray(layer.handle?.stack)) {
      const rest = path.slice(m.path.length);
      methodsFor(layer.handle.stack, rest.startsWith('/') ? rest : `/${rest}`, out);
    }
  }
}

/**
 * PUT /blocs, DELETE /login…: a page path with a method it does not take is a 405 with `Allow`,
 * not a 404. GET and HEAD are left alone: a GET of an action URL (POST /logout) is no page (404).
 * Runs before the CSRF check so the answer does not depend on a form token.
 */
export function methodNotAllowed(app: Express): RequestHandler {
  return (req, _res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
    const allowed = routeMethods(app, req.path);
    if (allowed.size === 0 || allowed.has('*') || allowed.has(req.method)) return next();
    next(new MethodNotAllowedError([...allowed].sort()));
  };
}

/**
 * An anonymous request for a path no route has is a 404 at once: the routers' requireLogin would
 * otherwise store a returnTo, i.e. write a session row, for a page that does not exist.
 */
export function anonymousNotFound(app: Express): RequestHandler {
  return (req, _res, next) => (req.user || routeMethods(app, req.path).size > 0 ? next() : next(new NotFoundError()));
}

function routeMethods(app: Express, path: string): Set<string> {
  const out = new Set<string>();
  methodsFor((app as unknown as { router: { stack: RouterLayer[] } }).router.stack, path, out);
  return out;
}

const UNAVAILABLE_CODES = new Set([
  'P1001', // can't reach the database server
  'P1002', // the server was reached but timed out
  'P1008', // operation timed out (SQLite: busy)
  'P1017', // the server closed the connection
  'P2024', // no connection free in the pool
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  '57P01', // PostgreSQL: terminating connection due to administrator command
  '57P02', // PostgreSQL: terminating connection because of a crash of another server process
  '57P03', // PostgreSQL: the database system is starting up
  '53300', // PostgreSQL: too many connections
]);
const UNAVAILABLE_KINDS = new Set(['DatabaseNotReachable', 'DatabaseDoesNotExist', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
// node-postgres reports a connection lost under a query or a transaction (the server stopped or
// crashed meanwhile) as a plain Error without a code, which @prisma/adapter-pg passes on as it is.
const CONNECTION_LOST = /Connection terminated|Client has encountered a connection error and is not queryable|Client was closed and is not queryable|timeout exceeded when trying to connect/;

type DriverCause = { kind?: string; originalCode?: string };

function causes(err: unknown): { codes: string[]; kinds: string[]; name: string; lost: boolean } {
  const codes: string[] = [];
  const kinds: string[] = [];
  let name = '';
  let lost = false;
  for (let e = err as Record<string, unknown> | undefined, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    if (!name && typeof e.constructor?.name === 'string') name = e.constructor.name;
    if (typeof e.code === 'string') codes.push(e.code);
    if (typeof e.message === 'string' && CONNECTION_LOST.test(e.message)) lost = true;
    const driver = (e.meta as { driverAdapterError?: { cause?: DriverCause } } | undefined)?.driverAdapterError?.cause;
    for (const c of [driver, e.kind ? (e as DriverCause) : undefined]) {
      if (c?.kind) kinds.push(c.kind);
      if (c?.originalCode) codes.push(c.originalCode);
    }
    e = e.cause as Record<string, unknown> | undefined;
  }
  return { codes, kinds, name, lost };
}

/** The database is down, unreachable, out of connections or (SQLite) locked: try again later. */
export function databaseUnavailable(err: unknown): boolean {
  const { codes, kinds, name, lost } = causes(err);
  return name === 'PrismaClientInitializationError' || lost || codes.some((c) => UNAVAILABLE_CODES.has(c)) || kinds.some((k) => UNAVAILABLE_KINDS.has(k));
}

/** A lock clears in seconds; a server that is down takes longer. */
export function retryAfterSeconds(err: unknown): number {
  const { codes, kinds } = causes(err);
  return codes.includes('SQLITE_BUSY') || codes.includes('SQLITE_LOCKED') || kinds.includes('SocketTimeout') ? 5 : 30;
}

/** The body parser's refusals: more bytes or more fields than the largest form has (src/http/body-limit.ts). */
function bodyTooLarge(err: unknown): boolean {
  const type = err && typeof err === 'object' && 'type' in err ? (err as { type: unknown }).type : undefined;
  return type === 'entity.too.large' || type === 'parameters.too.many';
}

function tooLargeMessage(method: string, limit: unknown): string {
  const size = typeof limit === 'number' ? ` (tối đa ${(limit / (1024 * 1024)).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} MB mỗi lần gửi)` : '';
  const first = `Dữ liệu gửi lên quá lớn${size} nên chưa được lưu.`;
  if (method !== 'POST') return first;
  // sheet.js keeps what is typed in localStorage as the user types, so nothing is lost by this refusal.
  return `${first} Những gì bạn đã nhập vẫn được giữ trong bản nháp trên trình duyệt này: hãy quay lại biểu mẫu, khôi phục bản nháp, rút gọn phần nội dung dài (hoặc đính kèm thành tệp minh chứng) rồi gửi lại.`;
}

/**
 * Where "Quay lại biểu mẫu" leads: the page the form was on (a Referer of this same site), else the
 * nearest page of the posted path (…/scores/5/review → …/scores/5), else home. Only a path is kept,
 * so the link can never lead to another site.
 */
function backToForm(req: Request): string {
  const referer = req.get('Referer');
  if (referer) {
    try {
      const u = new URL(referer);
      if (u.host === req.get('host') && u.protocol === `${req.protocol}:` && !u.pathname.startsWith('//')) return u.pathname + u.search;
    } catch {
      // not a URL: fall back to the posted path
    }
  }
  let path: string;
  try {
    path = new URL(req.originalUrl, 'http://localhost').pathname;
  } catch {
    return '/';
  }
  for (let p = path.replace(/\/+$/, ''); p && p !== '/' && !p.startsWith('//'); p = p.slice(0, p.lastIndexOf('/'))) {
    if (routeMethods(req.app as Express, p).has('GET')) return p;
  }
  return '/';
}

export function errorHandler(log: (msg: string) => void): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const errorId = randomBytes(4).toString('hex').toUpperCase();
    let status = 500;
    let message = 'Đã có lỗi xảy ra phía máy chủ. Vui lòng thử lại sau.';
    let fieldErrors: Record<string, string> = {};
    if (err instanceof AppError) {
      status = err.status;
      message = err.message;
      fieldErrors = err.fieldErrors;
      if (err instanceof MethodNotAllowedError) res.set('Allow', err.allow.join(', '));
    } else if (databaseUnavailable(err)) {
      status = 503;
      message = 'Hệ thống tạm thời không truy cập được cơ sở dữ liệu. Dữ liệu bạn vừa gửi chưa được lưu; vui lòng thử lại sau ít phút.';
      if (!res.headersSent) res.set('Retry-After', String(retryAfterSeconds(err)));
    } else if (err instanceof ZodError) {
      status = 422;
      message = 'Dữ liệu nhập chưa hợp lệ.';
      fieldErrors = zodFieldErrors(err);
    } else if (err && typeof err === 'object' && 'code' in err && (err as { code: string }).code === 'EBADCSRFTOKEN') {
      status = 403;
      message =
        'Phiên làm việc của biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng tải lại trang và thử lại. Nếu bạn đang nhập bảng điểm, dữ liệu vừa nhập vẫn được giữ tạm trên trình duyệt này: hãy đăng nhập lại và mở lại bảng điểm để khôi phục.';
    } else if (bodyTooLarge(err)) {
      status = 413;
      message = tooLargeMessage(req.method, (err as { limit?: unknown }).limit);
    } else if (err && typeof err === 'object' && 'status' in err && typeof (err as { status: unknown }).status === 'number' && (err as { status: number }).status < 500) {
      status = (err as { status: number }).status;
      message = 'Yêu cầu không hợp lệ.';
    }
    if (status >= 500) log(`[${errorId}] ${req.method} ${req.originalUrl}: ${(err as Error)?.stack ?? String(err)}`);
    if (res.headersSent) return;
    res.status(status);
    const view = status === 403 ? 'errors/403' : status === 404 ? 'errors/404' : status === 413 ? 'errors/413' : status === 503 ? 'errors/503' : status >= 500 ? 'errors/500' : 'errors/error';
    if (req.accepts(['html', 'json']) === 'json') {
      res.json({ error: message, errorId, fieldErrors });
      return;
    }
    res.locals.user ??= req.user;
    res.locals.currentPath ??= req.path;
    const backUrl = status === 413 ? backToForm(req) : undefined;
    res.render(view, { title: titleFor(status), message, errorId, fieldErrors, status, backUrl }, (renderErr, html) => {
      if (renderErr) {
        log(`[${errorId}] rendering ${view} failed: ${renderErr.stack ?? renderErr}`);
        res.type('text/plain; charset=utf-8').send(`${message} (Mã lỗi: ${errorId})`);
        return;
      }
      res.send(html);
    });
  };
}

function titleFor(status: number): string {
  if (status === 403) return 'Không có quyền truy cập';
  if (status === 404) return 'Không tìm thấy';
  if (status === 405) return 'Thao tác không được hỗ trợ';
  if (status === 413) return 'Dữ liệu gửi lên quá lớn';
  if (status === 503) return 'Tạm thời gián đoạn';
  if (status >= 500) return 'Lỗi hệ thống';
  return 'Yêu cầu không hợp lệ';
}
