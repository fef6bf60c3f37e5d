// Parse request input with zod; on failure a ValidationError (422) with per-field messages.
import { z } from 'zod';
import { ValidationError, zodFieldErrors } from './errors';

/** The largest value of the databases' integer columns (32-bit): ids, versions, counts. */
export const INT_MAX = 2_147_483_647;

export const DUPLICATE_FIELD = 'Trường này chỉ nhận một giá trị nhưng biểu mẫu gửi lên nhiều giá trị. Vui lòng tải lại trang và nhập lại.';

/** True when the field's schema takes several values (an idList or another array behind a preprocess). */
function takesList(s: z.ZodType): boolean {
  const def = s.def as { type: string; in?: z.ZodType; out?: z.ZodType; innerType?: z.ZodType };
  if (def.type === 'array') return true;
  if (def.type === 'pipe') return takesList(def.in!) || takesList(def.out!);
  return def.innerType ? takesList(def.innerType) : false;
}

function shapeOf(s: z.ZodType): Record<string, z.ZodType> | null {
  if (s instanceof z.ZodObject) return s.shape as Record<string, z.ZodType>;
  const def = s.def as { type: string; in?: z.ZodType };
  return def.type === 'pipe' && def.in ? shapeOf(def.in) : null;
}

/**
 * Fields sent several times where one value is expected (`score_70=8&score_70=9`): the form
 * parser makes them a list, which a single-value field would otherwise read as empty or as one of
 * the values at random. With a schema, only its own single-value fields are checked (lists and
 * fields it ignores may repeat); without, every field of the input must be single.
 */
export function duplicateFields(input: unknown, schema?: z.ZodType): Record<string, string> {
  const out: Record<string, string> = {};
  if (!input || typeof input !== 'object') return out;
  const shape = schema ? shapeOf(schema) : null;
  if (schema && !shape) return out;
  for (const [key, value] of Object.entries(input)) {
    if (!Array.isArray(value)) continue;
    if (shape && (!Object.hasOwn(shape, key) || takesList(shape[key]))) continue;
    out[key] = DUPLICATE_FIELD;
  }
  return out;
}

const hasAny = (o: object) => Object.keys(o).length > 0;

export function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const dup = duplicateFields(input, schema);
  if (hasAny(dup)) throw new ValidationError(dup);
  const r = schema.safeParse(input);
  if (!r.success) throw new ValidationError(zodFieldErrors(r.error));
  return r.data;
}

/** For form handlers that re-render on error: returns the data or the field errors. */
export function check<S extends z.ZodType>(schema: S, input: unknown): { ok: true; data: z.infer<S> } | { ok: false; errors: Record<string, string> } {
  const dup = duplicateFields(input, schema);
  if (hasAny(dup)) return { ok: false, errors: dup };
  const r = schema.safeParse(input);
  return r.success ? { ok: true, data: r.data } : { ok: false, errors: zodFieldErrors(r.error) };
}

// Form fields every module reads the same way; each carries the message shown next to the field.

/** A whole number from a form or a URL, bounded so it fits an integer column (no 500 on 1e21). */
export const intField = (msg: string, min = 0, max = INT_MAX) => z.coerce.number({ error: msg }).int(msg).min(min, msg).max(max, msg);

/** A database id from a path or a form: a positive 32-bit integer. */
export const idField = (msg: string) => intField(msg, 1);

/** Checkboxes sharing a name: absent, one value or several → a list of ids. */
export const idList = (msg: string) => z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(idField(msg)).max(100, msg));

/** An <input type="date"> value (YYYY-MM-DD) → noon UTC that day, so every time zone shows the same date. */
export const dayField = (msg: string) =>
  z
    .string({ error: msg })
    .regex(/^\d{4}-\d{2}-\d{2}$/, msg)
    .transform((s) => new Date(`${s}T12:00:00Z`))
    .refine((d) => !Number.isNaN(d.getTime()), msg);
