// The import routes' inputs and limits.
import { z } from 'zod';
import { idField } from '../../http/validate';
import { intField } from '../../http/validate';

/** A file of at most 2 MB, at most 5.000 rows per sheet: a province has 100–300 units. */
export const MAX_IMPORT_MB = 2;
export const MAX_IMPORT_BYTES = MAX_IMPORT_MB * 1024 * 1024;
export const MAX_IMPORT_ROWS = 5000;
/** One workbook, or one CSV file per sheet. */
export const MAX_IMPORT_FILES = 3;
/** Rows listed per sheet on the preview (the errors are always listed in full). */
export const PREVIEW_ROWS = 200;

const optionalId = (msg: string) => z.preprocess((v) => (v === '' || v === undefined ? undefined : v), idField(msg).optional());

export const idParam = z.object({ id: idField('Mã lần nhập không hợp lệ.') });

/** GET /imports?provinceId=&page= */
export const importListQuery = z.object({
  provinceId: optionalId('Tỉnh không hợp lệ.'),
  page: intField('Số trang không hợp lệ.', 1, 100_000).default(1),
});

/** The upload form's fields beside the files. */
export const uploadFields = z.object({ provinceId: optionalId('Vui lòng chọn tỉnh.') });
