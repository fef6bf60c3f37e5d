// Parse request input with zod; on failure a ValidationError (422) with per-field messages.
import { z } from 'zod';
import { ValidationError, zodFieldErrors } from './errors';

export function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw new ValidationError(zodFieldErrors(r.error));
  return r.data;
}

/** For form handlers that re-render on error: returns the data or the field errors. */
export function check<S extends z.ZodType>(schema: S, input: unknown): { ok: true; data: z.infer<S> } | { ok: false; errors: Record<string, string> } {
  const r = schema.safeParse(input);
  return r.success ? { ok: true, data: r.data } : { ok: false, errors: zodFieldErrors(r.error) };
}

// Form fields every module reads the same way; each carries the message shown next to the field.

/** A database id from a path or a form: a positive 32-bit integer. */
export const idField = (msg: string) => z.coerce.number({ error: msg }).int(msg).positive(msg).max(2_147_483_647, msg);

/** Checkboxes sharing a name: absent, one value or several → a list of ids. */
export const idList = (msg: string) => z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(idField(msg)).max(100, msg));

/** An <input type="date"> value (YYYY-MM-DD) → noon UTC that day, so every time zone shows the same date. */
export const dayField = (msg: string) =>
  z
    .string({ error: msg })
    .regex(/^\d{4}-\d{2}-\d{2}$/, msg)
    .transform((s) => new Date(`${s}T12:00:00Z`))
    .refine((d) => !Number.isNaN(d.getTime()), msg);
