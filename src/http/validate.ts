// Parse request input with zod; on failure a ValidationError (422) with per-field messages.
import type { z } from 'zod';
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
