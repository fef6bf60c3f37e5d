// Typed errors mapped to statuses in one place. Every error shown to a user carries an id they
// can quote to support; unknown errors never show their message or stack.
import { randomBytes } from 'node:crypto';
import type { ErrorRequestHandler, RequestHandler } from 'express';
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
    } else if (err instanceof ZodError) {
      status = 422;
      message = 'Dữ liệu nhập chưa hợp lệ.';
      fieldErrors = zodFieldErrors(err);
    } else if (err && typeof err === 'object' && 'code' in err && (err as { code: string }).code === 'EBADCSRFTOKEN') {
      status = 403;
      message =
        'Phiên làm việc của biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng tải lại trang và thử lại. Nếu bạn đang nhập bảng điểm, dữ liệu vừa nhập vẫn được giữ tạm trên trình duyệt này: hãy đăng nhập lại và mở lại bảng điểm để khôi phục.';
    } else if (err && typeof err === 'object' && 'type' in err && (err as { type: string }).type === 'entity.too.large') {
      status = 413;
      message = 'Dữ liệu gửi lên quá lớn.';
    } else if (err && typeof err === 'object' && 'status' in err && typeof (err as { status: unknown }).status === 'number' && (err as { status: number }).status < 500) {
      status = (err as { status: number }).status;
      message = 'Yêu cầu không hợp lệ.';
    }
    if (status >= 500) log(`[${errorId}] ${req.method} ${req.originalUrl}: ${(err as Error)?.stack ?? String(err)}`);
    if (res.headersSent) return;
    res.status(status);
    const view = status === 403 ? 'errors/403' : status === 404 ? 'errors/404' : status >= 500 ? 'errors/500' : 'errors/error';
    if (req.accepts(['html', 'json']) === 'json') {
      res.json({ error: message, errorId, fieldErrors });
      return;
    }
    res.locals.user ??= req.user;
    res.locals.currentPath ??= req.path;
    res.render(view, { title: titleFor(status), message, errorId, fieldErrors, status }, (renderErr, html) => {
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
  if (status >= 500) return 'Lỗi hệ thống';
  return 'Yêu cầu không hợp lệ';
}
