// The year's phase as a write sees it. loadYear reads the phase when the request starts; a close,
// a freeze or a phase move may commit before the write does. So every write of a bloc-year first
// takes the year's row inside its own transaction (an UPDATE: PostgreSQL holds the row lock until
// commit, SQLite serialises writers) and judges its phase rule on the state read after that lock.
// Whatever changes the phase takes the same row, so the two cannot interleave: the write either
// lands before the change or sees the new phase and is refused with a 409, nothing written.
import type { Tx } from '../../db/client';
import type { Phase } from '../../domain/enums';
import type { YearState } from '../../domain/phases';
import { ConflictError } from '../../http/errors';
import type { YearContext } from './context';

export const YEAR_CONFLICT = 'Dữ liệu năm thi đua vừa được người khác cập nhật. Vui lòng tải lại trang.';

/** The year as it stands inside the write's transaction. */
export type LockedYear = YearState & { yearEndFrozen: boolean };

/** The phases a write is allowed in, or a rule over the whole locked state. */
export type PhaseRule = readonly Phase[] | ((s: LockedYear) => boolean);

/**
 * Locks the year's row for the rest of the transaction and returns its current state; 409 with
 * `message` unless `allowed` holds for it. Call it first in the transaction, before touching any
 * other row of the year, so every writer takes the locks in the same order. `bumpVersion` also
 * invalidates forms loaded before (the conference's writes); otherwise the version is left alone,
 * so a member saving its sheet does not make the head's open set-up form stale.
 */
export async function lockYearIn(tx: Tx, y: YearContext, allowed?: PhaseRule, message = YEAR_CONFLICT, opts: { bumpVersion?: boolean } = {}): Promise<LockedYear> {
  const id = y.blocYear.id;
  await lockYearRow(tx, id, opts.bumpVersion);
  const row = await tx.blocYear.findUniqueOrThrow({ where: { id }, select: { phase: true, reviews: { select: { kind: true, frozenAt: true } } } });
  const frozen = (kind: string) => row.reviews.some((r) => r.kind === kind && r.frozenAt !== null);
  const state: LockedYear = { phase: row.phase as Phase, midYearFrozen: frozen('MID_YEAR'), yearEndFrozen: frozen('YEAR_END') };
  const ok = allowed === undefined ? true : typeof allowed === 'function' ? allowed(state) : allowed.includes(state.phase);
  if (!ok) throw new ConflictError(message);
  return state;
}

/** The lock alone, for helpers that know only the year's id (document numbers). */
export async function lockYearRow(tx: Tx, blocYearId: number, bumpVersion = false): Promise<void> {
  await tx.blocYear.updateMany({ where: { id: blocYearId }, data: bumpVersion ? { version: { increment: 1 } } : { updatedAt: new Date() } });
}

/** Any phase but CLOSED: a closed year is read-only until the board reopens it. */
export const OPEN_YEAR: PhaseRule = (s) => s.phase !== 'CLOSED';
export const CLOSED_YEAR = 'Năm thi đua đã khóa sổ: không thể thay đổi dữ liệu.';
