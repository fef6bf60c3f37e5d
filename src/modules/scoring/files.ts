// Evidence files: type checked by extension, declared type AND the file's first bytes; stored under
// a random name outside the web root; served only through the permission-checked download route.
import fs from 'node:fs/promises';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { AppError } from '../../http/errors';

type Kind = { ext: string[]; mime: string[]; magic: (b: Buffer) => boolean };

const starts = (b: Buffer, bytes: number[]) => bytes.every((x, i) => b[i] === x);
const ZIP = (b: Buffer) => starts(b, [0x50, 0x4b, 0x03, 0x04]);
const OLE = (b: Buffer) => starts(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

const KINDS: Kind[] = [
  { ext: ['.pdf'], mime: ['application/pdf'], magic: (b) => starts(b, [0x25, 0x50, 0x44, 0x46]) },
  { ext: ['.png'], mime: ['image/png'], magic: (b) => starts(b, [0x89, 0x50, 0x4e, 0x47]) },
  { ext: ['.jpg', '.jpeg'], mime: ['image/jpeg'], magic: (b) => starts(b, [0xff, 0xd8, 0xff]) },
  { ext: ['.docx'], mime: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'], magic: ZIP },
  { ext: ['.xlsx'], mime: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'], magic: ZIP },
  { ext: ['.pptx'], mime: ['application/vnd.openxmlformats-officedocument.presentationml.presentation'], magic: ZIP },
  { ext: ['.doc'], mime: ['application/msword'], magic: OLE },
  { ext: ['.xls'], mime: ['application/vnd.ms-excel'], magic: OLE },
  { ext: ['.ppt'], mime: ['application/vnd.ms-powerpoint'], magic: OLE },
];

export const ALLOWED_TYPES_TEXT = 'PDF, ảnh JPG/PNG, tài liệu Word, Excel, PowerPoint';
export const ACCEPT_ATTR = KINDS.flatMap((k) => k.ext).join(',');

/** The stored MIME type for an upload, or a 415 error in Vietnamese. */
export function checkEvidenceType(originalName: string, declaredMime: string, head: Buffer): string {
  const ext = path.extname(originalName).toLowerCase();
  const kind = KINDS.find((k) => k.ext.includes(ext));
  // Browsers send application/octet-stream for some Office files; the content decides then.
  const mimeOk = kind && (kind.mime.includes(declaredMime) || declaredMime === 'application/octet-stream');
  if (!kind || !mimeOk || !kind.magic(head)) {
    throw new AppError(415, `Tệp "${originalName}" không đúng định dạng cho phép (${ALLOWED_TYPES_TEXT}).`);
  }
  return kind.mime[0];
}

export function cleanFileName(name: string): string {
  const base = path.basename(name).replace(/[\u0000-\u001f\u007f"\\/<>:|?*]/g, '_').trim();
  return (base || 'tep-minh-chung').slice(0, 200);
}

export async function storeEvidence(dir: string, data: Buffer): Promise<{ storedName: string; sha256: string }> {
  await fs.mkdir(dir, { recursive: true });
  const storedName = randomBytes(16).toString('hex');
  await fs.writeFile(path.join(dir, storedName), data, { flag: 'wx', mode: 0o640 });
  return { storedName, sha256: createHash('sha256').update(data).digest('hex') };
}

export function storedPath(dir: string, storedName: string): string {
  if (!/^[0-9a-f]{32}$/.test(storedName)) throw new AppError(404, 'Không tìm thấy tệp.');
  return path.join(dir, storedName);
}

export async function removeStored(dir: string, storedName: string): Promise<void> {
  await fs.rm(storedPath(dir, storedName), { force: true });
}

/** A value for RFC 5987's ext-value: encodeURIComponent leaves ' ( ) * as they are, which it does not allow. */
export function rfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Content-Disposition with the original (Vietnamese) name, RFC 6266/5987. */
export function contentDisposition(name: string): string {
  const ascii = name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${rfc5987(name)}`;
}
